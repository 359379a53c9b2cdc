// Aave V3 integer math (WadRayMath, PercentageMath, MathUtils) on bigint, rounding exactly as
// the Solidity libraries do (half-up), so balances and health factors match the chain bit for bit.

export const WAD = 10n ** 18n;
export const HALF_WAD = WAD / 2n;
export const RAY = 10n ** 27n;
export const HALF_RAY = RAY / 2n;
export const PERCENTAGE_FACTOR = 10000n;
export const HALF_PERCENTAGE_FACTOR = 5000n;
export const SECONDS_PER_YEAR = 365n * 24n * 3600n;
const SPY2 = SECONDS_PER_YEAR * SECONDS_PER_YEAR;
export const MAX_UINT256 = (1n << 256n) - 1n;

export const rayMul = (a: bigint, b: bigint): bigint => (a * b + HALF_RAY) / RAY;
export const rayDiv = (a: bigint, b: bigint): bigint => (a * RAY + b / 2n) / b;
export const wadMul = (a: bigint, b: bigint): bigint => (a * b + HALF_WAD) / WAD;
export const wadDiv = (a: bigint, b: bigint): bigint => (a * WAD + b / 2n) / b;
export const percentMul = (v: bigint, p: bigint): bigint =>
  (v * p + HALF_PERCENTAGE_FACTOR) / PERCENTAGE_FACTOR;
export const percentDiv = (v: bigint, p: bigint): bigint => (v * PERCENTAGE_FACTOR + p / 2n) / p;
/** PercentageMath's explicit-direction variants (3.7's liquidation math) */
export const percentMulFloor = (v: bigint, p: bigint): bigint => (v * p) / PERCENTAGE_FACTOR;
export const percentMulCeil = (v: bigint, p: bigint): bigint =>
  (v * p + PERCENTAGE_FACTOR - 1n) / PERCENTAGE_FACTOR;
export const percentDivFloor = (v: bigint, p: bigint): bigint => (v * PERCENTAGE_FACTOR) / p;
export const percentDivCeil = (v: bigint, p: bigint): bigint =>
  (v * PERCENTAGE_FACTOR + p - 1n) / p;

/** MathUtils.calculateLinearInterest: RAY + rate·Δt / year (truncating). */
export function linearInterest(rate: bigint, lastUpdate: bigint, now: bigint): bigint {
  return RAY + (rate * (now - lastUpdate)) / SECONDS_PER_YEAR;
}

/** MathUtils.calculateCompoundedInterest: 3-term binomial approximation, same truncations. */
export function compoundedInterest(rate: bigint, lastUpdate: bigint, now: bigint): bigint {
  const exp = now - lastUpdate;
  if (exp <= 0n) return RAY;
  const expMinusOne = exp - 1n;
  const expMinusTwo = exp > 2n ? exp - 2n : 0n;
  const basePowerTwo = rayMul(rate, rate) / SPY2;
  const basePowerThree = rayMul(basePowerTwo, rate) / SECONDS_PER_YEAR;
  const secondTerm = (exp * expMinusOne * basePowerTwo) / 2n;
  const thirdTerm = (exp * expMinusOne * expMinusTwo * basePowerThree) / 6n;
  return RAY + (rate * exp) / SECONDS_PER_YEAR + secondTerm + thirdTerm;
}

/** ReserveLogic.getNormalizedIncome at `now`. */
export function normalizedIncome(
  liquidityIndex: bigint,
  liquidityRate: bigint,
  lastUpdate: bigint,
  now: bigint,
): bigint {
  if (now === lastUpdate) return liquidityIndex;
  return rayMul(linearInterest(liquidityRate, lastUpdate, now), liquidityIndex);
}

/** ReserveLogic.getNormalizedDebt at `now`. */
export function normalizedDebt(
  variableBorrowIndex: bigint,
  variableBorrowRate: bigint,
  lastUpdate: bigint,
  now: bigint,
): bigint {
  if (now === lastUpdate) return variableBorrowIndex;
  return rayMul(compoundedInterest(variableBorrowRate, lastUpdate, now), variableBorrowIndex);
}

/** StableDebtToken.balanceOf: principal compounded at the user's rate since their last update. */
export function stableDebtBalance(
  principal: bigint,
  stableRate: bigint,
  lastUpdate: bigint,
  now: bigint,
): bigint {
  if (principal === 0n) return 0n;
  return rayMul(principal, compoundedInterest(stableRate, lastUpdate, now));
}

/** Integer power of ten, cached (asset units 10^decimals). */
const POW10: bigint[] = [];
export function pow10(n: number): bigint {
  let v = POW10[n];
  if (v === undefined) POW10[n] = v = 10n ** BigInt(n);
  return v;
}
