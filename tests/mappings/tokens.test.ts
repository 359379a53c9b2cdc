// AToken / VariableDebtToken / StableDebtToken handlers: exact scaled balances.
// Expected values are worked out by hand below with WadRayMath's half-up integer rules
//   rayMul(a, b) = (a·b + 0.5e27) / 1e27      rayDiv(a, b) = (a·1e27 + b/2) / b
// and never computed with the mapping's helpers.
import { Address, BigInt, ethereum } from '@graphprotocol/graph-ts';
import { assert, beforeEach, clearStore, describe, test } from 'matchstick-as/assembly/index';

import { Burn as ABurn, Mint as AMint } from '../../subgraph/generated/templates/AToken/AToken';
import {
  Burn as VBurn,
  Mint as VMint,
} from '../../subgraph/generated/templates/VariableDebtToken/VariableDebtToken';
import {
  Burn as SBurn,
  Mint as SMint,
} from '../../subgraph/generated/templates/StableDebtToken/StableDebtToken';
import { ReserveUsedAsCollateralEnabled } from '../../subgraph/generated/templates/Pool/Pool';
import {
  handleATokenBurn,
  handleATokenMint,
  handleStableDebtBurn,
  handleStableDebtMint,
  handleVariableDebtBurn,
  handleVariableDebtMint,
} from '../../subgraph/src/tokens';
import { handleReserveUsedAsCollateralEnabled } from '../../subgraph/src/pool';
import {
  ATokenUpgraded,
  VariableDebtTokenUpgraded,
} from '../../subgraph/generated/templates/PoolConfigurator/PoolConfigurator';
import {
  handleATokenUpgraded,
  handleVariableDebtTokenUpgraded,
} from '../../subgraph/src/configurator';
import {
  A_USDC,
  CONFIGURATOR,
  PAP,
  POOL,
  RAY,
  S_USDC,
  USDC,
  USER1,
  USER2,
  V_USDC,
  asConfigurator,
  asPool,
  asToken,
  bi,
  mockEvent,
  mockRevision,
  pAddr,
  pUint,
  positionId,
  scaledEvent,
  setIndexes,
  setupMarkets,
} from './helpers';

const U = USDC.toHexString();
const P1 = positionId(USER1, USDC);
const P2 = positionId(USER2, USDC);

// liquidity indexes 1.05, 1.10, 1.20, 1.30 (ray)
const I1 = bi('1050000000000000000000000000');
const I2 = bi('1100000000000000000000000000');
const I3 = bi('1200000000000000000000000000');
const I4 = bi('1300000000000000000000000000');
// variable borrow indexes 1.02, 1.05 (ray)
const V1 = bi('1020000000000000000000000000');
const V2 = bi('1050000000000000000000000000');

function aMint(value: string, bi_: string, index: BigInt, block: i32): AMint {
  return changetype<AMint>(scaledEvent(A_USDC, POOL, USER1, bi(value), bi(bi_), index, block));
}
function aBurn(value: string, bi_: string, index: BigInt, block: i32): ABurn {
  return changetype<ABurn>(scaledEvent(A_USDC, USER1, USER1, bi(value), bi(bi_), index, block));
}

/** supply 1000 USDC at index 1.05: Mint(value 1e9, balanceIncrease 0). */
function firstSupply(): void {
  setIndexes(USDC, I1, RAY, 30, 3000);
  asToken(A_USDC, USDC);
  handleATokenMint(aMint('1000000000', '0', I1, 30));
}

