// WadRayMath / MathUtils against @aave/math-utils (Aave's own JS library) on random and edge inputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as au from '@aave/math-utils';
import {
  rayMul,
  rayDiv,
  linearInterest,
  compoundedInterest,
  normalizedIncome,
  RAY,
  wadDiv,
  percentMul,
  percentDiv,
} from '@/lib/risk/math';
import { rng, randBig } from '@/test-fixtures/synthetic-book';

const bn = (x: bigint) => x.toString();
const big = (x: { toFixed: (n: number) => string }) => BigInt(x.toFixed(0));

test('rayMul / rayDiv equal math-utils exactly (half-up) on 2,000 random and edge inputs', () => {
  const r = rng(7);
  const edge = [0n, 1n, RAY / 2n, RAY / 2n - 1n, RAY, RAY + 1n, 10n ** 40n, 3n];
  const cases: Array<[bigint, bigint]> = [];
  for (const a of edge) for (const b of edge) cases.push([a, b]);
  for (let i = 0; i < 2000; i++)
    cases.push([randBig(r, 1 + Math.floor(r() * 40)), randBig(r, 1 + Math.floor(r() * 30))]);
  for (const [a, b] of cases) {
    assert.equal(rayMul(a, b), big(au.rayMul(bn(a), bn(b))), `rayMul(${a}, ${b})`);
    if (b !== 0n) assert.equal(rayDiv(a, b), big(au.rayDiv(bn(a), bn(b))), `rayDiv(${a}, ${b})`);
  }
});

test('wadDiv, percentMul, percentDiv round half up like the Solidity libraries', () => {
  assert.equal(wadDiv(1n, 3n), 333333333333333333n);
  assert.equal(wadDiv(2n, 3n), 666666666666666667n);
  assert.equal(percentMul(15n, 5000n), 8n); // 7.5 → 8
  assert.equal(percentMul(14999n, 1n), 1n); // 1.4999 → 1
  assert.equal(percentMul(5000n, 1n), 1n); // 0.5 → 1
  assert.equal(percentMul(4999n, 1n), 0n);
  assert.equal(percentDiv(10500n, 10500n), 10000n);
  assert.equal(percentDiv(1n, 20000n), 1n); // 0.5 → 1
});

test('linear interest and normalized income match math-utils within its own rounding', () => {
  const r = rng(11);
  for (let i = 0; i < 1000; i++) {
    const rate = randBig(r, 20 + Math.floor(r() * 8)); // up to ~1000% APR in ray
    const last = 1_600_000_000 + Math.floor(r() * 1e8);
    const dt = i < 5 ? i : Math.floor(r() * 3 * 365 * 86400);
    const ours = linearInterest(rate, BigInt(last), BigInt(last + dt));
    const theirs = big(
      au.calculateLinearInterest({
        rate: bn(rate),
        lastUpdateTimestamp: last,
        currentTimestamp: last + dt,
      }),
    );
    // math-utils rounds Δt/year in ray first: differs from Solidity by ≤ rate/1e27 + 1
    const tol = rate / RAY + 2n;
    assert.ok(
      (ours - theirs < 0n ? theirs - ours : ours - theirs) <= tol,
      `linear rate=${rate} dt=${dt}: ${ours} vs ${theirs}`,
    );
    const index = RAY + randBig(r, 26);
    const ni = normalizedIncome(index, rate, BigInt(last), BigInt(last + dt));
    const niTheirs = big(
      au.getReserveNormalizedIncome({
        rate: bn(rate),
        index: bn(index),
        lastUpdateTimestamp: last,
        currentTimestamp: last + dt,
      }),
    );
    const d = ni - niTheirs < 0n ? niTheirs - ni : ni - niTheirs;
    assert.ok(d <= tol * 3n + 2n, `normalized income rate=${rate} dt=${dt}: ${ni} vs ${niTheirs}`);
  }
});

test('compounded interest (3-term Taylor) matches math-utils within per-second-rate rounding', () => {
  const r = rng(13);
  for (let i = 0; i < 1000; i++) {
    const rate = randBig(r, 20 + Math.floor(r() * 8));
    const last = 1_600_000_000;
    const dt = i < 5 ? i : Math.floor(r() * 2 * 365 * 86400);
    const ours = compoundedInterest(rate, BigInt(last), BigInt(last + dt));
    const theirs = big(
      au.calculateCompoundedInterest({
        rate: bn(rate),
        lastUpdateTimestamp: last,
        currentTimestamp: last + dt,
      }),
    );
    if (dt === 0) {
      assert.equal(ours, RAY);
      assert.equal(theirs, RAY);
      continue;
    }
    // both truncate the per-second powers (Solidity: rate²/year², rate³/year³; math-utils: rate/year)
    // to integers, each unit of truncation is multiplied by its Taylor coefficient:
    const e = BigInt(dt);
    const tol = 2n * ((e * (e - 1n) * (e > 2n ? e - 2n : 0n)) / 6n + e * e + e) + 10n;
    const d = ours - theirs < 0n ? theirs - ours : ours - theirs;
    assert.ok(d <= tol, `compounded rate=${rate} dt=${dt}: ${ours} vs ${theirs} (tol ${tol})`);
    // and stay within 1e-4 of the true 3-term series (Solidity truncates rate³/year³ hard at low rates)
    const x = (Number(rate) / 1e27) * (dt / (365 * 86400));
    const series = 1 + x + (x * x) / 2 + (x * x * x) / 6;
    assert.ok(
      Math.abs(Number(ours) / 1e27 / series - 1) < 1e-4,
      `rate=${rate} dt=${dt}: ${Number(ours) / 1e27} vs series ${series}`,
    );
  }
  // a known value: 10% APR for one year ≈ e^0.1 − 1 ≈ 10.5167% (Taylor to 3 terms: 10.5166…%)
  const y = compoundedInterest(10n ** 26n, 0n, 365n * 86400n);
  assert.ok(Number(y - RAY) / 1e27 > 0.10516 && Number(y - RAY) / 1e27 < 0.10518);
});
