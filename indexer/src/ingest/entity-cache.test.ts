// The entity cache's immutable-id filter: ids never stored are answered in memory, stored ids
// (in the DB before the cache loaded, or written since) still come back with their data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSchema } from '../schema/index.ts';
import { type EntityData } from '../internal/types.ts';
import { NeedsAsync } from '../internal/errors.ts';
import { EntityCache, type EntitySource } from './entity-cache.ts';
import { IdFilter } from './id-filter.ts';

test('IdFilter: no false negatives across growth, few false positives', () => {
  const f = new IdFilter();
  const n = 100_000;
  for (let i = 0; i < n; i++) f.add(`0x${i.toString(16).padStart(40, '0')}-${i}`);
  for (let i = 0; i < n; i++) assert.ok(f.has(`0x${i.toString(16).padStart(40, '0')}-${i}`));
  let fp = 0;
  for (let i = 0; i < n; i++) if (f.has(`0x${(n + i).toString(16).padStart(40, '0')}-${i}`)) fp++;
  assert.ok(fp / n < 0.05, `false positive rate ${fp / n}`);
});

const schema = parseSchema(
  `
type Thing @entity { id: ID! n: BigInt! }
type Hit @entity(immutable: true) { id: Bytes! n: BigInt! }
`,
  'schema.graphql',
);

function source(stored: Map<string, EntityData>) {
  const calls = { get: 0, loadIds: 0 };
  const src: EntitySource = {
    async *loadCurrent() {
      /* no mutable entities */
    },
    async get(type, id) {
      calls.get++;
      return type === 'Hit' ? (stored.get(id.toLowerCase()) ?? null) : null;
    }, // Bytes ids: any spelling
    async *loadIds(type) {
      calls.loadIds++;
      if (type === 'Hit') yield* stored.keys();
    },
  };
  return { src, calls };
}

/** host.get, running NeedsAsync work until it answers (as the mapping runtime does). */
async function get(c: EntityCache, type: string, id: string): Promise<EntityData | null> {
  for (;;) {
    try {
      return c.host.get(type, id);
    } catch (e) {
      if (!(e instanceof NeedsAsync)) throw e;
      await e.work();
    }
  }
}

const n = (e: EntityData | null) => (e?.get('n') as { value: bigint } | undefined)?.value;
const hit = (id: string, n: bigint): EntityData =>
  new Map([
    ['id', { kind: 'Bytes', value: Uint8Array.from(Buffer.from(id.slice(2), 'hex')) }],
    ['n', { kind: 'BigInt', value: n }],
  ]);

test('EntityCache: immutable ids never stored need no DB read once the ids are loaded', async () => {
  const stored = new Map([['0xaa01', hit('0xaa01', 1n)]]);
  const { src, calls } = source(stored);
  const c = new EntityCache(schema, src);
  await c.load();
  c.beginBlock(10);
  assert.equal(await get(c, 'Hit', '0xbb02'), null); // first miss: loads the ids once
  assert.equal(calls.loadIds, 1);
  const getsBefore = calls.get;
  for (let i = 0; i < 50; i++)
    assert.equal(c.host.get('Hit', `0xcc${i.toString(16).padStart(2, '0')}`), null);
  assert.ok(calls.get - getsBefore <= 2, 'absent ids answered without the DB');
  // stored before load: still read from the DB, any spelling of the Bytes id
  assert.equal(n(await get(c, 'Hit', '0xAA01')), 1n);
  // written since load: answered from the cache, and known after the batch is taken
  c.host.set('Hit', '0xdd03', hit('0xdd03', 3n));
  c.commitTrigger();
  c.endBlock();
  c.takePending();
  assert.equal(n(await get(c, 'Hit', '0xdd03')), 3n);
  assert.equal(calls.loadIds, 1);
  // load() (start, revert) forgets the ids: the next miss reads them again
  await c.load();
  c.beginBlock(11);
  assert.equal(await get(c, 'Hit', '0xee04'), null);
  assert.equal(calls.loadIds, 2);
});

test('EntityCache: a source without loadIds reads every miss from the DB', async () => {
  const stored = new Map([['0xaa01', hit('0xaa01', 1n)]]);
  const { src, calls } = source(stored);
  delete (src as { loadIds?: unknown }).loadIds;
  const c = new EntityCache(schema, src);
  await c.load();
  c.beginBlock(1);
  assert.equal(await get(c, 'Hit', '0xbb02'), null);
  assert.equal(await get(c, 'Hit', '0xbb03'), null);
  assert.equal(calls.get, 2);
  assert.equal(calls.loadIds, 0);
});
