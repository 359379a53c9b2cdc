// The dashboard's browser suite against the real local stack: devnet → indexer → dashboard.
// Uses a stack that is already running (GraphQL on 127.0.0.1:8000 with data, or REAL_SUBGRAPH_URL),
// else starts one with `node scripts/start.mjs --no-live` and stops it afterwards.
// Skipped, with the missing piece named, when neither is possible.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defineDashboardSuite } from './suite.ts';
import { ROOT } from './harness.ts';

const URL_ = process.env.REAL_SUBGRAPH_URL ?? 'http://127.0.0.1:8000/subgraphs/name/collateral-radar';
const STATUS = process.env.REAL_INDEX_NODE_URL ?? 'http://127.0.0.1:8030/graphql';
const START_TIMEOUT_MS = Number(process.env.REAL_STACK_TIMEOUT_MS ?? 6 * 60_000);

async function hasData(url: string): Promise<boolean> {
  try {
    const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(3000),
      body: JSON.stringify({ query: '{ _meta { block { number hash } } markets(first: 1) { id } accounts(first: 1) { id } }' }) });
    const j = await r.json() as { data?: { _meta?: { block?: { hash?: string } }; markets?: unknown[]; accounts?: unknown[] } };
    return !!(j.data?._meta?.block?.hash && j.data.markets?.length && j.data.accounts?.length);
  } catch { return false; }
}

defineDashboardSuite({
  name: 'real stack: devnet → indexer',
  prefix: 'real-',
  fixture: false,
  start: async () => {
    if (await hasData(URL_)) return { url: URL_, statusUrl: STATUS, network: process.env.REAL_NETWORK ?? 'devnet', close: async () => {} };
    const missing = [
      ['scripts/start.mjs', '`npm start` (scripts/start.mjs)'],
      ['indexer/src/ingest/index.ts', 'the indexer ingest (indexer/src/ingest)'],
      ['devnet/src', 'the devnet'],
    ].filter(([p]) => !existsSync(join(ROOT, p))).map(([, what]) => what);
    if (missing.length) return `real stack not available: ${missing.join(', ')} missing, and nothing answers with data at ${URL_}`;
    let proc: ChildProcess | null = spawn('node', ['scripts/start.mjs', '--no-live'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } });
    let log = '';
    proc.stdout!.on('data', (c) => (log = (log + c).slice(-4000)));
    proc.stderr!.on('data', (c) => (log = (log + c).slice(-4000)));
    const stop = async () => {
      if (!proc || proc.exitCode != null) return;
      const p = proc; proc = null;
      await new Promise<void>((ok) => { p.once('exit', () => ok()); try { process.kill(-p.pid!, 'SIGTERM'); } catch { ok(); } setTimeout(() => { try { process.kill(-p.pid!, 'SIGKILL'); } catch { /* gone */ } ok(); }, 10_000).unref(); });
    };
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!(await hasData(URL_))) {
      if (proc.exitCode != null) return `real stack not available: \`npm start -- --no-live\` exited with ${proc.exitCode}: ${log.slice(-600)}`;
      if (Date.now() > deadline) { await stop(); return `real stack not available: no indexed data at ${URL_} within ${START_TIMEOUT_MS / 1000} s of \`npm start -- --no-live\`: ${log.slice(-600)}`; }
      await new Promise((r) => setTimeout(r, 2000));
    }
    return { url: URL_, statusUrl: STATUS, network: 'devnet', close: stop };
  },
});
