// The periods of the risk history (UTC hours and days, indexed as the subgraph's snapshots are:
// timestamp / 3600, timestamp / 86400) and, per period, the block range its last block lies in.
// Pure: the snapshots' block numbers come in, ranges for the block search go out.
//
// Why the range is [lowest, highest] and not a snapshot block itself: MarketHourly/Daily-
// Snapshot.blockNumber is the block of the period's last write to a market (every Pool action,
// liquidation, parameter change and every AaveOracle price read goes through saveMarket), but a
// collateral toggle, an e-mode switch or an aToken transfer changes the book without a market
// write, and interest accrues to the block's own timestamp. So the state at the end of a period
// is the book at the period's last block, which lies at or after the period's last snapshot
// block (or the previous period's, carried) and before the next later snapshot block.

export type Interval = 'hour' | 'day';
export const PERIOD_SECONDS: Record<Interval, number> = { hour: 3600, day: 86400 };
/** the hourly series' default span: the last 7 days */
export const HOURLY_DEFAULT_PERIODS = 7 * 24;

/** The highest snapshot block of each period that has one. */
export interface SnapshotBlock {
  period: number;
  blockNumber: number;
}

export interface PeriodRange {
  period: number;
  /** first and last second of the period */
  start: number;
  end: number;
  /** no snapshot was written in the period: the point carries the previous state forward */
  carried: boolean;
  /** the period is not over at the head: its point is the head block */
  partial: boolean;
  /** a block of the period or before it that the search starts from (a snapshot block) */
  lowest: number;
  /** no block above it can be in the period (the next snapshot block − 1, or the head) */
  highest: number;
}

export const periodOf = (interval: Interval, timestamp: number) =>
  Math.floor(timestamp / PERIOD_SECONDS[interval]);

/**
 * The periods from `first` to `last` with the block range of each. Periods before the first
 * snapshot (nothing indexed yet) are left out. `rows` may come in any order.
 */
export function periodRanges(
  interval: Interval,
  first: number,
  last: number,
  rows: SnapshotBlock[],
  head: { number: number; timestamp: number },
): PeriodRange[] {
  const len = PERIOD_SECONDS[interval];
  const maxOf = new Map<number, number>();
  for (const r of rows)
    if (r.blockNumber <= head.number)
      maxOf.set(r.period, Math.max(maxOf.get(r.period) ?? 0, r.blockNumber));
  const written = [...maxOf.keys()].sort((a, b) => a - b);
  const out: PeriodRange[] = [];
  let w = 0; // written[w] is the first written period above the current one
  let lowest: number | undefined;
  for (const [p, b] of maxOf) if (p < first) lowest = Math.max(lowest ?? 0, b);
  for (let p = first; p <= last; p++) {
    while (w < written.length && written[w] <= p) w++;
    const own = maxOf.get(p);
    if (own !== undefined) lowest = Math.max(lowest ?? 0, own);
    if (lowest === undefined) continue;
    const start = p * len,
      end = start + len - 1;
    const next = w < written.length ? maxOf.get(written[w])! : undefined;
    out.push({
      period: p,
      start,
      end,
      carried: own === undefined,
      partial: end >= head.timestamp,
      lowest,
      highest: next === undefined ? head.number : next - 1,
    });
  }
  return out;
}

/**
 * The periods a request covers: those overlapping [from, to] (unix seconds), by default the
 * whole history for days (from the first snapshot's day) and the last 7 days for hours.
 */
export function requestedPeriods(
  interval: Interval,
  headTimestamp: number,
  firstSnapshotPeriod: number | undefined,
  from?: number,
  to?: number,
): { first: number; last: number } {
  const headPeriod = periodOf(interval, headTimestamp);
  const last = Math.min(headPeriod, to === undefined ? headPeriod : periodOf(interval, to));
  const byDefault =
    interval === 'hour' ? headPeriod - HOURLY_DEFAULT_PERIODS + 1 : (firstSnapshotPeriod ?? last);
  const first = from === undefined ? byDefault : periodOf(interval, from);
  return { first: Math.max(first, firstSnapshotPeriod ?? first), last };
}
