// Liquidation writer and the LiquidationLogic arithmetic it needs: which bonus applies to the
// collateral (e-mode or reserve), and the protocol fee recovered exactly from the event's
// liquidatedCollateralAmount. The collateral market counts the collateral taken from the user
// (what the liquidator received plus the fee); the debt market counts the debt repaid.
import { Address, BigInt, ethereum } from '@graphprotocol/graph-ts';
import { Account, EModeCategory, Liquidation, Market } from '../generated/schema';
import { BI_ONE, BI_ZERO } from './constants';
import {
  amountUSD,
  contextProtocol,
  eventId,
  getOrCreateAccount,
  saveMarket,
  saveProtocol,
} from './entities';
import { PERCENTAGE_FACTOR, percentDiv, percentDivFloor, percentMul, percentMulCeil } from './math';

/** Pool revision of Aave 3.7 (POOL_REVISION 11): the fee's base part rounds down, the fee up. */
const REVISION_3_7 = 11;
import { addMarketLiquidation } from './snapshots';
import { PDAY_LIQUIDATION, activity, protocolDaily, stampEvent } from './action-steps';

/**
 * Liquidation bonus LiquidationLogic applies to this collateral for this user: the e-mode
 * category's bonus when the user is in a category that contains the asset (3.0–3.1: the asset's
 * category; 3.2+: the category's collateral bitmap), else the reserve's own bonus.
 */
export function liquidationBonusFor(collateral: Market, account: Account): i32 {
  let cat = account.eModeCategoryId;
  if (cat != 0) {
    let c = EModeCategory.load(cat.toString());
    if (c !== null) {
      let usesBitmaps = !c.collateralBitmap.isZero() || !c.borrowableBitmap.isZero();
      let inCategory = usesBitmaps
        ? !c.collateralBitmap.bitAnd(BI_ONE.leftShift(collateral.reserveId as u8)).isZero()
        : collateral.eModeCategory !== null && collateral.eModeCategory! == c.id;
      if (inCategory) return c.liquidationBonus;
    }
  }
  return collateral.liquidationBonus;
}

function feeOf(total: BigInt, bonus: BigInt, feePct: BigInt, v37: boolean): BigInt {
  if (v37) return percentMulCeil(total.minus(percentDivFloor(total, bonus)), feePct);
  return percentMul(total.minus(percentDiv(total, bonus)), feePct);
}

/**
 * Liquidation protocol fee exactly as LiquidationLogic computes it: with T the collateral taken
 * from the user, bonusCollateral = T - percentDiv(T, bonus),
 * fee = percentMul(bonusCollateral, pct), and the event's liquidatedCollateralAmount L = T - fee;
 * from Pool revision 11 (3.7) T - percentDivFloor(T, bonus) and percentMulCeil.
 * T is solved from L (closed form, then the exact integer T among neighbours with
 * T - fee(T) == L). Where two T give the same L (about 1–2% of amounts) the smaller is taken.
 */
export function liquidationProtocolFee(
  liquidated: BigInt,
  bonus: i32,
  feePct: i32,
  poolRevision: i32,
): BigInt {
  let v37 = poolRevision >= REVISION_3_7;
  if (feePct <= 0 || bonus <= 10000 || liquidated.isZero()) return BI_ZERO;
  let b = BigInt.fromI32(bonus);
  let p = BigInt.fromI32(feePct);
  let denom = b.times(PERCENTAGE_FACTOR).minus(p.times(b.minus(PERCENTAGE_FACTOR)));
  let t0 = liquidated.times(b).times(PERCENTAGE_FACTOR).div(denom);
  for (let d = -3; d <= 3; d++) {
    let t = t0.plus(BigInt.fromI32(d));
    if (t.lt(liquidated)) continue;
    let fee = feeOf(t, b, p, v37);
    if (t.minus(fee).equals(liquidated)) return fee;
  }
  return feeOf(t0, b, p, v37);
}

/** LiquidationCall: `seized` is what the liquidator received, `debtRepaid` the debt covered. */
export function createLiquidation(
  event: ethereum.Event,
  collateralAsset: Address,
  debtAsset: Address,
  user: Address,
  liquidatorAddress: Address,
  debtRepaid: BigInt,
  seized: BigInt,
  receiveAToken: boolean,
): void {
  let collateral = Market.load(collateralAsset);
  let debt = Market.load(debtAsset);
  if (collateral === null || debt === null) return;
  let protocol = contextProtocol(event);
  let account = getOrCreateAccount(user, protocol, event);
  let self = liquidatorAddress.equals(user);
  let liquidator = self ? account : getOrCreateAccount(liquidatorAddress, protocol, event);

  let bonus = liquidationBonusFor(collateral, account);
  let fee = liquidationProtocolFee(
    seized,
    bonus,
    collateral.liquidationProtocolFee,
    protocol.poolRevision,
  );
  let seizedUSD = amountUSD(collateral, seized, protocol);
  let feeUSD = amountUSD(collateral, fee, protocol);
  let debtUSD = amountUSD(debt, debtRepaid, protocol);

  let e = new Liquidation(eventId(event));
  e.account = account.id;
  e.liquidator = liquidatorAddress;
  e.collateralMarket = collateral.id;
  e.debtMarket = debt.id;
  e.debtRepaid = debtRepaid;
  e.debtRepaidUSD = debtUSD;
  e.collateralSeized = seized;
  e.collateralSeizedUSD = seizedUSD;
  e.protocolFee = fee;
  e.protocolFeeUSD = feeUSD;
  e.liquidatorBonusUSD = seizedUSD.minus(debtUSD);
  e.receiveAToken = receiveAToken;
  stampEvent(e, event);
  e.save();

  let takenUSD = seizedUSD.plus(feeUSD);
  collateral.cumulativeLiquidatedCollateral = collateral.cumulativeLiquidatedCollateral.plus(
    seized.plus(fee),
  );
  collateral.cumulativeLiquidatedCollateralUSD =
    collateral.cumulativeLiquidatedCollateralUSD.plus(takenUSD);
  collateral.liquidationCount = collateral.liquidationCount + 1;
  addMarketLiquidation(collateral, event.block, seized.plus(fee), takenUSD);

  account.liquidatedCount = account.liquidatedCount + 1;
  liquidator.liquidatorCount = liquidator.liquidatorCount + 1; // same object when self-liquidating
  protocol.liquidationCount = protocol.liquidationCount + 1;
  protocol.cumulativeLiquidationUSD = protocol.cumulativeLiquidationUSD.plus(takenUSD);
  let active = activity(account, event);
  if (!self) active += activity(liquidator, event);
  protocolDaily(protocol, event, PDAY_LIQUIDATION, takenUSD, active);

  account.save();
  if (!self) liquidator.save();
  if (collateral.id.equals(debt.id)) {
    collateral.cumulativeLiquidatedDebt = collateral.cumulativeLiquidatedDebt.plus(debtRepaid);
    saveMarket(collateral, protocol, event);
  } else {
    debt.cumulativeLiquidatedDebt = debt.cumulativeLiquidatedDebt.plus(debtRepaid);
    saveMarket(collateral, protocol, event);
    saveMarket(debt, protocol, event);
  }
  saveProtocol(protocol, event);
}
