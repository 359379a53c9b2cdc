// Integer WadRayMath / PercentageMath with the protocol's half-up rounding (aave-v3-core
// contracts/protocol/libraries/math). All inputs are non-negative protocol integers.
import { BigDecimal, BigInt } from '@graphprotocol/graph-ts';

export const RAY = BigInt.fromString('1000000000000000000000000000');
export const HALF_RAY = BigInt.fromString('500000000000000000000000000');
export const WAD = BigInt.fromString('1000000000000000000');
export const PERCENTAGE_FACTOR = BigInt.fromI32(10000);
export const HALF_PERCENTAGE_FACTOR = BigInt.fromI32(5000);

/** rayMul(a, b) = (a * b + HALF_RAY) / RAY */
export function rayMul(a: BigInt, b: BigInt): BigInt {
  if (a.isZero() || b.isZero()) return BigInt.zero();
  return a.times(b).plus(HALF_RAY).div(RAY);
}

/** rayDiv(a, b) = (a * RAY + b / 2) / b */
export function rayDiv(a: BigInt, b: BigInt): BigInt {
  if (b.isZero()) return BigInt.zero();
  return a
    .times(RAY)
    .plus(b.div(BigInt.fromI32(2)))
    .div(b);
}

const SECONDS_PER_YEAR = BigInt.fromI32(365 * 24 * 3600);

/**
 * MathUtils.calculateCompoundedInterest: RAY + r·t + r²·t(t−1)/2 + r³·t(t−1)(t−2)/6 over seconds,
 * with the per-second powers truncated as the library does.
 */
export function compoundedInterest(rate: BigInt, from: BigInt, to: BigInt): BigInt {
  let exp = to.minus(from);
  if (exp.le(BigInt.zero())) return RAY;
  let one = BigInt.fromI32(1);
  let two = BigInt.fromI32(2);
  let expMinusOne = exp.minus(one);
  let expMinusTwo = exp.gt(two) ? exp.minus(two) : BigInt.zero();
  let basePowerTwo = rayMul(rate, rate).div(SECONDS_PER_YEAR.times(SECONDS_PER_YEAR));
  let basePowerThree = rayMul(basePowerTwo, rate).div(SECONDS_PER_YEAR);
  let second = exp.times(expMinusOne).times(basePowerTwo).div(two);
  let third = exp
    .times(expMinusOne)
    .times(expMinusTwo)
    .times(basePowerThree)
    .div(BigInt.fromI32(6));
  return RAY.plus(rate.times(exp).div(SECONDS_PER_YEAR)).plus(second).plus(third);
}

/** percentMul(value, pct) = (value * pct + HALF_PERCENTAGE_FACTOR) / PERCENTAGE_FACTOR */
export function percentMul(value: BigInt, pct: BigInt): BigInt {
  if (value.isZero() || pct.isZero()) return BigInt.zero();
  return value.times(pct).plus(HALF_PERCENTAGE_FACTOR).div(PERCENTAGE_FACTOR);
}

/** percentMulCeil(value, pct) = ⌈value * pct / PERCENTAGE_FACTOR⌉ (3.7's liquidation fee) */
export function percentMulCeil(value: BigInt, pct: BigInt): BigInt {
  return value.times(pct).plus(PERCENTAGE_FACTOR).minus(BigInt.fromI32(1)).div(PERCENTAGE_FACTOR);
}

/** percentDivFloor(value, pct) = ⌊value * PERCENTAGE_FACTOR / pct⌋ (3.7's liquidation fee) */
export function percentDivFloor(value: BigInt, pct: BigInt): BigInt {
  if (pct.isZero()) return BigInt.zero();
  return value.times(PERCENTAGE_FACTOR).div(pct);
}

/** percentDiv(value, pct) = (value * PERCENTAGE_FACTOR + pct / 2) / pct */
export function percentDiv(value: BigInt, pct: BigInt): BigInt {
  if (pct.isZero()) return BigInt.zero();
  return value
    .times(PERCENTAGE_FACTOR)
    .plus(pct.div(BigInt.fromI32(2)))
    .div(pct);
}

