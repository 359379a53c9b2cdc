// Shared pieces of the reliability suite: a small devnet, the subgraph copy pointed at it, a
// deterministic hash over every entity version of a store, and the "reference" (a clean,
// uninterrupted index of the canonical chain).
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { missingPiece, root, subgraphFor, gql } from '../e2e/indexer-helpers.ts';
import { openPglite, openPostgres } from '../../indexer/src/store/driver.ts';
import { startDevnet } from '../../devnet/src/index.ts';
import { startIndexerNode } from '../../indexer/src/index.ts';

export { missingPiece, root, subgraphFor, gql };

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

export interface StateHash {
  /** sha256 over every table's versions */
  hash: string;
  /** versions per table (for reports and diffs) */
  counts: Record<string, number>;
  cursor: { number: number; hash: string } | null;
  /** per-table hashes (to name the table that differs) */
  tables: Record<string, string>;
}

/**
 * Deterministic hash over every entity version of a deployment's schema: for each entity table
 * (sorted by name) every row (type, id, block range, all attribute values) as canonical jsonb
 * text without `vid` (an insertion counter), sorted; plus the dynamic data sources in creation
 * order (without vid). block$ (a cache of block pointers, batch dependent) and meta$ are left
 * out; the cursor is reported separately.
 */
export async function stateHash(db: Queryable, schemaName?: string): Promise<StateHash> {
  if (!schemaName) {
    const { rows } = await db.query<{ s: string }>(
      `SELECT schema_name AS s FROM information_schema.schemata WHERE schema_name LIKE 'sgd\\_%' ORDER BY 1`,
    );
    if (rows.length !== 1)
      throw new Error(
        `stateHash: expected one deployment schema, found ${rows.map((r) => r.s).join(', ') || 'none'}`,
      );
    schemaName = rows[0].s;
  }
  const qs = `"${schemaName.replace(/"/g, '""')}"`;
  const { rows: tabs } = await db.query<{ t: string }>(
    `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = $1 AND table_name NOT IN ('meta$', 'block$') ORDER BY 1`,
    [schemaName],
  );
  const all = createHash('sha256');
  const counts: Record<string, number> = {};
  const tables: Record<string, string> = {};
  for (const { t } of tabs.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0))) {
    const order = t === 'data_source$' ? 'ORDER BY vid' : '';
    const { rows } = await db.query<{ j: string }>(
      `SELECT (to_jsonb(x) - 'vid')::text AS j FROM ${qs}."${t.replace(/"/g, '""')}" x ${order}`,
    );
    const lines = rows.map((r) => r.j);
    if (t !== 'data_source$') lines.sort();
    const h = createHash('sha256');
    h.update(t + '\n');
    for (const l of lines) h.update(l + '\n');
    tables[t] = h.digest('hex');
    counts[t] = lines.length;
    all.update(`${t}:${tables[t]}\n`);
  }
  const { rows: m } = await db.query<{ v: string }>(
    `SELECT v FROM ${qs}."meta$" WHERE k = 'cursor'`,
  );
  return { hash: all.digest('hex'), counts, tables, cursor: m[0] ? JSON.parse(m[0].v) : null };
}

/** Hash of a PGlite data dir written by the indexer (opened read-only in spirit, then closed). */
export async function hashDataDir(dataDir: string): Promise<StateHash> {
  const d = await openPglite(dataDir);
  try {
    return await stateHash(d);
  } finally {
    await d.close();
  }
}

/** Names the tables whose hashes differ (assert messages). */
export function diffTables(a: StateHash, b: StateHash): string {
  const names = new Set([...Object.keys(a.tables), ...Object.keys(b.tables)]);
  const out: string[] = [];
  for (const n of names)
    if (a.tables[n] !== b.tables[n])
      out.push(`${n} (${a.counts[n] ?? '-'} vs ${b.counts[n] ?? '-'} versions)`);
  return `cursor ${JSON.stringify(a.cursor)} vs ${JSON.stringify(b.cursor)}; differing tables: ${out.join(', ') || 'none'}`;
}

export type StartIndexerNode = typeof import('../../indexer/src/index.ts').startIndexerNode;
export type IndexerNode = Awaited<ReturnType<StartIndexerNode>>;

export async function startSmallDevnet(seed: number, days = 1, accounts = 10) {
  return startDevnet({
    seed,
    accounts,
    days,
    live: false,
    port: 0,
    writeFiles: false,
    quiet: true,
  });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `cr-rel-${prefix}-`));
}
export const rmrf = (p: string) => {
  if (p) rmSync(p, { recursive: true, force: true });
};

/**
 * The store under test: PGlite by default, PostgreSQL with RELIABILITY_STORE=postgres (the
 * database at TEST_DATABASE_URL). References stay on PGlite: the state hash is the same on both
 * drivers, so a PostgreSQL run is compared with a PGlite reference.
 */
export const STORE_UNDER_TEST: 'pglite' | 'postgres' =
  process.env.RELIABILITY_STORE === 'postgres' ? 'postgres' : 'pglite';

/** Why the store under test cannot be opened (null when it can); CI must not skip it. */
export function storeMissing(): string | null {
  if (STORE_UNDER_TEST !== 'postgres' || process.env.TEST_DATABASE_URL) return null;
  const why =
    'RELIABILITY_STORE=postgres needs TEST_DATABASE_URL (bash scripts/ci-setup.sh writes it)';
  if (process.env.CI === 'true') throw new Error(why);
  return why;
}

/**
 * startIndexerNode's store options for the store under test: a PGlite data dir, or the
 * PostgreSQL database with the deployment's schema dropped first (one schema per deployment).
 */
export function storeUnderTest(
  dataDir: string,
): { dataDir: string } | { databaseUrl: string; reset: true } {
  return STORE_UNDER_TEST === 'postgres'
    ? { databaseUrl: process.env.TEST_DATABASE_URL!, reset: true }
    : { dataDir };
}

/** Drops a deployment schema left in the PostgreSQL database under test (no-op on PGlite). */
export async function dropSchemaUnderTest(schemaName: string | undefined): Promise<void> {
  if (STORE_UNDER_TEST !== 'postgres' || !schemaName || !process.env.TEST_DATABASE_URL) return;
  const d = await openPostgres(process.env.TEST_DATABASE_URL);
  try {
    await d.exec(`DROP SCHEMA IF EXISTS "${schemaName.replace(/"/g, '""')}" CASCADE`);
  } finally {
    await d.close();
  }
}

/** A clean in-process index to the head (exitWhenSynced), hashed. */
export async function referenceIndex(
  rpcUrl: string,
  subgraphDir: string,
  dataDir: string,
  extra: Record<string, unknown> = {},
): Promise<{ state: StateHash; node: IndexerNode }> {
  const node = await startIndexerNode({
    rpcUrl,
    network: 'devnet',
    subgraphDir,
    dataDir,
    serve: false,
    exitWhenSynced: true,
    progress: false,
    log: () => {},
    ...extra,
  } as never);
  try {
    await node.indexing;
    if (node.status.health !== 'healthy')
      throw new Error(`reference index not healthy: ${JSON.stringify(node.status.fatalError)}`);
    return { state: await stateHash(node.store.driver, node.store.layout.schemaName), node };
  } finally {
    await node.stop();
  }
}

export async function headNumber(provider: {
  request(a: { method: string; params?: unknown[] }): Promise<unknown>;
}): Promise<number> {
  return Number((await provider.request({ method: 'eth_blockNumber' })) as string);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Seeded PRNG (LCG) so kill points and fault schedules are reproducible. */
export function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
