// Depth against the closed form of a full-range pool (constant product): selling token0 until the
// price falls by f takes L·(1/√P′ − 1/√P)/(1 − fee) of it, with √P′ = √P·√(1 − f); and a pool
// whose liquidity ends early says so instead of inventing depth.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { depth, DEPTH_IMPACTS_BPS } from './depth.ts';
import { getTickAtSqrtRatio } from './tick-math.ts';
import type { PoolState } from './pool-swap.ts';

const SQRT_2000 = 3543191142285914205922034323214n; // floor(√2000 · 2^96)

function pool(liquidity: bigint, lower = -887270, upper = 887270): PoolState {
  return {
    fee: 3000,
    tickSpacing: 10,
    sqrtPriceX96: SQRT_2000,
    tick: getTickAtSqrtRatio(SQRT_2000),
    liquidity,
    ticks: [
      { tick: lower, liquidityNet: liquidity },
      { tick: upper, liquidityNet: -liquidity },
    ],
  };
}

test('full-range depth equals the constant-product closed form at each reported impact', () => {
  const L = 10n ** 24n;
  const s = Number(SQRT_2000) / 2 ** 96;
  for (const bps of DEPTH_IMPACTS_BPS) {
    const f = bps / 10000;
    const s1 = s * Math.sqrt(1 - f);
    const sold0 = (Number(L) * (1 / s1 - 1 / s)) / (1 - 0.003);
    const d0 = depth(pool(L), true, bps);
    assert.equal(d0.exhausted, false);
    assert.ok(
      Math.abs(Number(d0.amountIn) / sold0 - 1) < 1e-9,
      `token0 at ${bps} bps: ${d0.amountIn} vs ${sold0}`,
    );
    // selling token1 until token1's price (1/P) falls by f: √P rises by 1/√(1 − f)
    const s2 = s / Math.sqrt(1 - f);
    const sold1 = (Number(L) * (s2 - s)) / (1 - 0.003);
    const d1 = depth(pool(L), false, bps);
    assert.ok(
      Math.abs(Number(d1.amountIn) / sold1 - 1) < 1e-9,
      `token1 at ${bps} bps: ${d1.amountIn} vs ${sold1}`,
    );
  }
});

test('a range that ends before the impact reports all it holds, as exhausted; bad impacts are refused', () => {
  const narrow = pool(
    10n ** 20n,
    getTickAtSqrtRatio(SQRT_2000) - 50,
    getTickAtSqrtRatio(SQRT_2000) + 50,
  );
  const d = depth(narrow, true, 1000);
  assert.equal(d.exhausted, true);
  assert.equal(
    depth(narrow, true, 500).amountIn,
    d.amountIn,
    'past the range end, more impact takes no more',
  );
  assert.ok(d.amountIn > 0n);
  assert.throws(() => depth(narrow, true, 0), /outside/);
  assert.throws(() => depth(narrow, true, 10000), /outside/);
});
