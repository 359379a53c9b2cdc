// Pool handlers: indexes and rates, user actions (entities, counters, USD, flows), snapshots across
// hour/day boundaries, liquidations (bonus, exact protocol fee, e-mode bonus 3.0 and 3.2),
// collateral toggles, e-mode, isolation debt, flash loans, treasury, unbacked, deficits (3.3).
import { Address, BigInt, Bytes, ethereum } from '@graphprotocol/graph-ts';
import { assert, beforeEach, clearStore, describe, test } from 'matchstick-as/assembly/index';

import * as P from '../../subgraph/generated/templates/Pool/Pool';
import * as C from '../../subgraph/generated/templates/PoolConfigurator/PoolConfigurator';
import * as H from '../../subgraph/src/pool';
import { Protocol } from '../../subgraph/generated/schema';
import * as HC from '../../subgraph/src/mapping';
import { Mint as VMint } from '../../subgraph/generated/templates/VariableDebtToken/VariableDebtToken';
import { handleVariableDebtMint } from '../../subgraph/src/tokens';
import {
  CONFIGURATOR,
  LIQUIDATOR,
  PAP,
  POOL,
  USDC,
  USER1,
  USER2,
  V_USDC,
  WETH,
  ZERO,
  asConfigurator,
  asPool,
  asToken,
  bi,
  collateralConfig,
  mockEvent,
  pAddr,
  pBool,
  pSmall,
  pString,
  pUint,
  positionId,
  reserveDataUpdated,
  setupMarkets,
} from './helpers';

const U = USDC.toHexString();
const W = WETH.toHexString();
const PROTO = PAP.toHexString();
const HOUR = 3600;
const DAY = 86400;

function id(e: ethereum.Event): string {
  return e.transaction.hash.concatI32(e.logIndex.toI32()).toHexString();
}

function supply(asset: Address, user: Address, amount: string, ts: i32): P.Supply {
  let e = mockEvent(POOL, ts / 10, ts);
  pAddr(e, 'reserve', asset);
  pAddr(e, 'user', user);
  pAddr(e, 'onBehalfOf', user);
  pUint(e, 'amount', bi(amount));
  pSmall(e, 'referralCode', 0);
  return changetype<P.Supply>(e);
}

function withdraw(asset: Address, user: Address, amount: string, ts: i32): P.Withdraw {
  let e = mockEvent(POOL, ts / 10, ts);
  pAddr(e, 'reserve', asset);
  pAddr(e, 'user', user);
  pAddr(e, 'to', user);
  pUint(e, 'amount', bi(amount));
  return changetype<P.Withdraw>(e);
}

function borrow(asset: Address, user: Address, amount: string, ts: i32): P.Borrow {
  let e = mockEvent(POOL, ts / 10, ts);
  pAddr(e, 'reserve', asset);
  pAddr(e, 'user', user);
  pAddr(e, 'onBehalfOf', user);
  pUint(e, 'amount', bi(amount));
  pSmall(e, 'interestRateMode', 2);
  pUint(e, 'borrowRate', bi('50000000000000000000000000'));
  pSmall(e, 'referralCode', 0);
  return changetype<P.Borrow>(e);
}

function repay(asset: Address, user: Address, amount: string, ts: i32): P.Repay {
  let e = mockEvent(POOL, ts / 10, ts);
  pAddr(e, 'reserve', asset);
  pAddr(e, 'user', user);
  pAddr(e, 'repayer', user);
  pUint(e, 'amount', bi(amount));
  pBool(e, 'useATokens', false);
  return changetype<P.Repay>(e);
}

function liquidation(
  collateral: Address,
  debt: Address,
  debtToCover: string,
  liquidated: string,
  ts: i32,
): P.LiquidationCall {
  let e = mockEvent(POOL, ts / 10, ts);
  pAddr(e, 'collateralAsset', collateral);
  pAddr(e, 'debtAsset', debt);
  pAddr(e, 'user', USER1);
  pUint(e, 'debtToCover', bi(debtToCover));
  pUint(e, 'liquidatedCollateralAmount', bi(liquidated));
  pAddr(e, 'liquidator', LIQUIDATOR);
  pBool(e, 'receiveAToken', false);
  return changetype<P.LiquidationCall>(e);
}

