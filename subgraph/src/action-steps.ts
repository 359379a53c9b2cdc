// The steps every Pool user-action writer shares, as Messari's lending SDK keeps them in its
// DataManager: load the market, protocol and account once, value the amount in USD, stamp the
// event on the entity, count the account active today, and save each entity once, market before
// protocol (saveMarket moves the protocol's USD totals, so the protocol is saved last).
import { Address, BigDecimal, BigInt, Entity, ethereum } from '@graphprotocol/graph-ts';
import { Account, Market, Protocol } from '../generated/schema';
import {
  amountUSD,
  contextProtocol,
  getOrCreateAccount,
  saveMarket,
  saveProtocol,
  touchAccount,
} from './entities';
import { addMarketFlow, getProtocolDaily } from './snapshots';

// Which ProtocolDailySnapshot flow an action adds to.
export const PDAY_SUPPLY = 0;
export const PDAY_WITHDRAW = 1;
export const PDAY_BORROW = 2;
export const PDAY_REPAY = 3;
export const PDAY_LIQUIDATION = 4;
export const PDAY_NONE = 5;

/** Adds a USD flow and (optionally) one active account to today's ProtocolDailySnapshot. */
export function protocolDaily(
  protocol: Protocol,
  event: ethereum.Event,
  kind: i32,
  usd: BigDecimal,
  newActive: i32,
): void {
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

/** 1 when this is the account's first action today (it is marked active), else 0. */
export function activity(account: Account, event: ethereum.Event): i32 {
  return touchAccount(account, event) ? 1 : 0;
}

/** The event's block number, timestamp, transaction hash and log index, set on an action entity. */
export function stampEvent(entity: Entity, event: ethereum.Event): void {
  entity.setBigInt('blockNumber', event.block.number);
  entity.setBigInt('timestamp', event.block.timestamp);
  entity.setBytes('txHash', event.transaction.hash);
  entity.setI32('logIndex', event.logIndex.toI32());
}

/** One account's action on one market, with its amount valued at the market's last price. */
export class MarketAction {
  event: ethereum.Event;
  market: Market;
  protocol: Protocol;
  account: Account;
  amount: BigInt;
  amountUSD: BigDecimal;

  constructor(
    event: ethereum.Event,
    market: Market,
    protocol: Protocol,
    account: Account,
    amount: BigInt,
  ) {
    this.event = event;
    this.market = market;
    this.protocol = protocol;
    this.account = account;
    this.amount = amount;
    this.amountUSD = amountUSD(market, amount, protocol);
  }
}

/** Loads what an action on `reserve` by `user` touches; null when the reserve is not a market. */
export function startMarketAction(
  event: ethereum.Event,
  reserve: Address,
  user: Address,
  amount: BigInt,
): MarketAction | null {
  let market = Market.load(reserve);
  if (market === null) return null;
  let protocol = contextProtocol(event);
  let account = getOrCreateAccount(user, protocol, event);
  return new MarketAction(event, market, protocol, account, amount);
}

/**
 * Ends a supply / withdraw / borrow / repay: the amount joins the market's hourly and daily
 * flow `flow` and the protocol's daily `day` flow, then account, market and protocol are saved.
 */
export function finishFlow(a: MarketAction, flow: i32, day: i32): void {
  addMarketFlow(a.market, a.event.block, flow, a.amount);
  protocolDaily(a.protocol, a.event, day, a.amountUSD, activity(a.account, a.event));
  a.account.save();
  saveMarket(a.market, a.protocol, a.event);
  saveProtocol(a.protocol, a.event);
}

/**
 * Ends an action that moves no flow (collateral toggles, e-mode, rate swaps, unbacked mints):
 * the account counts as active today; account, market (when given) and protocol are saved.
 */
export function finishActivity(
  protocol: Protocol,
  account: Account,
  event: ethereum.Event,
  market: Market | null,
): void {
  protocolDaily(protocol, event, PDAY_NONE, BigDecimal.zero(), activity(account, event));
  account.save();
  if (market !== null) saveMarket(market, protocol, event);
  saveProtocol(protocol, event);
}