describe('AToken Mint / Burn', () => {
  beforeEach(() => {
    clearStore();
    setupMarkets();
  });

  test('Mint: scaled = rayDiv(value - balanceIncrease, index); totals = rayMul(scaled, index)', () => {
    firstSupply();
    // rayDiv(1e9, 1.05e27) = (1e36 + 0.525e27) / 1.05e27 = 952380952.38 -> 952380952
    assert.fieldEquals('Position', P1, 'scaledATokenBalance', '952380952');
    assert.fieldEquals('Market', U, 'scaledATokenSupply', '952380952');
    // rayMul(952380952, 1.05e27) = 999999999.6 + 0.5 -> 1000000000
    assert.fieldEquals('Market', U, 'totalSupply', '1000000000');
    assert.fieldEquals('Market', U, 'totalSupplyUSD', '1000');
    assert.fieldEquals('Protocol', PAP.toHexString(), 'totalSupplyUSD', '1000');
    assert.fieldEquals('Position', P1, 'hasSupply', 'true');
    assert.fieldEquals('Account', USER1.toHexString(), 'positionCount', '1');
    assert.fieldEquals('Protocol', PAP.toHexString(), 'accountCount', '1');

    // index 1.10: rayMul(952380952, 1.1e27) = 1047619047.2 -> 1047619047
    setIndexes(USDC, I2, RAY, 31, 3100);
    assert.fieldEquals('Market', U, 'totalSupply', '1047619047');
    // supply 500 USDC: balanceIncrease = 1047619047 - 1000000000 = 47619047, value = 547619047
    // scaled delta = rayDiv(500000000, 1.1e27) = 454545454.5454 + 0.5 -> 454545455
    asToken(A_USDC, USDC);
    handleATokenMint(aMint('547619047', '47619047', I2, 31));
    assert.fieldEquals('Position', P1, 'scaledATokenBalance', '1406926407'); // 952380952 + 454545455
    // rayMul(1406926407, 1.1e27) = 1547619047.7 -> 1547619048
    assert.fieldEquals('Market', U, 'totalSupply', '1547619048');
  });

  test('Burn: value = amount - balanceIncrease; scaled -= rayDiv(value + balanceIncrease, index)', () => {
    firstSupply();
    setIndexes(USDC, I2, RAY, 31, 3100);
    asToken(A_USDC, USDC);
    handleATokenMint(aMint('547619047', '47619047', I2, 31));
    setIndexes(USDC, I3, RAY, 32, 3200);
    // withdraw 200 USDC at 1.2: balanceIncrease = rayMul(1406926407,1.2e27) - rayMul(1406926407,1.1e27)
    //   = 1688311688 - 1547619048 = 140692640; Burn value = 200000000 - 140692640 = 59307360
    // scaled delta = rayDiv(200000000, 1.2e27) = 166666666.67 -> 166666667
    asToken(A_USDC, USDC);
    handleATokenBurn(aBurn('59307360', '140692640', I3, 32));
    assert.fieldEquals('Position', P1, 'scaledATokenBalance', '1240259740'); // 1406926407 - 166666667
    assert.fieldEquals('Market', U, 'scaledATokenSupply', '1240259740');
    // rayMul(1240259740, 1.2e27) = 1488311688
    assert.fieldEquals('Market', U, 'totalSupply', '1488311688');
  });

  test('burn smaller than accrued interest is emitted as Mint(value = balanceIncrease - amount)', () => {
    firstSupply();
    setIndexes(USDC, I3, RAY, 32, 3200);
    asToken(A_USDC, USDC);
    handleATokenBurn(aBurn('0', '0', I3, 32)); // a zero burn changes nothing but rayDiv(0) = 0
    assert.fieldEquals('Position', P1, 'scaledATokenBalance', '952380952');
    setIndexes(USDC, I4, RAY, 33, 3300);
    // at 1.3 withdraw 10 USDC while balanceIncrease = rayMul(952380952,1.3e27) - rayMul(952380952,1.2e27)
    //   = 1238095238 - 1142857142 = 95238096 > 10000000 -> Mint(value = 85238096, balanceIncrease = 95238096)
    // scaled delta = -rayDiv(10000000, 1.3e27) = -7692307.69 -> -7692308
    asToken(A_USDC, USDC);
    handleATokenMint(aMint('85238096', '95238096', I4, 33));
    assert.fieldEquals('Position', P1, 'scaledATokenBalance', '944688644'); // 952380952 - 7692308
    // interest-only Mint emitted by transfers (value == balanceIncrease): no change
    handleATokenMint(aMint('123', '123', I4, 34));
    assert.fieldEquals('Position', P1, 'scaledATokenBalance', '944688644');
  });

  test('full withdraw clears hasSupply and the collateral counter', () => {
    firstSupply();
    asPool();
    let c = changetype<ReserveUsedAsCollateralEnabled>(mockEvent(POOL, 30, 3000));
    pAddr(c, 'reserve', USDC);
    pAddr(c, 'user', USER1);
    handleReserveUsedAsCollateralEnabled(c);
    assert.fieldEquals('Account', USER1.toHexString(), 'collateralPositionCount', '1');
    // withdraw everything at 1.05: amount 1000000000, balanceIncrease 0 -> rayDiv(1e9, 1.05e27) = 952380952
    asToken(A_USDC, USDC);
    handleATokenBurn(aBurn('1000000000', '0', I1, 31));
    assert.fieldEquals('Position', P1, 'scaledATokenBalance', '0');
    assert.fieldEquals('Position', P1, 'hasSupply', 'false');
    assert.fieldEquals('Account', USER1.toHexString(), 'collateralPositionCount', '0');
    assert.fieldEquals('Market', U, 'totalSupply', '0');
    assert.fieldEquals('Protocol', PAP.toHexString(), 'totalSupplyUSD', '0');
  });
});

