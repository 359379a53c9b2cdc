// Uniswap V3 prices from oracle prices, in integers: the sqrtPriceX96 a pool of two Aave
// reserves has when it trades at the AaveOracle prices, how far a pool is from it, and the
// float tick near a price (only for choosing position ranges, never for accounting).
// A pool's price is token1 base units per token0 base unit, so decimals enter the ratio.

export const Q96 = 1n << 96n;
export const MIN_TICK = -887272;
export const MAX_TICK = 887272;

/** Integer square root (floor), by Newton's method. */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new Error(`isqrt of a negative number (${n})`);
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/**
 * floor(sqrt(p0·10^d1·2^192 / (p1·10^d0))): the sqrtPriceX96 of a token0/token1 pool at the
 * oracle prices p0, p1 (8-decimal USD, as AaveOracle returns them) with decimals d0, d1.
 * floor(sqrt(x)) = isqrt(floor(x)), so one integer division is exact.
 */
export function oracleSqrtPriceX96(p0: bigint, d0: number, p1: bigint, d1: number): bigint {
  if (p0 <= 0n || p1 <= 0n) throw new Error(`oracle prices must be positive (${p0}, ${p1})`);
  return isqrt((p0 * 10n ** BigInt(d1) * (1n << 192n)) / (p1 * 10n ** BigInt(d0)));
}

/** |price/target − 1| in basis points (rounded down), prices given as sqrtPriceX96. */
export function deviationBps(sqrtPriceX96: bigint, targetX96: bigint): bigint {
  const p = sqrtPriceX96 * sqrtPriceX96;
  const t = targetX96 * targetX96;
  return ((p > t ? p - t : t - p) * 10_000n) / t;
}

/** The (float) tick of a sqrtPriceX96: log base 1.0001 of the price. For choosing ranges only. */
export function approximateTick(sqrtPriceX96: bigint): number {
  const ratio = Number((sqrtPriceX96 * 10n ** 18n) / Q96) / 1e18;
  return (2 * Math.log(ratio)) / Math.log(1.0001);
}

/** Ticks of a range of ±`fraction` around `tick`, widened outward to the spacing and bounds. */
export function rangeAround(
  tick: number,
  fraction: number | 'full',
  spacing: number,
): [number, number] {
  const lowest = Math.ceil(MIN_TICK / spacing) * spacing;
  const highest = Math.floor(MAX_TICK / spacing) * spacing;
  if (fraction === 'full') return [lowest, highest];
  const width = Math.log(1 + fraction) / Math.log(1.0001);
  const lower = Math.max(lowest, Math.floor((tick - width) / spacing) * spacing);
  const upper = Math.min(highest, Math.ceil((tick + width) / spacing) * spacing);
  return [lower, upper === lower ? lower + spacing : upper];
}
