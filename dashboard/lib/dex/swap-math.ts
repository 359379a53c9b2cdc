// One step of a Uniswap V3 swap inside a single liquidity range, in the core contracts' integer
// arithmetic: SqrtPriceMath (next price from an amount, amount deltas between two prices) and
// SwapMath.computeSwapStep. BigInt has no overflow, so the branches the contracts take when a
// uint256 product would overflow are reproduced explicitly where they change the result.
import { Q96 } from '@/lib/dex/tick-math.ts';

const UINT256 = 1n << 256n;
const MAX_UINT160 = (1n << 160n) - 1n;
/** Fees are in hundredths of a basis point (pips): 3000 = 0.3%. */
export const FEE_DENOMINATOR = 1_000_000n;

export const mulDiv = (a: bigint, b: bigint, d: bigint): bigint => (a * b) / d;
export const mulDivRoundingUp = (a: bigint, b: bigint, d: bigint): bigint => {
  const p = a * b;
  return p / d + (p % d === 0n ? 0n : 1n);
};
const divRoundingUp = (a: bigint, d: bigint): bigint => a / d + (a % d === 0n ? 0n : 1n);

/** Token0 owed between two prices: L·2^96·(√b − √a) / (√a·√b) (SqrtPriceMath.getAmount0Delta). */
export function getAmount0Delta(
  sqrtA: bigint,
  sqrtB: bigint,
  liquidity: bigint,
  roundUp: boolean,
): bigint {
  if (sqrtA > sqrtB) [sqrtA, sqrtB] = [sqrtB, sqrtA];
  const numerator1 = liquidity << 96n;
  const numerator2 = sqrtB - sqrtA;
  return roundUp
    ? divRoundingUp(mulDivRoundingUp(numerator1, numerator2, sqrtB), sqrtA)
    : mulDiv(numerator1, numerator2, sqrtB) / sqrtA;
}

/** Token1 owed between two prices: L·(√b − √a) / 2^96 (SqrtPriceMath.getAmount1Delta). */
export function getAmount1Delta(
  sqrtA: bigint,
  sqrtB: bigint,
  liquidity: bigint,
  roundUp: boolean,
): bigint {
  if (sqrtA > sqrtB) [sqrtA, sqrtB] = [sqrtB, sqrtA];
  return roundUp
    ? mulDivRoundingUp(liquidity, sqrtB - sqrtA, Q96)
    : mulDiv(liquidity, sqrtB - sqrtA, Q96);
}

function nextFromAmount0RoundingUp(
  sqrtP: bigint,
  liquidity: bigint,
  amount: bigint,
  add: boolean,
): bigint {
  if (amount === 0n) return sqrtP;
  const numerator1 = liquidity << 96n;
  const product = amount * sqrtP;
  if (add) {
    // The contract uses the precise form only when amount·√P and L·2^96 + amount·√P fit 256 bits.
    if (product < UINT256 && numerator1 + product < UINT256) {
      return mulDivRoundingUp(numerator1, sqrtP, numerator1 + product);
    }
    return divRoundingUp(numerator1, numerator1 / sqrtP + amount);
  }
  if (product >= UINT256 || numerator1 <= product) {
    throw new RangeError('swap output exceeds the token0 the range holds');
  }
  return mulDivRoundingUp(numerator1, sqrtP, numerator1 - product);
}

function nextFromAmount1RoundingDown(
  sqrtP: bigint,
  liquidity: bigint,
  amount: bigint,
  add: boolean,
): bigint {
  if (add) {
    const next = sqrtP + (amount << 96n) / liquidity;
    if (next > MAX_UINT160) throw new RangeError('sqrt price exceeds uint160');
    return next;
  }
  const quotient = divRoundingUp(amount << 96n, liquidity);
  if (sqrtP <= quotient) throw new RangeError('swap output exceeds the token1 the range holds');
  return sqrtP - quotient;
}

export interface SwapStep {
  sqrtPriceNextX96: bigint;
  amountIn: bigint;
  amountOut: bigint;
  feeAmount: bigint;
}

/**
 * SwapMath.computeSwapStep: swap within one range from `sqrtCurrent` towards `sqrtTarget`.
 * `amountRemaining` ≥ 0 is an exact input, < 0 an exact output; `feePips` as the pool's fee.
 */
export function computeSwapStep(
  sqrtCurrent: bigint,
  sqrtTarget: bigint,
  liquidity: bigint,
  amountRemaining: bigint,
  feePips: number,
): SwapStep {
  const fee = BigInt(feePips);
  const zeroForOne = sqrtCurrent >= sqrtTarget;
  const exactIn = amountRemaining >= 0n;
  let sqrtNext: bigint;
  let amountIn = 0n;
  let amountOut = 0n;
  if (exactIn) {
    const remainingLessFee = mulDiv(amountRemaining, FEE_DENOMINATOR - fee, FEE_DENOMINATOR);
    amountIn = zeroForOne
      ? getAmount0Delta(sqrtTarget, sqrtCurrent, liquidity, true)
      : getAmount1Delta(sqrtCurrent, sqrtTarget, liquidity, true);
    sqrtNext =
      remainingLessFee >= amountIn
        ? sqrtTarget
        : zeroForOne
          ? nextFromAmount0RoundingUp(sqrtCurrent, liquidity, remainingLessFee, true)
          : nextFromAmount1RoundingDown(sqrtCurrent, liquidity, remainingLessFee, true);
  } else {
    amountOut = zeroForOne
      ? getAmount1Delta(sqrtTarget, sqrtCurrent, liquidity, false)
      : getAmount0Delta(sqrtCurrent, sqrtTarget, liquidity, false);
    sqrtNext =
      -amountRemaining >= amountOut
        ? sqrtTarget
        : zeroForOne
          ? nextFromAmount1RoundingDown(sqrtCurrent, liquidity, -amountRemaining, false)
          : nextFromAmount0RoundingUp(sqrtCurrent, liquidity, -amountRemaining, false);
  }
  const reachedTarget = sqrtTarget === sqrtNext;
  if (zeroForOne) {
    if (!(reachedTarget && exactIn))
      amountIn = getAmount0Delta(sqrtNext, sqrtCurrent, liquidity, true);
    if (!(reachedTarget && !exactIn))
      amountOut = getAmount1Delta(sqrtNext, sqrtCurrent, liquidity, false);
  } else {
    if (!(reachedTarget && exactIn))
      amountIn = getAmount1Delta(sqrtCurrent, sqrtNext, liquidity, true);
    if (!(reachedTarget && !exactIn))
      amountOut = getAmount0Delta(sqrtCurrent, sqrtNext, liquidity, false);
  }
  if (!exactIn && amountOut > -amountRemaining) amountOut = -amountRemaining;
  const feeAmount =
    exactIn && sqrtNext !== sqrtTarget
      ? amountRemaining - amountIn // the rest of the input is the fee
      : mulDivRoundingUp(amountIn, fee, FEE_DENOMINATOR - fee);
  return { sqrtPriceNextX96: sqrtNext, amountIn, amountOut, feeAmount };
}
