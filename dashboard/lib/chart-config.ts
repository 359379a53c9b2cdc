// chart.js data and options for the line/bar charts, as pure functions (no React, no canvas) so
// tests can check what is drawn: lines are straight between measured points (no smoothing), and
// a numeric x axis ('linear') places each point at its value, so uneven steps (0, 5 … 30, 40 …
// 90) keep their real spacing instead of sitting evenly on a category axis.
import type { ChartOptions } from 'chart.js';
import { fmtCompact, fmtDrop, fmtPct, fmtPctAuto, fmtUSD } from '@/lib/format';

export const PALETTE = [
  '#4f6df5',
  '#14b8a6',
  '#f59e0b',
  '#ef4444',
  '#8b5cf6',
  '#0ea5e9',
  '#84cc16',
  '#ec4899',
  '#64748b',
  '#f97316',
];

/** One colour per quantity wherever it is charted, so "Supplied" is never drawn in "Borrowed"'s colour. */
export const SERIES_COLORS = { supplied: PALETTE[0], borrowed: PALETTE[1] } as const;

export type YFormat = 'usd' | 'pct' | 'pct100' | 'int' | 'num';
/** `drop`: a price drop in % (0 → "0%", 5 → "−5%") */
export type XFormat = 'drop' | 'pct100' | 'num';

export interface Series {
  label: string;
  data: Array<number | null>;
  color?: string;
  fill?: boolean;
  dashed?: boolean;
  type?: 'line' | 'bar';
  yAxis?: 'y' | 'y1';
  /** points only (measured values), no line between them */
  showLine?: boolean;
  pointRadius?: number;
}

export interface LineBarSpec {
  kind: 'line' | 'bar';
  labels: Array<string | number>;
  series: Series[];
  yFormat: YFormat;
  y1Format?: YFormat;
  stacked: boolean;
  /** 'linear': `labels` are numbers and points sit at those x values */
  xType: 'category' | 'linear';
  xFormat?: XFormat;
  xTitle?: string;
  yTitle?: string;
}

export interface ThemeColors {
  text: string;
  grid: string;
}

export function fmtValue(v: number, f: YFormat, tick = false): string {
  switch (f) {
    case 'usd':
      return fmtUSD(v, 1);
    case 'pct':
      return tick ? fmtPctAuto(v) : fmtPct(v, 2);
    case 'pct100':
      return tick ? fmtPctAuto(v / 100) : `${v.toFixed(2)}%`;
    case 'int':
      return fmtCompact(v, 0);
    default:
      return fmtCompact(v, 2);
  }
}

export function fmtX(v: number | string, f: XFormat | undefined): string {
  if (typeof v === 'string' || !f) return String(v);
  if (f === 'drop') return fmtDrop(v);
  if (f === 'pct100') return fmtPctAuto(v / 100);
  return fmtCompact(v, 2);
}

export function lineBarData(spec: LineBarSpec) {
  const linear = spec.xType === 'linear';
  return {
    labels: linear ? undefined : spec.labels.map((l) => fmtX(l, spec.xFormat)),
    datasets: spec.series.map((s, i) => {
      const color = s.color ?? PALETTE[i % PALETTE.length];
      const t = s.type ?? spec.kind;
      return {
        type: t,
        label: s.label,
        data: linear ? spec.labels.map((x, j) => ({ x: Number(x), y: s.data[j] })) : s.data,
        borderColor: color,
        backgroundColor: t === 'bar' ? color + 'cc' : color + '22',
        fill: s.fill ?? false,
        borderWidth: t === 'bar' ? 0 : 2,
        borderDash: s.dashed ? [5, 4] : undefined,
        // points marked on a numeric axis, where each one is a measured value
        pointRadius: s.pointRadius ?? (linear || s.showLine === false ? 2 : 0),
        showLine: s.showLine ?? true,
        pointHoverRadius: 4,
        tension: 0,
        borderRadius: t === 'bar' ? 3 : 0,
        yAxisID: s.yAxis ?? 'y',
        stack: spec.stacked ? 'a' : undefined,
      };
    }),
  };
}

export function lineBarOptions(spec: LineBarSpec, colors: ThemeColors): ChartOptions {
  const { yFormat, y1Format, stacked, xTitle, yTitle } = spec;
  const linear = spec.xType === 'linear';
  const xs = spec.labels.map(Number);
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: 'index', intersect: false },
    plugins: {
      legend: {
        display: spec.series.length > 1,
        position: 'bottom',
        labels: { color: colors.text, boxWidth: 10, boxHeight: 10, usePointStyle: true },
      },
      tooltip: {
        callbacks: {
          title: (items) =>
            items.length
              ? fmtX(
                  linear ? Number(items[0].parsed.x) : String(items[0].label),
                  linear ? spec.xFormat : undefined,
                )
              : '',
          label: (ctx) =>
            `${ctx.dataset.label}: ${fmtValue(Number(ctx.parsed.y), ctx.dataset.yAxisID === 'y1' && y1Format ? y1Format : yFormat)}`,
        },
      },
    },
    scales: {
      x: linear
        ? {
            type: 'linear',
            min: Math.min(...xs),
            max: Math.max(...xs),
            grid: { display: false },
            ticks: {
              color: colors.text,
              maxRotation: 0,
              autoSkipPadding: 16,
              callback: (v) => fmtX(Number(v), spec.xFormat),
            },
            title: { display: !!xTitle, text: xTitle, color: colors.text },
          }
        : {
            stacked,
            grid: { display: false },
            ticks: { color: colors.text, maxRotation: 0, autoSkipPadding: 16 },
            title: { display: !!xTitle, text: xTitle, color: colors.text },
          },
      y: {
        stacked,
        beginAtZero: true,
        grid: { color: colors.grid },
        border: { display: false },
        ticks: {
          color: colors.text,
          precision: yFormat === 'int' ? 0 : undefined,
          callback: (v) => fmtValue(Number(v), yFormat, true),
        },
        title: { display: !!yTitle, text: yTitle, color: colors.text },
      },
      ...(y1Format
        ? {
            y1: {
              position: 'right' as const,
              beginAtZero: true,
              grid: { display: false },
              ticks: {
                color: colors.text,
                precision: y1Format === 'int' ? 0 : undefined,
                callback: (v: string | number) => fmtValue(Number(v), y1Format, true),
              },
            },
          }
        : {}),
    },
  };
}
