// Load: the indexer CLI serves an indexed small devnet (separate process, loopback, ephemeral
// port); 200 concurrent clients send the dashboard's queries (dashboard/lib/data/queries.ts)
// for RELIABILITY_LOAD_SECONDS (default 60): no errors, p50/p95/p99 reported. Then a soak
// (RELIABILITY_SOAK_SECONDS; default 600, or 60 with RELIABILITY_QUICK=1) with 50 clients,
// sampling the server's RSS: start/end reported, bounded growth asserted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import {
  gql,
  missingPiece,
  referenceIndex,
  rmrf,
  root,
  sleep,
  startSmallDevnet,
  subgraphFor,
  tempDir,
} from './harness.ts';
import * as Q from '../../dashboard/lib/data/queries.ts';

const missing = missingPiece();
const skip = missing ? `missing piece: ${missing}` : false;
const QUICK = process.env.RELIABILITY_QUICK === '1';
const LOAD_S = Number(process.env.RELIABILITY_LOAD_SECONDS ?? 60);
const SOAK_S = Number(process.env.RELIABILITY_SOAK_SECONDS ?? (QUICK ? 60 : 600));
const CLIENTS = Number(process.env.RELIABILITY_CLIENTS ?? 200);

let devnet: Awaited<ReturnType<typeof startSmallDevnet>> | null = null;
let dir = '',
  work = '',
  url = '';
let server: ChildProcess | null = null;

before(async () => {
  if (missing) return;
  devnet = await startSmallDevnet(81, 2, 12);
  dir = subgraphFor(devnet.deployment);
  work = tempDir('load');
  const dataDir = join(work, 'data');
  await referenceIndex(devnet.rpcUrl!, dir, dataDir);
  server = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'indexer/src/cli.ts'),
      '--rpc',
      devnet.rpcUrl!,
      '--network',
      'devnet',
      '--subgraph',
      dir,
      '--data-dir',
      dataDir,
      '--port',
      '0',
      '--status-port',
      '0',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  server.stderr!.on('data', (c) => (out += c));
  server.stdout!.on('data', (c) => (out += c));
  for (let i = 0; i < 600 && !url; i++) {
    const m = /GraphQL: (http:\/\/\S+)/.exec(out);
    if (m) url = m[1];
    else await sleep(100);
  }
  assert.ok(url, `the CLI did not announce its GraphQL URL: ${out.slice(-1000)}`);
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+/, 'binds to loopback by default');
});
after(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => {
      const t = setTimeout(() => {
        server!.kill('SIGKILL');
        r(null);
      }, 10_000);
      server!.on('exit', () => {
        clearTimeout(t);
        r(null);
      });
    });
  }
  await devnet?.stop();
  rmrf(work);
  rmrf(dir);
});

const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

async function workload() {
  const d = await gql<{ markets: { id: string; symbol: string }[]; accounts: { id: string }[] }>(
    url,
    '{ markets(first: 100) { id symbol } accounts(first: 20, orderBy: id) { id } }',
  );
  assert.ok(
    d.markets.length > 0 && d.accounts.length > 0,
    'the load store has markets and accounts',
  );
  const m = d.markets[0],
    a = d.accounts[0];
  const since = String(Math.floor(Date.now() / 1000) - 30 * 86400);
  return [
    { name: 'OVERVIEW', query: Q.OVERVIEW, variables: { since } },
    { name: 'TOTALS', query: Q.TOTALS, variables: {} },
    { name: 'MARKETS', query: Q.MARKETS, variables: {} },
    { name: 'MARKET_DETAIL', query: Q.MARKET_DETAIL, variables: { symbol: m.symbol, id: m.id } },
    { name: 'MARKET', query: Q.MARKET, variables: { id: m.id, mid: m.id } },
    // the liquidations page reads through the paging client (SubgraphClient.pageAll)
    {
      name: 'LIQUIDATIONS_PAGE',
      query: `{ page: liquidations(first: 100, orderBy: id, orderDirection: asc, where: { timestamp_gte: "0" }) { ${Q.LIQUIDATION_FIELDS} } }`,
      variables: {},
    },
    { name: 'RISK_TOKENS', query: Q.RISK_TOKENS, variables: {} },
    { name: 'ACCOUNT', query: Q.ACCOUNT, variables: { id: a.id } },
    { name: 'ACCOUNT_EVENTS', query: Q.ACCOUNT_EVENTS, variables: { account: a.id, first: 50 } },
    { name: 'STATUS_META', query: Q.STATUS_META, variables: {} },
  ];
}

