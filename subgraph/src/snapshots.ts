// Hourly / daily market snapshots and daily protocol snapshots.
// A snapshot holds the state of the last write in its period plus the flows of that period;
// the first write in a new hour/day creates a new snapshot (flows start at zero).
import { BigDecimal, BigInt, Bytes, ethereum } from '@graphprotocol/graph-ts';
import {
  Market,
  MarketDailySnapshot,
  MarketHourlySnapshot,
  Protocol,
  ProtocolDailySnapshot,
  Token,
} from '../generated/schema';
import { BD_ZERO, BI_ZERO, SECONDS_PER_DAY, SECONDS_PER_HOUR } from './constants';

export function hourIndex(timestamp: BigInt): i32 {
  return timestamp.toI32() / SECONDS_PER_HOUR;
}
export function dayIndex(timestamp: BigInt): i32 {
  return timestamp.toI32() / SECONDS_PER_DAY;
}
export function hourlySnapshotId(market: Bytes, hour: i32): Bytes {
  return market.concatI32(hour);
}
export function dailySnapshotId(id: Bytes, day: i32): Bytes {
  return id.concatI32(day);
}

function underlyingPriceUSD(market: Market): BigDecimal {
  let t = Token.load(market.underlyingToken);
  return t === null ? BD_ZERO : t.lastPriceUSD;
}

function getHourly(market: Market, block: ethereum.Block): MarketHourlySnapshot {
  let hour = hourIndex(block.timestamp);
  let id = hourlySnapshotId(market.id, hour);
  let s = MarketHourlySnapshot.load(id);
  if (s === null) {
    s = new MarketHourlySnapshot(id);
    s.market = market.id;
    s.hour = hour;
    s.supplied = BI_ZERO;
    s.withdrawn = BI_ZERO;
    s.borrowed = BI_ZERO;
    s.repaid = BI_ZERO;
    s.liquidatedCollateral = BI_ZERO;
    s.liquidatedCollateralUSD = BD_ZERO;
    s.liquidationCount = 0;
  }
  s.timestamp = block.timestamp;
  s.blockNumber = block.number;
  s.totalSupply = market.totalSupply;
  s.totalVariableDebt = market.totalVariableDebt;
  s.totalStableDebt = market.totalStableDebt;
  s.totalSupplyUSD = market.totalSupplyUSD;
  s.totalBorrowUSD = market.totalBorrowUSD;
  s.utilization = market.utilization;
  s.liquidityRate = market.liquidityRate;
  s.variableBorrowRate = market.variableBorrowRate;
  s.liquidityIndex = market.liquidityIndex;
  s.variableBorrowIndex = market.variableBorrowIndex;
  s.priceUSD = underlyingPriceUSD(market);
  return s;
}

function getDaily(market: Market, block: ethereum.Block): MarketDailySnapshot {
  let day = dayIndex(block.timestamp);
  let id = dailySnapshotId(market.id, day);
  let s = MarketDailySnapshot.load(id);
  if (s === null) {
    s = new MarketDailySnapshot(id);
    s.market = market.id;
    s.day = day;
    s.supplied = BI_ZERO;
    s.withdrawn = BI_ZERO;
    s.borrowed = BI_ZERO;
    s.repaid = BI_ZERO;
    s.liquidatedCollateral = BI_ZERO;
    s.liquidatedCollateralUSD = BD_ZERO;
    s.liquidationCount = 0;
  }
  s.timestamp = block.timestamp;
  s.blockNumber = block.number;
  s.totalSupply = market.totalSupply;
  s.totalVariableDebt = market.totalVariableDebt;
  s.totalStableDebt = market.totalStableDebt;
  s.totalSupplyUSD = market.totalSupplyUSD;
  s.totalBorrowUSD = market.totalBorrowUSD;
  s.utilization = market.utilization;
  s.liquidityRate = market.liquidityRate;
  s.variableBorrowRate = market.variableBorrowRate;
  s.liquidityIndex = market.liquidityIndex;
  s.variableBorrowIndex = market.variableBorrowIndex;
  s.priceUSD = underlyingPriceUSD(market);
  return s;
}

/** Writes the market's current state into this hour's and this day's snapshots. */
export function syncMarketSnapshots(market: Market, block: ethereum.Block): void {
  getHourly(market, block).save();
  getDaily(market, block).save();
}

export const FLOW_SUPPLIED = 0;
export const FLOW_WITHDRAWN = 1;
export const FLOW_BORROWED = 2;
export const FLOW_REPAID = 3;

/** Adds a flow (supplied / withdrawn / borrowed / repaid) to this hour's and day's snapshots. */
export function addMarketFlow(
  market: Market,
  block: ethereum.Block,
  kind: i32,
  amount: BigInt,
): void {
  let h = getHourly(market, block);
  let d = getDaily(market, block);
  if (kind == FLOW_SUPPLIED) {
    h.supplied = h.supplied.plus(amount);
    d.supplied = d.supplied.plus(amount);
  } else if (kind == FLOW_WITHDRAWN) {
    h.withdrawn = h.withdrawn.plus(amount);
    d.withdrawn = d.withdrawn.plus(amount);
  } else if (kind == FLOW_BORROWED) {
    h.borrowed = h.borrowed.plus(amount);
    d.borrowed = d.borrowed.plus(amount);
  } else {
    h.repaid = h.repaid.plus(amount);
    d.repaid = d.repaid.plus(amount);
  }
  h.save();
  d.save();
}

export function addMarketLiquidation(
  market: Market,
  block: ethereum.Block,
  collateral: BigInt,
  collateralUSD: BigDecimal,
): void {
  let h = getHourly(market, block);
  let d = getDaily(market, block);
  h.liquidatedCollateral = h.liquidatedCollateral.plus(collateral);
  d.liquidatedCollateral = d.liquidatedCollateral.plus(collateral);
  h.liquidatedCollateralUSD = h.liquidatedCollateralUSD.plus(collateralUSD);
  d.liquidatedCollateralUSD = d.liquidatedCollateralUSD.plus(collateralUSD);
  h.liquidationCount = h.liquidationCount + 1;
  d.liquidationCount = d.liquidationCount + 1;
  h.save();
  d.save();
}

// ---------------------------------------------------------------- protocol

export function getProtocolDaily(protocol: Protocol, block: ethereum.Block): ProtocolDailySnapshot {
  let day = dayIndex(block.timestamp);
  let id = dailySnapshotId(protocol.id, day);
  let s = ProtocolDailySnapshot.load(id);
  if (s === null) {
    s = new ProtocolDailySnapshot(id);
    s.protocol = protocol.id;
    s.day = day;
    s.supplyUSD = BD_ZERO;
    s.withdrawUSD = BD_ZERO;
    s.borrowUSD = BD_ZERO;
    s.repayUSD = BD_ZERO;
    s.liquidationUSD = BD_ZERO;
    s.liquidationCount = 0;
    s.activeAccounts = 0;
  }
  s.timestamp = block.timestamp;
  s.blockNumber = block.number;
  s.totalSupplyUSD = protocol.totalSupplyUSD;
  s.totalBorrowUSD = protocol.totalBorrowUSD;
  s.utilization = protocol.totalSupplyUSD.equals(BD_ZERO)
    ? BD_ZERO
    : protocol.totalBorrowUSD.div(protocol.totalSupplyUSD);
  s.accountCount = protocol.accountCount;
  s.borrowerCount = protocol.borrowerCount;
  return s;
}

export function syncProtocolSnapshot(protocol: Protocol, block: ethereum.Block): void {
  getProtocolDaily(protocol, block).save();
}
