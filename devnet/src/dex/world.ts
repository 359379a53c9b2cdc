// The DEX world beside Aave: the real Uniswap V3 contracts, one pool per (collateral, borrowed
// asset) pair the simulation's accounts hold, each opened at the AaveOracle price, and LP
// accounts holding concentrated positions (±2%, ±10% and full range; tighter on stable pairs)
// whose depth is a seeded fraction of the Aave book, plus the liquidation bots' executors.
// Depth is planned from the accounts' own sizes before they arrive, so the same seed always
// gives the same pools. The deployment is a fixed transaction sequence, checked after mining.
import { encodeDeployData, encodeFunctionData, type Abi, type Hex } from 'viem';
import type { Miner } from '../core/chain.ts';
import { devnetContracts } from '../core/compile.ts';
import type { Deployment, DexDeployment, DexPool } from '../core/deploy.ts';
import type { Rng } from '../core/rng.ts';
import {
  TICK_SPACING,
  approve,
  createPool,
  deployUniswap,
  getPool,
  mintPosition,
  sortTokens,
  uniswapAbi,
} from './uniswap.ts';
import { approximateTick, oracleSqrtPriceX96, rangeAround } from './price-math.ts';
import { readOraclePrices, requireSuccess } from './oracle.ts';

/** Pool TVL / planned Aave supply of the pair's first asset, before the pair's weight. */
export const DEFAULT_DEX_DEPTH = 0.5;
/** No pool is thinner than this (USD). */
const MIN_POOL_USD = 20_000;

/**
 * The pairs: each collateral against the stablecoins and WETH borrowed against it, at the fee
 * tier such a pool has on mainnet (WETH/stable 0.05%, stable/stable 0.01%, volatile 0.3%, the
 * thin T-bill 1%). `weight` scales the depth: WETH/USDC is the deepest, TBILL/DAI the thinnest.
 */
export const DEX_PAIRS: { base: string; quote: string; fee: number; weight: number }[] = [
  { base: 'WETH', quote: 'USDC', fee: 500, weight: 1 },
  { base: 'WETH', quote: 'USDT', fee: 500, weight: 0.5 },
  { base: 'WETH', quote: 'DAI', fee: 500, weight: 0.3 },
  { base: 'wstETH', quote: 'WETH', fee: 500, weight: 0.6 },
  { base: 'wstETH', quote: 'USDC', fee: 3000, weight: 0.15 },
  { base: 'wstETH', quote: 'USDT', fee: 3000, weight: 0.08 },
  { base: 'wstETH', quote: 'DAI', fee: 3000, weight: 0.05 },
  { base: 'WBTC', quote: 'USDC', fee: 3000, weight: 0.5 },
  { base: 'WBTC', quote: 'USDT', fee: 3000, weight: 0.25 },
  { base: 'WBTC', quote: 'DAI', fee: 3000, weight: 0.08 },
  { base: 'WBTC', quote: 'WETH', fee: 3000, weight: 0.4 },
  { base: 'LINK', quote: 'WETH', fee: 3000, weight: 0.2 },
  { base: 'LINK', quote: 'USDC', fee: 3000, weight: 0.15 },
  { base: 'LINK', quote: 'USDT', fee: 3000, weight: 0.06 },
  { base: 'LINK', quote: 'DAI', fee: 3000, weight: 0.04 },
  { base: 'USDC', quote: 'USDT', fee: 100, weight: 0.3 },
  { base: 'USDC', quote: 'DAI', fee: 100, weight: 0.2 },
  { base: 'USDT', quote: 'DAI', fee: 100, weight: 0.15 },
  { base: 'TBILL', quote: 'USDC', fee: 10000, weight: 0.04 },
  { base: 'TBILL', quote: 'USDT', fee: 10000, weight: 0.02 },
  { base: 'TBILL', quote: 'DAI', fee: 10000, weight: 0.01 },
];

/** Position ranges of a pool (fractions around the price) and each one's share of its TVL. */
const RANGES: { volatile: (number | 'full')[]; stable: (number | 'full')[]; shares: number[] } = {
  volatile: [0.02, 0.1, 'full'],
  stable: [0.005, 0.02, 'full'],
  shares: [0.45, 0.35, 0.2],
};

export interface DexAccounts {
  arbitrageur: Hex;
  liquidityProviders: Hex[];
  /** Liquidation bots: each deploys and owns one DevnetLiquidator. */
  bots: Hex[];
}

