// The prediction section of `npm run bench:risk`: Monte Carlo liquidation prediction on a
// synthetic book with 30 days of synthetic hourly oracle prices (fat-tailed, correlated moves,
// one stablecoin depeg), 10,000 paths by default, 1-day (24 steps) and 7-day (168 steps) horizons;
// and a devnet-sized book of 300 accounts first, also with its liquidations priced through the
// synthetic Uniswap V3 pools (dex mode, exact and on its 10 bp grid).
import { performance } from 'node:perf_hooks';
import type { Book } from '../dashboard/lib/risk/types.ts';
import { seededRandom } from '../dashboard/lib/risk/random.ts';
import { predictLiquidations, prepareInput } from '../dashboard/lib/predict/predict.ts';
import type { PriceObservations } from '../dashboard/lib/predict/price-history.ts';
import { syntheticPools } from '../dashboard/test-fixtures/synthetic-pools.ts';

/** Hourly prices for every market of `book`: a common factor, Student-t-like shocks, one depeg. */
export function syntheticPriceHistory(book: Book, hours = 720, seed = 5): PriceObservations {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const series = new Map<number, Array<[number, number]>>();
  const log = book.markets.map(() => 0);
  const stable = book.markets.map((m) => /USD|DAI/.test(m.symbol));
  for (let h = 0; h <= hours; h++) {
    // a heavy tail: the common shock's variance is scaled by a rare large draw
    const common = normal() * (random() < 0.02 ? 4 : 1);
    book.markets.forEach((m, i) => {
      if (h > 0 && !stable[i]) log[i] += 0.007 * (0.8 * common + 0.6 * normal());
      const depeg =
        stable[i] &&
        i === book.markets.findIndex((x, k) => stable[k]) &&
        h > hours / 2 &&
        h < hours / 2 + 12
          ? -0.05
          : 0;
      const price =
        (Number(m.priceBase) / 1e8) * Math.exp(stable[i] ? 0.0005 * normal() + depeg : log[i]);
      if (!series.has(i)) series.set(i, []);
      series.get(i)!.push([book.block.timestamp - (hours - h) * 3600, price]);
    });
  }
  return { series };
}

/** 7-day paths only up to 10,000 accounts: at 100k they take minutes, and the target is 1 day. */
export function benchPredict(book: Book, paths = 10_000): string {
  const prices = syntheticPriceHistory(book);
  const parts: string[] = [];
  const prepared = prepareInput(book);
  const horizons = book.accounts.length <= 10_000 ? (['1d', '7d'] as const) : (['1d'] as const);
  for (const horizon of horizons) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = predictLiquidations(book, prices, { horizon, paths, seed: 1 }, prepared);
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(c0).user / 1000;
    const atRisk = r.accounts.filter((a) => a.pLiquidation > 0).length;
    parts.push(
      `PREDICT ${horizon} ${paths} paths × ${r.horizonHours} steps wall ${wall.toFixed(0)} ms cpu ${cpu.toFixed(0)} ms ` +
        `(${r.protocol.borrowers} borrowers, ${atRisk} with p > 0, volume p99 $${r.protocol.liquidationVolumeUSD.p99.toFixed(0)})`,
    );
  }
  return parts.join(' | ');
}

/**
 * Dex mode on the same book and prices, 1 day, against the synthetic pools with $20 of gas: on
 * the default grid, and priced exactly on a quarter of the paths (each exact attempt is a
 * cascade of its own).
 */
export function benchPredictDex(book: Book, paths = 2000): string {
  const prices = syntheticPriceHistory(book);
  const prepared = prepareInput(book);
  const pools = syntheticPools(prepared.pb);
  const gasCostBase = 20n * book.baseCurrencyUnit;
  const parts: string[] = [];
  for (const priceStep of [undefined, 0]) {
    const n = priceStep === 0 ? Math.ceil(paths / 4) : paths;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = predictLiquidations(
      book,
      prices,
      {
        horizon: '1d',
        paths: n,
        seed: 1,
        liquidation: 'dex',
        dex: { pools, gasCostBase, priceStep },
      },
      prepared,
    );
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(c0).user / 1000;
    const d = r.dex!;
    parts.push(
      `PREDICT-DEX 1d ${n} paths grid ${d.priceStep} wall ${wall.toFixed(0)} ms cpu ${cpu.toFixed(0)} ms ` +
        `(${pools.length} pools, ${d.attempts} attempts, ${d.memoHits} from the grid, ` +
        `volume p99 $${r.protocol.liquidationVolumeUSD.p99.toFixed(0)}, unliquidated p99 ` +
        `$${r.protocol.unliquidatedDebtUSD!.p99.toFixed(0)})`,
    );
  }
  return parts.join(' | ');
}
