// runLiquidationBot: a searcher that follows the liquidation rule (liquidation-rule.ts) on the
// live chain. It finds the accounts below HF 1, quotes each one's collateral on its pair's
// Uniswap pools with QuoterV2, and liquidates the profitable ones one at a time through its
// DevnetLiquidator (Pool.liquidationCall, then the sale on the chosen pool, atomically), each in
// its own block so every decision sees the chain as the previous liquidation left it. Passes
// repeat until one liquidates nothing; that pass's accounts are the ones skipped.
import { decodeEventLog, encodeFunctionData, maxUint256, type Abi, type Hex } from 'viem';
import { aaveAbi } from '../core/artifacts.ts';
import type { Miner } from '../core/chain.ts';
import { devnetContracts } from '../core/compile.ts';
import type { Deployment, DexDeployment } from '../core/deploy.ts';
import { LENS_CHUNK } from '../core/truth.ts';
import { requireDex } from './arbitrage.ts';
import {
  decide,
  orderCandidates,
  type LiquidationChoice,
  type Quote,
  type RulePosition,
  type RuleReserve,
} from './liquidation-rule.ts';
import { readContract, readRuleReserves } from './oracle.ts';
import { poolsOf } from './world.ts';

const POOL = aaveAbi('Pool');
const ERC20 = aaveAbi('MintableERC20');
const LIQUIDATOR = () => devnetContracts().DevnetLiquidator.abi as Abi;
const LENS = () => devnetContracts().DevnetLens.abi as Abi;
// keccak256("Transfer(address,address,uint256)")
const TRANSFER_TOPIC = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';

/**
 * The most a sale of `amountIn` can bring on a pool at `sqrtPriceX96`: the spot price, less the
 * fee, plus one unit (a sale only moves the price against the seller; rounding favours the pool).
 */
export function spotQuoteBound(
  sqrtPriceX96: bigint,
  fee: number,
  zeroForOne: boolean,
  amountIn: bigint,
): bigint {
  const afterFee = (amountIn * BigInt(1_000_000 - fee)) / 1_000_000n;
  const priceX192 = sqrtPriceX96 * sqrtPriceX96;
  return (zeroForOne ? (afterFee * priceX192) >> 192n : (afterFee << 192n) / priceX192) + 1n;
}

/** The venue of the rule: the pools of a (collateral, debt) pair and QuoterV2 on them. */
export function quoterVenue(
  miner: Miner,
  dex: DexDeployment,
  reserves: RuleReserve[],
  /** DevnetLens, which batches QuoterV2 quotes into one eth_call. */
  lens: Hex,
) {
  const pools = (c: number, d: number) => poolsOf(dex, reserves[c].asset, reserves[d].asset);
  return {
    pools,
    poolCount: (c: number, d: number) => pools(c, d).length,
    quote:
      (c: number, d: number): Quote =>
      async (k, amounts) => {
        const pool = dex.pools[pools(c, d)[k]];
        const out = await readContract<readonly bigint[]>(miner, lens, LENS(), 'quotes', [
          dex.quoter,
          reserves[c].asset,
          reserves[d].asset,
          pool.fee,
          amounts,
        ]);
        // QuoterV2 refuses a sale that would run through the pool's whole price range.
        return out.map((x) => (x === maxUint256 ? null : x));
      },
    /** spotQuoteBound at these pool prices (by index into dex.pools). */
    bound:
      (sqrtPrices: readonly bigint[]) =>
      (c: number, d: number) =>
      (k: number, amountIn: bigint): bigint => {
        const index = pools(c, d)[k];
        const pool = dex.pools[index];
        const zeroForOne = pool.token0.toLowerCase() === reserves[c].asset.toLowerCase();
        return spotQuoteBound(sqrtPrices[index], pool.fee, zeroForOne, amountIn);
      },
  };
}

/** Pool.getUserAccountData of these accounts (DevnetLens, in chunks). */
export interface AccountData {
  user: Hex;
  totalCollateralBase: bigint;
  totalDebtBase: bigint;
  healthFactor: bigint;
}

