// Pins the oracle's pool price to square roots worked out independently (Python's math.isqrt on
// the same fraction), and checks that an arbitrage swap lands on it exactly.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getTickAtSqrtRatio, MAX_SQRT_RATIO, MIN_SQRT_RATIO } from './tick-math';
import { arbitrageTo, oracleSqrtPriceX96 } from './oracle-price';
import type { PoolState } from './pool-swap';

const E18 = 10n ** 18n;

test('oracleSqrtPriceX96: the Q64.96 root of token0 priced in raw token1 units', () => {
  // isqrt(2000 · 2^192): WETH $2,000 against DAI $1, both 18 decimals
  assert.equal(
    oracleSqrtPriceX96(2000_00000000n, E18, 1_00000000n, E18),
    3543191142285914205922034323214n,
  );
  // isqrt(3000 · 10^6 · 2^192 / 10^18): WETH $3,000 against USDC $1 with 6 decimals
  assert.equal(
    oracleSqrtPriceX96(3000_00000000n, E18, 1_00000000n, 10n ** 6n),
    4339505179874779489431521n,
  );
});

test('oracleSqrtPriceX96: clamped inside the pool price range; non-positive prices refused', () => {
  assert.equal(oracleSqrtPriceX96(1n, 10n ** 40n, 10n ** 30n, 1n), MIN_SQRT_RATIO + 1n);
  assert.equal(oracleSqrtPriceX96(10n ** 30n, 1n, 1n, 10n ** 40n), MAX_SQRT_RATIO - 1n);
  assert.throws(() => oracleSqrtPriceX96(0n, E18, 1n, E18), /must be positive/);
});

function fullRange(sqrtPriceX96: bigint, liquidity: bigint): PoolState {
  const edge = 887270;
  return {
    fee: 500,
    tickSpacing: 10,
    sqrtPriceX96,
    tick: getTickAtSqrtRatio(sqrtPriceX96),
    liquidity,
    ticks: [
      { tick: -edge, liquidityNet: liquidity },
      { tick: edge, liquidityNet: -liquidity },
    ],
  };
}

test('arbitrageTo: the pool ends exactly on the target, both directions; no-op when there', () => {
  const at2000 = fullRange(3543191142285914205922034323214n, 10n ** 21n);
  const down = arbitrageTo(at2000, 3361366258487168395123916293647n); // isqrt(1800 · 2^192)
  assert.equal(down.sqrtPriceX96, 3361366258487168395123916293647n);
  assert.equal(down.tick, getTickAtSqrtRatio(down.sqrtPriceX96));
  assert.equal(down.liquidity, at2000.liquidity);
  const back = arbitrageTo(down, at2000.sqrtPriceX96);
  assert.equal(back.sqrtPriceX96, at2000.sqrtPriceX96);
  assert.equal(arbitrageTo(back, back.sqrtPriceX96), back);
});
