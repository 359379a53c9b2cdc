// PoolConfigurator: reserve initialisation (markets, tokens, token templates), dropped reserves,
// token implementation upgrades and the protocol-level fees, for every version 3.0.0–3.7. The
// reserve risk parameters and e-mode are in configurator-parameters.ts and configurator-e-mode.ts.
// A RiskParameterChange is written for each parameter whose value actually changes.
import { readStrategyModel } from './rate-strategy';
import { Address, DataSourceContext, dataSource } from '@graphprotocol/graph-ts';
import {
  ATokenUpgraded,
  BridgeProtocolFeeUpdated,
  FlashloanPremiumToProtocolUpdated,
  FlashloanPremiumTotalUpdated,
  ReserveDropped,
  ReserveInitialized,
  StableDebtTokenUpgraded,
  VariableDebtTokenUpgraded,
} from '../generated/templates/PoolConfigurator/PoolConfigurator';
import { AaveOracle as AaveOracleContract } from '../generated/templates/PoolConfigurator/AaveOracle';
import { AToken as ATokenContract } from '../generated/templates/PoolConfigurator/AToken';
import { VariableDebtToken as VariableDebtTokenContract } from '../generated/templates/PoolConfigurator/VariableDebtToken';
import { AToken, StableDebtToken, VariableDebtToken } from '../generated/templates';
import { Market, Protocol, Token } from '../generated/schema';
import {
  CTX_PROTOCOL,
  CTX_UNDERLYING,
  KIND_ATOKEN,
  KIND_STABLE_DEBT,
  KIND_UNDERLYING,
  KIND_VARIABLE_DEBT,
  ZERO_ADDRESS,
  launchedOn300,
} from './constants';
import {
  contextProtocol,
  getOrCreateToken,
  newMarket,
  saveMarket,
  saveMarketAndProtocol,
  saveProtocol,
} from './entities';
import { seedPoolsOfListedAsset } from './dex-seed';
import { trackPriceSource } from './prices';
import { recordChange, setMarketBool } from './risk';

/** ATOKEN_REVISION (>= 4: Aave 3.5 rounding); 0 when unreadable. */
function aTokenRevision(token: Address): i32 {
  let r = ATokenContract.bind(token).try_ATOKEN_REVISION();
  return r.reverted ? 0 : r.value.toI32();
}

/** DEBT_TOKEN_REVISION of a variable debt token; 0 when unreadable. */
function debtTokenRevision(token: Address): i32 {
  let r = VariableDebtTokenContract.bind(token).try_DEBT_TOKEN_REVISION();
  return r.reverted ? 0 : r.value.toI32();
}

// ---------------------------------------------------------------- reserve lifecycle

/**
 * The reserve id PoolLogic.executeInitReserve assigns: the first slot below reservesCount left
 * empty by a dropped reserve, else reservesCount (which then grows). Protocol.marketCount mirrors
 * Pool.getReservesCount() (slots, dropped ones included).
 */
function nextReserveId(protocol: Protocol): i32 {
  let count = protocol.marketCount;
  let markets = protocol.markets.load();
  let used = new Array<bool>(count);
  for (let i = 0; i < count; i++) used[i] = false;
  for (let i = 0; i < markets.length; i++) {
    let m = markets[i];
    if (!m.isDropped && m.reserveId >= 0 && m.reserveId < count) used[m.reserveId] = true;
  }
  for (let i = 0; i < count; i++) if (!used[i]) return i;
  protocol.marketCount = count + 1;
  return count;
}

