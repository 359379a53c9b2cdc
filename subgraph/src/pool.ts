// Pool: indexes and rates (ReserveDataUpdated), user action entities and counters, collateral
// flags, e-mode, isolation-mode debt, liquidations (bonus + protocol fee), flash loans, deficits.
// Balances are NOT changed here: the token handlers (tokens.ts) own scaled balances, so every
// entity is right whatever the order of Pool and token events inside a transaction.
import { Address, BigDecimal, BigInt, Bytes, ethereum } from '@graphprotocol/graph-ts';
import {
  BackUnbacked,
  Borrow,
  DeficitCovered,
  DeficitCreated,
  FlashLoan,
  IsolationModeTotalDebtUpdated,
  LiquidationCall,
  MintUnbacked,
  MintedToTreasury,
  RebalanceStableBorrowRate,
  Repay,
  ReserveDataUpdated,
  ReserveUsedAsCollateralDisabled,
  ReserveUsedAsCollateralEnabled,
  Supply,
  SwapBorrowRateMode,
  UserEModeSet,
  Withdraw,
} from '../generated/templates/Pool/Pool';
import {
  Account,
  Borrow as BorrowEntity,
  CollateralToggle,
  Deficit,
  EModeCategory,
  EModeSet,
  FlashLoan as FlashLoanEntity,
  Liquidation,
  Market,
  Protocol,
  Repay as RepayEntity,
  Supply as SupplyEntity,
  Withdraw as WithdrawEntity,
} from '../generated/schema';
import { BI_ONE, BI_ZERO } from './constants';
import {
  amountUSD,
  applyPositionFlags,
  contextProtocol,
  eventId,
  getOrCreateAccount,
  getOrCreatePosition,
  positionFlags,
  saveMarket,
  saveProtocol,
  touchAccount,
} from './entities';
import { PERCENTAGE_FACTOR, percentDiv, percentMul, rayDiv, rayMul } from './math';
import {
  FLOW_BORROWED,
  FLOW_REPAID,
  FLOW_SUPPLIED,
  FLOW_WITHDRAWN,
  addMarketFlow,
  addMarketLiquidation,
  getProtocolDaily,
} from './snapshots';

const PDAY_SUPPLY = 0;
const PDAY_WITHDRAW = 1;
const PDAY_BORROW = 2;
const PDAY_REPAY = 3;
const PDAY_LIQUIDATION = 4;
const PDAY_NONE = 5;

/** Adds a USD flow and (optionally) one active account to today's ProtocolDailySnapshot. */
function protocolDaily(protocol: Protocol, event: ethereum.Event, kind: i32, usd: BigDecimal, newActive: i32): void {
  let s = getProtocolDaily(protocol, event.block);
  if (kind == PDAY_SUPPLY) s.supplyUSD = s.supplyUSD.plus(usd);
  else if (kind == PDAY_WITHDRAW) s.withdrawUSD = s.withdrawUSD.plus(usd);
  else if (kind == PDAY_BORROW) s.borrowUSD = s.borrowUSD.plus(usd);
  else if (kind == PDAY_REPAY) s.repayUSD = s.repayUSD.plus(usd);
  else if (kind == PDAY_LIQUIDATION) {
    s.liquidationUSD = s.liquidationUSD.plus(usd);
    s.liquidationCount = s.liquidationCount + 1;
  }
  s.activeAccounts = s.activeAccounts + newActive;
  s.save();
}

function activity(account: Account, event: ethereum.Event): i32 {
  return touchAccount(account, event) ? 1 : 0;
}

// ---------------------------------------------------------------- reserve state