function setFee(asset: Address, fee: i32): void {
  asConfigurator();
  let e = mockEvent(CONFIGURATOR, 25, 2500);
  pAddr(e, 'asset', asset);
  pUint(e, 'oldFee', BigInt.zero());
  pUint(e, 'newFee', BigInt.fromI32(fee));
  HC.handleLiquidationProtocolFeeChanged(changetype<C.LiquidationProtocolFeeChanged>(e));
}

function setUserEMode(user: Address, category: i32): void {
  asPool();
  let e = mockEvent(POOL, 26, 2600);
  pAddr(e, 'user', user);
  pSmall(e, 'categoryId', category);
  H.handleUserEModeSet(changetype<P.UserEModeSet>(e));
}

function addCategory(categoryId: i32, bonus: i32): void {
  asConfigurator();
  let e = mockEvent(CONFIGURATOR, 24, 2400);
  pSmall(e, 'categoryId', categoryId);
  pUint(e, 'ltv', BigInt.fromI32(9300));
  pUint(e, 'liquidationThreshold', BigInt.fromI32(9500));
  pUint(e, 'liquidationBonus', BigInt.fromI32(bonus));
  pAddr(e, 'oracle', ZERO);
  pString(e, 'label', 'ETH correlated');
  HC.handleEModeCategoryAdded(changetype<C.EModeCategoryAdded>(e));
}

describe('ReserveDataUpdated', () => {
  beforeEach(() => {
    clearStore();
    setupMarkets();
  });

  test('rates, indexes, last update time; treasury accrual on the variable debt', () => {
    asPool();
    let e = reserveDataUpdated(
      USDC,
      bi('1010000000000000000000000000'),
      bi('1020000000000000000000000000'),
      40,
      4000,
    );
    H.handleReserveDataUpdated(e);
    assert.fieldEquals('Market', U, 'liquidityIndex', '1010000000000000000000000000');
    assert.fieldEquals('Market', U, 'variableBorrowIndex', '1020000000000000000000000000');
    assert.fieldEquals('Market', U, 'liquidityRate', '30000000000000000000000000');
    assert.fieldEquals('Market', U, 'variableBorrowRate', '50000000000000000000000000');
    assert.fieldEquals('Market', U, 'lastUpdateTimestamp', '4000');
    assert.fieldEquals('Market', U, 'accruedToTreasury', '0'); // no debt, no reserve factor

    // reserve factor 10%, scaled variable debt 294117647 (borrow of 300 USDC at 1.02), index 1.02 -> 1.05:
    //   accrued = rayMul(S, 1.05e27) - rayMul(S, 1.02e27) = 308823529 - 300000000 = 8823529
    //   to mint = percentMul(8823529, 1000) = 882353; scaled by the new liquidity index 1.01:
    //   rayDiv(882353, 1.01e27) = 873616.8 -> 873617
    asConfigurator();
    let rf = mockEvent(CONFIGURATOR, 41, 4100);
    pAddr(rf, 'asset', USDC);
    pUint(rf, 'oldReserveFactor', BigInt.zero());
    pUint(rf, 'newReserveFactor', BigInt.fromI32(1000));
    HC.handleReserveFactorChanged(changetype<C.ReserveFactorChanged>(rf));
    asToken(V_USDC, USDC);
    let m = mockEvent(V_USDC, 42, 4200);
    pAddr(m, 'caller', USER1);
    pAddr(m, 'onBehalfOf', USER1);
    pUint(m, 'value', bi('300000000'));
    pUint(m, 'balanceIncrease', BigInt.zero());
    pUint(m, 'index', bi('1020000000000000000000000000'));
    handleVariableDebtMint(changetype<VMint>(m));
    assert.fieldEquals('Market', U, 'scaledVariableDebt', '294117647');
    asPool();
    H.handleReserveDataUpdated(
      reserveDataUpdated(
        USDC,
        bi('1010000000000000000000000000'),
        bi('1050000000000000000000000000'),
        43,
        4300,
      ),
    );
    assert.fieldEquals('Market', U, 'accruedToTreasury', '873617');
  });

  test('MintedToTreasury resets accruedToTreasury; IsolationModeTotalDebtUpdated', () => {
    asPool();
    let i = mockEvent(POOL, 41, 4100);
    pAddr(i, 'asset', WETH);
    pUint(i, 'totalDebt', BigInt.fromI32(12345));
    H.handleIsolationModeTotalDebtUpdated(changetype<P.IsolationModeTotalDebtUpdated>(i));
    assert.fieldEquals('Market', W, 'isolationModeTotalDebt', '12345');
    let m = mockEvent(POOL, 42, 4200);
    pAddr(m, 'reserve', WETH);
    pUint(m, 'amountMinted', BigInt.fromI32(7));
    H.handleMintedToTreasury(changetype<P.MintedToTreasury>(m));
    assert.fieldEquals('Market', W, 'accruedToTreasury', '0');
  });
});

