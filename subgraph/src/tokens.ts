// AToken / VariableDebtToken / StableDebtToken: exact scaled balances from Mint, Burn and
// BalanceTransfer (ScaledBalanceTokenBase semantics: WadRayMath half-up rayDiv up to 3.4, the
// 3.5 floor/ceil balance differences from revision 4), stable debt
// principal from the StableDebtToken events. Market scaled sums move by the same deltas, so
// Market.totalSupply / totalVariableDebt = rayMul(scaled sum, index) = token totalSupply.
import { Address, BigInt, dataSource, ethereum } from '@graphprotocol/graph-ts';
import {
  BalanceTransfer,
  Burn as ATokenBurn,
  Mint as ATokenMint,
} from '../generated/templates/AToken/AToken';
import {
  Burn as VariableBurn,
  Mint as VariableMint,
} from '../generated/templates/VariableDebtToken/VariableDebtToken';
import {
  Burn as StableBurn,
  Mint as StableMint,
} from '../generated/templates/StableDebtToken/StableDebtToken';
import { Account, SupplyTransfer, Market, Position, Protocol, Token } from '../generated/schema';
import { BI_ZERO, CTX_UNDERLYING } from './constants';
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
} from './entities';
import { rayDiv, rayMul, scaledDeltaOfBurn, scaledDeltaOfMint, solveScaled } from './math';
import { stampEvent } from './action-steps';

function contextMarket(): Market | null {
  return Market.load(dataSource.context().getBytes(CTX_UNDERLYING));
}

const SUPPLY = 0;
const VARIABLE = 1;
const EV_MINT = 0;
const EV_BURN = 1;

/** Revision of the emitting token (Token.revision, read by the configurator handlers). */
function tokenRevision(): i32 {
  let t = Token.load(dataSource.address());
  return t === null ? 0 : t.revision;
}

/**
 * Scaled delta of a Mint / Burn. Up to 3.4 the event carries amounts: scaled = half-up
 * rayDiv(amount, index). From 3.5 (token revision >= 4) it carries balance differences, solved
 * for the scaled amount against the holder's scaled balance before the event (math.solveScaled).
 */
function scaledDelta(
  kind: i32,
  value: BigInt,
  balanceIncrease: BigInt,
  index: BigInt,
  before: BigInt,
  ceil: boolean,
): BigInt {
  if (tokenRevision() < 4) {
    return kind == EV_MINT
      ? scaledDeltaOfMint(value, balanceIncrease, index)
      : scaledDeltaOfBurn(value, balanceIncrease, index);
  }
  if (kind == EV_MINT) {
    if (value.ge(balanceIncrease))
      return solveScaled(before, value.minus(balanceIncrease), index, ceil, true);
    return solveScaled(before, balanceIncrease.minus(value), index, ceil, false).neg();
  }
  return solveScaled(before, value.plus(balanceIncrease), index, ceil, false).neg();
}

/** Moves `user`'s scaled balance (and the market's scaled sum when `moveMarket`) by `delta`. */
function applyDelta(
  event: ethereum.Event,
  market: Market,
  user: Address,
  which: i32,
  delta: BigInt,
  moveMarket: boolean,
): void {
  let protocol = contextProtocol(event);
  let account = getOrCreateAccount(user, protocol, event);
  let pos = getOrCreatePosition(account, market.id, event);
  applyToPosition(event, market, protocol, account, pos, which, delta, moveMarket);
}

function applyToPosition(
  event: ethereum.Event,
  market: Market,
  protocol: Protocol,
  account: Account,
  pos: Position,
  which: i32,
  delta: BigInt,
  moveMarket: boolean,
): void {
  let before = positionFlags(pos);
  if (which == SUPPLY) {
    pos.scaledATokenBalance = pos.scaledATokenBalance.plus(delta);
    if (moveMarket) market.scaledATokenSupply = market.scaledATokenSupply.plus(delta);
  } else {
    pos.scaledVariableDebt = pos.scaledVariableDebt.plus(delta);
    if (moveMarket) market.scaledVariableDebt = market.scaledVariableDebt.plus(delta);
  }
  applyPositionFlags(before, pos, account, protocol, event);
  pos.save();
  account.save();
  if (moveMarket) saveMarket(market, protocol, event);
  saveProtocol(protocol, event);
}

/** A Mint or Burn of an AToken (SUPPLY) or VariableDebtToken (VARIABLE). */
function applyEvent(
  event: ethereum.Event,
  user: Address,
  which: i32,
  kind: i32,
  value: BigInt,
  balanceIncrease: BigInt,
  index: BigInt,
): void {
  let market = contextMarket();
  if (market === null) return;
  let protocol = contextProtocol(event);
  let account = getOrCreateAccount(user, protocol, event);
  let pos = getOrCreatePosition(account, market.id, event);
  let held = which == SUPPLY ? pos.scaledATokenBalance : pos.scaledVariableDebt;
  let delta = scaledDelta(kind, value, balanceIncrease, index, held, which == VARIABLE);
  if (delta.isZero()) return; // interest-only Mint emitted by transfers (3.0.1+)
  applyToPosition(event, market, protocol, account, pos, which, delta, true);
}

