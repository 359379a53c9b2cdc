// The pool price an arbitrageur restores after an oracle move: token0 priced in raw token1 units
// from the two AaveOracle prices, p0·10^d1 / (p1·10^d0), as a Q64.96 square root (floor). The
// devnet's arbitrageur swaps each pool onto exactly this value (a swap with it as the price
// limit), so the engine reproduces the post-arbitrage pool state from the indexed one.
import { isqrt, MAX_SQRT_RATIO, MIN_SQRT_RATIO } from './tick-math.ts';
import { swap, type PoolState } from './pool-swap.ts';

/** floor(sqrt(price0 · unit1 · 2^192 / (price1 · unit0))), clamped to the pool's price range. */
export function oracleSqrtPriceX96(
  price0: bigint,
  unit0: bigint,
  price1: bigint,
  unit1: bigint,
): bigint {
  if (price0 <= 0n || price1 <= 0n) throw new RangeError('oracle prices must be positive');
  const root = isqrt((price0 * unit1 * (1n << 192n)) / (price1 * unit0));
  if (root <= MIN_SQRT_RATIO) return MIN_SQRT_RATIO + 1n;
  if (root >= MAX_SQRT_RATIO) return MAX_SQRT_RATIO - 1n;
  return root;
}

/**
 * The pool after an arbitrageur swapped it onto `target` (unchanged when already there): an
 * exact-input swap as large as needed, stopped by the price limit, as the router executes it.
 */
export function arbitrageTo(pool: PoolState, target: bigint): PoolState {
  if (pool.sqrtPriceX96 === target) return pool;
  const zeroForOne = target < pool.sqrtPriceX96;
  return swap(pool, zeroForOne, 1n << 200n, target).state;
}
