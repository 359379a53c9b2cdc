// PoolConfigurator, e-mode: categories (ltv, threshold, bonus, label, price source), the asset's
// single category (3.0–3.1) and the per-category bitmaps by reserveId (3.2+ collateral and
// borrowable, 3.6 ltv-zero), and the 3.7 isolation flag, each change recorded as a
// RiskParameterChange of the category.
import { Address, BigInt, Bytes, ethereum } from '@graphprotocol/graph-ts';
import {
  AssetBorrowableInEModeChanged,
  AssetCollateralInEModeChanged,
  AssetLtvzeroInEModeChanged,
  EModeAssetCategoryChanged,
  EModeCategoryAdded,
  EModeCategoryIsolationChanged,
} from '../generated/templates/PoolConfigurator/PoolConfigurator';
import { EModeCategory, Market, Protocol } from '../generated/schema';
import { BI_ONE, BI_ZERO, ZERO_ADDRESS } from './constants';
import { contextProtocol, saveMarketAndProtocol, saveProtocol } from './entities';
import { boolStr, recordChange } from './risk';

function getOrCreateCategory(id: i32, protocol: Protocol): EModeCategory {
  let c = EModeCategory.load(id.toString());
  if (c !== null) return c;
  c = new EModeCategory(id.toString());
  c.protocol = protocol.id;
  c.label = '';
  c.ltv = 0;
  c.liquidationThreshold = 0;
  c.liquidationBonus = 0;
  c.collateralBitmap = BI_ZERO;
  c.borrowableBitmap = BI_ZERO;
  c.ltvZeroBitmap = BI_ZERO;
  return c;
}

function bit(reserveId: i32): BigInt {
  return BI_ONE.leftShift(reserveId as u8);
}

/** Sets or clears the reserve's bit in a category bitmap (3.2+ collateral, borrowable, ltv 0). */
function setBitmap(bitmap: BigInt, reserveId: i32, on: boolean): BigInt {
  let b = bit(reserveId);
  let isSet = !bitmap.bitAnd(b).isZero();
  if (on && !isSet) return bitmap.bitOr(b);
  if (!on && isSet) return bitmap.minus(b);
  return bitmap;
}

export function handleEModeCategoryAdded(event: EModeCategoryAdded): void {
  let protocol = contextProtocol(event);
  let id = event.params.categoryId;
  let c = getOrCreateCategory(id, protocol);
  let cid = c.id;
  let ltv = event.params.ltv.toI32();
  let lt = event.params.liquidationThreshold.toI32();
  let lb = event.params.liquidationBonus.toI32();
  let isNew = EModeCategory.load(cid) === null;
  if (isNew || c.ltv != ltv)
    recordChange(event, null, cid, 'ltv', isNew ? null : c.ltv.toString(), ltv.toString());
  if (isNew || c.liquidationThreshold != lt)
    recordChange(
      event,
      null,
      cid,
      'liquidationThreshold',
      isNew ? null : c.liquidationThreshold.toString(),
      lt.toString(),
    );
  if (isNew || c.liquidationBonus != lb)
    recordChange(
      event,
      null,
      cid,
      'liquidationBonus',
      isNew ? null : c.liquidationBonus.toString(),
      lb.toString(),
    );
  if (isNew || c.label != event.params.label)
    recordChange(event, null, cid, 'label', isNew ? null : c.label, event.params.label);
  let oldOracle = c.priceSource;
  let newOracle: Bytes = event.params.oracle;
  if (
    (oldOracle === null && newOracle.notEqual(ZERO_ADDRESS)) ||
    (oldOracle !== null && oldOracle!.notEqual(newOracle))
  ) {
    recordChange(
      event,
      null,
      cid,
      'priceSource',
      oldOracle === null ? null : oldOracle!.toHexString(),
      newOracle.toHexString(),
    );
  }
  c.ltv = ltv;
  c.liquidationThreshold = lt;
  c.liquidationBonus = lb;
  c.label = event.params.label;
  c.priceSource = newOracle;
  c.save();
  saveProtocol(protocol, event);
}

/** 3.0–3.1: the asset's single e-mode category. */
export function handleEModeAssetCategoryChanged(event: EModeAssetCategoryChanged): void {
  let market = Market.load(event.params.asset);
  if (market === null) return;
  let protocol = contextProtocol(event);
  let newId = event.params.newCategoryId;
  if (newId == 0) {
    market.eModeCategory = null;
  } else {
    let c = getOrCreateCategory(newId, protocol);
    c.save();
    market.eModeCategory = c.id;
  }
  recordChange(
    event,
    market.id,
    newId == 0 ? null : newId.toString(),
    'eModeCategory',
    event.params.oldCategoryId.toString(),
    newId.toString(),
  );
  saveMarketAndProtocol(market, protocol, event);
}

function bitmapEvent(
  event: ethereum.Event,
  asset: Address,
  categoryId: i32,
  on: boolean,
  which: i32,
  parameter: string,
): void {
  let market = Market.load(asset);
  if (market === null) return;
  let protocol = contextProtocol(event);
  let c = getOrCreateCategory(categoryId, protocol);
  let before: BigInt;
  let after: BigInt;
  if (which == 0) {
    before = c.collateralBitmap;
    after = setBitmap(before, market.reserveId, on);
    c.collateralBitmap = after;
  } else if (which == 1) {
    before = c.borrowableBitmap;
    after = setBitmap(before, market.reserveId, on);
    c.borrowableBitmap = after;
  } else {
    before = c.ltvZeroBitmap;
    after = setBitmap(before, market.reserveId, on);
    c.ltvZeroBitmap = after;
  }
  c.save();
  let wasOn = !before.bitAnd(bit(market.reserveId)).isZero();
  recordChange(event, market.id, c.id, parameter, boolStr(wasOn), boolStr(on));
  saveProtocol(protocol, event);
}

/** 3.2+: collateral bitmap of an e-mode category (bit = reserveId). */
export function handleAssetCollateralInEModeChanged(event: AssetCollateralInEModeChanged): void {
  bitmapEvent(
    event,
    event.params.asset,
    event.params.categoryId,
    event.params.collateral,
    0,
    'eModeCollateral',
  );
}
/** 3.2+: borrowable bitmap. */
export function handleAssetBorrowableInEModeChanged(event: AssetBorrowableInEModeChanged): void {
  bitmapEvent(
    event,
    event.params.asset,
    event.params.categoryId,
    event.params.borrowable,
    1,
    'eModeBorrowable',
  );
}
/** 3.6+: ltv-zero bitmap. */
export function handleAssetLtvzeroInEModeChanged(event: AssetLtvzeroInEModeChanged): void {
  bitmapEvent(
    event,
    event.params.asset,
    event.params.categoryId,
    event.params.ltvzero,
    2,
    'eModeLtvzero',
  );
}

/** 3.7: category-level isolation flag (recorded as a change; no dedicated field). */
export function handleEModeCategoryIsolationChanged(event: EModeCategoryIsolationChanged): void {
  let protocol = contextProtocol(event);
  let c = getOrCreateCategory(event.params.categoryId, protocol);
  c.save();
  recordChange(event, null, c.id, 'isolated', null, boolStr(event.params.isolated));
}
