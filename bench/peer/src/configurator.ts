// Port of subgraph/src/configurator.ts: reserve initialisation (markets, tokens; the token
// templates are the config's ReserveInitialized factories) and every risk parameter, with a
// RiskParameterChange for each parameter whose value actually changes.
import { ponder } from 'ponder:registry';
import { eq } from 'ponder';
import { eModeCategory as EModeCategory, market as Market, token as Token } from 'ponder:schema';
import { AToken, AaveOracle, VariableDebtToken } from '../lib/abis.ts';
import { type Ctx, type Ev, type Hex, type Row, ZERO_ADDRESS, boolStr, contextProtocol, getOrCreateToken, load, lower, newMarket, put, recordChange, saveMarket, saveProtocol, tryCall } from '../lib/entities.ts';
import { trackPriceSource } from '../lib/prices.ts';

const marketOf = (ctx: Ctx, a: string) => load(ctx, Market, lower(a));
async function finish(ctx: Ctx, market: Row, protocol: Row, e: Ev) {
  await saveMarket(ctx, market, protocol, e);
  await saveProtocol(ctx, protocol, e);
}
async function setInt(ctx: Ctx, e: Ev, market: Row, field: string, value: number, parameter: string) {
  const old = market[field];
  if (old === value) return;
  market[field] = value;
  await recordChange(ctx, e, market.id, null, parameter, String(old), String(value));
}
async function setBool(ctx: Ctx, e: Ev, market: Row, field: string, value: boolean, parameter: string) {
  const old = market[field];
  if (old === value) return;
  market[field] = value;
  await recordChange(ctx, e, market.id, null, parameter, boolStr(old), boolStr(value));
}
async function setBig(ctx: Ctx, e: Ev, market: Row, field: string, oldValue: bigint, value: bigint, parameter: string) {
  if (market[field] === value && oldValue === value) return;
  market[field] = value;
  await recordChange(ctx, e, market.id, null, parameter, oldValue.toString(), value.toString());
}
async function boolEvent(ctx: Ctx, e: Ev, asset: string, field: string, value: boolean, parameter: string) {
  const market = await marketOf(ctx, asset);
  if (!market) return;
  const protocol = await contextProtocol(ctx, e);
  await setBool(ctx, e, market, field, value, parameter);
  await finish(ctx, market, protocol, e);
}
async function bigEvent(ctx: Ctx, e: Ev, asset: string, field: string, oldValue: bigint, value: bigint, parameter: string) {
  const market = await marketOf(ctx, asset);
  if (!market) return;
  const protocol = await contextProtocol(ctx, e);
  await setBig(ctx, e, market, field, oldValue, value, parameter);
  await finish(ctx, market, protocol, e);
}
const aTokenRevision = async (ctx: Ctx, t: string) => { const r = await tryCall(ctx, AToken, t, 'ATOKEN_REVISION'); return r === null ? 0 : Number(r); };
const debtTokenRevision = async (ctx: Ctx, t: string) => { const r = await tryCall(ctx, VariableDebtToken, t, 'DEBT_TOKEN_REVISION'); return r === null ? 0 : Number(r); };

async function getOrCreateCategory(ctx: Ctx, id: number, protocol: Row): Promise<Row> {
  return (await load(ctx, EModeCategory, String(id))) ?? { id: String(id), protocol: protocol.id, label: '', ltv: 0, liquidationThreshold: 0, liquidationBonus: 0, priceSource: null, collateralBitmap: 0n, borrowableBitmap: 0n, ltvZeroBitmap: 0n };
}
const bit = (reserveId: number) => 1n << BigInt(reserveId & 255);
function setBitmap(bitmap: bigint, reserveId: number, on: boolean): bigint {
  const b = bit(reserveId);
  const isSet = (bitmap & b) !== 0n;
  if (on && !isSet) return bitmap | b;
  if (!on && isSet) return bitmap - b;
  return bitmap;
}

// ---------------------------------------------------------------- reserve lifecycle
/** PoolLogic.executeInitReserve's id: the first slot left empty by a dropped reserve, else reservesCount. */
async function nextReserveId(ctx: Ctx, protocol: Row): Promise<number> {
  const count: number = protocol.marketCount;
  const markets: Row[] = await ctx.db.sql.select().from(Market).where(eq(Market.protocol, protocol.id));
  const used = new Array<boolean>(count).fill(false);
  for (const m of markets) if (!m.isDropped && m.reserveId >= 0 && m.reserveId < count) used[m.reserveId] = true;
  for (let i = 0; i < count; i++) if (!used[i]) return i;
  protocol.marketCount = count + 1;
  return count;
}

