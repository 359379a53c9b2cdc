// "Risk over time" on /risk: the history's series at the end of each hour (last 7 days) or day
// (whole history), the interval in the URL (`?history=hour|day`). Server component: it only
// arranges the view of lib/history/view.ts in charts.
import Link from 'next/link';
import { LineBarChart, PALETTE } from '@/components/Chart';
import { Card, DataState } from '@/components/ui';
import { fmtInt } from '@/lib/format';
import { withNet, type SP } from '@/lib/data/page';
import type { Loaded } from '@/lib/data/last-good';
import type { Interval } from '@/lib/history/periods';
import { pointLabel, progressNote, type HistoryView } from '@/lib/history/view';
import type { HistoryFigures } from '@/lib/history/figures';

export function RiskHistoryCard({
  history,
  interval,
  sp,
}: {
  history: Loaded<HistoryView>;
  interval: Interval;
  sp: SP;
}) {
  const s = history.data?.series;
  const points = s?.points ?? [];
  // every period of the request, a gap where its point is still being computed
  const rows = (s?.resolved ?? []).map((r) => ({ start: r.range.start, f: r.point?.figures }));
  const labels = rows.map((r) => pointLabel(interval, r.start));
  const of = (get: (f: HistoryFigures) => number | null | undefined) =>
    rows.map((r) => (r.f ? (get(r.f) ?? null) : null));
  const note = s ? progressNote(s) : null;
  const seg = (
    <div className="seg" role="group" aria-label="History interval">
      {(['hour', 'day'] as const).map((k) => (
        <Link
          key={k}
          href={withNet(`/risk?history=${k}`, sp)}
          className={k === interval ? 'active' : ''}
          prefetch={false}
        >
          {k === 'hour' ? 'Hourly · 7 days' : 'Daily · all'}
        </Link>
      ))}
    </div>
  );
  return (
    <Card
      title="Risk over time"
      id="history"
      right={seg}
      subtitle={`The book at the last block of each ${interval}, recomputed with the exact math; the running ${interval} shows the latest block`}
    >
      <DataState
        error={history.error ?? s?.error ?? null}
        stale={history.stale}
        fetchedAt={history.fetchedAt}
        what="risk history"
      />
      {note ? (
        <p className="muted small" data-history-progress>
          {note}
        </p>
      ) : null}
      {points.length ? (
        <div className="cols-3" data-history-points={points.length}>
          <LineBarChart
            testId="chart-history-accounts"
            height={220}
            yFormat="int"
            labels={labels}
            series={[
              { label: 'At risk', data: of((p) => p.atRisk), color: PALETTE[2] },
              { label: 'Liquidatable', data: of((p) => p.liquidatable), color: '#ef4444' },
              { label: 'Insolvent', data: of((p) => p.insolvent), color: '#7f1d1d' },
            ]}
          />
          <LineBarChart
            testId="chart-history-usd"
            height={220}
            labels={labels}
            series={[
              {
                label: 'Collateral at risk −10%',
                data: of((p) => p.collateralAtRiskUSD.drop10),
                color: PALETTE[0],
              },
              {
                label: '−20%',
                data: of((p) => p.collateralAtRiskUSD.drop20),
                color: PALETTE[4],
              },
              {
                label: '−30%',
                data: of((p) => p.collateralAtRiskUSD.drop30),
                color: PALETTE[5],
              },
              { label: 'Bad debt', data: of((p) => p.badDebtUSD), color: '#ef4444' },
              {
                label: 'Predicted 1-day new bad debt p99',
                data: of((p) => p.newBadDebt1dP99USD),
                color: '#7f1d1d',
                dashed: true,
              },
            ]}
          />
          <LineBarChart
            testId="chart-history-hf"
            height={220}
            yFormat="num"
            labels={labels}
            series={[
              { label: 'HF p5', data: of((p) => p.healthFactor?.p5 ?? null) },
              { label: 'p25', data: of((p) => p.healthFactor?.p25 ?? null) },
              { label: 'p50', data: of((p) => p.healthFactor?.p50 ?? null) },
            ]}
          />
        </div>
      ) : s ? (
        <p className="muted">No point computed yet.</p>
      ) : null}
      {s && points.length ? (
        <p className="muted small">
          {fmtInt(points.length)} points, blocks {fmtInt(points[0].block.number)}–
          {fmtInt(points.at(-1)!.block.number)}. Collateral at risk: every non-stablecoin asset
          falls together. HF percentiles over the borrowers (nearest rank). The prediction uses the
          oracle prices up to each block only.
        </p>
      ) : null}
    </Card>
  );
}
