// GraphQL latency of every query the dashboard makes (dashboard/lib/data/queries.ts) and the risk
// engine's paging queries, against the real GraphQL server (indexer/src/graphql/server.ts) on a
// store indexed from a recording (bench/indexing.ts --keep DIR), with Account/Position entities
// cloned up to --accounts N (default 100000) so the book is large. 1 and 16 concurrent clients,
// bounded loops, loopback only. Prints JSON on the last line.
//   node --import tsx bench/graphql.ts --data-dir DIR --deployment bench-pglite --subgraph-from REC.json [--accounts 100000] [--iters 60]
import { readFileSync } from 'node:fs';
import { loadManifest } from '../indexer/src/manifest/index.ts';
import { parseSchema } from '../indexer/src/schema/index.ts';
import { openStore } from '../indexer/src/store/index.ts';
import { startGraphQLServer } from '../indexer/src/graphql/server.ts';
import type { EntityData } from '../indexer/src/internal/types.ts';
import { subgraphFor } from '../tests/e2e/indexer-helpers.ts';
import * as Q from '../dashboard/lib/data/queries.ts';

const argv = process.argv.slice(2);
const opt = (n: string) => {
  const i = argv.indexOf(`--${n}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const dataDir = opt('data-dir');
const databaseUrl = opt('database-url');
const deployment = opt('deployment') ?? 'bench-pglite';
const recFile = opt('subgraph-from')!;
const target = Number(opt('accounts') ?? 100_000);
const iters = Number(opt('iters') ?? 60);

const recMeta = JSON.parse(readFileSync(recFile, 'utf8')).meta;
const manifest = loadManifest(subgraphFor(recMeta.deployment));
const schema = parseSchema(manifest.schemaSource, manifest.schemaFile);
const store = await openStore({ schema, deployment, dataDir, databaseUrl });
const cursor = (await store.getCursor())!;
if (!cursor) throw new Error(`no indexed data in ${dataDir ?? databaseUrl} (${deployment})`);

// ---- scale the book: clone Account + Position entities (new ids, same balances) ----
const hexToBytes = (h: string) => Uint8Array.from(Buffer.from(h.slice(2), 'hex'));
const accounts: [string, EntityData][] = [];
for await (const x of store.loadCurrent('Account')) accounts.push(x);
const positions: [string, EntityData][] = [];
for await (const x of store.loadCurrent('Position')) positions.push(x);
const byAccount = new Map<string, [string, EntityData][]>();
for (const p of positions) {
  const a = p[0].slice(0, 42);
  (byAccount.get(a) ?? byAccount.set(a, []).get(a)!).push(p);
}
const base = accounts.length;
const t0 = performance.now();
let total = base;
const isClone = (id: string) => id.startsWith('0xbe');
if (accounts.some(([id]) => isClone(id)))
  total = base; // already scaled (re-run on the same dir)
else {
  for (let k = 1; total < target; k++) {
    const changes = [];
    for (const [id, data] of accounts) {
      if (total >= target) break;
      const nid = `0xbe${k.toString(16).padStart(4, '0')}${id.slice(8)}`;
      const d = new Map(data);
      d.set('id', { kind: 'Bytes', value: hexToBytes(nid) });
      changes.push({ entityType: 'Account', id: nid, data: d, block: cursor.number });
      for (const [pid, pd] of byAccount.get(id) ?? []) {
        const npid = nid + pid.slice(42);
        const e = new Map(pd);
        e.set('id', { kind: 'Bytes', value: hexToBytes(npid) });
        e.set('account', { kind: 'Bytes', value: hexToBytes(nid) });
        changes.push({ entityType: 'Position', id: npid, data: e, block: cursor.number });
      }
      total++;
    }
    await store.commitBatch({ changes: changes as never, blocks: [], cursor });
  }
}
const scaleS = (performance.now() - t0) / 1000;
let accountCount = 0;
for await (const _ of store.loadCurrent('Account')) accountCount++;
console.error(
  `[graphql] ${accountCount} accounts in the store (${base} indexed, rest cloned in ${scaleS.toFixed(0)} s)`,
);

const server = await startGraphQLServer({
  store,
  schema,
  subgraphName: 'collateral-radar',
  deployment,
  port: 0,
  host: '127.0.0.1',
});
const url = server.url;
async function post(query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const j = (await r.json()) as any;
  if (j.errors?.length) throw new Error(j.errors.map((e: any) => e.message).join('; '));
  return j.data;
}
const meta = await post(
  `{ _meta { block { hash number timestamp } } markets(first: 1) { id symbol } accounts(first: 1, orderBy: id, orderDirection: desc) { id } liquidations(first: 1) { account { id } } }`,
);
const hash = meta._meta.block.hash;
const market = meta.markets[0];
const acct = meta.liquidations[0]?.account.id ?? meta.accounts[0].id;
const since = String(Number(meta._meta.block.timestamp) - 30 * 86400);
const mid = '0x' + '7'.repeat(40); // a mid-book cursor for the paging queries
const queries: Record<string, [string, Record<string, unknown>]> = {
  OVERVIEW: [Q.OVERVIEW, { since }],
  TOTALS: [Q.TOTALS, {}],
  MARKETS: [Q.MARKETS, {}],
  MARKET_DETAIL: [Q.MARKET_DETAIL, { symbol: market.symbol, id: market.id }],
  MARKET: [Q.MARKET, { id: market.id, mid: market.id }],
  LIQUIDATIONS_PAGE: [
    `{ page: liquidations(first: 100, orderBy: id, orderDirection: asc, where: { timestamp_gte: "0" }) { ${Q.LIQUIDATION_FIELDS} } }`,
    {},
  ],
  RISK_TOKENS: [Q.RISK_TOKENS, {}],
  ACCOUNT: [Q.ACCOUNT, { id: acct }],
  ACCOUNT_EVENTS: [Q.ACCOUNT_EVENTS, { account: acct, first: 50 }],
  STATUS_META: [Q.STATUS_META, {}],
  'risk: positions page': [
    `{ page: positions(first: 1000, orderBy: id, orderDirection: asc, where: { id_gt: "${mid}" }, block: { hash: "${hash}" }) { id scaledATokenBalance scaledVariableDebt stableDebt stableBorrowRate stableLastUpdateTimestamp collateralEnabled } }`,
    {},
  ],
  'risk: e-mode accounts page': [
    `{ page: accounts(first: 1000, orderBy: id, orderDirection: asc, where: { eModeCategoryId_gt: 0 }, block: { hash: "${hash}" }) { id eModeCategoryId } }`,
    {},
  ],
  'risk: markets': [
    `{ page: markets(first: 1000, orderBy: id, orderDirection: asc, block: { hash: "${hash}" }) { id symbol decimals reserveId isDropped ltv liquidationThreshold liquidationBonus liquidationProtocolFee debtCeiling liquidityIndex variableBorrowIndex liquidityRate variableBorrowRate lastUpdateTimestamp eModeCategory { id } underlyingToken { lastPriceBase } } }`,
    {},
  ],
};
const pct = (s: number[], p: number) =>
  s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
const results: any = {};
for (const [name, [q, v]] of Object.entries(queries)) {
  await post(q, v); // warm + validity check
  results[name] = {};
  for (const clients of [1, 16]) {
    const lat: number[] = [];
    const per = Math.max(4, Math.ceil(iters / (clients === 1 ? 1 : 4)));
    await Promise.all(
      Array.from({ length: clients }, async () => {
        for (let i = 0; i < (clients === 1 ? iters : per); i++) {
          const t = performance.now();
          await post(q, v);
          lat.push(performance.now() - t);
        }
      }),
    );
    lat.sort((a, b) => a - b);
    results[name][`c${clients}`] = {
      n: lat.length,
      p50: +pct(lat, 50).toFixed(1),
      p95: +pct(lat, 95).toFixed(1),
      p99: +pct(lat, 99).toFixed(1),
    };
  }
  console.error(
    `[graphql] ${name}: 1 client p50 ${results[name].c1.p50} p95 ${results[name].c1.p95} p99 ${results[name].c1.p99} ms | 16 clients p50 ${results[name].c16.p50} p95 ${results[name].c16.p95} p99 ${results[name].c16.p99} ms`,
  );
}
// risk engine: paging + compute against this server (child process, so the server has this process to itself)
let riskPaging: {
  line: string;
  pagingMs?: number;
  computeMs?: number;
  coldMs?: number;
  requests?: number;
} | null = null;
if (!argv.includes('--no-risk')) {
  const { execFileSync } = await import('node:child_process');
  const { execFile } = await import('node:child_process');
  void execFileSync;
  const runs: any[] = [];
  for (let r = 0; r < 3; r++) {
    const out: string = await new Promise((res, rej) =>
      execFile(
        process.execPath,
        ['--import', 'tsx', new URL('./risk.ts', import.meta.url).pathname, '--url', url],
        { cwd: new URL('..', import.meta.url).pathname, maxBuffer: 1 << 24 },
        (e, so, se) => (e ? rej(new Error(se || e.message)) : res(so)),
      ),
    );
    const line = out.trim().split('\n').pop()!;
    const num = (re: RegExp) => {
      const m = re.exec(line);
      return m ? Number(m[1]) : undefined;
    };
    runs.push({
      line,
      pagingMs: num(/paging ([0-9.]+) ms/),
      requests: num(/in ([0-9]+) requests/),
      computeMs: num(/compute ([0-9.]+) ms/),
      coldMs: num(/cold total ([0-9.]+) ms/),
    });
    console.error(`[graphql] risk paging+compute: ${line}`);
  }
  riskPaging = runs as never;
}
await server.close();
await store.close();
console.log(
  JSON.stringify({
    accounts: accountCount,
    indexedAccounts: base,
    scaleSeconds: +scaleS.toFixed(1),
    url,
    queries: results,
    riskPaging,
  }),
);
process.exit(0);