export function pow10(decimals: i32): BigInt {
  let r = BigInt.fromI32(1);
  let ten = BigInt.fromI32(10);
  for (let i = 0; i < decimals; i++) r = r.times(ten);
  return r;
}

export function toDecimal(amount: BigInt, decimals: i32): BigDecimal {
  return amount.toBigDecimal().div(pow10(decimals).toBigDecimal());
}

/** amount (token units) × price (base units) / baseUnit, as a decimal in the base currency (USD). */
export function toUSD(
  amount: BigInt,
  decimals: i32,
  priceBase: BigInt,
  baseUnit: BigInt,
): BigDecimal {
  if (amount.isZero() || priceBase.isZero() || baseUnit.isZero()) return BigDecimal.zero();
  return amount.times(priceBase).toBigDecimal().div(pow10(decimals).times(baseUnit).toBigDecimal());
}

/** Scaled-balance delta of an AToken / VariableDebtToken Mint event (ScaledBalanceTokenBase):
 *  a mint emits value = amount + balanceIncrease (scaled += rayDiv(amount, index)); a burn smaller
 *  than the accrued interest emits Mint with value = balanceIncrease - amount
 *  (scaled -= rayDiv(amount, index)). */
export function scaledDeltaOfMint(value: BigInt, balanceIncrease: BigInt, index: BigInt): BigInt {
  if (value.ge(balanceIncrease)) return rayDiv(value.minus(balanceIncrease), index);
  return rayDiv(balanceIncrease.minus(value), index).neg();
}

/** Burn emits value = amount - balanceIncrease: scaled -= rayDiv(value + balanceIncrease, index). */
export function scaledDeltaOfBurn(value: BigInt, balanceIncrease: BigInt, index: BigInt): BigInt {
  return rayDiv(value.plus(balanceIncrease), index).neg();
}

export function minBI(a: BigInt, b: BigInt): BigInt {
  return a.lt(b) ? a : b;
}

// ---------------------------------------------------------------- Aave 3.5+ rounding

/** floor(a·b / RAY): 3.5+ aToken balance of a scaled amount. */
export function rayMulFloor(a: BigInt, b: BigInt): BigInt {
  return a.times(b).div(RAY);
}

/** ceil(a·b / RAY): 3.5+ variable debt balance of a scaled amount. */
export function rayMulCeil(a: BigInt, b: BigInt): BigInt {
  let p = a.times(b);
  if (p.isZero()) return p;
  return p.minus(BigInt.fromI32(1)).div(RAY).plus(BigInt.fromI32(1));
}

function balanceOf(scaled: BigInt, index: BigInt, ceil: boolean): BigInt {
  return ceil ? rayMulCeil(scaled, index) : rayMulFloor(scaled, index);
}

/**
 * 3.5+ (ScaledBalanceTokenBase with TokenMath): Mint/Burn carry balance differences, not amounts:
 *   mint:  value − balanceIncrease = f(S + a) − f(S)      burn: value + balanceIncrease = f(S) − f(S − a)
 * with S the holder's scaled balance before, a the scaled amount and f the balance function
 * (floor for aTokens, ceil for debt tokens). f grows by ≥ 1 per scaled unit (index ≥ 1 ray), so
 * at most one a fits: found next to rayDiv(diff, index). `up` = balance grows (mint).
 */
export function solveScaled(
  scaledBefore: BigInt,
  diff: BigInt,
  index: BigInt,
  ceil: boolean,
  up: boolean,
): BigInt {
  if (diff.isZero() || index.isZero()) return BigInt.zero();
  let a0 = rayDiv(diff, index);
  let base = balanceOf(scaledBefore, index, ceil);
  for (let d = -3; d <= 3; d++) {
    let a = a0.plus(BigInt.fromI32(d));
    if (a.le(BigInt.zero())) continue;
    if (up) {
      if (balanceOf(scaledBefore.plus(a), index, ceil).minus(base).equals(diff)) return a;
    } else {
      if (a.gt(scaledBefore)) continue;
      if (base.minus(balanceOf(scaledBefore.minus(a), index, ceil)).equals(diff)) return a;
    }
  }
  return a0;
}