ponder.on('PoolConfigurator:ReserveInitialized', async ({ event: e, context: ctx }: any) => {
  const protocol = await contextProtocol(ctx, e);
  const asset = lower(e.args.asset);
  const market = newMarket(asset, protocol, e);
  const underlying = await getOrCreateToken(ctx, asset, 'UNDERLYING');
  underlying.market = asset;
  market.symbol = underlying.symbol;
  market.name = underlying.name;
  market.decimals = underlying.decimals;
  const aToken = await getOrCreateToken(ctx, lower(e.args.aToken), 'ATOKEN');
  aToken.market = asset;
  aToken.balanceTransferScaled = true; // devnet: not a network launched on 3.0.0 (constants.launchedOn300)
  aToken.revision = await aTokenRevision(ctx, aToken.id);
  const vToken = await getOrCreateToken(ctx, lower(e.args.variableDebtToken), 'VARIABLE_DEBT');
  vToken.market = asset;
  vToken.revision = await debtTokenRevision(ctx, vToken.id);
  market.aToken = aToken.id;
  market.variableDebtToken = vToken.id;
  if (lower(e.args.stableDebtToken) !== ZERO_ADDRESS) {
    const sToken = await getOrCreateToken(ctx, lower(e.args.stableDebtToken), 'STABLE_DEBT');
    sToken.market = asset;
    await put(ctx, Token, sToken);
    market.stableDebtToken = sToken.id;
  }
  market.reserveId = await nextReserveId(ctx, protocol);
  market.interestRateStrategy = lower(e.args.interestRateStrategyAddress);
  await recordChange(ctx, e, asset, null, 'interestRateStrategy', null, market.interestRateStrategy);
  await put(ctx, Token, underlying);
  await put(ctx, Token, aToken);
  await put(ctx, Token, vToken);
  await saveMarket(ctx, market, protocol, e);
  if (underlying.priceSource === null && protocol.oracle !== null) {
    const src = await tryCall(ctx, AaveOracle, protocol.oracle, 'getSourceOfAsset', [asset]);
    if (src !== null) await trackPriceSource(ctx, underlying, src, protocol, e);
  }
  await saveProtocol(ctx, protocol, e);
});

ponder.on('PoolConfigurator:ReserveDropped', async ({ event: e, context: ctx }: any) => {
  const market = await marketOf(ctx, e.args.asset);
  if (!market) return;
  const protocol = await contextProtocol(ctx, e);
  await setBool(ctx, e, market, 'isDropped', true, 'dropped');
  await setBool(ctx, e, market, 'isActive', false, 'active');
  await finish(ctx, market, protocol, e);
});

for (const [ev, field, param, rev] of [
  ['ATokenUpgraded', 'aToken', 'aTokenImplementation', 'a'], ['VariableDebtTokenUpgraded', 'variableDebtToken', 'variableDebtTokenImplementation', 'v'], ['StableDebtTokenUpgraded', null, 'stableDebtTokenImplementation', null],
] as const) {
  ponder.on(`PoolConfigurator:${ev}` as never, async ({ event: e, context: ctx }: any) => {
    const market = await marketOf(ctx, e.args.asset);
    if (!market) return;
    if (field) {
      const t = await load(ctx, Token, market[field]);
      if (t) {
        if (rev === 'a') { t.balanceTransferScaled = true; t.revision = await aTokenRevision(ctx, t.id); }
        else t.revision = await debtTokenRevision(ctx, t.id);
        await put(ctx, Token, t);
      }
    }
    await recordChange(ctx, e, market.id, null, param, null, lower(e.args.implementation));
  });
}

// ---------------------------------------------------------------- risk parameters
ponder.on('PoolConfigurator:CollateralConfigurationChanged', async ({ event: e, context: ctx }: any) => {
  const market = await marketOf(ctx, e.args.asset);
  if (!market) return;
  const protocol = await contextProtocol(ctx, e);
  await setInt(ctx, e, market, 'ltv', Number(e.args.ltv), 'ltv');
  await setInt(ctx, e, market, 'liquidationThreshold', Number(e.args.liquidationThreshold), 'liquidationThreshold');
  await setInt(ctx, e, market, 'liquidationBonus', Number(e.args.liquidationBonus), 'liquidationBonus');
  market.usageAsCollateralEnabled = market.liquidationThreshold > 0;
  await finish(ctx, market, protocol, e);
});

