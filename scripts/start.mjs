#!/usr/bin/env node
// `npm start`: the whole product on this machine.
//   devnet (deploy → networks.json) → subgraph build for the devnet → indexer (follows the
//   history while it is simulated, then live blocks) → dashboard; prints the URLs; Ctrl-C stops all.
// `npm start -- --no-live`: the devnet stops producing blocks after the history.
// `RPC_URL=… NETWORK=mainnet npm start`: index a real network instead (no devnet).
// Options: --seed N --accounts N --days N (devnet scenario), --dev (dashboard via `next dev`),
//          --no-dashboard, --keep-data (resume the indexer's data instead of a fresh devnet index),
//          --rebuild (always run graph codegen/build, even when subgraph/build is up to date).
// Every missing part is reported by name and the rest keeps running.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const flag = (f) => args.includes(f);
const opt = (f, d) => { const i = args.indexOf(f); return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : d; };
if (flag('--help') || flag('-h')) {
  console.log('usage: npm start [-- --no-live] [--seed N] [--accounts N] [--days N] [--dev] [--no-dashboard] [--keep-data] [--rebuild]\n' +
    '       RPC_URL=URL NETWORK=NAME npm start   (index a real network, no devnet)');
  process.exit(0);
}

const RPC_URL = process.env.RPC_URL;
const NETWORK = process.env.NETWORK ?? (RPC_URL ? 'mainnet' : 'devnet');
const useDevnet = !RPC_URL;
const DEVNET_URL = 'http://127.0.0.1:8545';
const GRAPHQL_URL = 'http://127.0.0.1:8000/subgraphs/name/collateral-radar';
const STATUS_URL = 'http://127.0.0.1:8030/graphql';
const DASHBOARD_URL = 'http://127.0.0.1:3000';

const children = new Map(); // name → ChildProcess
let shuttingDown = false;
const say = (msg) => console.log(`[start] ${msg}`);
const warn = (msg) => console.log(`[start] !! ${msg}`);

