// Pins down when a restart keeps the indexed store: only for the same scenario and code, with a
// complete record of the previous history and a store on disk, and only while that history is
// less than a day old; then the devnet is given the previous start time. After the history is
// mined again the block hash at its end must be the recorded one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MAX_HISTORY_AGE_HOURS,
  defaultStartTime,
  planChain,
  readRecord,
  sameChain,
  writeRecord,
} from './chain-reuse.mjs';

const scenario = { seed: '1', accounts: 300, days: 30 };
// 2026-12-03 08:30 UTC; the history of the previous start ended at 07:00 that day.
const nowMs = Date.UTC(2026, 11, 3, 8, 30);
const startTime = Date.UTC(2026, 10, 3, 7, 0) / 1000;
const record = {
  key: 'k1',
  ...scenario,
  startTime,
  live: true,
  deployment: 'collateral-radar-2a91b0f3a7',
  historyEndBlock: 754,
  historyEndHash: '0xb7ddd8073d38520cc2558b37e241fa7785bf5c728359527d59b5725d19ce57f0',
};
const plan = (over = {}) =>
  planChain({ record, key: 'k1', scenario, storeExists: true, nowMs, ...over });

test('the default start time is `days` before the current hour, as the devnet computes it', () => {
  assert.equal(defaultStartTime(nowMs, 30), Date.UTC(2026, 10, 3, 8, 0) / 1000);
  assert.equal(defaultStartTime(nowMs, 0.5), Date.UTC(2026, 11, 2, 20, 0) / 1000);
});

test('same scenario and code, complete record, store present: reuse with the previous start time', () => {
  const p = plan();
  assert.equal(p.reuse, true);
  assert.equal(p.startTime, startTime);
  assert.equal(p.reason, 'same scenario and code, history ended 1.5 h ago');
});

test('every missing condition means a new chain at the default start time, and says which', () => {
  const fresh = defaultStartTime(nowMs, 30);
  const cases = [
    [{ fresh: true }, '--fresh asks for a new chain'],
    [{ record: null }, 'no previous devnet chain is recorded'],
    [{ storeExists: false }, 'there is no indexed store to reuse'],
    [{ key: 'k2' }, 'the scenario or the code changed since the store was indexed'],
    [
      { record: { ...record, historyEndHash: undefined } },
      'the previous start stopped before its history was complete',
    ],
  ];
  for (const [over, reason] of cases)
    assert.deepEqual(plan(over), { reuse: false, startTime: fresh, reason });
});

test('a history older than a day is simulated afresh', () => {
  assert.equal(MAX_HISTORY_AGE_HOURS, 24);
  const endMs = (startTime + 30 * 86400) * 1000;
  assert.equal(plan({ nowMs: endMs + 23.9 * 3_600_000 }).reuse, true);
  const old = plan({ nowMs: endMs + 25 * 3_600_000 });
  assert.equal(old.reuse, false);
  assert.equal(old.reason, 'the recorded history ended 25 h ago (more than 24 h)');
});

test('the mined history is the same chain only when the block at its end has the recorded hash', () => {
  assert.equal(
    sameChain(record, {
      number: 754,
      hash: record.historyEndHash.toUpperCase().replace('0X', '0x'),
    }).same,
    true,
  );
  const other = sameChain(record, { number: 754, hash: '0x01' });
  assert.deepEqual(other, {
    same: false,
    reason: `block 754 has hash 0x01, the store indexed ${record.historyEndHash}`,
  });
  assert.equal(
    sameChain(record, { number: 760, hash: record.historyEndHash }).reason,
    'the history now ends at block 760, not 754',
  );
  assert.equal(sameChain(record, null).same, false);
});

test('the record round-trips; a torn record reads as none', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cr-chain-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'start/devnet-chain.json');
  assert.equal(readRecord(file), null);
  writeRecord(file, record);
  assert.deepEqual(readRecord(file), record);
  writeFileSync(file, '{"key": "k1", "seed"');
  assert.equal(readRecord(file), null);
});
