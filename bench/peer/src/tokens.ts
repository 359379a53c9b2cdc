// Port of subgraph/src/tokens.ts: exact scaled balances from AToken / VariableDebtToken Mint, Burn
// and BalanceTransfer (WadRayMath half-up up to 3.4, the 3.5 floor/ceil solve from revision 4),
// stable debt principal from StableDebtToken events. Market scaled sums move by the same deltas.
// The subgraph's template context (underlying asset) is the emitting Token row's market here.
import { ponder } from 'ponder:registry';
import { account as Account, market as Market, position as Position, token as Token } from 'ponder:schema';
import { type Ctx, type Ev, type Row, applyPositionFlags, contextProtocol, getOrCreateAccount, getOrCreatePosition, load, lower, positionFlags, put, saveMarket, saveProtocol } from '../lib/entities.ts';
import { rayDiv, scaledDeltaOfBurn, scaledDeltaOfMint, solveScaled } from '../lib/math.ts';

/** The emitting token's row and its market (the subgraph: Token.load(dataSource.address()) + context market). */
async function tokenAndMarket(ctx: Ctx, e: Ev): Promise<[Row | null, Row | null]> {
  const token = await load(ctx, Token, lower(e.log.address));
  if (!token || token.market === null) return [token, null];
  return [token, await load(ctx, Market, token.market)];
}

function scaledDelta(revision: number, mint: boolean, value: bigint, inc: bigint, index: bigint, before: bigint, ceil: boolean): bigint {
  if (revision < 4) return mint ? scaledDeltaOfMint(value, inc, index) : scaledDeltaOfBurn(value, inc, index);
  if (mint) return value >= inc ? solveScaled(before, value - inc, index, ceil, true) : -solveScaled(before, inc - value, index, ceil, false);
  return -solveScaled(before, value + inc, index, ceil, false);
}

async function applyToPosition(ctx: Ctx, e: Ev, market: Row, protocol: Row, account: Row, pos: Row, supply: boolean, delta: bigint, moveMarket: boolean) {
  const before = positionFlags(pos);
  if (supply) {
    pos.scaledATokenBalance += delta;
    if (moveMarket) market.scaledATokenSupply += delta;
  } else {
    pos.scaledVariableDebt += delta;
    if (moveMarket) market.scaledVariableDebt += delta;
  }
  applyPositionFlags(before, pos, account, protocol, e);
  await put(ctx, Position, pos);
  await put(ctx, Account, account);
  if (moveMarket) await saveMarket(ctx, market, protocol, e);
  await saveProtocol(ctx, protocol, e);
}

async function applyEvent(ctx: Ctx, e: Ev, user: string, supply: boolean, mint: boolean, value: bigint, inc: bigint, index: bigint) {
  const [token, market] = await tokenAndMarket(ctx, e);
  if (!market) return;
  const protocol = await contextProtocol(ctx, e);
  const account = await getOrCreateAccount(ctx, lower(user), protocol, e);
  const pos = await getOrCreatePosition(ctx, account, market.id, e);
  const held = supply ? pos.scaledATokenBalance : pos.scaledVariableDebt;
  const delta = scaledDelta(token?.revision ?? 0, mint, value, inc, index, held, !supply);
  if (delta === 0n) return; // interest-only Mint emitted by transfers (3.0.1+)
  await applyToPosition(ctx, e, market, protocol, account, pos, supply, delta, true);
}

ponder.on('AToken:Mint', ({ event: e, context: ctx }: any) => applyEvent(ctx, e, e.args.onBehalfOf, true, true, e.args.value, e.args.balanceIncrease, e.args.index));
ponder.on('AToken:Burn', ({ event: e, context: ctx }: any) => applyEvent(ctx, e, e.args.from, true, false, e.args.value, e.args.balanceIncrease, e.args.index));
ponder.on('VariableDebtToken:Mint', ({ event: e, context: ctx }: any) => applyEvent(ctx, e, e.args.onBehalfOf, false, true, e.args.value, e.args.balanceIncrease, e.args.index));
ponder.on('VariableDebtToken:Burn', ({ event: e, context: ctx }: any) => applyEvent(ctx, e, e.args.from, false, false, e.args.value, e.args.balanceIncrease, e.args.index));

/** BalanceTransfer(from, to, value, index): value is scaled since 3.0.1; 3.0.0 emitted the underlying amount. */
ponder.on('AToken:BalanceTransfer', async ({ event: e, context: ctx }: any) => {
  const [token, market] = await tokenAndMarket(ctx, e);
  if (!market) return;
  if (lower(e.args.from) === lower(e.args.to)) return;
  const scaledFlag = token === null ? true : token.balanceTransferScaled ?? false;
  const scaled: bigint = scaledFlag ? e.args.value : rayDiv(e.args.value, e.args.index);
  if (scaled === 0n) return;
  for (const [user, delta] of [[e.args.from, -scaled], [e.args.to, scaled]] as const) {
    const protocol = await contextProtocol(ctx, e);
    const account = await getOrCreateAccount(ctx, lower(user), protocol, e);
    const pos = await getOrCreatePosition(ctx, account, market.id, e);
    await applyToPosition(ctx, e, market, protocol, account, pos, true, delta, false);
  }
});

// ---------------------------------------------------------------- StableDebtToken (3.0–3.1)
async function applyStable(ctx: Ctx, e: Ev, market: Row, user: string, principal: bigint, rate: bigint | null, totalSupply: bigint) {
  const protocol = await contextProtocol(ctx, e);
  const account = await getOrCreateAccount(ctx, lower(user), protocol, e);
  const pos = await getOrCreatePosition(ctx, account, market.id, e);
  const before = positionFlags(pos);
  pos.stableDebt = principal;
  if (rate !== null) pos.stableBorrowRate = rate;
  if (principal === 0n) pos.stableBorrowRate = 0n;
  pos.stableLastUpdateTimestamp = e.block.timestamp;
  applyPositionFlags(before, pos, account, protocol, e);
  await put(ctx, Position, pos);
  await put(ctx, Account, account);
  market.totalStableDebt = totalSupply;
  await saveMarket(ctx, market, protocol, e);
  await saveProtocol(ctx, protocol, e);
}
ponder.on('StableDebtToken:Mint', async ({ event: e, context: ctx }: any) => {
  const [, market] = await tokenAndMarket(ctx, e);
  if (!market) return;
  const p = e.args;
  await applyStable(ctx, e, market, p.onBehalfOf, p.currentBalance - p.balanceIncrease + p.amount, p.newRate, p.newTotalSupply);
});
ponder.on('StableDebtToken:Burn', async ({ event: e, context: ctx }: any) => {
  const [, market] = await tokenAndMarket(ctx, e);
  if (!market) return;
  const p = e.args;
  let principal: bigint = p.currentBalance - p.balanceIncrease - p.amount;
  if (principal < 0n) principal = 0n;
  await applyStable(ctx, e, market, p.from, principal, null, p.newTotalSupply);
});
