import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, openPglite, openPostgres, type Driver, type Store } from './index.ts';
import {
  fixtureSchema,
  makeBatches,
  addr,
  blockHash,
  ent,
  S,
  I,
  X,
  BI,
  marketId,
} from '../../test-fixtures/store/fixture.ts';
import { q } from './layout.ts';

const schema = fixtureSchema();
const pgUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;

/** All versions of all tables, as comparable JSON (vid excluded: it is only an insert counter). */
async function dump(s: Store): Promise<string> {
  const out: Record<string, unknown[]> = {};
  for (const t of s.layout.tables.values()) {
    const cols = t.columns.map((c) => `${q(c.name)}::text`).join(', ');
    const { rows } = await s.driver.query(
      `SELECT ${cols}, "blk$lo"${t.immutable ? '' : ', "blk$hi"'} FROM ${t.qname} ORDER BY id, "blk$lo"`,
    );
    out[t.name] = rows;
  }
  return JSON.stringify(out);
}

let n = 0;
const fresh = (d: Driver) => openStore({ schema, deployment: `t${process.pid}_${++n}`, driver: d });

function suite(kind: 'pglite' | 'postgres', open: () => Promise<Driver>, skip: string | false) {
  describe(`store on ${kind}`, { skip }, () => {
    let driver: Driver;
    const stores: Store[] = [];
    const get = async () => {
      driver ??= await open();
      const s = await fresh(driver);
      stores.push(s);
      return s;
    };
    after(async () => {
      if (!driver) return;
      for (const s of stores)
        await driver.exec(`DROP SCHEMA IF EXISTS ${q(s.layout.schemaName)} CASCADE`);
      await driver.close();
    });
    const batches = makeBatches({ blocks: 20, accounts: 15, seed: 7 });

    test('get at a block sees the version valid then; loadCurrent streams latest', async () => {
      const s = await get();
      for (const b of batches) await s.commitBatch(b);
      assert.deepEqual(await s.getCursor(), { number: 20, hash: blockHash(20) });
      const m0 = marketId(0);
      // Market 0 is rewritten at every block ≡ 0 mod 3 with totalSupply = block × 1e18.
      assert.deepEqual((await s.get('Market', m0, 4))!.get('totalSupply'), {
        kind: 'BigInt',
        value: 3n * 10n ** 18n,
      });
      assert.deepEqual((await s.get('Market', m0, 1))!.get('totalSupply'), {
        kind: 'BigInt',
        value: 0n,
      });
      assert.deepEqual((await s.get('Market', m0))!.get('totalSupply'), {
        kind: 'BigInt',
        value: 18n * 10n ** 18n,
      });
      assert.deepEqual((await s.get('Market', m0))!.get('liquidationThreshold'), {
        kind: 'Int8',
        value: 8018n,
      });
      assert.deepEqual((await s.get('Market', m0))!.get('tags'), {
        kind: 'Array',
        value: [S('core')],
      });
      assert.equal(await s.get('Market', m0, 0), null); // not yet created
      const tok = (await s.get('Token', addr(1, 3)))!;
      assert.equal(tok.has('name'), false); // nulls are omitted like graph-node's entities
      assert.deepEqual(tok.get('id'), X(addr(1, 3)));
      const all = [];
      for await (const e of s.loadCurrent('Market')) all.push(e);
      assert.deepEqual(
        all.map(([id]) => id),
        [marketId(0), marketId(1), marketId(2)],
      );
      const ids = [];
      for await (const id of s.loadIds('Market')) ids.push(id);
      assert.deepEqual(ids, [marketId(0), marketId(1), marketId(2)]);
      const supplies = new Set(
        batches
          .flatMap((b) => b.changes)
          .filter((c) => c.entityType === 'Supply')
          .map((c) => c.id.toLowerCase()),
      );
      const supplyIds = new Set<string>();
      for await (const id of s.loadIds('Supply')) supplyIds.add(id);
      assert.ok(supplies.size > 0);
      assert.deepEqual(supplyIds, supplies);
      assert.equal(await s.getBlockHash(7), blockHash(7));
      assert.deepEqual((await s.getBlock({ hash: blockHash(7) }))!.parentHash, blockHash(6));
      const ds = await s.loadDataSources();
      assert.equal(ds.length, 1);
      assert.deepEqual((ds[0] as { context: Map<string, unknown> }).context.get('k'), S('v'));
    });

    test('get and loadIds see a batch still being committed (read after commitBatch, not after it settles)', async () => {
      const s = await get();
      const pending = s.commitBatch(batches[0]);
      assert.ok(await s.get('Market', marketId(0)));
      const supply = batches[0].changes.find((c) => c.entityType === 'Supply');
      if (supply) {
        const ids: string[] = [];
        for await (const id of s.loadIds('Supply')) ids.push(id);
        assert.ok(ids.includes(supply.id.toLowerCase()));
      }
      await pending;
    });

    test('revert to block N equals indexing only up to N', async () => {
      const c = await get(); // the straight run, for the re-index comparison
      for (const bt of batches) await c.commitBatch(bt);
      const straight = await dump(c);
      for (const N of [1, 3, 8, 13, 19]) {
        const a = await get(),
          b = await get();
        for (const bt of batches) await a.commitBatch(bt);
        await a.revertTo(N);
        for (const bt of batches) {
          if (bt.cursor.number <= N) await b.commitBatch(bt);
          else {
            const keep = bt.changes.filter((c) => c.block <= N);
            if (keep.length || bt.blocks.some((x) => x.number <= N)) {
              await b.commitBatch({
                changes: keep,
                blocks: bt.blocks.filter((x) => x.number <= N),
                cursor: { number: N, hash: blockHash(N) },
                dataSources: (bt.dataSources ?? []).filter(
                  (d) => (d as { block: number }).block <= N,
                ),
              });
            }
            break;
          }
        }
        assert.equal(await dump(a), await dump(b), `state after revertTo(${N})`);
        assert.deepEqual(await a.getCursor(), { number: N, hash: blockHash(N) });
        assert.equal(await a.getBlockHash(N + 1), null);
        assert.equal((await a.loadDataSources()).length, N >= 3 ? 1 : 0); // created at block 3
        // indexing the rest again after the revert ends where the straight run ended
        for (const bt of batches) {
          if (bt.cursor.number <= N) continue;
          await a.commitBatch({
            ...bt,
            changes: bt.changes.filter((x) => x.block > N),
            blocks: bt.blocks.filter((x) => x.number > N),
            dataSources: (bt.dataSources ?? []).filter((d) => (d as { block: number }).block > N),
          });
        }
        assert.equal(await dump(a), straight, `re-index after revertTo(${N})`);
      }
    });

    test('a failing batch leaves nothing behind', async () => {
      const s = await get();
      await s.commitBatch(batches[0]);
      const before = await dump(s);
      const bad = {
        ...batches[1],
        changes: [
          ...batches[1].changes,
          {
            entityType: 'Account',
            id: addr(3, 99),
            block: 4,
            data: ent({ id: X(addr(3, 99)), positionCount: S('not a number') }),
          },
        ],
      };
      await assert.rejects(s.commitBatch(bad), /String value cannot be stored in a int4 column/);
      const bad2 = {
        ...batches[1],
        changes: [
          ...batches[1].changes,
          {
            entityType: 'Token',
            id: addr(1, 1),
            block: 4,
            data: ent({
              id: X(addr(1, 1)),
              symbol: S('x'),
              decimals: { kind: 'Int', value: 2 ** 40 } as const,
            }),
          },
        ],
      };
      await assert.rejects(s.commitBatch(bad2)); // rejected by Postgres mid-transaction (int4 overflow)
      assert.equal(await dump(s), before);
      assert.deepEqual(await s.getCursor(), batches[0].cursor);
      await s.commitBatch(batches[1]); // and the store still works
      assert.deepEqual(await s.getCursor(), batches[1].cursor);
    });

    test('immutable entities cannot change; same-block rewrite replaces the version', async () => {
      const s = await get();
      const id = addr(7, 1);
      const sup = (amount: bigint) =>
        ent({
          id: X(id),
          account: X(addr(3, 1)),
          market: X(marketId(0)),
          amount: BI(amount),
          timestamp: { kind: 'Timestamp', value: 1n },
        });
      await s.commitBatch({
        changes: [{ entityType: 'Supply', id, block: 1, data: sup(1n) }],
        blocks: [],
        cursor: { number: 1, hash: blockHash(1) },
      });
      await assert.rejects(
        s.commitBatch({
          changes: [{ entityType: 'Supply', id, block: 2, data: sup(2n) }],
          blocks: [],
          cursor: { number: 2, hash: blockHash(2) },
        }),
        /immutable/,
      );
      const acc = (n: number) => ent({ id: X(addr(3, 1)), positionCount: I(n) });
      await s.commitBatch({
        changes: [{ entityType: 'Account', id: addr(3, 1), block: 2, data: acc(1) }],
        blocks: [],
        cursor: { number: 2, hash: blockHash(2) },
      });
      await s.commitBatch({
        changes: [
          { entityType: 'Account', id: addr(3, 1), block: 2, data: acc(2) },
          { entityType: 'Account', id: addr(3, 1), block: 3, data: acc(3) },
        ],
        blocks: [],
        cursor: { number: 3, hash: blockHash(3) },
      });
      assert.deepEqual((await s.get('Account', addr(3, 1), 2))!.get('positionCount'), I(2));
      assert.deepEqual((await s.get('Account', addr(3, 1)))!.get('positionCount'), I(3));
      await s.commitBatch({
        changes: [{ entityType: 'Account', id: addr(3, 1), block: 4, data: null }],
        blocks: [],
        cursor: { number: 4, hash: blockHash(4) },
      });
      assert.equal(await s.get('Account', addr(3, 1)), null);
      assert.deepEqual((await s.get('Account', addr(3, 1), 3))!.get('positionCount'), I(3));
    });

    test('failure is recorded, survives, and revert below it unfails', async () => {
      const s = await get();
      await s.commitBatch(batches[0]);
      await s.setFailed({
        block: { number: 3, hash: blockHash(3) },
        handler: 'handleSupply',
        message: 'boom',
        deterministic: true,
      });
      const h = await s.health();
      assert.equal(h.health, 'failed');
      assert.deepEqual(h.fatalError, {
        block: { number: 3, hash: blockHash(3) },
        handler: 'handleSupply',
        message: 'boom',
        deterministic: true,
      });
      await s.revertTo(1);
      assert.equal((await s.health()).health, 'healthy');
      await s.setFailed({ block: 2, message: 'rpc timeout', deterministic: false });
      await s.commitBatch(batches[1]);
      assert.equal((await s.health()).health, 'healthy');
    });
  });
}

