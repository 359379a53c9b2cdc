// Pins the float-to-base-unit rule the simulation's amounts go through, and `largest`'s ties.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { A, largest, toFloat, units } from './amounts.ts';

test('units floors at 6 decimals and scales to the token decimals', () => {
  assert.equal(units(1.23456789, 18), 1_234_567_000_000_000_000n);
  assert.equal(units(2.5, 6), 2_500_000n);
  assert.equal(units(0.0000009, 6), 0n);
  assert.equal(units(-1, 18), 0n);
  assert.equal(units(Number.NaN, 18), 0n);
  assert.equal(units(Infinity, 18), 0n);
  assert.equal(toFloat(1_500_000n, 6), 1.5);
});

test('largest: index of the largest positive value, first on ties, -1 when none', () => {
  assert.equal(largest([1, 5, 5, 2]), 1);
  assert.equal(largest([0, 0, 0]), -1);
  assert.equal(largest([-3, -1]), -1);
  assert.equal(A.WETH, 0);
  assert.equal(A.TBILL, 7);
});
