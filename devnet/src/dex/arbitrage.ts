// Arbitrage to the oracle: for each pool whose price is off the AaveOracle target by more than
// a threshold, one SwapRouter.exactInputSingle with a huge amountIn and sqrtPriceLimitX96 = the
// target, so the swap stops exactly there (the pool pulls only what it needed). All of one
// pass's swaps go in a single SwapRouter.multicall from the arbitrageur.
import { encodeFunctionData, type Hex } from 'viem';
import { aaveAbi } from '../core/artifacts.ts';
import type { Miner, TxRequest } from '../core/chain.ts';
import type { Deployment, DexDeployment } from '../core/deploy.ts';
import { oracleSqrtPriceX96 } from './price-math.ts';
import { readContract, readOraclePrices, requireSuccess } from './oracle.ts';
import { uniswapAbi } from './uniswap.ts';
import { ARBITRAGEUR_TOKENS } from './world.ts';

const ROUTER = uniswapAbi('SwapRouter');
const POOL = uniswapAbi('UniswapV3Pool');
const ERC20 = aaveAbi('MintableERC20');
/** The amountIn of every arbitrage swap, in whole tokens: more than any pool here can take. */
const ARBITRAGE_AMOUNT_IN = ARBITRAGEUR_TOKENS / 10n;

export interface ArbitrageSwap {
  pool: number;
  /** Selling token0 (the pool's price is above the target). */
  zeroForOne: boolean;
  sqrtPriceX96Before: bigint;
  targetX96: bigint;
}

/** Oracle target sqrtPriceX96 of every pool, from AaveOracle prices (deployment order). */
export function poolTargets(dep: Deployment, prices: readonly bigint[]): bigint[] {
  const dex = requireDex(dep);
  const index = (t: Hex) =>
    dep.tokens.findIndex((x) => x.address.toLowerCase() === t.toLowerCase());
  return dex.pools.map((p) => {
    const i0 = index(p.token0);
    const i1 = index(p.token1);
    return oracleSqrtPriceX96(
      prices[i0],
      dep.tokens[i0].decimals,
      prices[i1],
      dep.tokens[i1].decimals,
    );
  });
}

/** The pool's price differs from the target's by more than `bps` (exactly, no rounding). */
export function offBy(sqrtPriceX96: bigint, targetX96: bigint, bps: number): boolean {
  const p = sqrtPriceX96 * sqrtPriceX96;
  const t = targetX96 * targetX96;
  return (p > t ? p - t : t - p) * 10_000n > BigInt(bps) * t;
}

/**
 * Swaps that bring every pool off by more than `thresholdBps` (one for all, or one per pool)
 * back to its target.
 */
export function arbitrageSwaps(
  current: readonly bigint[],
  targets: readonly bigint[],
  thresholdBps: number | readonly number[],
): ArbitrageSwap[] {
  const out: ArbitrageSwap[] = [];
  current.forEach((now, pool) => {
    const target = targets[pool];
    const bps = typeof thresholdBps === 'number' ? thresholdBps : thresholdBps[pool];
    if (!offBy(now, target, bps)) return;
    out.push({ pool, zeroForOne: now > target, sqrtPriceX96Before: now, targetX96: target });
  });
  return out;
}

/** The arbitrageur's one transaction for these swaps (SwapRouter.multicall). */
export function arbitrageTx(dep: Deployment, swaps: ArbitrageSwap[], deadline: bigint): TxRequest {
  const dex = requireDex(dep);
  const calls = swaps.map((s) => {
    const p = dex.pools[s.pool];
    const [tokenIn, tokenOut] = s.zeroForOne ? [p.token0, p.token1] : [p.token1, p.token0];
    const decimals = dep.tokens.find((t) => t.address === tokenIn)!.decimals;
    return encodeFunctionData({
      abi: ROUTER,
      functionName: 'exactInputSingle',
      args: [
        {
          tokenIn,
          tokenOut,
          fee: p.fee,
          recipient: dex.arbitrageur,
          deadline,
          amountIn: ARBITRAGE_AMOUNT_IN * 10n ** BigInt(decimals),
          amountOutMinimum: 0n,
          sqrtPriceLimitX96: s.targetX96,
        },
      ],
    });
  });
  return {
    from: dex.arbitrageur,
    to: dex.swapRouter,
    data: encodeFunctionData({ abi: ROUTER, functionName: 'multicall', args: [calls] }),
    gas: 200_000n + 600_000n * BigInt(swaps.length),
  };
}

export async function readSqrtPrices(miner: Miner, dex: DexDeployment): Promise<bigint[]> {
  const out: bigint[] = [];
  for (const p of dex.pools)
    out.push(
      (await readContract<readonly [bigint, ...unknown[]]>(miner, p.address, POOL, 'slot0'))[0],
    );
  return out;
}

export function requireDex(dep: Deployment): DexDeployment {
  if (!dep.dex) throw new Error('the deployment has no DEX (dex block missing)');
  return dep.dex;
}

/**
 * Swaps every pool off the oracle price by more than `thresholdBps` (default 0: any
 * difference) exactly back to it, in one block; afterwards each such pool's
 * slot0.sqrtPriceX96 equals floor(sqrt(p0·10^d1·2^192 / (p1·10^d0))). Tops the arbitrageur
 * up first where its balance runs low. Returns the block (null when nothing was off).
 */
export async function arbitrageToOracle(
  miner: Miner,
  dep: Deployment,
  opts: { thresholdBps?: number } = {},
): Promise<{ block: bigint | null; swaps: ArbitrageSwap[] }> {
  const dex = requireDex(dep);
  const targets = poolTargets(dep, await readOraclePrices(miner, dep));
  const swaps = arbitrageSwaps(await readSqrtPrices(miner, dex), targets, opts.thresholdBps ?? 0);
  if (!swaps.length) return { block: null, swaps };
  const sent: Hex[] = [];
  for (const t of dep.tokens) {
    const held = await readContract<bigint>(miner, t.address, ERC20, 'balanceOf', [
      dex.arbitrageur,
    ]);
    const unit = 10n ** BigInt(t.decimals);
    if (held >= ARBITRAGE_AMOUNT_IN * unit) continue;
    const data = encodeFunctionData({
      abi: ERC20,
      functionName: 'mint',
      args: [dex.arbitrageur, ARBITRAGEUR_TOKENS * unit],
    });
    sent.push(await miner.send({ from: dex.arbitrageur, to: t.address, data, gas: 100_000n }));
  }
  const deadline = BigInt(miner.lastTimestamp + 3600);
  sent.push(await miner.send(arbitrageTx(dep, swaps, deadline)));
  const { number } = await miner.mine(miner.lastTimestamp + 12);
  await requireSuccess(miner, sent, 'arbitrageToOracle');
  return { block: number, swaps };
}
