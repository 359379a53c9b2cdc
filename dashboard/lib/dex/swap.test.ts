// Pins our Uniswap V3 math to @uniswap/v3-sdk, an independent implementation of the core
// contracts' arithmetic: tick ↔ sqrt price over the whole range, single swap steps with random
// inputs, and whole swaps across many initialised ticks and bitmap words. The devnet test
// (tests/e2e/dex-quoter.test.ts) checks the same functions against QuoterV2 on the real contracts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import JSBI from 'jsbi';
import { CurrencyAmount, Token } from '@uniswap/sdk-core';
import { Pool, SwapMath, TickMath } from '@uniswap/v3-sdk';
import {
  getSqrtRatioAtTick,
  getTickAtSqrtRatio,
  MAX_TICK,
  MIN_TICK,
  MIN_SQRT_RATIO,
  MAX_SQRT_RATIO,
} from '@/lib/dex/tick-math.ts';
import { computeSwapStep } from '@/lib/dex/swap-math.ts';
import { quoteExactInput, swap, type PoolState } from '@/lib/dex/pool-swap.ts';

const J = (x: bigint) => JSBI.BigInt(x.toString());
const B = (x: JSBI) => BigInt(x.toString());

/** Deterministic xorshift so failures reproduce. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}
const randBig = (r: () => number, bits: number) => {
  let x = 0n;
  for (let i = 0; i < bits; i += 16) x = (x << 16n) | BigInt(Math.floor(r() * 65536));
  return x & ((1n << BigInt(bits)) - 1n);
};

test('getSqrtRatioAtTick equals the SDK at the ends, around zero and at 2,000 random ticks', () => {
  const r = rng(7);
  const ticks = [MIN_TICK, MAX_TICK, 0, 1, -1, 2, -2, 887271, -887271, 69081, -69082];
  for (let i = 0; i < 2000; i++) ticks.push(Math.floor(r() * (MAX_TICK - MIN_TICK + 1)) + MIN_TICK);
  for (const t of ticks)
    assert.equal(getSqrtRatioAtTick(t), B(TickMath.getSqrtRatioAtTick(t)), `tick ${t}`);
  assert.equal(getSqrtRatioAtTick(MIN_TICK), MIN_SQRT_RATIO);
  assert.equal(getSqrtRatioAtTick(MAX_TICK), MAX_SQRT_RATIO);
  assert.throws(() => getSqrtRatioAtTick(MAX_TICK + 1), /outside/);
});

test('getTickAtSqrtRatio equals the SDK at tick boundaries and at random prices', () => {
  const r = rng(11);
  const prices = [MIN_SQRT_RATIO, MAX_SQRT_RATIO - 1n, 2n ** 96n, 2n ** 96n - 1n];
  for (let i = 0; i < 300; i++) {
    const t = Math.floor(r() * (MAX_TICK - MIN_TICK)) + MIN_TICK;
    const p = getSqrtRatioAtTick(t);
    prices.push(p, p - 1n, p + 1n);
  }
  for (const p of prices) {
    if (p < MIN_SQRT_RATIO || p >= MAX_SQRT_RATIO) continue;
    assert.equal(getTickAtSqrtRatio(p), TickMath.getTickAtSqrtRatio(J(p)), `sqrt price ${p}`);
  }
});

test('computeSwapStep equals the SDK for 3,000 random steps, exact in and exact out', () => {
  const r = rng(3);
  const fees = [100, 500, 3000, 10000];
  for (let i = 0; i < 3000; i++) {
    const a = getSqrtRatioAtTick(Math.floor(r() * 400000) - 200000);
    const b = getSqrtRatioAtTick(Math.floor(r() * 400000) - 200000);
    const liquidity = randBig(r, 16 + Math.floor(r() * 100)) + 1n;
    const magnitude = randBig(r, 8 + Math.floor(r() * 120)) + 1n;
    const amount = r() < 0.5 ? magnitude : -magnitude;
    const fee = fees[i % fees.length];
    const ours = computeSwapStep(a, b, liquidity, amount, fee);
    const [next, amountIn, amountOut, feeAmount] = SwapMath.computeSwapStep(
      J(a),
      J(b),
      J(liquidity),
      J(amount),
      fee,
    );
    assert.deepEqual(
      [ours.sqrtPriceNextX96, ours.amountIn, ours.amountOut, ours.feeAmount],
      [B(next), B(amountIn), B(amountOut), B(feeAmount)],
      `step ${i}: ${a} → ${b}, L ${liquidity}, amount ${amount}, fee ${fee}`,
    );
  }
});

/** A pool with overlapping positions at random ranges, as our state and as the SDK's Pool. */
function randomPool(seed: number, fee: number, spacing: number) {
  const r = rng(seed);
  const net = new Map<number, bigint>();
  const tick0 = Math.floor(r() * 2000 - 1000) * spacing + Math.floor(r() * spacing);
  let liquidity = 0n;
  for (let i = 0; i < 12; i++) {
    const width = (1 + Math.floor(r() * 600)) * spacing;
    const lower = Math.floor((tick0 - r() * width) / spacing) * spacing;
    const upper = lower + width;
    const l = randBig(r, 40 + Math.floor(r() * 40)) + 1n;
    net.set(lower, (net.get(lower) ?? 0n) + l);
    net.set(upper, (net.get(upper) ?? 0n) - l);
    if (lower <= tick0 && tick0 < upper) liquidity += l;
  }
  const ticks = [...net]
    .filter(([, n]) => n !== 0n)
    .sort((x, y) => x[0] - y[0])
    .map(([tick, liquidityNet]) => ({ tick, liquidityNet }));
  const sqrtPriceX96 = getSqrtRatioAtTick(tick0) + randBig(r, 60);
  const tick = getTickAtSqrtRatio(sqrtPriceX96);
  const state: PoolState = { fee, tickSpacing: spacing, sqrtPriceX96, tick, liquidity, ticks };
  const token0 = new Token(1, '0x' + '1'.repeat(40), 18);
  const token1 = new Token(1, '0x' + '2'.repeat(40), 18);
  const gross = new Map<number, bigint>();
  for (const [t, n] of net) gross.set(t, n < 0n ? -n : n);
  const sdkTicks = ticks.map((t) => ({
    index: t.tick,
    liquidityNet: J(t.liquidityNet),
    liquidityGross: J(gross.get(t.tick)! * 2n),
  }));
  const sdk = new Pool(token0, token1, fee, J(sqrtPriceX96), J(liquidity), tick, sdkTicks);
  return { state, sdk, token0, token1, r };
}

