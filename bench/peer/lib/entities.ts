// Port of subgraph/src/entities.ts, snapshots.ts and risk.ts: entity getters, market/protocol
// bookkeeping and snapshots. Same pattern as the subgraph: a handler loads Protocol / Market /
// Account once, helpers mutate them, each is saved once at the end (saveMarket / saveProtocol).
// Rows are plain objects; `put` upserts them into Ponder's store.
import { account as Account, accountActivityDay, market as Market, marketDailySnapshot, marketHourlySnapshot, position as Position, protocol as Protocol, protocolDailySnapshot, riskParameterChange, token as Token } from 'ponder:schema';
import { fmt, parse, ratio, divD, toUSD } from './dec.ts';
import { RAY, rayMul, rayMulCeil, rayMulFloor } from './math.ts';
import { IERC20Detailed, ERC20Bytes32 } from './abis.ts';

export type Hex = `0x${string}`;
export type Row = Record<string, any>;
export type Ctx = { db: any; client: any };
export type Ev = { block: { number: bigint; timestamp: bigint }; transaction: { hash: Hex }; log: { logIndex: number; address: Hex } };

export const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';
export const NETWORK = 'devnet';
export const SECONDS_PER_HOUR = 3600;
export const SECONDS_PER_DAY = 86400;

// ---------------------------------------------------------------- ids (graph-ts Bytes semantics)
/** Bytes.fromI32: 4 bytes little-endian. */
export function i32le(n: number): string {
  const u = n >>> 0;
  return [u & 255, (u >>> 8) & 255, (u >>> 16) & 255, (u >>> 24) & 255].map((b) => b.toString(16).padStart(2, '0')).join('');
}
export const lower = (a: string) => a.toLowerCase() as Hex;
export const concat = (a: string, b: string) => (a + b.slice(2)) as Hex;
export const concatI32 = (a: string, n: number) => (a + i32le(n)) as Hex;
export const utf8Hex = (s: string) => ('0x' + Buffer.from(s, 'utf8').toString('hex')) as Hex;
export const eventId = (e: Ev) => concatI32(e.transaction.hash, e.log.logIndex);

// ---------------------------------------------------------------- store
export async function put(ctx: Ctx, table: any, row: Row): Promise<void> {
  const { id: _id, ...rest } = row;
  await ctx.db.insert(table).values(row).onConflictDoUpdate(rest);
}
export const load = (ctx: Ctx, table: any, id: string): Promise<Row | null> => ctx.db.find(table, { id });

/** eth_call at the event's block; null when it fails (graph-ts try_ semantics). */
export async function tryCall(ctx: Ctx, abi: any, address: string, functionName: string, args: unknown[] = []): Promise<any | null> {
  try { return await ctx.client.readContract({ abi, address, functionName, args }); } catch { return null; }
}

// ---------------------------------------------------------------- Protocol
export function createProtocol(id: Hex, e: Ev): Row {
  return {
    id, network: NETWORK, marketId: null, pool: null, poolConfigurator: null, oracle: null, baseCurrencyUnit: 100000000n, poolRevision: null,
    poolImplementation: null, poolUpgradedBlock: null, flashLoanPremiumTotal: 0, flashLoanPremiumToProtocol: 0, marketCount: 0, accountCount: 0,
    borrowerCount: 0, totalSupplyUSD: '0', totalBorrowUSD: '0', cumulativeSupplyUSD: '0', cumulativeBorrowUSD: '0', cumulativeRepayUSD: '0',
    cumulativeWithdrawUSD: '0', cumulativeLiquidationUSD: '0', liquidationCount: 0, flashLoanCount: 0,
    lastUpdateBlock: e.block.number, lastUpdateTimestamp: e.block.timestamp,
  };
}
export async function getOrCreateProtocol(ctx: Ctx, id: Hex, e: Ev): Promise<Row> {
  return (await load(ctx, Protocol, id)) ?? createProtocol(id, e);
}
export async function saveProtocol(ctx: Ctx, p: Row, e: Ev): Promise<void> {
  p.lastUpdateBlock = e.block.number;
  p.lastUpdateTimestamp = e.block.timestamp;
  await put(ctx, Protocol, p);
  await syncProtocolSnapshot(ctx, p, e);
}

