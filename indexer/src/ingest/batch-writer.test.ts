// When the batch writer commits while catching up: thresholds and the early first commit of a new
// store. Fakes stand in for the store, the cache and the chain position; the clock is injected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchWriter, type BatchWriterDeps } from './batch-writer.ts';
import { newStatus } from './types.ts';
import type { BlockPtr } from '../internal/types.ts';

function writer(opts: { latestBlock?: BlockPtr | null } = {}) {
  let clock = 0;
  let pending = 0;
  const commits: number[] = [];
  const position = { cursor: null as BlockPtr | null, forgetBelow: () => {} };
  const status = newStatus();
  status.latestBlock = opts.latestBlock ?? null;
  const deps = {
    store: {
      commitBatch: async (b: { cursor: BlockPtr }) => void commits.push(b.cursor.number),
    },
    cache: {
      get pendingCount() {
        return pending;
      },
      takePending: () => {
        const n = pending;
        pending = 0;
        return Array.from({ length: n }, () => ({}));
      },
    },
    position,
    dataSources: {},
    status,
    flushBlocks: 2000,
    flushChanges: 20_000,
    flushMs: 10_000,
    firstFlushMs: 1000,
    reorgWindow: 100,
    floor: 0,
    log: () => {},
    now: () => clock,
  } as unknown as BatchWriterDeps;
  const w = new BatchWriter(deps);
  /** one block processed at `ms` with `changes` entity changes, then the flush check */
  const block = async (n: number, ms: number, changes = 1) => {
    clock = ms;
    pending += changes;
    position.cursor = { number: n, hash: `0x${n.toString(16)}` };
    w.addBlock({ number: n, hash: position.cursor.hash, parentHash: '0x', timestamp: 0n });
    await w.maybeFlush(false);
    await w.settle();
  };
  return { block, commits };
}

test('a new store commits its first batch after firstFlushMs, later ones after flushMs', async () => {
  const { block, commits } = writer();
  await block(1, 0);
  await block(2, 999);
  assert.deepEqual(commits, [], 'nothing committed before firstFlushMs');
  await block(3, 1000);
  assert.deepEqual(commits, [3], 'the first batch at 1 s');
  await block(4, 5000);
  await block(5, 10_999);
  assert.deepEqual(commits, [3], 'the next batch waits the whole flushMs');
  await block(6, 11_000);
  assert.deepEqual(commits, [3, 6]);
});

test('a store that already holds blocks waits the whole flushMs for its first batch', async () => {
  const { block, commits } = writer({ latestBlock: { number: 100, hash: '0x64' } });
  await block(101, 0);
  await block(102, 9_999);
  assert.deepEqual(commits, []);
  await block(103, 10_000);
  assert.deepEqual(commits, [103]);
});

test('the change threshold commits at once, whatever the clock', async () => {
  const { block, commits } = writer({ latestBlock: { number: 1, hash: '0x1' } });
  await block(2, 0, 19_999);
  assert.deepEqual(commits, []);
  await block(3, 1, 1);
  assert.deepEqual(commits, [3]);
});
