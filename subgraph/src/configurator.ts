// PoolConfigurator: reserve initialisation (markets, tokens, token templates) and every risk
// parameter of every version 3.0.0–3.7. A RiskParameterChange is written for each parameter whose
// value actually changes (old value = the event's old value where it has one, else the stored one).
import { Address, BigInt, Bytes, DataSourceContext, dataSource, ethereum } from '@graphprotocol/graph-ts';
import {
  ATokenUpgraded,
  AssetBorrowableInEModeChanged,
  AssetCollateralInEModeChanged,
  AssetLtvzeroInEModeChanged,
  BorrowCapChanged,
  BorrowableInIsolationChanged,
  BridgeProtocolFeeUpdated,
  CollateralConfigurationChanged,
  DebtCeilingChanged,
  EModeAssetCategoryChanged,
  EModeCategoryAdded,
  EModeCategoryIsolationChanged,
  FlashloanPremiumToProtocolUpdated,
  FlashloanPremiumTotalUpdated,
  LiquidationGracePeriodChanged,
  LiquidationGracePeriodDisabled,
  LiquidationProtocolFeeChanged,
  PendingLtvChanged,
  ReserveActive,
  ReserveBorrowing,
  ReserveDropped,
  ReserveFactorChanged,
  ReserveFlashLoaning,
  ReserveFrozen,
  ReserveInitialized,
  ReserveInterestRateDataChanged,
  ReserveInterestRateStrategyChanged,
  ReservePaused,
  ReserveStableRateBorrowing,
  SiloedBorrowingChanged,
  StableDebtTokenUpgraded,
  SupplyCapChanged,
  UnbackedMintCapChanged,
  VariableDebtTokenUpgraded,
} from '../generated/templates/PoolConfigurator/PoolConfigurator';
import { AaveOracle as AaveOracleContract } from '../generated/templates/PoolConfigurator/AaveOracle';
import { AToken as ATokenContract } from '../generated/templates/PoolConfigurator/AToken';
import { VariableDebtToken as VariableDebtTokenContract } from '../generated/templates/PoolConfigurator/VariableDebtToken';
import { AToken, StableDebtToken, VariableDebtToken } from '../generated/templates';
import { EModeCategory, Market, Protocol, Token } from '../generated/schema';
import {
  BI_ONE,
  BI_ZERO,
  CTX_PROTOCOL,
  CTX_UNDERLYING,
  KIND_ATOKEN,
  KIND_STABLE_DEBT,
  KIND_UNDERLYING,
  KIND_VARIABLE_DEBT,
  ZERO_ADDRESS,
  launchedOn300,
} from './constants';
import { contextProtocol, getOrCreateToken, newMarket, saveMarket, saveProtocol } from './entities';
import { trackPriceSource } from './prices';
import { boolStr, recordChange } from './risk';

// ---------------------------------------------------------------- helpers

function marketOf(asset: Address): Market | null {
  return Market.load(asset);
}

function finish(market: Market, protocol: Protocol, event: ethereum.Event): void {
  saveMarket(market, protocol, event);
  saveProtocol(protocol, event);
}

function setInt(event: ethereum.Event, market: Market, field: string, value: i32, parameter: string): void {
  let old = market.getI32(field);
  if (old == value) return;
  market.setI32(field, value);
  recordChange(event, market.id, null, parameter, old.toString(), value.toString());
}

function setBool(event: ethereum.Event, market: Market, field: string, value: boolean, parameter: string): void {
  let old = market.getBoolean(field);
  if (old == value) return;
  market.setBoolean(field, value);
  recordChange(event, market.id, null, parameter, boolStr(old), boolStr(value));
}

function setBig(event: ethereum.Event, market: Market, field: string, oldValue: BigInt, value: BigInt, parameter: string): void {
  let stored = market.getBigInt(field);
  if (stored.equals(value) && oldValue.equals(value)) return;
  market.setBigInt(field, value);
  recordChange(event, market.id, null, parameter, oldValue.toString(), value.toString());
}

/** Single boolean flag events: ReserveBorrowing, ReserveFrozen, ... */
function boolEvent(event: ethereum.Event, asset: Address, field: string, value: boolean, parameter: string): void {
  let market = marketOf(asset);
  if (market === null) return;
  let protocol = contextProtocol(event);
  setBool(event, market, field, value, parameter);
  finish(market, protocol, event);
}

