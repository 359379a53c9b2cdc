// Risk over time per network: the periods of a request → the block at each period's end
// (periods.ts, block-search.ts) → the figures of the book at that block (figures.ts), computed
// in the background one point at a time and kept per (network, block hash). A past point is
// immutable: a reorg near the head gives the period another block hash, hence a new point; the
// block a period resolves to is kept once it is FINAL_DEPTH blocks below the head. History books
// get contexts of their own, dropped after use (the head LRU of lib/risk/service.ts never sees
// them). A request waits at most `waitMs` and reports the points done so far.
import { RiskContext } from '@/lib/risk/service';
import { atRiskThreshold } from '@/lib/config';
import { PREDICT_HISTORY_HOURS } from '@/lib/data/predictions';
import { observationsOf, type PricePointRow } from '@/lib/predict/prices-from-subgraph';
import {
  periodRanges,
  requestedPeriods,
  type Interval,
  type PeriodRange,
} from '@/lib/history/periods';
import { lastBlockAtOrBefore, type BlockRef } from '@/lib/history/block-search';
import { historyFigures, type HistoryFigures, type PointForecast } from '@/lib/history/figures';
import type { HistorySource } from '@/lib/history/source';

/** Blocks this far below the head are taken as final (no reorg reaches them). */
export const FINAL_DEPTH = 64;
const MAX_POINTS = 20_000;
/** concurrent index-node lookups while resolving periods */
const RESOLVE_CONCURRENCY = 4;

export interface ComputedPoint {
  block: BlockRef;
  figures: HistoryFigures;
  forecasts: PointForecast[];
}

export interface HistoryPoint extends HistoryFigures {
  /** first and last second of the period (UTC hour or day) */
  start: number;
  end: number;
  /** the book's block: the last block of the period (the head while the period runs) */
  block: BlockRef;
  carried: boolean;
  partial: boolean;
}

export interface HistorySeries {
  interval: Interval;
  head: BlockRef;
  /** true when every requested point is computed */
  complete: boolean;
  pointsDone: number;
  pointsTotal: number;
  /** why the background computation stopped, when it did */
  error: string | null;
  points: HistoryPoint[];
  /** every resolved period, done or not (for the reliability score and tests) */
  resolved: Array<{ range: PeriodRange; block: BlockRef; point: ComputedPoint | undefined }>;
}

const computed = new Map<string, ComputedPoint>();
const resolvedBlocks = new Map<string, BlockRef>();

/** The background worker and price rows of one network. */
class NetworkHistory {
  private queue = new Map<string, BlockRef>();
  private running: Promise<void> | null = null;
  private prices: { rows: PricePointRow[]; head: BlockRef; from: number } | null = null;
  lastError: string | null = null;

  constructor(readonly source: HistorySource) {}

  enqueue(blocks: BlockRef[]): void {
    for (const b of blocks) if (!computed.has(this.key(b))) this.queue.set(this.key(b), b);
    if (this.queue.size && !this.running) {
      this.lastError = null;
      this.running = this.work().finally(() => (this.running = null));
    }
  }

  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  key(b: BlockRef): string {
    return `${this.source.network}|${b.hash.toLowerCase()}`;
  }

  private async work(): Promise<void> {
    // oldest first, so a growing series fills from the left
    while (this.queue.size) {
      const [key, block] = [...this.queue].sort((a, b) => a[1].number - b[1].number)[0];
      try {
        computed.set(key, await this.compute(block));
        while (computed.size > MAX_POINTS) computed.delete(computed.keys().next().value!);
      } catch (e) {
        this.lastError = `point at block ${block.number} (${block.hash}): ${(e as Error).message}`;
        this.queue.clear();
        return;
      }
      this.queue.delete(key);
      await new Promise((r) => setImmediate(r)); // let requests in between points
    }
  }

  private async compute(block: BlockRef): Promise<ComputedPoint> {
    const ctx = new RiskContext(await this.source.book(block.hash));
    const rows = await this.priceRows(block);
    const prices = observationsOf(ctx.book, rows, PREDICT_HISTORY_HOURS);
    return { block, ...historyFigures(ctx, atRiskThreshold(), prices) };
  }

