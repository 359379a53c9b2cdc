// PoolConfigurator handlers of every version (3.0.0 … 3.7): reserve initialisation, risk
// parameters with RiskParameterChange history, e-mode (3.0–3.1 asset category, 3.2+ bitmaps,
// 3.6 ltv-zero, 3.7 isolation), token upgrades and protocol-level premiums.
import { Address, BigInt, Bytes, ethereum } from '@graphprotocol/graph-ts';
import { assert, beforeEach, clearStore, describe, test } from 'matchstick-as/assembly/index';

import * as C from '../../subgraph/generated/templates/PoolConfigurator/PoolConfigurator';
import * as H from '../../subgraph/src/mapping';
import { PoolUpdated } from '../../subgraph/generated/PoolAddressesProvider/PoolAddressesProvider';
import { handlePoolUpdated } from '../../subgraph/src/addresses-provider';
import { Market } from '../../subgraph/generated/schema';
import {
  A_USDC,
  A_WETH,
  CONFIGURATOR,
  IMPL,
  PAP,
  STRATEGY,
  S_USDC,
  USDC,
  V_USDC,
  V_WETH,
  WETH,
  ZERO,
  asConfigurator,
  asDataSource,
  collateralConfig,
  mockErc20,
  mockEvent,
  mockPrice,
  mockStrategy,
  mockStrategyWithoutGetters,
  mockSource,
  pAddr,
  pBool,
  pBytes,
  pSmall,
  pString,
  pUint,
  reserveInitialized,
  setupMarkets,
  setupProtocol,
} from './helpers';
import { DataSourceContext } from '@graphprotocol/graph-ts';

const U = USDC.toHexString();
const W = WETH.toHexString();

function ev(block: i32): ethereum.Event {
  return mockEvent(CONFIGURATOR, block, block * 100);
}

/** id of the RiskParameterChange written by `e` for `parameter` */
function rid(e: ethereum.Event, parameter: string): string {
  return e.transaction.hash
    .concatI32(e.logIndex.toI32())
    .concat(Bytes.fromUTF8(parameter))
    .toHexString();
}

function assetBool(asset: Address, name: string, v: boolean, block: i32): ethereum.Event {
  let e = ev(block);
  pAddr(e, 'asset', asset);
  pBool(e, name, v);
  return e;
}

function assetOldNew(asset: Address, oldV: BigInt, newV: BigInt, block: i32): ethereum.Event {
  let e = ev(block);
  pAddr(e, 'asset', asset);
  pUint(e, 'old', oldV);
  pUint(e, 'new', newV);
  return e;
}

function assetCategoryFlag(
  asset: Address,
  categoryId: i32,
  v: boolean,
  block: i32,
): ethereum.Event {
  let e = ev(block);
  pAddr(e, 'asset', asset);
  pSmall(e, 'categoryId', categoryId);
  pBool(e, 'flag', v);
  return e;
}

function categoryAdded(
  id: i32,
  ltv: i32,
  lt: i32,
  lb: i32,
  oracle: Address,
  label: string,
  block: i32,
): C.EModeCategoryAdded {
  let e = changetype<C.EModeCategoryAdded>(ev(block));
  pSmall(e, 'categoryId', id);
  pUint(e, 'ltv', BigInt.fromI32(ltv));
  pUint(e, 'liquidationThreshold', BigInt.fromI32(lt));
  pUint(e, 'liquidationBonus', BigInt.fromI32(lb));
  pAddr(e, 'oracle', oracle);
  pString(e, 'label', label);
  return e;
}

