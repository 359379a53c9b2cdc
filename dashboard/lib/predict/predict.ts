// Liquidation prediction for one book at one block: simulated hourly price paths (filtered
// historical simulation of the oracle's own prices, filtered-history.ts), every borrower
// re-valued along each path from its exact balances (engine.ts) with interest accrued at today's
// rates (math.ts), and per borrower the probability of a liquidation within the horizon, the
// expected hour of the first one and the debt it repays; per protocol the distribution of the
// debt repaid and of new bad debt. Deterministic for a given seed. The API and the devnet
// backtest both call `predictLiquidations` with a book and the price observations up to its block.
import { evaluate, prepareBook, type AccountResults, type PreparedBook } from '@/lib/risk/engine';
import { floatBook, type FloatBook } from '@/lib/risk/analysis';
import { normalizedDebt, normalizedIncome } from '@/lib/risk/math';
import { percentile } from '@/lib/risk/var';
import type { Book } from '@/lib/risk/types';
import { hourlyReturns, type PriceObservations } from '@/lib/predict/price-history';
import { EWMA_LAMBDA, filterHistory } from '@/lib/predict/filtered-history';
import { exposuresOf } from '@/lib/predict/exposures';
import { runMonteCarlo } from '@/lib/predict/monte-carlo';
import { dexLiquidator } from '@/lib/predict/dex-liquidation';
import type { DexPool } from '@/lib/cascade/cascade';

export const HORIZON_HOURS = { '1d': 24, '7d': 168 } as const;
export type Horizon = keyof typeof HORIZON_HOURS;

export interface PredictOptions {
  horizon: Horizon;
  /** default 10,000 */
  paths?: number;
  /** default 1 */
  seed?: number;
  /** hours of price history the residuals are drawn from (default 30 days) */
  historyHours?: number;
  /** an asset with fewer observed hourly returns keeps today's price (default 48) */
  minHistoryHours?: number;
  /**
   * model only these borrowers (addresses): the price paths are the same as for the whole book
   * (they depend on the history and the seed only), so each one's figures are too
   */
  accounts?: string[];
  /** record the HF percentiles of the modelled borrowers along the horizon (with `accounts`) */
  fan?: boolean;
  /**
   * 'oracle' (default): a borrower is liquidated at its first hour under HF 1, at oracle prices;
   * 'dex': only when selling the seized collateral through `dex.pools` pays (the cascade's rule)
   */
  liquidation?: LiquidationMode;
  /** dex mode: the Uniswap V3 pools at the book's block (lib/cascade/pools-from-subgraph.ts) */
  dex?: DexOptions;
}

export type LiquidationMode = 'oracle' | 'dex';

export interface DexOptions {
  pools: DexPool[];
  /** gas of one liquidation and sale, base-currency units (default 0) */
  gasCostBase?: bigint;
  /** grid of the hour's log price and interest factors (default 1e-3, 10 bp); 0 = exact */
  priceStep?: number;
}

/** Dex mode: what the liquidations were priced on and how often the grid memo answered. */
export interface DexReport {
  pools: number;
  gasCostBase: string;
  priceStep: number;
  /** liquidation attempts (borrower-hours under HF 1 priced through the pools) */
  attempts: number;
  memoHits: number;
}

/** HF percentiles of one borrower at each hour of the horizon, the book held still. */
export interface HealthFactorFan {
  account: string;
  quantiles: number[];
  /** bands[q][h]: the quantiles[q] percentile of HF at hour h (h = 0 … horizon hours) */
  bands: number[][];
  /** share of paths with HF < 1 at each hour (no liquidation applied: prices alone) */
  belowOne: number[];
}

/** Paths with exactly zero, then equal-width bins over (0, max]. */
export interface Histogram {
  zeroPaths: number;
  edges: number[];
  counts: number[];
}

export const FAN_QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95];
/** with `fan`, at most this many borrowers are tracked (each costs paths × hours floats) */
export const MAX_FAN_ACCOUNTS = 10;
const HISTOGRAM_BINS = 20;
/** dex mode's default grid: log prices and interest factors rounded to 10 bp (README, Speed) */
export const DEX_PRICE_STEP = 1e-3;

