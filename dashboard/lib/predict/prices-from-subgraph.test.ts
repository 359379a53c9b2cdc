// Pins down the cut of PricePoints read once at a later head to what a past book's block had
// seen: rows of later blocks and rows before the window are left out, prices are in base units.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { handBook } from '@/test-fixtures/hand-book';
import { observationsOf, type PricePointRow } from '@/lib/predict/prices-from-subgraph';

test('observationsOf: only blocks up to the book and inside its window, per market', () => {
  const book = handBook(); // block 100, WETH = market 0, DAI = market 1
  const t = book.block.timestamp;
  const row = (id: string, block: number, ts: number, token: string, price: number) =>
    ({
      id,
      blockNumber: String(block),
      timestamp: String(ts),
      priceBase: String(price),
      token: { id: token },
    }) as PricePointRow;
  const [weth, dai] = book.markets.map((m) => m.id);
  const rows = [
    row('a', 90, t - 7200, weth, 1990_00000000),
    row('b', 100, t, weth.toUpperCase(), 2000_00000000), // the book's own block counts
    row('c', 101, t + 12, weth, 1500_00000000), // after the book: unseen
    row('d', 50, t - 3 * 3600 - 1, dai, 1_00000000), // before a 2-hour window (+1 h)
    row('e', 60, t - 3 * 3600 + 1, dai, 99000000),
  ];
  const obs = observationsOf(book, rows, 2);
  assert.deepEqual(obs.series.get(0), [
    [t - 7200, 1990],
    [t, 2000],
  ]);
  assert.deepEqual(obs.series.get(1), [[t - 3 * 3600 + 1, 0.99]]);
});
