// VaR / LaR over past price moves applied to today's book: each scenario re-prices every market
// by one historical h-day move (all assets of the same days together, so correlations are kept)
// and reports how much bad debt, liquidation volume and liquidatable debt it adds to today's.
// Scenarios are overlapping h-day windows (step one day) when the history holds enough of them,
// else a seeded bootstrap of h-day paths compounded from the daily returns; either way the
// result says how many scenarios it rests on and how many lie at or beyond each percentile.
import type { PreparedBook } from '@/lib/risk/engine';
import type { FloatBook } from '@/lib/risk/analysis';
import { scenarioTotals } from '@/lib/risk/analysis';
import type { PriceHistory } from '@/lib/risk/types';
import { seededRandom } from '@/lib/risk/random';

/** Percentiles of one figure over the scenarios, in base units (integer strings). */
export interface VarFigure {
  /** increase over today's value exceeded in at most 5% / 1% of scenarios (never below 0) */
  p95: string;
  p99: string;
  /** the worst scenario's increase */
  max: string;
  /** the figure in today's book, before any move (what the increases are added to) */
  today: string;
}

export type VarMethod = 'overlapping-windows' | 'bootstrap';

export interface VarResult {
  window: {
    fromDay: number | null;
    toDay: number | null;
    /** days with a price snapshot in the window */
    days: number;
    /** day-to-day returns available in the window */
    dailyReturns: number;
    scenarios: number;
    horizonDays: number;
    method: VarMethod;
  };
  /** scenarios at or beyond each percentile: the figure rests on these many worst cases */
  tailScenarios: { p95: number; p99: number };
  /** new bad debt: scenario bad debt minus today's (debt already uncovered is not a new loss) */
  badDebt: VarFigure;
  /** new repayable debt (close factor applied) beyond what is liquidatable today */
  liquidationVolume: VarFigure;
  /** debt of accounts that become liquidatable (beyond today's liquidatable debt) */
  debtAtRisk: VarFigure;
  /** markets without history in the window (held at today's price) */
  marketsWithoutHistory: string[];
}

export interface VarOptions {
  /** overlapping windows are used when at least this many fit in the window, else a bootstrap */
  minWindows?: number;
  /** number of bootstrap paths */
  bootstrapScenarios?: number;
  seed?: number;
}

/** Upper percentile (nearest-rank): the loss exceeded in at most (1 − q) of scenarios. */
export function percentile(sorted: number[], q: number): number {
  if (!sorted.length) return 0;
  return sorted[rankOf(sorted.length, q) - 1];
}

/** 1-based nearest rank of the q-percentile among n ascending values. */
function rankOf(n: number, q: number): number {
  return Math.min(n, Math.max(1, Math.ceil(q * n)));
}

const str = (x: number) => BigInt(Math.round(x)).toString();

/**
 * @param history daily closing prices per market index
 * @param windowDays how many most recent days of returns to use (default 365)
 * @param horizonDays length of one scenario's move in days (default 10)
 */
export function historicalVar(
  pb: PreparedBook,
  fb: FloatBook,
  history: PriceHistory,
  windowDays = 365,
  horizonDays = 10,
  opts: VarOptions = {},
): VarResult {
  const days = new Set<number>();
  for (const s of history.series.values()) for (const [d] of s) days.add(d);
  const used = [...days].sort((a, b) => a - b).slice(-(windowDays + horizonDays));
  const nKeys = pb.basePrices.length;
  const nMarkets = pb.book.markets.length;
  const missing: string[] = [];
  // price per market on every used day (last snapshot carried forward over days without one)
  const prices: Float64Array[] = pb.book.markets.map((m, i) => {
    const known = (history.series.get(i) ?? [])
      .filter(([, p]) => p > 0)
      .sort((a, b) => a[0] - b[0]);
    if (known.length < 2) missing.push(m.symbol);
    const out = new Float64Array(used.length);
    let k = 0,
      last = NaN;
    used.forEach((d, j) => {
      while (k < known.length && known[k][0] <= d) last = known[k++][1];
      out[j] = last;
    });
    return out;
  });
  const move = (from: number, to: number, into: Float64Array) => {
    for (let i = 0; i < nMarkets; i++) {
      const p0 = prices[i][from],
        p1 = prices[i][to];
      if (p0 > 0 && p1 > 0) into[i] *= p1 / p0;
    }
  };
  const factors: Float64Array[] = [];
  const windows = Math.max(0, used.length - horizonDays);
  const dailyReturns = Math.max(0, used.length - 1);
  const method: VarMethod =
    windows >= (opts.minWindows ?? 250) || horizonDays === 1 || dailyReturns === 0
      ? 'overlapping-windows'
      : 'bootstrap';
  if (method === 'overlapping-windows') {
    for (let j = horizonDays; j < used.length; j++) {
      const f = new Float64Array(nKeys).fill(1);
      move(j - horizonDays, j, f);
      factors.push(f);
    }
  } else {
    // h-day paths: h daily cross-sections drawn with replacement and compounded
    const random = seededRandom(opts.seed ?? 0x5eed);
    for (let s = 0; s < (opts.bootstrapScenarios ?? 1000); s++) {
      const f = new Float64Array(nKeys).fill(1);
      for (let h = 0; h < horizonDays; h++) {
        const j = 1 + Math.floor(random() * dailyReturns);
        move(j - 1, j, f);
      }
      factors.push(f);
    }
  }
  const today = scenarioTotals(pb, fb, new Float64Array(nKeys).fill(1));
  const bad: number[] = [],
    vol: number[] = [],
    atRisk: number[] = [];
  for (const f of factors) {
    const t = scenarioTotals(pb, fb, f);
    bad.push(Math.max(0, t.badDebt - today.badDebt));
    vol.push(Math.max(0, t.liquidatableDebt - today.liquidatableDebt));
    atRisk.push(Math.max(0, t.debtAtRisk - today.debtAtRisk));
  }
  const n = factors.length;
  const figure = (xs: number[], now: number): VarFigure => {
    const s = [...xs].sort((a, b) => a - b);
    return {
      p95: str(percentile(s, 0.95)),
      p99: str(percentile(s, 0.99)),
      max: str(n ? s[n - 1] : 0),
      today: str(now),
    };
  };
  return {
    window: {
      fromDay: used.length ? used[0] : null,
      toDay: used.length ? used[used.length - 1] : null,
      days: used.length,
      dailyReturns,
      scenarios: n,
      horizonDays,
      method,
    },
    tailScenarios: { p95: n ? n - rankOf(n, 0.95) + 1 : 0, p99: n ? n - rankOf(n, 0.99) + 1 : 0 },
    badDebt: figure(bad, today.badDebt),
    liquidationVolume: figure(vol, today.liquidatableDebt),
    debtAtRisk: figure(atRisk, today.debtAtRisk),
    marketsWithoutHistory: missing,
  };
}