/** Spawns in its own process group (so Ctrl-C reaches it only through us), prefixing output. */
function run(name, cmd, argv, { env = {}, cwd = root, onLine, essential = true } = {}) {
  const child = spawn(cmd, argv, { cwd, env: { ...process.env, ...env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.set(name, child);
  const pipe = (stream, out) => {
    let buf = '';
    stream.on('data', (c) => {
      buf += c.toString();
      // Progress lines use \r; show them as lines.
      const parts = buf.split(/\r?\n|\r/);
      buf = parts.pop();
      for (const line of parts) {
        const clean = line.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
        if (!clean.trim()) continue;
        out.write(clean.startsWith('[') ? `${clean}\n` : `[${name}] ${clean}\n`);
        onLine?.(clean);
      }
    });
  };
  pipe(child.stdout, process.stdout);
  pipe(child.stderr, process.stderr);
  child.exitPromise = new Promise((resolve) => child.on('exit', (code, sig) => {
    children.delete(name);
    resolve(code ?? sig);
    if (shuttingDown) return;
    if (essential) {
      warn(`${name} exited (${code ?? sig}); stopping everything`);
      shutdown(1);
    } else if (code !== 0) {
      warn(`${name} exited (${code ?? sig}); the rest keeps running`);
    }
  }));
  child.on('error', (e) => warn(`${name}: cannot start ${cmd}: ${e.message}`));
  return child;
}

/** Runs a command to completion; returns {ok, tail}. */
function runToEnd(name, cmd, argv, opts = {}) {
  return new Promise((resolve) => {
    let tail = '';
    const child = run(name, cmd, argv, { ...opts, essential: false, onLine: (l) => { tail = (tail + l + '\n').slice(-3000); } });
    child.exitPromise.then((code) => resolve({ ok: code === 0, code, tail }));
  });
}

async function shutdown(code = 0) {
  if (shuttingDown) return;
  shuttingDown = true;
  say('stopping…');
  // The indexer first (it commits its buffered changes; it needs neither chain nor dashboard for that).
  const ix = children.get('indexer');
  if (ix) {
    try { process.kill(-ix.pid, 'SIGTERM'); } catch { /* already gone */ }
    const r = await Promise.race([ix.exitPromise, new Promise((r) => setTimeout(r, 15_000, 'timeout'))]);
    if (r === 'timeout') { warn('indexer did not stop in 15 s; killing'); try { process.kill(-ix.pid, 'SIGKILL'); } catch { /* gone */ } }
  }
  const waits = [];
  for (const [name, c] of children) {
    try { process.kill(-c.pid, 'SIGTERM'); } catch { /* already gone */ }
    waits.push(Promise.race([c.exitPromise, new Promise((r) => setTimeout(r, 10_000, 'timeout'))]).then((r) => {
      if (r === 'timeout') { warn(`${name} did not stop in 10 s; killing`); try { process.kill(-c.pid, 'SIGKILL'); } catch { /* gone */ } }
    }));
  }
  await Promise.all(waits);
  say('stopped');
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

function portFree(port) {
  return new Promise((resolve) => {
    const s = createServer().once('error', () => resolve(false)).once('listening', () => s.close(() => resolve(true)));
    s.listen(port, '127.0.0.1');
  });
}

const graphBin = join(root, 'node_modules/.bin/graph');
const tsxBin = join(root, 'node_modules/.bin/tsx');

/** Newest mtime under the given paths (files or directories). */
function newest(paths) {
  let t = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (!st.isDirectory()) { t = Math.max(t, st.mtimeMs); return; }
    for (const e of readdirSync(p)) if (e !== 'node_modules' && !e.startsWith('.')) walk(join(p, e));
  };
  paths.forEach(walk);
  return t;
}

/**
 * Fast path: when subgraph/build is newer than every subgraph source, the compiled WASM is
 * reused and only the manifest is re-targeted (network, PoolAddressesProvider address and
 * startBlock from networks.json) — exactly what `graph build --network N` changes.
 */
async function retargetBuild(network) {
  const built = join(root, 'subgraph/build/subgraph.yaml');
  if (!existsSync(built)) return null;
  const sources = ['subgraph/src', 'subgraph/schema.graphql', 'subgraph/subgraph.yaml', 'subgraph/package.json', 'contracts-abi/abis'].map((p) => join(root, p));
  if (newest(sources) > statSync(built).mtimeMs) return null;
  let net;
  try {
    net = JSON.parse(readFileSync(join(root, 'subgraph/networks.json'), 'utf8'))[network];
  } catch { return null; }
  if (!net) return null;
  const { parseDocument } = await import('yaml');
  const out = join(root, '.data/subgraph', network);
  rmSync(out, { recursive: true, force: true });
  cpSync(join(root, 'subgraph/build'), out, { recursive: true, filter: (src) => !src.startsWith(join(root, 'subgraph/build/networks')) });
  const doc = parseDocument(readFileSync(join(out, 'subgraph.yaml'), 'utf8'));
  for (const ds of doc.get('dataSources').items) {
    const cfg = net[ds.get('name')];
    if (!cfg) return null; // a data source networks.json doesn't configure: let graph-cli report it
    ds.set('network', network);
    for (const [k, v] of Object.entries(cfg)) ds.setIn(['source', k], v);
  }
  for (const t of doc.get('templates')?.items ?? []) t.set('network', network);
  writeFileSync(join(out, 'subgraph.yaml'), doc.toString());
  say(`subgraph/build is up to date: reusing its WASM, manifest re-targeted to ${network} (${out})`);
  return out;
}

async function buildSubgraph(network) {
  if (!existsSync(join(root, 'subgraph/subgraph.yaml'))) { warn('subgraph not there yet (subgraph/subgraph.yaml missing): nothing to index'); return null; }
  const fast = flag('--rebuild') ? null : await retargetBuild(network).catch((e) => { warn(`re-targeting subgraph/build failed (${e.message}); building`); return null; });
  if (fast) return fast;
  if (!existsSync(graphBin)) { warn('graph-cli not installed (node_modules/.bin/graph): run npm install'); return null; }
  // The subgraph's build-all script runs `graph codegen` and `graph build --network N` into
  // build/networks/N and restores subgraph.yaml afterwards (graph build --network rewrites it).
  const script = join(root, 'subgraph/scripts/build-all-networks.mjs');
  if (!existsSync(script)) { warn('subgraph/scripts/build-all-networks.mjs missing: cannot build per network'); return null; }
  say(`building the subgraph for ${network} (graph codegen && graph build --network ${network})`);
  const t0 = Date.now();
  const b = await runToEnd('subgraph', process.execPath, [script, network], { cwd: join(root, 'subgraph') });
  const out = join(root, 'subgraph/build/networks', network);
  if (!b.ok || !existsSync(join(out, 'subgraph.yaml'))) { warn(`subgraph build for ${network} failed (not indexing):\n${b.tail}`); return null; }
  say(`subgraph built in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${out}`);
  return out;
}

function startIndexer(rpcUrl, network, subgraphDir, reset) {
  if (!existsSync(join(root, 'indexer/src/cli.ts'))) { warn('indexer not there yet (indexer/src/cli.ts)'); return null; }
  const argv = ['indexer/src/cli.ts', '--rpc', rpcUrl, '--network', network, '--subgraph', subgraphDir, '--port', '8000', '--status-port', '8030'];
  if (reset) argv.push('--reset');
  return run('indexer', tsxBin, argv);
}

/** Dashboard: production build when missing or stale (or `next dev` with --dev). */
async function startDashboard() {
  const dir = join(root, 'dashboard');
  const hasApp = ['app', 'pages', 'src/app'].some((d) => existsSync(join(dir, d)));
  if (!hasApp) { warn('dashboard not there yet (dashboard/ has no Next.js app); devnet and indexer keep running'); return; }
  const next = join(root, 'node_modules/.bin/next');
  if (!existsSync(next)) { warn('Next.js not installed (node_modules/.bin/next): run npm install'); return; }
  const env = { SUBGRAPH_URL: GRAPHQL_URL, SUBGRAPH_URLS: process.env.SUBGRAPH_URLS ?? '', NETWORK, PORT: '3000', NEXT_TELEMETRY_DISABLED: '1' };
  if (!env.SUBGRAPH_URLS) delete env.SUBGRAPH_URLS;
  if (flag('--dev')) {
    run('dashboard', next, ['dev', '-p', '3000', '-H', '127.0.0.1'], { cwd: dir, env, essential: false });
    return;
  }
  if (stale(dir)) {
    say('building the dashboard (next build)…');
    const b = await runToEnd('dashboard', next, ['build'], { cwd: dir, env });
    if (!b.ok) { warn(`dashboard build failed; starting it with next dev instead:\n${b.tail.split('\n').slice(-8).join('\n')}`); run('dashboard', next, ['dev', '-p', '3000', '-H', '127.0.0.1'], { cwd: dir, env, essential: false }); return; }
  }
  if (shuttingDown) return;
  run('dashboard', next, ['start', '-p', '3000', '-H', '127.0.0.1'], { cwd: dir, env, essential: false });
}

/** True when .next/BUILD_ID is missing or older than any dashboard source file. */
function stale(dir) {
  const id = join(dir, '.next/BUILD_ID');
  if (!existsSync(id)) return true;
  const built = statSync(id).mtimeMs;
  const newer = (d) => readdirSync(d, { withFileTypes: true }).some((e) => {
    if (e.name === 'node_modules' || e.name === '.next' || e.name.startsWith('.')) return false;
    const p = join(d, e.name);
    return e.isDirectory() ? newer(p) : statSync(p).mtimeMs > built;
  });
  return newer(dir);
}

async function main() {
  const t0 = Date.now();
  for (const [port, what] of [[8000, 'GraphQL'], [8030, 'index-node status'], [3000, 'dashboard'], ...(useDevnet ? [[8545, 'devnet JSON-RPC']] : [])]) {
    if (!(await portFree(port))) { warn(`port ${port} (${what}) is in use: stop whatever runs there (an earlier npm start?) and retry`); process.exit(1); }
  }
  // The dashboard build needs nothing from the chain: start it right away, in parallel.
  const dashboard = flag('--no-dashboard') ? Promise.resolve() : startDashboard();

  if (!useDevnet) {
    say(`indexing ${NETWORK} from ${RPC_URL} (no devnet)`);
    const built = await buildSubgraph(NETWORK);
    if (built) startIndexer(RPC_URL, NETWORK, built, false);
  } else {
    if (!existsSync(join(root, 'devnet/src/cli.ts'))) {
      warn('devnet not there yet (devnet/src/cli.ts missing): set RPC_URL and NETWORK to index a real network');
    } else {
      const devArgs = ['devnet/src/cli.ts', '--port', '8545', '--host', '127.0.0.1', '--seed', opt('--seed', '1'), '--accounts', opt('--accounts', '300'), '--days', opt('--days', '30')];
      if (flag('--no-live')) devArgs.push('--no-live');
      // Deploy first (it writes subgraph/networks.json), then build, then index while the history is simulated.
      let deployed;
      const ready = new Promise((r) => (deployed = r));
      run('devnet', tsxBin, devArgs, { onLine: (l) => { if (/Aave V3 deployed|ready in/.test(l)) deployed(); } });
      await ready;
      if (shuttingDown) return;
      const built = await buildSubgraph('devnet');
      // A fresh devnet is a new chain: start its index from scratch unless asked otherwise.
      if (built) startIndexer(DEVNET_URL, 'devnet', built, !flag('--keep-data'));
    }
  }
  await dashboard;
  if (shuttingDown) return;
  console.log([
    '',
    '──────── Collateral Radar ────────',
    useDevnet ? `devnet JSON-RPC  ${DEVNET_URL} (chain id 31337)${flag('--no-live') ? ', no live blocks after the history' : ''}` : `chain            ${RPC_URL} (${NETWORK})`,
    `GraphQL          ${children.has('indexer') ? GRAPHQL_URL : '(indexer not running)'}`,
    `indexing status  ${children.has('indexer') ? STATUS_URL : '(indexer not running)'}`,
    `dashboard        ${children.has('dashboard') ? DASHBOARD_URL : '(not running)'}`,
    `started in ${((Date.now() - t0) / 1000).toFixed(0)} s — Ctrl-C stops everything`,
    '──────────────────────────────────',
    '',
  ].join('\n'));
}

main().catch((e) => { warn(e.stack ?? String(e)); shutdown(1); });