function bigEvent(event: ethereum.Event, asset: Address, field: string, oldValue: BigInt, value: BigInt, parameter: string): void {
  let market = marketOf(asset);
  if (market === null) return;
  let protocol = contextProtocol(event);
  setBig(event, market, field, oldValue, value, parameter);
  finish(market, protocol, event);
}

/** ATOKEN_REVISION (>= 4: Aave 3.5 rounding); 0 when unreadable. */
function aTokenRevision(token: Address): i32 {
  let r = ATokenContract.bind(token).try_ATOKEN_REVISION();
  return r.reverted ? 0 : r.value.toI32();
}

/** DEBT_TOKEN_REVISION of a variable debt token; 0 when unreadable. */
function debtTokenRevision(token: Address): i32 {
  let r = VariableDebtTokenContract.bind(token).try_DEBT_TOKEN_REVISION();
  return r.reverted ? 0 : r.value.toI32();
}

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

/** Sets or clears the reserve's bit in a category bitmap (3.2+ AssetCollateral/Borrowable/Ltvzero). */
function setBitmap(bitmap: BigInt, reserveId: i32, on: boolean): BigInt {
  let b = bit(reserveId);
  let isSet = !bitmap.bitAnd(b).isZero();
  if (on && !isSet) return bitmap.bitOr(b);
  if (!on && isSet) return bitmap.minus(b);
  return bitmap;
}

// ---------------------------------------------------------------- reserve lifecycle

/**
 * The reserve id PoolLogic.executeInitReserve assigns: the first slot below reservesCount left
 * empty by a dropped reserve, else reservesCount (which then grows). Protocol.marketCount mirrors
 * Pool.getReservesCount() (slots, dropped ones included).
 */
function nextReserveId(protocol: Protocol): i32 {
  let count = protocol.marketCount;
  let markets = protocol.markets.load();
  let used = new Array<bool>(count);
  for (let i = 0; i < count; i++) used[i] = false;
  for (let i = 0; i < markets.length; i++) {
    let m = markets[i];
    if (!m.isDropped && m.reserveId >= 0 && m.reserveId < count) used[m.reserveId] = true;
  }
  for (let i = 0; i < count; i++) if (!used[i]) return i;
  protocol.marketCount = count + 1;
  return count;
}

export function handleReserveInitialized(event: ReserveInitialized): void {
  let protocol = contextProtocol(event);
  let asset = event.params.asset;
  let market = newMarket(asset, protocol, event);

  let underlying = getOrCreateToken(asset, KIND_UNDERLYING);
  underlying.market = asset;
  market.symbol = underlying.symbol;
  market.name = underlying.name;
  market.decimals = underlying.decimals;

  let aToken = getOrCreateToken(event.params.aToken, KIND_ATOKEN);
  aToken.market = asset;
  aToken.balanceTransferScaled = !launchedOn300(dataSource.network()) || protocol.poolUpgradedBlock !== null;
  aToken.revision = aTokenRevision(event.params.aToken);
  let vToken = getOrCreateToken(event.params.variableDebtToken, KIND_VARIABLE_DEBT);
  vToken.market = asset;
  vToken.revision = debtTokenRevision(event.params.variableDebtToken);
  market.aToken = aToken.id;
  market.variableDebtToken = vToken.id;

  let ctx = new DataSourceContext();
  ctx.setBytes(CTX_PROTOCOL, protocol.id);
  ctx.setBytes(CTX_UNDERLYING, asset);
  AToken.createWithContext(event.params.aToken, ctx);
  VariableDebtToken.createWithContext(event.params.variableDebtToken, ctx);
  if (event.params.stableDebtToken.notEqual(ZERO_ADDRESS)) {
    let sToken = getOrCreateToken(event.params.stableDebtToken, KIND_STABLE_DEBT);
    sToken.market = asset;
    sToken.save();
    market.stableDebtToken = sToken.id;
    StableDebtToken.createWithContext(event.params.stableDebtToken, ctx);
  }

  market.reserveId = nextReserveId(protocol);
  market.interestRateStrategy = event.params.interestRateStrategyAddress;
  recordChange(event, asset, null, 'interestRateStrategy', null, event.params.interestRateStrategyAddress.toHexString());

  underlying.save();
  aToken.save();
  vToken.save();
  saveMarket(market, protocol, event);

  // Price: the oracle's source for this asset was set before (often in the oracle's constructor,
  // before the oracle was followed); read it once now.
  if (underlying.priceSource === null && protocol.oracle !== null) {
    let src = AaveOracleContract.bind(Address.fromBytes(protocol.oracle!)).try_getSourceOfAsset(asset);
    if (!src.reverted) trackPriceSource(underlying, src.value, protocol, event);
  }
  saveProtocol(protocol, event);
}

