'use client';
// chart.js via react-chartjs-2; registers only the pieces used (line, bar, doughnut). Data and
// options come from chart-config.ts (pure, tested).
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  DoughnutController,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartOptions,
  type Plugin,
} from 'chart.js';
import { useEffect, useMemo, useState } from 'react';
import { Chart } from 'react-chartjs-2';
import {
  fmtValue,
  lineBarData,
  lineBarOptions,
  PALETTE,
  type LineBarSpec,
  type Series,
  type XFormat,
  type YFormat,
} from '@/lib/chart-config';

ChartJS.register(
  LineController,
  BarController,
  DoughnutController,
  LineElement,
  BarElement,
  ArcElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Tooltip,
  Legend,
  Filler,
);

export { PALETTE, SERIES_COLORS, type Series, type YFormat } from '@/lib/chart-config';

const firstDraw: Plugin = {
  id: 'crFirstDraw',
  afterRender(chart) {
    const el = chart.canvas;
    if (el && !el.dataset.drawn) {
      el.dataset.drawn = '1';
      if (
        typeof performance !== 'undefined' &&
        !performance.getEntriesByName('cr-first-chart').length
      )
        performance.mark('cr-first-chart');
    }
  },
};

function useThemeColors() {
  const [c, setC] = useState({ text: '#475569', grid: 'rgba(100,116,139,0.15)' });
  useEffect(() => {
    const read = () => {
      const s = getComputedStyle(document.documentElement);
      setC({
        text: s.getPropertyValue('--muted').trim() || '#475569',
        grid: s.getPropertyValue('--grid').trim() || 'rgba(100,116,139,0.15)',
      });
    };
    read();
    const mo = new MutationObserver(read);
    mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => mo.disconnect();
  }, []);
  return c;
}

export function LineBarChart({
  kind = 'line',
  labels,
  series,
  yFormat = 'usd',
  y1Format,
  stacked = false,
  height = 260,
  xTitle,
  yTitle,
  xType = 'category',
  xFormat,
  testId,
}: {
  kind?: 'line' | 'bar';
  labels: Array<string | number>;
  series: Series[];
  yFormat?: YFormat;
  y1Format?: YFormat;
  stacked?: boolean;
  height?: number;
  xTitle?: string;
  yTitle?: string;
  /** 'linear': numeric labels placed at their values (uneven steps keep their spacing) */
  xType?: 'category' | 'linear';
  xFormat?: XFormat;
  testId?: string;
}) {
  const colors = useThemeColors();
  const spec: LineBarSpec = {
    kind,
    labels,
    series,
    yFormat,
    y1Format,
    stacked,
    xType,
    xFormat,
    xTitle,
    yTitle,
  };
  const data = useMemo(() => lineBarData(spec), [labels, series, kind, stacked, xType, xFormat]);
  const options = useMemo<ChartOptions>(
    () => lineBarOptions(spec, colors),
    [colors, labels, series.length, stacked, yFormat, y1Format, xTitle, yTitle, xType, xFormat],
  );
  return (
    <div className="chart" style={{ height }} data-testid={testId}>
      <Chart type={kind} data={data as never} options={options as never} plugins={[firstDraw]} />
    </div>
  );
}

export function DoughnutChart({
  labels,
  values,
  format = 'usd',
  height = 240,
  testId,
}: {
  labels: string[];
  values: number[];
  format?: YFormat;
  height?: number;
  testId?: string;
}) {
  const colors = useThemeColors();
  const data = useMemo(
    () => ({
      labels,
      datasets: [
        {
          data: values,
          backgroundColor: labels.map((_, i) => PALETTE[i % PALETTE.length]),
          borderWidth: 0,
        },
      ],
    }),
    [labels, values],
  );
  const total = values.reduce((a, b) => a + b, 0);
  const options = useMemo<ChartOptions<'doughnut'>>(
    () => ({
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      cutout: '62%',
      plugins: {
        legend: {
          position: 'right',
          labels: { color: colors.text, boxWidth: 10, boxHeight: 10, usePointStyle: true },
        },
        tooltip: {
          callbacks: {
            label: (ctx) =>
              `${ctx.label}: ${fmtValue(Number(ctx.parsed), format)} (${total ? ((Number(ctx.parsed) / total) * 100).toFixed(1) : 0}%)`,
          },
        },
      },
    }),
    [colors, format, total],
  );
  return (
    <div className="chart" style={{ height }} data-testid={testId}>
      <Chart
        type="doughnut"
        data={data}
        options={options}
        plugins={[firstDraw as Plugin<'doughnut'>]}
      />
    </div>
  );
}
