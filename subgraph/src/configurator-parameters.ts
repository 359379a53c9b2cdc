// PoolConfigurator, reserve risk parameters: collateral configuration, flags, reserve factor,
// liquidation protocol fee, caps, debt ceiling, interest rate strategy and rate data (3.1+),
// pending LTV and liquidation grace periods (3.1+). Each parameter whose value changes is written
// on the Market and recorded as a RiskParameterChange (old value from the event where it has one).
import { Address, BigInt, ethereum } from '@graphprotocol/graph-ts';
import {
  BorrowCapChanged,
  BorrowableInIsolationChanged,
  CollateralConfigurationChanged,
  DebtCeilingChanged,
  LiquidationGracePeriodChanged,
  LiquidationGracePeriodDisabled,
  LiquidationProtocolFeeChanged,
  PendingLtvChanged,
  ReserveActive,
  ReserveBorrowing,
  ReserveFactorChanged,
  ReserveFlashLoaning,
  ReserveFrozen,
  ReserveInterestRateDataChanged,
  ReserveInterestRateStrategyChanged,
  ReservePaused,
  ReserveStableRateBorrowing,
  SiloedBorrowingChanged,
  SupplyCapChanged,
  UnbackedMintCapChanged,
} from '../generated/templates/PoolConfigurator/PoolConfigurator';
import { Market } from '../generated/schema';
import { contextProtocol, saveMarketAndProtocol } from './entities';
import { applyRateData, readStrategyModel } from './rate-strategy';
import { recordChange, setMarketBigInt, setMarketBool, setMarketInt } from './risk';

/** Single boolean flag events: ReserveBorrowing, ReserveFrozen, ... */
function boolEvent(
  event: ethereum.Event,
  asset: Address,
  field: string,
  value: boolean,
  parameter: string,
): void {
  let market = Market.load(asset);
  if (market === null) return;
  let protocol = contextProtocol(event);
  setMarketBool(event, market, field, value, parameter);
  saveMarketAndProtocol(market, protocol, event);
}

function bigEvent(
  event: ethereum.Event,
  asset: Address,
  field: string,
  oldValue: BigInt,
  value: BigInt,
  parameter: string,
): void {
  let market = Market.load(asset);
  if (market === null) return;
  let protocol = contextProtocol(event);
  setMarketBigInt(event, market, field, oldValue, value, parameter);
  saveMarketAndProtocol(market, protocol, event);
}

export function handleCollateralConfigurationChanged(event: CollateralConfigurationChanged): void {
  let market = Market.load(event.params.asset);
  if (market === null) return;
  let protocol = contextProtocol(event);
  setMarketInt(event, market, 'ltv', event.params.ltv.toI32(), 'ltv');
  setMarketInt(
    event,
    market,
    'liquidationThreshold',
    event.params.liquidationThreshold.toI32(),
    'liquidationThreshold',
  );
  setMarketInt(
    event,
    market,
    'liquidationBonus',
    event.params.liquidationBonus.toI32(),
    'liquidationBonus',
  );
  market.usageAsCollateralEnabled = market.liquidationThreshold > 0;
  saveMarketAndProtocol(market, protocol, event);
}

export function handleReserveBorrowing(event: ReserveBorrowing): void {
  boolEvent(event, event.params.asset, 'borrowingEnabled', event.params.enabled, 'borrowing');
}
export function handleReserveStableRateBorrowing(event: ReserveStableRateBorrowing): void {
  boolEvent(
    event,
    event.params.asset,
    'stableBorrowingEnabled',
    event.params.enabled,
    'stableBorrowing',
  );
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
  boolEvent(
    event,
    event.params.asset,
    'borrowableInIsolation',
    event.params.borrowable,
    'borrowableInIsolation',
  );
}
export function handleSiloedBorrowingChanged(event: SiloedBorrowingChanged): void {
  boolEvent(event, event.params.asset, 'isSiloed', event.params.newState, 'siloedBorrowing');
}

export function handleReserveFactorChanged(event: ReserveFactorChanged): void {
  let market = Market.load(event.params.asset);
  if (market === null) return;
  let protocol = contextProtocol(event);
  setMarketInt(
    event,
    market,
    'reserveFactor',
    event.params.newReserveFactor.toI32(),
    'reserveFactor',
  );
  saveMarketAndProtocol(market, protocol, event);
}

