// Throughput and latency at dashboard scale: store write rate (rows/s) and GraphQL latency of
// typical plural queries with filters over 10k+ rows (figures printed as test diagnostics).
// Bounds are loose (shared 2-core CI); the figures are what matters. PERF_ACCOUNTS scales it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStore, openPostgres, type Store, type EntityChange } from '../store/index.ts';
import {
  fixtureSchema,
  addr,
  marketId,
  TOKENS,
  ent,
  X,
  S,
  I,
  I8,
  BI,
  BD,
  B,
  L,
} from '../../test-fixtures/store/fixture.ts';
import { buildApi, type Api } from './api.ts';
import { runQuery } from './execute.ts';

const ACCOUNTS = Number(process.env.PERF_ACCOUNTS ?? 12_000);
const schema = fixtureSchema();
let store: Store;
let api: Api;
const figures: string[] = [];

before(async () => {
  // PERF_DRIVER=postgres (with TEST_DATABASE_URL) measures PostgreSQL instead of PGlite.
  const pg =
    process.env.PERF_DRIVER === 'postgres'
      ? await openPostgres(process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL!)
      : undefined;
  if (pg) await pg.exec('DROP SCHEMA IF EXISTS sgd_perf CASCADE');
  store = await openStore({ schema, deployment: 'perf', driver: pg });
  const changes: EntityChange[] = [];
  TOKENS.forEach((t, k) => {
    changes.push({
      entityType: 'Token',
      id: t.id,
      block: 1,
      data: ent({ id: X(t.id), symbol: S(t.symbol), decimals: I(t.decimals) }),
    });
    changes.push({
      entityType: 'Market',
      id: marketId(k),
      block: 1,
      data: ent({
        id: X(marketId(k)),
        inputToken: X(t.id),
        status: S('ACTIVE'),
        totalSupply: BI(1n),
        liquidationThreshold: I8(8000n),
        isActive: B(true),
        tags: L(S('core')),
        rates: L(BD('0.05')),
      }),
    });
  });
  for (let a = 0; a < ACCOUNTS; a++) {
    const acc = addr(3, a);
    changes.push({
      entityType: 'Account',
      id: acc,
      block: 2,
      data: ent({ id: X(acc), positionCount: I(2) }),
    });
    for (const m of [a % 3, (a + 1) % 3]) {
      changes.push({
        entityType: 'Position',
        id: `${acc}-${m}`,
        block: 2,
        data: ent({
          id: S(`${acc}-${m}`),
          account: X(acc),
          market: X(marketId(m)),
          balance: BI(BigInt((a * 7919) % 100_000) * 10n ** 15n),
          isCollateral: B(a % 4 !== 0),
        }),
      });
    }
  }
  const t0 = performance.now();
  await store.commitBatch({
    changes,
    blocks: [{ number: 2, hash: '0x' + '02'.padStart(64, '0'), parentHash: null, timestamp: 2 }],
    cursor: { number: 2, hash: '0x' + '02'.padStart(64, '0') },
  });
  const s = (performance.now() - t0) / 1000;
  figures.push(
    `commitBatch: ${changes.length} rows in ${s.toFixed(2)} s = ${Math.round(changes.length / s)} rows/s (one batch)`,
  );
  // A second block updating a tenth of the positions: closes old versions + inserts new ones.
  const upd: EntityChange[] = [];
  for (let a = 0; a < ACCOUNTS; a += 10)
    upd.push({
      entityType: 'Position',
      id: `${addr(3, a)}-${a % 3}`,
      block: 3,
      data: ent({
        id: S(`${addr(3, a)}-${a % 3}`),
        account: X(addr(3, a)),
        market: X(marketId(a % 3)),
        balance: BI(1n),
        isCollateral: B(true),
      }),
    });
  const t1 = performance.now();
  await store.commitBatch({
    changes: upd,
    blocks: [],
    cursor: { number: 3, hash: '0x' + '03'.padStart(64, '0') },
  });
  const s1 = (performance.now() - t1) / 1000;
  figures.push(
    `commitBatch updates: ${upd.length} versions closed+inserted in ${s1.toFixed(2)} s = ${Math.round(upd.length / s1)} rows/s`,
  );
  api = buildApi(schema, store);
});
after(async () => {
  for (const f of figures) console.log(`# [${store?.driver.kind}] ${f}`);
  await store?.close();
  if (store?.driver.kind === 'postgres') {
    await store.driver.exec('DROP SCHEMA IF EXISTS sgd_perf CASCADE');
    await store.driver.close();
  }
});

async function measure(name: string, query: string, n = 15): Promise<number> {
  const times: number[] = [];
  const cpu: number[] = [];
  let rows = 0;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = await runQuery(api, { store, deployment: 'perf' }, { query });
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    rows = JSON.stringify(r.data).length;
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const p = (q: number, xs = times) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))];
  // CPU time of this process (PGlite runs in it) is the load-independent figure on a shared box.
  figures.push(
    `${name}: wall p50 ${p(0.5).toFixed(1)} ms, p95 ${p(0.95).toFixed(1)} ms; CPU p50 ${p(0.5, cpu).toFixed(1)} ms (${n} runs, ${rows} bytes JSON, ${ACCOUNTS * 2} positions, load ${(await import('node:os')).loadavg()[0].toFixed(1)})`,
  );
  return p(0.5, cpu);
}

test('typical plural queries with filters over 10k+ rows stay fast', async () => {
  const cpua = await measure(
    'positions filtered+ordered, 1000 rows, nested market/token/account',
    `{ positions(first: 1000, where: { market: "${marketId(1)}", isCollateral: true, balance_gt: "1000" }, orderBy: balance, orderDirection: desc) { id balance isCollateral account { id positionCount } market { id inputToken { symbol decimals } } } }`,
  );
  const cpub = await measure(
    'accounts id_gt page of 1000 with derived positions',
    `{ accounts(first: 1000, where: { id_gt: "${addr(3, 5000)}" }) { id positions(first: 5) { id balance } } }`,
  );
  const cpud = await measure(
    'flat page like the risk engine: positions id_gt at a block hash, 1000 rows, 3 scalar fields',
    `{ positions(first: 1000, orderBy: id, block: { hash: "${'0x' + '03'.padStart(64, '0')}" }, where: { id_gt: "${addr(3, 3000)}" }) { id balance isCollateral } }`,
  );
  const cpuc = await measure(
    'positions nested filter market_ + orderBy market__totalSupply, 100 rows',
    `{ positions(where: { market_: { status: ACTIVE }, balance_gte: "50000000000000000000" }, orderBy: market__totalSupply) { id } }`,
  );
  // Wall time on a shared CI box swings 5x with load; CPU time of this process does not.
  for (const p of [cpua, cpub, cpuc, cpud]) assert.ok(p < 1500, `CPU p50 ${p} ms`);
});
