// A Uniswap V3 pool's swap over its initialised ticks, step by step as UniswapV3Pool.swap walks
// them: steps end at the next initialised tick or at the edge of the tick bitmap's 256-tick word
// (each step rounds on its own, so the word edges matter for a result exact to the wei).
// Pure: the state comes from the chain or the subgraph, and a swap returns the state after it,
// so sales in a cascade can follow one another through the same pool.
import { computeSwapStep } from '@/lib/dex/swap-math.ts';
import {
  MAX_SQRT_RATIO,
  MAX_TICK,
  MIN_SQRT_RATIO,
  MIN_TICK,
  getSqrtRatioAtTick,
  getTickAtSqrtRatio,
} from '@/lib/dex/tick-math.ts';

export interface PoolState {
  /** fee in pips (500 = 0.05%) */
  fee: number;
  tickSpacing: number;
  sqrtPriceX96: bigint;
  tick: number;
  /** in-range liquidity */
  liquidity: bigint;
  /** initialised ticks, ascending, with the liquidity added when crossed left to right */
  ticks: { tick: number; liquidityNet: bigint }[];
  /**
   * Where `ticks` is known to be complete, [lower, upper), when only part of the pool was read
   * (a pool seeded by eth_call, DexPool.seededTickLower/Upper); absent when every tick is known.
   * A swap stops at its edge, and a quote that would pass it is refused.
   */
  knownRange?: { lower: number; upper: number };
}

export interface SwapResult {
  /** token0 and token1 from the pool's point of view: > 0 paid in, < 0 paid out */
  amount0: bigint;
  amount1: bigint;
  state: PoolState;
}

/** The next initialised tick in the swap's direction, limited to the current bitmap word. */
function nextTickWithinWord(
  ticks: PoolState['ticks'],
  tick: number,
  spacing: number,
  lte: boolean,
): { next: number; initialized: boolean } {
  const compressed = Math.floor(tick / spacing);
  if (lte) {
    const wordStart = Math.floor(compressed / 256) * 256;
    const i = lastIndexAtOrBelow(ticks, compressed * spacing);
    if (i >= 0 && ticks[i].tick / spacing >= wordStart)
      return { next: ticks[i].tick, initialized: true };
    return { next: wordStart * spacing, initialized: false };
  }
  const start = compressed + 1;
  const wordEnd = Math.floor(start / 256) * 256 + 255;
  const i = lastIndexAtOrBelow(ticks, start * spacing - 1) + 1;
  if (i < ticks.length && ticks[i].tick / spacing <= wordEnd)
    return { next: ticks[i].tick, initialized: true };
  return { next: wordEnd * spacing, initialized: false };
}

/** Index of the last tick ≤ `tick` (−1 if none), by binary search. */
function lastIndexAtOrBelow(ticks: PoolState['ticks'], tick: number): number {
  let low = 0;
  let high = ticks.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (ticks[mid].tick <= tick) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}

/**
 * UniswapV3Pool.swap without its transfers, oracle and fee-growth bookkeeping (which do not change
 * the amounts). `amountSpecified` > 0 is an exact input, < 0 an exact output; `sqrtPriceLimitX96`
 * defaults to QuoterV2's (the far end of the price range).
 */
export function swap(
  pool: PoolState,
  zeroForOne: boolean,
  amountSpecified: bigint,
  sqrtPriceLimitX96?: bigint,
): SwapResult {
  if (amountSpecified === 0n) throw new RangeError('swap amount must not be zero');
  const limit = sqrtPriceLimitX96 ?? defaultLimit(pool, zeroForOne);
  const limitOk = zeroForOne
    ? limit < pool.sqrtPriceX96 && limit > MIN_SQRT_RATIO
    : limit > pool.sqrtPriceX96 && limit < MAX_SQRT_RATIO;
  if (!limitOk)
    throw new RangeError('sqrt price limit is on the wrong side of the pool price (SPL)');
  const exactInput = amountSpecified > 0n;
  let remaining = amountSpecified;
  let calculated = 0n;
  let sqrtPrice = pool.sqrtPriceX96;
  let tick = pool.tick;
  let liquidity = pool.liquidity;
  while (remaining !== 0n && sqrtPrice !== limit) {
    const start = sqrtPrice;
    let { next, initialized } = nextTickWithinWord(pool.ticks, tick, pool.tickSpacing, zeroForOne);
    next = Math.min(MAX_TICK, Math.max(MIN_TICK, next));
    const sqrtNext = getSqrtRatioAtTick(next);
    const target = (zeroForOne ? sqrtNext < limit : sqrtNext > limit) ? limit : sqrtNext;
    const step = computeSwapStep(sqrtPrice, target, liquidity, remaining, pool.fee);
    sqrtPrice = step.sqrtPriceNextX96;
    if (exactInput) {
      remaining -= step.amountIn + step.feeAmount;
      calculated -= step.amountOut;
    } else {
      remaining += step.amountOut;
      calculated += step.amountIn + step.feeAmount;
    }
    if (sqrtPrice === sqrtNext) {
      if (initialized) {
        const net = pool.ticks[lastIndexAtOrBelow(pool.ticks, next)].liquidityNet;
        liquidity += zeroForOne ? -net : net;
        if (liquidity < 0n) throw new RangeError(`liquidity below zero crossing tick ${next}`);
      }
      tick = zeroForOne ? next - 1 : next;
    } else if (sqrtPrice !== start) {
      tick = getTickAtSqrtRatio(sqrtPrice);
    }
  }
  const specifiedUsed = amountSpecified - remaining;
  const [amount0, amount1] =
    zeroForOne === exactInput ? [specifiedUsed, calculated] : [calculated, specifiedUsed];
  return { amount0, amount1, state: { ...pool, sqrtPriceX96: sqrtPrice, tick, liquidity } };
}

/** QuoterV2's limit (the far end of the price range), or the edge of the known ticks. */
export function defaultLimit(pool: PoolState, zeroForOne: boolean): bigint {
  const far = zeroForOne ? MIN_SQRT_RATIO + 1n : MAX_SQRT_RATIO - 1n;
  const known = pool.knownRange;
  if (!known) return far;
  const edge = getSqrtRatioAtTick(
    Math.min(MAX_TICK, Math.max(MIN_TICK, zeroForOne ? known.lower : known.upper)),
  );
  return zeroForOne ? (edge > far ? edge : far) : edge < far ? edge : far;
}

/**
 * What QuoterV2.quoteExactInputSingle answers: the output of selling `amountIn`. On a pool known
 * only in part, a sale that would run past the known ticks is refused (RangeError).
 */
export function quoteExactInput(pool: PoolState, zeroForOne: boolean, amountIn: bigint): bigint {
  const r = swap(pool, zeroForOne, amountIn);
  if (pool.knownRange && (zeroForOne ? r.amount0 : r.amount1) < amountIn)
    throw new RangeError('the sale runs past the ticks known of this pool');
  return zeroForOne ? -r.amount1 : -r.amount0;
}
