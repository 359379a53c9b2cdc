// The interest-rate curve against values worked out by hand for the devnet's USDC strategy
// (optimal usage 90%, base 0, slopes 6% and 60%): below the kink 6% × u / 90%, above it
// 6% + 60% × (u − 90%) / 10%.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  borrowUsageRatio,
  curveChart,
  rateCurve,
  rateModel,
  variableBorrowRateRay,
} from '@/lib/risk/rate-curve';

const E25 = 10n ** 25n;
const USDC = rateModel({
  optimalUsageRatio: String(90n * E25),
  baseVariableBorrowRate: '0',
  variableRateSlope1: String(6n * E25),
  variableRateSlope2: String(60n * E25),
})!;

test('variable rate (ray): 45% → 3%, 90% → 6%, 95% → 36%, 100% → 66%, 0 → base', () => {
  // 45%: rayDiv(rayMul(6e25, 45e25), 90e25) = rayDiv(2.7e25, 9e26) = 3e25
  assert.equal(variableBorrowRateRay(USDC, 45n * E25), 3n * E25);
  assert.equal(variableBorrowRateRay(USDC, 90n * E25), 6n * E25);
  // 95%: excess = rayDiv(5e25, 1e26) = 5e26; 6e25 + rayMul(6e26, 5e26) = 6e25 + 3e26
  assert.equal(variableBorrowRateRay(USDC, 95n * E25), 36n * E25);
  assert.equal(variableBorrowRateRay(USDC, 100n * E25), 66n * E25);
  const based = { ...USDC, base: 2n * E25 };
  assert.equal(variableBorrowRateRay(based, 0n), 2n * E25);
});

test('usage ratio: debt / (available + debt), half-up; 0 without debt', () => {
  assert.equal(borrowUsageRatio(0n, 100n), 0n);
  assert.equal(borrowUsageRatio(1n, 2n), 333333333333333333333333333n); // 1/3, rounded down
  assert.equal(borrowUsageRatio(2n, 1n), 666666666666666666666666667n); // 2/3, rounded up
});

test('a model needs all four numbers and an optimal usage inside (0, 100%)', () => {
  assert.equal(rateModel({ optimalUsageRatio: String(90n * E25) }), null);
  const m = { baseVariableBorrowRate: '0', variableRateSlope1: '1', variableRateSlope2: '1' };
  assert.equal(rateModel({ ...m, optimalUsageRatio: '0' }), null);
  assert.equal(rateModel({ ...m, optimalUsageRatio: String(10n ** 27n) }), null);
});

test('the drawn curve has the kink as a point, and supply = borrow × u × (1 − reserve factor)', () => {
  const c = rateCurve({ ...USDC, optimal: 925n * 10n ** 24n }, 1000);
  const kink = c.find((p) => p.u === 92.5)!;
  assert.ok(kink, 'the kink at 92.5% is a point');
  // 6% at the kink; supply 6% × 0.925 × 0.9 = 4.995%
  assert.ok(Math.abs(kink.borrow - 6) < 1e-9, String(kink.borrow));
  assert.ok(Math.abs(kink.supply - 4.995) < 1e-9, String(kink.supply));
  assert.equal(c[0].u, 0);
  assert.equal(c[c.length - 1].u, 100);
  assert.ok(Math.abs(c[c.length - 1].borrow - 66) < 1e-9);
});

test('chart: strategy lines at every x, observed points and today as points only', () => {
  const observed = [{ u: 50, borrow: 3.4, supply: 1.5 }];
  const today = { u: 62.5, borrow: 4.2, supply: 2.4 };
  const c = curveChart(USDC, 1000, observed, today);
  assert.deepEqual(
    c.series.map((s) => s.label),
    ['Borrow APR (strategy)', 'Supply APR (strategy)', 'Borrow APR observed', 'Today'],
  );
  const i = c.labels.indexOf(62.5);
  assert.ok(i >= 0, 'today is on the x axis');
  // 6% × 62.5 / 90 = 4.1666…%
  assert.ok(Math.abs((c.series[0].data[i] as number) - 6 * (62.5 / 90)) < 1e-9);
  assert.equal(c.series[3].data.filter((v) => v !== null).length, 1);
  assert.equal(c.series[3].data[i], 4.2);
  assert.equal(c.series[2].data[c.labels.indexOf(50)], 3.4);
  assert.equal(c.series[2].showLine, false);
  // without a model: only what was observed, and the subtitle says why
  const bare = curveChart(null, 1000, observed, today);
  assert.deepEqual(
    bare.series.map((s) => s.label),
    ['Borrow APR observed', 'Today'],
  );
  assert.match(bare.note, /not indexed/);
});
