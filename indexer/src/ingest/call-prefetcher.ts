// Predicted eth_calls, fetched before the handlers ask: per (data source, handler) the calls
// its last run made are assumed to repeat. A block's predictions are fetched in one batch before
// its triggers run, and those of the next blocks with logs are kept in flight meanwhile, so
// their round trips overlap this block's handlers. A wrong prediction costs one call; a missing
// one falls back to the handler's NeedsAsync re-run.
import type { EthBlock, Hex } from '../internal/types.ts';
import type { CallCache } from '../chain/call-cache.ts';
import type { RawBlock, RawLog } from '../chain/convert.ts';
import { blockTriggers, type DataSourceInstance, type Trigger } from './triggers.ts';

/** eth_call requests as handlers make them (block aside) */
export type CallRequest = { address: Hex; data: Hex };

/** What the prefetcher reads of the range being indexed. */
export interface RangeBlocks {
  logs: Map<number, RawLog[]>;
  blocks: Map<number, { raw: RawBlock; full: boolean }>;
}

/** blocks whose predicted eth_calls are fetched ahead of the one running (at least half of
 * them in flight), and how many are requested together when they run low */
const CALLS_AHEAD = 4;
const CALLS_AHEAD_BATCH = 12;

export class CallPrefetcher {
  /** per (data source, handler): the eth_calls its last run made */
  private readonly predicted = new Map<string, CallRequest[]>();
  /** predicted eth_calls of the range's next blocks, fetched while earlier blocks run */
  private readonly ahead = new Map<number, Promise<void>>();
  /** the range's blocks with logs, sorted (recomputed when the range is patched) */
  private logBlocks: { range: RangeBlocks; size: number; list: number[] } | null = null;

  constructor(private readonly calls: CallCache) {}

  /** A new range: fetches still in flight for the previous one are not waited for. */
  newRange(): void {
    this.ahead.clear();
  }

  /**
   * Before block n's triggers run: keeps the next blocks' predictions in flight, waits for
   * n's own (fetched ahead, or now), and fetches what its triggers predict beyond them.
   */
  async beforeBlock(
    n: number,
    range: RangeBlocks,
    dss: DataSourceInstance[],
    triggers: Trigger[],
    block: EthBlock,
  ): Promise<void> {
    const ahead = this.ahead.get(n);
    this.ahead.delete(n);
    this.fetchAhead(n, range, dss);
    if (ahead) await ahead;
    const reqs = this.predictionsOf(triggers);
    if (reqs.length) await this.calls.prefetch(block, reqs);
  }

  /** The calls a trigger's handler made this run: the prediction for its next run. */
  record(t: Trigger, made: CallRequest[]): void {
    this.predicted.set(predictKey(t), dedupCalls(made));
  }

  /**
   * When fewer than CALLS_AHEAD blocks with logs after n are requested, requests the next
   * CALLS_AHEAD_BATCH together (one JSON-RPC batch, see call-batcher.ts).
   */
  private fetchAhead(n: number, range: RangeBlocks, dss: DataSourceInstance[]): void {
    let lb = this.logBlocks;
    if (!lb || lb.range !== range || lb.size !== range.logs.size) {
      lb = this.logBlocks = {
        range,
        size: range.logs.size,
        list: [...range.logs.keys()].sort((a, b) => a - b),
      };
    }
    const list = lb.list;
    let lo = 0,
      hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]! <= n) lo = mid + 1;
      else hi = mid;
    }
    let inFlight = 0;
    for (let i = lo; i < Math.min(list.length, lo + CALLS_AHEAD); i++)
      if (this.ahead.has(list[i]!)) inFlight++;
    if (inFlight >= CALLS_AHEAD / 2) return;
    for (let i = lo; i < Math.min(list.length, lo + CALLS_AHEAD_BATCH); i++) {
      const m = list[i]!;
      const blk = range.blocks.get(m);
      if (this.ahead.has(m) || !blk?.full) continue;
      const reqs = this.predictionsOf(blockTriggers(m, range.logs.get(m)!, dss));
      if (!reqs.length) continue;
      const p = this.calls.prefetch(
        { number: BigInt(blk.raw.number), hash: blk.raw.hash.toLowerCase() as Hex },
        reqs,
      );
      p.catch(() => {}); // awaited (and its error thrown) when block m is processed
      this.ahead.set(m, p);
    }
  }

  private predictionsOf(triggers: Trigger[]): CallRequest[] {
    const reqs: CallRequest[] = [];
    for (const t of triggers) {
      const p = this.predicted.get(predictKey(t));
      if (p) reqs.push(...p);
    }
    return reqs;
  }
}

const predictKey = (t: Trigger) => `${t.ds.name}|${t.ds.address}|${t.handler.handler}`;

function dedupCalls(xs: CallRequest[]): CallRequest[] {
  const seen = new Set<string>();
  return xs.filter((x) => {
    const k = `${x.address}:${x.data}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
