// Shared fixtures for the matchstick-as suites: addresses, mock events for every contract family,
// mocked eth_calls, and a `setupMarket()` that runs the real discovery handlers
// (PoolAddressesProvider -> Pool/Configurator/Oracle, ReserveInitialized -> token templates).
import { Address, BigInt, Bytes, DataSourceContext, ethereum } from '@graphprotocol/graph-ts';
import { createMockedFunction, dataSourceMock, newMockEvent } from 'matchstick-as/assembly/index';

import {
  PriceOracleUpdated,
  ProxyCreated,
} from '../../subgraph/generated/PoolAddressesProvider/PoolAddressesProvider';
import {
  ReserveInitialized,
  CollateralConfigurationChanged,
} from '../../subgraph/generated/templates/PoolConfigurator/PoolConfigurator';
import { ReserveDataUpdated } from '../../subgraph/generated/templates/Pool/Pool';
import {
  handlePriceOracleUpdated,
  handleProxyCreated,
} from '../../subgraph/src/addresses-provider';
import { handleReserveInitialized } from '../../subgraph/src/configurator';
import { handleCollateralConfigurationChanged } from '../../subgraph/src/configurator-parameters';
import { handleReserveDataUpdated } from '../../subgraph/src/pool';

export const PAP = Address.fromString('0x2f39d218133afab8f2b819b1066c7e434ad94e9e');
export const POOL = Address.fromString('0x87870bca3f3fd6335c3f4ce8392d69350b4fa4e2');
export const CONFIGURATOR = Address.fromString('0x64b761d848206f447fe2dd461b0c635ec39ebb27');
export const ORACLE = Address.fromString('0x54586be62e3c3580375ae3723c145253060ca0c2');
export const IMPL = Address.fromString('0x00000000000000000000000000000000000000e1');

// market A: a 6-decimal stablecoin, market B: an 18-decimal ETH-like asset
export const USDC = Address.fromString('0x000000000000000000000000000000000000a001');
export const A_USDC = Address.fromString('0x000000000000000000000000000000000000a002');
export const S_USDC = Address.fromString('0x000000000000000000000000000000000000a003');
export const V_USDC = Address.fromString('0x000000000000000000000000000000000000a004');
export const SRC_USDC = Address.fromString('0x000000000000000000000000000000000000a005');
export const AGG_USDC = Address.fromString('0x000000000000000000000000000000000000a006');
export const WETH = Address.fromString('0x000000000000000000000000000000000000b001');
export const A_WETH = Address.fromString('0x000000000000000000000000000000000000b002');
export const S_WETH = Address.fromString('0x000000000000000000000000000000000000b003');
export const V_WETH = Address.fromString('0x000000000000000000000000000000000000b004');
export const SRC_WETH = Address.fromString('0x000000000000000000000000000000000000b005');
export const AGG_WETH = Address.fromString('0x000000000000000000000000000000000000b006');
export const STRATEGY = Address.fromString('0x00000000000000000000000000000000000000f1');
export const ZERO = Address.fromString('0x0000000000000000000000000000000000000000');

export const USER1 = Address.fromString('0x0000000000000000000000000000000000001111');
export const USER2 = Address.fromString('0x0000000000000000000000000000000000002222');
export const LIQUIDATOR = Address.fromString('0x0000000000000000000000000000000000003333');
export const TREASURY = Address.fromString('0x0000000000000000000000000000000000004444');

export const ID_POOL = Bytes.fromHexString(
  '0x504f4f4c00000000000000000000000000000000000000000000000000000000',
);
export const ID_POOL_CONFIGURATOR = Bytes.fromHexString(
  '0x504f4f4c5f434f4e464947555241544f52000000000000000000000000000000',
);

export const RAY = BigInt.fromString('1000000000000000000000000000');
export const USDC_PRICE = BigInt.fromI32(100000000); // $1.00000000
export const WETH_PRICE = BigInt.fromString('200000000000'); // $2000.00000000

export function bi(s: string): BigInt {
  return BigInt.fromString(s);
}

// ---------------------------------------------------------------- events

let nextLogIndex = 1;