describe('user actions', () => {
  beforeEach(() => {
    clearStore();
    setupMarkets();
    asPool();
  });

  test('Supply / Withdraw / Borrow / Repay entities, counters, cumulative USD', () => {
    let s = supply(WETH, USER1, '2000000000000000000', 10 * HOUR);
    H.handleSupply(s);
    assert.fieldEquals('Supply', id(s), 'amount', '2000000000000000000');
    assert.fieldEquals('Supply', id(s), 'amountUSD', '4000');
    assert.fieldEquals('Supply', id(s), 'account', USER1.toHexString());
    assert.fieldEquals('Supply', id(s), 'market', W);
    assert.fieldEquals('Market', W, 'cumulativeSupplied', '2000000000000000000');
    assert.fieldEquals('Market', W, 'cumulativeSupplyUSD', '4000');
    assert.fieldEquals('Market', W, 'supplyCount', '1');
    assert.fieldEquals('Account', USER1.toHexString(), 'supplyCount', '1');
    assert.fieldEquals('Protocol', PROTO, 'cumulativeSupplyUSD', '4000');

    let w = withdraw(WETH, USER1, '500000000000000000', 10 * HOUR + 10);
    H.handleWithdraw(w);
    assert.fieldEquals('Withdraw', id(w), 'amountUSD', '1000');
    assert.fieldEquals('Market', W, 'cumulativeWithdrawn', '500000000000000000');
    assert.fieldEquals('Account', USER1.toHexString(), 'withdrawCount', '1');
    assert.fieldEquals('Protocol', PROTO, 'cumulativeWithdrawUSD', '1000');

    let b = borrow(USDC, USER1, '1500000000', 10 * HOUR + 20);
    H.handleBorrow(b);
    assert.fieldEquals('Borrow', id(b), 'amountUSD', '1500');
    assert.fieldEquals('Borrow', id(b), 'interestRateMode', '2');
    assert.fieldEquals('Market', U, 'cumulativeBorrowed', '1500000000');
    assert.fieldEquals('Market', U, 'borrowCount', '1');
    assert.fieldEquals('Protocol', PROTO, 'cumulativeBorrowUSD', '1500');

    let r = repay(USDC, USER1, '250000000', 10 * HOUR + 30);
    H.handleRepay(r);
    assert.fieldEquals('Repay', id(r), 'amountUSD', '250');
    assert.fieldEquals('Repay', id(r), 'useATokens', 'false');
    assert.fieldEquals('Market', U, 'cumulativeRepaid', '250000000');
    assert.fieldEquals('Account', USER1.toHexString(), 'repayCount', '1');
    assert.fieldEquals('Protocol', PROTO, 'cumulativeRepayUSD', '250');
    assert.fieldEquals('Protocol', PROTO, 'accountCount', '1');
  });

  test('hourly and daily snapshots roll over at hour and day boundaries', () => {
    // hour 10 of day 0: two supplies
    H.handleSupply(supply(USDC, USER1, '100000000', 10 * HOUR + 5));
    H.handleSupply(supply(USDC, USER2, '200000000', 10 * HOUR + 3599));
    // hour 11, same day
    H.handleSupply(supply(USDC, USER1, '400000000', 11 * HOUR));
    // day 1
    H.handleSupply(supply(USDC, USER1, '800000000', DAY + 1));
    let h10 = USDC.concatI32(10).toHexString();
    let h11 = USDC.concatI32(11).toHexString();
    let h24 = USDC.concatI32(24).toHexString();
    assert.fieldEquals('MarketHourlySnapshot', h10, 'supplied', '300000000');
    assert.fieldEquals('MarketHourlySnapshot', h10, 'hour', '10');
    assert.fieldEquals('MarketHourlySnapshot', h10, 'timestamp', (10 * HOUR + 3599).toString());
    assert.fieldEquals('MarketHourlySnapshot', h11, 'supplied', '400000000');
    assert.fieldEquals('MarketHourlySnapshot', h24, 'supplied', '800000000');
    let d0 = USDC.concatI32(0).toHexString();
    let d1 = USDC.concatI32(1).toHexString();
    assert.fieldEquals('MarketDailySnapshot', d0, 'supplied', '700000000');
    assert.fieldEquals('MarketDailySnapshot', d0, 'day', '0');
    assert.fieldEquals('MarketDailySnapshot', d1, 'supplied', '800000000');
    assert.fieldEquals('MarketDailySnapshot', d1, 'priceUSD', '1');
    let p0 = PAP.concatI32(0).toHexString();
    let p1 = PAP.concatI32(1).toHexString();
    assert.fieldEquals('ProtocolDailySnapshot', p0, 'supplyUSD', '700');
    assert.fieldEquals('ProtocolDailySnapshot', p0, 'activeAccounts', '2');
    assert.fieldEquals('ProtocolDailySnapshot', p0, 'accountCount', '2');
    assert.fieldEquals('ProtocolDailySnapshot', p1, 'supplyUSD', '800');
    assert.fieldEquals('ProtocolDailySnapshot', p1, 'activeAccounts', '1');
    assert.entityCount('AccountActivityDay', 3);
  });

  test('snapshot state follows the market (indexes of the last write in the period)', () => {
    H.handleReserveDataUpdated(
      reserveDataUpdated(
        USDC,
        bi('1010000000000000000000000000'),
        bi('1020000000000000000000000000'),
        100,
        5 * HOUR,
      ),
    );
    H.handleReserveDataUpdated(
      reserveDataUpdated(
        USDC,
        bi('1011000000000000000000000000'),
        bi('1021000000000000000000000000'),
        101,
        5 * HOUR + 60,
      ),
    );
    let h5 = USDC.concatI32(5).toHexString();
    assert.fieldEquals(
      'MarketHourlySnapshot',
      h5,
      'liquidityIndex',
      '1011000000000000000000000000',
    );
    assert.fieldEquals('MarketHourlySnapshot', h5, 'blockNumber', '101');
    H.handleReserveDataUpdated(
      reserveDataUpdated(
        USDC,
        bi('1012000000000000000000000000'),
        bi('1022000000000000000000000000'),
        102,
        6 * HOUR,
      ),
    );
    assert.fieldEquals(
      'MarketHourlySnapshot',
      h5,
      'liquidityIndex',
      '1011000000000000000000000000',
    );
    assert.fieldEquals(
      'MarketHourlySnapshot',
      USDC.concatI32(6).toHexString(),
      'liquidityIndex',
      '1012000000000000000000000000',
    );
  });

  test('collateral toggles, e-mode set, rate swaps', () => {
    let on = mockEvent(POOL, 50, 5000);
    pAddr(on, 'reserve', WETH);
    pAddr(on, 'user', USER1);
    H.handleReserveUsedAsCollateralEnabled(changetype<P.ReserveUsedAsCollateralEnabled>(on));
    assert.fieldEquals('Position', positionId(USER1, WETH), 'collateralEnabled', 'true');
    assert.fieldEquals('CollateralToggle', id(on), 'enabled', 'true');
    let off = mockEvent(POOL, 51, 5100);
    pAddr(off, 'reserve', WETH);
    pAddr(off, 'user', USER1);
    H.handleReserveUsedAsCollateralDisabled(changetype<P.ReserveUsedAsCollateralDisabled>(off));
    assert.fieldEquals('Position', positionId(USER1, WETH), 'collateralEnabled', 'false');
    assert.fieldEquals('CollateralToggle', id(off), 'enabled', 'false');

    let em = mockEvent(POOL, 52, 5200);
    pAddr(em, 'user', USER1);
    pSmall(em, 'categoryId', 1);
    H.handleUserEModeSet(changetype<P.UserEModeSet>(em));
    assert.fieldEquals('Account', USER1.toHexString(), 'eModeCategoryId', '1');
    assert.fieldEquals('EModeSet', id(em), 'categoryId', '1');

    let sw = mockEvent(POOL, 53, 5300);
    pAddr(sw, 'reserve', USDC);
    pAddr(sw, 'user', USER2);
    pSmall(sw, 'interestRateMode', 1);
    H.handleSwapBorrowRateMode(changetype<P.SwapBorrowRateMode>(sw));
    let rb = mockEvent(POOL, 54, 5400);
    pAddr(rb, 'reserve', USDC);
    pAddr(rb, 'user', USER2);
    H.handleRebalanceStableBorrowRate(changetype<P.RebalanceStableBorrowRate>(rb));
    assert.fieldEquals('Account', USER2.toHexString(), 'lastActivityBlock', '54');
  });

  test('FlashLoan, MintUnbacked / BackUnbacked', () => {
    let f = mockEvent(POOL, 60, 6000);
    pAddr(f, 'target', USER2);
    pAddr(f, 'initiator', USER2);
    pAddr(f, 'asset', USDC);
    pUint(f, 'amount', bi('1000000000000'));
    pSmall(f, 'interestRateMode', 0);
    pUint(f, 'premium', bi('500000000'));
    pSmall(f, 'referralCode', 0);
    H.handleFlashLoan(changetype<P.FlashLoan>(f));
    assert.fieldEquals('FlashLoan', id(f), 'amountUSD', '1000000');
    assert.fieldEquals('FlashLoan', id(f), 'premiumUSD', '500');
    assert.fieldEquals('Market', U, 'flashLoanCount', '1');
    assert.fieldEquals('Protocol', PROTO, 'flashLoanCount', '1');

    let mu = mockEvent(POOL, 61, 6100);
    pAddr(mu, 'reserve', USDC);
    pAddr(mu, 'user', USER2);
    pAddr(mu, 'onBehalfOf', USER2);
    pUint(mu, 'amount', bi('1000'));
    pSmall(mu, 'referralCode', 0);
    H.handleMintUnbacked(changetype<P.MintUnbacked>(mu));
    let bu = mockEvent(POOL, 62, 6200);
    pAddr(bu, 'reserve', USDC);
    pAddr(bu, 'backer', USER2);
    pUint(bu, 'amount', bi('1000'));
    pUint(bu, 'fee', bi('1'));
    H.handleBackUnbacked(changetype<P.BackUnbacked>(bu));
    assert.fieldEquals('Market', U, 'lastActivityBlock', '62');
  });

  test('3.3 deficits: created (+) and covered (-)', () => {
    let c = mockEvent(POOL, 70, 7000);
    pAddr(c, 'user', USER1);
    pAddr(c, 'debtAsset', USDC);
    pUint(c, 'amountCreated', bi('2500000'));
    H.handleDeficitCreated(changetype<P.DeficitCreated>(c));
    assert.fieldEquals('Deficit', id(c), 'amount', '2500000');
    assert.fieldEquals('Deficit', id(c), 'amountUSD', '2.5');
    assert.fieldEquals('Deficit', id(c), 'account', USER1.toHexString());
    let v = mockEvent(POOL, 71, 7100);
    pAddr(v, 'reserve', USDC);
    pAddr(v, 'caller', USER2);
    pUint(v, 'amountCovered', bi('1000000'));
    H.handleDeficitCovered(changetype<P.DeficitCovered>(v));
    assert.fieldEquals('Deficit', id(v), 'amount', '-1000000');
    assert.fieldEquals('Deficit', id(v), 'amountUSD', '-1');
  });
});

