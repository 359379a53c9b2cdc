// PoolAddressesProvider discovery, AaveOracle sources / base currency, price feeds (AnswerUpdated).
import { Address, BigInt, Bytes, DataSourceContext, ethereum } from '@graphprotocol/graph-ts';
import {
  assert,
  beforeEach,
  clearStore,
  createMockedFunction,
  describe,
  test,
} from 'matchstick-as/assembly/index';

import {
  AddressSet,
  PoolConfiguratorUpdated,
  PoolUpdated,
  PriceOracleUpdated,
} from '../../subgraph/generated/PoolAddressesProvider/PoolAddressesProvider';
import {
  AssetSourceUpdated,
  BaseCurrencySet,
  FallbackOracleUpdated,
} from '../../subgraph/generated/templates/AaveOracle/AaveOracle';
import { AnswerUpdated } from '../../subgraph/generated/templates/PriceFeed/ChainlinkAggregator';
import {
  handleAddressSet,
  handlePoolConfiguratorUpdated,
  handlePoolUpdated,
  handlePriceOracleUpdated,
} from '../../subgraph/src/addresses-provider';
import {
  handleAssetSourceUpdated,
  handleBaseCurrencySet,
  handleFallbackOracleUpdated,
} from '../../subgraph/src/oracle';
import { Protocol, Token } from '../../subgraph/generated/schema';
import { handleAnswerUpdated } from '../../subgraph/src/price-feed';
import {
  AGG_USDC,
  AGG_WETH,
  CONFIGURATOR,
  ID_POOL,
  IMPL,
  ORACLE,
  PAP,
  POOL,
  SRC_USDC,
  USDC,
  WETH,
  ZERO,
  asDataSource,
  asOracle,
  bi,
  mockEvent,
  mockPrice,
  pAddr,
  pBytes32,
  pInt,
  pUint,
  setupMarkets,
  setupProtocol,
} from './helpers';

const PAP_HEX = PAP.toHexString();

describe('PoolAddressesProvider discovery', () => {
  beforeEach(() => {
    clearStore();
  });

  test('ProxyCreated(POOL / POOL_CONFIGURATOR) and PriceOracleUpdated create the templates once', () => {
    setupProtocol();
    assert.fieldEquals('Protocol', PAP_HEX, 'pool', POOL.toHexString());
    assert.fieldEquals('Protocol', PAP_HEX, 'poolConfigurator', CONFIGURATOR.toHexString());
    assert.fieldEquals('Protocol', PAP_HEX, 'oracle', ORACLE.toHexString());
    assert.fieldEquals('Protocol', PAP_HEX, 'marketId', 'Aave Ethereum Market');
    assert.fieldEquals('Protocol', PAP_HEX, 'poolRevision', '1');
    assert.fieldEquals('Protocol', PAP_HEX, 'baseCurrencyUnit', '100000000');
    assert.fieldEquals('Protocol', PAP_HEX, 'network', 'mainnet');
    assert.dataSourceCount('Pool', 1);
    assert.dataSourceExists('Pool', POOL.toHexString());
    assert.dataSourceCount('PoolConfigurator', 1);
    assert.dataSourceCount('AaveOracle', 1);
    assert.dataSourceExists('AaveOracle', ORACLE.toHexString());
    // the same discovery again (AddressSet for POOL with the same address) creates nothing new
    asDataSource(PAP, new DataSourceContext());
    let e = changetype<AddressSet>(mockEvent(PAP, 12, 1200));
    pBytes32(e, 'id', ID_POOL);
    pAddr(e, 'oldAddress', ZERO);
    pAddr(e, 'newAddress', POOL);
    handleAddressSet(e);
    assert.dataSourceCount('Pool', 1);
  });

  test('PoolUpdated: records implementation and the first upgrade block, re-reads the revision', () => {
    setupProtocol();
    createMockedFunction(POOL, 'POOL_REVISION', 'POOL_REVISION():(uint256)').returns([
      ethereum.Value.fromUnsignedBigInt(BigInt.fromI32(2)),
    ]);
    asDataSource(PAP, new DataSourceContext());
    let first = changetype<PoolUpdated>(mockEvent(PAP, 10, 1000));
    pAddr(first, 'oldAddress', ZERO);
    pAddr(first, 'newAddress', IMPL);
    handlePoolUpdated(first);
    assert.fieldEquals('Protocol', PAP_HEX, 'poolImplementation', IMPL.toHexString());
    assert.assertTrue(Protocol.load(PAP)!.poolUpgradedBlock === null);
    let upgrade = changetype<PoolUpdated>(mockEvent(PAP, 500, 50000));
    let newImpl = Address.fromString('0x00000000000000000000000000000000000000e2');
    pAddr(upgrade, 'oldAddress', IMPL);
    pAddr(upgrade, 'newAddress', newImpl);
    handlePoolUpdated(upgrade);
    assert.fieldEquals('Protocol', PAP_HEX, 'poolImplementation', newImpl.toHexString());
    assert.fieldEquals('Protocol', PAP_HEX, 'poolUpgradedBlock', '500');
    assert.fieldEquals('Protocol', PAP_HEX, 'poolRevision', '2');
    assert.dataSourceExists('Pool', POOL.toHexString());
  });
});

