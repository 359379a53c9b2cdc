// Active data sources and the triggers of one block, in graph-node's order
// (chain/ethereum/src/trigger.rs `impl Ord for EthereumTrigger` + runner):
//   1. `once` block handlers (BlockTriggerType::Start) first,
//   2. events by log index (call handlers would sit between logs by transaction index,
//      after the events of the same transaction; call handlers are refused up front),
//   3. block handlers without filter / with `polling` (BlockTriggerType::End) last.
// For each trigger, data sources run in creation order (manifest order, then templates in the
// order they were instantiated); a data source runs every handler matching the log, and at
// most one handler per block trigger type (graph-node's `find`).
import type { DataSourceTemplate, EventHandler, BlockHandler } from '../manifest/types.ts';
import type { EntityData, Hex } from '../internal/types.ts';
import type { RawLog } from '../chain/convert.ts';
import type { LogQuery } from '../chain/log-query.ts';

export interface DataSourceInstance {
  name: string;
  /** template name when created from a template */
  template?: string;
  address: Hex | null;
  /** first block this data source sees (startBlock, or the creation block for templates) */
  startBlock: number;
  endBlock: number | null;
  context: EntityData | null;
  spec: DataSourceTemplate;
  /** creation sequence (static sources first); decides the order within a trigger */
  seq: number;
}

export type Trigger =
  | { kind: 'log'; log: RawLog; logIndex: number; ds: DataSourceInstance; handler: EventHandler }
  | { kind: 'block'; type: 'start' | 'end'; ds: DataSourceInstance; handler: BlockHandler };

export const activeAt = (ds: DataSourceInstance, n: number) =>
  n >= ds.startBlock && (ds.endBlock === null || n <= ds.endBlock);

export function matchesLog(ds: DataSourceInstance, log: RawLog): EventHandler[] {
  if (ds.address !== null && ds.address !== log.address.toLowerCase()) return [];
  const t = log.topics.map((x) => x.toLowerCase());
  return ds.spec.mapping.eventHandlers.filter(
    (h) =>
      h.topic0 === t[0] &&
      (!h.topic1 || h.topic1.includes(t[1] as Hex)) &&
      (!h.topic2 || h.topic2.includes(t[2] as Hex)) &&
      (!h.topic3 || h.topic3.includes(t[3] as Hex)),
  );
}

/** graph-node's handler_for_block: Start → a `once` handler at startBlock; End → first unfiltered or due polling handler. */
export function blockHandlerFor(
  ds: DataSourceInstance,
  type: 'start' | 'end',
  n: number,
): BlockHandler | null {
  for (const h of ds.spec.mapping.blockHandlers) {
    const f = h.filter;
    if (type === 'start') {
      if (f?.kind === 'once' && n === ds.startBlock) return h;
    } else if (f === null) return h;
    else if (f.kind === 'polling' && n >= ds.startBlock && (n - ds.startBlock) % f.every === 0)
      return h;
  }
  return null;
}

export function hasBlockTrigger(ds: DataSourceInstance, n: number): boolean {
  return (
    activeAt(ds, n) &&
    (blockHandlerFor(ds, 'start', n) !== null || blockHandlerFor(ds, 'end', n) !== null)
  );
}

/** True when some handler needs a trigger in every block (unfiltered block handler). */
export function needsEveryBlock(dss: DataSourceInstance[]): boolean {
  return dss.some((d) => d.spec.mapping.blockHandlers.some((h) => h.filter === null));
}

/** The ordered triggers of block n for the given data sources (logs sorted by log index). */
export function blockTriggers(n: number, logs: RawLog[], dss: DataSourceInstance[]): Trigger[] {
  const active = dss.filter((d) => activeAt(d, n)).sort((a, b) => a.seq - b.seq);
  const out: Trigger[] = [];
  for (const ds of active) {
    const h = blockHandlerFor(ds, 'start', n);
    if (h) out.push({ kind: 'block', type: 'start', ds, handler: h });
  }
  const sorted = [...logs].sort((a, b) => Number(BigInt(a.logIndex) - BigInt(b.logIndex)));
  for (const log of sorted) {
    for (const ds of active) {
      for (const handler of matchesLog(ds, log))
        out.push({ kind: 'log', log, logIndex: Number(BigInt(log.logIndex)), ds, handler });
    }
  }
  for (const ds of active) {
    const h = blockHandlerFor(ds, 'end', n);
    if (h) out.push({ kind: 'block', type: 'end', ds, handler: h });
  }
  return out;
}

/**
 * eth_getLogs queries covering the data sources: one query for all addressed sources (every
 * topic0 they listen to), one per address-less source.
 */
export function logQueries(dss: DataSourceInstance[]): LogQuery[] {
  const addressed = dss.filter((d) => d.address !== null && d.spec.mapping.eventHandlers.length);
  const out: LogQuery[] = [];
  if (addressed.length) {
    out.push({
      addresses: [...new Set(addressed.map((d) => d.address!))].sort(),
      topics0: [
        ...new Set(addressed.flatMap((d) => d.spec.mapping.eventHandlers.map((h) => h.topic0))),
      ].sort(),
    });
  }
  for (const d of dss) {
    if (d.address === null && d.spec.mapping.eventHandlers.length)
      out.push({
        addresses: null,
        topics0: [...new Set(d.spec.mapping.eventHandlers.map((h) => h.topic0))],
      });
  }
  return out;
}