export interface PredictedAccount {
  account: string;
  /** wad, as /api/risk/accounts */
  healthFactor: string;
  pLiquidation: number;
  /** mean hour of the first liquidation over the paths that have one; null if none does */
  expectedHoursToLiquidation: number | null;
  /** mean over all paths of the debt the first liquidation repays (USD) */
  expectedLiquidatedUSD: number;
  /** dex mode: mean over paths of the hours it is under HF 1 and no sale pays */
  expectedUnprofitableHours?: number;
  /** dex mode: share of paths it ends under HF 1 unliquidated, and its mean debt left then (USD) */
  pUnliquidated?: number;
  expectedUnliquidatedDebtUSD?: number;
}

export interface Prediction {
  horizon: Horizon;
  horizonHours: number;
  paths: number;
  seed: number;
  method: 'ewma-filtered-historical-simulation' | 'held-prices';
  history: {
    hours: number;
    lambda: number;
    minHistoryHours: number;
    /** markets held at today's price for want of history */
    marketsWithoutHistory: string[];
  };
  notes: string[];
  accounts: PredictedAccount[];
  protocol: {
    borrowers: number;
    /** borrowers with debt and nothing to seize: no liquidation possible, their debt is bad already */
    insolventAccounts: number;
    liquidationVolumeUSD: { mean: number; p50: number; p95: number; p99: number };
    newBadDebtUSD: { mean: number; p50: number; p95: number; p99: number; es99: number };
    /** the per-path figures above as histograms (the loss distribution) */
    distribution: { liquidationVolumeUSD: Histogram; newBadDebtUSD: Histogram };
    /** dex mode: debt of the borrowers ending the horizon under HF 1 unliquidated, per path */
    unliquidatedDebtUSD?: { mean: number; p50: number; p95: number; p99: number };
    /** dex mode: borrower-hours under HF 1 without a profitable sale, mean per path */
    unprofitableBorrowerHours?: number;
  };
  /** how liquidations are priced: at oracle prices, or through the DEX pools */
  liquidation: LiquidationMode;
  /** dex mode */
  dex?: DexReport;
  /** with `fan` */
  fans?: HealthFactorFan[];
}

export interface PreparedInput {
  pb: PreparedBook;
  fb: FloatBook;
  results: AccountResults;
}

export function prepareInput(book: Book): PreparedInput {
  const pb = prepareBook(book);
  const fb = floatBook(pb);
  return { pb, fb, results: evaluate(pb) };
}

/** Interest growth per market at each hourly step since the book's block, from the exact indexes. */
function growth(pb: PreparedBook, steps: number): { coll: Float64Array; debt: Float64Array } {
  const markets = pb.book.markets;
  const coll = new Float64Array((steps + 1) * markets.length);
  const debt = new Float64Array((steps + 1) * markets.length);
  markets.forEach((m, i) => {
    for (let h = 0; h <= steps; h++) {
      const at = pb.timestamp + BigInt(h * 3600);
      const income = normalizedIncome(m.liquidityIndex, m.liquidityRate, m.lastUpdateTimestamp, at);
      const owed = normalizedDebt(
        m.variableBorrowIndex,
        m.variableBorrowRate,
        m.lastUpdateTimestamp,
        at,
      );
      coll[h * markets.length + i] = Number(income) / Number(pb.normIncome[i]);
      debt[h * markets.length + i] = Number(owed) / Number(pb.normDebt[i]);
    }
  });
  return { coll, debt };
}

/** Histogram of sorted non-negative values. */
export function histogram(sorted: Float64Array, bins = HISTOGRAM_BINS): Histogram {
  let zeroPaths = 0;
  while (zeroPaths < sorted.length && sorted[zeroPaths] <= 0) zeroPaths++;
  const max = sorted.length ? sorted[sorted.length - 1] : 0;
  if (zeroPaths === sorted.length) return { zeroPaths, edges: [], counts: [] };
  const width = max / bins;
  const edges = Array.from({ length: bins + 1 }, (_, b) => b * width);
  const counts = new Array<number>(bins).fill(0);
  for (let k = zeroPaths; k < sorted.length; k++)
    counts[Math.min(bins - 1, Math.floor(sorted[k] / width))]++;
  return { zeroPaths, edges, counts };
}