describe('oracle replacement and configurator discovery', () => {
  beforeEach(() => {
    clearStore();
    setupMarkets();
  });

  test('PriceOracleUpdated to a new oracle re-reads every market source and price (once each)', () => {
    let oracle2 = Address.fromString('0x00000000000000000000000000000000000000b2');
    let src2 = Address.fromString('0x000000000000000000000000000000000000f005');
    let agg2 = Address.fromString('0x000000000000000000000000000000000000f006');
    createMockedFunction(oracle2, 'BASE_CURRENCY_UNIT', 'BASE_CURRENCY_UNIT():(uint256)').returns([
      ethereum.Value.fromUnsignedBigInt(BigInt.fromI32(100000000)),
    ]);
    createMockedFunction(oracle2, 'getSourceOfAsset', 'getSourceOfAsset(address):(address)')
      .withArgs([ethereum.Value.fromAddress(USDC)])
      .returns([ethereum.Value.fromAddress(src2)]);
    createMockedFunction(oracle2, 'getSourceOfAsset', 'getSourceOfAsset(address):(address)')
      .withArgs([ethereum.Value.fromAddress(WETH)])
      .returns([ethereum.Value.fromAddress(src2)]);
    createMockedFunction(src2, 'aggregator', 'aggregator():(address)').returns([
      ethereum.Value.fromAddress(agg2),
    ]);
    createMockedFunction(oracle2, 'getAssetPrice', 'getAssetPrice(address):(uint256)')
      .withArgs([ethereum.Value.fromAddress(USDC)])
      .returns([ethereum.Value.fromUnsignedBigInt(BigInt.fromI32(100010000))]);
    createMockedFunction(oracle2, 'getAssetPrice', 'getAssetPrice(address):(uint256)')
      .withArgs([ethereum.Value.fromAddress(WETH)])
      .returns([ethereum.Value.fromUnsignedBigInt(bi('190000000000'))]);
    asDataSource(PAP, new DataSourceContext());
    let e = changetype<PriceOracleUpdated>(mockEvent(PAP, 90, 9000));
    pAddr(e, 'oldAddress', ORACLE);
    pAddr(e, 'newAddress', oracle2);
    handlePriceOracleUpdated(e);
    assert.fieldEquals('Protocol', PAP_HEX, 'oracle', oracle2.toHexString());
    assert.dataSourceExists('AaveOracle', oracle2.toHexString());
    assert.fieldEquals('Token', USDC.toHexString(), 'lastPriceUSD', '1.0001');
    assert.fieldEquals('Token', WETH.toHexString(), 'lastPriceUSD', '1900');
    // one aggregator shared by both assets
    assert.fieldEquals(
      'PriceFeed',
      agg2.toHexString(),
      'tokens',
      '[' + USDC.toHexString() + ', ' + WETH.toHexString() + ']',
    );
    // the old oracle's events are ignored from now on
    asOracle();
    let old = changetype<AssetSourceUpdated>(mockEvent(ORACLE, 91, 9100));
    pAddr(old, 'asset', USDC);
    pAddr(old, 'source', SRC_USDC);
    handleAssetSourceUpdated(old);
    assert.fieldEquals('Token', USDC.toHexString(), 'priceSource', src2.toHexString());
  });

  test('AddressSet(POOL_CONFIGURATOR / PRICE_ORACLE) with plain addresses', () => {
    clearStore();
    let pap3 = Address.fromString('0x00000000000000000000000000000000000000d3');
    let conf3 = Address.fromString('0x00000000000000000000000000000000000000d4');
    let oracle3 = Address.fromString('0x00000000000000000000000000000000000000d5');
    createMockedFunction(oracle3, 'BASE_CURRENCY_UNIT', 'BASE_CURRENCY_UNIT():(uint256)').returns([
      ethereum.Value.fromUnsignedBigInt(BigInt.fromI32(100000000)),
    ]);
    asDataSource(pap3, new DataSourceContext());
    let c = changetype<AddressSet>(mockEvent(pap3, 6, 600));
    pBytes32(
      c,
      'id',
      Bytes.fromHexString('0x504f4f4c5f434f4e464947555241544f52000000000000000000000000000000'),
    );
    pAddr(c, 'oldAddress', ZERO);
    pAddr(c, 'newAddress', conf3);
    handleAddressSet(c);
    let o = changetype<AddressSet>(mockEvent(pap3, 7, 700));
    pBytes32(
      o,
      'id',
      Bytes.fromHexString('0x50524943455f4f5241434c450000000000000000000000000000000000000000'),
    );
    pAddr(o, 'oldAddress', ZERO);
    pAddr(o, 'newAddress', oracle3);
    handleAddressSet(o);
    assert.fieldEquals('Protocol', pap3.toHexString(), 'poolConfigurator', conf3.toHexString());
    assert.fieldEquals('Protocol', pap3.toHexString(), 'oracle', oracle3.toHexString());
    assert.dataSourceExists('PoolConfigurator', conf3.toHexString());
    assert.dataSourceExists('AaveOracle', oracle3.toHexString());
  });

  test('PoolConfiguratorUpdated without ProxyCreated reads getPoolConfigurator()', () => {
    clearStore();
    let pap2 = Address.fromString('0x00000000000000000000000000000000000000d1');
    let conf2 = Address.fromString('0x00000000000000000000000000000000000000d2');
    createMockedFunction(pap2, 'getPoolConfigurator', 'getPoolConfigurator():(address)').returns([
      ethereum.Value.fromAddress(conf2),
    ]);
    asDataSource(pap2, new DataSourceContext());
    let e = changetype<PoolConfiguratorUpdated>(mockEvent(pap2, 5, 500));
    pAddr(e, 'oldAddress', ZERO);
    pAddr(e, 'newAddress', IMPL);
    handlePoolConfiguratorUpdated(e);
    assert.fieldEquals('Protocol', pap2.toHexString(), 'poolConfigurator', conf2.toHexString());
    assert.dataSourceExists('PoolConfigurator', conf2.toHexString());
  });
});

