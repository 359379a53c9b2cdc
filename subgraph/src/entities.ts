// Entity getters and the market/protocol bookkeeping shared by every handler.
//
// Pattern: a handler loads Protocol / Market / Account once, passes them to helpers that mutate
// them (never save them), and saves each exactly once at the end via saveMarket / saveProtocol.
// Snapshot and position helpers load-modify-save their own entities.
import { Address, BigDecimal, BigInt, Bytes, dataSource, ethereum } from '@graphprotocol/graph-ts';
import {
  Account,
  Market,
  Position,
  Protocol,
  Token,
  AccountActivityDay,
} from '../generated/schema';
import { IERC20Detailed } from '../generated/templates/Pool/IERC20Detailed';
import { ERC20Bytes32 } from '../generated/templates/Pool/ERC20Bytes32';
import {
  BD_ZERO,
  BI_ZERO,
  CTX_PROTOCOL,
  DEFAULT_BASE_CURRENCY_UNIT,
  SECONDS_PER_DAY,
} from './constants';
import { rayMul, rayMulCeil, rayMulFloor, toUSD } from './math';
import { syncMarketSnapshots, syncProtocolSnapshot } from './snapshots';

export function eventId(event: ethereum.Event): Bytes {
  return event.transaction.hash.concatI32(event.logIndex.toI32());
}

// ---------------------------------------------------------------- Protocol

export function createProtocol(id: Bytes, event: ethereum.Event): Protocol {
  let p = new Protocol(id);
  p.network = dataSource.network();
  p.baseCurrencyUnit = DEFAULT_BASE_CURRENCY_UNIT;
  p.flashLoanPremiumTotal = 0;
  p.flashLoanPremiumToProtocol = 0;
  p.marketCount = 0;
  p.accountCount = 0;
  p.borrowerCount = 0;
  p.totalSupplyUSD = BD_ZERO;
  p.totalBorrowUSD = BD_ZERO;
  p.cumulativeSupplyUSD = BD_ZERO;
  p.cumulativeBorrowUSD = BD_ZERO;
  p.cumulativeRepayUSD = BD_ZERO;
  p.cumulativeWithdrawUSD = BD_ZERO;
  p.cumulativeLiquidationUSD = BD_ZERO;
  p.liquidationCount = 0;
  p.flashLoanCount = 0;
  p.lastUpdateBlock = event.block.number;
  p.lastUpdateTimestamp = event.block.timestamp;
  return p;
}

export function getOrCreateProtocol(id: Bytes, event: ethereum.Event): Protocol {
  let p = Protocol.load(id);
  if (p === null) p = createProtocol(id, event);
  return p;
}

/** The Protocol of the running template (context key `protocol`). */
export function contextProtocol(event: ethereum.Event): Protocol {
  let ctx = dataSource.context();
  let id = ctx.getBytes(CTX_PROTOCOL);
  return getOrCreateProtocol(id, event);
}

export function saveProtocol(protocol: Protocol, event: ethereum.Event): void {
  protocol.lastUpdateBlock = event.block.number;
  protocol.lastUpdateTimestamp = event.block.timestamp;
  protocol.save();
  syncProtocolSnapshot(protocol, event.block);
}

// ---------------------------------------------------------------- Token

function readSymbol(address: Address): string {
  let c = IERC20Detailed.bind(address);
  let r = c.try_symbol();
  if (!r.reverted) return r.value;
  let b = ERC20Bytes32.bind(address).try_symbol();
  if (!b.reverted) return bytes32ToString(b.value);
  return '';
}

function readName(address: Address): string {
  let c = IERC20Detailed.bind(address);
  let r = c.try_name();
  if (!r.reverted) return r.value;
  let b = ERC20Bytes32.bind(address).try_name();
  if (!b.reverted) return bytes32ToString(b.value);
  return '';
}

function bytes32ToString(b: Bytes): string {
  let end = 0;
  while (end < b.length && b[end] != 0) end++;
  let out = '';
  for (let i = 0; i < end; i++) out += String.fromCharCode(b[i]);
  return out;
}

/** Token entity; symbol/name/decimals read once (eth_call) when first seen. */
export function getOrCreateToken(address: Address, kind: string): Token {
  let t = Token.load(address);
  if (t !== null) return t;
  t = new Token(address);
  t.kind = kind;
  t.symbol = readSymbol(address);
  t.name = readName(address);
  let d = IERC20Detailed.bind(address).try_decimals();
  t.decimals = d.reverted ? 18 : d.value;
  t.lastPriceBase = BI_ZERO;
  t.lastPriceUSD = BD_ZERO;
  t.lastPriceBlock = BI_ZERO;
  t.lastPriceTimestamp = BI_ZERO;
  return t;
}

// ---------------------------------------------------------------- Account / Position