export function handleReserveDropped(event: ReserveDropped): void {
  let market = marketOf(event.params.asset);
  if (market === null) return;
  let protocol = contextProtocol(event);
  setBool(event, market, 'isDropped', true, 'dropped');
  setBool(event, market, 'isActive', false, 'active');
  finish(market, protocol, event);
}

export function handleATokenUpgraded(event: ATokenUpgraded): void {
  let market = marketOf(event.params.asset);
  if (market === null) return;
  // Any implementation installed by an upgrade is 3.0.1+ : BalanceTransfer emits the scaled value.
  let t = Token.load(market.aToken);
  if (t !== null) {
    t.balanceTransferScaled = true;
    t.revision = aTokenRevision(Address.fromBytes(t.id));
    t.save();
  }
  recordChange(event, market.id, null, 'aTokenImplementation', null, event.params.implementation.toHexString());
}

export function handleVariableDebtTokenUpgraded(event: VariableDebtTokenUpgraded): void {
  let market = marketOf(event.params.asset);
  if (market === null) return;
  let t = Token.load(market.variableDebtToken);
  if (t !== null) {
    t.revision = debtTokenRevision(Address.fromBytes(t.id));
    t.save();
  }
  recordChange(event, market.id, null, 'variableDebtTokenImplementation', null, event.params.implementation.toHexString());
}

export function handleStableDebtTokenUpgraded(event: StableDebtTokenUpgraded): void {
  let market = marketOf(event.params.asset);
  if (market === null) return;
  recordChange(event, market.id, null, 'stableDebtTokenImplementation', null, event.params.implementation.toHexString());
}

// ---------------------------------------------------------------- risk parameters

export function handleCollateralConfigurationChanged(event: CollateralConfigurationChanged): void {
  let market = marketOf(event.params.asset);
  if (market === null) return;
  let protocol = contextProtocol(event);
  setInt(event, market, 'ltv', event.params.ltv.toI32(), 'ltv');
  setInt(event, market, 'liquidationThreshold', event.params.liquidationThreshold.toI32(), 'liquidationThreshold');
  setInt(event, market, 'liquidationBonus', event.params.liquidationBonus.toI32(), 'liquidationBonus');
  market.usageAsCollateralEnabled = market.liquidationThreshold > 0;
  finish(market, protocol, event);
}

export function handleReserveBorrowing(event: ReserveBorrowing): void {
  boolEvent(event, event.params.asset, 'borrowingEnabled', event.params.enabled, 'borrowing');
}
export function handleReserveStableRateBorrowing(event: ReserveStableRateBorrowing): void {
  boolEvent(event, event.params.asset, 'stableBorrowingEnabled', event.params.enabled, 'stableBorrowing');
}
export function handleReserveFlashLoaning(event: ReserveFlashLoaning): void {
  boolEvent(event, event.params.asset, 'flashLoanEnabled', event.params.enabled, 'flashLoaning');
}
export function handleReserveActive(event: ReserveActive): void {
  boolEvent(event, event.params.asset, 'isActive', event.params.active, 'active');
}
export function handleReserveFrozen(event: ReserveFrozen): void {
  boolEvent(event, event.params.asset, 'isFrozen', event.params.frozen, 'frozen');
}
export function handleReservePaused(event: ReservePaused): void {
  boolEvent(event, event.params.asset, 'isPaused', event.params.paused, 'paused');
}
export function handleBorrowableInIsolationChanged(event: BorrowableInIsolationChanged): void {
  boolEvent(event, event.params.asset, 'borrowableInIsolation', event.params.borrowable, 'borrowableInIsolation');
}
export function handleSiloedBorrowingChanged(event: SiloedBorrowingChanged): void {
  boolEvent(event, event.params.asset, 'isSiloed', event.params.newState, 'siloedBorrowing');
}