suite('pglite', () => openPglite(), false);
suite(
  'postgres',
  () => openPostgres(pgUrl!),
  pgUrl
    ? false
    : 'PostgreSQL tests need TEST_DATABASE_URL or DATABASE_URL (e.g. postgres://postgres@127.0.0.1/postgres)',
);

test('restart: a PGlite data dir survives close and reopen, resuming from the cursor', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cr-store-'));
  try {
    const batches = makeBatches({ blocks: 6, accounts: 5, seed: 3 });
    let s = await openStore({ schema, deployment: 'collateral-radar', dataDir: dir });
    await s.commitBatch(batches[0]);
    await s.commitBatch(batches[1]);
    await s.setFailed({ block: 4, handler: 'h', message: 'm', deterministic: true });
    await s.close();
    s = await openStore({ schema, deployment: 'collateral-radar', dataDir: dir });
    assert.deepEqual(await s.getCursor(), { number: 4, hash: blockHash(4) });
    assert.equal((await s.loadDataSources()).length, 1);
    assert.equal((await s.health()).health, 'failed');
    assert.deepEqual((await s.get('Market', marketId(1)))!.get('totalSupply'), BI(4n * 10n ** 18n));
    // A batch rewriting the last stored block after reopening replaces its version (no [4, 4) left behind).
    const m1 = (await s.get('Market', marketId(1)))!;
    m1.set('totalSupply', BI(5n));
    await s.commitBatch({
      changes: [{ entityType: 'Market', id: marketId(1), block: 4, data: m1 }],
      blocks: [],
      cursor: { number: 4, hash: blockHash(4) },
    });
    const t = s.layout.table('Market');
    const { rows } = await s.driver.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${t.qname} WHERE id = $1::text::bytea AND "blk$lo" = 4`,
      [`\\x${marketId(1).slice(2)}`],
    );
    assert.equal(rows[0].n, 1);
    assert.deepEqual((await s.get('Market', marketId(1), 4))!.get('totalSupply'), BI(5n));
    await s.commitBatch(batches[2]);
    assert.deepEqual(await s.getCursor(), { number: 6, hash: blockHash(6) });
    await s.close();
    const other = fixtureSchema();
    other.source += '\n# changed';
    await assert.rejects(
      openStore({ schema: other, deployment: 'collateral-radar', dataDir: dir }),
      /different schema\.graphql/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('new PGlite clusters come from the cached initdb tarball; a bad tarball falls back to initdb', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cr-store-tpl-'));
  const prev = process.env.CR_PGLITE_TEMPLATE;
  const tpl = join(dir, 'initdb.tar.gz');
  process.env.CR_PGLITE_TEMPLATE = tpl;
  const roundTrip = async (d: string) => {
    const s = await openStore({ schema, deployment: 'tpl', dataDir: d });
    await s.commitBatch(makeBatches({ blocks: 2, accounts: 2, seed: 1 })[0]);
    await s.close();
    const again = await openStore({ schema, deployment: 'tpl', dataDir: d });
    assert.deepEqual(await again.getCursor(), { number: 2, hash: blockHash(2) });
    await again.close();
  };
  try {
    await roundTrip(join(dir, 'a')); // initdb, then the tarball is written
    assert.ok(existsSync(tpl));
    await roundTrip(join(dir, 'b')); // from the tarball
    writeFileSync(tpl, 'not a tarball');
    await roundTrip(join(dir, 'c')); // unusable: initdb again, tarball rewritten
    assert.ok(statSync(tpl).size > 100_000);
  } finally {
    if (prev === undefined) delete process.env.CR_PGLITE_TEMPLATE;
    else process.env.CR_PGLITE_TEMPLATE = prev;
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a kill while a new PGlite cluster is made leaves a data dir that opens', async () => {
  const base = mkdtempSync(join(tmpdir(), 'cr-pglite-kill-'));
  const dataDir = join(base, 'pglite');
  try {
    const driver = new URL('./driver.ts', import.meta.url).pathname;
    const code = `const { openPglite } = await import(${JSON.stringify(driver)}); await openPglite(${JSON.stringify(dataDir)});`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      stdio: 'ignore',
      env: { ...process.env, CR_PGLITE_TEMPLATE: '0' }, // initdb: seconds to kill it in
    });
    // killed while the cluster is being made (its staging dir exists), as a SIGKILL may land
    const deadline = Date.now() + 60_000;
    while (!readdirSync(base).some((f) => f.startsWith('pglite.new-'))) {
      assert.ok(Date.now() < deadline, 'no staging dir appeared while the cluster was made');
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const d = await openPglite(dataDir);
    assert.deepEqual((await d.query<{ n: number }>('SELECT 1 AS n')).rows, [{ n: 1 }]);
    await d.close();
    assert.deepEqual(
      readdirSync(base).filter((f) => f.startsWith('pglite.new-')),
      [],
      'the killed staging dir is removed',
    );
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
