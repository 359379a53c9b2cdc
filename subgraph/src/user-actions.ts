// Writers of the Pool's user-action entities, one per entity type (Messari's lending SDK:
// DataManager.createDeposit / createWithdraw / createBorrow / createRepay). A handler in pool.ts
// extracts the event's params and calls one writer; each writer sets the fields its entity has
// and bumps its own counters, and the shared steps (action-steps.ts) do the rest. Balances are
// not changed here: the token handlers (tokens.ts) own scaled balances.
import { Address, BigInt, Bytes, ethereum } from '@graphprotocol/graph-ts';
import {
  Borrow,
  CollateralToggle,
  Deficit,
  EModeSet,
  FlashLoan,
  Market,
  Repay,
  Supply,
  Withdraw,
} from '../generated/schema';
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
import { FLOW_BORROWED, FLOW_REPAID, FLOW_SUPPLIED, FLOW_WITHDRAWN } from './snapshots';
import {
  PDAY_BORROW,
  PDAY_REPAY,
  PDAY_SUPPLY,
  PDAY_WITHDRAW,
  finishActivity,
  finishFlow,
  stampEvent,
  startMarketAction,
} from './action-steps';

/** Pool.supply: `account` receives the aTokens, `caller` pays. */
export function createSupply(
  event: ethereum.Event,
  reserve: Address,
  account: Address,
  caller: Address,
  amount: BigInt,
  referralCode: i32,
): void {
  let a = startMarketAction(event, reserve, account, amount);
  if (a === null) return;
  let e = new Supply(eventId(event));
  e.market = a.market.id;
  e.account = a.account.id;
  e.caller = caller;
  e.amount = amount;
  e.amountUSD = a.amountUSD;
  e.referralCode = referralCode;
  stampEvent(e, event);
  e.save();

  a.market.cumulativeSupplied = a.market.cumulativeSupplied.plus(amount);
  a.market.cumulativeSupplyUSD = a.market.cumulativeSupplyUSD.plus(a.amountUSD);
  a.market.supplyCount = a.market.supplyCount + 1;
  a.account.supplyCount = a.account.supplyCount + 1;
  a.protocol.cumulativeSupplyUSD = a.protocol.cumulativeSupplyUSD.plus(a.amountUSD);
  finishFlow(a, FLOW_SUPPLIED, PDAY_SUPPLY);
}

/** Pool.withdraw: `account` burns aTokens, the underlying goes `to`. */
export function createWithdraw(
  event: ethereum.Event,
  reserve: Address,
  account: Address,
  to: Address,
  amount: BigInt,
): void {
  let a = startMarketAction(event, reserve, account, amount);
  if (a === null) return;
  let e = new Withdraw(eventId(event));
  e.market = a.market.id;
  e.account = a.account.id;
  e.to = to;
  e.amount = amount;
  e.amountUSD = a.amountUSD;
  stampEvent(e, event);
  e.save();

  a.market.cumulativeWithdrawn = a.market.cumulativeWithdrawn.plus(amount);
  a.market.withdrawCount = a.market.withdrawCount + 1;
  a.account.withdrawCount = a.account.withdrawCount + 1;
  a.protocol.cumulativeWithdrawUSD = a.protocol.cumulativeWithdrawUSD.plus(a.amountUSD);
  finishFlow(a, FLOW_WITHDRAWN, PDAY_WITHDRAW);
}

/** Pool.borrow: `account` takes the debt, `caller` receives the underlying. */
export function createBorrow(
  event: ethereum.Event,
  reserve: Address,
  account: Address,
  caller: Address,
  amount: BigInt,
  interestRateMode: i32,
  borrowRate: BigInt,
  referralCode: i32,
): void {
  let a = startMarketAction(event, reserve, account, amount);
  if (a === null) return;
  let e = new Borrow(eventId(event));
  e.market = a.market.id;
  e.account = a.account.id;
  e.caller = caller;
  e.amount = amount;
  e.amountUSD = a.amountUSD;
  e.interestRateMode = interestRateMode;
  e.borrowRate = borrowRate;
  e.referralCode = referralCode;
  stampEvent(e, event);
  e.save();

  a.market.cumulativeBorrowed = a.market.cumulativeBorrowed.plus(amount);
  a.market.cumulativeBorrowUSD = a.market.cumulativeBorrowUSD.plus(a.amountUSD);
  a.market.borrowCount = a.market.borrowCount + 1;
  a.account.borrowCount = a.account.borrowCount + 1;
  a.protocol.cumulativeBorrowUSD = a.protocol.cumulativeBorrowUSD.plus(a.amountUSD);
  finishFlow(a, FLOW_BORROWED, PDAY_BORROW);
}