export async function accountData(
  miner: Miner,
  dep: Deployment,
  users: Hex[],
): Promise<AccountData[]> {
  const out: AccountData[] = [];
  for (let s = 0; s < users.length; s += LENS_CHUNK) {
    const chunk = users.slice(s, s + LENS_CHUNK);
    const words = await readContract<readonly bigint[]>(miner, dep.lens, LENS(), 'accountData', [
      dep.pool,
      chunk,
    ]);
    chunk.forEach((user, k) =>
      out.push({
        user,
        totalCollateralBase: words[k * 6],
        totalDebtBase: words[k * 6 + 1],
        healthFactor: words[k * 6 + 5],
      }),
    );
  }
  return out;
}

/** Every account that ever received a variable or stable debt token (from Transfer logs). */
export async function discoverBorrowers(miner: Miner, dep: Deployment): Promise<Hex[]> {
  const logs = (await miner.provider.request({
    method: 'eth_getLogs',
    params: [
      {
        fromBlock: `0x${dep.startBlock.toString(16)}`,
        toBlock: 'latest',
        address: dep.tokens.flatMap((t) => [t.variableDebtToken, t.stableDebtToken]),
        topics: [TRANSFER_TOPIC],
      },
    ],
  })) as { topics: Hex[] }[];
  const seen = new Set<string>();
  for (const l of logs) {
    const to = `0x${l.topics[2].slice(26)}`;
    if (!/^0x0{40}$/.test(to)) seen.add(to);
  }
  return [...seen].sort() as Hex[];
}

/** An account's balances as the rule reads them (aToken and debt-token balanceOf now). */
export async function readPosition(
  miner: Miner,
  dep: Deployment,
  a: AccountData,
): Promise<{ position: RulePosition; eMode: number }> {
  const config = (
    await readContract<{ data: bigint }>(miner, dep.pool, POOL, 'getUserConfiguration', [a.user])
  ).data;
  const eMode = Number(await readContract<bigint>(miner, dep.pool, POOL, 'getUserEMode', [a.user]));
  const collateral: bigint[] = [];
  const debt: bigint[] = [];
  const collateralEnabled: boolean[] = [];
  for (const [i, t] of dep.tokens.entries()) {
    const bal = (token: Hex) => readContract<bigint>(miner, token, ERC20, 'balanceOf', [a.user]);
    collateralEnabled.push(((config >> BigInt(2 * i + 1)) & 1n) === 1n);
    collateral.push(await bal(t.aToken));
    const borrowing = ((config >> BigInt(2 * i)) & 1n) === 1n;
    debt.push(borrowing ? (await bal(t.variableDebtToken)) + (await bal(t.stableDebtToken)) : 0n);
  }
  return { position: { ...a, collateral, collateralEnabled, debt }, eMode };
}

export interface LiquidationRecord {
  user: Hex;
  collateral: Hex;
  debt: Hex;
  /** The pool the collateral was sold on. */
  pool: Hex;
  ladderStep: number;
  debtToCover: bigint;
  /** From the executor's Liquidated event. */
  debtRepaid: bigint;
  collateralSold: bigint;
  proceeds: bigint;
  /** QuoterV2's answer when the decision was made. */
  quotedProceeds: bigint;
  block: bigint;
}

export interface SkippedAccount {
  user: Hex;
  reason: 'unprofitable' | 'no-pool';
  collateral: Hex | null;
  debt: Hex | null;
  healthFactor: bigint;
}

export interface LiquidationBotResult {
  passes: number;
  liquidations: LiquidationRecord[];
  /** The accounts of the last pass (still below HF 1), none of them worth liquidating. */
  skipped: SkippedAccount[];
}

/** The calldata of DevnetLiquidator.liquidate for a choice. */
export function liquidateCall(
  dex: DexDeployment,
  user: Hex,
  reserves: RuleReserve[],
  c: LiquidationChoice,
  pool: number,
): Hex {
  return encodeFunctionData({
    abi: LIQUIDATOR(),
    functionName: 'liquidate',
    args: [
      reserves[c.collateral].asset,
      reserves[c.debt].asset,
      user,
      c.debtToCover,
      dex.pools[pool].fee,
    ],
  });
}

/**
 * Liquidates, by the rule, every account below HF 1 that is profitable to liquidate, until a
 * pass liquidates nothing. `accounts` defaults to every account that ever borrowed; `bot`
 * picks the executor (index into dex.liquidators). The executor is topped up with the debt
 * asset whenever it holds less than the debt to cover.
 */
