// Pins the path math on the hand-worked book (WETH collateral at LT 80%, DAI debt, no interest)
// with a price history whose filtered residuals are exactly ±1: WETH moves ±1% an hour,
// alternating, so the EWMA volatility stays 1% and every simulated path is a symmetric ±1% walk.
// The at-risk account (HF 1.0666…) is liquidated once the walk is 7 steps down (HF 0.9946; 6 down
// leaves 1.0046), so P(liquidation in 24 h) is the walk's first-passage probability, worked out
// here by dynamic programming over the walk, independently of the simulation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { handBook, HAND } from '@/test-fixtures/hand-book';
import { histogram, predictLiquidations } from '@/lib/predict/predict';
import type { PriceObservations } from '@/lib/predict/price-history';

const STEP = 0.01;

function alternatingHistory(endTime: number, hours: number): PriceObservations {
  const weth: Array<[number, number]> = [];
  let logPrice = 0;
  for (let t = 0; t <= hours; t++) {
    weth.push([endTime - (hours - t) * 3600, 2000 * Math.exp(logPrice)]);
    logPrice += t % 2 === 0 ? STEP : -STEP;
  }
  return { series: new Map([[0, weth]]) };
}

/** First passage of a symmetric ±1 walk to −k within n steps: P(τ ≤ n) and E[τ | τ ≤ n]. */
function firstPassage(k: number, n: number): { p: number; meanHour: number } {
  let dist = new Map<number, number>([[0, 1]]);
  let p = 0,
    hourSum = 0;
  for (let h = 1; h <= n; h++) {
    const next = new Map<number, number>();
    for (const [s, q] of dist)
      for (const d of [1, -1]) next.set(s + d, (next.get(s + d) ?? 0) + q / 2);
    const hit = next.get(-k) ?? 0;
    p += hit;
    hourSum += h * hit;
    next.delete(-k);
    dist = next;
  }
  return { p, meanHour: hourSum / p };
}

const book = handBook();
const history = alternatingHistory(book.block.timestamp, 48);
const byAccount = (r: ReturnType<typeof predictLiquidations>, a: string) =>
  r.accounts.find((x) => x.account === a)!;

test('one collateral asset on a ±1% walk: P(HF < 1 within 24 h) is the first-passage probability', () => {
  const r = predictLiquidations(book, history, { horizon: '1d', paths: 20_000, seed: 7 });
  assert.equal(r.method, 'ewma-filtered-historical-simulation');
  assert.deepEqual(r.history.marketsWithoutHistory, ['DAI']);
  const expected = firstPassage(7, 24);
  const atRisk = byAccount(r, HAND.atRisk);
  const se = Math.sqrt((expected.p * (1 - expected.p)) / r.paths);
  assert.ok(
    Math.abs(atRisk.pLiquidation - expected.p) < 4 * se,
    `${atRisk.pLiquidation} vs ${expected.p}`,
  );
  assert.ok(Math.abs(atRisk.expectedHoursToLiquidation! - expected.meanHour) < 0.5);
  // HF 0.9946 at the first passage: close factor 50% of the 1,500 DAI debt
  assert.ok(Math.abs(atRisk.expectedLiquidatedUSD - 750 * atRisk.pLiquidation) < 1e-6);
  // 1.6 needs 47 steps down: out of reach in 24
  const healthy = byAccount(r, HAND.healthy);
  assert.equal(healthy.pLiquidation, 0);
  assert.equal(healthy.expectedHoursToLiquidation, null);
  // HF 0.94 today: liquidated at hour 0 on every path, the whole 1,700 DAI (HF < 0.95)
  const now = byAccount(r, HAND.liquidatable);
  assert.equal(now.pLiquidation, 1);
  assert.equal(now.expectedHoursToLiquidation, 0);
  assert.ok(Math.abs(now.expectedLiquidatedUSD - 1700) < 1e-6);
  // the insolvent account has nothing to seize: not a liquidation candidate
  assert.equal(byAccount(r, HAND.insolvent), undefined);
  assert.equal(r.protocol.insolventAccounts, 1);
  // volume: 1,700 always, + 750 on the paths where the at-risk account goes (≈ 15% of them)
  assert.equal(r.protocol.liquidationVolumeUSD.p50, 1700);
  assert.equal(r.protocol.liquidationVolumeUSD.p95, 2450);
  assert.deepEqual(r.protocol.newBadDebtUSD, { mean: 0, p50: 0, p95: 0, p99: 0, es99: 0 });
});

test('the same seed gives the same prediction, another seed another sample', () => {
  const a = predictLiquidations(book, history, { horizon: '1d', paths: 2000, seed: 3 });
  const b = predictLiquidations(book, history, { horizon: '1d', paths: 2000, seed: 3 });
  const c = predictLiquidations(book, history, { horizon: '1d', paths: 2000, seed: 4 });
  assert.deepEqual(a, b);
  assert.notEqual(byAccount(a, HAND.atRisk).pLiquidation, byAccount(c, HAND.atRisk).pLiquidation);
});

