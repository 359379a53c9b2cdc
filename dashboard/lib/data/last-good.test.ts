// Pins down the last-good policy: a failed read answers the previous good data for its key,
// stale and with its time; errors never carry endpoint URLs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clearLastGood, describeError, lastGood } from '@/lib/data/last-good';

test('a failure after a success answers the last good data, marked stale', async () => {
  clearLastGood();
  const first = await lastGood('k', async () => 42);
  assert.deepEqual([first.data, first.error, first.stale], [42, null, false]);
  const failed = await lastGood<number>(
    'k',
    async () => {
      throw new Error('boom');
    },
    'Risk engine',
  );
  assert.deepEqual(
    [failed.data, failed.error, failed.stale, failed.fetchedAt],
    [42, 'Risk engine: boom', true, first.fetchedAt],
  );
  const other = await lastGood<number>('other', async () => {
    throw new Error('boom');
  });
  assert.deepEqual([other.data, other.stale, other.fetchedAt], [null, false, 0]);
});

test('error sentences name the condition and drop URLs', () => {
  assert.equal(
    describeError(new Error('subgraph http://k:8000/x?key=s unreachable: fetch failed')),
    'The GraphQL endpoint is not reachable.',
  );
  assert.equal(
    describeError(new Error('subgraph https://gw.example/api/KEY/q GraphQL error: bad')),
    'subgraph GraphQL error: bad',
  );
  assert.equal(
    describeError(new Error('The operation was aborted due to timeout')),
    'The GraphQL endpoint did not answer in time.',
  );
});
