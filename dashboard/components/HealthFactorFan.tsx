'use client';
// One borrower's HF fan: the 5/25/50/75/95th percentiles of its health factor at each hour of the
// horizon over the simulated price paths, with the liquidation line at 1.
import { LineBarChart, PALETTE, type Series } from '@/components/Chart';
import type { HealthFactorFan } from '@/lib/predict/predict';

export function HealthFactorFanChart({ fan }: { fan: HealthFactorFan }) {
  const hours = fan.bands[0].map((_, h) => h);
  const band = (k: number, label: string, dashed = false): Series => ({
    label,
    data: fan.bands[k],
    color: PALETTE[0],
    dashed,
    pointRadius: 0,
  });
  const series: Series[] = [
    band(4, '95th percentile', true),
    band(3, '75th'),
    { ...band(2, 'Median'), color: PALETTE[2] },
    band(1, '25th'),
    band(0, '5th percentile', true),
    {
      label: 'Liquidation (HF 1)',
      data: hours.map(() => 1),
      color: '#dc2626',
      dashed: true,
      pointRadius: 0,
    },
  ];
  return (
    <LineBarChart
      testId="chart-hf-fan"
      labels={hours}
      series={series}
      xType="linear"
      xTitle="hours ahead"
      yFormat="num"
      yTitle="health factor"
      height={260}
    />
  );
}