// ---------------------------------------------------------------- Token
function bytes32ToString(h: string): string {
  const b = Buffer.from(h.slice(2), 'hex');
  let end = 0; while (end < b.length && b[end] !== 0) end++;
  return b.subarray(0, end).toString('latin1');
}
async function readString(ctx: Ctx, address: string, fn: 'symbol' | 'name'): Promise<string> {
  const r = await tryCall(ctx, IERC20Detailed, address, fn);
  if (r !== null) return r;
  const b = await tryCall(ctx, ERC20Bytes32, address, fn);
  return b !== null ? bytes32ToString(b) : '';
}
/** Token row; symbol/name/decimals read once (eth_call) when first seen. */
export async function getOrCreateToken(ctx: Ctx, address: Hex, kind: string): Promise<Row> {
  const t = await load(ctx, Token, address);
  if (t) return t;
  const symbol = await readString(ctx, address, 'symbol');
  const name = await readString(ctx, address, 'name');
  const d = await tryCall(ctx, IERC20Detailed, address, 'decimals');
  return {
    id: address, kind, symbol, name, decimals: d === null ? 18 : Number(d), market: null, lastPriceBase: 0n, lastPriceUSD: '0', lastPriceBlock: 0n, lastPriceTimestamp: 0n,
    priceSource: null, priceAggregator: null, balanceTransferScaled: null, revision: null,
  };
}

// ---------------------------------------------------------------- Account / Position
export async function getOrCreateAccount(ctx: Ctx, address: Hex, protocol: Row, e: Ev): Promise<Row> {
  const a = await load(ctx, Account, address);
  if (a) return a;
  protocol.accountCount += 1;
  return {
    id: address, eModeCategoryId: 0, positionCount: 0, borrowedPositionCount: 0, collateralPositionCount: 0, supplyCount: 0, withdrawCount: 0,
    borrowCount: 0, repayCount: 0, liquidatedCount: 0, liquidatorCount: 0, createdBlock: e.block.number, createdTimestamp: e.block.timestamp,
    lastActivityBlock: e.block.number, lastActivityTimestamp: e.block.timestamp,
  };
}
export async function getOrCreatePosition(ctx: Ctx, account: Row, market: Hex, e: Ev): Promise<Row> {
  const id = concat(account.id, market);
  const p = await load(ctx, Position, id);
  if (p) return p;
  account.positionCount += 1;
  return {
    id, account: account.id, market, scaledATokenBalance: 0n, scaledVariableDebt: 0n, stableDebt: 0n, stableBorrowRate: 0n, stableLastUpdateTimestamp: 0n,
    collateralEnabled: false, hasSupply: false, hasDebt: false, createdBlock: e.block.number, lastUpdateBlock: e.block.number, lastUpdateTimestamp: e.block.timestamp,
  };
}
/** bit0 = has debt, bit1 = counted as collateral. */
export const positionFlags = (p: Row) => (p.hasDebt ? 1 : 0) | (p.collateralEnabled && p.hasSupply ? 2 : 0);
export function applyPositionFlags(before: number, p: Row, account: Row, protocol: Row, e: Ev): void {
  p.hasSupply = p.scaledATokenBalance > 0n;
  p.hasDebt = p.scaledVariableDebt > 0n || p.stableDebt > 0n;
  p.lastUpdateBlock = e.block.number;
  p.lastUpdateTimestamp = e.block.timestamp;
  const after = positionFlags(p);
  const wasDebt = (before & 1) !== 0, isDebt = (after & 1) !== 0;
  if (wasDebt !== isDebt) {
    const prev = account.borrowedPositionCount;
    account.borrowedPositionCount = prev + (isDebt ? 1 : -1);
    if (prev === 0 && account.borrowedPositionCount > 0) protocol.borrowerCount += 1;
    if (prev > 0 && account.borrowedPositionCount === 0) protocol.borrowerCount -= 1;
  }
  const wasColl = (before & 2) !== 0, isColl = (after & 2) !== 0;
  if (wasColl !== isColl) account.collateralPositionCount += isColl ? 1 : -1;
}
/** Marks the account active today; true when this is its first activity of the day. */
export async function touchAccount(ctx: Ctx, account: Row, e: Ev): Promise<boolean> {
  account.lastActivityBlock = e.block.number;
  account.lastActivityTimestamp = e.block.timestamp;
  const day = Math.floor(Number(e.block.timestamp) / SECONDS_PER_DAY);
  const id = concatI32(account.id, day);
  if (await load(ctx, accountActivityDay, id)) return false;
  await ctx.db.insert(accountActivityDay).values({ id, account: account.id, day });
  return true;
}