async function hammer(clients: number, seconds: number, onTick?: () => void) {
  const work = await workload();
  // Every dashboard query must succeed once before the load (a broken query is not "load").
  for (const w of work) {
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: w.query, variables: w.variables }),
    });
    const j = (await r.json()) as { errors?: unknown[] };
    assert.ok(
      r.status === 200 && !j.errors,
      `${w.name} fails before any load: HTTP ${r.status} ${JSON.stringify(j.errors)}`,
    );
  }
  const lat: number[] = [];
  // The tail under saturation is new connections waiting to be accepted (see README): first
  // requests of each client are reported apart from the rest, with requests per client.
  const firsts: number[] = [],
    later: number[] = [];
  const perClient: number[] = Array(clients).fill(0);
  const byName = new Map<string, number[]>();
  const errors: string[] = [];
  let n = 0;
  const end = Date.now() + seconds * 1000;
  const tick = onTick ? setInterval(onTick, 5000) : null;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      let k = c;
      while (Date.now() < end) {
        const w = work[k++ % work.length];
        const t0 = performance.now();
        try {
          const r = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: w.query, variables: w.variables }),
          });
          const j = (await r.json()) as { errors?: { message: string }[]; data?: unknown };
          if (r.status !== 200 || j.errors?.length || !j.data)
            errors.push(
              `${w.name}: HTTP ${r.status} ${JSON.stringify(j.errors ?? '').slice(0, 200)}`,
            );
        } catch (e) {
          errors.push(`${w.name}: ${(e as Error).message}`);
        }
        const ms = performance.now() - t0;
        lat.push(ms);
        (perClient[c]++ ? later : firsts).push(ms);
        (byName.get(w.name) ?? byName.set(w.name, []).get(w.name)!).push(ms);
        n++;
      }
    }),
  );
  if (tick) clearInterval(tick);
  lat.sort((x, y) => x - y);
  const p = (q: number) => lat[Math.min(lat.length - 1, Math.floor(lat.length * q))];
  const perQuery = [...byName]
    .map(([k, v]) => {
      v.sort((x, y) => x - y);
      return `${k} p95 ${v[Math.min(v.length - 1, Math.floor(v.length * 0.95))].toFixed(0)} ms (n ${v.length})`;
    })
    .join(', ');
  const q = (xs: number[], f: number) => {
    xs.sort((x, y) => x - y);
    return xs.length ? xs[Math.min(xs.length - 1, Math.floor(xs.length * f))].toFixed(0) : '-';
  };
  perClient.sort((x, y) => x - y);
  const split = `first request of each client p50 ${q(firsts, 0.5)} ms, max ${q(firsts, 1)} ms; later requests p50 ${q(later, 0.5)} ms, p99 ${q(later, 0.99)} ms; requests per client min ${perClient[0]}, median ${perClient[perClient.length >> 1]}, max ${perClient[perClient.length - 1]}`;
  return {
    n,
    errors,
    p50: p(0.5),
    p95: p(0.95),
    p99: p(0.99),
    max: lat[lat.length - 1],
    rps: n / seconds,
    perQuery,
    split,
  };
}

test(
  `load: ${CLIENTS} concurrent clients x ${LOAD_S} s of the dashboard's queries, no errors`,
  { skip, timeout: (LOAD_S + 300) * 1000 },
  async () => {
    const rss0 = rssMb(server!.pid!);
    const r = await hammer(CLIENTS, LOAD_S);
    const rss1 = rssMb(server!.pid!);
    console.log(
      `# load: ${CLIENTS} clients x ${LOAD_S} s: ${r.n} requests (${r.rps.toFixed(1)}/s), errors ${r.errors.length}, latency p50 ${r.p50.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms, max ${r.max.toFixed(0)} ms; server RSS ${rss0.toFixed(0)} → ${rss1.toFixed(0)} MB; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`,
    );
    console.log(`# load per query: ${r.perQuery}`);
    console.log(`# load split: ${r.split}`);
    assert.deepEqual(r.errors.slice(0, 10), []);
    assert.ok(r.n >= CLIENTS, `only ${r.n} requests completed`);
  },
);

test(
  `soak: 50 clients x ${SOAK_S} s, server RSS bounded`,
  { skip, timeout: (SOAK_S + 300) * 1000 },
  async () => {
    const pid = server!.pid!;
    const samples: [number, number][] = [];
    const t0 = Date.now();
    const sample = () => samples.push([(Date.now() - t0) / 1000, rssMb(pid)]);
    sample();
    const r = await hammer(50, SOAK_S, sample);
    sample();
    const start = samples[0][1],
      end = samples[samples.length - 1][1];
    // Warm-up: caches and JIT fill in the first fifth; growth after it must stay small.
    const warm = samples.find(([t]) => t >= SOAK_S / 5)?.[1] ?? start;
    const peak = Math.max(...samples.map(([, v]) => v));
    console.log(
      `# soak: ${SOAK_S} s, ${r.n} requests, errors ${r.errors.length}, p95 ${r.p95.toFixed(0)} ms; server RSS start ${start.toFixed(0)} MB, after warm-up ${warm.toFixed(0)} MB, end ${end.toFixed(0)} MB, peak ${peak.toFixed(0)} MB`,
    );
    assert.deepEqual(r.errors.slice(0, 10), []);
    assert.ok(
      end <= warm * 1.3 + 64,
      `RSS grew from ${warm.toFixed(0)} MB (after warm-up) to ${end.toFixed(0)} MB`,
    );
    assert.ok(peak < 2048, `RSS peaked at ${peak.toFixed(0)} MB`);
    const live = await gql(url, '{ _meta { block { number } } }');
    assert.ok(live._meta.block.number > 0, 'still serving after the soak');
  },
);
