// The amounts of one Pool.liquidationCall in Aave V3's integer math
// (LiquidationLogic.executeLiquidationCall and _calculateAvailableCollateralToLiquidate): close
// factor, collateral seized with the bonus at oracle prices, capped by the user's collateral, and
// the protocol's share of the bonus. The rounding follows the Pool revision (`poolRevision`):
// - up to 3.4 (revision ≤ 8, the devnet's 3.0.x): half-up percentMul / percentDiv throughout;
// - 3.5 and 3.6 (revisions 9, 10): the debt needed for a capped collateral rounds up
//   (percentDivCeil), the rest half-up;
// - 3.7 (revision 11, docs/3.7 changelog "deterministic rounding"): collateral seized rounds down
//   (percentMulFloor), the bonus's base part down (percentDivFloor) and the protocol fee up
//   (percentMulCeil), so the liquidator absorbs every rounding. The close factor stays half-up.
// 3.3's small-position close factor and dust rule are not applied here.
import {
  percentDiv,
  percentDivCeil,
  percentDivFloor,
  percentMul,
  percentMulCeil,
  percentMulFloor,
} from '@/lib/risk/math';

/** HF at or below which the whole debt may be repaid (CLOSE_FACTOR_HF_THRESHOLD, 0.95 in wad). */
export const CLOSE_FACTOR_HF_THRESHOLD = 95n * 10n ** 16n;

export interface LiquidationInput {
  /** the user's health factor (wad), < 1e18 for the call to succeed */
  healthFactor: bigint;
  /** the user's debt in the debt asset (variable + stable), asset units */
  userDebt: bigint;
  /** the user's aToken balance of the collateral asset, asset units */
  userCollateral: bigint;
  /** amount the liquidator offers to repay; more than the close factor allows is capped */
  debtToCover: bigint;
  debtPrice: bigint;
  collateralPrice: bigint;
  debtUnit: bigint;
  collateralUnit: bigint;
  /** bps incl. 100% (10500), the e-mode category's when the collateral is in the user's category */
  liquidationBonus: bigint;
  /** bps of the bonus kept by the treasury */
  liquidationProtocolFee: bigint;
  /** the Pool's revision (Protocol.poolRevision); unknown = the 3.0 rounding */
  poolRevision?: number;
}

/** Pool revisions whose liquidation math rounds as 3.5 / 3.7 do (POOL_REVISION constants). */
export const REVISION_3_5 = 9;
export const REVISION_3_7 = 11;

export interface LiquidationAmounts {
  /** debt repaid by the liquidator, debt asset units */
  debtRepaid: bigint;
  /** collateral the liquidator receives, collateral units */
  collateralToLiquidator: bigint;
  /** collateral sent to the treasury as aTokens, collateral units */
  protocolFee: bigint;
}

export function liquidationAmounts(x: LiquidationInput): LiquidationAmounts {
  const closeFactor = x.healthFactor > CLOSE_FACTOR_HF_THRESHOLD ? 5000n : 10000n;
  const maxDebt = percentMul(x.userDebt, closeFactor);
  const debtToCover = x.debtToCover > maxDebt ? maxDebt : x.debtToCover;
  const baseCollateral =
    (x.debtPrice * debtToCover * x.collateralUnit) / (x.collateralPrice * x.debtUnit);
  const revision = x.poolRevision ?? 0;
  const v37 = revision >= REVISION_3_7;
  const maxCollateral = (v37 ? percentMulFloor : percentMul)(baseCollateral, x.liquidationBonus);
  let collateral: bigint;
  let debtRepaid: bigint;
  if (maxCollateral > x.userCollateral) {
    collateral = x.userCollateral;
    debtRepaid = (revision >= REVISION_3_5 ? percentDivCeil : percentDiv)(
      (x.collateralPrice * collateral * x.debtUnit) / (x.debtPrice * x.collateralUnit),
      x.liquidationBonus,
    );
  } else {
    collateral = maxCollateral;
    debtRepaid = debtToCover;
  }
  if (x.liquidationProtocolFee === 0n) {
    return { debtRepaid, collateralToLiquidator: collateral, protocolFee: 0n };
  }
  const bonusCollateral =
    collateral - (v37 ? percentDivFloor : percentDiv)(collateral, x.liquidationBonus);
  const fee = (v37 ? percentMulCeil : percentMul)(bonusCollateral, x.liquidationProtocolFee);
  return { debtRepaid, collateralToLiquidator: collateral - fee, protocolFee: fee };
}
