// The reserve's interest-rate curve from its strategy's parameters (indexed on the Market:
// optimal usage, base rate, two slopes, in ray). `variableBorrowRateRay` is the strategy's own
// integer formula (DefaultReserveInterestRateStrategy.calculateInterestRates, variable part), so
// it can be checked to the wei against the Pool's rate; `rateCurve` samples it in floats to draw.
import type { Series } from '@/lib/chart-config';
import { fmtPct } from '@/lib/format';
import { RAY, rayDiv, rayMul } from '@/lib/risk/math';

export interface RateModelFields {
  optimalUsageRatio?: string | null;
  baseVariableBorrowRate?: string | null;
  variableRateSlope1?: string | null;
  variableRateSlope2?: string | null;
}

export interface RateModel {
  optimal: bigint;
  base: bigint;
  slope1: bigint;
  slope2: bigint;
}

/** The model, or null when the indexer has none for this reserve (strategy not readable). */
export function rateModel(m: RateModelFields): RateModel | null {
  const f = [
    m.optimalUsageRatio,
    m.baseVariableBorrowRate,
    m.variableRateSlope1,
    m.variableRateSlope2,
  ];
  if (f.some((x) => x == null)) return null;
  const [optimal, base, slope1, slope2] = f.map((x) => BigInt(x!));
  if (optimal <= 0n || optimal >= RAY) return null;
  return { optimal, base, slope1, slope2 };
}

/** Borrow usage ratio (ray): totalDebt / (availableLiquidity + totalDebt), 0 without debt. */
export function borrowUsageRatio(totalDebt: bigint, availableLiquidity: bigint): bigint {
  return totalDebt === 0n ? 0n : rayDiv(totalDebt, availableLiquidity + totalDebt);
}

/** The variable borrow rate (ray) at a usage ratio (ray): base + slope1 below the kink, + slope2 above. */
export function variableBorrowRateRay(m: RateModel, usage: bigint): bigint {
  if (usage > m.optimal) {
    const excess = rayDiv(usage - m.optimal, RAY - m.optimal);
    return m.base + m.slope1 + rayMul(m.slope2, excess);
  }
  return m.base + rayDiv(rayMul(m.slope1, usage), m.optimal);
}

export interface CurvePoint {
  /** utilisation, percent */
  u: number;
  /** APR, percent */
  borrow: number;
  /** APR, percent: borrow × utilisation × (1 − reserve factor), variable debt only */
  supply: number;
}

const toFrac = (ray: bigint) => Number(ray) / 1e27;

/** The model at utilisation `u` (percent), in floats for the chart. */
function pointAt(m: RateModel, reserveFactorBps: number, u: number): CurvePoint {
  const borrow = toFrac(variableBorrowRateRay(m, BigInt(Math.round(u * 1e7)) * 10n ** 18n)) * 100;
  return { u, borrow, supply: (borrow * u * (1 - reserveFactorBps / 1e4)) / 100 };
}

/**
 * The curve from 0 to 100% utilisation in 1-point steps plus the kink itself, so the corner is
 * drawn where it is; floats for the chart.
 */
export function rateCurve(m: RateModel, reserveFactorBps: number): CurvePoint[] {
  const optimal = toFrac(m.optimal) * 100;
  const us = [...new Set([...Array.from({ length: 101 }, (_, i) => i), optimal])];
  us.sort((a, b) => a - b);
  return us.map((u) => pointAt(m, reserveFactorBps, u));
}

export interface CurveChart {
  /** utilisation, percent (a numeric x axis) */
  labels: number[];
  series: Series[];
  /** what the chart shows, for the card's subtitle */
  note: string;
}

/**
 * The market page's curve: the strategy's borrow and supply APR (when the model is indexed), the
 * rates observed in snapshots as points, and today's rate at today's utilisation.
 */
export function curveChart(
  model: RateModel | null,
  reserveFactorBps: number,
  observed: CurvePoint[],
  today: CurvePoint,
): CurveChart {
  const drawn = model ? rateCurve(model, reserveFactorBps) : [];
  const xs = [...new Set([...drawn.map((p) => p.u), ...observed.map((p) => p.u), today.u])];
  xs.sort((a, b) => a - b);
  const borrowAt = (pts: CurvePoint[]) => {
    const by = new Map(pts.map((p) => [p.u, p.borrow]));
    return xs.map((x) => by.get(x) ?? null);
  };
  const series: Series[] = [];
  if (model) {
    // the model is exact at any x: evaluate it at every x, not only at its own samples
    const full = xs.map((u) => pointAt(model, reserveFactorBps, u));
    // a line, not samples: no point markers
    const line = { pointRadius: 0 };
    series.push({ label: 'Borrow APR (strategy)', data: full.map((p) => p.borrow), ...line });
    series.push({ label: 'Supply APR (strategy)', data: full.map((p) => p.supply), ...line });
  }
  series.push({
    label: 'Borrow APR observed',
    data: borrowAt(observed),
    showLine: false,
    color: '#94a3b8',
  });
  series.push({
    label: 'Today',
    data: borrowAt([today]),
    showLine: false,
    pointRadius: 6,
    color: '#ef4444',
  });
  const note = model
    ? `The strategy's curve (optimal usage ${fmtPct(toFrac(model.optimal), 0)}), the rates observed in snapshots, and today's point`
    : 'Rates observed in snapshots (the strategy’s parameters are not indexed for this reserve)';
  return { labels: xs, series, note };
}