/** A mock event at (block, timestamp) from `emitter`; log indexes increase so ids are unique. */
export function mockEvent(emitter: Address, block: i32, timestamp: i32): ethereum.Event {
  let e = newMockEvent();
  e.address = emitter;
  e.block.number = BigInt.fromI32(block);
  e.block.timestamp = BigInt.fromI32(timestamp);
  e.logIndex = BigInt.fromI32(nextLogIndex++);
  e.parameters = new Array<ethereum.EventParam>();
  return e;
}

export function pAddr(e: ethereum.Event, name: string, v: Address): void {
  e.parameters.push(new ethereum.EventParam(name, ethereum.Value.fromAddress(v)));
}
export function pUint(e: ethereum.Event, name: string, v: BigInt): void {
  e.parameters.push(new ethereum.EventParam(name, ethereum.Value.fromUnsignedBigInt(v)));
}
export function pInt(e: ethereum.Event, name: string, v: BigInt): void {
  e.parameters.push(new ethereum.EventParam(name, ethereum.Value.fromSignedBigInt(v)));
}
export function pSmall(e: ethereum.Event, name: string, v: i32): void {
  e.parameters.push(new ethereum.EventParam(name, ethereum.Value.fromI32(v)));
}
export function pBool(e: ethereum.Event, name: string, v: boolean): void {
  e.parameters.push(new ethereum.EventParam(name, ethereum.Value.fromBoolean(v)));
}
export function pBytes32(e: ethereum.Event, name: string, v: Bytes): void {
  e.parameters.push(new ethereum.EventParam(name, ethereum.Value.fromFixedBytes(v)));
}
export function pBytes(e: ethereum.Event, name: string, v: Bytes): void {
  e.parameters.push(new ethereum.EventParam(name, ethereum.Value.fromBytes(v)));
}
export function pString(e: ethereum.Event, name: string, v: string): void {
  e.parameters.push(new ethereum.EventParam(name, ethereum.Value.fromString(v)));
}

// ---------------------------------------------------------------- data sources

export function protocolContext(): DataSourceContext {
  let ctx = new DataSourceContext();
  ctx.setBytes('protocol', PAP);
  return ctx;
}

export function tokenContext(underlying: Address): DataSourceContext {
  let ctx = protocolContext();
  ctx.setBytes('underlying', underlying);
  return ctx;
}

/** The handler about to run belongs to the data source at `address` with `ctx` on `network`. */
export function asDataSource(
  address: Address,
  ctx: DataSourceContext,
  network: string = 'mainnet',
): void {
  dataSourceMock.setReturnValues(address.toHexString(), network, ctx);
}

export function asPool(): void {
  asDataSource(POOL, protocolContext());
}
export function asConfigurator(network: string = 'mainnet'): void {
  asDataSource(CONFIGURATOR, protocolContext(), network);
}
export function asOracle(): void {
  asDataSource(ORACLE, protocolContext());
}
export function asToken(token: Address, underlying: Address): void {
  asDataSource(token, tokenContext(underlying));
}

// ---------------------------------------------------------------- mocked calls

export function mockErc20(token: Address, symbol: string, name: string, decimals: i32): void {
  createMockedFunction(token, 'symbol', 'symbol():(string)').returns([
    ethereum.Value.fromString(symbol),
  ]);
  createMockedFunction(token, 'name', 'name():(string)').returns([ethereum.Value.fromString(name)]);
  createMockedFunction(token, 'decimals', 'decimals():(uint8)').returns([
    ethereum.Value.fromI32(decimals),
  ]);
  mockRevision(token, 1);
}

const STRATEGY_GETTERS = [
  'OPTIMAL_USAGE_RATIO',
  'getBaseVariableBorrowRate',
  'getVariableRateSlope1',
  'getVariableRateSlope2',
];

/** A 3.0 DefaultReserveInterestRateStrategy's getters (ray values as decimal strings). */
export function mockStrategy(
  strategy: Address,
  optimal: string,
  base: string,
  slope1: string,
  slope2: string,
): void {
  let values = [optimal, base, slope1, slope2];
  for (let i = 0; i < STRATEGY_GETTERS.length; i++) {
    createMockedFunction(
      strategy,
      STRATEGY_GETTERS[i],
      STRATEGY_GETTERS[i] + '():(uint256)',
    ).returns([ethereum.Value.fromUnsignedBigInt(BigInt.fromString(values[i]))]);
  }
}

