import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ASSETS } from './assets.ts';
import { generatePrices } from './prices.ts';
import { Rng } from './rng.ts';

const idx = (s: string) => ASSETS.findIndex((a) => a.symbol === s);

test('same seed gives the same price paths, another seed differs', () => {
  const a = generatePrices(new Rng('x'), 240).prices;
  const b = generatePrices(new Rng('x'), 240).prices;
  const c = generatePrices(new Rng('y'), 240).prices;
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test('ETH falls at least 30% within 24 hours of the crash start', () => {
  for (const seed of ['1', '2', '3']) {
    const { prices, events } = generatePrices(new Rng(seed), 720);
    const eth = idx('WETH');
    const before = prices[events.crashStartHour][eth];
    const low = Math.min(
      ...prices.slice(events.crashStartHour, events.crashStartHour + 24).map((r) => r[eth]),
    );
    assert.ok(
      low / before <= 0.7,
      `seed ${seed}: ETH fell only ${(100 * (1 - low / before)).toFixed(1)}%`,
    );
  }
});

test('USDC depegs below 0.9 and recovers; other stables stay near 1', () => {
  const { prices, events } = generatePrices(new Rng('7'), 720);
  const usdc = prices.map((r) => r[idx('USDC')]);
  assert.ok(Math.min(...usdc) < 0.9);
  assert.ok(usdc[events.depegEndHour + 1] > 0.99);
  for (const s of ['USDT', 'DAI'])
    for (const r of prices) assert.ok(Math.abs(r[idx(s)] - 1) < 0.01);
});

test('wstETH stays correlated with ETH (ratio within a few percent of the start)', () => {
  const { prices } = generatePrices(new Rng('3'), 720);
  const r0 = ASSETS[idx('wstETH')].price / ASSETS[idx('WETH')].price;
  for (const r of prices) {
    const ratio = r[idx('wstETH')] / r[idx('WETH')] / r0;
    assert.ok(ratio > 0.94 && ratio < 1.03, `ratio ${ratio}`);
  }
});