export function handleReserveDataUpdated(event: ReserveDataUpdated): void {
  let market = Market.load(event.params.reserve);
  if (market === null) return;
  let protocol = contextProtocol(event);
  let newVarIndex = event.params.variableBorrowIndex;
  let newLiqIndex = event.params.liquidityIndex;
  // Treasury accrual (ReserveLogic._accrueToTreasury, variable-debt part), scaled by the new
  // liquidity index like ReserveData.accruedToTreasury. An estimate: borrow/repay burn or mint
  // debt before this event, so the scaled debt may already include this transaction's change.
  if (market.reserveFactor > 0 && newVarIndex.gt(market.variableBorrowIndex) && !newLiqIndex.isZero()) {
    let accrued = rayMul(market.scaledVariableDebt, newVarIndex).minus(rayMul(market.scaledVariableDebt, market.variableBorrowIndex));
    let toMint = percentMul(accrued, BigInt.fromI32(market.reserveFactor));
    market.accruedToTreasury = market.accruedToTreasury.plus(rayDiv(toMint, newLiqIndex));
  }
  market.liquidityRate = event.params.liquidityRate;
  market.stableBorrowRate = event.params.stableBorrowRate;
  market.variableBorrowRate = event.params.variableBorrowRate;
  market.liquidityIndex = newLiqIndex;
  market.variableBorrowIndex = newVarIndex;
  market.lastUpdateTimestamp = event.block.timestamp;
  saveMarket(market, protocol, event);
  saveProtocol(protocol, event);
}

export function handleMintedToTreasury(event: MintedToTreasury): void {
  let market = Market.load(event.params.reserve);
  if (market === null) return;
  let protocol = contextProtocol(event);
  market.accruedToTreasury = BI_ZERO;
  saveMarket(market, protocol, event);
  saveProtocol(protocol, event);
}

export function handleIsolationModeTotalDebtUpdated(event: IsolationModeTotalDebtUpdated): void {
  let market = Market.load(event.params.asset);
  if (market === null) return;
  let protocol = contextProtocol(event);
  market.isolationModeTotalDebt = event.params.totalDebt;
  saveMarket(market, protocol, event);
  saveProtocol(protocol, event);
}

// ---------------------------------------------------------------- user actions

export function handleSupply(event: Supply): void {
  let market = Market.load(event.params.reserve);
  if (market === null) return;
  let protocol = contextProtocol(event);
  let account = getOrCreateAccount(event.params.onBehalfOf, protocol, event);
  let amount = event.params.amount;
  let usd = amountUSD(market, amount, protocol);

  let e = new SupplyEntity(eventId(event));
  e.market = market.id;
  e.account = account.id;
  e.caller = event.params.user;
  e.amount = amount;
  e.amountUSD = usd;
  e.referralCode = event.params.referralCode;
  e.blockNumber = event.block.number;
  e.timestamp = event.block.timestamp;
  e.txHash = event.transaction.hash;
  e.logIndex = event.logIndex.toI32();
  e.save();

  market.cumulativeSupplied = market.cumulativeSupplied.plus(amount);
  market.cumulativeSupplyUSD = market.cumulativeSupplyUSD.plus(usd);
  market.supplyCount = market.supplyCount + 1;
  account.supplyCount = account.supplyCount + 1;
  protocol.cumulativeSupplyUSD = protocol.cumulativeSupplyUSD.plus(usd);
  addMarketFlow(market, event.block, FLOW_SUPPLIED, amount);
  protocolDaily(protocol, event, PDAY_SUPPLY, usd, activity(account, event));
  account.save();
  saveMarket(market, protocol, event);
  saveProtocol(protocol, event);
}

/** 3.0–3.3 portals: aTokens minted without backing (balances via the aToken Mint). */
export function handleMintUnbacked(event: MintUnbacked): void {
  let market = Market.load(event.params.reserve);
  if (market === null) return;
  let protocol = contextProtocol(event);
  let account = getOrCreateAccount(event.params.onBehalfOf, protocol, event);
  protocolDaily(protocol, event, PDAY_NONE, BigDecimal.zero(), activity(account, event));
  account.save();
  saveMarket(market, protocol, event);
  saveProtocol(protocol, event);
}

export function handleBackUnbacked(event: BackUnbacked): void {
  let market = Market.load(event.params.reserve);
  if (market === null) return;
  let protocol = contextProtocol(event);
  saveMarket(market, protocol, event);
  saveProtocol(protocol, event);
}