export function handleLiquidationProtocolFeeChanged(event: LiquidationProtocolFeeChanged): void {
  let market = Market.load(event.params.asset);
  if (market === null) return;
  let protocol = contextProtocol(event);
  setMarketInt(
    event,
    market,
    'liquidationProtocolFee',
    event.params.newFee.toI32(),
    'liquidationProtocolFee',
  );
  saveMarketAndProtocol(market, protocol, event);
}

export function handleSupplyCapChanged(event: SupplyCapChanged): void {
  bigEvent(
    event,
    event.params.asset,
    'supplyCap',
    event.params.oldSupplyCap,
    event.params.newSupplyCap,
    'supplyCap',
  );
}
export function handleBorrowCapChanged(event: BorrowCapChanged): void {
  bigEvent(
    event,
    event.params.asset,
    'borrowCap',
    event.params.oldBorrowCap,
    event.params.newBorrowCap,
    'borrowCap',
  );
}
export function handleDebtCeilingChanged(event: DebtCeilingChanged): void {
  bigEvent(
    event,
    event.params.asset,
    'debtCeiling',
    event.params.oldDebtCeiling,
    event.params.newDebtCeiling,
    'debtCeiling',
  );
}
export function handleUnbackedMintCapChanged(event: UnbackedMintCapChanged): void {
  bigEvent(
    event,
    event.params.asset,
    'unbackedMintCap',
    event.params.oldUnbackedMintCap,
    event.params.newUnbackedMintCap,
    'unbackedMintCap',
  );
}

export function handleReserveInterestRateStrategyChanged(
  event: ReserveInterestRateStrategyChanged,
): void {
  let market = Market.load(event.params.asset);
  if (market === null) return;
  let protocol = contextProtocol(event);
  let old = market.interestRateStrategy;
  if (old === null || old!.notEqual(event.params.newStrategy)) {
    market.interestRateStrategy = event.params.newStrategy;
    recordChange(
      event,
      market.id,
      null,
      'interestRateStrategy',
      event.params.oldStrategy.toHexString(),
      event.params.newStrategy.toHexString(),
    );
  }
  readStrategyModel(market, event.params.newStrategy);
  saveMarketAndProtocol(market, protocol, event);
}

/** 3.1+: rate data (abi-encoded InterestRateData) set on the v2 strategy. */
export function handleReserveInterestRateDataChanged(event: ReserveInterestRateDataChanged): void {
  let market = Market.load(event.params.asset);
  if (market === null) return;
  let protocol = contextProtocol(event);
  let old = market.interestRateStrategy;
  if (old === null || old!.notEqual(event.params.strategy)) {
    market.interestRateStrategy = event.params.strategy;
    recordChange(
      event,
      market.id,
      null,
      'interestRateStrategy',
      old === null ? null : old!.toHexString(),
      event.params.strategy.toHexString(),
    );
  }
  recordChange(event, market.id, null, 'interestRateData', null, event.params.data.toHexString());
  applyRateData(market, event.params.data);
  saveMarketAndProtocol(market, protocol, event);
}

/** 3.1+: LTV requested while the reserve is frozen (the effective LTV stays 0). */
export function handlePendingLtvChanged(event: PendingLtvChanged): void {
  let market = Market.load(event.params.asset);
  if (market === null) return;
  recordChange(event, market.id, null, 'pendingLtv', null, event.params.ltv.toString());
}

export function handleLiquidationGracePeriodChanged(event: LiquidationGracePeriodChanged): void {
  let market = Market.load(event.params.asset);
  if (market === null) return;
  recordChange(
    event,
    market.id,
    null,
    'liquidationGracePeriodUntil',
    null,
    event.params.gracePeriodUntil.toString(),
  );
}

export function handleLiquidationGracePeriodDisabled(event: LiquidationGracePeriodDisabled): void {
  let market = Market.load(event.params.asset);
  if (market === null) return;
  recordChange(event, market.id, null, 'liquidationGracePeriodUntil', null, '0');
}