describe('VariableDebtToken', () => {
  beforeEach(() => {
    clearStore();
    setupMarkets();
  });

  test('borrow, partial repay, full repay; borrower counters', () => {
    setIndexes(USDC, I1, V1, 30, 3000);
    asToken(V_USDC, USDC);
    // borrow 300 USDC at 1.02: rayDiv(300000000, 1.02e27) = 294117647.06 -> 294117647
    handleVariableDebtMint(
      changetype<VMint>(scaledEvent(V_USDC, USER1, USER1, bi('300000000'), bi('0'), V1, 30)),
    );
    assert.fieldEquals('Position', P1, 'scaledVariableDebt', '294117647');
    assert.fieldEquals('Market', U, 'scaledVariableDebt', '294117647');
    // rayMul(294117647, 1.02e27) = 299999999.94 -> 300000000
    assert.fieldEquals('Market', U, 'totalVariableDebt', '300000000');
    assert.fieldEquals('Market', U, 'totalBorrowUSD', '300');
    assert.fieldEquals('Position', P1, 'hasDebt', 'true');
    assert.fieldEquals('Account', USER1.toHexString(), 'borrowedPositionCount', '1');
    assert.fieldEquals('Protocol', PAP.toHexString(), 'borrowerCount', '1');
    assert.fieldEquals('Protocol', PAP.toHexString(), 'totalBorrowUSD', '300');

    setIndexes(USDC, I1, V2, 31, 3100);
    // repay 100 USDC at 1.05: balanceIncrease = rayMul(294117647,1.05e27) - 300000000 = 308823529 - 300000000
    //   = 8823529; Burn value = 100000000 - 8823529 = 91176471
    // scaled delta = -rayDiv(100000000, 1.05e27) = -95238095.24 -> -95238095
    asToken(V_USDC, USDC);
    handleVariableDebtBurn(
      changetype<VBurn>(
        scaledEvent(V_USDC, USER1, Address.zero(), bi('91176471'), bi('8823529'), V2, 31),
      ),
    );
    assert.fieldEquals('Position', P1, 'scaledVariableDebt', '198879552'); // 294117647 - 95238095
    // rayMul(198879552, 1.05e27) = 208823529.6 -> 208823530
    assert.fieldEquals('Market', U, 'totalVariableDebt', '208823530');

    // full repay of 208823530 at the same index: rayDiv(208823530, 1.05e27) = 198879552.38 -> 198879552
    handleVariableDebtBurn(
      changetype<VBurn>(
        scaledEvent(V_USDC, USER1, Address.zero(), bi('208823530'), bi('0'), V2, 32),
      ),
    );
    assert.fieldEquals('Position', P1, 'scaledVariableDebt', '0');
    assert.fieldEquals('Position', P1, 'hasDebt', 'false');
    assert.fieldEquals('Account', USER1.toHexString(), 'borrowedPositionCount', '0');
    assert.fieldEquals('Protocol', PAP.toHexString(), 'borrowerCount', '0');
    assert.fieldEquals('Market', U, 'totalVariableDebt', '0');
  });
});

function sMint(
  amount: string,
  current: string,
  increase: string,
  rate: string,
  total: string,
  block: i32,
): SMint {
  let e = mockEvent(S_USDC, block, block * 100);
  pAddr(e, 'user', USER1);
  pAddr(e, 'onBehalfOf', USER1);
  pUint(e, 'amount', bi(amount));
  pUint(e, 'currentBalance', bi(current));
  pUint(e, 'balanceIncrease', bi(increase));
  pUint(e, 'newRate', bi(rate));
  pUint(e, 'avgStableRate', bi(rate));
  pUint(e, 'newTotalSupply', bi(total));
  return changetype<SMint>(e);
}