for (const [ev, field, arg, param] of [
  ['ReserveBorrowing', 'borrowingEnabled', 'enabled', 'borrowing'], ['ReserveStableRateBorrowing', 'stableBorrowingEnabled', 'enabled', 'stableBorrowing'],
  ['ReserveFlashLoaning', 'flashLoanEnabled', 'enabled', 'flashLoaning'], ['ReserveActive', 'isActive', 'active', 'active'], ['ReserveFrozen', 'isFrozen', 'frozen', 'frozen'],
  ['ReservePaused', 'isPaused', 'paused', 'paused'], ['BorrowableInIsolationChanged', 'borrowableInIsolation', 'borrowable', 'borrowableInIsolation'],
  ['SiloedBorrowingChanged', 'isSiloed', 'newState', 'siloedBorrowing'],
] as const) {
  ponder.on(`PoolConfigurator:${ev}` as never, ({ event: e, context: ctx }: any) => boolEvent(ctx, e, e.args.asset, field, e.args[arg], param));
}

for (const [ev, field, arg, param] of [['ReserveFactorChanged', 'reserveFactor', 'newReserveFactor', 'reserveFactor'], ['LiquidationProtocolFeeChanged', 'liquidationProtocolFee', 'newFee', 'liquidationProtocolFee']] as const) {
  ponder.on(`PoolConfigurator:${ev}` as never, async ({ event: e, context: ctx }: any) => {
    const market = await marketOf(ctx, e.args.asset);
    if (!market) return;
    const protocol = await contextProtocol(ctx, e);
    await setInt(ctx, e, market, field, Number(e.args[arg]), param);
    await finish(ctx, market, protocol, e);
  });
}

for (const [ev, field, oldArg, newArg] of [
  ['SupplyCapChanged', 'supplyCap', 'oldSupplyCap', 'newSupplyCap'], ['BorrowCapChanged', 'borrowCap', 'oldBorrowCap', 'newBorrowCap'],
  ['DebtCeilingChanged', 'debtCeiling', 'oldDebtCeiling', 'newDebtCeiling'], ['UnbackedMintCapChanged', 'unbackedMintCap', 'oldUnbackedMintCap', 'newUnbackedMintCap'],
] as const) {
  ponder.on(`PoolConfigurator:${ev}` as never, ({ event: e, context: ctx }: any) => bigEvent(ctx, e, e.args.asset, field, e.args[oldArg], e.args[newArg], field));
}

ponder.on('PoolConfigurator:ReserveInterestRateStrategyChanged', async ({ event: e, context: ctx }: any) => {
  const market = await marketOf(ctx, e.args.asset);
  if (!market) return;
  const protocol = await contextProtocol(ctx, e);
  const next = lower(e.args.newStrategy);
  if (market.interestRateStrategy === null || market.interestRateStrategy !== next) {
    market.interestRateStrategy = next;
    await recordChange(ctx, e, market.id, null, 'interestRateStrategy', lower(e.args.oldStrategy), next);
  }
  await finish(ctx, market, protocol, e);
});

ponder.on('PoolConfigurator:ReserveInterestRateDataChanged', async ({ event: e, context: ctx }: any) => {
  const market = await marketOf(ctx, e.args.asset);
  if (!market) return;
  const protocol = await contextProtocol(ctx, e);
  const old = market.interestRateStrategy;
  const next = lower(e.args.strategy);
  if (old === null || old !== next) {
    market.interestRateStrategy = next;
    await recordChange(ctx, e, market.id, null, 'interestRateStrategy', old, next);
  }
  await recordChange(ctx, e, market.id, null, 'interestRateData', null, lower(e.args.data));
  await finish(ctx, market, protocol, e);
});

for (const [ev, value] of [['PendingLtvChanged', (a: any) => String(a.ltv)], ['LiquidationGracePeriodChanged', (a: any) => String(a.gracePeriodUntil)], ['LiquidationGracePeriodDisabled', () => '0']] as const) {
  ponder.on(`PoolConfigurator:${ev}` as never, async ({ event: e, context: ctx }: any) => {
    const market = await marketOf(ctx, e.args.asset);
    if (!market) return;
    await recordChange(ctx, e, market.id, null, ev === 'PendingLtvChanged' ? 'pendingLtv' : 'liquidationGracePeriodUntil', null, value(e.args));
  });
}

