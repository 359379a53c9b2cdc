// The one seam between the store and a database: PGlite (embedded, default) or PostgreSQL (`pg`).
// Everything above this file is identical for both, so the same tests cover both.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** `COPY … FROM STDIN`-style bulk load of Postgres text-format data, where the driver can. */
  copyIn?(sql: string, data: string): Promise<void>;
}

export interface Driver extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Run several statements (no parameters). */
  exec(sql: string): Promise<void>;
  /** Everything inside fn commits together or not at all. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// A new PGlite cluster runs initdb: PGlite starts a second Postgres instance and the initdb
// module, then copies the result over — 3-5x the time of opening an existing data dir (seconds).
// initdb's output for a given PGlite version is always the same empty cluster, so the first one
// is kept as a tarball (PGlite's own dumpDataDir format) in the OS temp dir, and later new
// clusters are loaded from it (PGlite's loadDataDir) instead. Any problem with the tarball
// falls back to initdb. CR_PGLITE_TEMPLATE=0 disables it; CR_PGLITE_TEMPLATE=<file> moves it.
const pgliteVersion = (() => {
  try {
    const pkg = join(
      dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')),
      '..',
      'package.json',
    );
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
})();
function pgliteTemplate(): string | null {
  const env = process.env.CR_PGLITE_TEMPLATE;
  if (env === '0') return null;
  if (env) return env;
  return pgliteVersion
    ? join(tmpdir(), 'collateral-radar', `pglite-${pgliteVersion}-initdb.tar.gz`)
    : null;
}

/** A new cluster in `dataDir` (empty or absent; in memory without one), open. */
async function newCluster(dataDir?: string) {
  const { PGlite } = await import('@electric-sql/pglite');
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const templateFile = pgliteTemplate();
  let db: InstanceType<typeof PGlite> | null = null;
  if (templateFile && existsSync(templateFile)) {
    try {
      const loadDataDir = new Blob([new Uint8Array(readFileSync(templateFile))]);
      db = dataDir ? new PGlite(dataDir, { loadDataDir }) : new PGlite({ loadDataDir });
      await db.waitReady;
    } catch {
      // unreadable or from a different build: drop it, undo what was written, run initdb
      await db?.close().catch(() => {});
      db = null;
      rmSync(templateFile, { force: true });
      if (dataDir)
        for (const f of readdirSync(dataDir))
          rmSync(join(dataDir, f), { recursive: true, force: true });
    }
  }
  if (!db) {
    db = dataDir ? new PGlite(dataDir) : new PGlite();
    await db.waitReady;
    if (templateFile) {
      try {
        // the empty cluster, before anything of ours is in it
        const tar = new Uint8Array(await (await db.dumpDataDir('gzip')).arrayBuffer());
        mkdirSync(dirname(templateFile), { recursive: true });
        const tmp = `${templateFile}.${process.pid}.tmp`;
        writeFileSync(tmp, tar);
        renameSync(tmp, templateFile);
      } catch {
        /* no cache: the next new cluster runs initdb again */
      }
    }
  }
  return db;
}

export async function openPglite(dataDir?: string): Promise<Driver> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // A new cluster: the data dir is empty (PGlite writes PG_VERSION and the rest itself).
  const fresh = !dataDir || readdirSync(dataDir).length === 0;
  let db: InstanceType<typeof PGlite>;
  if (!dataDir) db = await newCluster();
  else if (fresh) {
    // Made beside the data dir and renamed into it: a kill while it is made (seconds of initdb
    // or of the template's copy) leaves no half-made cluster that would not open again.
    const parent = dirname(dataDir);
    const prefix = `${basename(dataDir)}.new-`;
    for (const f of readdirSync(parent))
      if (f.startsWith(prefix)) rmSync(join(parent, f), { recursive: true, force: true });
    const staging = join(parent, `${prefix}${process.pid}`);
    await (await newCluster(staging)).close();
    rmSync(dataDir, { recursive: true, force: true });
    renameSync(staging, dataDir);
    db = new PGlite(dataDir);
    await db.waitReady;
  } else {
    db = new PGlite(dataDir);
    await db.waitReady;
  }
  return {
    kind: 'pglite',
    query: async <T>(sql: string, params?: unknown[]) => ({
      rows: (await db.query<T>(sql, params)).rows,
    }),
    exec: async (sql) => {
      await db.exec(sql);
    },
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          query: async <T>(s: string, p?: unknown[]) => ({ rows: (await tx.query<T>(s, p)).rows }),
          // PGlite reads COPY data from a Blob mapped to /dev/blob: ~1.6x faster than unnest().
          copyIn: async (s: string, data: string) => {
            await tx.query(s.replace(/FROM STDIN/i, "FROM '/dev/blob'"), [], {
              blob: new Blob([data]),
            });
          },
        }),
      ),
    close: () => db.close(),
  };
}

export async function openPostgres(url: string): Promise<Driver> {
  const pg = (await import('pg')).default;
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // Fail fast with a clear message instead of on the first query.
  const c = await pool.connect().catch((e: Error) => {
    throw new Error(`cannot connect to PostgreSQL (${redact(url)}): ${e.message}`);
  });
  c.release();
  return {
    kind: 'postgres',
    query: async <T>(sql: string, params?: unknown[]) => ({
      rows: (await pool.query(sql, params as unknown[])).rows as T[],
    }),
    exec: async (sql) => {
      await pool.query(sql);
    },
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const r = await fn({
          query: async <T>(s: string, p?: unknown[]) => ({
            rows: (await client.query(s, p as unknown[])).rows as T[],
          }),
        });
        await client.query('COMMIT');
        return r;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
