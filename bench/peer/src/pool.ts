// Port of subgraph/src/pool.ts: indexes and rates, user action entities and counters, collateral
// flags, e-mode, isolation-mode debt, liquidations (bonus + protocol fee), flash loans, deficits.
// Balances are not changed here (src/tokens.ts owns scaled balances), as in the subgraph.
import { ponder } from 'ponder:registry';
import { borrow, collateralToggle, deficit, eModeCategory as EModeCategory, eModeSet, flashLoan, liquidation, market as Market, repay, supply, withdraw } from 'ponder:schema';
import { fmt, parse } from '../lib/dec.ts';
import {
  type Ctx, type Ev, type Row, amountUSD, applyPositionFlags, contextProtocol, eventId, getOrCreateAccount, getOrCreatePosition, getProtocolDaily,
  addMarketFlow, addMarketLiquidation, load, lower, positionFlags, put, saveMarket, saveProtocol, touchAccount, type Flow,
} from '../lib/entities.ts';
import { account as Account, position as Position, protocolDailySnapshot } from 'ponder:schema';
import { PERCENTAGE_FACTOR, percentDiv, percentMul, rayDiv, rayMul } from '../lib/math.ts';

type PDay = 'supplyUSD' | 'withdrawUSD' | 'borrowUSD' | 'repayUSD' | 'liquidationUSD' | null;
/** Adds a USD flow and (optionally) one active account to today's ProtocolDailySnapshot. */
async function protocolDaily(ctx: Ctx, protocol: Row, e: Ev, kind: PDay, usd: bigint, newActive: number) {
  const s = await getProtocolDaily(ctx, protocol, e);
  if (kind) s[kind] = fmt(parse(s[kind]) + usd);
  if (kind === 'liquidationUSD') s.liquidationCount += 1;
  s.activeAccounts += newActive;
  await put(ctx, protocolDailySnapshot, s);
}
const activity = async (ctx: Ctx, account: Row, e: Ev) => ((await touchAccount(ctx, account, e)) ? 1 : 0);
const meta = (e: Ev) => ({ blockNumber: e.block.number, timestamp: e.block.timestamp, txHash: e.transaction.hash, logIndex: e.log.logIndex });
const marketOf = (ctx: Ctx, a: string) => load(ctx, Market, lower(a));

// ---------------------------------------------------------------- reserve state
ponder.on('Pool:ReserveDataUpdated', async ({ event: e, context: ctx }: any) => {
  const market = await marketOf(ctx, e.args.reserve);
  if (!market) return;
  const protocol = await contextProtocol(ctx, e);
  const newVar: bigint = e.args.variableBorrowIndex, newLiq: bigint = e.args.liquidityIndex;
  if (market.reserveFactor > 0 && newVar > market.variableBorrowIndex && newLiq !== 0n) {
    const accrued = rayMul(market.scaledVariableDebt, newVar) - rayMul(market.scaledVariableDebt, market.variableBorrowIndex);
    const toMint = percentMul(accrued, BigInt(market.reserveFactor));
    market.accruedToTreasury += rayDiv(toMint, newLiq);
  }
  market.liquidityRate = e.args.liquidityRate;
  market.stableBorrowRate = e.args.stableBorrowRate;
  market.variableBorrowRate = e.args.variableBorrowRate;
  market.liquidityIndex = newLiq;
  market.variableBorrowIndex = newVar;
  market.lastUpdateTimestamp = e.block.timestamp;
  await saveMarket(ctx, market, protocol, e);
  await saveProtocol(ctx, protocol, e);
});

async function simpleMarket(ctx: Ctx, e: Ev, asset: string, f: (m: Row) => void) {
  const market = await marketOf(ctx, asset);
  if (!market) return;
  const protocol = await contextProtocol(ctx, e);
  f(market);
  await saveMarket(ctx, market, protocol, e);
  await saveProtocol(ctx, protocol, e);
}
ponder.on('Pool:MintedToTreasury', ({ event: e, context: ctx }: any) => simpleMarket(ctx, e, e.args.reserve, (m) => { m.accruedToTreasury = 0n; }));
ponder.on('Pool:IsolationModeTotalDebtUpdated', ({ event: e, context: ctx }: any) => simpleMarket(ctx, e, e.args.asset, (m) => { m.isolationModeTotalDebt = e.args.totalDebt; }));
ponder.on('Pool:BackUnbacked', ({ event: e, context: ctx }: any) => simpleMarket(ctx, e, e.args.reserve, () => {}));