describe('ReserveInitialized', () => {
  beforeEach(() => {
    clearStore();
    setupMarkets();
  });

  test('creates Market, Tokens and token templates with context; reserveId in init order', () => {
    assert.fieldEquals('Market', U, 'symbol', 'USDC');
    assert.fieldEquals('Market', U, 'decimals', '6');
    assert.fieldEquals('Market', U, 'aToken', A_USDC.toHexString());
    assert.fieldEquals('Market', U, 'variableDebtToken', V_USDC.toHexString());
    assert.fieldEquals('Market', U, 'stableDebtToken', S_USDC.toHexString());
    assert.fieldEquals('Market', U, 'interestRateStrategy', STRATEGY.toHexString());
    assert.fieldEquals('Market', U, 'reserveId', '0');
    assert.fieldEquals('Market', W, 'reserveId', '1');
    assert.fieldEquals('Market', U, 'protocol', PAP.toHexString());
    assert.fieldEquals('Market', U, 'liquidityIndex', '1000000000000000000000000000');
    assert.fieldEquals('Market', U, 'isActive', 'true');
    assert.fieldEquals('Market', U, 'borrowingEnabled', 'false');
    assert.fieldEquals('Token', A_USDC.toHexString(), 'kind', 'ATOKEN');
    assert.fieldEquals('Token', A_USDC.toHexString(), 'market', U);
    assert.fieldEquals('Token', A_USDC.toHexString(), 'balanceTransferScaled', 'true');
    assert.fieldEquals('Token', V_USDC.toHexString(), 'kind', 'VARIABLE_DEBT');
    assert.fieldEquals('Token', S_USDC.toHexString(), 'kind', 'STABLE_DEBT');
    assert.fieldEquals('Token', U, 'kind', 'UNDERLYING');
    assert.fieldEquals('Token', U, 'name', 'USD Coin');
    assert.fieldEquals('Protocol', PAP.toHexString(), 'marketCount', '2');
    assert.dataSourceExists('AToken', A_USDC.toHexString());
    assert.dataSourceExists('VariableDebtToken', V_WETH.toHexString());
    assert.dataSourceExists('StableDebtToken', S_USDC.toHexString());
  });

  test('3.0.0 network (arbitrum-one): aToken BalanceTransfer unscaled until ATokenUpgraded', () => {
    clearStore();
    setupMarkets('arbitrum-one');
    assert.fieldEquals('Token', A_USDC.toHexString(), 'balanceTransferScaled', 'false');
    asConfigurator('arbitrum-one');
    let e = changetype<C.ATokenUpgraded>(ev(30));
    pAddr(e, 'asset', USDC);
    pAddr(e, 'proxy', A_USDC);
    pAddr(e, 'implementation', IMPL);
    H.handleATokenUpgraded(e);
    assert.fieldEquals('Token', A_USDC.toHexString(), 'balanceTransferScaled', 'true');
    assert.fieldEquals(
      'RiskParameterChange',
      rid(e, 'aTokenImplementation'),
      'newValue',
      IMPL.toHexString(),
    );
    assert.fieldEquals('Token', A_WETH.toHexString(), 'balanceTransferScaled', 'false');
  });

  test('3.0.0 network, reserve added after the Pool was upgraded: scaled from the start', () => {
    clearStore();
    setupProtocol();
    asDataSource(PAP, new DataSourceContext(), 'arbitrum-one');
    let up = changetype<PoolUpdated>(mockEvent(PAP, 15, 1500));
    pAddr(up, 'oldAddress', IMPL);
    pAddr(up, 'newAddress', Address.fromString('0x00000000000000000000000000000000000000e2'));
    handlePoolUpdated(up);
    mockErc20(USDC, 'USDC', 'USD Coin', 6);
    mockErc20(A_USDC, 'aUSDC', 'aUSDC', 6);
    mockErc20(V_USDC, 'vUSDC', 'vUSDC', 6);
    mockSource(
      USDC,
      Address.fromString('0x000000000000000000000000000000000000a005'),
      Address.fromString('0x000000000000000000000000000000000000a006'),
    );
    mockPrice(USDC, BigInt.fromI32(100000000));
    asConfigurator('arbitrum-one');
    // 3.2+: stableDebtToken emitted as address(0) -> no stable token, no template
    H.handleReserveInitialized(reserveInitialized(USDC, A_USDC, ZERO, V_USDC, 20, 2000));
    assert.fieldEquals('Token', A_USDC.toHexString(), 'balanceTransferScaled', 'true');
    assert.assertTrue(Market.load(USDC)!.stableDebtToken === null);
  });
});

