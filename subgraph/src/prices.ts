// Prices: what AaveOracle returns at the block. One eth_call (getAssetPrice) when an asset's
// source changes (AssetSourceUpdated, or a new market / new oracle) and when the aggregator
// behind the source reports (AnswerUpdated) — never per user event.
import { Address, BigInt, Bytes, DataSourceContext, ethereum, log } from '@graphprotocol/graph-ts';
import { Market, PriceFeed, PricePoint, Protocol, Token } from '../generated/schema';
import { AaveOracle } from '../generated/templates/Pool/AaveOracle';
import { PriceAdapter } from '../generated/templates/Pool/PriceAdapter';
import { PriceFeed as PriceFeedTemplate } from '../generated/templates';
import { BI_ZERO, CTX_PROTOCOL, ZERO_ADDRESS } from './constants';
import { eventId, saveMarket } from './entities';
import { toDecimal } from './math';
import { recordChangeFor } from './risk';

/** Reads AaveOracle.getAssetPrice(asset) once; null when there is no oracle or it reverts. */
export function readOraclePrice(protocol: Protocol, asset: Address): BigInt | null {
  if (protocol.oracle === null) return null;
  let oracle = AaveOracle.bind(Address.fromBytes(protocol.oracle!));
  let r = oracle.try_getAssetPrice(asset);
  if (r.reverted) {
    log.warning('AaveOracle.getAssetPrice reverted for {}', [asset.toHexString()]);
    return null;
  }
  return r.value;
}

/** Stores a new price on the token (+ PricePoint) and re-values its market. */
export function setTokenPrice(
  token: Token,
  price: BigInt,
  protocol: Protocol,
  event: ethereum.Event,
  trigger: string,
): void {
  token.lastPriceBase = price;
  token.lastPriceUSD = protocol.baseCurrencyUnit.isZero()
    ? toDecimal(price, 8)
    : price.toBigDecimal().div(protocol.baseCurrencyUnit.toBigDecimal());
  token.lastPriceBlock = event.block.number;
  token.lastPriceTimestamp = event.block.timestamp;
  token.save();

  let pp = new PricePoint(eventId(event).concat(token.id));
  pp.token = token.id;
  pp.priceBase = price;
  pp.priceUSD = token.lastPriceUSD;
  pp.trigger = trigger;
  pp.blockNumber = event.block.number;
  pp.timestamp = event.block.timestamp;
  pp.save();

  let market = Market.load(token.id);
  if (market !== null) saveMarket(market, protocol, event);
}

/** eth_call + setTokenPrice. */
export function refreshTokenPrice(
  token: Token,
  protocol: Protocol,
  event: ethereum.Event,
  trigger: string,
): void {
  let price = readOraclePrice(protocol, Address.fromBytes(token.id));
  if (price === null) return;
  setTokenPrice(token, price!, protocol, event, trigger);
}

/**
 * The aggregator whose AnswerUpdated moves this source: a Chainlink EACAggregatorProxy's
 * aggregator(); for adapters (CAPO, synchronicity adapters) the base feed they wrap, then its
 * aggregator(); a source with latestAnswer() but none of these is watched itself (a bare
 * aggregator). The zero address when the source answers nothing.
 */
export function resolveAggregator(source: Address): Address {
  let c = PriceAdapter.bind(source);
  let agg = c.try_aggregator();
  if (!agg.reverted && agg.value.notEqual(ZERO_ADDRESS)) return agg.value;
  let inner: Address = ZERO_ADDRESS;
  let r1 = c.try_BASE_TO_USD_AGGREGATOR();
  if (!r1.reverted) inner = r1.value;
  if (inner.equals(ZERO_ADDRESS)) {
    let r2 = c.try_ASSET_TO_USD_AGGREGATOR();
    if (!r2.reverted) inner = r2.value;
  }
  if (inner.equals(ZERO_ADDRESS)) {
    let r3 = c.try_PEG_TO_BASE();
    if (!r3.reverted) inner = r3.value;
  }
  if (inner.equals(ZERO_ADDRESS)) {
    let r4 = c.try_ETH_TO_USD();
    if (!r4.reverted) inner = r4.value;
  }
  if (inner.equals(ZERO_ADDRESS)) {
    let r5 = c.try_ETH_TO_BASE();
    if (!r5.reverted) inner = r5.value;
  }
  if (inner.equals(ZERO_ADDRESS)) {
    // A bare aggregator registered directly as the source (no proxy): it emits AnswerUpdated
    // itself. Adapters with an answer but no events are watched harmlessly.
    let answer = c.try_latestAnswer();
    return answer.reverted ? ZERO_ADDRESS : source;
  }
  let a2 = PriceAdapter.bind(inner).try_aggregator();
  if (!a2.reverted && a2.value.notEqual(ZERO_ADDRESS)) return a2.value;
  return inner;
}

function removeFromFeed(aggregator: Address, token: Token): void {
  let feed = PriceFeed.load(aggregator);
  if (feed === null) return;
  let kept = new Array<Bytes>(0);
  let tokens = feed.tokens;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].notEqual(token.id)) kept.push(tokens[i]);
  }
  feed.tokens = kept;
  feed.save();
}

/**
 * Records `source` as the token's AaveOracle source, follows the aggregator behind it (PriceFeed
 * entity + template, created once per aggregator) and reads the price once.
 */
export function trackPriceSource(
  token: Token,
  source: Address,
  protocol: Protocol,
  event: ethereum.Event,
): void {
  let oldSource = token.priceSource;
  if (token.priceAggregator !== null)
    removeFromFeed(Address.fromBytes(token.priceAggregator!), token);
  token.priceSource = source;
  token.priceAggregator = null;
  let aggregator = source.equals(ZERO_ADDRESS) ? ZERO_ADDRESS : resolveAggregator(source);
  if (aggregator.notEqual(ZERO_ADDRESS)) {
    let feed = PriceFeed.load(aggregator);
    if (feed === null) {
      feed = new PriceFeed(aggregator);
      feed.tokens = [];
      feed.lastAnswer = BI_ZERO;
      feed.lastUpdateBlock = event.block.number;
      feed.lastUpdateTimestamp = event.block.timestamp;
      let ctx = new DataSourceContext();
      ctx.setBytes(CTX_PROTOCOL, protocol.id);
      PriceFeedTemplate.createWithContext(aggregator, ctx);
    }
    feed.proxy = source;
    let tokens = feed.tokens;
    let present = false;
    for (let i = 0; i < tokens.length; i++) if (tokens[i].equals(token.id)) present = true;
    if (!present) tokens.push(token.id);
    feed.tokens = tokens;
    feed.save();
    token.priceAggregator = aggregator;
  }
  token.save();
  let market = Market.load(token.id);
  recordChangeFor(
    event,
    market === null ? null : market.id,
    null,
    'priceSource',
    oldSource === null ? null : oldSource.toHexString(),
    source.toHexString(),
    token.id,
  );
  refreshTokenPrice(token, protocol, event, 'SOURCE_CHANGE');
}