// ---------------------------------------------------------------- user actions
const ACTIONS = {
  Supply: { table: supply, user: 'onBehalfOf', count: 'supplyCount', cum: 'cumulativeSupplied', cumUSD: 'cumulativeSupplyUSD', pcum: 'cumulativeSupplyUSD', flow: 'supplied', pday: 'supplyUSD' },
  Withdraw: { table: withdraw, user: 'user', count: 'withdrawCount', cum: 'cumulativeWithdrawn', cumUSD: null, pcum: 'cumulativeWithdrawUSD', flow: 'withdrawn', pday: 'withdrawUSD' },
  Borrow: { table: borrow, user: 'onBehalfOf', count: 'borrowCount', cum: 'cumulativeBorrowed', cumUSD: 'cumulativeBorrowUSD', pcum: 'cumulativeBorrowUSD', flow: 'borrowed', pday: 'borrowUSD' },
  Repay: { table: repay, user: 'user', count: 'repayCount', cum: 'cumulativeRepaid', cumUSD: null, pcum: 'cumulativeRepayUSD', flow: 'repaid', pday: 'repayUSD' },
} as const;
for (const [kind, a] of Object.entries(ACTIONS)) {
  ponder.on(`Pool:${kind}` as never, async ({ event: e, context: ctx }: any) => {
    const market = await marketOf(ctx, e.args.reserve);
    if (!market) return;
    const protocol = await contextProtocol(ctx, e);
    const account = await getOrCreateAccount(ctx, lower(e.args[a.user]), protocol, e);
    const amount: bigint = e.args.amount;
    const usd = await amountUSD(ctx, market, amount, protocol);
    const x = e.args;
    const fields =
      kind === 'Supply' ? { caller: lower(x.user), referralCode: Number(x.referralCode) }
      : kind === 'Withdraw' ? { to: lower(x.to) }
      : kind === 'Borrow' ? { caller: lower(x.user), interestRateMode: Number(x.interestRateMode), borrowRate: x.borrowRate, referralCode: Number(x.referralCode) }
      : { repayer: lower(x.repayer), useATokens: x.useATokens };
    await ctx.db.insert(a.table).values({ id: eventId(e), market: market.id, account: account.id, amount, amountUSD: fmt(usd), ...fields, ...meta(e) });
    market[a.cum] += amount;
    if (a.cumUSD) market[a.cumUSD] = fmt(parse(market[a.cumUSD]) + usd);
    market[a.count] += 1;
    account[a.count] += 1;
    protocol[a.pcum] = fmt(parse(protocol[a.pcum]) + usd);
    await addMarketFlow(ctx, market, e, a.flow as Flow, amount);
    await protocolDaily(ctx, protocol, e, a.pday, usd, await activity(ctx, account, e));
    await put(ctx, Account, account);
    await saveMarket(ctx, market, protocol, e);
    await saveProtocol(ctx, protocol, e);
  });
}

ponder.on('Pool:MintUnbacked', async ({ event: e, context: ctx }: any) => {
  const market = await marketOf(ctx, e.args.reserve);
  if (!market) return;
  const protocol = await contextProtocol(ctx, e);
  const account = await getOrCreateAccount(ctx, lower(e.args.onBehalfOf), protocol, e);
  await protocolDaily(ctx, protocol, e, null, 0n, await activity(ctx, account, e));
  await put(ctx, Account, account);
  await saveMarket(ctx, market, protocol, e);
  await saveProtocol(ctx, protocol, e);
});

for (const kind of ['SwapBorrowRateMode', 'RebalanceStableBorrowRate']) {
  ponder.on(`Pool:${kind}` as never, async ({ event: e, context: ctx }: any) => {
    const protocol = await contextProtocol(ctx, e);
    const account = await getOrCreateAccount(ctx, lower(e.args.user), protocol, e);
    await protocolDaily(ctx, protocol, e, null, 0n, await activity(ctx, account, e));
    await put(ctx, Account, account);
    await saveProtocol(ctx, protocol, e);
  });
}

