// Pool handlers: indexes and rates (ReserveDataUpdated), treasury accrual, isolation-mode debt,
// and the user actions, each handler extracting its event's params for the writer of its entity
// (user-actions.ts, liquidations.ts), as Messari's aave-v3 mapping calls its DataManager.
// Balances are NOT changed here: the token handlers (tokens.ts) own scaled balances, so every
// entity is right whatever the order of Pool and token events inside a transaction.
import { BigInt } from '@graphprotocol/graph-ts';
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
import { Market } from '../generated/schema';
import { finishActivity } from './action-steps';
import { BI_ZERO } from './constants';
import { contextProtocol, getOrCreateAccount, saveMarket, saveProtocol } from './entities';
import { createLiquidation } from './liquidations';
import { compoundedInterest, percentMul, rayDiv, rayMul } from './math';
import {
  createBorrow,
  createCollateralToggle,
  createDeficit,
  createEModeSet,
  createFlashLoan,
  createRepay,
  createSupply,
  createWithdraw,
} from './user-actions';

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
  if (
    market.reserveFactor > 0 &&
    newVarIndex.gt(market.variableBorrowIndex) &&
    !newLiqIndex.isZero()
  ) {
    let accrued = rayMul(market.scaledVariableDebt, newVarIndex).minus(
      rayMul(market.scaledVariableDebt, market.variableBorrowIndex),
    );
    let toMint = percentMul(accrued, BigInt.fromI32(market.reserveFactor));
    market.accruedToTreasury = market.accruedToTreasury.plus(rayDiv(toMint, newLiqIndex));
  }
  market.liquidityRate = event.params.liquidityRate;
  market.stableBorrowRate = event.params.stableBorrowRate;
  market.variableBorrowRate = event.params.variableBorrowRate;
  market.liquidityIndex = newLiqIndex;
  market.variableBorrowIndex = newVarIndex;
  market.lastUpdateTimestamp = event.block.timestamp;
  // StableDebtToken.totalSupply(): the stored supply grows at the average stable rate between
  // its Mints and Burns, without an event of its own.
  market.totalStableDebt = rayMul(
    market.stableDebtSupply,
    compoundedInterest(
      market.averageStableRate,
      market.stableDebtSupplyTimestamp,
      event.block.timestamp,
    ),
  );
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
  let p = event.params;
  createSupply(event, p.reserve, p.onBehalfOf, p.user, p.amount, p.referralCode);
}

export function handleWithdraw(event: Withdraw): void {
  let p = event.params;
  createWithdraw(event, p.reserve, p.user, p.to, p.amount);
}

export function handleBorrow(event: Borrow): void {
  let p = event.params;
  createBorrow(
    event,
    p.reserve,
    p.onBehalfOf,
    p.user,
    p.amount,
    p.interestRateMode,
    p.borrowRate,
    p.referralCode,
  );
}

export function handleRepay(event: Repay): void {
  let p = event.params;
  createRepay(event, p.reserve, p.user, p.repayer, p.amount, p.useATokens);
}

export function handleLiquidationCall(event: LiquidationCall): void {
  let p = event.params;
  createLiquidation(
    event,
    p.collateralAsset,
    p.debtAsset,
    p.user,
    p.liquidator,
    p.debtToCover,
    p.liquidatedCollateralAmount,
    p.receiveAToken,
  );
}

export function handleFlashLoan(event: FlashLoan): void {
  let p = event.params;
  createFlashLoan(event, p.asset, p.target, p.initiator, p.amount, p.premium, p.interestRateMode);
}

export function handleReserveUsedAsCollateralEnabled(event: ReserveUsedAsCollateralEnabled): void {
  createCollateralToggle(event, event.params.reserve, event.params.user, true);
}

export function handleReserveUsedAsCollateralDisabled(
  event: ReserveUsedAsCollateralDisabled,
): void {
  createCollateralToggle(event, event.params.reserve, event.params.user, false);
}

export function handleUserEModeSet(event: UserEModeSet): void {
  createEModeSet(event, event.params.user, event.params.categoryId);
}

/** 3.3+: bad debt written off in a liquidation (positive amount). */
export function handleDeficitCreated(event: DeficitCreated): void {
  createDeficit(
    event,
    event.params.debtAsset,
    event.params.user,
    event.params.amountCreated,
    false,
  );
}

/** 3.3+: deficit covered (eliminateReserveDeficit): negative amount; account = caller. */
export function handleDeficitCovered(event: DeficitCovered): void {
  createDeficit(event, event.params.reserve, event.params.caller, event.params.amountCovered, true);
}

// ------------------------------------------------------- actions with no entity of their own

/** 3.0–3.3 portals: aTokens minted without backing (balances via the aToken Mint). */
export function handleMintUnbacked(event: MintUnbacked): void {
  let market = Market.load(event.params.reserve);
  if (market === null) return;
  let protocol = contextProtocol(event);
  let account = getOrCreateAccount(event.params.onBehalfOf, protocol, event);
  finishActivity(protocol, account, event, market);
}

export function handleBackUnbacked(event: BackUnbacked): void {
  let market = Market.load(event.params.reserve);
  if (market === null) return;
  let protocol = contextProtocol(event);
  saveMarket(market, protocol, event);
  saveProtocol(protocol, event);
}

export function handleSwapBorrowRateMode(event: SwapBorrowRateMode): void {
  let protocol = contextProtocol(event);
  let account = getOrCreateAccount(event.params.user, protocol, event);
  finishActivity(protocol, account, event, null);
}

export function handleRebalanceStableBorrowRate(event: RebalanceStableBorrowRate): void {
  let protocol = contextProtocol(event);
  let account = getOrCreateAccount(event.params.user, protocol, event);
  finishActivity(protocol, account, event, null);
}
