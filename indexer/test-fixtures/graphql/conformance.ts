// The query API conformance harness: fixture data committed through the store at several
// blocks, an independent replay of the fixture changes (the "oracle") for expected values, and
// a registry of cases that runConformance() runs once per driver over HTTP.
import { describe, before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { EntityData, StoreValue } from '../../src/internal/types.ts';
import { openStore, openPostgres, type Store, type Batch } from '../../src/store/index.ts';
import { fixtureSchema, makeBatches, blockHash } from '../store/fixture.ts';
import { startGraphQLServer, type GraphQLServer } from '../../src/graphql/server.ts';
import { IndexingStatus } from '../../src/graphql/status.ts';

export const schema = fixtureSchema();
export const BLOCKS = 20;
export const batches: Batch[] = makeBatches({ blocks: BLOCKS, accounts: 15, seed: 11 });
export let store: Store;
export let srv: GraphQLServer;
export const status = new IndexingStatus({
  network: 'devnet',
  chainHead: { number: 25, hash: blockHash(25) },
  synced: false,
});

const pgUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
// Tests are registered here and run once per driver (see the end of the file).
const cases: [string, () => Promise<void>][] = [];
export const tcase = (name: string, fn: () => Promise<void>) => cases.push([name, fn]);

// ---- oracle: replay the fixture changes up to a block ----
export function stateAt(
  block: number,
): Map<string, Map<string, { data: EntityData; changed: number }>> {
  const out = new Map<string, Map<string, { data: EntityData; changed: number }>>();
  for (const b of batches)
    for (const c of b.changes) {
      if (c.block > block) continue;
      if (!out.has(c.entityType)) out.set(c.entityType, new Map());
      const m = out.get(c.entityType)!;
      if (c.data) m.set(c.id, { data: c.data, changed: c.block });
      else m.delete(c.id);
    }
  return out;
}
export const val = (v: StoreValue | undefined): unknown => {
  if (!v || v.kind === 'Null') return null;
  switch (v.kind) {
    case 'Bytes':
      return '0x' + Buffer.from(v.value).toString('hex');
    case 'BigInt':
    case 'Int8':
    case 'Timestamp':
      return v.value.toString();
    case 'Array':
      return v.value.map(val);
    default:
      return v.value;
  }
};
export const entities = (type: string, block = BLOCKS) =>
  [...(stateAt(block).get(type) ?? new Map()).entries()].map(([id, e]) => ({
    id,
    e: e.data,
    changed: e.changed,
  }));
export const byId = (a: { id: string }, b: { id: string }) =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
export const big = (e: EntityData, f: string) => BigInt((e.get(f) as { value: bigint }).value);

export async function gql(
  query: string,
  variables?: object,
  url = srv.url,
): Promise<{ data?: any; errors?: { message: string; locations?: unknown }[] }> {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  assert.equal(r.status, 200);
  return r.json() as never;
}
export async function data(query: string, variables?: object) {
  const r = await gql(query, variables);
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  return r.data;
}
export async function errorOf(query: string, variables?: object): Promise<string> {
  const r = await gql(query, variables);
  assert.ok(r.errors?.length, `expected an error, got ${JSON.stringify(r.data)}`);
  assert.equal(r.data, undefined);
  return r.errors![0].message;
}

/** Runs every registered case once per driver (PGlite, and PostgreSQL when configured). */
export function runConformance(): void {
  for (const kind of ['pglite', 'postgres'] as const) {
    const skip =
      kind === 'postgres' && !pgUrl
        ? 'PostgreSQL run needs TEST_DATABASE_URL or DATABASE_URL'
        : false;
    describe(`query API on ${kind}`, { skip }, () => {
      before(async () => {
        const driver = kind === 'postgres' ? await openPostgres(pgUrl!) : undefined;
        if (driver) await driver.exec('DROP SCHEMA IF EXISTS sgd_conformance CASCADE');
        store = await openStore({ schema, deployment: 'conformance', driver });
        for (const b of batches) await store.commitBatch(b);
        srv = await startGraphQLServer({
          store,
          schema,
          subgraphName: 'collateral-radar',
          port: 0,
          statusPort: 0,
          status,
          limits: { maxDepth: 8 },
        });
        status.synced = false;
      });
      after(async () => {
        await srv?.close();
        await store?.close();
        if (kind === 'postgres') {
          await store.driver.exec('DROP SCHEMA IF EXISTS sgd_conformance CASCADE');
          await store.driver.close();
        }
      });
      for (const [name, fn] of cases) test(name, fn);
    });
  }
}
