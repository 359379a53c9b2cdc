// Port of subgraph/src/prices.ts: one AaveOracle.getAssetPrice eth_call when a source changes or
// its aggregator reports (AnswerUpdated), never per user event.
import { market as Market, priceFeed as PriceFeed, pricePoint, token as Token } from 'ponder:schema';
import { AaveOracle, PriceAdapter } from './abis.ts';
import { fmt, ratio } from './dec.ts';
import { type Ctx, type Ev, type Hex, type Row, ZERO_ADDRESS, concat, eventId, load, lower, put, recordChange, saveMarket, tryCall } from './entities.ts';

export async function readOraclePrice(ctx: Ctx, protocol: Row, asset: Hex): Promise<bigint | null> {
  if (protocol.oracle === null) return null;
  return tryCall(ctx, AaveOracle, protocol.oracle, 'getAssetPrice', [asset]);
}

export async function setTokenPrice(ctx: Ctx, token: Row, price: bigint, protocol: Row, e: Ev, trigger: string): Promise<void> {
  token.lastPriceBase = price;
  token.lastPriceUSD = fmt(ratio(price, protocol.baseCurrencyUnit === 0n ? 10n ** 8n : protocol.baseCurrencyUnit));
  token.lastPriceBlock = e.block.number;
  token.lastPriceTimestamp = e.block.timestamp;
  await put(ctx, Token, token);
  await ctx.db.insert(pricePoint).values({
    id: concat(eventId(e), token.id), token: token.id, priceBase: price, priceUSD: token.lastPriceUSD, trigger, blockNumber: e.block.number, timestamp: e.block.timestamp,
  });
  const market = await load(ctx, Market, token.id);
  if (market) await saveMarket(ctx, market, protocol, e);
}

export async function refreshTokenPrice(ctx: Ctx, token: Row, protocol: Row, e: Ev, trigger: string): Promise<void> {
  const price = await readOraclePrice(ctx, protocol, token.id);
  if (price === null) return;
  await setTokenPrice(ctx, token, price, protocol, e, trigger);
}

const addr = async (ctx: Ctx, source: string, fn: string): Promise<Hex> => lower((await tryCall(ctx, PriceAdapter, source, fn)) ?? ZERO_ADDRESS);

/** The aggregator whose AnswerUpdated moves this source (proxy → aggregator(); adapters → the base feed). */
export async function resolveAggregator(ctx: Ctx, source: Hex): Promise<Hex> {
  const agg = await addr(ctx, source, 'aggregator');
  if (agg !== ZERO_ADDRESS) return agg;
  let inner: Hex = ZERO_ADDRESS;
  for (const fn of ['BASE_TO_USD_AGGREGATOR', 'ASSET_TO_USD_AGGREGATOR', 'PEG_TO_BASE', 'ETH_TO_USD', 'ETH_TO_BASE']) {
    inner = await addr(ctx, source, fn);
    if (inner !== ZERO_ADDRESS) break;
  }
  if (inner === ZERO_ADDRESS) {
    const answer = await tryCall(ctx, PriceAdapter, source, 'latestAnswer');
    return answer === null ? ZERO_ADDRESS : source;
  }
  const a2 = await addr(ctx, inner, 'aggregator');
  return a2 !== ZERO_ADDRESS ? a2 : inner;
}

async function removeFromFeed(ctx: Ctx, aggregator: Hex, token: Row): Promise<void> {
  const feed = await load(ctx, PriceFeed, aggregator);
  if (!feed) return;
  feed.tokens = feed.tokens.filter((t: string) => t !== token.id);
  await put(ctx, PriceFeed, feed);
}

/** Records the token's AaveOracle source, follows the aggregator behind it (PriceFeed row) and reads the price once. */
export async function trackPriceSource(ctx: Ctx, token: Row, source: Hex, protocol: Row, e: Ev): Promise<void> {
  source = lower(source);
  const oldSource = token.priceSource;
  if (token.priceAggregator !== null) await removeFromFeed(ctx, token.priceAggregator, token);
  token.priceSource = source;
  token.priceAggregator = null;
  const aggregator = source === ZERO_ADDRESS ? ZERO_ADDRESS : await resolveAggregator(ctx, source);
  if (aggregator !== ZERO_ADDRESS) {
    // The subgraph creates a PriceFeed template here; the peer subscribes to AnswerUpdated of any
    // address and handles only aggregators with a PriceFeed row (src/oracle.ts).
    const feed = (await load(ctx, PriceFeed, aggregator)) ?? { id: aggregator, tokens: [], lastAnswer: 0n, lastUpdateBlock: e.block.number, lastUpdateTimestamp: e.block.timestamp };
    feed.proxy = source;
    if (!feed.tokens.includes(token.id)) feed.tokens = [...feed.tokens, token.id];
    await put(ctx, PriceFeed, feed);
    token.priceAggregator = aggregator;
  }
  await put(ctx, Token, token);
  const market = await load(ctx, Market, token.id);
  await recordChange(ctx, e, market ? market.id : null, null, 'priceSource', oldSource, source, token.id);
  await refreshTokenPrice(ctx, token, protocol, e, 'SOURCE_CHANGE');
}
