'use client';
// chart.js via react-chartjs-2; registers only the pieces used (line, bar, doughnut).
import {
  ArcElement, BarController, BarElement, CategoryScale, Chart as ChartJS, DoughnutController, Filler, Legend,
  LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartOptions, type Plugin,
} from 'chart.js';
import { useEffect, useMemo, useState } from 'react';
import { Chart } from 'react-chartjs-2';
import { fmtCompact, fmtPct, fmtPctAuto, fmtUSD } from '@/lib/format';

ChartJS.register(LineController, BarController, DoughnutController, LineElement, BarElement, ArcElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend, Filler);

export const PALETTE = ['#4f6df5', '#14b8a6', '#f59e0b', '#ef4444', '#8b5cf6', '#0ea5e9', '#84cc16', '#ec4899', '#64748b', '#f97316'];

export type YFormat = 'usd' | 'pct' | 'pct100' | 'int' | 'num';

export interface Series { label: string; data: Array<number | null>; color?: string; fill?: boolean; dashed?: boolean; type?: 'line' | 'bar'; yAxis?: 'y' | 'y1' }

const firstDraw: Plugin = {
  id: 'crFirstDraw',
  afterRender(chart) {
    const el = chart.canvas;
    if (el && !el.dataset.drawn) {
      el.dataset.drawn = '1';
      if (typeof performance !== 'undefined' && !performance.getEntriesByName('cr-first-chart').length) performance.mark('cr-first-chart');
    }
  },
};

function fmt(v: number, f: YFormat, tick = false): string {
  switch (f) {
    case 'usd': return fmtUSD(v, 1);
    case 'pct': return tick ? fmtPctAuto(v) : fmtPct(v, 2);
    case 'pct100': return tick ? fmtPctAuto(v / 100) : `${v.toFixed(2)}%`;
    case 'int': return fmtCompact(v, 0);
    default: return fmtCompact(v, 2);
  }
}

function useThemeColors() {
  const [c, setC] = useState({ text: '#475569', grid: 'rgba(100,116,139,0.15)' });
  useEffect(() => {
    const read = () => {
      const s = getComputedStyle(document.documentElement);
      setC({ text: s.getPropertyValue('--muted').trim() || '#475569', grid: s.getPropertyValue('--grid').trim() || 'rgba(100,116,139,0.15)' });
    };
    read();
    const mo = new MutationObserver(read);
    mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => mo.disconnect();
  }, []);
  return c;
}

export function LineBarChart({ kind = 'line', labels, series, yFormat = 'usd', y1Format, stacked = false, height = 260, xTitle, yTitle, testId }: {
  kind?: 'line' | 'bar'; labels: Array<string | number>; series: Series[]; yFormat?: YFormat; y1Format?: YFormat; stacked?: boolean; height?: number; xTitle?: string; yTitle?: string; testId?: string;
}) {
  const colors = useThemeColors();
  const data = useMemo(() => ({
    labels,
    datasets: series.map((s, i) => {
      const color = s.color ?? PALETTE[i % PALETTE.length];
      const t = s.type ?? kind;
      return {
        type: t,
        label: s.label,
        data: s.data,
        borderColor: color,
        backgroundColor: t === 'bar' ? color + 'cc' : color + '22',
        fill: s.fill ?? false,
        borderWidth: t === 'bar' ? 0 : 2,
        borderDash: s.dashed ? [5, 4] : undefined,
        pointRadius: 0,
        pointHoverRadius: 4,
        tension: 0.25,
        borderRadius: t === 'bar' ? 3 : 0,
        yAxisID: s.yAxis ?? 'y',
        stack: stacked ? 'a' : undefined,
      };
    }),
  }), [labels, series, kind, stacked]);
  const options = useMemo<ChartOptions>(() => ({
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: 'index', intersect: false },
    plugins: {
      legend: { display: series.length > 1, position: 'bottom', labels: { color: colors.text, boxWidth: 10, boxHeight: 10, usePointStyle: true } },
      tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${fmt(Number(ctx.parsed.y), ctx.dataset.yAxisID === 'y1' && y1Format ? y1Format : yFormat)}` } },
    },
    scales: {
      x: { stacked, grid: { display: false }, ticks: { color: colors.text, maxRotation: 0, autoSkipPadding: 16 }, title: { display: !!xTitle, text: xTitle, color: colors.text } },
      y: { stacked, beginAtZero: true, grid: { color: colors.grid }, border: { display: false }, ticks: { color: colors.text, precision: yFormat === 'int' ? 0 : undefined, callback: (v) => fmt(Number(v), yFormat, true) }, title: { display: !!yTitle, text: yTitle, color: colors.text } },
      ...(y1Format ? { y1: { position: 'right' as const, beginAtZero: true, grid: { display: false }, ticks: { color: colors.text, precision: y1Format === 'int' ? 0 : undefined, callback: (v: string | number) => fmt(Number(v), y1Format, true) } } } : {}),
    },
  }), [colors, series.length, stacked, yFormat, y1Format, xTitle, yTitle]);
  return (
    <div className="chart" style={{ height }} data-testid={testId}>
      <Chart type={kind} data={data as never} options={options as never} plugins={[firstDraw]} />
    </div>
  );
}

export function DoughnutChart({ labels, values, format = 'usd', height = 240, testId }: { labels: string[]; values: number[]; format?: YFormat; height?: number; testId?: string }) {
  const colors = useThemeColors();
  const data = useMemo(() => ({ labels, datasets: [{ data: values, backgroundColor: labels.map((_, i) => PALETTE[i % PALETTE.length]), borderWidth: 0 }] }), [labels, values]);
  const total = values.reduce((a, b) => a + b, 0);
  const options = useMemo<ChartOptions<'doughnut'>>(() => ({
    responsive: true, maintainAspectRatio: false, animation: false, cutout: '62%',
    plugins: {
      legend: { position: 'right', labels: { color: colors.text, boxWidth: 10, boxHeight: 10, usePointStyle: true } },
      tooltip: { callbacks: { label: (ctx) => `${ctx.label}: ${fmt(Number(ctx.parsed), format)} (${total ? ((Number(ctx.parsed) / total) * 100).toFixed(1) : 0}%)` } },
    },
  }), [colors, format, total]);
  return (
    <div className="chart" style={{ height }} data-testid={testId}>
      <Chart type="doughnut" data={data} options={options} plugins={[firstDraw as Plugin<'doughnut'>]} />
    </div>
  );
}
