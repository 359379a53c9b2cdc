// Pins the forecast scores on values worked out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brierScore, logLoss, reliabilityTable, LOG_LOSS_EPSILON } from '@/lib/predict/scoring';

test('Brier score and log loss of a small set', () => {
  // (0.9−1)² + (0.2−0)² + (0.5−1)² + (0−0)² = 0.01 + 0.04 + 0.25 + 0 = 0.30, over 4
  assert.ok(Math.abs(brierScore([0.9, 0.2, 0.5, 0], [1, 0, 1, 0]) - 0.075) < 1e-12);
  // −(ln 0.9 + ln 0.8 + ln 0.5 + ln(1 − ε)) / 4
  const expected =
    -(Math.log(0.9) + Math.log(0.8) + Math.log(0.5) + Math.log(1 - LOG_LOSS_EPSILON)) / 4;
  assert.ok(Math.abs(logLoss([0.9, 0.2, 0.5, 0], [1, 0, 1, 0]) - expected) < 1e-12);
  // a 0/1 rule that misses once: the miss costs −ln ε, not infinity
  assert.ok(Math.abs(logLoss([0], [1]) + Math.log(LOG_LOSS_EPSILON)) < 1e-12);
});

test('reliability table: decile bins, 1 in the last', () => {
  const t = reliabilityTable([0.05, 0.07, 0.95, 1, 0.5], [0, 1, 1, 1, 0]);
  assert.equal(t.length, 10);
  assert.equal(t[0].count, 2);
  assert.ok(Math.abs(t[0].meanPredicted! - 0.06) < 1e-12);
  assert.equal(t[0].realisedRate, 0.5);
  assert.equal(t[9].count, 2);
  assert.equal(t[9].realisedRate, 1);
  assert.equal(t[5].count, 1);
  assert.equal(t[3].meanPredicted, null);
});
