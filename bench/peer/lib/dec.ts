// BigDecimal fields (the *USD conveniences, utilisation, prices in USD) in fixed point: a bigint
// scaled by 1e18, stored as numeric decimal strings. The subgraph's BigDecimal keeps 34 significant
// digits; both are derived from the same integers, so they agree to ~1e-18 USD (the equivalence
// check compares them with a relative tolerance; integer fields exactly).
import { pow10 } from './math.ts';

export const SCALE = 10n ** 18n;
export type D = bigint;

/** amount (token units) × price (base units) / (10^decimals × baseUnit), as USD fixed point. */
export function toUSD(amount: bigint, decimals: number, priceBase: bigint, baseUnit: bigint): D {
  if (amount === 0n || priceBase === 0n || baseUnit === 0n) return 0n;
  return (amount * priceBase * SCALE) / (pow10(decimals) * baseUnit);
}
/** a / b of two integers, fixed point. */
export const ratio = (a: bigint, b: bigint): D => (b === 0n ? 0n : (a * SCALE) / b);
/** a / b of two fixed-point values. */
export const divD = (a: D, b: D): D => (b === 0n ? 0n : (a * SCALE) / b);

export function fmt(d: D): string {
  const neg = d < 0n;
  const a = neg ? -d : d;
  const i = a / SCALE;
  const f = (a % SCALE).toString().padStart(18, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${i}${f ? '.' + f : ''}`;
}
export function parse(s: string | null | undefined): D {
  if (!s) return 0n;
  const neg = s.startsWith('-');
  const [i, f = ''] = (neg ? s.slice(1) : s).split('.');
  const v = BigInt(i || '0') * SCALE + BigInt((f + '000000000000000000').slice(0, 18));
  return neg ? -v : v;
}