/** A strategy without the 3.0 getters (3.1+ DefaultReserveInterestRateStrategyV2): they revert. */
export function mockStrategyWithoutGetters(strategy: Address): void {
  for (let i = 0; i < STRATEGY_GETTERS.length; i++) {
    let g = STRATEGY_GETTERS[i];
    createMockedFunction(strategy, g, g + '():(uint256)').reverts();
  }
}

/** ATOKEN_REVISION / DEBT_TOKEN_REVISION of a token (>= 4: Aave 3.5 rounding). */
export function mockRevision(token: Address, revision: i32): void {
  createMockedFunction(token, 'ATOKEN_REVISION', 'ATOKEN_REVISION():(uint256)').returns([
    ethereum.Value.fromUnsignedBigInt(BigInt.fromI32(revision)),
  ]);
  createMockedFunction(token, 'DEBT_TOKEN_REVISION', 'DEBT_TOKEN_REVISION():(uint256)').returns([
    ethereum.Value.fromUnsignedBigInt(BigInt.fromI32(revision)),
  ]);
}

export function mockPrice(asset: Address, price: BigInt): void {
  createMockedFunction(ORACLE, 'getAssetPrice', 'getAssetPrice(address):(uint256)')
    .withArgs([ethereum.Value.fromAddress(asset)])
    .returns([ethereum.Value.fromUnsignedBigInt(price)]);
}

/** AaveOracle source = a Chainlink proxy whose aggregator() is `aggregator`. */
export function mockSource(asset: Address, source: Address, aggregator: Address): void {
  createMockedFunction(ORACLE, 'getSourceOfAsset', 'getSourceOfAsset(address):(address)')
    .withArgs([ethereum.Value.fromAddress(asset)])
    .returns([ethereum.Value.fromAddress(source)]);
  createMockedFunction(source, 'aggregator', 'aggregator():(address)').returns([
    ethereum.Value.fromAddress(aggregator),
  ]);
}

// ---------------------------------------------------------------- discovery through the real handlers

export function proxyCreated(id: Bytes, proxy: Address, block: i32, ts: i32): ProxyCreated {
  let e = changetype<ProxyCreated>(mockEvent(PAP, block, ts));
  pBytes32(e, 'id', id);
  pAddr(e, 'proxyAddress', proxy);
  pAddr(e, 'implementationAddress', IMPL);
  return e;
}

export function setupProtocol(): void {
  asDataSource(PAP, new DataSourceContext());
  createMockedFunction(PAP, 'getMarketId', 'getMarketId():(string)').returns([
    ethereum.Value.fromString('Aave Ethereum Market'),
  ]);
  createMockedFunction(POOL, 'POOL_REVISION', 'POOL_REVISION():(uint256)').returns([
    ethereum.Value.fromUnsignedBigInt(BigInt.fromI32(1)),
  ]);
  createMockedFunction(ORACLE, 'BASE_CURRENCY_UNIT', 'BASE_CURRENCY_UNIT():(uint256)').returns([
    ethereum.Value.fromUnsignedBigInt(BigInt.fromI32(100000000)),
  ]);
  handleProxyCreated(proxyCreated(ID_POOL, POOL, 10, 1000));
  handleProxyCreated(proxyCreated(ID_POOL_CONFIGURATOR, CONFIGURATOR, 10, 1000));
  let o = changetype<PriceOracleUpdated>(mockEvent(PAP, 11, 1100));
  pAddr(o, 'oldAddress', ZERO);
  pAddr(o, 'newAddress', ORACLE);
  handlePriceOracleUpdated(o);
}

export function reserveInitialized(
  asset: Address,
  aToken: Address,
  sToken: Address,
  vToken: Address,
  block: i32,
  ts: i32,
): ReserveInitialized {
  let e = changetype<ReserveInitialized>(mockEvent(CONFIGURATOR, block, ts));
  pAddr(e, 'asset', asset);
  pAddr(e, 'aToken', aToken);
  pAddr(e, 'stableDebtToken', sToken);
  pAddr(e, 'variableDebtToken', vToken);
  pAddr(e, 'interestRateStrategyAddress', STRATEGY);
  return e;
}

