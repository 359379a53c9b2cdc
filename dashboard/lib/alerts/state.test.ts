import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertState, type Condition } from '@/lib/alerts/state';

const cond = (subject: string, value = 1, rule = 'r'): Condition => ({
  rule,
  type: 'health_factor',
  severity: 'warning',
  subject,
  value,
  threshold: 1,
  message: `${subject} ${value}`,
});
const blk = (n: number) => ({ number: n, timestamp: 1000 + n * 12 });
const R = new Set(['r']);

test('open, hold (no repeat), resolve, re-open', () => {
  const s = new AlertState('devnet');
  assert.deepEqual(s.apply(blk(1), [], R), []);
  const e2 = s.apply(blk(2), [cond('a', 0.9)], R);
  assert.deepEqual(
    e2.map((e) => [e.event, e.alert.subject, e.alert.openedBlock, e.alert.openedAt]),
    [['alert.opened', 'a', 2, 1024]],
  );
  assert.deepEqual(s.apply(blk(3), [cond('a', 0.8)], R), [], 'held: no event');
  assert.equal(s.openList()[0].value, 0.8, 'value refreshed while open');
  assert.equal(s.openList()[0].lastBlock, 3);
  const e4 = s.apply(blk(4), [], R);
  assert.deepEqual(
    e4.map((e) => [e.event, e.alert.openedBlock, e.alert.resolvedBlock, e.alert.resolvedAt]),
    [['alert.resolved', 2, 4, 1048]],
  );
  assert.equal(s.open.size, 0);
  const e6 = s.apply(blk(6), [cond('a', 0.7)], R);
  assert.deepEqual(
    e6.map((e) => [e.event, e.alert.id]),
    [['alert.opened', 'devnet:r:a:6']],
    're-opens as a new alert',
  );
  assert.deepEqual(
    s.recent.map((a) => a.id),
    ['devnet:r:a:2'],
  );
});

test('no repeats per block: same or older block changes nothing; a resolved subject cannot re-open in its block', () => {
  const s = new AlertState('devnet');
  s.apply(blk(5), [cond('a')], R);
  assert.deepEqual(s.apply(blk(5), [cond('a')], R), []);
  assert.deepEqual(s.apply(blk(4), [], R), [], 'older block ignored');
  assert.equal(s.open.size, 1);
  assert.equal(s.apply(blk(6), [], R).length, 1); // resolved at 6
  assert.deepEqual(s.apply(blk(6), [cond('a')], R), [], 'cannot re-open at the block it resolved');
  assert.equal(s.apply(blk(7), [cond('a')], R)[0].event, 'alert.opened');
});

test('subjects are independent; rules not evaluated keep their alerts; removed rules resolve', () => {
  const s = new AlertState('devnet');
  s.apply(blk(1), [cond('a'), cond('b'), cond('x', 1, 'other')], new Set(['r', 'other']));
  assert.equal(s.open.size, 3);
  const e = s.apply(blk(2), [cond('b')], R); // 'other' failed to evaluate
  assert.deepEqual(
    e.map((x) => `${x.event}:${x.alert.subject}`),
    ['alert.resolved:a'],
  );
  assert.equal(s.open.size, 2);
  const e3 = s.apply(blk(3), [cond('b')], R, new Set(['r'])); // 'other' removed from config
  assert.deepEqual(
    e3.map((x) => `${x.event}:${x.alert.subject}`),
    ['alert.resolved:x'],
  );
});

test('persisted: a restart does not re-fire open alerts and keeps the block cursor', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'alert-state-')), 'devnet.json');
  const s1 = new AlertState('devnet', { file });
  s1.apply(blk(10), [cond('a')], R);
  s1.apply(blk(11), [cond('a'), cond('b')], R);
  s1.apply(blk(12), [cond('a')], R); // b resolved
  const s2 = new AlertState('devnet', { file });
  assert.equal(s2.block?.number, 12);
  assert.deepEqual(
    s2.openList().map((a) => a.id),
    ['devnet:r:a:10'],
  );
  assert.deepEqual(
    s2.recent.map((a) => a.id),
    ['devnet:r:b:11'],
  );
  assert.deepEqual(
    s2.apply(blk(13), [cond('a')], R),
    [],
    'still open after restart: no new alert.opened',
  );
  assert.deepEqual(s2.apply(blk(12), [], R), [], 'no re-evaluation of an already evaluated block');
  const reset = s2.reset(blk(2));
  assert.deepEqual(
    reset.map((e) => e.event),
    ['alert.resolved'],
  );
  assert.equal(s2.block, null);
});

test('recent list is bounded, newest first', () => {
  const s = new AlertState('devnet', { recentLimit: 3 });
  for (let b = 1; b <= 10; b += 2) {
    s.apply(blk(b), [cond('a')], R);
    s.apply(blk(b + 1), [], R);
  }
  assert.deepEqual(
    s.recent.map((a) => a.openedBlock),
    [9, 7, 5],
  );
});
