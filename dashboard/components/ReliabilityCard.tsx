// The predictor's live reliability on /risk: per decile of the predicted 1-day probability of
// liquidation, the mean forecast against the share of those borrowers a Liquidation named in
// the next 24 h, with the number of forecasts per decile; beside it the scores against the base
// rate and the HF < 1.1 rule. Server component over lib/history/reliability.ts's figures.
import { LineBarChart, PALETTE } from '@/components/Chart';
import { Card, DataState } from '@/components/ui';
import { fmtDay, fmtInt, fmtPct } from '@/lib/format';
import type { Loaded } from '@/lib/data/last-good';
import type { HistoryView } from '@/lib/history/view';

const score = (x: { brier: number; logLoss: number }) =>
  `Brier ${x.brier.toFixed(3)} · log loss ${x.logLoss.toFixed(3)}`;

export function ReliabilityCard({ history }: { history: Loaded<HistoryView> }) {
  const r = history.data?.reliability;
  const s = history.data?.series;
  return (
    <Card
      title="Prediction reliability (live)"
      id="reliability"
      subtitle="Each day's P(liquidation 24h) per borrower, made from data up to that day's last block, against the liquidations of the next 24 hours"
    >
      <DataState
        error={history.error}
        stale={history.stale}
        fetchedAt={history.fetchedAt}
        what="reliability"
      />
      {r && r.forecasts ? (
        <>
          <LineBarChart
            testId="chart-reliability"
            kind="bar"
            height={240}
            yFormat="pct"
            y1Format="int"
            labels={r.reliability.map((b) => `${b.from * 100}–${b.to * 100}%`)}
            series={[
              {
                label: 'Realised share liquidated',
                data: r.reliability.map((b) => b.realisedRate),
                color: '#ef4444',
              },
              {
                label: 'Mean predicted',
                type: 'line',
                data: r.reliability.map((b) => b.meanPredicted),
                color: PALETTE[0],
              },
              {
                label: 'Forecasts',
                type: 'line',
                yAxis: 'y1',
                dashed: true,
                data: r.reliability.map((b) => b.count),
                color: PALETTE[8],
              },
            ]}
          />
          <p className="muted small" data-reliability-basis>
            Rests on {fmtInt(r.forecasts)} forecasts over {fmtInt(r.days)} day
            {r.days === 1 ? '' : 's'}
            {r.firstBlock && r.lastBlock
              ? ` (${fmtDay(r.firstBlock.timestamp)} – ${fmtDay(r.lastBlock.timestamp)})`
              : ''}
            , {fmtInt(r.liquidated)} liquidated (base rate {fmtPct(r.baseRate)}). Model:{' '}
            {score(r.model)}; base rate: {score(r.baseRateForecast)}; HF &lt; {r.hfRule.threshold}{' '}
            rule: {score(r.hfRule)}.
          </p>
        </>
      ) : history.data ? (
        <p className="muted">
          No day is scored yet: a day&apos;s forecasts are scored once its next 24 hours are over
          {s && !s.complete ? `, and ${s.pointsDone} of ${s.pointsTotal} days are computed` : ''}.
        </p>
      ) : null}
    </Card>
  );
}