// ---------------------------------------------------------------- collateral / e-mode
async function toggleCollateral(ctx: Ctx, e: Ev, reserve: string, user: string, enabled: boolean) {
  const market = await marketOf(ctx, reserve);
  if (!market) return;
  const protocol = await contextProtocol(ctx, e);
  const account = await getOrCreateAccount(ctx, lower(user), protocol, e);
  const pos = await getOrCreatePosition(ctx, account, market.id, e);
  const before = positionFlags(pos);
  pos.collateralEnabled = enabled;
  applyPositionFlags(before, pos, account, protocol, e);
  await put(ctx, Position, pos);
  await ctx.db.insert(collateralToggle).values({ id: eventId(e), market: market.id, account: account.id, enabled, ...meta(e) });
  await protocolDaily(ctx, protocol, e, null, 0n, await activity(ctx, account, e));
  await put(ctx, Account, account);
  await saveProtocol(ctx, protocol, e);
}
ponder.on('Pool:ReserveUsedAsCollateralEnabled', ({ event: e, context: ctx }: any) => toggleCollateral(ctx, e, e.args.reserve, e.args.user, true));
ponder.on('Pool:ReserveUsedAsCollateralDisabled', ({ event: e, context: ctx }: any) => toggleCollateral(ctx, e, e.args.reserve, e.args.user, false));

ponder.on('Pool:UserEModeSet', async ({ event: e, context: ctx }: any) => {
  const protocol = await contextProtocol(ctx, e);
  const account = await getOrCreateAccount(ctx, lower(e.args.user), protocol, e);
  account.eModeCategoryId = Number(e.args.categoryId);
  await ctx.db.insert(eModeSet).values({ id: eventId(e), account: account.id, categoryId: Number(e.args.categoryId), ...meta(e) });
  await protocolDaily(ctx, protocol, e, null, 0n, await activity(ctx, account, e));
  await put(ctx, Account, account);
  await saveProtocol(ctx, protocol, e);
});

// ---------------------------------------------------------------- liquidations
/** The e-mode category's bonus when the user's category contains the asset, else the reserve's. */
async function liquidationBonusFor(ctx: Ctx, collateral: Row, account: Row): Promise<number> {
  const cat = account.eModeCategoryId;
  if (cat !== 0) {
    const c = await load(ctx, EModeCategory, String(cat));
    if (c) {
      const usesBitmaps = c.collateralBitmap !== 0n || c.borrowableBitmap !== 0n;
      const inCategory = usesBitmaps ? (c.collateralBitmap & (1n << BigInt(collateral.reserveId & 255))) !== 0n : collateral.eModeCategory !== null && collateral.eModeCategory === c.id;
      if (inCategory) return c.liquidationBonus;
    }
  }
  return collateral.liquidationBonus;
}
const feeOf = (total: bigint, bonus: bigint, pct: bigint) => percentMul(total - percentDiv(total, bonus), pct);
/** LiquidationLogic's protocol fee, solved from the event's liquidatedCollateralAmount. */
export function liquidationProtocolFee(liquidated: bigint, bonus: number, feePct: number): bigint {
  if (feePct <= 0 || bonus <= 10000 || liquidated === 0n) return 0n;
  const b = BigInt(bonus), p = BigInt(feePct);
  const denom = b * PERCENTAGE_FACTOR - p * (b - PERCENTAGE_FACTOR);
  const t0 = (liquidated * b * PERCENTAGE_FACTOR) / denom;
  for (let d = -3n; d <= 3n; d++) {
    const t = t0 + d;
    if (t < liquidated) continue;
    const fee = feeOf(t, b, p);
    if (t - fee === liquidated) return fee;
  }
  return feeOf(t0, b, p);
}