export function handleReserveFactorChanged(event: ReserveFactorChanged): void {
  let market = marketOf(event.params.asset);
  if (market === null) return;
  let protocol = contextProtocol(event);
  setInt(event, market, 'reserveFactor', event.params.newReserveFactor.toI32(), 'reserveFactor');
  finish(market, protocol, event);
}

export function handleLiquidationProtocolFeeChanged(event: LiquidationProtocolFeeChanged): void {
  let market = marketOf(event.params.asset);
  if (market === null) return;
  let protocol = contextProtocol(event);
  setInt(event, market, 'liquidationProtocolFee', event.params.newFee.toI32(), 'liquidationProtocolFee');
  finish(market, protocol, event);
}

export function handleSupplyCapChanged(event: SupplyCapChanged): void {
  bigEvent(event, event.params.asset, 'supplyCap', event.params.oldSupplyCap, event.params.newSupplyCap, 'supplyCap');
}
export function handleBorrowCapChanged(event: BorrowCapChanged): void {
  bigEvent(event, event.params.asset, 'borrowCap', event.params.oldBorrowCap, event.params.newBorrowCap, 'borrowCap');
}
export function handleDebtCeilingChanged(event: DebtCeilingChanged): void {
  bigEvent(event, event.params.asset, 'debtCeiling', event.params.oldDebtCeiling, event.params.newDebtCeiling, 'debtCeiling');
}
export function handleUnbackedMintCapChanged(event: UnbackedMintCapChanged): void {
  bigEvent(event, event.params.asset, 'unbackedMintCap', event.params.oldUnbackedMintCap, event.params.newUnbackedMintCap, 'unbackedMintCap');
}

export function handleReserveInterestRateStrategyChanged(event: ReserveInterestRateStrategyChanged): void {
  let market = marketOf(event.params.asset);
  if (market === null) return;
  let protocol = contextProtocol(event);
  let old = market.interestRateStrategy;
  if (old === null || old!.notEqual(event.params.newStrategy)) {
    market.interestRateStrategy = event.params.newStrategy;
    recordChange(event, market.id, null, 'interestRateStrategy', event.params.oldStrategy.toHexString(), event.params.newStrategy.toHexString());
  }
  finish(market, protocol, event);
}

/** 3.1+: rate data (abi-encoded InterestRateData) set on the v2 strategy. */
export function handleReserveInterestRateDataChanged(event: ReserveInterestRateDataChanged): void {
  let market = marketOf(event.params.asset);
  if (market === null) return;
  let protocol = contextProtocol(event);
  let old = market.interestRateStrategy;
  if (old === null || old!.notEqual(event.params.strategy)) {
    market.interestRateStrategy = event.params.strategy;
    recordChange(event, market.id, null, 'interestRateStrategy', old === null ? null : old!.toHexString(), event.params.strategy.toHexString());
  }
  recordChange(event, market.id, null, 'interestRateData', null, event.params.data.toHexString());
  finish(market, protocol, event);
}

/** 3.1+: LTV requested while the reserve is frozen (the effective LTV stays 0). */
export function handlePendingLtvChanged(event: PendingLtvChanged): void {
  let market = marketOf(event.params.asset);
  if (market === null) return;
  recordChange(event, market.id, null, 'pendingLtv', null, event.params.ltv.toString());
}

export function handleLiquidationGracePeriodChanged(event: LiquidationGracePeriodChanged): void {
  let market = marketOf(event.params.asset);
  if (market === null) return;
  recordChange(event, market.id, null, 'liquidationGracePeriodUntil', null, event.params.gracePeriodUntil.toString());
}

export function handleLiquidationGracePeriodDisabled(event: LiquidationGracePeriodDisabled): void {
  let market = marketOf(event.params.asset);
  if (market === null) return;
  recordChange(event, market.id, null, 'liquidationGracePeriodUntil', null, '0');
}

// ---------------------------------------------------------------- e-mode