// ---------------------------------------------------------------- Market
export async function marketPrice(ctx: Ctx, market: Row): Promise<bigint> {
  const t = await load(ctx, Token, market.underlyingToken);
  return t ? t.lastPriceBase : 0n;
}
export async function amountUSD(ctx: Ctx, market: Row, amount: bigint, protocol: Row): Promise<bigint> {
  return toUSD(amount, market.decimals, await marketPrice(ctx, market), protocol.baseCurrencyUnit);
}
/** Totals from scaled sums and indexes, utilisation, USD values; moves the protocol's USD totals by the delta. */
export async function refreshMarket(ctx: Ctx, market: Row, protocol: Row): Promise<void> {
  const aTok = await load(ctx, Token, market.aToken);
  const vTok = await load(ctx, Token, market.variableDebtToken);
  market.totalSupply = aTok && (aTok.revision ?? 0) >= 4 ? rayMulFloor(market.scaledATokenSupply, market.liquidityIndex) : rayMul(market.scaledATokenSupply, market.liquidityIndex);
  market.totalVariableDebt = vTok && (vTok.revision ?? 0) >= 4 ? rayMulCeil(market.scaledVariableDebt, market.variableBorrowIndex) : rayMul(market.scaledVariableDebt, market.variableBorrowIndex);
  const debt = market.totalVariableDebt + market.totalStableDebt;
  market.utilization = fmt(ratio(debt, market.totalSupply));
  const price = await marketPrice(ctx, market);
  const supplyUSD = toUSD(market.totalSupply, market.decimals, price, protocol.baseCurrencyUnit);
  const borrowUSD = toUSD(debt, market.decimals, price, protocol.baseCurrencyUnit);
  protocol.totalSupplyUSD = fmt(parse(protocol.totalSupplyUSD) + supplyUSD - parse(market.totalSupplyUSD));
  protocol.totalBorrowUSD = fmt(parse(protocol.totalBorrowUSD) + borrowUSD - parse(market.totalBorrowUSD));
  market.totalSupplyUSD = fmt(supplyUSD);
  market.totalBorrowUSD = fmt(borrowUSD);
}
/** refreshMarket + save + hourly/daily snapshots. */
export async function saveMarket(ctx: Ctx, market: Row, protocol: Row, e: Ev): Promise<void> {
  await refreshMarket(ctx, market, protocol);
  market.lastActivityBlock = e.block.number;
  await put(ctx, Market, market);
  await syncMarketSnapshots(ctx, market, e);
}
export function newMarket(asset: Hex, protocol: Row, e: Ev): Row {
  return {
    id: asset, protocol: protocol.id, underlyingToken: asset, symbol: '', name: '', decimals: 18, aToken: asset, variableDebtToken: asset, stableDebtToken: null,
    interestRateStrategy: null, reserveId: 0, isActive: true, isFrozen: false, isPaused: false, isDropped: false, borrowingEnabled: false,
    stableBorrowingEnabled: false, flashLoanEnabled: false, borrowableInIsolation: false, isSiloed: false, usageAsCollateralEnabled: false,
    ltv: 0, liquidationThreshold: 0, liquidationBonus: 0, reserveFactor: 0, liquidationProtocolFee: 0, supplyCap: 0n, borrowCap: 0n, debtCeiling: 0n,
    isolationModeTotalDebt: 0n, unbackedMintCap: 0n, eModeCategory: null, liquidityIndex: RAY, variableBorrowIndex: RAY, liquidityRate: 0n,
    variableBorrowRate: 0n, stableBorrowRate: 0n, lastUpdateTimestamp: e.block.timestamp, scaledATokenSupply: 0n, scaledVariableDebt: 0n,
    totalStableDebt: 0n, totalSupply: 0n, totalVariableDebt: 0n, accruedToTreasury: 0n, utilization: '0', totalSupplyUSD: '0', totalBorrowUSD: '0',
    cumulativeSupplied: 0n, cumulativeWithdrawn: 0n, cumulativeBorrowed: 0n, cumulativeRepaid: 0n, cumulativeLiquidatedCollateral: 0n,
    cumulativeLiquidatedDebt: 0n, cumulativeSupplyUSD: '0', cumulativeBorrowUSD: '0', cumulativeLiquidatedCollateralUSD: '0', supplyCount: 0,
    withdrawCount: 0, borrowCount: 0, repayCount: 0, liquidationCount: 0, flashLoanCount: 0, createdBlock: e.block.number,
    createdTimestamp: e.block.timestamp, lastActivityBlock: e.block.number,
  };
}

// ---------------------------------------------------------------- snapshots
export const hourIndex = (ts: bigint) => Math.floor(Number(ts) / SECONDS_PER_HOUR);
export const dayIndex = (ts: bigint) => Math.floor(Number(ts) / SECONDS_PER_DAY);

