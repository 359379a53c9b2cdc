// Uniswap V3 tick ↔ sqrt price, with the integer results of the core contract's TickMath
// library (`getSqrtRatioAtTick`, `getTickAtSqrtRatio`). The per-bit factors 2^128 / 1.0001^(2^i/2)
// are derived here at load time (rounded to nearest), not pasted: tick-math.test.ts checks the
// results against @uniswap/v3-sdk over the whole tick range.

export const MIN_TICK = -887272;
export const MAX_TICK = 887272;
export const MIN_SQRT_RATIO = 4295128739n;
export const MAX_SQRT_RATIO = 1461446703485210103287273052203988822378723970342n;
export const Q96 = 1n << 96n;
const MAX_UINT256 = (1n << 256n) - 1n;
const BITS = 20; // |tick| < 2^20

/** Integer square root (floor), by Newton's method. */
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** FACTORS[i] = round(2^128 / sqrt(1.0001)^(2^i)), as Q128 fixed point. */
const FACTORS: bigint[] = (() => {
  const scale = 256n; // working precision: 2^-256
  let power = isqrt((10001n << (2n * scale)) / 10000n); // sqrt(1.0001) in Q256
  const out: bigint[] = [];
  for (let i = 0; i < BITS; i++) {
    const q = (1n << (128n + scale + 64n)) / power; // Q192
    out.push((q + (1n << 63n)) >> 64n);
    power = (power * power) >> scale;
  }
  return out;
})();

// Swaps ask for the same few ticks (initialised ones, bitmap word edges) again and again.
const ratioCache = new Map<number, bigint>();
const RATIO_CACHE_SIZE = 65536;

/** sqrt(1.0001^tick) · 2^96, rounded up from Q128 to Q96 exactly as TickMath does. */
export function getSqrtRatioAtTick(tick: number): bigint {
  const hit = ratioCache.get(tick);
  if (hit !== undefined) return hit;
  if (!Number.isInteger(tick) || tick < MIN_TICK || tick > MAX_TICK) {
    throw new RangeError(`tick ${tick} is outside [${MIN_TICK}, ${MAX_TICK}]`);
  }
  if (ratioCache.size >= RATIO_CACHE_SIZE) ratioCache.clear();
  const value = sqrtRatioAtTick(tick);
  ratioCache.set(tick, value);
  return value;
}

function sqrtRatioAtTick(tick: number): bigint {
  const absTick = Math.abs(tick);
  let ratio = absTick & 1 ? FACTORS[0] : 1n << 128n;
  for (let i = 1; i < BITS; i++) {
    if (absTick & (1 << i)) ratio = (ratio * FACTORS[i]) >> 128n;
  }
  if (tick > 0) ratio = MAX_UINT256 / ratio;
  return (ratio >> 32n) + (ratio % (1n << 32n) === 0n ? 0n : 1n);
}

/** The greatest tick whose sqrt ratio is ≤ `sqrtPriceX96` (TickMath.getTickAtSqrtRatio). */
export function getTickAtSqrtRatio(sqrtPriceX96: bigint): number {
  if (sqrtPriceX96 < MIN_SQRT_RATIO || sqrtPriceX96 >= MAX_SQRT_RATIO) {
    throw new RangeError(`sqrt price ${sqrtPriceX96} is outside [MIN_SQRT_RATIO, MAX_SQRT_RATIO)`);
  }
  // A float guess lands within a tick or two; the exact ratios settle it.
  const guess = Math.floor(Math.log((Number(sqrtPriceX96) / 2 ** 96) ** 2) / Math.log(1.0001));
  let low = Math.max(MIN_TICK, guess - 2);
  let high = Math.min(MAX_TICK, guess + 2);
  while (low > MIN_TICK && getSqrtRatioAtTick(low) > sqrtPriceX96)
    low = Math.max(MIN_TICK, low - 16);
  while (high < MAX_TICK && getSqrtRatioAtTick(high) <= sqrtPriceX96)
    high = Math.min(MAX_TICK, high + 16);
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (getSqrtRatioAtTick(mid) <= sqrtPriceX96) low = mid;
    else high = mid;
  }
  return getSqrtRatioAtTick(high) <= sqrtPriceX96 ? high : low;
}
