// Catch-up planning: with the head far ahead, changes are found at the exact block where they
// happen (samples, then bisection), with few probes; an episode shorter than the stride can be
// missed and the stride says so. Conditions here are synthetic functions of the block number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planCatchUp, type Probe } from './catch-up';

const probeOf = (holds: (n: number) => string[]) => {
  const asked: number[] = [];
  const probe = async (n: number): Promise<Probe> => {
    asked.push(n);
    return { number: n, keys: new Set(holds(n)) };
  };
  return { probe, asked };
};

/** the first probe in the plan where `key` holds / where it stops holding */
function edges(
  probes: Probe[],
  key: string,
  startsHeld = false,
): { opened: number | null; resolved: number | null } {
  let held = startsHeld,
    opened: number | null = null,
    resolved: number | null = null;
  for (const p of probes) {
    const h = p.keys.has(key);
    if (h && !held && opened === null) opened = p.number;
    if (!h && held && resolved === null) resolved = p.number;
    held = h;
  }
  return { opened, resolved };
}

test('a condition holding in [217, 389) of a 500-block catch-up opens at 217 and resolves at 389', async () => {
  const { probe, asked } = probeOf((n) => (n >= 217 && n < 389 ? ['util|market:WETH'] : []));
  const plan = await planCatchUp({ number: 5, keys: new Set() }, 505, probe);
  assert.equal(plan.stride, 16);
  assert.deepEqual(edges(plan.probes, 'util|market:WETH'), { opened: 217, resolved: 389 });
  assert.equal(plan.probes.at(-1)!.number, 505);
  assert.ok(asked.length <= 32 + 2 * 4, `${asked.length} probes`);
  assert.equal(new Set(asked).size, asked.length, 'no block probed twice');
});

test('a condition already open at the last evaluated block resolves where it stops; several keys', async () => {
  const { probe } = probeOf((n) => [
    ...(n < 130 ? ['a'] : []),
    ...(n >= 101 ? ['b'] : []),
    ...(n >= 140 && n < 160 ? ['c'] : []),
  ]);
  const plan = await planCatchUp({ number: 100, keys: new Set(['a']) }, 200, probe);
  assert.equal(plan.stride, 4);
  assert.deepEqual(edges(plan.probes, 'a', true), { opened: null, resolved: 130 });
  assert.deepEqual(edges(plan.probes, 'b'), { opened: 101, resolved: null });
  assert.deepEqual(edges(plan.probes, 'c'), { opened: 140, resolved: 160 });
});

test('an episode shorter than the stride between two samples is not seen (the stated resolution)', async () => {
  const { probe } = probeOf((n) => (n >= 20 && n < 25 ? ['x'] : []));
  const plan = await planCatchUp({ number: 0, keys: new Set() }, 320, probe);
  assert.equal(plan.stride, 10);
  assert.deepEqual(
    edges(plan.probes, 'x'),
    { opened: 20, resolved: 25 },
    'sample 20 sees it, bisection places the end',
  );
  const short = await planCatchUp(
    { number: 0, keys: new Set() },
    320,
    probeOf((n) => (n >= 21 && n < 25 ? ['x'] : [])).probe,
  );
  assert.deepEqual(edges(short.probes, 'x'), { opened: null, resolved: null });
});

test('one block ahead: only the head is probed; the probe budget bounds the work', async () => {
  const one = probeOf(() => []);
  const p1 = await planCatchUp({ number: 9, keys: new Set() }, 10, one.probe);
  assert.deepEqual(one.asked, [10]);
  assert.equal(p1.stride, 1);
  const flappy = probeOf((n) => (n % 2 ? ['f'] : []));
  await planCatchUp({ number: 0, keys: new Set() }, 10_000, flappy.probe, { maxProbes: 50 });
  assert.ok(flappy.asked.length <= 50, `${flappy.asked.length} probes`);
});