export function collateralConfig(
  asset: Address,
  ltv: i32,
  lt: i32,
  bonus: i32,
  block: i32,
  ts: i32,
): CollateralConfigurationChanged {
  let e = changetype<CollateralConfigurationChanged>(mockEvent(CONFIGURATOR, block, ts));
  pAddr(e, 'asset', asset);
  pUint(e, 'ltv', BigInt.fromI32(ltv));
  pUint(e, 'liquidationThreshold', BigInt.fromI32(lt));
  pUint(e, 'liquidationBonus', BigInt.fromI32(bonus));
  return e;
}

/** Initialises USDC (6 decimals, $1) and WETH (18 decimals, $2000) through the real handlers. */
export function setupMarkets(network: string = 'mainnet'): void {
  setupProtocol();
  // optimal usage 90%, base 0, slopes 4% and 60%
  mockStrategy(
    STRATEGY,
    '900000000000000000000000000',
    '0',
    '40000000000000000000000000',
    '600000000000000000000000000',
  );
  mockErc20(USDC, 'USDC', 'USD Coin', 6);
  mockErc20(A_USDC, 'aEthUSDC', 'Aave Ethereum USDC', 6);
  mockErc20(S_USDC, 'stableDebtEthUSDC', 'Aave Ethereum Stable Debt USDC', 6);
  mockErc20(V_USDC, 'variableDebtEthUSDC', 'Aave Ethereum Variable Debt USDC', 6);
  mockSource(USDC, SRC_USDC, AGG_USDC);
  mockPrice(USDC, USDC_PRICE);
  mockErc20(WETH, 'WETH', 'Wrapped Ether', 18);
  mockErc20(A_WETH, 'aEthWETH', 'Aave Ethereum WETH', 18);
  mockErc20(S_WETH, 'stableDebtEthWETH', 'Aave Ethereum Stable Debt WETH', 18);
  mockErc20(V_WETH, 'variableDebtEthWETH', 'Aave Ethereum Variable Debt WETH', 18);
  mockSource(WETH, SRC_WETH, AGG_WETH);
  mockPrice(WETH, WETH_PRICE);
  asConfigurator(network);
  handleReserveInitialized(reserveInitialized(USDC, A_USDC, S_USDC, V_USDC, 20, 2000));
  handleReserveInitialized(reserveInitialized(WETH, A_WETH, S_WETH, V_WETH, 20, 2000));
  handleCollateralConfigurationChanged(collateralConfig(USDC, 7700, 8000, 10500, 21, 2100));
  handleCollateralConfigurationChanged(collateralConfig(WETH, 8000, 8250, 10500, 21, 2100));
}

export function reserveDataUpdated(
  asset: Address,
  liquidityIndex: BigInt,
  variableBorrowIndex: BigInt,
  block: i32,
  ts: i32,
): ReserveDataUpdated {
  let e = changetype<ReserveDataUpdated>(mockEvent(POOL, block, ts));
  pAddr(e, 'reserve', asset);
  pUint(e, 'liquidityRate', bi('30000000000000000000000000'));
  pUint(e, 'stableBorrowRate', bi('0'));
  pUint(e, 'variableBorrowRate', bi('50000000000000000000000000'));
  pUint(e, 'liquidityIndex', liquidityIndex);
  pUint(e, 'variableBorrowIndex', variableBorrowIndex);
  return e;
}

export function setIndexes(
  asset: Address,
  liquidityIndex: BigInt,
  variableBorrowIndex: BigInt,
  block: i32,
  ts: i32,
): void {
  asPool();
  handleReserveDataUpdated(
    reserveDataUpdated(asset, liquidityIndex, variableBorrowIndex, block, ts),
  );
}

/** Entity id string of account ++ market (Position). */
export function positionId(account: Address, market: Address): string {
  return account.concat(market).toHexString();
}

/** A token event with the (a, b, value, balanceIncrease, index) shape of Mint and Burn. */
export function scaledEvent(
  token: Address,
  a: Address,
  b: Address,
  value: BigInt,
  balanceIncrease: BigInt,
  index: BigInt,
  block: i32,
): ethereum.Event {
  let e = mockEvent(token, block, block * 100);
  pAddr(e, 'a', a);
  pAddr(e, 'b', b);
  pUint(e, 'value', value);
  pUint(e, 'balanceIncrease', balanceIncrease);
  pUint(e, 'index', index);
  return e;
}
