// Platt scaling recovers the parameters of a known logistic link from outcomes drawn with it,
// refuses to fit on too few of either class, and the online recalibration uses only forecasts
// whose window had closed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyPlatt,
  fitPlatt,
  recalibrateOnline,
  type DatedForecast,
} from '@/lib/predict/calibration';
import { seededRandom } from '@/lib/risk/random';

test('fitPlatt: outcomes drawn from σ(0.5·logit(p) − 1) give back a ≈ 0.5, b ≈ −1', () => {
  const random = seededRandom(5);
  const p: number[] = [],
    y: number[] = [];
  for (let i = 0; i < 40_000; i++) {
    const q = random();
    const z = 0.5 * Math.log(q / (1 - q)) - 1;
    p.push(q);
    y.push(random() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
  }
  const m = fitPlatt(p, y)!;
  assert.ok(Math.abs(m.a - 0.5) < 0.03 && Math.abs(m.b + 1) < 0.05, `${m.a} ${m.b}`);
  // a calibrated input stays (nearly) as it is: a ≈ 1, b ≈ 0
  const y2 = p.map((q) => (random() < q ? 1 : 0));
  const id = fitPlatt(p, y2)!;
  assert.ok(Math.abs(id.a - 1) < 0.05 && Math.abs(id.b) < 0.05, `${id.a} ${id.b}`);
  assert.ok(Math.abs(applyPlatt(id, 0.3) - 0.3) < 0.02);
});

test('fitPlatt: fewer than 3 of either class is no fit', () => {
  assert.equal(fitPlatt([0.1, 0.2, 0.9, 0.8], [0, 0, 1, 1]), null);
  assert.notEqual(fitPlatt([0.1, 0.2, 0.3, 0.9, 0.8, 0.7], [0, 0, 0, 1, 1, 1]), null);
});

test('recalibrateOnline: only closed windows before the forecast, liquidatable-now untouched', () => {
  const day = 86400;
  const row = (d: number, p: number, y: 0 | 1, now = false): DatedForecast => ({
    madeAt: d * day,
    closesAt: (d + 1) * day,
    pLiquidation: p,
    liquidatableNow: now,
    liquidated: y,
  });
  // day 0 and 1: the model says 0.6 and nobody is liquidated, then 0.1 and all are
  const rows = [
    ...[0, 1, 2, 3].map(() => row(0, 0.6, 0)),
    ...[0, 1, 2].map(() => row(0, 0.1, 1)),
    row(0, 1, 1, true),
    row(1, 0.6, 0),
    row(2, 0.6, 0),
  ];
  const out = recalibrateOnline(rows);
  // day 0: nothing closed yet → raw; the liquidatable-now row stays 1
  assert.deepEqual(out.slice(0, 8), [0.6, 0.6, 0.6, 0.6, 0.1, 0.1, 0.1, 1]);
  // day 1 and 2: fitted on day 0's seven forecasts (day 1's window closes at day 2) → 0.6 falls
  const m = fitPlatt([0.6, 0.6, 0.6, 0.6, 0.1, 0.1, 0.1], [0, 0, 0, 0, 1, 1, 1])!;
  assert.equal(out[8], applyPlatt(m, 0.6));
  assert.ok(out[8] < 0.05);
  const m2 = fitPlatt([0.6, 0.6, 0.6, 0.6, 0.1, 0.1, 0.1, 0.6], [0, 0, 0, 0, 1, 1, 1, 0])!;
  assert.equal(out[9], applyPlatt(m2, 0.6));
});
