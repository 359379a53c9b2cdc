// Startup: time from `npm start -- --no-live` to the overview showing data in Chromium (first chart
// drawn, with indexed data behind it), in three situations:
//   start        this checkout with its builds, a new devnet chain and index (--fresh);
//   freshClone   a `git clone` of this checkout's HEAD with node_modules linked in (npm ci is
//                not timed), so both builds, the devnet history and the index are made from nothing
//                (PGlite's initdb too: no cached template);
//   restart      `npm start` again in that clone: the builds and the indexed store are reused.
// npm start uses fixed ports (8545/8000/8030/3000): if one is busy (a stack already running on
// this shared box) the run is skipped and says why.
//   node bench/startup.mjs [--timeout-s 600] [--only start|clone]
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const argv = process.argv.slice(2);
const arg = (name, d) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : d;
};
const timeoutMs = Number(arg('--timeout-s', '600')) * 1000;
const only = arg('--only', null);
const GQL = 'http://127.0.0.1:8000/subgraphs/name/collateral-radar';
const busy = (port) =>
  new Promise((ok) => {
    const s = createServer();
    s.once('error', () => ok(true));
    s.listen(port, '127.0.0.1', () => s.close(() => ok(false)));
  });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function portsFree() {
  for (const p of [8545, 8000, 8030, 3000]) if (await busy(p)) return p;
  return null;
}

async function gqlData() {
  try {
    const body = JSON.stringify({
      query: '{ _meta { block { number } } markets(first: 1) { id } }',
    });
    const r = await fetch(GQL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      signal: AbortSignal.timeout(3000),
      body,
    });
    const d = (await r.json()).data;
    return d?.markets?.length ? d._meta.block.number : null;
  } catch {
    return null;
  }
}

/**
 * One `npm start -- --no-live` in `dir`: marks in seconds since the spawn, then the stack stopped.
 * With `untilIndexed` it keeps running until the whole history is indexed, as a user's first
 * start does, so that the next start has a complete store to reuse.
 */
