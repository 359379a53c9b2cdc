'use client';
// The predicted 24-hour loss distribution: how many simulated paths end with each amount of
// liquidated debt and of new bad debt (the paths with none are counted apart, in the text).
import { LineBarChart } from '@/components/Chart';
import type { Histogram } from '@/lib/predict/predict';
import type { ProtocolOutlook } from '@/lib/data/predictions';
import { fmtInt, fmtUSD } from '@/lib/format';

function HistogramChart({ h, color, testId }: { h: Histogram; color: string; testId: string }) {
  const labels = h.counts.map((_, b) => `${fmtUSD(h.edges[b], 1)}–${fmtUSD(h.edges[b + 1], 1)}`);
  return (
    <LineBarChart
      testId={testId}
      kind="bar"
      height={200}
      labels={labels}
      series={[{ label: 'Paths', data: h.counts, color }]}
      yFormat="num"
      yTitle="paths"
    />
  );
}

export function LossDistribution({ outlook }: { outlook: ProtocolOutlook }) {
  const { paths, protocol: p } = outlook;
  const parts = [
    {
      title: 'Debt liquidated',
      h: p.distribution.liquidationVolumeUSD,
      q: p.liquidationVolumeUSD,
      tail: '',
      none: 'no liquidation',
      color: '#f59e0b',
      testId: 'chart-loss-volume',
    },
    {
      title: 'New bad debt',
      h: p.distribution.newBadDebtUSD,
      q: p.newBadDebtUSD,
      tail: ` · expected beyond 99% ${fmtUSD(p.newBadDebtUSD.es99)}`,
      none: 'no new bad debt',
      color: '#dc2626',
      testId: 'chart-loss-bad-debt',
    },
  ];
  return (
    <div className="cols-2">
      {parts.map((x) => (
        <div key={x.title} data-testid={x.testId + '-block'}>
          <h3 style={{ margin: '0 0 6px' }}>{x.title}</h3>
          <p className="muted small">
            median {fmtUSD(x.q.p50)} · 95% {fmtUSD(x.q.p95)} · 99% {fmtUSD(x.q.p99)}
            {x.tail}
          </p>
          {x.h.counts.length ? <HistogramChart h={x.h} color={x.color} testId={x.testId} /> : null}
          <p className="muted small">
            {fmtInt(x.h.zeroPaths)} of {fmtInt(paths)} paths: {x.none}
            {x.h.counts.length ? ' (not drawn)' : ''}.
          </p>
        </div>
      ))}
    </div>
  );
}
