#!/usr/bin/env node
// `npm run bench [-- NAME…] [--repeat N] [--large] [--rerecord]`: every benchmark, or the named ones
// (record, indexing, indexing-large, mappings, risk, graphql, dashboard, startup, peer). Writes
// bench/results/<date>.json and .md (machine, versions, figures with min/median/max, each next to
// its target from the brief). Not part of `npm test`. Each benchmark runs in its own process.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { cpus, totalmem, loadavg, tmpdir, release } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const argv = process.argv.slice(2);
const opt = (n, d) => { const i = argv.indexOf(`--${n}`); return i >= 0 ? argv[i + 1] : d; };
const ALL = ['indexing', 'mappings', 'risk', 'graphql', 'dashboard', 'startup', 'peer'];
const named = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && ['--repeat', '--accounts'].includes(argv[i - 1])));
const wanted = named.length ? named : [...ALL, ...(argv.includes('--large') ? ['indexing-large'] : [])];
const repeat = Number(opt('repeat', '2'));
const gqlAccounts = Number(opt('accounts', '100000'));
const t0 = Date.now();
const PG = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://radar:radar@127.0.0.1:5432/radar_test';
const cache = join(root, 'bench/.cache');
const keptPg = join(cache, 'pglite-default');
const say = (m) => console.log(`[bench ${((Date.now() - t0) / 1000).toFixed(0)}s] ${m}`);

/** Runs a node script; resolves { code, stdout, stderr, json (last stdout line parsed) }. Stderr streamed. */
function runNode(args, { timeoutMs = 20 * 60_000, env = {} } = {}) {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout.on('data', (c) => { out += c; });
    p.stderr.on('data', (c) => { err += c; process.stderr.write(c); });
    const timer = setTimeout(() => { err += `\n(timed out after ${timeoutMs / 1000} s)`; p.kill('SIGTERM'); setTimeout(() => p.kill('SIGKILL'), 5000).unref(); }, timeoutMs);
    p.on('exit', (code) => {
      clearTimeout(timer);
      let json = null;
      const last = out.trim().split('\n').pop();
      try { json = JSON.parse(last); } catch { /* not JSON */ }
      resolve({ code, stdout: out, stderr: err, json });
    });
  });
}
const tsx = (file, ...a) => ['--import', 'tsx', file, ...a];
const stats = (xs) => { const s = xs.filter((x) => typeof x === 'number' && !Number.isNaN(x)).sort((a, b) => a - b); if (!s.length) return null; const m = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; return { min: s[0], median: +m.toFixed(3), max: s[s.length - 1], n: s.length }; };

async function record(name, accounts, days) {
  const file = join(cache, `${name}.json`);
  if (existsSync(file) && !argv.includes('--rerecord')) return { file, cached: true };
  say(`recording the ${name} chain (devnet ${accounts} accounts, ${days} days) → ${file}`);
  const t = Date.now();
  const r = await runNode(tsx('bench/record.ts', '--name', name, '--accounts', String(accounts), '--days', String(days)), { timeoutMs: 40 * 60_000 });
  if (r.code !== 0) throw new Error(`recording ${name} failed: ${r.stderr.slice(-800)}`);
  return { file, cached: false, seconds: (Date.now() - t) / 1000 };
}

