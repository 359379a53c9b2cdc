// /api/risk/history without Next, over a hand-made chain served by an in-memory history source:
// five UTC days of blocks (one the index-node does not know, a day without blocks, a block
// after the day's last snapshot) and the hand-worked book (test-fixtures/hand-book.ts) at WETH
// $2,000, then $1,800. Pins down which block each day's point is read at, the carried day, the
// partial head day, the figures worked out by hand, the live reliability score, and the errors.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { handBook, HAND } from '@/test-fixtures/hand-book';
import { historyHandler } from '@/lib/api/history';
import { clearHistoryCache } from '@/lib/history/series';
import { primeHistorySource, type HistorySource } from '@/lib/history/source';
import type { BlockRef } from '@/lib/history/block-search';
import type { Book } from '@/lib/risk/types';

const D = 86400;
const D0 = 19675; // day index of the first block
const at = (day: number, s: number) => (D0 + day) * D + s;
const blocks: BlockRef[] = [
  { number: 10, hash: '0x0a', timestamp: at(0, 3600) }, // day 0, snapshot
  { number: 11, hash: '0x0b', timestamp: at(0, 7200) }, // day 0, no snapshot (a collateral toggle)
  { number: 12, hash: '0x0c', timestamp: at(1, 100) }, // day 1, snapshot; day 2 has no block
  { number: 13, hash: '0x0d', timestamp: at(3, 50) }, // day 3, snapshot
  { number: 14, hash: '0x0e', timestamp: at(3, 60) }, // unknown to the index-node
  { number: 15, hash: '0x0f', timestamp: at(3, 86000) }, // day 3, no snapshot
  { number: 16, hash: '0x10', timestamp: at(4, 10) }, // day 4, snapshot: the head
];
const snapshots = [
  { period: D0, blockNumber: 10 },
  { period: D0 + 1, blockNumber: 12 },
  { period: D0 + 3, blockNumber: 13 },
  { period: D0 + 4, blockNumber: 16 },
];
const head = blocks.at(-1)!;

function bookAt(b: BlockRef): Book {
  const book = handBook('hand-history');
  book.block = b;
  if (b.number >= 13) book.markets[0].priceBase = 1800_00000000n; // WETH $1,800
  return book;
}

const requests: string[] = [];
const source: HistorySource = {
  network: 'hand-history',
  head: async () => head,
  firstPeriod: async () => D0,
  snapshotBlocks: async (interval, first, last) =>
    interval === 'day' ? snapshots.filter((s) => s.period >= first - 1 && s.period <= last) : [],
  block: async (n) => (n === 14 ? null : (blocks.find((b) => b.number === n) ?? null)),
  book: async (hash) => (requests.push(hash), bookAt(blocks.find((b) => b.hash === hash)!)),
  pricePoints: async () => [],
  // HAND.liquidatable is liquidated in block 12
  liquidations: async () => [
    { account: HAND.liquidatable, blockNumber: 12, timestamp: at(1, 100) },
  ],
};

/** the shock curves are floating point over exact base values (analysis.ts) */
function closeTo(actual: Record<string, number>, expected: Record<string, number>) {
  for (const [k, v] of Object.entries(expected))
    assert.ok(Math.abs(actual[k] - v) < 1e-9 * v, `${k}: ${actual[k]} vs ${v}`);
}

const call = async (qs: string) => {
  const r = await historyHandler(new Request(`http://x/api/risk/history?${qs}`));
  return { status: r.status, body: await r.json() };
};

beforeEach(() => {
  clearHistoryCache();
  primeHistorySource(source);
  requests.length = 0;
});

test('each day is read at its last known block; a day without blocks carries; the head day is partial', async () => {
  const { status, body } = await call('network=hand-history&interval=day');
  assert.equal(status, 200);
  assert.equal(body.complete, true);
  assert.deepEqual([body.pointsDone, body.pointsTotal], [5, 5]);
  assert.deepEqual(
    body.points.map((p: { block: BlockRef; carried: boolean; partial: boolean; start: number }) => [
      p.start,
      p.block.number,
      p.carried,
      p.partial,
    ]),
    [
      [at(0, 0), 11, false, false], // after the day's last snapshot (block 10)
      [at(1, 0), 12, false, false],
      [at(2, 0), 12, true, false],
      [at(3, 0), 15, false, false], // 14 cannot be pinned; 15 is the day's last known block
      [at(4, 0), 16, false, true],
    ],
  );
  assert.equal(requests.length, 4, 'one book per distinct block');
});