ponder.on('Pool:LiquidationCall', async ({ event: e, context: ctx }: any) => {
  const collateral = await marketOf(ctx, e.args.collateralAsset);
  const debt = await marketOf(ctx, e.args.debtAsset);
  if (!collateral || !debt) return;
  const protocol = await contextProtocol(ctx, e);
  const account = await getOrCreateAccount(ctx, lower(e.args.user), protocol, e);
  const self = lower(e.args.liquidator) === lower(e.args.user);
  const liquidator = self ? account : await getOrCreateAccount(ctx, lower(e.args.liquidator), protocol, e);
  const seized: bigint = e.args.liquidatedCollateralAmount;
  const debtRepaid: bigint = e.args.debtToCover;
  const bonus = await liquidationBonusFor(ctx, collateral, account);
  const fee = liquidationProtocolFee(seized, bonus, collateral.liquidationProtocolFee);
  const seizedUSD = await amountUSD(ctx, collateral, seized, protocol);
  const feeUSD = await amountUSD(ctx, collateral, fee, protocol);
  const debtUSD = await amountUSD(ctx, debt, debtRepaid, protocol);
  await ctx.db.insert(liquidation).values({
    id: eventId(e), account: account.id, liquidator: lower(e.args.liquidator), collateralMarket: collateral.id, debtMarket: debt.id,
    debtRepaid, debtRepaidUSD: fmt(debtUSD), collateralSeized: seized, collateralSeizedUSD: fmt(seizedUSD), protocolFee: fee, protocolFeeUSD: fmt(feeUSD),
    liquidatorBonusUSD: fmt(seizedUSD - debtUSD), receiveAToken: e.args.receiveAToken, ...meta(e),
  });
  const takenUSD = seizedUSD + feeUSD;
  collateral.cumulativeLiquidatedCollateral += seized + fee;
  collateral.cumulativeLiquidatedCollateralUSD = fmt(parse(collateral.cumulativeLiquidatedCollateralUSD) + takenUSD);
  collateral.liquidationCount += 1;
  await addMarketLiquidation(ctx, collateral, e, seized + fee, takenUSD);
  account.liquidatedCount += 1;
  liquidator.liquidatorCount += 1;
  protocol.liquidationCount += 1;
  protocol.cumulativeLiquidationUSD = fmt(parse(protocol.cumulativeLiquidationUSD) + takenUSD);
  let active = await activity(ctx, account, e);
  if (!self) active += await activity(ctx, liquidator, e);
  await protocolDaily(ctx, protocol, e, 'liquidationUSD', takenUSD, active);
  await put(ctx, Account, account);
  if (!self) await put(ctx, Account, liquidator);
  if (collateral.id === debt.id) {
    collateral.cumulativeLiquidatedDebt += debtRepaid;
    await saveMarket(ctx, collateral, protocol, e);
  } else {
    debt.cumulativeLiquidatedDebt += debtRepaid;
    await saveMarket(ctx, collateral, protocol, e);
    await saveMarket(ctx, debt, protocol, e);
  }
  await saveProtocol(ctx, protocol, e);
});

// ---------------------------------------------------------------- flash loans and deficits
ponder.on('Pool:FlashLoan', async ({ event: e, context: ctx }: any) => {
  const market = await marketOf(ctx, e.args.asset);
  if (!market) return;
  const protocol = await contextProtocol(ctx, e);
  await ctx.db.insert(flashLoan).values({
    id: eventId(e), market: market.id, target: lower(e.args.target), initiator: lower(e.args.initiator), amount: e.args.amount,
    amountUSD: fmt(await amountUSD(ctx, market, e.args.amount, protocol)), premium: e.args.premium, premiumUSD: fmt(await amountUSD(ctx, market, e.args.premium, protocol)),
    interestRateMode: Number(e.args.interestRateMode), ...meta(e),
  });
  market.flashLoanCount += 1;
  protocol.flashLoanCount += 1;
  await saveMarket(ctx, market, protocol, e);
  await saveProtocol(ctx, protocol, e);
});

ponder.on('Pool:DeficitCreated', async ({ event: e, context: ctx }: any) => {
  const market = await marketOf(ctx, e.args.debtAsset);
  if (!market) return;
  const protocol = await contextProtocol(ctx, e);
  await ctx.db.insert(deficit).values({ id: eventId(e), market: market.id, account: lower(e.args.user), amount: e.args.amountCreated, amountUSD: fmt(await amountUSD(ctx, market, e.args.amountCreated, protocol)), ...meta(e) });
});
ponder.on('Pool:DeficitCovered', async ({ event: e, context: ctx }: any) => {
  const market = await marketOf(ctx, e.args.reserve);
  if (!market) return;
  const protocol = await contextProtocol(ctx, e);
  await ctx.db.insert(deficit).values({ id: eventId(e), market: market.id, account: lower(e.args.caller), amount: -e.args.amountCovered, amountUSD: fmt(-(await amountUSD(ctx, market, e.args.amountCovered, protocol))), ...meta(e) });
});