// ---------------------------------------------------------------- e-mode
ponder.on('PoolConfigurator:EModeCategoryAdded', async ({ event: e, context: ctx }: any) => {
  const protocol = await contextProtocol(ctx, e);
  const id = Number(e.args.categoryId);
  const isNew = (await load(ctx, EModeCategory, String(id))) === null;
  const c = await getOrCreateCategory(ctx, id, protocol);
  const ltv = Number(e.args.ltv), lt = Number(e.args.liquidationThreshold), lb = Number(e.args.liquidationBonus);
  if (isNew || c.ltv !== ltv) await recordChange(ctx, e, null, c.id, 'ltv', isNew ? null : String(c.ltv), String(ltv));
  if (isNew || c.liquidationThreshold !== lt) await recordChange(ctx, e, null, c.id, 'liquidationThreshold', isNew ? null : String(c.liquidationThreshold), String(lt));
  if (isNew || c.liquidationBonus !== lb) await recordChange(ctx, e, null, c.id, 'liquidationBonus', isNew ? null : String(c.liquidationBonus), String(lb));
  if (isNew || c.label !== e.args.label) await recordChange(ctx, e, null, c.id, 'label', isNew ? null : c.label, e.args.label);
  const oldOracle: Hex | null = c.priceSource;
  const newOracle = lower(e.args.oracle);
  if ((oldOracle === null && newOracle !== ZERO_ADDRESS) || (oldOracle !== null && oldOracle !== newOracle)) await recordChange(ctx, e, null, c.id, 'priceSource', oldOracle, newOracle);
  Object.assign(c, { ltv, liquidationThreshold: lt, liquidationBonus: lb, label: e.args.label, priceSource: newOracle });
  await put(ctx, EModeCategory, c);
  await saveProtocol(ctx, protocol, e);
});

ponder.on('PoolConfigurator:EModeAssetCategoryChanged', async ({ event: e, context: ctx }: any) => {
  const market = await marketOf(ctx, e.args.asset);
  if (!market) return;
  const protocol = await contextProtocol(ctx, e);
  const newId = Number(e.args.newCategoryId);
  if (newId === 0) market.eModeCategory = null;
  else {
    const c = await getOrCreateCategory(ctx, newId, protocol);
    await put(ctx, EModeCategory, c);
    market.eModeCategory = c.id;
  }
  await recordChange(ctx, e, market.id, newId === 0 ? null : String(newId), 'eModeCategory', String(e.args.oldCategoryId), String(newId));
  await finish(ctx, market, protocol, e);
});

for (const [ev, arg, which, param] of [
  ['AssetCollateralInEModeChanged', 'collateral', 'collateralBitmap', 'eModeCollateral'], ['AssetBorrowableInEModeChanged', 'borrowable', 'borrowableBitmap', 'eModeBorrowable'],
  ['AssetLtvzeroInEModeChanged', 'ltvzero', 'ltvZeroBitmap', 'eModeLtvzero'],
] as const) {
  ponder.on(`PoolConfigurator:${ev}` as never, async ({ event: e, context: ctx }: any) => {
    const market = await marketOf(ctx, e.args.asset);
    if (!market) return;
    const protocol = await contextProtocol(ctx, e);
    const c = await getOrCreateCategory(ctx, Number(e.args.categoryId), protocol);
    const before: bigint = c[which];
    c[which] = setBitmap(before, market.reserveId, e.args[arg]);
    await put(ctx, EModeCategory, c);
    await recordChange(ctx, e, market.id, c.id, param, boolStr((before & bit(market.reserveId)) !== 0n), boolStr(e.args[arg]));
    await saveProtocol(ctx, protocol, e);
  });
}

ponder.on('PoolConfigurator:EModeCategoryIsolationChanged', async ({ event: e, context: ctx }: any) => {
  const protocol = await contextProtocol(ctx, e);
  const c = await getOrCreateCategory(ctx, Number(e.args.categoryId), protocol);
  await put(ctx, EModeCategory, c);
  await recordChange(ctx, e, null, c.id, 'isolated', null, boolStr(e.args.isolated));
});

// ---------------------------------------------------------------- protocol-level
for (const [ev, field, oldArg, newArg] of [
  ['FlashloanPremiumTotalUpdated', 'flashLoanPremiumTotal', 'oldFlashloanPremiumTotal', 'newFlashloanPremiumTotal'],
  ['FlashloanPremiumToProtocolUpdated', 'flashLoanPremiumToProtocol', 'oldFlashloanPremiumToProtocol', 'newFlashloanPremiumToProtocol'],
] as const) {
  ponder.on(`PoolConfigurator:${ev}` as never, async ({ event: e, context: ctx }: any) => {
    const protocol = await contextProtocol(ctx, e);
    const v = Number(e.args[newArg]);
    await recordChange(ctx, e, null, null, field, String(e.args[oldArg]), String(v));
    protocol[field] = v;
    await saveProtocol(ctx, protocol, e);
  });
}
ponder.on('PoolConfigurator:BridgeProtocolFeeUpdated', async ({ event: e, context: ctx }: any) => {
  await recordChange(ctx, e, null, null, 'bridgeProtocolFee', String(e.args.oldBridgeProtocolFee), String(e.args.newBridgeProtocolFee));
});
