// AaveOracle handlers (subgraph/src/oracle.ts), callable for a live event or a pending one.
import { pendingOracleEvent } from 'ponder:schema';
import { type Ctx, contextProtocol, getOrCreateToken, lower, recordChange, saveProtocol } from './entities.ts';
import { trackPriceSource } from './prices.ts';

export async function onAssetSourceUpdated(ctx: Ctx, e: any): Promise<void> {
  const protocol = await contextProtocol(ctx, e);
  // an oracle that has been replaced keeps emitting; only the current one prices the market
  if (protocol.oracle === null || protocol.oracle !== lower(e.log.address)) return;
  const token = await getOrCreateToken(ctx, lower(e.args.asset), 'UNDERLYING');
  await trackPriceSource(ctx, token, e.args.source, protocol, e);
  await saveProtocol(ctx, protocol, e);
}

export async function onBaseCurrencySet(ctx: Ctx, e: any): Promise<void> {
  const protocol = await contextProtocol(ctx, e);
  if (protocol.oracle === null || protocol.oracle !== lower(e.log.address)) return;
  const unit = BigInt(e.args.baseCurrencyUnit);
  if (unit !== 0n) {
    await recordChange(ctx, e, null, null, 'baseCurrencyUnit', protocol.baseCurrencyUnit.toString(), unit.toString());
    protocol.baseCurrencyUnit = unit;
  }
  await saveProtocol(ctx, protocol, e);
}

/** Runs the oracle's events kept from this block (log order), after the provider registered it; drops the rest. */
export async function runPendingOracleEvents(ctx: Ctx, oracle: string, block: { number: bigint; timestamp: bigint }): Promise<void> {
  const rows: any[] = await ctx.db.sql.select().from(pendingOracleEvent);
  rows.sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1));
  for (const r of rows) {
    await ctx.db.delete(pendingOracleEvent, { id: r.id });
    if (r.oracle !== oracle || BigInt(r.blockNumber) !== block.number) continue;
    const e = { args: r.args, block: { number: BigInt(r.blockNumber), timestamp: BigInt(r.timestamp) }, transaction: { hash: r.txHash }, log: { logIndex: r.logIndex, address: r.oracle } };
    if (r.kind === 'AssetSourceUpdated') await onAssetSourceUpdated(ctx, e);
    else await onBaseCurrencySet(ctx, e);
  }
}
