import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from './rng.ts';

test('Rng: deterministic per seed, uniform-ish in [0,1)', () => {
  const a = new Rng(42),
    b = new Rng(42),
    c = new Rng(43);
  const xs = Array.from({ length: 20000 }, () => a.next());
  assert.deepEqual(
    xs.slice(0, 50),
    Array.from({ length: 50 }, () => b.next()),
  );
  assert.notEqual(xs[0], c.next());
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  assert.ok(Math.abs(mean - 0.5) < 0.01, `mean ${mean}`);
});

test('Rng.normal has mean ~0 and sd ~1', () => {
  const r = new Rng('n');
  const xs = Array.from({ length: 20000 }, () => r.normal());
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length);
  assert.ok(Math.abs(m) < 0.03 && Math.abs(sd - 1) < 0.03, `m ${m} sd ${sd}`);
});