async function getSnapshot(ctx: Ctx, table: any, period: 'hour' | 'day', market: Row, e: Ev): Promise<Row> {
  const n = period === 'hour' ? hourIndex(e.block.timestamp) : dayIndex(e.block.timestamp);
  const id = concatI32(market.id, n);
  const s = (await load(ctx, table, id)) ?? {
    id, market: market.id, [period]: n, supplied: 0n, withdrawn: 0n, borrowed: 0n, repaid: 0n, liquidatedCollateral: 0n, liquidatedCollateralUSD: '0', liquidationCount: 0,
  };
  const t = await load(ctx, Token, market.underlyingToken);
  Object.assign(s, {
    timestamp: e.block.timestamp, blockNumber: e.block.number, totalSupply: market.totalSupply, totalVariableDebt: market.totalVariableDebt,
    totalStableDebt: market.totalStableDebt, totalSupplyUSD: market.totalSupplyUSD, totalBorrowUSD: market.totalBorrowUSD, utilization: market.utilization,
    liquidityRate: market.liquidityRate, variableBorrowRate: market.variableBorrowRate, liquidityIndex: market.liquidityIndex,
    variableBorrowIndex: market.variableBorrowIndex, priceUSD: t ? t.lastPriceUSD : '0',
  });
  return s;
}
export const getHourly = (ctx: Ctx, m: Row, e: Ev) => getSnapshot(ctx, marketHourlySnapshot, 'hour', m, e);
export const getDaily = (ctx: Ctx, m: Row, e: Ev) => getSnapshot(ctx, marketDailySnapshot, 'day', m, e);
export async function syncMarketSnapshots(ctx: Ctx, market: Row, e: Ev): Promise<void> {
  await put(ctx, marketHourlySnapshot, await getHourly(ctx, market, e));
  await put(ctx, marketDailySnapshot, await getDaily(ctx, market, e));
}
export type Flow = 'supplied' | 'withdrawn' | 'borrowed' | 'repaid';
export async function addMarketFlow(ctx: Ctx, market: Row, e: Ev, kind: Flow, amount: bigint): Promise<void> {
  const h = await getHourly(ctx, market, e);
  const d = await getDaily(ctx, market, e);
  h[kind] += amount; d[kind] += amount;
  await put(ctx, marketHourlySnapshot, h);
  await put(ctx, marketDailySnapshot, d);
}
export async function addMarketLiquidation(ctx: Ctx, market: Row, e: Ev, collateral: bigint, usd: bigint): Promise<void> {
  const h = await getHourly(ctx, market, e);
  const d = await getDaily(ctx, market, e);
  for (const s of [h, d]) {
    s.liquidatedCollateral += collateral;
    s.liquidatedCollateralUSD = fmt(parse(s.liquidatedCollateralUSD) + usd);
    s.liquidationCount += 1;
  }
  await put(ctx, marketHourlySnapshot, h);
  await put(ctx, marketDailySnapshot, d);
}
export async function getProtocolDaily(ctx: Ctx, protocol: Row, e: Ev): Promise<Row> {
  const day = dayIndex(e.block.timestamp);
  const id = concatI32(protocol.id, day);
  const s = (await load(ctx, protocolDailySnapshot, id)) ?? {
    id, protocol: protocol.id, day, supplyUSD: '0', withdrawUSD: '0', borrowUSD: '0', repayUSD: '0', liquidationUSD: '0', liquidationCount: 0, activeAccounts: 0,
  };
  const supply = parse(protocol.totalSupplyUSD);
  Object.assign(s, {
    timestamp: e.block.timestamp, blockNumber: e.block.number, totalSupplyUSD: protocol.totalSupplyUSD, totalBorrowUSD: protocol.totalBorrowUSD,
    utilization: supply === 0n ? '0' : fmt(divD(parse(protocol.totalBorrowUSD), supply)), accountCount: protocol.accountCount, borrowerCount: protocol.borrowerCount,
  });
  return s;
}
export async function syncProtocolSnapshot(ctx: Ctx, protocol: Row, e: Ev): Promise<void> {
  await put(ctx, protocolDailySnapshot, await getProtocolDaily(ctx, protocol, e));
}

// ---------------------------------------------------------------- RiskParameterChange (risk.ts)
export async function recordChange(ctx: Ctx, e: Ev, market: string | null, eModeCategory: string | null, parameter: string, oldValue: string | null, newValue: string, idSuffix = ''): Promise<void> {
  const id = (concat(eventId(e), utf8Hex(parameter)) + (idSuffix ? idSuffix.slice(2) : '')) as Hex;
  await ctx.db.insert(riskParameterChange).values({
    id, market, eModeCategory, parameter, oldValue, newValue, blockNumber: e.block.number, timestamp: e.block.timestamp, txHash: e.transaction.hash, logIndex: e.log.logIndex,
  });
}
export const boolStr = (b: boolean) => (b ? 'true' : 'false');

/** The Protocol of the templates' context (the PoolAddressesProvider of the recorded deployment). */
export const PROTOCOL_ID = lower(process.env.PEER_PROVIDER ?? ZERO_ADDRESS);
export const contextProtocol = (ctx: Ctx, e: Ev) => getOrCreateProtocol(ctx, PROTOCOL_ID, e);