describe('risk parameters', () => {
  beforeEach(() => {
    clearStore();
    setupMarkets();
    asConfigurator();
  });

  test('CollateralConfigurationChanged: fields and one record per changed value', () => {
    assert.fieldEquals('Market', U, 'ltv', '7700');
    assert.fieldEquals('Market', U, 'liquidationThreshold', '8000');
    assert.fieldEquals('Market', U, 'liquidationBonus', '10500');
    assert.fieldEquals('Market', U, 'usageAsCollateralEnabled', 'true');
    let e = collateralConfig(USDC, 7500, 8000, 10450, 30, 3000);
    H.handleCollateralConfigurationChanged(e);
    assert.fieldEquals('Market', U, 'ltv', '7500');
    assert.fieldEquals('Market', U, 'liquidationBonus', '10450');
    assert.fieldEquals('RiskParameterChange', rid(e, 'ltv'), 'oldValue', '7700');
    assert.fieldEquals('RiskParameterChange', rid(e, 'ltv'), 'newValue', '7500');
    assert.fieldEquals('RiskParameterChange', rid(e, 'ltv'), 'market', U);
    assert.fieldEquals('RiskParameterChange', rid(e, 'liquidationBonus'), 'oldValue', '10500');
    assert.notInStore('RiskParameterChange', rid(e, 'liquidationThreshold'));
    // LT 0 -> not usable as collateral
    H.handleCollateralConfigurationChanged(collateralConfig(USDC, 0, 0, 0, 31, 3100));
    assert.fieldEquals('Market', U, 'usageAsCollateralEnabled', 'false');
  });

  test('flag events: borrowing, stable borrowing, flash loaning (3.0.1), active, frozen, paused, siloed, isolation', () => {
    let b = assetBool(USDC, 'enabled', true, 30);
    H.handleReserveBorrowing(changetype<C.ReserveBorrowing>(b));
    assert.fieldEquals('Market', U, 'borrowingEnabled', 'true');
    assert.fieldEquals('RiskParameterChange', rid(b, 'borrowing'), 'oldValue', 'false');
    assert.fieldEquals('RiskParameterChange', rid(b, 'borrowing'), 'newValue', 'true');
    H.handleReserveStableRateBorrowing(
      changetype<C.ReserveStableRateBorrowing>(assetBool(USDC, 'enabled', true, 31)),
    );
    assert.fieldEquals('Market', U, 'stableBorrowingEnabled', 'true');
    H.handleReserveFlashLoaning(
      changetype<C.ReserveFlashLoaning>(assetBool(USDC, 'enabled', true, 32)),
    );
    assert.fieldEquals('Market', U, 'flashLoanEnabled', 'true');
    let f = assetBool(USDC, 'frozen', true, 33);
    H.handleReserveFrozen(changetype<C.ReserveFrozen>(f));
    assert.fieldEquals('Market', U, 'isFrozen', 'true');
    assert.fieldEquals('RiskParameterChange', rid(f, 'frozen'), 'newValue', 'true');
    H.handleReservePaused(changetype<C.ReservePaused>(assetBool(USDC, 'paused', true, 34)));
    assert.fieldEquals('Market', U, 'isPaused', 'true');
    H.handleReserveActive(changetype<C.ReserveActive>(assetBool(USDC, 'active', false, 35)));
    assert.fieldEquals('Market', U, 'isActive', 'false');
    let s = ev(36);
    pAddr(s, 'asset', USDC);
    pBool(s, 'oldState', false);
    pBool(s, 'newState', true);
    H.handleSiloedBorrowingChanged(changetype<C.SiloedBorrowingChanged>(s));
    assert.fieldEquals('Market', U, 'isSiloed', 'true');
    H.handleBorrowableInIsolationChanged(
      changetype<C.BorrowableInIsolationChanged>(assetBool(USDC, 'borrowable', true, 37)),
    );
    assert.fieldEquals('Market', U, 'borrowableInIsolation', 'true');
    // the same value again writes no record
    let again = assetBool(USDC, 'enabled', true, 38);
    H.handleReserveBorrowing(changetype<C.ReserveBorrowing>(again));
    assert.notInStore('RiskParameterChange', rid(again, 'borrowing'));
  });

  test('caps, debt ceiling, unbacked mint cap: old value from the event', () => {
    let sc = assetOldNew(USDC, BigInt.zero(), BigInt.fromI32(1000000), 30);
    H.handleSupplyCapChanged(changetype<C.SupplyCapChanged>(sc));
    assert.fieldEquals('Market', U, 'supplyCap', '1000000');
    assert.fieldEquals('RiskParameterChange', rid(sc, 'supplyCap'), 'oldValue', '0');
    assert.fieldEquals('RiskParameterChange', rid(sc, 'supplyCap'), 'newValue', '1000000');
    H.handleBorrowCapChanged(
      changetype<C.BorrowCapChanged>(assetOldNew(USDC, BigInt.zero(), BigInt.fromI32(800000), 31)),
    );
    assert.fieldEquals('Market', U, 'borrowCap', '800000');
    let dc = assetOldNew(WETH, BigInt.zero(), BigInt.fromI32(500000000), 32);
    H.handleDebtCeilingChanged(changetype<C.DebtCeilingChanged>(dc));
    assert.fieldEquals('Market', W, 'debtCeiling', '500000000');
    assert.fieldEquals('RiskParameterChange', rid(dc, 'debtCeiling'), 'parameter', 'debtCeiling');
    H.handleUnbackedMintCapChanged(
      changetype<C.UnbackedMintCapChanged>(
        assetOldNew(USDC, BigInt.zero(), BigInt.fromI32(42), 33),
      ),
    );
    assert.fieldEquals('Market', U, 'unbackedMintCap', '42');
  });

  test('reserve factor and liquidation protocol fee', () => {
    let rf = assetOldNew(USDC, BigInt.zero(), BigInt.fromI32(1000), 30);
    H.handleReserveFactorChanged(changetype<C.ReserveFactorChanged>(rf));
    assert.fieldEquals('Market', U, 'reserveFactor', '1000');
    assert.fieldEquals('RiskParameterChange', rid(rf, 'reserveFactor'), 'oldValue', '0');
    let lpf = assetOldNew(USDC, BigInt.zero(), BigInt.fromI32(1000), 31);
    H.handleLiquidationProtocolFeeChanged(changetype<C.LiquidationProtocolFeeChanged>(lpf));
    assert.fieldEquals('Market', U, 'liquidationProtocolFee', '1000');
    assert.fieldEquals(
      'RiskParameterChange',
      rid(lpf, 'liquidationProtocolFee'),
      'newValue',
      '1000',
    );
  });

  test('interest rate strategy (3.0) and rate data (3.1)', () => {
    let newStrategy = Address.fromString('0x00000000000000000000000000000000000000f2');
    let e = ev(30);
    pAddr(e, 'asset', USDC);
    pAddr(e, 'oldStrategy', STRATEGY);
    pAddr(e, 'newStrategy', newStrategy);
    // the initial strategy's getters were read at ReserveInitialized
    assert.fieldEquals('Market', U, 'optimalUsageRatio', '900000000000000000000000000');
    assert.fieldEquals('Market', U, 'variableRateSlope2', '600000000000000000000000000');
    mockStrategy(
      newStrategy,
      '800000000000000000000000000',
      '10000000000000000000000000',
      '50000000000000000000000000',
      '750000000000000000000000000',
    );
    H.handleReserveInterestRateStrategyChanged(changetype<C.ReserveInterestRateStrategyChanged>(e));
    assert.fieldEquals('Market', U, 'interestRateStrategy', newStrategy.toHexString());
    assert.fieldEquals('Market', U, 'optimalUsageRatio', '800000000000000000000000000');
    assert.fieldEquals('Market', U, 'baseVariableBorrowRate', '10000000000000000000000000');
    assert.fieldEquals('Market', U, 'variableRateSlope1', '50000000000000000000000000');
    assert.fieldEquals('Market', U, 'variableRateSlope2', '750000000000000000000000000');
    assert.fieldEquals(
      'RiskParameterChange',
      rid(e, 'interestRateStrategy'),
      'oldValue',
      STRATEGY.toHexString(),
    );
    let v2 = Address.fromString('0x00000000000000000000000000000000000000f3');
    let d = ev(31);
    pAddr(d, 'asset', USDC);
    pAddr(d, 'strategy', v2);
    pBytes(
      d,
      'data',
      Bytes.fromHexString('0x0000000000000000000000000000000000000000000000000000000000001f40'),
    );
    H.handleReserveInterestRateDataChanged(changetype<C.ReserveInterestRateDataChanged>(d));
    assert.fieldEquals('Market', U, 'interestRateStrategy', v2.toHexString());
    // one word is not an InterestRateData: no model rather than a wrong one
    assert.assertTrue(Market.load(USDC)!.optimalUsageRatio === null);
    // 3.1+ order: InterestRateData(9200, 0, 550, 3500) in bps (ray = bps × 1e23), then the
    // strategy change to a v2 strategy whose 3.0 getters revert: the data's model stays
    mockStrategyWithoutGetters(v2);
    let d2 = ev(32);
    pAddr(d2, 'asset', USDC);
    pAddr(d2, 'strategy', v2);
    pBytes(
      d2,
      'data',
      Bytes.fromHexString(
        '0x' +
          '00000000000000000000000000000000000000000000000000000000000023f0' +
          '0000000000000000000000000000000000000000000000000000000000000000' +
          '0000000000000000000000000000000000000000000000000000000000000226' +
          '0000000000000000000000000000000000000000000000000000000000000dac',
      ),
    );
    H.handleReserveInterestRateDataChanged(changetype<C.ReserveInterestRateDataChanged>(d2));
    let e2 = ev(33);
    pAddr(e2, 'asset', USDC);
    pAddr(e2, 'oldStrategy', newStrategy);
    pAddr(e2, 'newStrategy', v2);
    H.handleReserveInterestRateStrategyChanged(
      changetype<C.ReserveInterestRateStrategyChanged>(e2),
    );
    assert.fieldEquals('Market', U, 'optimalUsageRatio', '920000000000000000000000000');
    assert.fieldEquals('Market', U, 'baseVariableBorrowRate', '0');
    assert.fieldEquals('Market', U, 'variableRateSlope1', '55000000000000000000000000');
    assert.fieldEquals('Market', U, 'variableRateSlope2', '350000000000000000000000000');
    assert.fieldEquals(
      'RiskParameterChange',
      rid(d, 'interestRateData'),
      'newValue',
      '0x0000000000000000000000000000000000000000000000000000000000001f40',
    );
  });

  test('3.1: PendingLtvChanged, LiquidationGracePeriodChanged / Disabled', () => {
    let p = ev(30);
    pAddr(p, 'asset', USDC);
    pUint(p, 'ltv', BigInt.fromI32(7700));
    H.handlePendingLtvChanged(changetype<C.PendingLtvChanged>(p));
    assert.fieldEquals('RiskParameterChange', rid(p, 'pendingLtv'), 'newValue', '7700');
    let g = ev(31);
    pAddr(g, 'asset', USDC);
    pUint(g, 'gracePeriodUntil', BigInt.fromI32(1700000000));
    H.handleLiquidationGracePeriodChanged(changetype<C.LiquidationGracePeriodChanged>(g));
    assert.fieldEquals(
      'RiskParameterChange',
      rid(g, 'liquidationGracePeriodUntil'),
      'newValue',
      '1700000000',
    );
    let dis = ev(32);
    pAddr(dis, 'asset', USDC);
    H.handleLiquidationGracePeriodDisabled(changetype<C.LiquidationGracePeriodDisabled>(dis));
    assert.fieldEquals(
      'RiskParameterChange',
      rid(dis, 'liquidationGracePeriodUntil'),
      'newValue',
      '0',
    );
  });

  test('ReserveDropped (3.0–3.6); the next reserve reuses the freed slot like PoolLogic', () => {
    let e = ev(30);
    pAddr(e, 'asset', WETH);
    H.handleReserveDropped(changetype<C.ReserveDropped>(e));
    assert.fieldEquals('Market', W, 'isDropped', 'true');
    assert.fieldEquals('Market', W, 'isActive', 'false');
    assert.fieldEquals('RiskParameterChange', rid(e, 'dropped'), 'newValue', 'true');
    // a third asset takes slot 1 (WETH's); reservesCount stays 2
    let dai = Address.fromString('0x000000000000000000000000000000000000c001');
    let aDai = Address.fromString('0x000000000000000000000000000000000000c002');
    let vDai = Address.fromString('0x000000000000000000000000000000000000c004');
    mockErc20(dai, 'DAI', 'Dai', 18);
    mockErc20(aDai, 'aDAI', 'aDAI', 18);
    mockErc20(vDai, 'vDAI', 'vDAI', 18);
    mockSource(
      dai,
      Address.fromString('0x000000000000000000000000000000000000c005'),
      Address.fromString('0x000000000000000000000000000000000000c006'),
    );
    mockPrice(dai, BigInt.fromI32(100000000));
    H.handleReserveInitialized(reserveInitialized(dai, aDai, ZERO, vDai, 31, 3100));
    assert.fieldEquals('Market', dai.toHexString(), 'reserveId', '1');
    assert.fieldEquals('Protocol', PAP.toHexString(), 'marketCount', '2');
    // and a fourth one appends
    let x = Address.fromString('0x000000000000000000000000000000000000d001');
    let ax = Address.fromString('0x000000000000000000000000000000000000d002');
    let vx = Address.fromString('0x000000000000000000000000000000000000d004');
    mockErc20(x, 'X', 'X', 18);
    mockErc20(ax, 'aX', 'aX', 18);
    mockErc20(vx, 'vX', 'vX', 18);
    mockSource(
      x,
      Address.fromString('0x000000000000000000000000000000000000d005'),
      Address.fromString('0x000000000000000000000000000000000000d006'),
    );
    mockPrice(x, BigInt.fromI32(100000000));
    H.handleReserveInitialized(reserveInitialized(x, ax, ZERO, vx, 32, 3200));
    assert.fieldEquals('Market', x.toHexString(), 'reserveId', '2');
    assert.fieldEquals('Protocol', PAP.toHexString(), 'marketCount', '3');
  });

  test('token implementation upgrades are recorded', () => {
    let v = ev(30);
    pAddr(v, 'asset', USDC);
    pAddr(v, 'proxy', V_USDC);
    pAddr(v, 'implementation', IMPL);
    H.handleVariableDebtTokenUpgraded(changetype<C.VariableDebtTokenUpgraded>(v));
    assert.fieldEquals(
      'RiskParameterChange',
      rid(v, 'variableDebtTokenImplementation'),
      'newValue',
      IMPL.toHexString(),
    );
    let s = ev(31);
    pAddr(s, 'asset', USDC);
    pAddr(s, 'proxy', S_USDC);
    pAddr(s, 'implementation', IMPL);
    H.handleStableDebtTokenUpgraded(changetype<C.StableDebtTokenUpgraded>(s));
    assert.fieldEquals(
      'RiskParameterChange',
      rid(s, 'stableDebtTokenImplementation'),
      'newValue',
      IMPL.toHexString(),
    );
  });

  test('flash-loan premiums and bridge fee (protocol level)', () => {
    let t = ev(30);
    pUint(t, 'oldFlashloanPremiumTotal', BigInt.zero());
    pUint(t, 'newFlashloanPremiumTotal', BigInt.fromI32(5));
    H.handleFlashloanPremiumTotalUpdated(changetype<C.FlashloanPremiumTotalUpdated>(t));
    let p = ev(31);
    pUint(p, 'oldFlashloanPremiumToProtocol', BigInt.zero());
    pUint(p, 'newFlashloanPremiumToProtocol', BigInt.fromI32(10000));
    H.handleFlashloanPremiumToProtocolUpdated(changetype<C.FlashloanPremiumToProtocolUpdated>(p));
    assert.fieldEquals('Protocol', PAP.toHexString(), 'flashLoanPremiumTotal', '5');
    assert.fieldEquals('Protocol', PAP.toHexString(), 'flashLoanPremiumToProtocol', '10000');
    assert.fieldEquals('RiskParameterChange', rid(t, 'flashLoanPremiumTotal'), 'newValue', '5');
    let b = ev(32);
    pUint(b, 'oldBridgeProtocolFee', BigInt.zero());
    pUint(b, 'newBridgeProtocolFee', BigInt.fromI32(2000));
    H.handleBridgeProtocolFeeUpdated(changetype<C.BridgeProtocolFeeUpdated>(b));
    assert.fieldEquals('RiskParameterChange', rid(b, 'bridgeProtocolFee'), 'newValue', '2000');
  });
});