  /** PricePoints read once at a head; read again when a point lies above it. */
  private async priceRows(block: BlockRef): Promise<PricePointRow[]> {
    const from = block.timestamp - (PREDICT_HISTORY_HOURS + 1) * 3600;
    if (!this.prices || block.number > this.prices.head.number || from < this.prices.from) {
      const head = await this.source.head();
      const start = Math.min(from, this.prices?.from ?? from);
      this.prices = { rows: await this.source.pricePoints(start, head), head, from: start };
    }
    return this.prices.rows;
  }
}

const networks = new Map<string, NetworkHistory>();

function historyOfSource(source: HistorySource): NetworkHistory {
  let h = networks.get(source.network);
  if (!h || h.source !== source) networks.set(source.network, (h = new NetworkHistory(source)));
  return h;
}

async function mapLimited<T, R>(xs: T[], limit: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(xs.length);
  let next = 0;
  const run = async () => {
    while (next < xs.length) {
      const i = next++;
      out[i] = await f(xs[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, xs.length) }, run));
  return out;
}

/** The block at the end of each period: the head for the running period, else the search. */
async function resolve(
  source: HistorySource,
  interval: Interval,
  ranges: PeriodRange[],
  head: BlockRef,
): Promise<Array<{ range: PeriodRange; block: BlockRef }>> {
  const probe = async (n: number) => (n === head.number ? head : source.block(n));
  const found = await mapLimited(ranges, RESOLVE_CONCURRENCY, async (range) => {
    if (range.partial) return { range, block: head };
    const key = `${source.network}|${interval}|${range.period}|${range.lowest}|${range.highest}`;
    const hit = resolvedBlocks.get(key);
    if (hit) return { range, block: hit };
    const lowest = await probe(range.lowest);
    if (!lowest) return null; // a snapshot's block the index-node no longer has
    const block = await lastBlockAtOrBefore(probe, lowest, range.highest, range.end);
    if (range.highest < head.number - FINAL_DEPTH) resolvedBlocks.set(key, block);
    return { range, block };
  });
  return found.filter((x): x is { range: PeriodRange; block: BlockRef } => x !== null);
}

/** The series of `interval` over [from, to] (unix seconds; defaults in periods.ts). */
export async function historySeries(
  source: HistorySource,
  interval: Interval,
  opts: { from?: number; to?: number; waitMs?: number } = {},
): Promise<HistorySeries> {
  const head = await source.head();
  const firstSnapshot = await source.firstPeriod(interval, head);
  const { first, last } = requestedPeriods(
    interval,
    head.timestamp,
    firstSnapshot,
    opts.from,
    opts.to,
  );
  const rows = first <= last ? await source.snapshotBlocks(interval, first, last, head) : [];
  const ranges = first <= last ? periodRanges(interval, first, last, rows, head) : [];
  const blocks = await resolve(source, interval, ranges, head);
  const worker = historyOfSource(source);
  worker.enqueue(blocks.map((b) => b.block));
  if (opts.waitMs) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([worker.idle(), new Promise((r) => (timer = setTimeout(r, opts.waitMs)))]);
    clearTimeout(timer);
  }
  const resolved = blocks.map((b) => ({ ...b, point: computed.get(worker.key(b.block)) }));
  const points = resolved
    .filter((r) => r.point)
    .map(({ range, block, point }) => ({
      start: range.start,
      end: range.end,
      block,
      carried: range.carried,
      partial: range.partial,
      ...point!.figures,
    }));
  return {
    interval,
    head,
    complete: points.length === resolved.length,
    pointsDone: points.length,
    pointsTotal: resolved.length,
    error: worker.lastError,
    points,
    resolved,
  };
}

/** Tests: forget every computed point and resolved block. */
export function clearHistoryCache(): void {
  computed.clear();
  resolvedBlocks.clear();
  networks.clear();
}
