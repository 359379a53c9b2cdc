// WadRayMath / PercentageMath with the protocol's half-up rounding on bigints — the same
// functions as subgraph/src/math.ts (aave-v3-core contracts/protocol/libraries/math).
export const RAY = 10n ** 27n;
export const HALF_RAY = RAY / 2n;
export const PERCENTAGE_FACTOR = 10000n;
export const HALF_PERCENTAGE_FACTOR = 5000n;

export const rayMul = (a: bigint, b: bigint) => (a === 0n || b === 0n ? 0n : (a * b + HALF_RAY) / RAY);
export const rayDiv = (a: bigint, b: bigint) => (b === 0n ? 0n : (a * RAY + b / 2n) / b);
export const percentMul = (v: bigint, p: bigint) => (v === 0n || p === 0n ? 0n : (v * p + HALF_PERCENTAGE_FACTOR) / PERCENTAGE_FACTOR);
export const percentDiv = (v: bigint, p: bigint) => (p === 0n ? 0n : (v * PERCENTAGE_FACTOR + p / 2n) / p);

/** Mint: value = amount + balanceIncrease (scaled += rayDiv(amount, index)); a burn smaller than the
 *  accrued interest emits Mint with value = balanceIncrease − amount (scaled −= rayDiv(amount, index)). */
export const scaledDeltaOfMint = (value: bigint, inc: bigint, index: bigint) =>
  value >= inc ? rayDiv(value - inc, index) : -rayDiv(inc - value, index);
/** Burn: value = amount − balanceIncrease: scaled −= rayDiv(value + balanceIncrease, index). */
export const scaledDeltaOfBurn = (value: bigint, inc: bigint, index: bigint) => -rayDiv(value + inc, index);

// Aave 3.5+ rounding (token revision >= 4): floor for aTokens, ceil for debt tokens.
export const rayMulFloor = (a: bigint, b: bigint) => (a * b) / RAY;
export const rayMulCeil = (a: bigint, b: bigint) => { const p = a * b; return p === 0n ? 0n : (p - 1n) / RAY + 1n; };
const balanceOf = (s: bigint, i: bigint, ceil: boolean) => (ceil ? rayMulCeil(s, i) : rayMulFloor(s, i));

/** 3.5+: Mint/Burn carry balance differences; the scaled amount is solved next to rayDiv(diff, index). */
export function solveScaled(before: bigint, diff: bigint, index: bigint, ceil: boolean, up: boolean): bigint {
  if (diff === 0n || index === 0n) return 0n;
  const a0 = rayDiv(diff, index);
  const base = balanceOf(before, index, ceil);
  for (let d = -3n; d <= 3n; d++) {
    const a = a0 + d;
    if (a <= 0n) continue;
    if (up) { if (balanceOf(before + a, index, ceil) - base === diff) return a; }
    else { if (a > before) continue; if (base - balanceOf(before - a, index, ceil) === diff) return a; }
  }
  return a0;
}

const POW10: bigint[] = Array.from({ length: 78 }, (_, i) => 10n ** BigInt(i));
export const pow10 = (d: number) => POW10[d]!;
