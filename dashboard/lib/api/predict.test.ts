// /api/risk/predict end to end without Next: a fake graph-node serves the hand-worked book and
// its WETH PricePoints (±1% an hour, alternating, as in lib/predict/predict.test.ts); the handler
// pages them at the block, predicts, and answers in the documented shape, the same for the same
// seed; bad parameters are 400s that name the parameter, and short history is said, never NaN.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startFakeGraphNode,
  bookToEntities,
  type FakeGraphNode,
} from '@/test-fixtures/fake-graph-node';
import { handBook, HAND } from '@/test-fixtures/hand-book';
import { clearRiskCache } from '@/lib/risk/service';
import { checkPredictCost, predictHandler } from '@/lib/api/predict';
import { BadParam } from '@/lib/api/handler';

const book = handBook();
const HEAD = { number: 100, hash: book.block.hash, timestamp: book.block.timestamp };
let g: FakeGraphNode;
let url = '';

before(async () => {
  const entities = bookToEntities(book);
  const weth = book.markets[0].id;
  let logPrice = 0;
  entities.pricePoints = [];
  for (let t = 0; t <= 48; t++) {
    entities.pricePoints.push({
      id: '0x' + t.toString(16).padStart(8, '0'),
      priceBase: String(Math.round(2000e8 * Math.exp(logPrice))),
      timestamp: String(book.block.timestamp - (48 - t) * 3600),
      blockNumber: String(HEAD.number - (48 - t)),
      token: { id: weth },
    });
    logPrice += t % 2 === 0 ? 0.01 : -0.01;
  }
  g = await startFakeGraphNode(entities, HEAD);
  process.env.SUBGRAPH_URLS = `hand=${g.url}`;
  clearRiskCache();
});
after(async () => {
  await g?.close();
  delete process.env.SUBGRAPH_URLS;
});

const get = async (query: string) => {
  const res = await predictHandler(new Request(`http://x/api/risk/predict?${query}`));
  return { status: res.status, body: await res.json() };
};

test('the documented shape, deterministic per seed, cached per block', async () => {
  const a = await get('network=hand&horizon=1d&paths=5000&seed=9');
  assert.equal(a.status, 200, JSON.stringify(a.body));
  const b = a.body;
  assert.equal(b.block.hash, HEAD.hash);
  assert.equal(b.horizon, '1d');
  assert.equal(b.paths, 5000);
  assert.equal(b.seed, 9);
  assert.equal(b.method, 'ewma-filtered-historical-simulation');
  assert.deepEqual(b.history.marketsWithoutHistory, ['DAI']);
  assert.match(b.notes[0], /DAI: fewer than 48 hourly oracle returns/);
  const atRisk = b.accounts.find((x: { account: string }) => x.account === HAND.atRisk);
  assert.equal(atRisk.healthFactor, '1066666666666666667');
  // the ±1% walk's first passage 7 steps down within 24 steps is ≈ 0.15 (predict.test.ts)
  assert.ok(atRisk.pLiquidation > 0.1 && atRisk.pLiquidation < 0.2, String(atRisk.pLiquidation));
  assert.equal(typeof atRisk.expectedHoursToLiquidation, 'number');
  for (const k of ['p50', 'p95', 'p99'])
    assert.equal(typeof b.protocol.liquidationVolumeUSD[k], 'number');
  for (const k of ['p50', 'p95', 'p99', 'es99']) assert.equal(b.protocol.newBadDebtUSD[k], 0);
  const again = await get('network=hand&seed=9&paths=5000&horizon=1d');
  assert.deepEqual(again.body, b);
  const requests = g.requests.length;
  await get('network=hand&horizon=7d&paths=1000');
  // one _meta per request; the PricePoints were paged once for the block
  assert.equal(g.requests.filter((q) => q.includes('pricePoints')).length, 1);
  assert.ok(g.requests.length - requests <= 1);
});

test('bad input: 400 naming the parameter', async () => {
  for (const [query, param] of [
    ['network=hand&horizon=2d', 'horizon'],
    ['network=hand&paths=0', 'paths'],
    ['network=hand&paths=1000001', 'paths'],
    ['network=hand&paths=10.5', 'paths'],
    ['network=hand&seed=-1', 'seed'],
    ['network=nowhere', 'network'],
  ]) {
    const r = await get(query);
    assert.equal(r.status, 400, query);
    assert.equal(r.body.param, param, query);
    assert.equal(typeof r.body.error, 'string');
  }
});

test('account=: those borrowers only, with their HF fan over the horizon', async () => {
  const whole = await get('network=hand&horizon=1d&paths=4000&seed=5');
  const one = await get(`network=hand&horizon=1d&paths=4000&seed=5&account=${HAND.atRisk}`);
  assert.equal(one.status, 200, JSON.stringify(one.body));
  const wholeAtRisk = whole.body.accounts.find(
    (x: { account: string }) => x.account === HAND.atRisk,
  );
  assert.deepEqual(one.body.accounts, [wholeAtRisk]);
  assert.equal(one.body.fans.length, 1);
  assert.equal(one.body.fans[0].account, HAND.atRisk);
  assert.equal(one.body.fans[0].bands.length, 5);
  assert.equal(one.body.fans[0].bands[2].length, 25);
  assert.equal(whole.body.fans, undefined);
  for (const [query, message] of [
    ['account=0x12', /account must be addresses/],
    [
      `account=${Array.from({ length: 11 }, (_, i) => '0x' + String(i).padStart(40, '0')).join(',')}`,
      /at most 10 accounts/,
    ],
  ] as const) {
    const r = await get(`network=hand&${query}`);
    assert.equal(r.status, 400);
    assert.equal(r.body.param, 'account');
    assert.match(r.body.error, message);
  }
});

test('the cost guard: borrowers × paths × hours over 3e10 is a 400 naming the paths that fit', () => {
  // 100,000 borrowers, 10,000 paths, 24 h: 2.4e10, allowed; 7 days: 1.68e11, refused
  checkPredictCost(100_000, 10_000, '1d');
  assert.throws(
    () => checkPredictCost(100_000, 10_000, '7d'),
    (e: unknown) =>
      e instanceof BadParam &&
      e.param === 'paths' &&
      /at most 1785 paths at horizon 7d/.test(e.message),
  );
});