test('7 days: the same walk over 168 steps', () => {
  const r = predictLiquidations(book, history, { horizon: '7d', paths: 10_000, seed: 11 });
  const expected = firstPassage(7, 168);
  const p = byAccount(r, HAND.atRisk).pLiquidation;
  assert.ok(Math.abs(p - expected.p) < 4 * Math.sqrt((expected.p * (1 - expected.p)) / 10_000));
  assert.ok(p > firstPassage(7, 24).p);
});

test('no price history: prices held, only today’s liquidatable account is predicted, and said so', () => {
  const r = predictLiquidations(book, { series: new Map() }, { horizon: '1d', paths: 500 });
  assert.equal(r.method, 'held-prices');
  assert.deepEqual(r.history.marketsWithoutHistory, ['WETH', 'DAI']);
  assert.match(r.notes[0], /fewer than 48 hourly oracle returns/);
  assert.equal(byAccount(r, HAND.atRisk).pLiquidation, 0);
  assert.equal(byAccount(r, HAND.liquidatable).pLiquidation, 1);
  for (const a of r.accounts) assert.ok(Number.isFinite(a.pLiquidation));
});

/** P(S_h = s) of the symmetric ±1 walk after h steps, s = −h, −h + 2, … h. */
function walkLaw(h: number): Map<number, number> {
  const law = new Map<number, number>();
  let c = 1; // C(h, 0)
  for (let up = 0; up <= h; up++) {
    law.set(2 * up - h, c / 2 ** h);
    c = (c * (h - up)) / (up + 1);
  }
  return law;
}

test('the fan: HF percentiles per hour are the walk’s quantiles, the same paths as the whole book', () => {
  const paths = 20_000;
  const whole = predictLiquidations(book, history, { horizon: '1d', paths, seed: 7 });
  const one = predictLiquidations(book, history, {
    horizon: '1d',
    paths,
    seed: 7,
    accounts: [HAND.atRisk.toUpperCase().replace('0X', '0x')],
    fan: true,
  });
  // one account modelled: its figures equal the whole book's (same seed, same price paths)
  assert.deepEqual(one.accounts, [byAccount(whole, HAND.atRisk)]);
  assert.match(one.notes.join(' '), /Only 1 of the book's accounts modelled/);
  const [fan] = one.fans!;
  assert.equal(fan.account, HAND.atRisk);
  assert.deepEqual(fan.quantiles, [0.05, 0.25, 0.5, 0.75, 0.95]);
  const hf0 = 1600 / 1500;
  assert.ok(Math.abs(fan.bands[2][0] - hf0) < 1e-12);
  let checked = 0;
  for (const h of [6, 12, 24]) {
    const law = [...walkLaw(h)].sort((a, b) => a[0] - b[0]);
    fan.quantiles.forEach((q, k) => {
      // the smallest s with P(S_h ≤ s) ≥ q; skip a quantile whose CDF step sits near q
      let before = 0,
        i = 0;
      while (before + law[i][1] < q) before += law[i++][1];
      const s = law[i][0];
      const se = Math.sqrt((q * (1 - q)) / paths);
      if (q - before < 4 * se) return;
      checked++;
      const expected = hf0 * Math.exp(STEP * s);
      assert.ok(Math.abs(fan.bands[k][h] - expected) < 1e-9, `h ${h} q ${q}: ${fan.bands[k][h]}`);
    });
    // HF < 1 at hour h: 7 or more steps down on balance (6 down leaves HF 1.0046)
    const p = law.filter(([v]) => v <= -7).reduce((t, [, pr]) => t + pr, 0);
    const se = Math.sqrt((p * (1 - p)) / paths) || 1 / paths;
    assert.ok(Math.abs(fan.belowOne[h] - p) < 4 * se, `h ${h}: ${fan.belowOne[h]} vs ${p}`);
  }
  assert.ok(checked >= 10, `only ${checked} quantiles away from a step`);
});

test('histogram: zero paths apart, equal bins over (0, max]', () => {
  assert.deepEqual(histogram(Float64Array.from([0, 0, 1, 2, 4, 10]), 5), {
    zeroPaths: 2,
    edges: [0, 2, 4, 6, 8, 10],
    counts: [1, 1, 1, 0, 1],
  });
  assert.deepEqual(histogram(Float64Array.from([0, 0])), { zeroPaths: 2, edges: [], counts: [] });
  const r = predictLiquidations(book, history, { horizon: '1d', paths: 2000, seed: 3 });
  const v = r.protocol.distribution.liquidationVolumeUSD;
  // every path liquidates the 1,700 DAI account at hour 0: no path is zero, all counted once
  assert.equal(v.zeroPaths, 0);
  assert.equal(
    v.counts.reduce((s, c) => s + c, 0),
    2000,
  );
  // the largest path adds the at-risk account's 750 (about 15% of paths have it)
  assert.ok(Math.abs(v.edges.at(-1)! - 2450) < 1e-6);
  // 1,700 falls in bin ⌊1700 / 122.5⌋ = 13, 2,450 in the last: the at-risk account's paths
  assert.equal(v.counts.at(-1), Math.round(byAccount(r, HAND.atRisk).pLiquidation * 2000));
  assert.equal(v.counts[13], 2000 - v.counts.at(-1)!);
  assert.equal(r.protocol.distribution.newBadDebtUSD.zeroPaths, 2000);
});