export function getOrCreateAccount(
  address: Address,
  protocol: Protocol,
  event: ethereum.Event,
): Account {
  let a = Account.load(address);
  if (a !== null) return a;
  a = new Account(address);
  a.eModeCategoryId = 0;
  a.positionCount = 0;
  a.borrowedPositionCount = 0;
  a.collateralPositionCount = 0;
  a.supplyCount = 0;
  a.withdrawCount = 0;
  a.borrowCount = 0;
  a.repayCount = 0;
  a.liquidatedCount = 0;
  a.liquidatorCount = 0;
  a.createdBlock = event.block.number;
  a.createdTimestamp = event.block.timestamp;
  a.lastActivityBlock = event.block.number;
  a.lastActivityTimestamp = event.block.timestamp;
  protocol.accountCount = protocol.accountCount + 1;
  return a;
}

export function positionId(account: Bytes, market: Bytes): Bytes {
  return account.concat(market);
}

export function getOrCreatePosition(
  account: Account,
  market: Bytes,
  event: ethereum.Event,
): Position {
  let id = positionId(account.id, market);
  let p = Position.load(id);
  if (p !== null) return p;
  p = new Position(id);
  p.account = account.id;
  p.market = market;
  p.scaledATokenBalance = BI_ZERO;
  p.scaledVariableDebt = BI_ZERO;
  p.stableDebt = BI_ZERO;
  p.stableBorrowRate = BI_ZERO;
  p.stableLastUpdateTimestamp = BI_ZERO;
  p.collateralEnabled = false;
  p.hasSupply = false;
  p.hasDebt = false;
  p.createdBlock = event.block.number;
  p.lastUpdateBlock = event.block.number;
  p.lastUpdateTimestamp = event.block.timestamp;
  account.positionCount = account.positionCount + 1;
  return p;
}

/** Flags of a position before a change: bit0 = has debt, bit1 = counted as collateral. */
export function positionFlags(p: Position): i32 {
  let f = 0;
  if (p.hasDebt) f |= 1;
  if (p.collateralEnabled && p.hasSupply) f |= 2;
  return f;
}

/** Recomputes hasSupply/hasDebt and moves account / protocol counters by the change of flags. */
export function applyPositionFlags(
  before: i32,
  p: Position,
  account: Account,
  protocol: Protocol,
  event: ethereum.Event,
): void {
  p.hasSupply = p.scaledATokenBalance.gt(BI_ZERO);
  p.hasDebt = p.scaledVariableDebt.gt(BI_ZERO) || p.stableDebt.gt(BI_ZERO);
  p.lastUpdateBlock = event.block.number;
  p.lastUpdateTimestamp = event.block.timestamp;
  let after = positionFlags(p);
  let wasDebt = (before & 1) != 0;
  let isDebt = (after & 1) != 0;
  if (wasDebt != isDebt) {
    let prevCount = account.borrowedPositionCount;
    account.borrowedPositionCount = prevCount + (isDebt ? 1 : -1);
    if (prevCount == 0 && account.borrowedPositionCount > 0)
      protocol.borrowerCount = protocol.borrowerCount + 1;
    if (prevCount > 0 && account.borrowedPositionCount == 0)
      protocol.borrowerCount = protocol.borrowerCount - 1;
  }
  let wasColl = (before & 2) != 0;
  let isColl = (after & 2) != 0;
  if (wasColl != isColl)
    account.collateralPositionCount = account.collateralPositionCount + (isColl ? 1 : -1);
}

/** Marks the account active today (ProtocolDailySnapshot.activeAccounts) and bumps activity. */
export function touchAccount(account: Account, event: ethereum.Event): boolean {
  account.lastActivityBlock = event.block.number;
  account.lastActivityTimestamp = event.block.timestamp;
  let day = event.block.timestamp.toI32() / SECONDS_PER_DAY;
  let id = account.id.concatI32(day);
  if (AccountActivityDay.load(id) !== null) return false;
  let a = new AccountActivityDay(id);
  a.account = account.id;
  a.day = day;
  a.save();
  return true;
}

// ---------------------------------------------------------------- Market

/** Underlying price (base units) of a market's asset, from its Token entity (no eth_call). */
export function marketPrice(market: Market): BigInt {
  let t = Token.load(market.underlyingToken);
  return t === null ? BI_ZERO : t.lastPriceBase;
}

export function amountUSD(market: Market, amount: BigInt, protocol: Protocol): BigDecimal {
  return toUSD(amount, market.decimals, marketPrice(market), protocol.baseCurrencyUnit);
}

/**
 * Recomputes totals from scaled sums and indexes (totalSupply = rayMul(scaledATokenSupply,
 * liquidityIndex), totalVariableDebt = rayMul(scaledVariableDebt, variableBorrowIndex); floor /
 * ceil instead of half-up for 3.5+ tokens),
 * utilisation and USD values; moves the Protocol USD totals by the market's delta.
 */