export function handleEModeCategoryAdded(event: EModeCategoryAdded): void {
  let protocol = contextProtocol(event);
  let id = event.params.categoryId;
  let c = getOrCreateCategory(id, protocol);
  let cid = c.id;
  let ltv = event.params.ltv.toI32();
  let lt = event.params.liquidationThreshold.toI32();
  let lb = event.params.liquidationBonus.toI32();
  let isNew = EModeCategory.load(cid) === null;
  if (isNew || c.ltv != ltv) recordChange(event, null, cid, 'ltv', isNew ? null : c.ltv.toString(), ltv.toString());
  if (isNew || c.liquidationThreshold != lt) recordChange(event, null, cid, 'liquidationThreshold', isNew ? null : c.liquidationThreshold.toString(), lt.toString());
  if (isNew || c.liquidationBonus != lb) recordChange(event, null, cid, 'liquidationBonus', isNew ? null : c.liquidationBonus.toString(), lb.toString());
  if (isNew || c.label != event.params.label) recordChange(event, null, cid, 'label', isNew ? null : c.label, event.params.label);
  let oldOracle = c.priceSource;
  let newOracle: Bytes = event.params.oracle;
  if ((oldOracle === null && newOracle.notEqual(ZERO_ADDRESS)) || (oldOracle !== null && oldOracle!.notEqual(newOracle))) {
    recordChange(event, null, cid, 'priceSource', oldOracle === null ? null : oldOracle!.toHexString(), newOracle.toHexString());
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
  let market = marketOf(event.params.asset);
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
  recordChange(event, market.id, newId == 0 ? null : newId.toString(), 'eModeCategory', event.params.oldCategoryId.toString(), newId.toString());
  finish(market, protocol, event);
}

function bitmapEvent(event: ethereum.Event, asset: Address, categoryId: i32, on: boolean, which: i32, parameter: string): void {
  let market = marketOf(asset);
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
  bitmapEvent(event, event.params.asset, event.params.categoryId, event.params.collateral, 0, 'eModeCollateral');
}
/** 3.2+: borrowable bitmap. */
export function handleAssetBorrowableInEModeChanged(event: AssetBorrowableInEModeChanged): void {
  bitmapEvent(event, event.params.asset, event.params.categoryId, event.params.borrowable, 1, 'eModeBorrowable');
}
/** 3.6+: ltv-zero bitmap. */
export function handleAssetLtvzeroInEModeChanged(event: AssetLtvzeroInEModeChanged): void {
  bitmapEvent(event, event.params.asset, event.params.categoryId, event.params.ltvzero, 2, 'eModeLtvzero');
}

/** 3.7: category-level isolation flag (recorded as a change; no dedicated field). */
export function handleEModeCategoryIsolationChanged(event: EModeCategoryIsolationChanged): void {
  let protocol = contextProtocol(event);
  let c = getOrCreateCategory(event.params.categoryId, protocol);
  c.save();
  recordChange(event, null, c.id, 'isolated', null, boolStr(event.params.isolated));
}

// ---------------------------------------------------------------- protocol-level

export function handleFlashloanPremiumTotalUpdated(event: FlashloanPremiumTotalUpdated): void {
  let protocol = contextProtocol(event);
  let v = event.params.newFlashloanPremiumTotal.toI32();
  recordChange(event, null, null, 'flashLoanPremiumTotal', event.params.oldFlashloanPremiumTotal.toString(), v.toString());
  protocol.flashLoanPremiumTotal = v;
  saveProtocol(protocol, event);
}

export function handleFlashloanPremiumToProtocolUpdated(event: FlashloanPremiumToProtocolUpdated): void {
  let protocol = contextProtocol(event);
  let v = event.params.newFlashloanPremiumToProtocol.toI32();
  recordChange(event, null, null, 'flashLoanPremiumToProtocol', event.params.oldFlashloanPremiumToProtocol.toString(), v.toString());
  protocol.flashLoanPremiumToProtocol = v;
  saveProtocol(protocol, event);
}

export function handleBridgeProtocolFeeUpdated(event: BridgeProtocolFeeUpdated): void {
  recordChange(event, null, null, 'bridgeProtocolFee', event.params.oldBridgeProtocolFee.toString(), event.params.newBridgeProtocolFee.toString());
}