export async function runLiquidationBot(
  miner: Miner,
  dep: Deployment,
  opts: { gasCostUsd?: number; accounts?: Hex[]; bot?: number; maxPasses?: number } = {},
): Promise<LiquidationBotResult> {
  const dex = requireDex(dep);
  const gasCostUsd = opts.gasCostUsd ?? 20;
  const executor = dex.liquidators[opts.bot ?? 0];
  if (!executor) throw new Error(`runLiquidationBot: no executor ${opts.bot}`);
  const users = opts.accounts ?? (await discoverBorrowers(miner, dep));
  const liquidations: LiquidationRecord[] = [];
  let skipped: SkippedAccount[] = [];
  let passes = 0;
  for (; passes < (opts.maxPasses ?? 50);) {
    passes++;
    skipped = [];
    const candidates = orderCandidates(await accountData(miner, dep, users));
    let liquidated = 0;
    for (const c of candidates) {
      const now = (await accountData(miner, dep, [c.user]))[0];
      if (!orderCandidates([now]).length) continue; // an earlier liquidation changed it
      const { position, eMode } = await readPosition(miner, dep, now);
      const reserves = (await readRuleReserves(miner, dep, [eMode])).get(eMode)!;
      const venue = quoterVenue(miner, dex, reserves, dep.lens);
      const outcome = await decide(position, reserves, venue.poolCount, venue.quote, gasCostUsd);
      if (outcome.kind !== 'liquidate') {
        skipped.push({
          user: c.user,
          reason: outcome.kind === 'no-pool' ? 'no-pool' : 'unprofitable',
          collateral: outcome.collateral === undefined ? null : reserves[outcome.collateral].asset,
          debt: outcome.debt === undefined ? null : reserves[outcome.debt].asset,
          healthFactor: now.healthFactor,
        });
        continue;
      }
      const choice = outcome.choice;
      const pool = venue.pools(choice.collateral, choice.debt)[choice.pool];
      liquidations.push(await execute(miner, dep, executor, c.user, reserves, choice, pool));
      liquidated++;
    }
    if (liquidated === 0) break;
  }
  return { passes, liquidations, skipped };
}

async function execute(
  miner: Miner,
  dep: Deployment,
  executor: { owner: Hex; contract: Hex },
  user: Hex,
  reserves: RuleReserve[],
  choice: LiquidationChoice,
  pool: number,
): Promise<LiquidationRecord> {
  const dex = requireDex(dep);
  const debtAsset = reserves[choice.debt].asset;
  const held = await readContract<bigint>(miner, debtAsset, ERC20, 'balanceOf', [
    executor.contract,
  ]);
  if (held < choice.debtToCover) {
    const amount = choice.debtToCover * 2n + 10n ** BigInt(reserves[choice.debt].decimals + 9);
    const data = encodeFunctionData({
      abi: ERC20,
      functionName: 'mint',
      args: [executor.contract, amount],
    });
    await miner.send({ from: executor.owner, to: debtAsset, data, gas: 100_000n });
  }
  const hash = await miner.send({
    from: executor.owner,
    to: executor.contract,
    data: liquidateCall(dex, user, reserves, choice, pool),
    gas: 2_500_000n,
  });
  const { number } = await miner.mine(miner.lastTimestamp + 12);
  const receipt = (await miner.provider.request({
    method: 'eth_getTransactionReceipt',
    params: [hash],
  })) as { status: Hex; logs: { address: Hex; topics: Hex[]; data: Hex }[] };
  if (receipt.status !== '0x1')
    throw new Error(`runLiquidationBot: liquidation of ${user} reverted (${hash})`);
  const log = receipt.logs.find((l) => l.address.toLowerCase() === executor.contract.toLowerCase());
  const ev = decodeEventLog({ abi: LIQUIDATOR(), data: log!.data, topics: log!.topics as never })
    .args as unknown as { debtRepaid: bigint; collateralSold: bigint; proceeds: bigint };
  return {
    user,
    collateral: reserves[choice.collateral].asset,
    debt: debtAsset,
    pool: dex.pools[pool].address,
    ladderStep: choice.ladderStep,
    debtToCover: choice.debtToCover,
    debtRepaid: ev.debtRepaid,
    collateralSold: ev.collateralSold,
    proceeds: ev.proceeds,
    quotedProceeds: choice.quotedProceeds,
    block: number,
  };
}
