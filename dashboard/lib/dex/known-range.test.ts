// A pool known only in part (seeded by eth_call: DexPool.seededTickLower/Upper). Inside the known
// ticks it quotes exactly as the whole pool; a sale that would run past them is refused, and the
// depth stops at their edge. The edge's price is checked against the constant-product closed
// form: selling token0 from √P down to √P_edge takes L·(1/√P_edge − 1/√P)/(1 − fee).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { depth } from './depth.ts';
import { quoteExactInput, type PoolState } from './pool-swap.ts';
import { getSqrtRatioAtTick, getTickAtSqrtRatio } from './tick-math.ts';

const SQRT_2000 = 3543191142285914205922034323214n; // floor(√2000 · 2^96)
const L = 10n ** 24n;

function fullRange(knownRange?: PoolState['knownRange']): PoolState {
  return {
    fee: 3000,
    tickSpacing: 10,
    sqrtPriceX96: SQRT_2000,
    tick: getTickAtSqrtRatio(SQRT_2000),
    liquidity: L,
    ticks: [
      { tick: -887270, liquidityNet: L },
      { tick: 887270, liquidityNet: -L },
    ],
    ...(knownRange ? { knownRange } : {}),
  };
}

// tick of √2000: ln(2000)/ln(1.0001)/2 ≈ 76013 is the price tick; ±5,120 ticks ≈ ±67%/−40%.
const tick = getTickAtSqrtRatio(SQRT_2000);
const known = { lower: tick - 5120, upper: tick + 5120 };

test('inside the known ticks a quote equals the whole pool', () => {
  const amount = 10n ** 20n; // 100 token0: a small move
  assert.equal(
    quoteExactInput(fullRange(known), true, amount),
    quoteExactInput(fullRange(), true, amount),
  );
  assert.equal(
    quoteExactInput(fullRange(known), false, amount),
    quoteExactInput(fullRange(), false, amount),
  );
});

test('a sale past the known ticks is refused; the depth stops at their edge', () => {
  const s = Number(SQRT_2000) / 2 ** 96;
  const edge = Number(getSqrtRatioAtTick(known.lower)) / 2 ** 96;
  const toEdge = (Number(L) * (1 / edge - 1 / s)) / (1 - 0.003);
  assert.throws(
    () => quoteExactInput(fullRange(known), true, BigInt(Math.ceil(toEdge * 1.01))),
    /past the ticks known/,
  );
  assert.ok(quoteExactInput(fullRange(known), true, BigInt(Math.floor(toEdge * 0.99))) > 0n);
  // −50% needs a move past the edge (price × 0.6 there): the depth is the edge's, and says so.
  const d = depth(fullRange(known), true, 5000);
  assert.equal(d.exhausted, true);
  assert.ok(Math.abs(Number(d.amountIn) / toEdge - 1) < 1e-9, `${d.amountIn} vs ${toEdge}`);
  const whole = depth(fullRange(), true, 5000);
  assert.equal(whole.exhausted, false);
  assert.ok(whole.amountIn > d.amountIn);
  // −10% stays inside: the same as the whole pool.
  assert.deepEqual(depth(fullRange(known), true, 1000), depth(fullRange(), true, 1000));
});
