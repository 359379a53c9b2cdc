// Market depth of a Uniswap V3 pool: how much of a token can be sold before the pool price has
// moved by a given impact, from the exact swap over the pool's initialised ticks (pool-swap.ts).
import { defaultLimit, swap, type PoolState } from './pool-swap.ts';
import { isqrt, MAX_SQRT_RATIO, MIN_SQRT_RATIO } from './tick-math.ts';

/** Price impacts the depth table reports, in bps of the pool price. */
export const DEPTH_IMPACTS_BPS = [100, 200, 500, 1000] as const;

export interface DepthPoint {
  impactBps: number;
  /** input sold (raw units of the token sold, fee included) to move the price by `impactBps` */
  amountIn: bigint;
  /** output received for it (raw units of the other token) */
  amountOut: bigint;
  /** true when the pool's liquidity ends before that price: the amounts are all it holds there */
  exhausted: boolean;
}

/**
 * Selling token0 (`zeroForOne`) lowers the price of token0 in token1; selling token1 raises it.
 * Either way `impactBps` is the fall of the sold token's price.
 */
export function depth(pool: PoolState, zeroForOne: boolean, impactBps: number): DepthPoint {
  if (!(impactBps > 0 && impactBps < 10000))
    throw new RangeError(`impact ${impactBps} bps is outside (0, 10000)`);
  // price = sqrt²; a fall by f of the sold token's price scales sqrt by √(1−f) (or 1/√(1−f)).
  const scale = 10n ** 18n;
  const root = isqrt((BigInt(10000 - impactBps) * scale * scale) / 10000n); // √(1−f) · 1e18
  let limit = zeroForOne ? (pool.sqrtPriceX96 * root) / scale : (pool.sqrtPriceX96 * scale) / root;
  if (limit <= MIN_SQRT_RATIO) limit = MIN_SQRT_RATIO + 1n;
  if (limit >= MAX_SQRT_RATIO) limit = MAX_SQRT_RATIO - 1n;
  if (pool.liquidity === 0n && pool.ticks.length === 0)
    return { impactBps, amountIn: 0n, amountOut: 0n, exhausted: true };
  // A pool known only in part: the depth counted stops at the edge of its known ticks.
  let clipped = false;
  if (pool.knownRange) {
    const edge = defaultLimit(pool, zeroForOne);
    if (zeroForOne ? edge > limit : edge < limit) [limit, clipped] = [edge, true];
    if (zeroForOne ? limit >= pool.sqrtPriceX96 : limit <= pool.sqrtPriceX96)
      return { impactBps, amountIn: 0n, amountOut: 0n, exhausted: true };
  }
  const r = swap(pool, zeroForOne, 1n << 200n, limit);
  const [amountIn, amountOut] = zeroForOne ? [r.amount0, -r.amount1] : [r.amount1, -r.amount0];
  return { impactBps, amountIn, amountOut, exhausted: clipped || r.state.liquidity === 0n };
}
