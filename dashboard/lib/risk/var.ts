// VaR / LaR by historical simulation: each past daily price return (all assets of that day
// together) is applied to today's book; the 95th/99th percentiles of the resulting bad debt and
// liquidation volume are reported with the window actually used.
import type { PreparedBook } from './engine';
import type { FloatBook } from './analysis';
import { scenarioTotals } from './analysis';
import type { PriceHistory } from './types';

export interface VarResult {
  window: { fromDay: number | null; toDay: number | null; days: number; scenarios: number; horizonDays: number };
  /** base units (integer strings) */
  badDebt: { p95: string; p99: string; max: string };
  liquidationVolume: { p95: string; p99: string; max: string };
  /** debt of accounts that would become liquidatable */
  debtAtRisk: { p95: string; p99: string; max: string };
  /** markets without history in the window (held at today's price) */
  marketsWithoutHistory: string[];
}

/** Upper percentile (nearest-rank): the loss exceeded in at most (1 − q) of scenarios. */
export function percentile(sorted: number[], q: number): number {
  if (!sorted.length) return 0;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

const str = (x: number) => BigInt(Math.round(x)).toString();

/**
 * @param history daily closing prices per market index
 * @param windowDays how many most recent days of returns to use (default 365)
 */
export function historicalVar(pb: PreparedBook, fb: FloatBook, history: PriceHistory, windowDays = 365, horizonDays = 1): VarResult {
  // align on days: day → price per market
  const days = new Set<number>();
  for (const s of history.series.values()) for (const [d] of s) days.add(d);
  const allDays = [...days].sort((a, b) => a - b);
  const used = allDays.slice(-(windowDays + horizonDays));
  const nKeys = pb.basePrices.length;
  const priceAt: Array<Map<number, number>> = [];
  const missing: string[] = [];
  pb.book.markets.forEach((m, i) => {
    const mp = new Map<number, number>();
    for (const [d, p] of history.series.get(i) ?? []) if (p > 0) mp.set(d, p);
    priceAt[i] = mp;
    if (mp.size < 2) missing.push(m.symbol);
  });
  const bad: number[] = [], vol: number[] = [], atRisk: number[] = [];
  for (let j = horizonDays; j < used.length; j++) {
    const d0 = used[j - horizonDays], d1 = used[j];
    const factor = new Float64Array(nKeys).fill(1);
    for (let i = 0; i < pb.book.markets.length; i++) {
      const p0 = lastAtOrBefore(priceAt[i], d0), p1 = lastAtOrBefore(priceAt[i], d1);
      if (p0 && p1) factor[i] = p1 / p0;
    }
    const t = scenarioTotals(pb, fb, factor);
    bad.push(t.badDebt); vol.push(t.liquidatableDebt); atRisk.push(t.debtAtRisk);
  }
  const q = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return { p95: str(percentile(s, 0.95)), p99: str(percentile(s, 0.99)), max: str(s.length ? s[s.length - 1] : 0) };
  };
  return {
    window: {
      fromDay: used.length ? used[0] : null, toDay: used.length ? used[used.length - 1] : null,
      days: used.length, scenarios: bad.length, horizonDays,
    },
    badDebt: q(bad), liquidationVolume: q(vol), debtAtRisk: q(atRisk), marketsWithoutHistory: missing,
  };
}

function lastAtOrBefore(m: Map<number, number>, day: number): number | undefined {
  const v = m.get(day);
  if (v !== undefined) return v;
  // snapshots exist only on days with activity: carry the last known price forward
  let best: number | undefined, bestDay = -Infinity;
  for (const [d, p] of m) if (d <= day && d > bestDay) { best = p; bestDay = d; }
  return best;
}