/** A minted position, by NonfungiblePositionManager token id (1, 2, … in mint order). */
export interface LpPosition {
  tokenId: bigint;
  owner: Hex;
  pool: number;
  tickLower: number;
  tickUpper: number;
}

const tokenUnits = (tokens: number, decimals: number): bigint =>
  tokens > 0 && Number.isFinite(tokens)
    ? (BigInt(Math.floor(tokens * 1e6)) * 10n ** BigInt(decimals)) / 1_000_000n
    : 0n;

/** Whole tokens the arbitrageur is minted of each asset ("huge enough" for any pool here). */
export const ARBITRAGEUR_TOKENS = 10n ** 12n;

/**
 * Deploys Uniswap V3, the bots' executors, the pools and the LP positions (several blocks).
 * `bookUsd[i]`: planned Aave supply of reserve i in USD (the depth's reference).
 */
export async function deployDexWorld(
  miner: Miner,
  dep: Deployment,
  accounts: DexAccounts,
  opts: { rng: Rng; bookUsd: number[]; dexDepth?: number },
  nextTime: () => number,
): Promise<{ dex: DexDeployment; positions: LpPosition[] }> {
  const dexDepth = opts.dexDepth ?? DEFAULT_DEX_DEPTH;
  if (!(dexDepth > 0)) throw new Error(`dexDepth must be > 0 (got ${dexDepth})`);
  const rng = opts.rng;
  const sent: Hex[] = [];
  const mine = () => miner.mine(nextTime());
  const bySymbol = (s: string) => {
    const i = dep.tokens.findIndex((t) => t.symbol === s);
    if (i < 0) throw new Error(`DEX pair names unknown asset ${s}`);
    return i;
  };
  const weth = dep.tokens[bySymbol('WETH')].address;
  const assets = dep.tokens.map((t) => t.address);

  // 1. Contracts: factory, position manager, router, quoter; one executor per bot.
  const startBlock = Number(miner.blockNumber) + 1;
  const uni = await deployUniswap(miner, dep.deployer, weth);
  // The 0.01% tier is not in the factory's constructor: mainnet governance enabled it later.
  const enable = encodeFunctionData({
    abi: uniswapAbi('UniswapV3Factory'),
    functionName: 'enableFeeAmount',
    args: [100, 1],
  });
  sent.push(await miner.send({ from: dep.deployer, to: uni.factory, data: enable, gas: 100_000n }));
  const liq = devnetContracts().DevnetLiquidator;
  const liquidators: { owner: Hex; contract: Hex }[] = [];
  for (const owner of accounts.bots) {
    const contract = await miner.nextContractAddress(owner);
    const data = encodeDeployData({
      abi: liq.abi as Abi,
      bytecode: liq.bytecode,
      args: [dep.pool, uni.swapRouter, assets],
    });
    sent.push(await miner.send({ from: owner, data, gas: 3_000_000n }));
    liquidators.push({ owner, contract });
  }
  await mine();

  // 2. Pools at the oracle price.
  const prices = await readOraclePrices(miner, dep);
  const specs = DEX_PAIRS.map((p) => {
    const a = bySymbol(p.base);
    const b = bySymbol(p.quote);
    const [token0] = sortTokens(assets[a], assets[b]);
    const [i0, i1] = token0 === assets[a] ? [a, b] : [b, a];
    const sqrtPriceX96 = oracleSqrtPriceX96(
      prices[i0],
      dep.tokens[i0].decimals,
      prices[i1],
      dep.tokens[i1].decimals,
    );
    return { fee: p.fee, weight: p.weight, i0, i1, sqrtPriceX96, baseIndex: a };
  });
  for (const s of specs)
    sent.push(
      await createPool(miner, uni, dep.deployer, assets[s.i0], assets[s.i1], s.fee, s.sqrtPriceX96),
    );
  await mine();
  const pools: DexPool[] = [];
  for (const s of specs) {
    const address = await getPool(miner, uni, assets[s.i0], assets[s.i1], s.fee);
    if (/^0x0{40}$/.test(address)) throw new Error(`DEX: pool ${s.i0}/${s.i1} was not created`);
    pools.push({
      address,
      token0: assets[s.i0],
      token1: assets[s.i1],
      fee: s.fee,
      tickSpacing: TICK_SPACING[s.fee],
    });
  }

  // 3. Positions: seeded TVL per pool, split over three ranges, each held by a seeded LP.
  const usd = prices.map((p) => Number(p) / 1e8);
  const mints: {
    owner: Hex;
    pool: number;
    lower: number;
    upper: number;
    a0: bigint;
    a1: bigint;
  }[] = [];
  const need = new Map<string, bigint>(); // `${lp}:${asset}` → base units
  specs.forEach((s, k) => {
    const tvl = Math.max(
      MIN_POOL_USD,
      dexDepth * s.weight * opts.bookUsd[s.baseIndex] * rng.range(0.7, 1.3),
    );
    const stable = dep.tokens[s.i0].group === 'stable' && dep.tokens[s.i1].group === 'stable';
    const tick = approximateTick(s.sqrtPriceX96);
    (stable ? RANGES.stable : RANGES.volatile).forEach((range, r) => {
      const owner = rng.pick(accounts.liquidityProviders);
      const value = tvl * RANGES.shares[r] * rng.range(0.8, 1.2);
      // Half the value in each token (a symmetric range holds equal values), 3% spare.
      const a0 = tokenUnits((value / 2 / usd[s.i0]) * 1.03, dep.tokens[s.i0].decimals);
      const a1 = tokenUnits((value / 2 / usd[s.i1]) * 1.03, dep.tokens[s.i1].decimals);
      const [lower, upper] = rangeAround(tick, range, TICK_SPACING[s.fee]);
      mints.push({ owner, pool: k, lower, upper, a0, a1 });
      for (const [i, amount] of [
        [s.i0, a0],
        [s.i1, a1],
      ] as const)
        need.set(`${owner}:${i}`, (need.get(`${owner}:${i}`) ?? 0n) + amount);
    });
  });

  // 4. Funding (the faucet, "bought elsewhere") and approvals, then the mints.
  const faucet = devnetContracts().DevnetFaucet.abi as Abi;
  const fund: { token: Hex; to: Hex; amount: bigint }[] = [];
  for (const [key, amount] of need) {
    const [to, i] = key.split(':');
    fund.push({ token: assets[Number(i)], to: to as Hex, amount });
  }
  dep.tokens.forEach((t) =>
    fund.push({
      token: t.address,
      to: accounts.arbitrageur,
      amount: ARBITRAGEUR_TOKENS * 10n ** BigInt(t.decimals),
    }),
  );
  for (let s = 0; s < fund.length; s += 100) {
    const m = fund.slice(s, s + 100);
    const data = encodeFunctionData({
      abi: faucet,
      functionName: 'mintMany',
      args: [m.map((x) => x.token), m.map((x) => x.to), m.map((x) => x.amount)],
    });
    const gas = 60_000n * BigInt(m.length + 1);
    sent.push(await miner.send({ from: dep.deployer, to: dep.faucet, data, gas }));
  }
  for (const lp of accounts.liquidityProviders)
    for (const t of assets) sent.push(await approve(miner, lp, t, uni.positionManager));
  for (const t of assets) sent.push(await approve(miner, accounts.arbitrageur, t, uni.swapRouter));
  await mine();
  const deadline = BigInt(miner.lastTimestamp + 3650 * 86400);
  const positions: LpPosition[] = [];
  for (const m of mints) {
    const hash = await mintPosition(miner, uni, {
      from: m.owner,
      tokenA: pools[m.pool].token0,
      tokenB: pools[m.pool].token1,
      fee: pools[m.pool].fee,
      tickLower: m.lower,
      tickUpper: m.upper,
      amountA: m.a0,
      amountB: m.a1,
      deadline,
    });
    sent.push(hash);
    positions.push({
      tokenId: BigInt(positions.length + 1),
      owner: m.owner,
      pool: m.pool,
      tickLower: m.lower,
      tickUpper: m.upper,
    });
  }
  await mine();
  await requireSuccess(miner, sent, 'DEX deployment');
  return {
    dex: {
      ...uni,
      startBlock,
      pools,
      dexDepth,
      arbitrageur: accounts.arbitrageur,
      liquidityProviders: accounts.liquidityProviders,
      liquidators,
    },
    positions,
  };
}

/** The pools of a pair (either order), as indexes into `dex.pools`, in deployment order. */
export function poolsOf(dex: DexDeployment, tokenA: Hex, tokenB: Hex): number[] {
  const [t0, t1] = sortTokens(tokenA, tokenB).map((t) => t.toLowerCase());
  const out: number[] = [];
  dex.pools.forEach((p, k) => {
    if (p.token0.toLowerCase() === t0 && p.token1.toLowerCase() === t1) out.push(k);
  });
  return out;
}
