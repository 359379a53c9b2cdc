// PoolAddressesProvider: discovers the Pool, PoolConfigurator and AaveOracle of the market.
//   setPoolImpl / setPoolConfiguratorImpl -> ProxyCreated(id, proxy, impl) (first time) + PoolUpdated
//   setPriceOracle -> PriceOracleUpdated;  setAddress(id, addr) -> AddressSet
import { Address, Bytes, DataSourceContext, dataSource, ethereum } from '@graphprotocol/graph-ts';
import {
  AddressSet,
  PoolAddressesProvider,
  PoolConfiguratorUpdated,
  PoolUpdated,
  PriceOracleUpdated,
  ProxyCreated,
} from '../generated/PoolAddressesProvider/PoolAddressesProvider';
import { Pool as PoolContract } from '../generated/PoolAddressesProvider/Pool';
import { AaveOracle as AaveOracleContract } from '../generated/PoolAddressesProvider/AaveOracle';
import { Pool, PoolConfigurator, AaveOracle } from '../generated/templates';
import { Protocol, Token } from '../generated/schema';
import {
  CTX_PROTOCOL,
  ID_POOL,
  ID_POOL_CONFIGURATOR,
  ID_PRICE_ORACLE,
  ZERO_ADDRESS,
} from './constants';
import { getOrCreateProtocol, saveProtocol } from './entities';
import { trackPriceSource } from './prices';

function context(protocol: Protocol): DataSourceContext {
  let ctx = new DataSourceContext();
  ctx.setBytes(CTX_PROTOCOL, protocol.id);
  return ctx;
}

function protocolOf(event: ethereum.Event): Protocol {
  return getOrCreateProtocol(dataSource.address(), event);
}

function readMarketId(protocol: Protocol): void {
  if (protocol.marketId !== null) return;
  let r = PoolAddressesProvider.bind(dataSource.address()).try_getMarketId();
  if (!r.reverted) protocol.marketId = r.value;
}

function readPoolRevision(protocol: Protocol): void {
  if (protocol.pool === null) return;
  let r = PoolContract.bind(Address.fromBytes(protocol.pool!)).try_POOL_REVISION();
  if (!r.reverted) protocol.poolRevision = r.value.toI32();
}

export function startPool(protocol: Protocol, pool: Address): void {
  if (pool.equals(ZERO_ADDRESS)) return;
  if (protocol.pool !== null && protocol.pool!.equals(pool)) return;
  protocol.pool = pool;
  Pool.createWithContext(pool, context(protocol));
  readMarketId(protocol);
  readPoolRevision(protocol);
}

export function startConfigurator(protocol: Protocol, configurator: Address): void {
  if (configurator.equals(ZERO_ADDRESS)) return;
  if (protocol.poolConfigurator !== null && protocol.poolConfigurator!.equals(configurator)) return;
  protocol.poolConfigurator = configurator;
  PoolConfigurator.createWithContext(configurator, context(protocol));
}

/** New AaveOracle: follow it, read its base unit, and re-source / re-price existing markets. */
export function startOracle(protocol: Protocol, oracle: Address, event: ethereum.Event): void {
  if (oracle.equals(ZERO_ADDRESS)) return;
  if (protocol.oracle !== null && protocol.oracle!.equals(oracle)) return;
  protocol.oracle = oracle;
  AaveOracle.createWithContext(oracle, context(protocol));
  let c = AaveOracleContract.bind(oracle);
  let unit = c.try_BASE_CURRENCY_UNIT();
  if (!unit.reverted && !unit.value.isZero()) protocol.baseCurrencyUnit = unit.value;
  // Markets created before this oracle: their sources were set in the oracle's constructor.
  let markets = protocol.markets.load();
  for (let i = 0; i < markets.length; i++) {
    let token = Token.load(markets[i].underlyingToken);
    if (token === null) continue;
    let src = c.try_getSourceOfAsset(Address.fromBytes(token.id));
    if (!src.reverted) trackPriceSource(token, src.value, protocol, event);
  }
}

export function handleProxyCreated(event: ProxyCreated): void {
  let protocol = protocolOf(event);
  if (event.params.id.equals(ID_POOL)) startPool(protocol, event.params.proxyAddress);
  else if (event.params.id.equals(ID_POOL_CONFIGURATOR))
    startConfigurator(protocol, event.params.proxyAddress);
  saveProtocol(protocol, event);
}

export function handlePoolUpdated(event: PoolUpdated): void {
  let protocol = protocolOf(event);
  protocol.poolImplementation = event.params.newAddress;
  if (event.params.oldAddress.notEqual(ZERO_ADDRESS) && protocol.poolUpgradedBlock === null) {
    protocol.poolUpgradedBlock = event.block.number;
  }
  if (protocol.pool === null) {
    let r = PoolAddressesProvider.bind(dataSource.address()).try_getPool();
    if (!r.reverted) startPool(protocol, r.value);
  } else {
    readPoolRevision(protocol);
  }
  readMarketId(protocol);
  saveProtocol(protocol, event);
}

export function handlePoolConfiguratorUpdated(event: PoolConfiguratorUpdated): void {
  let protocol = protocolOf(event);
  if (protocol.poolConfigurator === null) {
    let r = PoolAddressesProvider.bind(dataSource.address()).try_getPoolConfigurator();
    if (!r.reverted) startConfigurator(protocol, r.value);
  }
  saveProtocol(protocol, event);
}

export function handlePriceOracleUpdated(event: PriceOracleUpdated): void {
  let protocol = protocolOf(event);
  startOracle(protocol, event.params.newAddress, event);
  saveProtocol(protocol, event);
}

export function handleAddressSet(event: AddressSet): void {
  let protocol = protocolOf(event);
  let id: Bytes = event.params.id;
  if (id.equals(ID_POOL)) startPool(protocol, event.params.newAddress);
  else if (id.equals(ID_POOL_CONFIGURATOR)) startConfigurator(protocol, event.params.newAddress);
  else if (id.equals(ID_PRICE_ORACLE)) startOracle(protocol, event.params.newAddress, event);
  saveProtocol(protocol, event);
}