const results = {};
function dropBenchSchemas() {
  spawnSync(process.execPath, ['--import', 'tsx', '-e', `import('./indexer/src/store/index.ts').then(async (m) => { const d = await m.openPostgres(${JSON.stringify(PG)}); await d.exec('DROP SCHEMA IF EXISTS "sgd_bench_postgres" CASCADE'); await d.close(); process.exit(0); }).catch(() => process.exit(1))`], { cwd: root, timeout: 60_000 });
}
const mdNotes = [];
const B = {
  async indexing() {
    const rec = await record('default', 300, 30);
    const r = await runNode(tsx('bench/indexing.ts', rec.file, '--repeat', String(repeat), '--keep', keptPg), { timeoutMs: 25 * 60_000 });
    if (!r.json) throw new Error(r.stderr.slice(-800));
    return { recording: rec, ...r.json };
  },
  async 'indexing-large'() {
    const rec = await record('large', Number(opt('large-accounts', '3000')), 30);
    const r = await runNode(tsx('bench/indexing.ts', rec.file, '--repeat', '1'), { timeoutMs: 60 * 60_000 });
    if (!r.json) throw new Error(r.stderr.slice(-800));
    return { recording: rec, ...r.json };
  },
  async mappings() {
    if (!existsSync(join(root, 'subgraph/build/subgraph.yaml'))) spawnSync('npm', ['run', 'build', '-w', 'subgraph'], { cwd: root, stdio: 'inherit' });
    const runs = [];
    for (let i = 0; i < 3; i++) { const r = await runNode(tsx('indexer/src/runtime/bench-subgraph.ts', '20000')); if (r.json) runs.push(r.json); }
    return { note: 'synthetic protocol-shaped events (not the recording): reference only', events: runs[0]?.events, eventsPerSecond: stats(runs.map((x) => x.eventsPerSecond)), eventsPerCpuSecond: stats(runs.map((x) => x.eventsPerCpuSecond)) };
  },
  async risk() {
    const rows = { 10000: [], 100000: [] };
    for (let i = 0; i < 3; i++) {
      const r = await runNode(tsx('dashboard/lib/risk/bench.ts', '10000', '100000'));
      for (const line of r.stdout.split('\n')) {
        const m = /^(\d+) accounts .*COMPUTE .*?wall ([0-9.]+) ms cpu ([0-9.]+) ms.*cached summary ([0-9.]+) ms.*first ([0-9.]+) ms, cached ([0-9.]+) ms/.exec(line);
        if (m && rows[m[1]]) rows[m[1]].push({ computeMs: +m[2], computeCpuMs: +m[3], cachedSummaryMs: +m[4], accountsFirstMs: +m[5], accountsCachedMs: +m[6], line });
      }
    }
    const out = {};
    for (const [n, xs] of Object.entries(rows)) out[n] = { computeMs: stats(xs.map((x) => x.computeMs)), computeCpuMs: stats(xs.map((x) => x.computeCpuMs)), cachedSummaryMs: stats(xs.map((x) => x.cachedSummaryMs)), accountsCachedMs: stats(xs.map((x) => x.accountsCachedMs)), lastLine: xs.at(-1)?.line };
    return out;
  },
  async graphql() {
    const rec = await record('default', 300, 30);
    let store;
    const pgOk = spawnSync(process.execPath, ['--import', 'tsx', '-e', `import('./indexer/src/store/index.ts').then(async (m) => { const d = await m.openPostgres(${JSON.stringify(PG)}); await d.exec('SELECT 1'); await d.close(); process.exit(0); }).catch(() => process.exit(1))`], { cwd: root, timeout: 30_000 }).status === 0;
    if (!results.indexing || !existsSync(keptPg)) {
      say('graphql: indexing the default recording once (no kept store)');
      const r = await runNode(tsx('bench/indexing.ts', rec.file, '--repeat', '1', '--keep', keptPg));
      if (!r.json) throw new Error(r.stderr.slice(-800));
    }
    // PostgreSQL (the indexing run left its bench-postgres schema) is the production store; PGlite otherwise.
    const where = pgOk ? ['--database-url', PG, '--deployment', 'bench-postgres'] : ['--data-dir', keptPg, '--deployment', 'bench-pglite'];
    store = pgOk ? 'postgres' : 'pglite';
    const accounts = pgOk ? gqlAccounts : Math.min(gqlAccounts, Number(opt('pglite-accounts', '20000')));
    const r = await runNode(tsx('bench/graphql.ts', ...where, '--subgraph-from', rec.file, '--accounts', String(accounts), '--iters', '60'), { timeoutMs: 20 * 60_000 });
    if (pgOk) dropBenchSchemas(); // the scaled bench book does not stay in the shared database
    if (!r.json) throw new Error(r.stderr.slice(-800));
    const rp = r.json.riskPaging ?? [];
    return { store, ...r.json, risk: { coldMs: stats(rp.map((x) => x.coldMs)), pagingMs: stats(rp.map((x) => x.pagingMs)), computeMs: stats(rp.map((x) => x.computeMs)), requests: rp[0]?.requests } };
  },
  async dashboard() {
    await record('default', 300, 30);
    if (!existsSync(keptPg)) throw new Error('needs the indexed default store (run the indexing benchmark first)');
    const r = await runNode(tsx('bench/dashboard.ts', '--data-dir', keptPg, '--subgraph-from', join(cache, 'default.json')), { timeoutMs: 15 * 60_000 });
    if (!r.json) throw new Error(r.stderr.slice(-800));
    return r.json;
  },
  async peer() {
    const rec = await record('default', 300, 30);
    const r = await runNode(tsx('bench/peer.ts', rec.file, '2'), { timeoutMs: 25 * 60_000 });
    if (!r.json) throw new Error(r.stderr.slice(-800));
    const x = r.json;
    return { ...x, seconds: stats(x.runs.map((y) => y.seconds)), eventsPerSecond: stats(x.runs.map((y) => y.events / y.seconds)), events: x.runs[0]?.events };
  },
  async startup() {
    const r = await runNode(['bench/startup.mjs'], { timeoutMs: 12 * 60_000 });
    if (!r.json) throw new Error(r.stderr.slice(-800));
    return r.json;
  },
};

