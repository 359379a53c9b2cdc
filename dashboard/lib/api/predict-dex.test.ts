// /api/risk/predict?liquidation=dex on the hand book primed with a WETH/DAI pool and a price
// history of a steady 2% fall an hour (every path the same, as lib/predict/dex-mode.test.ts):
// the answer names the mode, the pools and their block; a deep pool liquidates where the oracle
// mode does, no DEX data liquidates nobody; a bad `liquidation` is a 400 naming it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HAND, HAND_BLOCK_HASH, handBook } from '@/test-fixtures/hand-book';
import { fullRangePool, handVenue } from '@/test-fixtures/hand-pools';
import { primeRiskContext } from '@/lib/risk/service';
import type { IndexedPools } from '@/lib/cascade/pools-from-subgraph';
import type { PriceObservations } from '@/lib/predict/price-history';
import { checkPredictCost, predictHandler } from './predict';

const E18 = 10n ** 18n;

function prime(network: string, dex: IndexedPools) {
  const book = handBook(network);
  const weth: Array<[number, number]> = [];
  for (let t = 0; t <= 48; t++)
    weth.push([book.block.timestamp - (48 - t) * 3600, 2000 * Math.exp(-0.02 * t)]);
  const c = primeRiskContext(book);
  c.get('dexPools', () => Promise.resolve(dex));
  c.get('priceObservations', () =>
    Promise.resolve<PriceObservations>({ series: new Map([[0, weth]]) }),
  );
}
prime('hand-dex-deep', { indexed: true, pools: [handVenue(fullRangePool(100_000n * E18))] });
prime('hand-dex-none', { indexed: false, pools: [] });

async function get(network: string, query: string) {
  const url = `http://localhost/x?network=${network}&block=${HAND_BLOCK_HASH}&${query}`;
  const res = await predictHandler(new Request(url));
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}
const of = (body: Record<string, any>, a: string) =>
  body.accounts.find((x: { account: string }) => x.account === a);

test('dex mode: the pools and block it used; a deep pool liquidates as the oracle mode does', async () => {
  const dex = await get('hand-dex-deep', 'horizon=1d&paths=200&liquidation=dex');
  assert.equal(dex.status, 200, JSON.stringify(dex.body));
  assert.equal(dex.body.liquidation, 'dex');
  assert.equal(dex.body.dex.block.hash, HAND_BLOCK_HASH);
  assert.equal(dex.body.dex.indexed, true);
  assert.equal(dex.body.dex.gasCostUSD, 20);
  assert.deepEqual(dex.body.dex.pools, [{ address: '0xpool', pair: 'WETH/DAI 0.05%', fee: 500 }]);
  const oracle = await get('hand-dex-deep', 'horizon=1d&paths=200');
  assert.equal(oracle.body.liquidation, 'oracle');
  assert.equal(oracle.body.dex, undefined);
  // at-risk crosses HF 1 at hour 4 (750 DAI at 50%); liquidatable today: 1,700 DAI at hour 0.
  // $20 of gas leaves each sale through the deep pool profitable (the 4.5% net bonus is $33.75)
  for (const id of [HAND.atRisk, HAND.liquidatable]) {
    const d = of(dex.body, id),
      o = of(oracle.body, id);
    assert.equal(d.pLiquidation, 1, id);
    assert.equal(d.expectedHoursToLiquidation, o.expectedHoursToLiquidation);
    assert.equal(d.expectedLiquidatedUSD, o.expectedLiquidatedUSD);
    assert.equal(d.pUnliquidated, 0);
  }
  assert.equal(of(dex.body, HAND.atRisk).expectedHoursToLiquidation, 4);
});

test('dex mode without DEX data: nobody is liquidated, the debt is left under water', async () => {
  const r = await get('hand-dex-none', 'horizon=1d&paths=100&liquidation=dex');
  assert.equal(r.status, 200);
  assert.equal(r.body.dex.indexed, false);
  assert.deepEqual(r.body.dex.pools, []);
  assert.match(r.body.notes.join(' '), /no DEX pools/);
  for (const id of [HAND.atRisk, HAND.liquidatable]) {
    assert.equal(of(r.body, id).pLiquidation, 0);
    assert.equal(of(r.body, id).pUnliquidated, 1);
  }
  assert.equal(r.body.protocol.liquidationVolumeUSD.p99, 0);
});

test('liquidation other than oracle or dex: 400 naming the parameter; dex mode has its own cost limit', async () => {
  for (const v of ['', 'DEX', 'uniswap']) {
    const r = await get('hand-dex-deep', `liquidation=${v}`);
    assert.equal(r.status, 400, v);
    assert.equal(r.body.param, 'liquidation');
    assert.match(r.body.error, /liquidation must be oracle or dex/);
  }
  assert.doesNotThrow(() => checkPredictCost(300, 10_000, '1d'));
  assert.throws(
    () => checkPredictCost(300, 10_000, '1d', 'dex'),
    /in dex mode; at most 6944 paths/,
  );
});