describe('StableDebtToken (3.0–3.1)', () => {
  beforeEach(() => {
    clearStore();
    setupMarkets();
  });

  test('principal = currentBalance - balanceIncrease ± value; rate; market total = newTotalSupply', () => {
    asToken(S_USDC, USDC);
    // first borrow of 1000000 at 5%: principal 1000000
    handleStableDebtMint(sMint('1000000', '0', '0', '50000000000000000000000000', '1000000', 30));
    assert.fieldEquals('Position', P1, 'stableDebt', '1000000');
    assert.fieldEquals('Position', P1, 'stableBorrowRate', '50000000000000000000000000');
    assert.fieldEquals('Position', P1, 'stableLastUpdateTimestamp', '3000');
    assert.fieldEquals('Position', P1, 'hasDebt', 'true');
    assert.fieldEquals('Market', U, 'totalStableDebt', '1000000');
    // borrow 500000 more after 10000 accrued: value = 510000, currentBalance = 1010000
    //   -> principal = 1010000 - 10000 + 510000 = 1510000 (= currentBalance + amount)
    handleStableDebtMint(
      sMint('510000', '1010000', '10000', '55000000000000000000000000', '1510000', 31),
    );
    assert.fieldEquals('Position', P1, 'stableDebt', '1510000');
    assert.fieldEquals('Position', P1, 'stableBorrowRate', '55000000000000000000000000');
    // full repay of 1520000 with 10000 accrued: Burn value = 1520000 - 10000 = 1510000
    //   -> principal = 1520000 - 10000 - 1510000 = 0, rate reset
    let b = mockEvent(S_USDC, 32, 3200);
    pAddr(b, 'from', USER1);
    pUint(b, 'amount', bi('1510000'));
    pUint(b, 'currentBalance', bi('1520000'));
    pUint(b, 'balanceIncrease', bi('10000'));
    pUint(b, 'avgStableRate', bi('0'));
    pUint(b, 'newTotalSupply', bi('0'));
    handleStableDebtBurn(changetype<SBurn>(b));
    assert.fieldEquals('Position', P1, 'stableDebt', '0');
    assert.fieldEquals('Position', P1, 'stableBorrowRate', '0');
    assert.fieldEquals('Position', P1, 'hasDebt', 'false');
    assert.fieldEquals('Market', U, 'totalStableDebt', '0');
    assert.fieldEquals('Protocol', PAP.toHexString(), 'borrowerCount', '0');
  });

  test('market total: the stored supply compounded at the average stable rate to each reserve update', () => {
    asToken(S_USDC, USDC);
    // 1,000,000 USDC borrowed stable; average rate 10% (1e26 ray) at t = 3000
    handleStableDebtMint(
      sMint('1000000000000', '0', '0', '100000000000000000000000000', '1000000000000', 30),
    );
    assert.fieldEquals('Market', U, 'stableDebtSupply', '1000000000000');
    assert.fieldEquals('Market', U, 'averageStableRate', '100000000000000000000000000');
    assert.fieldEquals('Market', U, 'stableDebtSupplyTimestamp', '3000');
    // a reserve update one day later (t = 89400, exp = 86400 s, year = 31536000 s):
    //   r·exp/year            = 1e26·86400/31536000              = 273972602739726027397260
    //   basePowerTwo          = rayMul(1e26, 1e26)/year² = 1e25/994519296000000 = 10055109076
    //   basePowerThree        = rayMul(10055109076, 1e26)/year = 1005510907/31536000 = 31
    //   second = 86400·86399·10055109076/2                      = 37530059143276396800
    //   third  = 86400·86399·86398·31/6                         = 3332242438012800
    //   compounded = 1e27 + the three terms                     = 1000274010136131111741806860
    //   rayMul(1e12, compounded) = 1000274010136 (e^(0.1/365)·1e12 = 1000274010136.66)
    setIndexes(USDC, RAY, RAY, 31, 89400);
    assert.fieldEquals('Market', U, 'totalStableDebt', '1000274010136');
    assert.fieldEquals('Market', U, 'stableDebtSupply', '1000000000000');
  });
});

// ---------------------------------------------------------------- Aave 3.5+ rounding
// From revision 4 the Pool mints/burns scaled amounts rounded floor/ceil (TokenMath) and the
// events carry balance differences: mint value = f(S + a) - f(S_prev), balanceIncrease =
// f(S) - f(S_prev), with f = floor(x·index/1e27) for aTokens and ceil(x·index/1e27) for debt.

function upgradeToRevision4(): void {
  mockRevision(A_USDC, 4);
  mockRevision(V_USDC, 4);
  asConfigurator();
  let a = changetype<ATokenUpgraded>(mockEvent(CONFIGURATOR, 29, 2900));
  pAddr(a, 'asset', USDC);
  pAddr(a, 'proxy', A_USDC);
  pAddr(a, 'implementation', A_USDC);
  handleATokenUpgraded(a);
  let v = changetype<VariableDebtTokenUpgraded>(mockEvent(CONFIGURATOR, 29, 2900));
  pAddr(v, 'asset', USDC);
  pAddr(v, 'proxy', V_USDC);
  pAddr(v, 'implementation', V_USDC);
  handleVariableDebtTokenUpgraded(v);
}