// ---------------------------------------------------------------- AToken

export function handleATokenMint(event: ATokenMint): void {
  let p = event.params;
  applyEvent(event, p.onBehalfOf, SUPPLY, EV_MINT, p.value, p.balanceIncrease, p.index);
}

export function handleATokenBurn(event: ATokenBurn): void {
  let p = event.params;
  applyEvent(event, p.from, SUPPLY, EV_BURN, p.value, p.balanceIncrease, p.index);
}

/**
 * BalanceTransfer(from, to, value, index): value is the scaled amount since 3.0.1 (aave-v3-core
 * PR #682); 3.0.0 implementations emitted the underlying amount (scaled = rayDiv(value, index),
 * which is what the 3.0.0 token moved). Token.balanceTransferScaled says which one this is.
 */
export function handleATokenBalanceTransfer(event: BalanceTransfer): void {
  let market = contextMarket();
  if (market === null) return;
  if (event.params.from.equals(event.params.to)) return;
  let token = Token.load(dataSource.address());
  let scaledFlag = token === null ? true : token.balanceTransferScaled;
  let scaled = scaledFlag ? event.params.value : rayDiv(event.params.value, event.params.index);
  if (scaled.isZero()) return;
  applyDelta(event, market!, event.params.from, SUPPLY, scaled.neg(), false);
  applyDelta(event, market!, event.params.to, SUPPLY, scaled, false);
  recordTransfer(event, market!, scaled);
}

/** The SupplyTransfer row of an account's history (both accounts exist: applyDelta made them). */
function recordTransfer(event: BalanceTransfer, market: Market, scaled: BigInt): void {
  let protocol = contextProtocol(event);
  let t = new SupplyTransfer(eventId(event));
  t.market = market.id;
  t.from = event.params.from;
  t.to = event.params.to;
  t.scaledAmount = scaled;
  t.index = event.params.index;
  t.amount = rayMul(scaled, event.params.index);
  t.amountUSD = amountUSD(market, t.amount, protocol);
  stampEvent(t, event);
  t.save();
}

// ---------------------------------------------------------------- VariableDebtToken

export function handleVariableDebtMint(event: VariableMint): void {
  let p = event.params;
  applyEvent(event, p.onBehalfOf, VARIABLE, EV_MINT, p.value, p.balanceIncrease, p.index);
}

export function handleVariableDebtBurn(event: VariableBurn): void {
  let p = event.params;
  applyEvent(event, p.from, VARIABLE, EV_BURN, p.value, p.balanceIncrease, p.index);
}

// ---------------------------------------------------------------- StableDebtToken (3.0–3.1)

/** Principal after the event: Mint -> previous + value, Burn -> previous - value, where
 *  previous = currentBalance - balanceIncrease (StableDebtToken.mint/burn). */
function applyStable(
  event: ethereum.Event,
  market: Market,
  user: Address,
  principal: BigInt,
  rate: BigInt | null,
  totalSupply: BigInt,
  avgRate: BigInt,
): void {
  let protocol = contextProtocol(event);
  let account = getOrCreateAccount(user, protocol, event);
  let pos = getOrCreatePosition(account, market.id, event);
  let before = positionFlags(pos);
  pos.stableDebt = principal;
  if (rate !== null) pos.stableBorrowRate = rate!;
  if (principal.isZero()) pos.stableBorrowRate = BI_ZERO;
  pos.stableLastUpdateTimestamp = event.block.timestamp;
  applyPositionFlags(before, pos, account, protocol, event);
  pos.save();
  account.save();
  market.totalStableDebt = totalSupply;
  market.stableDebtSupply = totalSupply;
  market.averageStableRate = avgRate;
  market.stableDebtSupplyTimestamp = event.block.timestamp;
  saveMarket(market, protocol, event);
  saveProtocol(protocol, event);
}

export function handleStableDebtMint(event: StableMint): void {
  let market = contextMarket();
  if (market === null) return;
  let p = event.params;
  let principal = p.currentBalance.minus(p.balanceIncrease).plus(p.amount);
  applyStable(event, market, p.onBehalfOf, principal, p.newRate, p.newTotalSupply, p.avgStableRate);
}

export function handleStableDebtBurn(event: StableBurn): void {
  let market = contextMarket();
  if (market === null) return;
  let p = event.params;
  let principal = p.currentBalance.minus(p.balanceIncrease).minus(p.amount);
  if (principal.lt(BI_ZERO)) principal = BI_ZERO;
  applyStable(event, market, p.from, principal, null, p.newTotalSupply, p.avgStableRate);
}
