// What the risk history reads, as one narrow port (so its tests run on hand-made blocks), and
// that port over a graph-node endpoint: the head, the snapshots' block numbers per period, past
// blocks pinned through the index-node, the book at a block hash, PricePoints and Liquidations.
import { sharedClient, type SubgraphClient } from '@/lib/subgraph-client';
import { getNetwork } from '@/lib/config';
import { UnknownNetworkError } from '@/lib/risk/service';
import { loadBook } from '@/lib/risk/book-from-subgraph';
import type { Book } from '@/lib/risk/types';
import { blockHashAt, BlockNotPinned, type IndexNode } from '@/lib/alerts/snapshot';
import { loadPricePoints, type PricePointRow } from '@/lib/predict/prices-from-subgraph';
import type { Interval, SnapshotBlock } from '@/lib/history/periods';
import type { BlockRef } from '@/lib/history/block-search';

export interface LiquidationRow {
  account: string;
  blockNumber: number;
  timestamp: number;
}

export interface HistorySource {
  network: string;
  head(): Promise<BlockRef>;
  /** the first period with a snapshot, or undefined when none is indexed */
  firstPeriod(interval: Interval, head: BlockRef): Promise<number | undefined>;
  /** per snapshot written in periods [first, last] and the one before: its block number */
  snapshotBlocks(
    interval: Interval,
    first: number,
    last: number,
    head: BlockRef,
  ): Promise<SnapshotBlock[]>;
  /** a past block by number, null when it cannot be pinned */
  block(blockNumber: number): Promise<BlockRef | null>;
  book(hash: string): Promise<Book>;
  /** PricePoints after `fromTimestamp`, read at the head */
  pricePoints(fromTimestamp: number, head: BlockRef): Promise<PricePointRow[]>;
  /** Liquidations after `fromTimestamp`, read at the head */
  liquidations(fromTimestamp: number, head: BlockRef): Promise<LiquidationRow[]>;
}

export class HistoryUnavailable extends Error {}

const COLLECTION: Record<Interval, [string, string]> = {
  hour: ['marketHourlySnapshots', 'hour'],
  day: ['marketDailySnapshots', 'day'],
};

export function subgraphHistorySource(
  network: string,
  client: SubgraphClient,
  indexNode: IndexNode | undefined,
): HistorySource {
  const at = (head: BlockRef) => `block: { hash: ${JSON.stringify(head.hash)} }`;
  return {
    network,
    head: () => client.meta(),
    async firstPeriod(interval, head) {
      const [collection, field] = COLLECTION[interval];
      const d = await client.query<Record<string, Array<Record<string, number>>>>(
        `{ s: ${collection}(first: 1, orderBy: ${field}, orderDirection: asc, ${at(head)}) { ${field} } }`,
      );
      return d.s[0]?.[field];
    },
    async snapshotBlocks(interval, first, last, head) {
      const [collection, field] = COLLECTION[interval];
      // one period before `first` too: the state a first period without writes carries
      const rows = await client.pageAll<
        { id: string; blockNumber: string } & Record<string, number>
      >(collection, `id ${field} blockNumber`, head.hash, {
        where: `${field}_gte: ${first - 1}, ${field}_lte: ${last}`,
      });
      const out = rows.map((r) => ({
        period: Number(r[field]),
        blockNumber: Number(r.blockNumber),
      }));
      // a first period without writes carries the last snapshot before it, however old
      if (!out.some((r) => r.period < first)) {
        const d = await client.query<Record<string, Array<Record<string, string | number>>>>(
          `{ s: ${collection}(first: 1, orderBy: ${field}, orderDirection: desc, where: { ${field}_lt: ${first} }, ${at(head)}) { ${field} blockNumber } }`,
        );
        const r = d.s[0];
        if (r) out.push({ period: Number(r[field]), blockNumber: Number(r.blockNumber) });
      }
      return out;
    },
    async block(blockNumber) {
      let hash: string | null;
      try {
        hash = await blockHashAt(client, blockNumber, indexNode);
      } catch (e) {
        if (e instanceof BlockNotPinned)
          throw new HistoryUnavailable(
            `the risk history of ${network} pins past blocks through the index-node: ${e.message}`,
          );
        throw e;
      }
      return hash ? client.meta(hash) : null;
    },
    book: (hash) => loadBook(client, network, { blockHash: hash }),
    pricePoints: (fromTimestamp, head) => loadPricePoints(client, head.hash, fromTimestamp),
    async liquidations(fromTimestamp, head) {
      const rows = await client.pageAll<{
        id: string;
        blockNumber: string;
        timestamp: string;
        account: { id: string };
      }>('liquidations', 'id blockNumber timestamp account { id }', head.hash, {
        where: `timestamp_gt: ${JSON.stringify(String(fromTimestamp))}`,
      });
      return rows.map((r) => ({
        account: r.account.id.toLowerCase(),
        blockNumber: Number(r.blockNumber),
        timestamp: Number(r.timestamp),
      }));
    },
  };
}

const sources = new Map<string, HistorySource>();

/** The history source of a configured network (one per network for the process). */
export function networkHistorySource(name: string | null | undefined): HistorySource {
  const primed = name ? sources.get(name) : undefined;
  if (primed) return primed;
  const net = getNetwork(name);
  if (!net) throw new UnknownNetworkError(`unknown network "${name}"`);
  let s = sources.get(net.name);
  if (!s) {
    const indexNode = net.statusUrl ? { client: sharedClient(net.statusUrl) } : undefined;
    s = subgraphHistorySource(net.name, sharedClient(net.subgraphUrl), indexNode);
    sources.set(net.name, s);
  }
  return s;
}

/** Tests: serve a network's history from this source. */
export function primeHistorySource(source: HistorySource): void {
  sources.set(source.network, source);
}