export function handleWithdraw(event: Withdraw): void {
  let market = Market.load(event.params.reserve);
  if (market === null) return;
  let protocol = contextProtocol(event);
  let account = getOrCreateAccount(event.params.user, protocol, event);
  let amount = event.params.amount;
  let usd = amountUSD(market, amount, protocol);

  let e = new WithdrawEntity(eventId(event));
  e.market = market.id;
  e.account = account.id;
  e.to = event.params.to;
  e.amount = amount;
  e.amountUSD = usd;
  e.blockNumber = event.block.number;
  e.timestamp = event.block.timestamp;
  e.txHash = event.transaction.hash;
  e.logIndex = event.logIndex.toI32();
  e.save();

  market.cumulativeWithdrawn = market.cumulativeWithdrawn.plus(amount);
  market.withdrawCount = market.withdrawCount + 1;
  account.withdrawCount = account.withdrawCount + 1;
  protocol.cumulativeWithdrawUSD = protocol.cumulativeWithdrawUSD.plus(usd);
  addMarketFlow(market, event.block, FLOW_WITHDRAWN, amount);
  protocolDaily(protocol, event, PDAY_WITHDRAW, usd, activity(account, event));
  account.save();
  saveMarket(market, protocol, event);
  saveProtocol(protocol, event);
}

export function handleBorrow(event: Borrow): void {
  let market = Market.load(event.params.reserve);
  if (market === null) return;
  let protocol = contextProtocol(event);
  let account = getOrCreateAccount(event.params.onBehalfOf, protocol, event);
  let amount = event.params.amount;
  let usd = amountUSD(market, amount, protocol);

  let e = new BorrowEntity(eventId(event));
  e.market = market.id;
  e.account = account.id;
  e.caller = event.params.user;
  e.amount = amount;
  e.amountUSD = usd;
  e.interestRateMode = event.params.interestRateMode;
  e.borrowRate = event.params.borrowRate;
  e.referralCode = event.params.referralCode;
  e.blockNumber = event.block.number;
  e.timestamp = event.block.timestamp;
  e.txHash = event.transaction.hash;
  e.logIndex = event.logIndex.toI32();
  e.save();

  market.cumulativeBorrowed = market.cumulativeBorrowed.plus(amount);
  market.cumulativeBorrowUSD = market.cumulativeBorrowUSD.plus(usd);
  market.borrowCount = market.borrowCount + 1;
  account.borrowCount = account.borrowCount + 1;
  protocol.cumulativeBorrowUSD = protocol.cumulativeBorrowUSD.plus(usd);
  addMarketFlow(market, event.block, FLOW_BORROWED, amount);
  protocolDaily(protocol, event, PDAY_BORROW, usd, activity(account, event));
  account.save();
  saveMarket(market, protocol, event);
  saveProtocol(protocol, event);
}

export function handleRepay(event: Repay): void {
  let market = Market.load(event.params.reserve);
  if (market === null) return;
  let protocol = contextProtocol(event);
  let account = getOrCreateAccount(event.params.user, protocol, event);
  let amount = event.params.amount;
  let usd = amountUSD(market, amount, protocol);

  let e = new RepayEntity(eventId(event));
  e.market = market.id;
  e.account = account.id;
  e.repayer = event.params.repayer;
  e.amount = amount;
  e.amountUSD = usd;
  e.useATokens = event.params.useATokens;
  e.blockNumber = event.block.number;
  e.timestamp = event.block.timestamp;
  e.txHash = event.transaction.hash;
  e.logIndex = event.logIndex.toI32();
  e.save();

  market.cumulativeRepaid = market.cumulativeRepaid.plus(amount);
  market.repayCount = market.repayCount + 1;
  account.repayCount = account.repayCount + 1;
  protocol.cumulativeRepayUSD = protocol.cumulativeRepayUSD.plus(usd);
  addMarketFlow(market, event.block, FLOW_REPAID, amount);
  protocolDaily(protocol, event, PDAY_REPAY, usd, activity(account, event));
  account.save();
  saveMarket(market, protocol, event);
  saveProtocol(protocol, event);
}

export function handleSwapBorrowRateMode(event: SwapBorrowRateMode): void {
  let protocol = contextProtocol(event);
  let account = getOrCreateAccount(event.params.user, protocol, event);
  protocolDaily(protocol, event, PDAY_NONE, BigDecimal.zero(), activity(account, event));
  account.save();
  saveProtocol(protocol, event);
}