/** Pool.repay: `account`'s debt is repaid by `repayer` (with aTokens when `useATokens`). */
export function createRepay(
  event: ethereum.Event,
  reserve: Address,
  account: Address,
  repayer: Address,
  amount: BigInt,
  useATokens: boolean,
): void {
  let a = startMarketAction(event, reserve, account, amount);
  if (a === null) return;
  let e = new Repay(eventId(event));
  e.market = a.market.id;
  e.account = a.account.id;
  e.repayer = repayer;
  e.amount = amount;
  e.amountUSD = a.amountUSD;
  e.useATokens = useATokens;
  stampEvent(e, event);
  e.save();

  a.market.cumulativeRepaid = a.market.cumulativeRepaid.plus(amount);
  a.market.repayCount = a.market.repayCount + 1;
  a.account.repayCount = a.account.repayCount + 1;
  a.protocol.cumulativeRepayUSD = a.protocol.cumulativeRepayUSD.plus(a.amountUSD);
  finishFlow(a, FLOW_REPAID, PDAY_REPAY);
}

/** ReserveUsedAsCollateralEnabled / Disabled: the position's flag and the account's counters. */
export function createCollateralToggle(
  event: ethereum.Event,
  reserve: Address,
  user: Address,
  enabled: boolean,
): void {
  let market = Market.load(reserve);
  if (market === null) return;
  let protocol = contextProtocol(event);
  let account = getOrCreateAccount(user, protocol, event);
  let pos = getOrCreatePosition(account, market.id, event);
  let before = positionFlags(pos);
  pos.collateralEnabled = enabled;
  applyPositionFlags(before, pos, account, protocol, event);
  pos.save();

  let e = new CollateralToggle(eventId(event));
  e.market = market.id;
  e.account = account.id;
  e.enabled = enabled;
  stampEvent(e, event);
  e.save();
  finishActivity(protocol, account, event, null);
}

/** UserEModeSet: the account's e-mode category (0 = none). */
export function createEModeSet(event: ethereum.Event, user: Address, categoryId: i32): void {
  let protocol = contextProtocol(event);
  let account = getOrCreateAccount(user, protocol, event);
  account.eModeCategoryId = categoryId;
  let e = new EModeSet(eventId(event));
  e.account = account.id;
  e.categoryId = categoryId;
  stampEvent(e, event);
  e.save();
  finishActivity(protocol, account, event, null);
}

/** FlashLoan (simple or multi-asset leg); counted on the market and the protocol. */
export function createFlashLoan(
  event: ethereum.Event,
  asset: Address,
  target: Address,
  initiator: Address,
  amount: BigInt,
  premium: BigInt,
  interestRateMode: i32,
): void {
  let market = Market.load(asset);
  if (market === null) return;
  let protocol = contextProtocol(event);
  let e = new FlashLoan(eventId(event));
  e.market = market.id;
  e.target = target;
  e.initiator = initiator;
  e.amount = amount;
  e.amountUSD = amountUSD(market, amount, protocol);
  e.premium = premium;
  e.premiumUSD = amountUSD(market, premium, protocol);
  e.interestRateMode = interestRateMode;
  stampEvent(e, event);
  e.save();
  market.flashLoanCount = market.flashLoanCount + 1;
  protocol.flashLoanCount = protocol.flashLoanCount + 1;
  saveMarket(market, protocol, event);
  saveProtocol(protocol, event);
}

/**
 * 3.3+ deficits: `amount` is positive when bad debt is written off (DeficitCreated, account =
 * the user) and negative when it is covered (DeficitCovered, account = the caller). The market
 * and protocol are left as they are.
 */
export function createDeficit(
  event: ethereum.Event,
  reserve: Address,
  account: Bytes,
  amount: BigInt,
  covered: boolean,
): void {
  let market = Market.load(reserve);
  if (market === null) return;
  let protocol = contextProtocol(event);
  let d = new Deficit(eventId(event));
  d.market = market.id;
  d.account = account;
  d.amount = covered ? amount.neg() : amount;
  let usd = amountUSD(market, amount, protocol);
  d.amountUSD = covered ? usd.neg() : usd;
  stampEvent(d, event);
  d.save();
}