describe('AaveOracle and price feeds', () => {
  beforeEach(() => {
    clearStore();
    setupMarkets();
  });

  test('ReserveInitialized reads the source once: Token.priceSource / aggregator, PriceFeed, PricePoint', () => {
    assert.fieldEquals('Token', USDC.toHexString(), 'priceSource', SRC_USDC.toHexString());
    assert.fieldEquals('Token', USDC.toHexString(), 'priceAggregator', AGG_USDC.toHexString());
    assert.fieldEquals('Token', USDC.toHexString(), 'lastPriceBase', '100000000');
    assert.fieldEquals('Token', USDC.toHexString(), 'lastPriceUSD', '1');
    assert.fieldEquals('Token', WETH.toHexString(), 'lastPriceUSD', '2000');
    assert.fieldEquals('PriceFeed', AGG_USDC.toHexString(), 'proxy', SRC_USDC.toHexString());
    assert.fieldEquals(
      'PriceFeed',
      AGG_USDC.toHexString(),
      'tokens',
      '[' + USDC.toHexString() + ']',
    );
    assert.dataSourceExists('PriceFeed', AGG_USDC.toHexString());
    assert.dataSourceExists('PriceFeed', AGG_WETH.toHexString());
    assert.entityCount('PricePoint', 2);
  });

  test('AnswerUpdated re-reads AaveOracle for each token on that aggregator (FEED_UPDATE)', () => {
    mockPrice(WETH, bi('250000000000'));
    asDataSource(AGG_WETH, ctx());
    let e = changetype<AnswerUpdated>(mockEvent(AGG_WETH, 30, 3000));
    pInt(e, 'current', bi('250000000000'));
    pUint(e, 'roundId', BigInt.fromI32(7));
    pUint(e, 'updatedAt', BigInt.fromI32(3000));
    handleAnswerUpdated(e);
    assert.fieldEquals('Token', WETH.toHexString(), 'lastPriceBase', '250000000000');
    assert.fieldEquals('Token', WETH.toHexString(), 'lastPriceUSD', '2500');
    assert.fieldEquals('Token', WETH.toHexString(), 'lastPriceBlock', '30');
    assert.fieldEquals('PriceFeed', AGG_WETH.toHexString(), 'lastAnswer', '250000000000');
    let ppId = e.transaction.hash.concatI32(e.logIndex.toI32()).concat(WETH).toHexString();
    assert.fieldEquals('PricePoint', ppId, 'trigger', 'FEED_UPDATE');
    assert.fieldEquals('PricePoint', ppId, 'priceUSD', '2500');
    assert.entityCount('PricePoint', 3);
  });

  test('AssetSourceUpdated moves the token to a new feed, records the change and re-prices', () => {
    let newSrc = Address.fromString('0x000000000000000000000000000000000000c005');
    let newAgg = Address.fromString('0x000000000000000000000000000000000000c006');
    createMockedFunction(newSrc, 'aggregator', 'aggregator():(address)').returns([
      ethereum.Value.fromAddress(newAgg),
    ]);
    mockPrice(USDC, BigInt.fromI32(99990000));
    asOracle();
    let e = changetype<AssetSourceUpdated>(mockEvent(ORACLE, 40, 4000));
    pAddr(e, 'asset', USDC);
    pAddr(e, 'source', newSrc);
    handleAssetSourceUpdated(e);
    assert.fieldEquals('Token', USDC.toHexString(), 'priceSource', newSrc.toHexString());
    assert.fieldEquals('Token', USDC.toHexString(), 'priceAggregator', newAgg.toHexString());
    assert.fieldEquals('Token', USDC.toHexString(), 'lastPriceUSD', '0.9999');
    assert.fieldEquals('PriceFeed', AGG_USDC.toHexString(), 'tokens', '[]');
    assert.fieldEquals('PriceFeed', newAgg.toHexString(), 'tokens', '[' + USDC.toHexString() + ']');
    assert.dataSourceExists('PriceFeed', newAgg.toHexString());
    let rid = e.transaction.hash
      .concatI32(e.logIndex.toI32())
      .concat(Bytes.fromUTF8('priceSource'))
      .concat(USDC)
      .toHexString();
    assert.fieldEquals('RiskParameterChange', rid, 'oldValue', SRC_USDC.toHexString());
    assert.fieldEquals('RiskParameterChange', rid, 'newValue', newSrc.toHexString());
    // market USD re-valued with the new price: nothing supplied yet, so still 0
    assert.fieldEquals('Market', USDC.toHexString(), 'totalSupplyUSD', '0');
    // an old aggregator reporting no longer re-prices USDC
    asDataSource(AGG_USDC, ctx());
    let old = changetype<AnswerUpdated>(mockEvent(AGG_USDC, 41, 4100));
    pInt(old, 'current', BigInt.fromI32(100000000));
    pUint(old, 'roundId', BigInt.fromI32(8));
    pUint(old, 'updatedAt', BigInt.fromI32(4100));
    handleAnswerUpdated(old);
    assert.fieldEquals('Token', USDC.toHexString(), 'lastPriceBlock', '40');
  });

  test('a bare aggregator registered as the source is watched itself', () => {
    let bare = Address.fromString('0x000000000000000000000000000000000000d105');
    createMockedFunction(bare, 'aggregator', 'aggregator():(address)').reverts();
    createMockedFunction(
      bare,
      'BASE_TO_USD_AGGREGATOR',
      'BASE_TO_USD_AGGREGATOR():(address)',
    ).reverts();
    createMockedFunction(
      bare,
      'ASSET_TO_USD_AGGREGATOR',
      'ASSET_TO_USD_AGGREGATOR():(address)',
    ).reverts();
    createMockedFunction(bare, 'PEG_TO_BASE', 'PEG_TO_BASE():(address)').reverts();
    createMockedFunction(bare, 'ETH_TO_USD', 'ETH_TO_USD():(address)').reverts();
    createMockedFunction(bare, 'ETH_TO_BASE', 'ETH_TO_BASE():(address)').reverts();
    createMockedFunction(bare, 'latestAnswer', 'latestAnswer():(int256)').returns([
      ethereum.Value.fromSignedBigInt(BigInt.fromI32(100000000)),
    ]);
    mockPrice(USDC, BigInt.fromI32(100000000));
    asOracle();
    let e = changetype<AssetSourceUpdated>(mockEvent(ORACLE, 55, 5500));
    pAddr(e, 'asset', USDC);
    pAddr(e, 'source', bare);
    handleAssetSourceUpdated(e);
    assert.fieldEquals('Token', USDC.toHexString(), 'priceAggregator', bare.toHexString());
    assert.fieldEquals('PriceFeed', bare.toHexString(), 'proxy', bare.toHexString());
    assert.dataSourceExists('PriceFeed', bare.toHexString());
  });

  test('source that answers nothing: price read once, no feed', () => {
    let fixed = Address.fromString('0x000000000000000000000000000000000000d005');
    createMockedFunction(fixed, 'latestAnswer', 'latestAnswer():(int256)').reverts();
    createMockedFunction(fixed, 'aggregator', 'aggregator():(address)').reverts();
    createMockedFunction(
      fixed,
      'BASE_TO_USD_AGGREGATOR',
      'BASE_TO_USD_AGGREGATOR():(address)',
    ).reverts();
    createMockedFunction(
      fixed,
      'ASSET_TO_USD_AGGREGATOR',
      'ASSET_TO_USD_AGGREGATOR():(address)',
    ).reverts();
    createMockedFunction(fixed, 'PEG_TO_BASE', 'PEG_TO_BASE():(address)').reverts();
    createMockedFunction(fixed, 'ETH_TO_USD', 'ETH_TO_USD():(address)').reverts();
    createMockedFunction(fixed, 'ETH_TO_BASE', 'ETH_TO_BASE():(address)').reverts();
    mockPrice(USDC, BigInt.fromI32(100000000));
    asOracle();
    let e = changetype<AssetSourceUpdated>(mockEvent(ORACLE, 50, 5000));
    pAddr(e, 'asset', USDC);
    pAddr(e, 'source', fixed);
    handleAssetSourceUpdated(e);
    assert.fieldEquals('Token', USDC.toHexString(), 'priceSource', fixed.toHexString());
    assert.assertTrue(Token.load(USDC)!.priceAggregator === null);
    assert.fieldEquals('Token', USDC.toHexString(), 'lastPriceBlock', '50');
  });

  test('CAPO adapter: follows BASE_TO_USD_AGGREGATOR then its aggregator()', () => {
    let capo = Address.fromString('0x000000000000000000000000000000000000e005');
    let baseProxy = Address.fromString('0x000000000000000000000000000000000000e006');
    let baseAgg = Address.fromString('0x000000000000000000000000000000000000e007');
    createMockedFunction(capo, 'aggregator', 'aggregator():(address)').reverts();
    createMockedFunction(
      capo,
      'BASE_TO_USD_AGGREGATOR',
      'BASE_TO_USD_AGGREGATOR():(address)',
    ).returns([ethereum.Value.fromAddress(baseProxy)]);
    createMockedFunction(baseProxy, 'aggregator', 'aggregator():(address)').returns([
      ethereum.Value.fromAddress(baseAgg),
    ]);
    mockPrice(WETH, bi('210000000000'));
    asOracle();
    let e = changetype<AssetSourceUpdated>(mockEvent(ORACLE, 60, 6000));
    pAddr(e, 'asset', WETH);
    pAddr(e, 'source', capo);
    handleAssetSourceUpdated(e);
    assert.fieldEquals('Token', WETH.toHexString(), 'priceAggregator', baseAgg.toHexString());
    assert.fieldEquals('PriceFeed', baseAgg.toHexString(), 'proxy', capo.toHexString());
    assert.fieldEquals('Token', WETH.toHexString(), 'lastPriceUSD', '2100');
  });

  test('BaseCurrencySet and FallbackOracleUpdated', () => {
    asOracle();
    let e = changetype<BaseCurrencySet>(mockEvent(ORACLE, 70, 7000));
    pAddr(e, 'baseCurrency', ZERO);
    pUint(e, 'baseCurrencyUnit', bi('1000000000000000000'));
    handleBaseCurrencySet(e);
    assert.fieldEquals('Protocol', PAP_HEX, 'baseCurrencyUnit', '1000000000000000000');
    let f = changetype<FallbackOracleUpdated>(mockEvent(ORACLE, 71, 7100));
    pAddr(f, 'fallbackOracle', Address.fromString('0x00000000000000000000000000000000000000fa'));
    handleFallbackOracleUpdated(f);
    assert.entityCount('RiskParameterChange', countBefore() + 2);
  });

  test('an oracle that is no longer the protocol oracle is ignored', () => {
    let other = Address.fromString('0x00000000000000000000000000000000000000ab');
    asDataSource(other, ctx());
    let e = changetype<AssetSourceUpdated>(mockEvent(other, 80, 8000));
    pAddr(e, 'asset', USDC);
    pAddr(e, 'source', Address.fromString('0x00000000000000000000000000000000000000ac'));
    handleAssetSourceUpdated(e);
    assert.fieldEquals('Token', USDC.toHexString(), 'priceSource', SRC_USDC.toHexString());
  });
});

function ctx(): DataSourceContext {
  let c = new DataSourceContext();
  c.setBytes('protocol', PAP);
  return c;
}

/** RiskParameterChange records written by setupMarkets(): per market interestRateStrategy,
 *  priceSource, ltv, liquidationThreshold, liquidationBonus = 5 × 2 markets. */
function countBefore(): i32 {
  return 10;
}