describe('e-mode', () => {
  beforeEach(() => {
    clearStore();
    setupMarkets();
    asConfigurator();
  });

  test('EModeCategoryAdded creates / updates a category with history', () => {
    let oracle = Address.fromString('0x00000000000000000000000000000000000000cc');
    let e = categoryAdded(1, 9300, 9500, 10100, oracle, 'ETH correlated', 30);
    H.handleEModeCategoryAdded(e);
    assert.fieldEquals('EModeCategory', '1', 'ltv', '9300');
    assert.fieldEquals('EModeCategory', '1', 'liquidationThreshold', '9500');
    assert.fieldEquals('EModeCategory', '1', 'liquidationBonus', '10100');
    assert.fieldEquals('EModeCategory', '1', 'label', 'ETH correlated');
    assert.fieldEquals('EModeCategory', '1', 'priceSource', oracle.toHexString());
    assert.fieldEquals('EModeCategory', '1', 'protocol', PAP.toHexString());
    assert.fieldEquals('RiskParameterChange', rid(e, 'ltv'), 'eModeCategory', '1');
    let u = categoryAdded(1, 9000, 9500, 10100, ZERO, 'ETH correlated', 31);
    H.handleEModeCategoryAdded(u);
    assert.fieldEquals('EModeCategory', '1', 'ltv', '9000');
    assert.fieldEquals('RiskParameterChange', rid(u, 'ltv'), 'oldValue', '9300');
    assert.notInStore('RiskParameterChange', rid(u, 'liquidationThreshold'));
    assert.fieldEquals(
      'RiskParameterChange',
      rid(u, 'priceSource'),
      'newValue',
      ZERO.toHexString(),
    );
  });

  test('3.0–3.1: EModeAssetCategoryChanged sets Market.eModeCategory', () => {
    H.handleEModeCategoryAdded(categoryAdded(1, 9300, 9500, 10100, ZERO, 'ETH correlated', 30));
    let e = ev(31);
    pAddr(e, 'asset', WETH);
    pSmall(e, 'oldCategoryId', 0);
    pSmall(e, 'newCategoryId', 1);
    H.handleEModeAssetCategoryChanged(changetype<C.EModeAssetCategoryChanged>(e));
    assert.fieldEquals('Market', W, 'eModeCategory', '1');
    assert.fieldEquals('RiskParameterChange', rid(e, 'eModeCategory'), 'oldValue', '0');
    let back = ev(32);
    pAddr(back, 'asset', WETH);
    pSmall(back, 'oldCategoryId', 1);
    pSmall(back, 'newCategoryId', 0);
    H.handleEModeAssetCategoryChanged(changetype<C.EModeAssetCategoryChanged>(back));
    assert.assertTrue(Market.load(WETH)!.eModeCategory === null);
  });

  test('3.2+: collateral / borrowable bitmaps by reserveId; 3.6 ltv-zero; 3.7 isolation', () => {
    H.handleEModeCategoryAdded(categoryAdded(2, 9300, 9500, 10100, ZERO, 'stables', 30));
    // USDC reserveId 0 -> bit 1, WETH reserveId 1 -> bit 2
    H.handleAssetCollateralInEModeChanged(
      changetype<C.AssetCollateralInEModeChanged>(assetCategoryFlag(USDC, 2, true, 31)),
    );
    H.handleAssetCollateralInEModeChanged(
      changetype<C.AssetCollateralInEModeChanged>(assetCategoryFlag(WETH, 2, true, 32)),
    );
    assert.fieldEquals('EModeCategory', '2', 'collateralBitmap', '3');
    let off = assetCategoryFlag(USDC, 2, false, 33);
    H.handleAssetCollateralInEModeChanged(changetype<C.AssetCollateralInEModeChanged>(off));
    assert.fieldEquals('EModeCategory', '2', 'collateralBitmap', '2');
    assert.fieldEquals('RiskParameterChange', rid(off, 'eModeCollateral'), 'oldValue', 'true');
    assert.fieldEquals('RiskParameterChange', rid(off, 'eModeCollateral'), 'newValue', 'false');
    assert.fieldEquals('RiskParameterChange', rid(off, 'eModeCollateral'), 'market', U);
    assert.fieldEquals('RiskParameterChange', rid(off, 'eModeCollateral'), 'eModeCategory', '2');
    H.handleAssetBorrowableInEModeChanged(
      changetype<C.AssetBorrowableInEModeChanged>(assetCategoryFlag(WETH, 2, true, 34)),
    );
    assert.fieldEquals('EModeCategory', '2', 'borrowableBitmap', '2');
    H.handleAssetLtvzeroInEModeChanged(
      changetype<C.AssetLtvzeroInEModeChanged>(assetCategoryFlag(USDC, 2, true, 35)),
    );
    assert.fieldEquals('EModeCategory', '2', 'ltvZeroBitmap', '1');
    let iso = ev(36);
    pSmall(iso, 'categoryId', 2);
    pBool(iso, 'isolated', true);
    H.handleEModeCategoryIsolationChanged(changetype<C.EModeCategoryIsolationChanged>(iso));
    assert.fieldEquals('RiskParameterChange', rid(iso, 'isolated'), 'newValue', 'true');
  });
});