describe('liquidations', () => {
  beforeEach(() => {
    clearStore();
    setupMarkets();
  });

  test('protocol fee exactly as LiquidationLogic, liquidator bonus in USD', () => {
    setFee(USDC, 1000); // 10% of the bonus
    asPool();
    // collateral taken T = 1050000000 with bonus 10500:
    //   percentDiv(T, 10500) = (T·10000 + 5250) / 10500 = 1000000000
    //   bonus collateral = 50000000; fee = percentMul(50000000, 1000) = (50000000·1000 + 5000)/10000 = 5000000
    //   event liquidatedCollateralAmount = T - fee = 1045000000
    let e = liquidation(USDC, WETH, '500000000000000000', '1045000000', 30000);
    H.handleLiquidationCall(e);
    let l = id(e);
    assert.fieldEquals('Liquidation', l, 'protocolFee', '5000000');
    assert.fieldEquals('Liquidation', l, 'protocolFeeUSD', '5');
    assert.fieldEquals('Liquidation', l, 'collateralSeizedUSD', '1045');
    assert.fieldEquals('Liquidation', l, 'debtRepaidUSD', '1000'); // 0.5 WETH × $2000
    assert.fieldEquals('Liquidation', l, 'liquidatorBonusUSD', '45');
    assert.fieldEquals('Liquidation', l, 'collateralMarket', U);
    assert.fieldEquals('Liquidation', l, 'debtMarket', W);
    assert.fieldEquals('Market', U, 'cumulativeLiquidatedCollateral', '1050000000');
    assert.fieldEquals('Market', U, 'cumulativeLiquidatedCollateralUSD', '1050');
    assert.fieldEquals('Market', W, 'cumulativeLiquidatedDebt', '500000000000000000');
    assert.fieldEquals('Market', U, 'liquidationCount', '1');
    assert.fieldEquals('Account', USER1.toHexString(), 'liquidatedCount', '1');
    assert.fieldEquals('Account', LIQUIDATOR.toHexString(), 'liquidatorCount', '1');
    assert.fieldEquals('Protocol', PROTO, 'liquidationCount', '1');
    assert.fieldEquals('Protocol', PROTO, 'cumulativeLiquidationUSD', '1050');
    let h = USDC.concatI32(30000 / 3600).toHexString();
    assert.fieldEquals('MarketHourlySnapshot', h, 'liquidationCount', '1');
    assert.fieldEquals('MarketHourlySnapshot', h, 'liquidatedCollateral', '1050000000');
    assert.fieldEquals(
      'ProtocolDailySnapshot',
      PAP.concatI32(0).toHexString(),
      'liquidationCount',
      '1',
    );
  });

  test('non-round amounts: bonus 10750, fee 20%', () => {
    asConfigurator();
    HC.handleCollateralConfigurationChanged(collateralConfig(USDC, 7700, 8000, 10750, 22, 2200));
    setFee(USDC, 2000);
    asPool();
    // T = 123456789012: percentDiv(T, 10750) = (1234567890120000 + 5375) / 10750 = 114843524662
    //   bonus = 8613264350; fee = (8613264350·2000 + 5000) / 10000 = 1722652870; L = T - fee = 121734136142
    let e = liquidation(USDC, WETH, '1', '121734136142', 30000);
    H.handleLiquidationCall(e);
    assert.fieldEquals('Liquidation', id(e), 'protocolFee', '1722652870');
  });

  test('3.7 (Pool revision 11): the fee rounds as 3.7 does (floor base part, fee rounded up)', () => {
    asConfigurator();
    HC.handleCollateralConfigurationChanged(collateralConfig(USDC, 7700, 8000, 10750, 22, 2200));
    setFee(USDC, 2000);
    let proto = Protocol.load(PAP)!;
    proto.poolRevision = 11;
    proto.save();
    asPool();
    // T = 123456789018: percentDivFloor(T, 10750) = ⌊1234567890180000 / 10750⌋ = 114843524667
    //   (half up: 114843524668); bonus = 8613264351; fee = ⌈8613264351·2000 / 10000⌉ = 1722652871;
    //   L = T − fee = 121734136147. The 3.0 rounding would recover 1722652870 from this L.
    let e = liquidation(USDC, WETH, '1', '121734136147', 30000);
    H.handleLiquidationCall(e);
    assert.fieldEquals('Liquidation', id(e), 'protocolFee', '1722652871');
  });

  test('no protocol fee configured -> 0', () => {
    asPool();
    let e = liquidation(USDC, WETH, '1', '1045000000', 30000);
    H.handleLiquidationCall(e);
    assert.fieldEquals('Liquidation', id(e), 'protocolFee', '0');
  });

  test('3.0–3.1 e-mode: the category bonus applies when the collateral is in the user category', () => {
    addCategory(1, 10200);
    asConfigurator();
    let c = mockEvent(CONFIGURATOR, 24, 2400);
    pAddr(c, 'asset', WETH);
    pSmall(c, 'oldCategoryId', 0);
    pSmall(c, 'newCategoryId', 1);
    HC.handleEModeAssetCategoryChanged(changetype<C.EModeAssetCategoryChanged>(c));
    setFee(WETH, 1000);
    setUserEMode(USER1, 1);
    asPool();
    // T = 987654321000000000 with bonus 10200: percentDiv = (T·10000 + 5100)/10200 = 968288549999999999.5.. -> 968288550000000000
    //   bonus = 19365771000000000; fee = percentMul(., 1000) = 1936577100000000; L = 985717743900000000
    //   (with the reserve bonus 10500 the fee would be 4703115814285714)
    let e = liquidation(WETH, USDC, '1', '985717743900000000', 30000);
    H.handleLiquidationCall(e);
    assert.fieldEquals('Liquidation', id(e), 'protocolFee', '1936577100000000');
  });

  test('3.2+ e-mode: category collateral bitmap decides', () => {
    addCategory(2, 10200);
    asConfigurator();
    let c = mockEvent(CONFIGURATOR, 24, 2400);
    pAddr(c, 'asset', WETH);
    pSmall(c, 'categoryId', 2);
    pBool(c, 'collateral', true);
    HC.handleAssetCollateralInEModeChanged(changetype<C.AssetCollateralInEModeChanged>(c));
    setFee(WETH, 1000);
    setUserEMode(USER1, 2);
    asPool();
    let e = liquidation(WETH, USDC, '1', '985717743900000000', 30000);
    H.handleLiquidationCall(e);
    assert.fieldEquals('Liquidation', id(e), 'protocolFee', '1936577100000000');
    // back to no e-mode: the reserve bonus 10500 applies to the same T = 987654321000000000:
    //   percentDiv(T, 10500) = 940623162857142857; bonus = 47031158142857143;
    //   fee = percentMul(., 1000) = 4703115814285714; L = 982951205185714286
    setUserEMode(USER1, 0);
    asPool();
    let e2 = liquidation(WETH, USDC, '1', '982951205185714286', 30001);
    H.handleLiquidationCall(e2);
    assert.fieldEquals('Liquidation', id(e2), 'protocolFee', '4703115814285714');
  });
});
