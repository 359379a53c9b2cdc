// Port of subgraph/src/oracle.ts and price-feed.ts: price sources, base currency, and
// AnswerUpdated → one AaveOracle.getAssetPrice eth_call per token using that aggregator.
//
// graph-node semantics kept: the subgraph follows the AaveOracle from the provider's
// PriceOracleUpdated, and a data source created in block N also runs on block N's earlier events
// of that contract, after the block's other triggers (our indexer does the same re-scan). The devnet
// deploys the oracle (constructor: AssetSourceUpdated × n, BaseCurrencySet) in the block that
// registers it. Ponder runs a listed contract's events in log order, so such events arriving while
// no oracle is registered are kept (pending_oracle_event) and run when the provider registers this
// oracle in the same block (lib/oracle-pending.ts, called from src/provider.ts).
import { ponder } from 'ponder:registry';
import { pendingOracleEvent, priceFeed as PriceFeed, token as Token } from 'ponder:schema';
import { type Ctx, type Ev, contextProtocol, eventId, load, lower, put, recordChange, saveProtocol } from '../lib/entities.ts';
import { onAssetSourceUpdated, onBaseCurrencySet } from '../lib/oracle-handlers.ts';
import { refreshTokenPrice } from '../lib/prices.ts';

async function pendingOr(ctx: Ctx, e: any, kind: string, run: () => Promise<void>) {
  const protocol = await contextProtocol(ctx, e);
  if (protocol.oracle === null) {
    await ctx.db.insert(pendingOracleEvent).values({
      id: eventId(e), oracle: lower(e.log.address), kind, args: JSON.parse(JSON.stringify(e.args, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))),
      blockNumber: e.block.number, timestamp: e.block.timestamp, txHash: e.transaction.hash, logIndex: e.log.logIndex,
    });
    return;
  }
  await run();
}
ponder.on('AaveOracle:AssetSourceUpdated', ({ event: e, context: ctx }: any) => pendingOr(ctx, e, 'AssetSourceUpdated', () => onAssetSourceUpdated(ctx, e)));
ponder.on('AaveOracle:BaseCurrencySet', ({ event: e, context: ctx }: any) => pendingOr(ctx, e, 'BaseCurrencySet', () => onBaseCurrencySet(ctx, e)));

ponder.on('AaveOracle:FallbackOracleUpdated', async ({ event: e, context: ctx }: any) => {
  await recordChange(ctx, e, null, null, 'fallbackOracle', null, lower(e.args.fallbackOracle));
});

// The subgraph's PriceFeed template (created per aggregator in trackPriceSource): here AnswerUpdated
// of any address, handled only for aggregators with a PriceFeed row.
ponder.on('PriceFeed:AnswerUpdated', async ({ event: e, context: ctx }: any) => {
  const feed = await load(ctx, PriceFeed, lower(e.log.address));
  if (!feed) return;
  const protocol = await contextProtocol(ctx, e);
  feed.lastAnswer = e.args.current;
  feed.lastUpdateBlock = e.block.number;
  feed.lastUpdateTimestamp = e.block.timestamp;
  await put(ctx, PriceFeed, feed);
  for (const id of feed.tokens) {
    const token = await load(ctx, Token, id);
    if (!token || token.priceAggregator === null || token.priceAggregator !== feed.id) continue;
    await refreshTokenPrice(ctx, token, protocol, e as Ev, 'FEED_UPDATE');
  }
  await saveProtocol(ctx, protocol, e);
});