describe('3.5 rounding (token revision >= 4)', () => {
  beforeEach(() => {
    clearStore();
    setupMarkets();
    upgradeToRevision4();
  });

  test('aToken: supply floor, withdraw ceil, recovered exactly from balance differences', () => {
    assert.fieldEquals('Token', A_USDC.toHexString(), 'revision', '4');
    setIndexes(USDC, I1, RAY, 30, 3000);
    asToken(A_USDC, USDC);
    // supply 1000 USDC at 1.05: a = floor(1e9 / 1.05) = 952380952; value = floor(952380952 × 1.05)
    //   = floor(999999999.6) = 999999999 (half-up rayDiv(999999999, 1.05) would give 952380951)
    handleATokenMint(aMint('999999999', '0', I1, 30));
    assert.fieldEquals('Position', P1, 'scaledATokenBalance', '952380952');
    // totalSupply = floor(952380952 × 1.05) = 999999999
    assert.fieldEquals('Market', U, 'totalSupply', '999999999');
    setIndexes(USDC, I2, RAY, 31, 3100);
    // supply 500 USDC at 1.10: a = floor(5e8 / 1.1) = 454545454; prev = 999999999;
    //   next = floor(1406926406 × 1.1) = 1547619046 -> value = 547619047;
    //   balanceIncrease = floor(952380952 × 1.1) - prev = 1047619047 - 999999999 = 47619048
    asToken(A_USDC, USDC);
    handleATokenMint(aMint('547619047', '47619048', I2, 31));
    assert.fieldEquals('Position', P1, 'scaledATokenBalance', '1406926406');
    setIndexes(USDC, I3, RAY, 32, 3200);
    // withdraw 200 USDC at 1.20: a = ceil(2e8 / 1.2) = 166666667; prev = 1547619046;
    //   next = floor(1240259739 × 1.2) = 1488311686 -> Burn value = 59307360;
    //   balanceIncrease = floor(1406926406 × 1.2) - prev = 1688311687 - 1547619046 = 140692641
    //   (half-up rayDiv(59307360 + 140692641, 1.2) would give 166666668)
    asToken(A_USDC, USDC);
    handleATokenBurn(aBurn('59307360', '140692641', I3, 32));
    assert.fieldEquals('Position', P1, 'scaledATokenBalance', '1240259739');
    assert.fieldEquals('Market', U, 'scaledATokenSupply', '1240259739');
  });

  test('variable debt: borrow ceil, repay floor, repay below interest as Mint', () => {
    setIndexes(USDC, I1, V1, 30, 3000);
    asToken(V_USDC, USDC);
    // borrow 300 USDC at 1.02: a = ceil(3e8 / 1.02) = 294117648; value = ceil(294117648 × 1.02) = 300000001
    handleVariableDebtMint(
      changetype<VMint>(scaledEvent(V_USDC, USER1, USER1, bi('300000001'), bi('0'), V1, 30)),
    );
    assert.fieldEquals('Position', P1, 'scaledVariableDebt', '294117648');
    // totalVariableDebt = ceil(294117648 × 1.02) = 300000001
    assert.fieldEquals('Market', U, 'totalVariableDebt', '300000001');
    setIndexes(USDC, I1, V2, 31, 3100);
    // repay 100 USDC at 1.05: a = floor(1e8 / 1.05) = 95238095; prev = 300000001;
    //   next = ceil(198879553 × 1.05) = 208823531 -> Burn value = 91176470;
    //   balanceIncrease = ceil(294117648 × 1.05) - prev = 308823531 - 300000001 = 8823530
    asToken(V_USDC, USDC);
    handleVariableDebtBurn(
      changetype<VBurn>(
        scaledEvent(V_USDC, USER1, Address.zero(), bi('91176470'), bi('8823530'), V2, 31),
      ),
    );
    assert.fieldEquals('Position', P1, 'scaledVariableDebt', '198879553');
    setIndexes(USDC, I1, bi('1100000000000000000000000000'), 32, 3200);
    // repay 1 USDC at 1.10 (less than the interest): a = floor(1e6 / 1.1) = 909090; prev = 208823531;
    //   next = ceil(197970463 × 1.1) = 217767510 > prev -> Mint value = 8943979;
    //   balanceIncrease = ceil(198879553 × 1.1) - prev = 218767509 - 208823531 = 9943978
    asToken(V_USDC, USDC);
    handleVariableDebtMint(
      changetype<VMint>(
        scaledEvent(
          V_USDC,
          USER1,
          USER1,
          bi('8943979'),
          bi('9943978'),
          bi('1100000000000000000000000000'),
          32,
        ),
      ),
    );
    assert.fieldEquals('Position', P1, 'scaledVariableDebt', '197970463');
    assert.fieldEquals('Market', U, 'scaledVariableDebt', '197970463');
  });
});