async function measure(dir, extraArgs, browser, { untilIndexed = false, env = {} } = {}) {
  const t0 = Date.now();
  const proc = spawn(process.execPath, ['scripts/start.mjs', '--no-live', ...extraArgs], {
    cwd: dir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', ...env },
  });
  let log = '';
  const marks = {};
  let historyEnd = null;
  const onLine = (c) => {
    log = (log + c).slice(-6000);
    const s = +((Date.now() - t0) / 1000).toFixed(1);
    if (!marks.deployed && /Aave V3 deployed/.test(c)) marks.deployed = s;
    if (!marks.subgraphReady && /subgraph built in|subgraph\/build reused/.test(c))
      marks.subgraphReady = s;
    if (!marks.dashboardReady && /dashboard built in|dashboard\/\.next reused/.test(c))
      marks.dashboardReady = s;
    if (!marks.synced && /synced/i.test(c)) marks.synced = s;
    if (!marks.banner && /the dashboard shows indexed data/.test(c)) marks.banner = s;
    const end = /history end block (\d+)/.exec(c);
    if (end) {
      historyEnd = Number(end[1]);
      marks.historyMined ??= s;
    }
  };
  proc.stdout.on('data', (c) => onLine(String(c)));
  proc.stderr.on('data', (c) => onLine(String(c)));
  const stop = () =>
    new Promise((ok) => {
      if (proc.exitCode != null) return ok();
      proc.once('exit', () => ok());
      try {
        process.kill(-proc.pid, 'SIGTERM');
      } catch {
        ok();
      }
      setTimeout(() => {
        try {
          process.kill(-proc.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
        ok();
      }, 20_000).unref();
    });
  try {
    while (!(await gqlData())) {
      if (proc.exitCode != null)
        throw new Error(`npm start exited ${proc.exitCode}: ${log.slice(-800)}`);
      if (Date.now() - t0 > timeoutMs)
        throw new Error(`no indexed data within ${timeoutMs / 1000} s: ${log.slice(-800)}`);
      await sleep(1000);
    }
    marks.graphqlData = +((Date.now() - t0) / 1000).toFixed(1);
    for (;;) {
      if (Date.now() - t0 > timeoutMs)
        throw new Error(
          `overview did not show data within ${timeoutMs / 1000} s: ${log.slice(-800)}`,
        );
      const page = await browser.newPage();
      try {
        const r = await page.goto('http://127.0.0.1:3000/', { waitUntil: 'load', timeout: 30_000 });
        if (r && r.ok()) {
          await page.waitForFunction(
            () => performance.getEntriesByName('cr-first-chart').length > 0,
            undefined,
            { timeout: 20_000 },
          );
          break;
        }
      } catch {
        /* dashboard still building */
      } finally {
        await page.close();
      }
      await sleep(2000);
    }
    marks.overviewWithData = +((Date.now() - t0) / 1000).toFixed(1);
    while (untilIndexed && !(historyEnd !== null && (await gqlData()) >= historyEnd)) {
      if (proc.exitCode != null || Date.now() - t0 > timeoutMs)
        throw new Error(`history not indexed within ${timeoutMs / 1000} s: ${log.slice(-800)}`);
      await sleep(2000);
    }
    if (untilIndexed) marks.historyIndexed = +((Date.now() - t0) / 1000).toFixed(1);
    return { seconds: marks.overviewWithData, marks };
  } catch (e) {
    return { error: e.message, marks };
  } finally {
    await stop();
  }
}

/** A clone of HEAD with the checkout's node_modules: a hard-linked copy on the same disk, else a symlink. */
function makeClone() {
  const base = mkdtempSync(join(tmpdir(), 'cr-bench-clone-'));
  const dir = join(base, 'repo');
  const c = spawnSync('git', ['clone', '--quiet', root, dir]);
  if (c.status !== 0) throw new Error(`git clone failed: ${c.stderr}`);
  const sameDisk = statSync(root).dev === statSync(base).dev;
  if (
    sameDisk &&
    spawnSync('cp', ['-al', join(root, 'node_modules'), join(dir, 'node_modules')]).status === 0
  )
    return { base, dir, modules: 'hard-linked copy of node_modules' };
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return { base, dir, modules: 'node_modules symlinked' };
}

const busyPort = await portsFree();
if (busyPort) {
  console.log(
    JSON.stringify({
      skipped: true,
      note: `skipped: port ${busyPort} is in use (another stack runs on this machine); npm start needs 8545/8000/8030/3000.`,
    }),
  );
  process.exit(0);
}
const profile = mkdtempSync(join(tmpdir(), 'cr-bench-chromium-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
const result = {
  note: 'npm start -- --no-live (300 accounts, 30 days) → overview chart with data in Chromium; deps installed, npm ci not timed',
};
let clone = null;
try {
  if (only !== 'clone') {
    const r = await measure(root, ['--fresh'], browser);
    Object.assign(result, r);
    if (!r.error)
      result.detail = `this checkout, builds reused if up to date, new chain and index: devnet deployed at ${r.marks.deployed ?? '?'} s, first GraphQL data at ${r.marks.graphqlData} s, overview chart with data at ${r.marks.overviewWithData} s.`;
  }
  if (only !== 'start') {
    clone = makeClone();
    // A fresh machine has no cached PGlite initdb (indexer/src/store/driver.ts): the clone's own.
    const env = { CR_PGLITE_TEMPLATE: join(clone.base, 'pglite-initdb.tar.gz') };
    const first = await measure(clone.dir, [], browser, { untilIndexed: true, env });
    result.freshClone = { ...first, setup: `git clone of HEAD, ${clone.modules}` };
    result.restart = await measure(clone.dir, [], browser);
  }
} finally {
  await browser.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
  if (clone) rmSync(clone.base, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
process.exit(0);