export function refreshMarket(market: Market, protocol: Protocol): void {
  // token totalSupply(): half-up rayMul up to 3.4; 3.5+ (revision >= 4) floor for the aToken,
  // ceil for the variable debt token (TokenMath)
  let aTok = Token.load(market.aToken);
  let vTok = Token.load(market.variableDebtToken);
  market.totalSupply =
    aTok !== null && aTok.revision >= 4
      ? rayMulFloor(market.scaledATokenSupply, market.liquidityIndex)
      : rayMul(market.scaledATokenSupply, market.liquidityIndex);
  market.totalVariableDebt =
    vTok !== null && vTok.revision >= 4
      ? rayMulCeil(market.scaledVariableDebt, market.variableBorrowIndex)
      : rayMul(market.scaledVariableDebt, market.variableBorrowIndex);
  let debt = market.totalVariableDebt.plus(market.totalStableDebt);
  market.utilization = market.totalSupply.isZero()
    ? BD_ZERO
    : debt.toBigDecimal().div(market.totalSupply.toBigDecimal());
  let price = marketPrice(market);
  let supplyUSD = toUSD(market.totalSupply, market.decimals, price, protocol.baseCurrencyUnit);
  let borrowUSD = toUSD(debt, market.decimals, price, protocol.baseCurrencyUnit);
  protocol.totalSupplyUSD = protocol.totalSupplyUSD.plus(supplyUSD.minus(market.totalSupplyUSD));
  protocol.totalBorrowUSD = protocol.totalBorrowUSD.plus(borrowUSD.minus(market.totalBorrowUSD));
  market.totalSupplyUSD = supplyUSD;
  market.totalBorrowUSD = borrowUSD;
}

/** refreshMarket + save + hourly/daily snapshots (state as of this write). */
export function saveMarket(market: Market, protocol: Protocol, event: ethereum.Event): void {
  refreshMarket(market, protocol);
  market.lastActivityBlock = event.block.number;
  market.save();
  syncMarketSnapshots(market, event.block);
}

/** saveMarket then saveProtocol: the end of a handler that changed one market. */
export function saveMarketAndProtocol(
  market: Market,
  protocol: Protocol,
  event: ethereum.Event,
): void {
  saveMarket(market, protocol, event);
  saveProtocol(protocol, event);
}

export function newMarket(asset: Address, protocol: Protocol, event: ethereum.Event): Market {
  let m = new Market(asset);
  m.protocol = protocol.id;
  m.underlyingToken = asset;
  m.symbol = '';
  m.name = '';
  m.decimals = 18;
  m.aToken = asset;
  m.variableDebtToken = asset;
  m.reserveId = 0;
  m.isActive = true;
  m.isFrozen = false;
  m.isPaused = false;
  m.isDropped = false;
  m.borrowingEnabled = false;
  m.stableBorrowingEnabled = false;
  m.flashLoanEnabled = false;
  m.borrowableInIsolation = false;
  m.isSiloed = false;
  m.usageAsCollateralEnabled = false;
  m.ltv = 0;
  m.liquidationThreshold = 0;
  m.liquidationBonus = 0;
  m.reserveFactor = 0;
  m.liquidationProtocolFee = 0;
  m.supplyCap = BI_ZERO;
  m.borrowCap = BI_ZERO;
  m.debtCeiling = BI_ZERO;
  m.isolationModeTotalDebt = BI_ZERO;
  m.unbackedMintCap = BI_ZERO;
  m.liquidityIndex = BigInt.fromString('1000000000000000000000000000');
  m.variableBorrowIndex = BigInt.fromString('1000000000000000000000000000');
  m.liquidityRate = BI_ZERO;
  m.variableBorrowRate = BI_ZERO;
  m.stableBorrowRate = BI_ZERO;
  m.lastUpdateTimestamp = event.block.timestamp;
  m.scaledATokenSupply = BI_ZERO;
  m.scaledVariableDebt = BI_ZERO;
  m.totalStableDebt = BI_ZERO;
  m.stableDebtSupply = BI_ZERO;
  m.averageStableRate = BI_ZERO;
  m.stableDebtSupplyTimestamp = BI_ZERO;
  m.totalSupply = BI_ZERO;
  m.totalVariableDebt = BI_ZERO;
  m.accruedToTreasury = BI_ZERO;
  m.utilization = BD_ZERO;
  m.totalSupplyUSD = BD_ZERO;
  m.totalBorrowUSD = BD_ZERO;
  m.cumulativeSupplied = BI_ZERO;
  m.cumulativeWithdrawn = BI_ZERO;
  m.cumulativeBorrowed = BI_ZERO;
  m.cumulativeRepaid = BI_ZERO;
  m.cumulativeLiquidatedCollateral = BI_ZERO;
  m.cumulativeLiquidatedDebt = BI_ZERO;
  m.cumulativeSupplyUSD = BD_ZERO;
  m.cumulativeBorrowUSD = BD_ZERO;
  m.cumulativeLiquidatedCollateralUSD = BD_ZERO;
  m.supplyCount = 0;
  m.withdrawCount = 0;
  m.borrowCount = 0;
  m.repayCount = 0;
  m.liquidationCount = 0;
  m.flashLoanCount = 0;
  m.createdBlock = event.block.number;
  m.createdTimestamp = event.block.timestamp;
  m.lastActivityBlock = event.block.number;
  return m;
}