export function handleRebalanceStableBorrowRate(event: RebalanceStableBorrowRate): void {
  let protocol = contextProtocol(event);
  let account = getOrCreateAccount(event.params.user, protocol, event);
  protocolDaily(protocol, event, PDAY_NONE, BigDecimal.zero(), activity(account, event));
  account.save();
  saveProtocol(protocol, event);
}

// ---------------------------------------------------------------- collateral / e-mode

function toggleCollateral(event: ethereum.Event, reserve: Bytes, user: Bytes, enabled: boolean): void {
  let market = Market.load(reserve);
  if (market === null) return;
  let protocol = contextProtocol(event);
  let account = getOrCreateAccount(Address.fromBytes(user), protocol, event);
  let pos = getOrCreatePosition(account, market.id, event);
  let before = positionFlags(pos);
  pos.collateralEnabled = enabled;
  applyPositionFlags(before, pos, account, protocol, event);
  pos.save();

  let e = new CollateralToggle(eventId(event));
  e.market = market.id;
  e.account = account.id;
  e.enabled = enabled;
  e.blockNumber = event.block.number;
  e.timestamp = event.block.timestamp;
  e.txHash = event.transaction.hash;
  e.logIndex = event.logIndex.toI32();
  e.save();

  protocolDaily(protocol, event, PDAY_NONE, BigDecimal.zero(), activity(account, event));
  account.save();
  saveProtocol(protocol, event);
}

export function handleReserveUsedAsCollateralEnabled(event: ReserveUsedAsCollateralEnabled): void {
  toggleCollateral(event, event.params.reserve, event.params.user, true);
}

export function handleReserveUsedAsCollateralDisabled(event: ReserveUsedAsCollateralDisabled): void {
  toggleCollateral(event, event.params.reserve, event.params.user, false);
}

export function handleUserEModeSet(event: UserEModeSet): void {
  let protocol = contextProtocol(event);
  let account = getOrCreateAccount(event.params.user, protocol, event);
  account.eModeCategoryId = event.params.categoryId;
  let e = new EModeSet(eventId(event));
  e.account = account.id;
  e.categoryId = event.params.categoryId;
  e.blockNumber = event.block.number;
  e.timestamp = event.block.timestamp;
  e.txHash = event.transaction.hash;
  e.logIndex = event.logIndex.toI32();
  e.save();
  protocolDaily(protocol, event, PDAY_NONE, BigDecimal.zero(), activity(account, event));
  account.save();
  saveProtocol(protocol, event);
}

// ---------------------------------------------------------------- liquidations

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

function feeOf(total: BigInt, bonus: BigInt, feePct: BigInt): BigInt {
  let bonusCollateral = total.minus(percentDiv(total, bonus));
  return percentMul(bonusCollateral, feePct);
}

/**
 * Liquidation protocol fee exactly as LiquidationLogic computes it: with T the collateral taken
 * from the user, bonusCollateral = T - percentDiv(T, bonus), fee = percentMul(bonusCollateral, pct),
 * and the event's liquidatedCollateralAmount L = T - fee. T is solved from L (closed form, then
 * the exact integer T among neighbours with T - fee(T) == L).
 */
export function liquidationProtocolFee(liquidated: BigInt, bonus: i32, feePct: i32): BigInt {
  if (feePct <= 0 || bonus <= 10000 || liquidated.isZero()) return BI_ZERO;
  let b = BigInt.fromI32(bonus);
  let p = BigInt.fromI32(feePct);
  let denom = b.times(PERCENTAGE_FACTOR).minus(p.times(b.minus(PERCENTAGE_FACTOR)));
  let t0 = liquidated.times(b).times(PERCENTAGE_FACTOR).div(denom);
  for (let d = -3; d <= 3; d++) {
    let t = t0.plus(BigInt.fromI32(d));
    if (t.lt(liquidated)) continue;
    let fee = feeOf(t, b, p);
    if (t.minus(fee).equals(liquidated)) return fee;
  }
  return feeOf(t0, b, p);
}