const machine = { cores: cpus().length, cpu: cpus()[0]?.model, memoryGB: +(totalmem() / 2 ** 30).toFixed(1), loadAverageAtStart: loadavg().map((x) => +x.toFixed(2)), os: release() };
const ver = (p) => { try { return JSON.parse(readFileSync(join(root, 'node_modules', p, 'package.json'), 'utf8')).version; } catch { return null; } };
const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).stdout?.toString().trim();
const versions = { node: process.version, commit: git, next: ver('next'), pglite: ver('@electric-sql/pglite'), pg: ver('pg'), graphql: ver('graphql'), 'playwright-core': ver('playwright-core') };
say(`machine: ${machine.cores} cores, ${machine.memoryGB} GB, load ${machine.loadAverageAtStart.join(' ')}; running ${wanted.join(', ')}`);
for (const name of wanted) {
  if (!B[name]) { console.error(`unknown benchmark ${name}; known: ${Object.keys(B).join(', ')}`); process.exit(2); }
  const t = Date.now();
  try { results[name] = await B[name](); }
  catch (e) { results[name] = { error: String(e?.message ?? e).slice(0, 1500) }; say(`${name} FAILED: ${results[name].error.slice(0, 300)}`); }
  results[name].benchSeconds = Math.round((Date.now() - t) / 1000);
  say(`${name} done in ${results[name].benchSeconds} s`);
}

