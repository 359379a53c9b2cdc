// Pins the oracle → pool price conversion: the integer square root is the floor, the oracle
// sqrtPriceX96 is floor(sqrt(p0·10^d1·2^192 / (p1·10^d0))) and matches the float price, and
// position ranges sit on the tick spacing around the price.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  approximateTick,
  deviationBps,
  isqrt,
  MAX_TICK,
  oracleSqrtPriceX96,
  Q96,
  rangeAround,
} from './price-math.ts';

test('isqrt is the floor of the square root', () => {
  for (const n of [0n, 1n, 2n, 3n, 4n, 15n, 16n, 17n, 10n ** 40n + 7n, (1n << 200n) - 1n]) {
    const r = isqrt(n);
    assert.ok(r * r <= n && (r + 1n) * (r + 1n) > n, `isqrt(${n}) = ${r}`);
  }
});

test('oracle sqrtPriceX96: WETH (18) / USDC (6) at $3,000 and the exact floor property', () => {
  const p0 = 3000n * 10n ** 8n;
  const p1 = 10n ** 8n;
  const s = oracleSqrtPriceX96(p0, 18, p1, 6);
  const x = (p0 * 10n ** 6n * (1n << 192n)) / (p1 * 10n ** 18n);
  assert.ok(s * s <= x && (s + 1n) * (s + 1n) > x);
  const price = (Number(s) / Number(Q96)) ** 2; // USDC base units per wei
  assert.ok(Math.abs(price / 3e-9 - 1) < 1e-9, `price ${price}`);
  // The reverse pair is the reciprocal (up to flooring).
  const r = oracleSqrtPriceX96(p1, 6, p0, 18);
  assert.ok(Math.abs((Number(s) * Number(r)) / Number(Q96) ** 2 - 1) < 1e-12);
});

test('deviationBps: 1% above and below', () => {
  const t = 10n ** 30n;
  assert.equal(deviationBps(t, t), 0n);
  assert.equal(deviationBps(isqrt((t * t * 10_100n) / 10_000n), t), 99n); // floor of 99.99…
  assert.equal(deviationBps(isqrt((t * t * 9_800n) / 10_000n) + 1n, t), 199n);
});

test('ranges: on the spacing, around the tick, full range inside the tick bounds', () => {
  const tick = approximateTick(oracleSqrtPriceX96(3000n * 10n ** 8n, 18, 10n ** 8n, 6));
  assert.ok(Math.abs(tick - Math.log(3e-9) / Math.log(1.0001)) < 1e-6);
  for (const spacing of [1, 10, 60, 200]) {
    for (const f of [0.005, 0.02, 0.1] as const) {
      const [lo, hi] = rangeAround(tick, f, spacing);
      assert.ok(lo % spacing === 0 && hi % spacing === 0 && lo < tick && hi > tick);
      assert.ok(hi - tick >= Math.log(1 + f) / Math.log(1.0001) - 1e-9);
    }
    const [lo, hi] = rangeAround(tick, 'full', spacing);
    assert.ok(lo >= -MAX_TICK && hi <= MAX_TICK && hi + spacing > MAX_TICK && lo % spacing === 0);
  }
});
