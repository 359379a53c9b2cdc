// The risk history as the API and the pages read it: the series (series.ts) with, for days, the
// predictor's live reliability over the distinct blocks of its finished points; and the chart
// shaping of a series (pure). Pages read it under the last-good policy and wait at most
// PAGE_WAIT_MS for points still being computed.
import { lastGood, type Loaded } from '@/lib/data/last-good';
import { fmtDay, fmtTime } from '@/lib/format';
import type { Interval } from '@/lib/history/periods';
import { historySeries, type HistorySeries } from '@/lib/history/series';
import type { BlockRef } from '@/lib/history/block-search';
import type { PointForecast } from '@/lib/history/figures';
import {
  liveReliability,
  RELIABILITY_HORIZON_SECONDS,
  type LiveReliability,
} from '@/lib/history/reliability';
import { networkHistorySource, type HistorySource } from '@/lib/history/source';

export const PAGE_WAIT_MS = 1_500;

/** The finished daily points' forecasts, one entry per block, against the later liquidations. */
export async function reliabilityOf(
  source: HistorySource,
  s: HistorySeries,
): Promise<LiveReliability> {
  // a carried day repeats the forecast of the same block: each block's forecasts count once
  const byHash = new Map<string, { block: BlockRef; forecasts: PointForecast[] }>();
  for (const r of s.resolved)
    if (r.point && !r.range.partial)
      byHash.set(r.block.hash, { block: r.block, forecasts: r.point.forecasts });
  const scored = [...byHash.values()];
  const since = scored[0]?.block.timestamp;
  const liquidations =
    since === undefined || since + RELIABILITY_HORIZON_SECONDS > s.head.timestamp
      ? []
      : await source.liquidations(since, s.head);
  return liveReliability(scored, liquidations, s.head);
}

export interface HistoryView {
  series: HistorySeries;
  reliability: LiveReliability | null;
}

/** The page's read: the series of `interval` and, for days, its reliability. */
export function riskHistory(
  network: string,
  interval: Interval,
  withReliability = false,
): Promise<Loaded<HistoryView>> {
  return lastGood(
    `history|${network}|${interval}|${withReliability}`,
    async () => {
      const source = networkHistorySource(network);
      const series = await historySeries(source, interval, { waitMs: PAGE_WAIT_MS });
      const reliability = withReliability ? await reliabilityOf(source, series) : null;
      return { series, reliability };
    },
    'Risk history',
  );
}

/** A period's x label from its first second: "Dec 4" for days, "12-04 13:00" (UTC) for hours. */
export const pointLabel = (interval: Interval, start: number) =>
  interval === 'day' ? fmtDay(start) : fmtTime(start).slice(5, 16);

/** "42 of 192 points computed", or null when complete. */
export function progressNote(s: HistorySeries): string | null {
  if (s.complete) return null;
  return `${s.pointsDone} of ${s.pointsTotal} points computed so far; the rest are being computed in the background (reload to see them).`;
}
