// The versioned entity store (graph-node's model) on PGlite or PostgreSQL.
//
// Usage (ingestion side):
//   const store = await openStore({ schema, deployment: 'collateral-radar', dataDir: '.data/pglite/collateral-radar' });
//   // or databaseUrl: process.env.DATABASE_URL — one Postgres schema per deployment (sgd_<name>)
//   const cursor = await store.getCursor();            // {number, hash} | null: resume after this block
//   for await (const [id, data] of store.loadCurrent('Market')) cache.set(id, data);
//   await store.commitBatch({ changes, blocks, cursor, dataSources });   // ONE transaction
//   await store.revertTo(commonAncestor);              // reorg: state as if indexed only up to it
//   await store.setFailed({ block, handler, message, deterministic }); // health → failed
//   await store.close();
//
// Semantics:
// - Entity ids are strings as graph-ts sees them: Bytes ids as lowercase 0x-hex, Int8 ids decimal.
// - `changes` are in chronological order; each is the FULL entity after the change (null = remove)
//   at `block`. Several changes of one id in one block: the last wins. A later batch may touch
//   the same block again (the version created in that block is replaced).
// - Every version has a block range [lo, hi): reading at block B sees versions with
//   lo <= B < hi. Immutable entities have only lo and cannot be changed or removed.
// - `blocks` are the block pointers of this batch (kept for reorg detection, `block: {hash}`
//   queries and `_meta`); the cursor block is always recorded too (without parent/timestamp if
//   not given in `blocks`).
// - dataSources: records of templates instantiated in this batch (any JSON-like value, Maps,
//   bigints and Uint8Arrays survive); an item's numeric `block` property (else the cursor block)
//   decides when revertTo drops it. `loadDataSources()` returns them in creation order.
import type { BlockPtr, EntityData } from '../internal/types.ts';

export type { BlockPtr };
import type { SchemaModel } from '../schema/index.ts';
import { openPglite, openPostgres, type Driver, type Queryable } from './driver.ts';
import { buildLayout, ddl, q, selectExpr, type Layout } from './layout.ts';
import { decodeEntity, deserialize, idString, idText } from './codec.ts';
import { CHUNK, writeBlocks, writeDataSources, writeTable } from './table-writer.ts';

export interface BlockInfo {
  number: number;
  hash: string;
  parentHash?: string | null;
  timestamp?: number | bigint | null;
}
export interface EntityChange {
  entityType: string;
  id: string;
  data: EntityData | null;
  block: number;
}
export interface Batch {
  changes: EntityChange[];
  blocks: BlockInfo[];
  cursor: BlockPtr;
  dataSources?: unknown[];
}
export interface FatalError {
  block: BlockPtr | { number: number; hash: string | null };
  handler: string | null;
  message: string;
  deterministic: boolean;
}
export interface Health {
  health: 'healthy' | 'unhealthy' | 'failed';
  fatalError: FatalError | null;
}

export interface StoreOptions {
  schema: SchemaModel;
  deployment: string;
  /** PGlite data directory (created if missing); omitted → in-memory PGlite */
  dataDir?: string;
  /** PostgreSQL URL; takes precedence over dataDir */
  databaseUrl?: string;
  /** share one driver between stores of several deployments (tests) */
  driver?: Driver;
}

