// VaR pins: figures are increases over today's book (existing bad debt is not a new loss), each
// result says how many scenarios it rests on, overlapping h-day windows see a crash in the
// windows that contain it, and with a short history the bootstrap gives 95% and 99% figures
// that differ from each other and from the worst case. Expected values come from the exact
// engine (exactScenario) or from counting, never from historicalVar itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareBook } from '@/lib/risk/engine';
import { exactScenario, floatBook } from '@/lib/risk/analysis';
import { percentile, historicalVar } from '@/lib/risk/var';
import { syntheticBook } from '@/test-fixtures/synthetic-book';
import type { PriceHistory } from '@/lib/risk/types';

const book = syntheticBook(3000, 9);
const pb = prepareBook(book);
const fb = floatBook(pb);

/** price path per market index: f(day offset) for WETH/wstETH (0, 1), 1 for the others */
function history(days: number, eth: (d: number) => number): PriceHistory {
  const series = new Map<number, Array<[number, number]>>();
  book.markets.forEach((_, i) =>
    series.set(
      i,
      Array.from({ length: days }, (_, d) => [100 + d, i <= 1 ? eth(d) : 1] as [number, number]),
    ),
  );
  return { series };
}

test('nearest-rank percentile', () => {
  const xs = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentile(xs, 0.95), 95);
  assert.equal(percentile(xs, 0.99), 99);
  assert.equal(percentile([], 0.99), 0);
});

test('bad debt that exists today is not a loss: flat prices give zero, today is reported', () => {
  // LINK at a tenth of its price leaves some borrowers underwater today
  const shaky = syntheticBook(3000, 9);
  shaky.markets[5].priceBase /= 10n;
  const spb = prepareBook(shaky);
  const sfb = floatBook(spb);
  const now = exactScenario(spb, sfb, new Map()).totals;
  assert.ok(now.badDebt > 0, 'the book has bad debt today');
  const v = historicalVar(
    spb,
    sfb,
    history(40, () => 1),
    365,
    10,
  );
  for (const f of [v.badDebt, v.liquidationVolume, v.debtAtRisk])
    assert.deepEqual([f.p95, f.p99, f.max], ['0', '0', '0']);
  assert.ok(Math.abs(Number(v.badDebt.today) - now.badDebt) <= now.badDebt * 1e-6 + 1);
  assert.ok(
    Math.abs(Number(v.liquidationVolume.today) - now.liquidatableDebt) <=
      now.liquidatableDebt * 1e-6 + 1,
  );
});

test('overlapping 10-day windows: the crash is in 10 of 290 windows, p99 sees it, p95 does not', () => {
  // 300 days, WETH and wstETH fall 40% on day 150 and stay there
  const v = historicalVar(
    pb,
    fb,
    history(300, (d) => (d >= 150 ? 0.6 : 1)),
    365,
    10,
  );
  assert.equal(v.window.method, 'overlapping-windows');
  assert.equal(v.window.scenarios, 290);
  assert.equal(v.window.dailyReturns, 299);
  // nearest rank: p95 is rank 276 of 290 (15 scenarios at or beyond it), p99 rank 288 (3)
  assert.deepEqual(v.tailScenarios, { p95: 15, p99: 3 });
  const today = exactScenario(pb, fb, new Map()).totals;
  const crash = exactScenario(
    pb,
    fb,
    new Map([
      [0, 4000],
      [1, 4000],
    ]),
  ).totals;
  const added = crash.liquidatableDebt - today.liquidatableDebt;
  assert.ok(added > 0);
  assert.ok(
    Math.abs(Number(v.liquidationVolume.p99) - added) <= added * 0.01,
    `${v.liquidationVolume.p99} vs ${added}`,
  );
  assert.equal(v.liquidationVolume.p95, '0');
});

test('short history: a bootstrap of 10-day paths gives distinct 95%, 99% and worst figures', () => {
  // 40 days of ETH moving by one of −6 … +4 % a day (a fixed cycle, so the test is deterministic)
  const steps = [-0.06, 0.04, -0.03, 0.02, -0.01, 0.03, -0.045, 0.01, 0.0, -0.02];
  let p = 1;
  const path = Array.from({ length: 40 }, (_, d) =>
    d === 0 ? p : (p *= 1 + steps[d % steps.length]),
  );
  const v = historicalVar(
    pb,
    fb,
    history(40, (d) => path[d]),
    365,
    10,
  );
  assert.equal(v.window.method, 'bootstrap');
  assert.equal(v.window.scenarios, 1000);
  assert.equal(v.window.dailyReturns, 39);
  assert.deepEqual(v.tailScenarios, { p95: 51, p99: 11 });
  const [p95, p99, max] = [
    v.liquidationVolume.p95,
    v.liquidationVolume.p99,
    v.liquidationVolume.max,
  ].map(Number);
  assert.ok(p95 > 0 && p95 < p99 && p99 < max, `p95 ${p95} < p99 ${p99} < max ${max}`);
  // same inputs, same answer (seeded)
  assert.deepEqual(
    historicalVar(
      pb,
      fb,
      history(40, (d) => path[d]),
      365,
      10,
    ),
    v,
  );
});

test('1-day horizon uses the daily returns themselves and says how few there are', () => {
  const v = historicalVar(
    pb,
    fb,
    history(30, (d) => (d >= 10 ? 0.6 : 1)),
    365,
    1,
  );
  assert.deepEqual(v.window, {
    fromDay: 100,
    toDay: 129,
    days: 30,
    dailyReturns: 29,
    scenarios: 29,
    horizonDays: 1,
    method: 'overlapping-windows',
  });
  // with 29 scenarios the 99th percentile is the worst one: 1 scenario at or beyond it
  assert.deepEqual(v.tailScenarios, { p95: 2, p99: 1 });
  assert.equal(v.liquidationVolume.p99, v.liquidationVolume.max);
});