test('figures worked out by hand (WETH LT 80%: 1 WETH backs 1,600 / 1,440 USD of debt)', async () => {
  const { body } = await call('network=hand-history&interval=day');
  const [d0, , , d3] = body.points;
  // at $2,000: HFs 1.6 (healthy), 1.0667 (at risk), 0.9412 (liquidatable), 0 (insolvent)
  assert.deepEqual(
    [d0.borrowers, d0.atRisk, d0.liquidatable, d0.insolvent, d0.badDebtUSD],
    [4, 1, 1, 1, 500],
  );
  // −10/20/30%: the at-risk and liquidatable accounts' 1 WETH each at $1,800 / 1,600 / 1,400
  closeTo(d0.collateralAtRiskUSD, { drop10: 3600, drop20: 3200, drop30: 2800 });
  // nearest rank over [0, 0.9412, 1.0667, 1.6]: p5 = p25 = rank 1, p50 = rank 2
  assert.deepEqual(d0.healthFactor, { p5: 0, p25: 0, p50: 1600 / 1700 });
  assert.equal(d0.newBadDebt1dP99USD, 0); // no price history: held prices, no new bad debt
  // at $1,800: HFs 1.44, 0.96, 0.847, 0
  assert.deepEqual(
    [d3.borrowers, d3.atRisk, d3.liquidatable, d3.insolvent, d3.badDebtUSD],
    [4, 0, 2, 1, 500],
  );
  closeTo(d3.collateralAtRiskUSD, { drop10: 3240, drop20: 2880, drop30: 2520 });
  assert.deepEqual(d3.healthFactor, { p5: 0, p25: 0, p50: 1440 / 1700 });
});

test('live reliability: forecasts of each block once, scored on the liquidations of its next 24 h', async () => {
  const { body } = await call('network=hand-history&interval=day');
  const r = body.reliability;
  // scored: blocks 11 and 12 (day 2 repeats block 12; days 3 and 4 are not 24 h old at the head).
  // Held prices: P = 1 for the liquidatable account, 0 for the others with collateral.
  // Block 11: the liquidation in block 12 falls in its window (right); block 12: none after it.
  assert.equal(r.days, 2);
  assert.deepEqual([r.forecasts, r.liquidated], [6, 1]);
  assert.equal(r.baseRate, 1 / 6);
  assert.equal(r.model.brier, 1 / 6);
  // HF < 1.1: the at-risk and liquidatable accounts; right once (block 11's liquidatable) of four
  assert.equal(r.hfRule.brier, 3 / 6);
  assert.deepEqual(
    r.reliability
      .filter((b: { count: number }) => b.count)
      .map((b: { from: number; count: number; realisedRate: number }) => [
        b.from,
        b.count,
        b.realisedRate,
      ]),
    [
      [0, 4, 0],
      [0.9, 2, 0.5],
    ],
  );
});

test('points are kept per block hash: a later request computes only new blocks', async () => {
  await call('network=hand-history&interval=day');
  const n = requests.length;
  await call('network=hand-history&interval=day&from=' + at(3, 0));
  assert.equal(requests.length, n);
});

test('bad input: 400 naming the parameter', async () => {
  for (const [qs, param] of [
    ['network=hand-history&interval=week', 'interval'],
    ['network=hand-history&interval=day&from=200&to=100', 'from'],
    ['network=hand-history&interval=day&from=abc', 'from'],
    ['network=hand-history&interval=hour&to=-5', 'to'],
    ['network=nowhere&interval=day', 'network'],
  ]) {
    const { status, body } = await call(qs);
    assert.equal(status, 400, qs);
    assert.equal(body.param, param, qs);
  }
});