test('whole swaps across ticks and bitmap words equal the SDK Pool, both directions, in sequence', async () => {
  let checked = 0;
  for (const [seed, fee, spacing] of [
    [1, 500, 10],
    [2, 3000, 60],
    [3, 10000, 200],
    [4, 100, 1],
  ] as const) {
    let { state, sdk, token0, token1, r } = randomPool(seed, fee, spacing);
    for (let k = 0; k < 12; k++) {
      const zeroForOne = r() < 0.5;
      const amountIn = randBig(r, 40 + Math.floor(r() * 50)) + 1n;
      let expected: [bigint, Pool] | null;
      try {
        const [out, after] = await sdk.getOutputAmount(
          CurrencyAmount.fromRawAmount(zeroForOne ? token0 : token1, amountIn.toString()),
        );
        expected = [BigInt(out.quotient.toString()), after];
      } catch {
        expected = null; // the SDK refuses swaps that run out of liquidity; skip those
      }
      if (!expected) continue;
      const result = swap(state, zeroForOne, amountIn);
      assert.equal(
        quoteExactInput(state, zeroForOne, amountIn),
        expected[0],
        `seed ${seed} swap ${k}`,
      );
      assert.equal(
        result.state.sqrtPriceX96,
        B(expected[1].sqrtRatioX96),
        `seed ${seed} swap ${k} price`,
      );
      assert.equal(result.state.tick, expected[1].tickCurrent, `seed ${seed} swap ${k} tick`);
      assert.equal(
        result.state.liquidity,
        B(expected[1].liquidity),
        `seed ${seed} swap ${k} liquidity`,
      );
      state = result.state;
      sdk = expected[1];
      checked++;
    }
  }
  assert.ok(checked >= 30, `only ${checked} swaps were comparable`);
});

test('swap refuses a zero amount and a price limit on the wrong side', () => {
  const { state } = randomPool(5, 3000, 60);
  assert.throws(() => swap(state, true, 0n), /must not be zero/);
  assert.throws(() => swap(state, true, 10n, state.sqrtPriceX96 + 1n), /wrong side/);
});
