// The market as a bot reads it from the chain: AaveOracle prices, each reserve's risk
// parameters (the Pool's configuration bitmap), e-mode bonuses, available liquidity; and
// setOraclePrices, which publishes prices on the devnet's Chainlink-style feeds the way the
// simulation's transmitter does (one block, nothing else in it).
import { decodeFunctionResult, encodeFunctionData, type Abi, type Hex } from 'viem';
import { aaveAbi } from '../core/artifacts.ts';
import type { Miner } from '../core/chain.ts';
import { devnetContracts } from '../core/compile.ts';
import type { Deployment } from '../core/deploy.ts';
import type { RuleReserve } from './liquidation-rule.ts';

const POOL = aaveAbi('Pool');
const ORACLE = aaveAbi('AaveOracle');
const ERC20 = aaveAbi('MintableERC20');

export async function readContract<T>(
  miner: Miner,
  to: Hex,
  abi: Abi,
  functionName: string,
  args: unknown[] = [],
): Promise<T> {
  const data = await miner.call(
    to,
    encodeFunctionData({ abi, functionName, args } as never),
    'latest',
  );
  return decodeFunctionResult({ abi, functionName, data } as never) as T;
}

/** AaveOracle.getAssetsPrices of every reserve, in deployment order (8-decimal USD). */
export async function readOraclePrices(miner: Miner, dep: Deployment): Promise<bigint[]> {
  const assets = dep.tokens.map((t) => t.address);
  return [
    ...(await readContract<readonly bigint[]>(miner, dep.aaveOracle, ORACLE, 'getAssetsPrices', [
      assets,
    ])),
  ];
}

const bits = (word: bigint, from: number, width: number) =>
  Number((word >> BigInt(from)) & ((1n << BigInt(width)) - 1n));

/** Reserve parameters, prices and liquidity for an account in e-mode `eMode` (0 = none). */
export async function readRuleReserves(
  miner: Miner,
  dep: Deployment,
  eModes: number[] = [0],
): Promise<Map<number, RuleReserve[]>> {
  const prices = await readOraclePrices(miner, dep);
  const configs: bigint[] = [];
  const liquidity: bigint[] = [];
  for (const t of dep.tokens) {
    const cfg = await readContract<{ data: bigint }>(miner, dep.pool, POOL, 'getConfiguration', [
      t.address,
    ]);
    configs.push(cfg.data);
    liquidity.push(await readContract<bigint>(miner, t.address, ERC20, 'balanceOf', [t.aToken]));
  }
  const out = new Map<number, RuleReserve[]>();
  for (const eMode of new Set(eModes)) {
    let eModeBonus = 0;
    if (eMode) {
      const c = await readContract<{ liquidationBonus: number }>(
        miner,
        dep.pool,
        POOL,
        'getEModeCategoryData',
        [eMode],
      );
      eModeBonus = Number(c.liquidationBonus);
    }
    out.set(
      eMode,
      dep.tokens.map((t, i) => ({
        asset: t.address,
        decimals: t.decimals,
        price: prices[i],
        liquidationThreshold: bits(configs[i], 16, 16),
        liquidationBonus:
          eMode && bits(configs[i], 168, 8) === eMode ? eModeBonus : bits(configs[i], 32, 16),
        liquidationProtocolFee: bits(configs[i], 152, 16),
        availableLiquidity: liquidity[i],
      })),
    );
  }
  return out;
}

/**
 * Publishes prices (8-decimal USD, by asset symbol) on the devnet's feeds from the oracle
 * transmitter and mines them in one block; returns its number. A running simulation keeps its
 * own copy of the feed prices: re-read them afterwards (`sim.resyncAll()`), or use
 * `Devnet.setPrices`, which goes through the simulation.
 */
export async function setOraclePrices(
  miner: Miner,
  dep: Deployment,
  prices: Record<string, bigint | number>,
): Promise<bigint> {
  const agg = devnetContracts().DevnetAggregator.abi as Abi;
  for (const [symbol, price] of Object.entries(prices)) {
    const t = dep.tokens.find((x) => x.symbol.toLowerCase() === symbol.toLowerCase());
    if (!t) throw new Error(`setOraclePrices: unknown asset '${symbol}'`);
    const answer = BigInt(price);
    if (answer <= 0n) throw new Error(`setOraclePrices: ${symbol} must be > 0 (got ${price})`);
    const data = encodeFunctionData({ abi: agg, functionName: 'transmit', args: [answer] });
    await miner.send({ from: dep.oracleTransmitter, to: t.aggregator, data, gas: 150_000n });
  }
  const { number, txs } = await miner.mine(miner.lastTimestamp + 12);
  await requireSuccess(miner, txs, 'setOraclePrices');
  return number;
}

/** Throws if any of these transactions reverted. */
export async function requireSuccess(miner: Miner, txs: Hex[], what: string): Promise<void> {
  for (const hash of txs) {
    const r = (await miner.provider.request({
      method: 'eth_getTransactionReceipt',
      params: [hash],
    })) as { status: Hex } | null;
    if (r?.status !== '0x1') throw new Error(`${what}: transaction ${hash} reverted`);
  }
}
