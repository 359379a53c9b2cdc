// Startup: `npm start -- --no-live` (fresh devnet, fresh index, dashboard) → time until the overview
// shows data in Chromium (first chart drawn, with indexed data behind it), and until the indexer is
// synced to the devnet head. npm start uses fixed ports (8545/8000/8030/3000): if one is busy (a
// stack already running on this shared box) the run is skipped and says why. npm install not timed.
//   node bench/startup.mjs [--timeout-s 600]
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const i = process.argv.indexOf('--timeout-s');
const timeoutMs = (i > 0 ? Number(process.argv[i + 1]) : 600) * 1000;
const busy = async (port) => new Promise((ok) => { const s = createServer(); s.once('error', () => ok(true)); s.listen(port, '127.0.0.1', () => s.close(() => ok(false))); });
for (const p of [8545, 8000, 8030, 3000]) if (await busy(p)) { console.log(JSON.stringify({ skipped: true, note: `skipped: port ${p} is in use (another stack runs on this machine); npm start needs 8545/8000/8030/3000.` })); process.exit(0); }

const GQL = 'http://127.0.0.1:8000/subgraphs/name/collateral-radar';
const t0 = Date.now();
const proc = spawn(process.execPath, ['scripts/start.mjs', '--no-live'], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
let log = '';
const marks = {};
const onLine = (c) => {
  log = (log + c).slice(-6000);
  const s = (Date.now() - t0) / 1000;
  if (!marks.deployed && /Aave V3 deployed|ready in/.test(c)) marks.deployed = s;
  if (!marks.synced && /synced|caught up/i.test(c)) marks.synced = s;
};
proc.stdout.on('data', (c) => onLine(String(c)));
proc.stderr.on('data', (c) => onLine(String(c)));
const stop = () => new Promise((ok) => {
  if (proc.exitCode != null) return ok();
  proc.once('exit', () => ok());
  try { process.kill(-proc.pid, 'SIGTERM'); } catch { ok(); }
  setTimeout(() => { try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* gone */ } ok(); }, 15_000).unref();
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function gqlData() {
  try {
    const r = await fetch(GQL, { method: 'POST', headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(3000), body: JSON.stringify({ query: '{ _meta { block { number } } protocols(first: 1) { totalSupplyUSD } markets(first: 1) { id } }' }) });
    const d = (await r.json()).data;
    return d?.markets?.length ? d._meta.block.number : null;
  } catch { return null; }
}
let result;
const dir = mkdtempSync(join(tmpdir(), 'cr-bench-chromium-'));
let ctx = null;
try {
  while (!(await gqlData())) {
    if (proc.exitCode != null) throw new Error(`npm start exited ${proc.exitCode}: ${log.slice(-800)}`);
    if (Date.now() - t0 > timeoutMs) throw new Error(`no indexed data within ${timeoutMs / 1000} s: ${log.slice(-800)}`);
    await sleep(1000);
  }
  marks.graphqlData = (Date.now() - t0) / 1000;
  ctx = await chromium.launchPersistentContext(dir, { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  for (;;) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`overview did not show data within ${timeoutMs / 1000} s: ${log.slice(-800)}`);
    try {
      const page = await ctx.newPage();
      const r = await page.goto('http://127.0.0.1:3000/', { waitUntil: 'load', timeout: 30_000 });
      if (r && r.ok()) {
        await page.waitForFunction(() => performance.getEntriesByName('cr-first-chart').length > 0, undefined, { timeout: 20_000 });
        await page.close();
        break;
      }
      await page.close();
    } catch { /* dashboard still building */ }
    await sleep(2000);
  }
  marks.overviewWithData = (Date.now() - t0) / 1000;
  result = { seconds: +marks.overviewWithData.toFixed(1), marks, note: 'npm start -- --no-live (300 accounts, 30 days; deps installed, dashboard build reused if up to date):', detail: `devnet deployed at ${marks.deployed ?? '?'} s, first GraphQL data at ${marks.graphqlData} s, overview chart with data at ${marks.overviewWithData} s.` };
} catch (e) {
  result = { error: e.message, marks };
} finally {
  await ctx?.close().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
  await stop();
}
console.log(JSON.stringify(result));
process.exit(0);
