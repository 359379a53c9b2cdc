// Pins down the period → block-range choice of the risk history: a period's range starts at its
// own last snapshot block (or the last one before it, carried) and ends before the next later
// snapshot block; the running period is partial; periods before any snapshot are left out; the
// default spans (7 days of hours, every day since the first snapshot) and from/to clipping.
// Then the block search over a hand-made chain with a block the index-node does not know.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { periodRanges, requestedPeriods } from '@/lib/history/periods';
import { lastBlockAtOrBefore, type BlockRef } from '@/lib/history/block-search';

const H = 3600;
const head = { number: 50, timestamp: 10 * H + 600 }; // in hour 10

test('ranges: own snapshot, carried periods, the next snapshot bounds the range, partial head hour', () => {
  const rows = [
    { period: 3, blockNumber: 20 },
    { period: 3, blockNumber: 22 }, // two markets: the highest counts
    { period: 6, blockNumber: 30 },
    { period: 10, blockNumber: 49 },
  ];
  const r = periodRanges('hour', 2, 10, rows, head);
  assert.deepEqual(
    r.map((x) => [x.period, x.lowest, x.highest, x.carried, x.partial]),
    [
      // hour 2: nothing indexed yet, left out
      [3, 22, 29, false, false],
      [4, 22, 29, true, false],
      [5, 22, 29, true, false],
      [6, 30, 48, false, false],
      [7, 30, 48, true, false],
      [8, 30, 48, true, false],
      [9, 30, 48, true, false],
      [10, 49, 50, false, true],
    ],
  );
  assert.deepEqual([r[0].start, r[0].end], [3 * H, 4 * H - 1]);
});

test('ranges: a snapshot before the first period is carried into it; rows above the head are ignored', () => {
  const rows = [
    { period: 1, blockNumber: 7 },
    { period: 5, blockNumber: 60 }, // above the head (another fork, or a later head)
  ];
  const r = periodRanges('hour', 4, 5, rows, head);
  assert.deepEqual(
    r.map((x) => [x.period, x.lowest, x.highest, x.carried]),
    [
      [4, 7, 50, true],
      [5, 7, 50, true],
    ],
  );
});

test('requested periods: defaults, from/to, and never before the first snapshot', () => {
  const D = 86400;
  const headTs = 40 * D + 5 * H; // day 40, hour 965
  assert.deepEqual(requestedPeriods('day', headTs, 30), { first: 30, last: 40 });
  assert.deepEqual(requestedPeriods('hour', headTs, 30 * 24), { first: 965 - 167, last: 965 });
  assert.deepEqual(requestedPeriods('day', headTs, 30, 35 * D + 10, 38 * D), {
    first: 35,
    last: 38,
  });
  assert.deepEqual(requestedPeriods('day', headTs, 30, 20 * D, 90 * D), { first: 30, last: 40 });
  assert.deepEqual(requestedPeriods('hour', headTs, 964), { first: 964, last: 965 });
});

test('block search: the last known block at or before the end, skipping unknown blocks', async () => {
  // blocks 10..20 at 100 s apart from t = 1000; 14 and 17 unknown to the index-node
  const chain = new Map<number, BlockRef>();
  for (let n = 10; n <= 20; n++)
    if (n !== 14 && n !== 17)
      chain.set(n, { number: n, hash: `0x${n}`, timestamp: 1000 + (n - 10) * 100 });
  const probes: number[] = [];
  const probe = async (n: number) => (probes.push(n), chain.get(n) ?? null);
  const from = chain.get(10)!;
  assert.equal((await lastBlockAtOrBefore(probe, from, 20, 1350)).number, 13);
  assert.equal((await lastBlockAtOrBefore(probe, from, 20, 1450)).number, 13); // 14 unknown
  assert.equal((await lastBlockAtOrBefore(probe, from, 20, 1650)).number, 16);
  assert.equal((await lastBlockAtOrBefore(probe, from, 20, 1750)).number, 16); // 17 unknown
  assert.equal((await lastBlockAtOrBefore(probe, from, 20, 9999)).number, 20);
  assert.equal((await lastBlockAtOrBefore(probe, from, 20, 1000)).number, 10);
  assert.equal((await lastBlockAtOrBefore(probe, from, 12, 9999)).number, 12); // upper bound
  probes.length = 0;
  await lastBlockAtOrBefore(probe, from, 20, 1650);
  assert.ok(probes.length <= 8, `binary search, not a scan (${probes.length} probes)`);
});
