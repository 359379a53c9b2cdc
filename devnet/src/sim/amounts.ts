// Token amounts and asset lookups shared by the simulation roles. Amounts go from float tokens
// to base units through a 6-decimal floor, so a float decision always rounds to the same integer.
import { ASSETS } from '../core/assets.ts';

export const WAD = 10n ** 18n;

/** Index of each asset in ASSETS by symbol (`A.WETH`, `A.USDC`, ...). */
export const A = Object.fromEntries(ASSETS.map((a, i) => [a.symbol, i])) as Record<string, number>;
export const STABLES = [A.USDC, A.USDT, A.DAI];

/** Float tokens to base units, floored at 6 decimals; 0n for non-positive or non-finite input. */
export function units(tokens: number, decimals: number): bigint {
  if (!(tokens > 0) || !Number.isFinite(tokens)) return 0n;
  return BigInt(Math.floor(tokens * 1e6)) * 10n ** BigInt(decimals - 6);
}

export const toFloat = (x: bigint, decimals: number): number => Number(x) / 10 ** decimals;

/** Index of the largest positive value, or -1 when none is positive (first wins on ties). */
export function largest(values: number[]): number {
  let best = -1;
  let bestValue = 0;
  values.forEach((v, i) => {
    if (v > bestValue) {
      bestValue = v;
      best = i;
    }
  });
  return best;
}