export class Store {
  private writing: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly driver: Driver,
    readonly layout: Layout,
    readonly schema: SchemaModel,
    readonly deployment: string,
    private readonly ownsDriver: boolean,
  ) {}

  static async open(o: StoreOptions): Promise<Store> {
    const driver =
      o.driver ?? (o.databaseUrl ? await openPostgres(o.databaseUrl) : await openPglite(o.dataDir));
    const layout = buildLayout(o.schema, o.deployment);
    const s = new Store(driver, layout, o.schema, o.deployment, !o.driver);
    await s.migrate();
    return s;
  }

  private meta = (k: string) => `${q(this.layout.schemaName)}."meta$"`;

  private async migrate(): Promise<void> {
    const { rows } = await this.driver.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'meta$'`,
      [this.layout.schemaName],
    );
    if (rows[0].n > 0) {
      const prev = await this.getMeta('schema');
      if (prev !== null && prev !== this.schema.source) {
        throw new Error(
          `deployment \`${this.deployment}\` was indexed with a different schema.graphql; remove its data (schema ${this.layout.schemaName}) or use another deployment name`,
        );
      }
      if (prev !== null) return;
    }
    // One round trip for the whole DDL (idempotent: IF NOT EXISTS). The schema row is written
    // last, so a crash in between just re-runs the DDL on the next open.
    await this.driver.exec(`BEGIN;\n${ddl(this.layout)}\nCOMMIT;`);
    await this.setMeta(this.driver, 'schema', this.schema.source);
  }

  private async getMeta(k: string, db: Queryable = this.driver): Promise<string | null> {
    const { rows } = await db.query<{ v: string }>(`SELECT v FROM ${this.meta(k)} WHERE k = $1`, [
      k,
    ]);
    return rows[0]?.v ?? null;
  }

  private setMeta(db: Queryable, k: string, v: string | null) {
    return v === null
      ? db.query(`DELETE FROM ${this.meta(k)} WHERE k = $1`, [k])
      : db.query(
          `INSERT INTO ${this.meta(k)} (k, v) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v`,
          [k, v],
        );
  }

  /** Serialise writers: a batch, a revert and a failure never interleave. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.writing.then(fn, fn);
    this.writing = run.catch(() => {});
    return run;
  }

  async getCursor(): Promise<BlockPtr | null> {
    const v = await this.getMeta('cursor');
    return v ? (JSON.parse(v) as BlockPtr) : null;
  }

  async getBlockHash(number: number): Promise<string | null> {
    const { rows } = await this.driver.query<{ hash: string }>(
      `SELECT hash FROM ${q(this.layout.schemaName)}."block$" WHERE number = $1`,
      [number],
    );
    return rows[0]?.hash ?? null;
  }

  /** A stored block pointer by number or hash (for `block:` arguments and `_meta`). */
  async getBlock(by: { number: number } | { hash: string }): Promise<BlockInfo | null> {
    const [w, p] =
      'number' in by ? ['number = $1', by.number] : ['hash = $1', by.hash.toLowerCase()];
    const { rows } = await this.driver.query<{
      number: number;
      hash: string;
      parent_hash: string | null;
      timestamp: string | null;
    }>(
      `SELECT number, hash, parent_hash, timestamp::text AS timestamp FROM ${q(this.layout.schemaName)}."block$" WHERE ${w}`,
      [p],
    );
    const r = rows[0];
    return r
      ? {
          number: r.number,
          hash: r.hash,
          parentHash: r.parent_hash,
          timestamp: r.timestamp === null ? null : BigInt(r.timestamp),
        }
      : null;
  }

  /** Current versions of every entity of a type, in id order, paged so memory stays flat. */
  async *loadCurrent(entityType: string): AsyncGenerator<[string, EntityData]> {
    const t = this.layout.table(entityType);
    const sel = t.columns.map((c) => `${selectExpr(c)} AS ${q(c.name)}`).join(', ');
    const open = t.immutable ? 'TRUE' : '"blk$hi" IS NULL';
    let after: string | null = null;
    for (;;) {
      const params: unknown[] = [CHUNK];
      let cond = open;
      if (after !== null) {
        params.push(after);
        cond += ` AND id > $2::text::${t.id.pg}`;
      }
      const { rows } = await this.driver.query<Record<string, unknown>>(
        `SELECT ${sel} FROM ${t.qname} WHERE ${cond} ORDER BY id LIMIT $1`,
        params,
      );
      for (const r of rows) yield [idString(r.id, t.id), decodeEntity(r, t.columns)];
      if (rows.length < CHUNK) return;
      after = idText(idString(rows[rows.length - 1].id, t.id), t.id);
    }
  }

  /** Ids of the current versions of an entity type (all ids, for immutable types), in id order, paged. */
  async *loadIds(entityType: string): AsyncGenerator<string> {
    await this.writing; // every batch handed to commitBatch before is in
    const t = this.layout.table(entityType);
    let after: string | null = null;
    for (;;) {
      const params: unknown[] = [CHUNK];
      let cond = t.immutable ? 'TRUE' : '"blk$hi" IS NULL';
      if (after !== null) {
        params.push(after);
        cond += ` AND id > $2::text::${t.id.pg}`;
      }
      const { rows } = await this.driver.query<{ id: unknown }>(
        `SELECT id FROM ${t.qname} WHERE ${cond} ORDER BY id LIMIT $1`,
        params,
      );
      for (const r of rows) yield idString(r.id, t.id);
      if (rows.length < CHUNK) return;
      after = idText(idString(rows[rows.length - 1].id, t.id), t.id);
    }
  }

  /** The entity as of `block` (default: latest). */
  async get(entityType: string, id: string, block?: number): Promise<EntityData | null> {
    await this.writing; // reads see every batch handed to commitBatch before them
    const t = this.layout.table(entityType);
    const sel = t.columns.map((c) => `${selectExpr(c)} AS ${q(c.name)}`).join(', ');
    const params: unknown[] = [idText(id, t.id)];
    let cond: string;
    if (block === undefined) cond = t.immutable ? 'TRUE' : '"blk$hi" IS NULL';
    else {
      params.push(block);
      cond = t.immutable
        ? '"blk$lo" <= $2'
        : '"blk$lo" <= $2 AND ("blk$hi" IS NULL OR "blk$hi" > $2)';
    }
    const { rows } = await this.driver.query<Record<string, unknown>>(
      `SELECT ${sel} FROM ${t.qname} WHERE id = $1::text::${t.id.pg} AND ${cond} LIMIT 1`,
      params,
    );
    return rows[0] ? decodeEntity(rows[0], t.columns) : null;
  }

  // Rows written per table since its last ANALYZE. PGlite has no autovacuum, and without
  // statistics the planner picks nested loops that are 50× slower on the query side.
  // A table is analyzed once it has 500 new rows and grew by 20% — at most once a minute
  // while it keeps growing by less than 100% (a catch-up doubles tables quickly: ANALYZE
  // after every batch cost ~4% of indexing time), so the number of ANALYZEs grows with the
  // log of the table size and statistics are never more than a minute or one doubling old.
  private sinceAnalyze = new Map<string, number>();
  private analyzedRows = new Map<string, number>();
  private analyzedAt = new Map<string, number>();

  private async maybeAnalyze(written: Map<string, number>): Promise<void> {
    for (const [name, n] of written) {
      const total = (this.sinceAnalyze.get(name) ?? 0) + n;
      const base = this.analyzedRows.get(name) ?? 0;
      const due =
        total >= 500 &&
        total >= 0.2 * base &&
        (total >= base || Date.now() - (this.analyzedAt.get(name) ?? 0) >= 60_000);
      if (due) {
        const t = this.layout.table(name);
        await this.driver.query(`ANALYZE ${t.qname}`);
        this.analyzedRows.set(name, base + total);
        this.analyzedAt.set(name, Date.now());
        this.sinceAnalyze.set(name, 0);
      } else this.sinceAnalyze.set(name, total);
    }
  }

  commitBatch(batch: Batch): Promise<void> {
    const written = new Map<string, number>();
    for (const c of batch.changes) written.set(c.entityType, (written.get(c.entityType) ?? 0) + 1);
    let top = batch.cursor.number;
    for (const c of batch.changes) if (c.block > top) top = c.block;
    return this.serial(async () => {
      await this.commitTx(batch);
      if (this.maxLo !== null) this.maxLo = Math.max(this.maxLo, top);
      await this.maybeAnalyze(written);
    });
  }

  /**
   * Upper bound of every stored version's blk$lo (null: not read yet). Versions opened in a
   * block a batch rewrites must be deleted first; a change above the bound can have none, so
   * the usual batch (blocks after everything stored) skips that DELETE.
   */
  private maxLo: number | null = null;

  private async readMaxLo(tx: Queryable): Promise<number> {
    const parts = [...this.layout.tables.values()].map(
      (t) => `SELECT max("blk$lo") AS m FROM ${t.qname}`,
    );
    if (!parts.length) return -1;
    const { rows } = await tx.query<{ m: number | null }>(
      `SELECT max(m)::int AS m FROM (${parts.join(' UNION ALL ')}) x`,
    );
    return rows[0]?.m ?? -1;
  }

  private commitTx(batch: Batch): Promise<void> {
    return this.driver.transaction(async (tx) => {
      const byType = new Map<string, Map<string, EntityChange[]>>();
      for (const ch of batch.changes) {
        let m = byType.get(ch.entityType);
        if (!m) byType.set(ch.entityType, (m = new Map()));
        let l = m.get(ch.id);
        if (!l) m.set(ch.id, (l = []));
        if (l.length && l[l.length - 1].block === ch.block)
          l[l.length - 1] = ch; // last write in a block wins
        else if (l.length && l[l.length - 1].block > ch.block)
          throw new Error(
            `${ch.entityType}[${ch.id}]: changes out of block order (${l[l.length - 1].block} then ${ch.block})`,
          );
        else l.push(ch);
      }
      const maxLo = (this.maxLo ??= await this.readMaxLo(tx));
      for (const [type, m] of byType) await writeTable(tx, this.layout.table(type), m, maxLo);

      await writeBlocks(tx, this.layout.schemaName, batch);
      await writeDataSources(tx, this.layout.schemaName, batch);
      await this.setMeta(
        tx,
        'cursor',
        JSON.stringify({ number: batch.cursor.number, hash: batch.cursor.hash.toLowerCase() }),
      );
      // Progress past a non-deterministic failure means it was transient: healthy again.
      const h = await this.getMeta('health', tx);
      if (h && !(JSON.parse(h) as FatalError).deterministic) await this.setMeta(tx, 'health', null);
    });
  }

  /** Incremented by every revert in this process; readers use it to detect a reorg mid-query. */
  reverts = 0;

  /** Undo every block after `block`: the state equals indexing only up to `block`. */
  revertTo(block: number, hash?: string): Promise<void> {
    this.reverts++;
    return this.serial(() =>
      this.driver
        .transaction(async (tx) => {
          const s = q(this.layout.schemaName);
          let h = hash?.toLowerCase() ?? null;
          if (h === null) {
            const { rows } = await tx.query<{ hash: string }>(
              `SELECT hash FROM ${s}."block$" WHERE number = $1`,
              [block],
            );
            h = rows[0]?.hash ?? null;
          }
          if (h === null)
            throw new Error(
              `revertTo(${block}): no block pointer stored for block ${block}; pass its hash`,
            );
          for (const t of this.layout.tables.values()) {
            await tx.query(`DELETE FROM ${t.qname} WHERE "blk$lo" > $1`, [block]);
            if (!t.immutable)
              await tx.query(`UPDATE ${t.qname} SET "blk$hi" = NULL WHERE "blk$hi" > $1`, [block]);
          }
          await tx.query(`DELETE FROM ${s}."data_source$" WHERE block > $1`, [block]);
          await tx.query(`DELETE FROM ${s}."block$" WHERE number > $1`, [block]);
          await this.setMeta(tx, 'cursor', JSON.stringify({ number: block, hash: h }));
          const f = await this.getMeta('health', tx);
          if (f && (JSON.parse(f) as FatalError).block.number > block)
            await this.setMeta(tx, 'health', null); // graph-node unfails on revert
        })
        .then(() => {
          if (this.maxLo !== null) this.maxLo = Math.min(this.maxLo, block);
        }),
    );
  }

  /** Mark the deployment failed (deterministic) or unhealthy-until-progress (non-deterministic). */
  setFailed(e: {
    block: number | BlockPtr;
    handler?: string | null;
    message: string;
    deterministic: boolean;
  }): Promise<void> {
    const block =
      typeof e.block === 'number'
        ? { number: e.block, hash: null }
        : { number: e.block.number, hash: e.block.hash.toLowerCase() };
    const rec: FatalError = {
      block,
      handler: e.handler ?? null,
      message: e.message,
      deterministic: e.deterministic,
    };
    return this.serial(() =>
      this.setMeta(this.driver, 'health', JSON.stringify(rec)).then(() => {}),
    );
  }

  clearFailure(): Promise<void> {
    return this.serial(() => this.setMeta(this.driver, 'health', null).then(() => {}));
  }

  async health(): Promise<Health> {
    const v = await this.getMeta('health');
    if (!v) return { health: 'healthy', fatalError: null };
    const f = JSON.parse(v) as FatalError;
    return { health: 'failed', fatalError: f };
  }

  async loadDataSources(): Promise<unknown[]> {
    const { rows } = await this.driver.query<{ data: string }>(
      `SELECT data FROM ${q(this.layout.schemaName)}."data_source$" ORDER BY vid`,
    );
    return rows.map((r) => deserialize(r.data));
  }

  /** Number of entities in their latest version (index-node `entityCount`). */
  async entityCount(): Promise<number> {
    let n = 0;
    for (const t of this.layout.tables.values()) {
      const { rows } = await this.driver.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM ${t.qname}${t.immutable ? '' : ' WHERE "blk$hi" IS NULL'}`,
      );
      n += Number(rows[0].n);
    }
    return n;
  }

  async close(): Promise<void> {
    await this.writing;
    if (this.ownsDriver) await this.driver.close();
  }
}

export function openStore(o: StoreOptions): Promise<Store> {
  return Store.open(o);
}

export type { Driver, Queryable } from './driver.ts';
export { openPglite, openPostgres } from './driver.ts';
export type { Layout, Table, Column } from './layout.ts';