// ---- summary: every figure next to its target ----
const r3 = (x) => (typeof x !== 'number' ? x : Math.abs(x) >= 100 ? Math.round(x) : Math.abs(x) >= 10 ? +x.toFixed(1) : +x.toFixed(3));
const f = (s, u = '') => (s ? `${r3(s.median)}${u} (min ${r3(s.min)}, max ${r3(s.max)}${s.n ? `, n=${s.n}` : ''})` : 'n/a');
const met = (ok) => (ok === null || ok === undefined ? 'not measured' : ok ? '**met**' : '**not met**');
const md = [];
md.push(`# Benchmarks ${new Date().toISOString()}`, '', `Command: \`npm run bench${named.length ? ' -- ' + named.join(' ') : ''}\` — total ${Math.round((Date.now() - t0) / 1000)} s.`, '');
md.push(`Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGB} GB, load average at start ${machine.loadAverageAtStart.join(' / ')} (shared, noisy: compare the side-by-side ratios, not absolute figures). Versions: ${Object.entries(versions).map(([k, v]) => `${k} ${v}`).join(', ')}.`, '');
const I = results.indexing;
if (I) {
  md.push('## Indexing (same recorded chain, replayed over JSON-RPC; side by side per round)', '');
  if (I.error) md.push(`FAILED: ${I.error}`, '');
  else {
    md.push(`Scenario ${I.scenario}: ${I.accounts} accounts, ${I.days} days, ${I.blocks} blocks, ${I.logs} logs, ${I.mapping?.events} handled events; ${I.repeat} rounds.`, '');
    md.push('| run | events/s | blocks/s | seconds | events per CPU-s | ratio to mapping-only | target ≥ 0.5 |', '|---|---|---|---|---|---|---|');
    for (const k of ['mapping', 'pglite', 'postgres']) if (I[k]) md.push(`| ${k === 'mapping' ? 'mapping-only limit (WASM, MemoryStore)' : `end-to-end, ${k}`} | ${f(I[k].eventsPerSecond)} | ${f(I[k].blocksPerSecond)} | ${f(I[k].seconds)} | ${f(I[k].eventsPerCpuSecond)} | ${I[k].ratioToMappingOnly ? f(I[k].ratioToMappingOnly) : '—'} | ${I[k].ratioToMappingOnly ? met(I[k].ratioToMappingOnly.median >= 0.5) : ''} |`);
    if (!I.postgres) md.push('', 'PostgreSQL: not reachable, PGlite only.');
    md.push('');
  }
}
const L = results['indexing-large'];
if (L) md.push('## Indexing, large scenario', '', L.error ? `FAILED: ${L.error}` : `${L.logs} logs, ${L.mapping?.events} events: mapping-only ${f(L.mapping?.eventsPerSecond)} events/s, PGlite ${f(L.pglite?.eventsPerSecond)} (ratio ${f(L.pglite?.ratioToMappingOnly)}), PostgreSQL ${f(L.postgres?.eventsPerSecond)} (ratio ${f(L.postgres?.ratioToMappingOnly)})`, '');
else md.push('## Indexing, large scenario (≥ 100k events)', '', 'Not run (`npm run bench -- indexing-large`, or `--large`): recording ~3000 accounts × 30 days takes longer than the 30-minute budget on this loaded 2-core box.', '');
if (results.mappings) md.push('## Mapping-only, synthetic (bench:mappings, reference)', '', results.mappings.error ? `FAILED: ${results.mappings.error}` : `${results.mappings.events} synthetic events: ${f(results.mappings.eventsPerSecond)} events/s wall, ${f(results.mappings.eventsPerCpuSecond)} per CPU-second.`, '');
const R = results.risk;
if (R) {
  md.push('## Risk engine (synthetic books, `npm run bench:risk`)', '');
  if (R.error) md.push(`FAILED: ${R.error}`, '');
  else {
    md.push('| accounts | compute (ms) | compute CPU (ms) | cached summary (ms) | cached /accounts (ms) | target (100k) |', '|---|---|---|---|---|---|');
    for (const n of ['10000', '100000']) md.push(`| ${n} | ${f(R[n]?.computeMs)} | ${f(R[n]?.computeCpuMs)} | ${f(R[n]?.cachedSummaryMs)} | ${f(R[n]?.accountsCachedMs)} | ${n === '100000' ? `compute < 300 ms: ${met(R[n]?.computeMs ? R[n].computeMs.median < 300 : null)}; cached < 50 ms: ${met(R[n]?.cachedSummaryMs ? R[n].cachedSummaryMs.median < 50 : null)}` : ''} |`);
    md.push('');
  }
}
const G = results.graphql;
if (G) {
  md.push('## GraphQL (real server, scaled book) and risk paging against it', '');
  if (G.error) md.push(`FAILED: ${G.error}`, '');
  else {
    md.push(`${G.accounts} accounts in the store (${G.store}; ${G.indexedAccounts} indexed from the recording, the rest cloned Account+Position entities; events/liquidations not scaled). Clients run in the server process (their fetch + JSON cost is included; 16 clients = 16 concurrent loops in one event loop shared with the server). Target: p95 < 50 ms per query with 100k accounts${G.accounts < 100000 ? ` — only ${G.accounts} here` : ''}.`, '');
    md.push('| query | 1 client p50/p95/p99 ms | 16 clients p50/p95/p99 ms | p95 < 50 ms (1 client) |', '|---|---|---|---|');
    for (const [q, x] of Object.entries(G.queries)) md.push(`| ${q} | ${x.c1.p50} / ${x.c1.p95} / ${x.c1.p99} | ${x.c16.p50} / ${x.c16.p95} / ${x.c16.p99} | ${met(x.c1.p95 < 50)} |`);
    md.push('', `Risk engine paging + compute against this server (${G.risk?.requests} requests): cold ${f(G.risk?.coldMs, ' ms')} — target < 5 s at 100k: ${met(G.risk?.coldMs ? G.risk.coldMs.median < 5000 && G.accounts >= 100000 : null)}; paging ${f(G.risk?.pagingMs, ' ms')}, compute ${f(G.risk?.computeMs, ' ms')}.`, '');
  }
}
const D = results.dashboard;
if (D) {
  md.push('## Dashboard (Chromium, `next start`, against the indexed default store: ~300 accounts, not the scaled book)', '');
  if (D.error) md.push(`FAILED: ${D.error}`, '');
  else {
    md.push(`Production build in dashboard/.next (${D.built ? 'built by this run' : `existing, ${D.buildAgeMinutes} min old`}); indexed to block ${D.block}; ${D.note}. Pages without a chart (status, alerts) show n/a. "JS shipped" = rootMainFiles + the page's entryJSFiles from the build manifests; "transferred" = what Chromium fetched.`, '');
    md.push('| page | time to first chart (ms) | JS shipped (build output, kB) | JS transferred (kB) | target |', '|---|---|---|---|---|');
    for (const [p, x] of Object.entries(D.pages)) md.push(`| ${p} | ${f(x.firstChartMs)} | ${x.buildJsKB ?? 'n/a'} | ${x.jsKB ?? 'n/a'} | ${p === '/' ? `overview < 2000 ms: ${met(x.firstChartMs ? x.firstChartMs.median < 2000 : null)}` : ''} |`);
    md.push('');
  }
}
const S = results.startup;
if (S) md.push('## Startup (`npm start -- --no-live`, fresh data)', '', S.error ? `FAILED: ${S.error}` : `${S.note ?? ''} time to overview with data: ${S.seconds ?? 'n/a'} s — target < 180 s: ${met(S.seconds ? S.seconds < 180 : null)}. ${S.detail ?? ''}`, '');
const P = results.peer;
md.push('## The peer: Ponder (smoke level, NOT like-for-like)', '');
if (!P) md.push('Not run.', '');
else if (P.error) md.push(`FAILED: ${P.error.slice(0, 600)}`, '');
else md.push(`Ponder ${P.version} on Node ${process.version}, its own PGlite, same recording over the same replay JSON-RPC: ${P.events} Pool events (Supply/Withdraw/Borrow/Repay only) in ${f(P.seconds, ' s')} from process start to /ready = ${f(P.eventsPerSecond)} events/s including its startup. Its handlers write 2 simple tables, not the subgraph's entities and math (bench/peer/README.md), so this is not a comparison with our ${I?.mapping?.events ?? '?'} handled events; it shows the peer runs here, offline from the recording.`, '');

const date = new Date().toISOString().slice(0, 10);
const suffix = named.length ? `-${named.join('-')}` : '';
mkdirSync(join(root, 'bench/results'), { recursive: true });
const base = join(root, 'bench/results', `${date}${suffix}`);
writeFileSync(`${base}.json`, JSON.stringify({ date: new Date().toISOString(), command: `npm run bench ${argv.join(' ')}`.trim(), totalSeconds: Math.round((Date.now() - t0) / 1000), machine, versions, results }, null, 2));
writeFileSync(`${base}.md`, md.join('\n'));
say(`wrote ${base}.json and ${base}.md`);
console.log(md.join('\n'));
