// The per-block response cache: the same query and variables at the same head answer from
// memory, identical queries in flight share one run, and a head move or a revert drops every
// kept answer, so a client never reads an answer of an older head. Pinned down both on the
// cache alone and through the HTTP server over a store that gains and reverts blocks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStore, type Store } from '../store/index.ts';
import { fixtureSchema, blockHash, ent, X, S, I } from '../../test-fixtures/store/fixture.ts';
import { ResponseCache } from './response-cache.ts';
import { startGraphQLServer, type GraphQLServer } from './server.ts';

test('cache alone: hit, shared run, head change, errors not kept, byte bound', async () => {
  const c = new ResponseCache(60);
  let runs = 0;
  const ok = (v: number) => async () => ({ data: { v, n: ++runs } });
  assert.equal(await c.answer('q', 'h1', ok(1)), '{"data":{"v":1,"n":1}}');
  assert.equal(await c.answer('q', 'h1', ok(2)), '{"data":{"v":1,"n":1}}'); // from memory
  const [a, b] = await Promise.all([c.answer('r', 'h1', ok(3)), c.answer('r', 'h1', ok(4))]);
  assert.equal(a, b);
  assert.equal(runs, 2);
  assert.equal(await c.answer('q', 'h2', ok(5)), '{"data":{"v":5,"n":3}}'); // new head: run again
  const bad = async () => ({ errors: [{ message: 'boom' }] });
  await c.answer('e', 'h2', bad);
  assert.equal(await c.answer('e', 'h2', ok(6)), '{"data":{"v":6,"n":4}}'); // errors are not kept
  assert.deepEqual(c.stats(), { hits: 1, misses: 5, shared: 1, entries: 2, bytes: 44 });
  await c.answer('big', 'h2', async () => ({ data: { s: 'x'.repeat(100) } }));
  assert.equal(c.stats().entries, 2); // larger than the bound: not kept, the rest stays
  await c.answer('third', 'h2', ok(7)); // 66 bytes > 60: the oldest entry ('q') goes
  assert.deepEqual(c.stats(), { hits: 1, misses: 7, shared: 1, entries: 2, bytes: 44 });
  assert.equal(await c.answer('q', 'h2', ok(8)), '{"data":{"v":8,"n":6}}');
});

const schema = fixtureSchema();
let store: Store;
let srv: GraphQLServer;
let sqlRuns = 0;
const token = (n: number) => '0x01' + n.toString(16).padStart(38, '0');
const commit = (n: number, symbol: string) =>
  store.commitBatch({
    changes: [
      {
        entityType: 'Token',
        id: token(1),
        block: n,
        data: ent({ id: X(token(1)), symbol: S(symbol), decimals: I(18) }),
      },
    ],
    blocks: [{ number: n, hash: blockHash(n), parentHash: blockHash(n - 1), timestamp: n }],
    cursor: { number: n, hash: blockHash(n) },
  });

before(async () => {
  store = await openStore({ schema, deployment: 'cache' });
  await commit(1, 'ONE');
  // Count the SQL that reads entities (block and cursor reads are not query work).
  const query = store.driver.query.bind(store.driver);
  store.driver.query = ((sql: string, params?: unknown[]) => {
    if (sql.includes('"token"')) sqlRuns++;
    return query(sql, params);
  }) as typeof store.driver.query;
  srv = await startGraphQLServer({ store, schema, subgraphName: 'cache', port: 0 });
});
after(async () => {
  await srv?.close();
  await store?.close();
});

async function symbol(variables?: object): Promise<string> {
  const body = JSON.stringify({
    query: 'query($f: Int) { tokens(first: $f) { symbol } }',
    variables,
  });
  const r = await fetch(srv.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const j = (await r.json()) as { data: { tokens: { symbol: string }[] } };
  return j.data.tokens[0].symbol;
}

test('server: one run per query and head; a new block or a revert answers afresh', async () => {
  sqlRuns = 0;
  assert.equal(await symbol(), 'ONE');
  assert.equal(await symbol(), 'ONE');
  assert.equal(sqlRuns, 1);
  assert.equal(await symbol({ f: 5 }), 'ONE'); // other variables: another entry
  assert.equal(sqlRuns, 2);
  await commit(2, 'TWO');
  assert.equal(await symbol(), 'TWO');
  assert.equal(sqlRuns, 3);
  await store.revertTo(1);
  assert.equal(await symbol(), 'ONE');
  assert.equal(sqlRuns, 4);
  // Back at block 2 with other data: same number and hash as before the revert, new answer.
  await commit(2, 'AGAIN');
  assert.equal(await symbol(), 'AGAIN');
  const stats = srv.cacheStats()!;
  assert.equal(stats.hits, 1);
  assert.equal(stats.misses, 5);
});