/** Percentile bands of a borrower's HF per hour from its [path * (steps + 1) + hour] values. */
function fanOf(account: string, hf: Float64Array, paths: number, steps: number): HealthFactorFan {
  const bands = FAN_QUANTILES.map(() => new Array<number>(steps + 1));
  const belowOne = new Array<number>(steps + 1);
  const column = new Float64Array(paths);
  for (let h = 0; h <= steps; h++) {
    let below = 0;
    for (let p = 0; p < paths; p++) {
      column[p] = hf[p * (steps + 1) + h];
      if (column[p] < 1) below++;
    }
    column.sort();
    belowOne[h] = below / paths;
    FAN_QUANTILES.forEach((q, k) => (bands[k][h] = percentile(column as unknown as number[], q)));
  }
  return { account, quantiles: FAN_QUANTILES, bands, belowOne };
}

/** Mean of the values at or beyond the nearest-rank 99th percentile (sorted ascending). */
function expectedShortfall(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (!n) return 0;
  const rank = Math.min(n, Math.max(1, Math.ceil(q * n)));
  let s = 0;
  for (let k = rank - 1; k < n; k++) s += sorted[k];
  return s / (n - rank + 1);
}

export function predictLiquidations(
  book: Book,
  prices: PriceObservations,
  opts: PredictOptions,
  prepared: PreparedInput = prepareInput(book),
): Prediction {
  const steps = HORIZON_HOURS[opts.horizon];
  const paths = opts.paths ?? 10_000;
  const seed = opts.seed ?? 1;
  const minHistoryHours = opts.minHistoryHours ?? 48;
  const { pb, fb, results } = prepared;
  const markets = book.markets.length;
  const returns = hourlyReturns(prices, markets, book.block.timestamp, opts.historyHours ?? 720);
  const history = filterHistory(returns, minHistoryHours, EWMA_LAMBDA);
  const marketsWithoutHistory = book.markets
    .filter((_, i) => !history.simulated[i])
    .map((m) => m.symbol);
  const simulatedAny = history.simulated.some((s) => s);
  const notes: string[] = [];
  if (marketsWithoutHistory.length)
    notes.push(
      `${marketsWithoutHistory.join(', ')}: fewer than ${minHistoryHours} hourly oracle returns ` +
        `before block ${book.block.number}; held at today's price (only interest moves them).`,
    );
  const only = opts.accounts ? accountSet(book, opts.accounts) : undefined;
  if (only)
    notes.push(
      `Only ${only.size} of the book's accounts modelled: protocol figures cover them alone.`,
    );
  const exposures = exposuresOf(pb, fb, results, only);
  const tracked = opts.fan ? Math.min(MAX_FAN_ACCOUNTS, exposures.account.length) : 0;
  const track = Int32Array.from({ length: tracked }, (_, t) => t);
  const g = growth(pb, steps);
  const unit = Number(book.baseCurrencyUnit);
  const mode = opts.liquidation ?? 'oracle';
  if (mode === 'dex' && !opts.dex) throw new RangeError('dex liquidation needs the pools (dex)');
  const gasCostBase = opts.dex?.gasCostBase ?? 0n;
  const priceStep = opts.dex?.priceStep ?? DEX_PRICE_STEP;
  const liquidator =
    mode === 'dex'
      ? dexLiquidator(pb, exposures, opts.dex!.pools, g, { gasCostBase, priceStep })
      : undefined;
  const mc = runMonteCarlo({
    exposures,
    history,
    collateralGrowth: g.coll,
    debtGrowth: g.debt,
    steps,
    paths,
    seed,
    smallPositionBase: book.smallPositionRules ? 2000 * unit : 0,
    track,
    dex: liquidator,
  });
  const accounts: PredictedAccount[] = [];
  for (let j = 0; j < exposures.account.length; j++) {
    const i = exposures.account[j];
    accounts.push({
      account: book.accounts[i].id,
      healthFactor: results.healthFactor[i].toString(),
      pLiquidation: mc.hits[j] / paths,
      expectedHoursToLiquidation: mc.hits[j] > 0 ? mc.sumHours[j] / mc.hits[j] : null,
      expectedLiquidatedUSD: mc.sumRepaid[j] / paths / unit,
      ...(liquidator
        ? {
            expectedUnprofitableHours: mc.unprofitableHours[j] / paths,
            pUnliquidated: mc.unliquidated[j] / paths,
            expectedUnliquidatedDebtUSD: mc.sumUnliquidated[j] / paths / unit,
          }
        : {}),
    });
  }
  accounts.sort((a, b) => b.pLiquidation - a.pLiquidation || (a.account < b.account ? -1 : 1));
  let insolventAccounts = 0;
  for (let i = 0; i < book.accounts.length; i++)
    if (results.totalDebtBase[i] !== 0n && results.totalCollateralBase[i] === 0n)
      insolventAccounts++;
  const usd = (xs: Float64Array) => xs.map((v) => v / unit).sort();
  const volume = usd(mc.pathRepaid),
    bad = usd(mc.pathBadDebt);
  const pct = (xs: Float64Array, q: number) => percentile(xs as unknown as number[], q);
  return {
    horizon: opts.horizon,
    horizonHours: steps,
    paths,
    seed,
    method: simulatedAny ? 'ewma-filtered-historical-simulation' : 'held-prices',
    history: {
      hours: returns.hours,
      lambda: history.lambda,
      minHistoryHours,
      marketsWithoutHistory,
    },
    notes,
    accounts,
    protocol: {
      borrowers: exposures.account.length,
      insolventAccounts,
      liquidationVolumeUSD: {
        mean: mean(volume),
        p50: pct(volume, 0.5),
        p95: pct(volume, 0.95),
        p99: pct(volume, 0.99),
      },
      newBadDebtUSD: {
        mean: mean(bad),
        p50: pct(bad, 0.5),
        p95: pct(bad, 0.95),
        p99: pct(bad, 0.99),
        es99: expectedShortfall(bad, 0.99),
      },
      distribution: { liquidationVolumeUSD: histogram(volume), newBadDebtUSD: histogram(bad) },
      ...(liquidator ? dexProtocol(usd(mc.pathUnliquidated), mc.pathUnprofitableHours) : {}),
    },
    liquidation: mode,
    ...(liquidator
      ? {
          dex: {
            pools: opts.dex!.pools.length,
            gasCostBase: gasCostBase.toString(),
            priceStep,
            attempts: liquidator.stats.attempts,
            memoHits: liquidator.stats.memoHits,
          },
        }
      : {}),
    ...(opts.fan
      ? {
          fans: Array.from(track, (j, t) =>
            fanOf(book.accounts[exposures.account[j]].id, mc.trackedHf[t], paths, steps),
          ),
        }
      : {}),
  };
}

const mean = (xs: Float64Array) => (xs.length ? xs.reduce((s, v) => s + v, 0) / xs.length : 0);

/** Dex mode's protocol figures: the debt left unliquidated per path, unprofitable hours. */
function dexProtocol(unliquidated: Float64Array, unprofitableHours: Float64Array) {
  const pct = (q: number) => percentile(unliquidated as unknown as number[], q);
  return {
    unliquidatedDebtUSD: {
      mean: mean(unliquidated),
      p50: pct(0.5),
      p95: pct(0.95),
      p99: pct(0.99),
    },
    unprofitableBorrowerHours: mean(unprofitableHours),
  };
}

/** Book indices of the given addresses (unknown ones are skipped). */
function accountSet(book: Book, addresses: string[]): Set<number> {
  const want = new Set(addresses.map((a) => a.toLowerCase()));
  const out = new Set<number>();
  book.accounts.forEach((a, i) => want.has(a.id) && out.add(i));
  return out;
}