export function handleLiquidationCall(event: LiquidationCall): void {
  let collateral = Market.load(event.params.collateralAsset);
  let debt = Market.load(event.params.debtAsset);
  if (collateral === null || debt === null) return;
  let protocol = contextProtocol(event);
  let account = getOrCreateAccount(event.params.user, protocol, event);
  let self = event.params.liquidator.equals(event.params.user);
  let liquidator = self ? account : getOrCreateAccount(event.params.liquidator, protocol, event);

  let seized = event.params.liquidatedCollateralAmount;
  let debtRepaid = event.params.debtToCover;
  let bonus = liquidationBonusFor(collateral, account);
  let fee = liquidationProtocolFee(seized, bonus, collateral.liquidationProtocolFee);
  let seizedUSD = amountUSD(collateral, seized, protocol);
  let feeUSD = amountUSD(collateral, fee, protocol);
  let debtUSD = amountUSD(debt, debtRepaid, protocol);

  let e = new Liquidation(eventId(event));
  e.account = account.id;
  e.liquidator = event.params.liquidator;
  e.collateralMarket = collateral.id;
  e.debtMarket = debt.id;
  e.debtRepaid = debtRepaid;
  e.debtRepaidUSD = debtUSD;
  e.collateralSeized = seized;
  e.collateralSeizedUSD = seizedUSD;
  e.protocolFee = fee;
  e.protocolFeeUSD = feeUSD;
  e.liquidatorBonusUSD = seizedUSD.minus(debtUSD);
  e.receiveAToken = event.params.receiveAToken;
  e.blockNumber = event.block.number;
  e.timestamp = event.block.timestamp;
  e.txHash = event.transaction.hash;
  e.logIndex = event.logIndex.toI32();
  e.save();

  let takenUSD = seizedUSD.plus(feeUSD);
  collateral.cumulativeLiquidatedCollateral = collateral.cumulativeLiquidatedCollateral.plus(seized.plus(fee));
  collateral.cumulativeLiquidatedCollateralUSD = collateral.cumulativeLiquidatedCollateralUSD.plus(takenUSD);
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

// ---------------------------------------------------------------- flash loans and deficits

export function handleFlashLoan(event: FlashLoan): void {
  let market = Market.load(event.params.asset);
  if (market === null) return;
  let protocol = contextProtocol(event);
  let e = new FlashLoanEntity(eventId(event));
  e.market = market.id;
  e.target = event.params.target;
  e.initiator = event.params.initiator;
  e.amount = event.params.amount;
  e.amountUSD = amountUSD(market, event.params.amount, protocol);
  e.premium = event.params.premium;
  e.premiumUSD = amountUSD(market, event.params.premium, protocol);
  e.interestRateMode = event.params.interestRateMode;
  e.blockNumber = event.block.number;
  e.timestamp = event.block.timestamp;
  e.txHash = event.transaction.hash;
  e.logIndex = event.logIndex.toI32();
  e.save();
  market.flashLoanCount = market.flashLoanCount + 1;
  protocol.flashLoanCount = protocol.flashLoanCount + 1;
  saveMarket(market, protocol, event);
  saveProtocol(protocol, event);
}

/** 3.3+: bad debt written off in a liquidation (positive amount). */
export function handleDeficitCreated(event: DeficitCreated): void {
  let market = Market.load(event.params.debtAsset);
  if (market === null) return;
  let protocol = contextProtocol(event);
  let d = new Deficit(eventId(event));
  d.market = market.id;
  d.account = event.params.user;
  d.amount = event.params.amountCreated;
  d.amountUSD = amountUSD(market, event.params.amountCreated, protocol);
  d.blockNumber = event.block.number;
  d.timestamp = event.block.timestamp;
  d.txHash = event.transaction.hash;
  d.logIndex = event.logIndex.toI32();
  d.save();
}

/** 3.3+: deficit covered (eliminateReserveDeficit): negative amount; account = caller. */
export function handleDeficitCovered(event: DeficitCovered): void {
  let market = Market.load(event.params.reserve);
  if (market === null) return;
  let protocol = contextProtocol(event);
  let d = new Deficit(eventId(event));
  d.market = market.id;
  d.account = event.params.caller;
  d.amount = event.params.amountCovered.neg();
  d.amountUSD = amountUSD(market, event.params.amountCovered, protocol).neg();
  d.blockNumber = event.block.number;
  d.timestamp = event.block.timestamp;
  d.txHash = event.transaction.hash;
  d.logIndex = event.logIndex.toI32();
  d.save();
}