export function handleReserveInitialized(event: ReserveInitialized): void {
  let protocol = contextProtocol(event);
  let asset = event.params.asset;
  let market = newMarket(asset, protocol, event);

  let underlying = getOrCreateToken(asset, KIND_UNDERLYING);
  underlying.market = asset;
  market.symbol = underlying.symbol;
  market.name = underlying.name;
  market.decimals = underlying.decimals;

  let aToken = getOrCreateToken(event.params.aToken, KIND_ATOKEN);
  aToken.market = asset;
  aToken.balanceTransferScaled =
    !launchedOn300(dataSource.network()) || protocol.poolUpgradedBlock !== null;
  aToken.revision = aTokenRevision(event.params.aToken);
  let vToken = getOrCreateToken(event.params.variableDebtToken, KIND_VARIABLE_DEBT);
  vToken.market = asset;
  vToken.revision = debtTokenRevision(event.params.variableDebtToken);
  market.aToken = aToken.id;
  market.variableDebtToken = vToken.id;

  let ctx = new DataSourceContext();
  ctx.setBytes(CTX_PROTOCOL, protocol.id);
  ctx.setBytes(CTX_UNDERLYING, asset);
  AToken.createWithContext(event.params.aToken, ctx);
  VariableDebtToken.createWithContext(event.params.variableDebtToken, ctx);
  if (event.params.stableDebtToken.notEqual(ZERO_ADDRESS)) {
    let sToken = getOrCreateToken(event.params.stableDebtToken, KIND_STABLE_DEBT);
    sToken.market = asset;
    sToken.save();
    market.stableDebtToken = sToken.id;
    StableDebtToken.createWithContext(event.params.stableDebtToken, ctx);
  }

  market.reserveId = nextReserveId(protocol);
  market.interestRateStrategy = event.params.interestRateStrategyAddress;
  readStrategyModel(market, event.params.interestRateStrategyAddress);
  recordChange(
    event,
    asset,
    null,
    'interestRateStrategy',
    null,
    event.params.interestRateStrategyAddress.toHexString(),
  );

  underlying.save();
  aToken.save();
  vToken.save();
  saveMarket(market, protocol, event);
  seedPoolsOfListedAsset(asset, event.block);

  // Price: the oracle's source for this asset was set before (often in the oracle's constructor,
  // before the oracle was followed); read it once now.
  if (underlying.priceSource === null && protocol.oracle !== null) {
    let src = AaveOracleContract.bind(Address.fromBytes(protocol.oracle!)).try_getSourceOfAsset(
      asset,
    );
    if (!src.reverted) trackPriceSource(underlying, src.value, protocol, event);
  }
  saveProtocol(protocol, event);
}

export function handleReserveDropped(event: ReserveDropped): void {
  let market = Market.load(event.params.asset);
  if (market === null) return;
  let protocol = contextProtocol(event);
  setMarketBool(event, market, 'isDropped', true, 'dropped');
  setMarketBool(event, market, 'isActive', false, 'active');
  saveMarketAndProtocol(market, protocol, event);
}

export function handleATokenUpgraded(event: ATokenUpgraded): void {
  let market = Market.load(event.params.asset);
  if (market === null) return;
  // Any implementation installed by an upgrade is 3.0.1+ : BalanceTransfer emits the scaled value.
  let t = Token.load(market.aToken);
  if (t !== null) {
    t.balanceTransferScaled = true;
    t.revision = aTokenRevision(Address.fromBytes(t.id));
    t.save();
  }
  recordChange(
    event,
    market.id,
    null,
    'aTokenImplementation',
    null,
    event.params.implementation.toHexString(),
  );
}

export function handleVariableDebtTokenUpgraded(event: VariableDebtTokenUpgraded): void {
  let market = Market.load(event.params.asset);
  if (market === null) return;
  let t = Token.load(market.variableDebtToken);
  if (t !== null) {
    t.revision = debtTokenRevision(Address.fromBytes(t.id));
    t.save();
  }
  recordChange(
    event,
    market.id,
    null,
    'variableDebtTokenImplementation',
    null,
    event.params.implementation.toHexString(),
  );
}

export function handleStableDebtTokenUpgraded(event: StableDebtTokenUpgraded): void {
  let market = Market.load(event.params.asset);
  if (market === null) return;
  recordChange(
    event,
    market.id,
    null,
    'stableDebtTokenImplementation',
    null,
    event.params.implementation.toHexString(),
  );
}

// ---------------------------------------------------------------- protocol-level

export function handleFlashloanPremiumTotalUpdated(event: FlashloanPremiumTotalUpdated): void {
  let protocol = contextProtocol(event);
  let v = event.params.newFlashloanPremiumTotal.toI32();
  recordChange(
    event,
    null,
    null,
    'flashLoanPremiumTotal',
    event.params.oldFlashloanPremiumTotal.toString(),
    v.toString(),
  );
  protocol.flashLoanPremiumTotal = v;
  saveProtocol(protocol, event);
}

export function handleFlashloanPremiumToProtocolUpdated(
  event: FlashloanPremiumToProtocolUpdated,
): void {
  let protocol = contextProtocol(event);
  let v = event.params.newFlashloanPremiumToProtocol.toI32();
  recordChange(
    event,
    null,
    null,
    'flashLoanPremiumToProtocol',
    event.params.oldFlashloanPremiumToProtocol.toString(),
    v.toString(),
  );
  protocol.flashLoanPremiumToProtocol = v;
  saveProtocol(protocol, event);
}

export function handleBridgeProtocolFeeUpdated(event: BridgeProtocolFeeUpdated): void {
  recordChange(
    event,
    null,
    null,
    'bridgeProtocolFee',
    event.params.oldBridgeProtocolFee.toString(),
    event.params.newBridgeProtocolFee.toString(),
  );
}
