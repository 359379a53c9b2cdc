// Dashboard: time to first chart per page in Chromium (performance mark `cr-first-chart`, set by
// dashboard/components/Chart.tsx) against a running stack (GraphQL + index-node status served from
// the indexed default store; `next start` of the production build), and JS shipped per page from
// the .next build output (rootMainFiles + the page's entryJSFiles; raw and gzip).
//   node --import tsx bench/dashboard.ts --data-dir DIR --subgraph-from REC.json [--repeat 3]
import { readFileSync, existsSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { loadManifest } from '../indexer/src/manifest/index.ts';
import { parseSchema } from '../indexer/src/schema/index.ts';
import { openStore } from '../indexer/src/store/index.ts';
import { startGraphQLServer, IndexingStatus } from '../indexer/src/graphql/server.ts';
import { subgraphFor } from '../tests/e2e/indexer-helpers.ts';
import { pageMetrics } from '../tests/browser/harness.ts';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

const ROOT = new URL('..', import.meta.url).pathname;
const DASH = join(ROOT, 'dashboard');
async function startDashboard(env: Record<string, string>) {
  const port: number = await new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => ok(p));
    });
  });
  const proc = spawn(
    join(ROOT, 'node_modules', '.bin', 'next'),
    ['start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: DASH,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  proc.stdout!.on('data', (c) => (out += c));
  proc.stderr!.on('data', (c) => (out += c));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (proc.exitCode != null) throw new Error(`next start exited: ${out}`);
    try {
      const r = await fetch(`${url}/alerts`);
      if (r.ok) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`next start did not answer within 90 s: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((ok) => {
        if (proc.exitCode != null) return ok();
        proc.once('exit', () => ok());
        proc.kill('SIGTERM');
        setTimeout(() => proc.kill('SIGKILL'), 5000).unref();
      }),
  };
}
import { launch } from '../tests/browser/browser.ts';

const argv = process.argv.slice(2);
const opt = (n: string) => {
  const i = argv.indexOf(`--${n}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const repeat = Number(opt('repeat') ?? 3);
const rec = JSON.parse(readFileSync(opt('subgraph-from')!, 'utf8'));
const manifest = loadManifest(subgraphFor(rec.meta.deployment));
const schema = parseSchema(manifest.schemaSource, manifest.schemaFile);
const store = await openStore({
  schema,
  deployment: opt('deployment') ?? 'bench-pglite',
  dataDir: opt('data-dir'),
});
const cursor = await store.getCursor();
const status = new IndexingStatus({ network: 'devnet', earliestBlock: { number: 0 } });
Object.assign(status, { chainHead: cursor ? { number: cursor.number } : null, synced: true });
const gql = await startGraphQLServer({
  store,
  schema,
  subgraphName: 'collateral-radar',
  port: 0,
  statusPort: 0,
  host: '127.0.0.1',
  status,
});
// Use the existing production build (dashboard/.next is shared with other work on this machine:
// rebuilding it here would race with them); build only when there is none.
const idFile = join(DASH, '.next', 'BUILD_ID');
const build = { built: false, ms: 0, buildAgeMinutes: 0 };
if (!existsSync(idFile)) {
  const t = Date.now();
  const r = spawnSync('npm', ['run', 'build', '-w', 'dashboard'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (r.status !== 0) throw new Error(`dashboard build failed (exit ${r.status})`);
  Object.assign(build, { built: true, ms: Date.now() - t });
}
build.buildAgeMinutes = Math.round((Date.now() - statSync(idFile).mtimeMs) / 60000);
const dash = await startDashboard({
  SUBGRAPH_URL: gql.url,
  NETWORK: 'devnet',
  INDEX_NODE_URL: gql.statusUrl!,
  SUBGRAPH_URLS: '',
});
const q = async (query: string) =>
  (
    (await (
      await fetch(gql.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      })
    ).json()) as any
  ).data;
const d = await q(
  '{ markets(first: 1, orderBy: totalSupplyUSD, orderDirection: desc) { id symbol } positions(first: 1, where: { scaledVariableDebt_gt: "0" }) { account { id } } }',
);
const pages: Record<string, string> = {
  '/': '/page',
  '/markets': '/markets/page',
  [`/markets/${d.markets[0].symbol}`]: '/markets/[asset]/page',
  '/risk': '/risk/page',
  '/liquidations': '/liquidations/page',
  [`/accounts/${d.positions[0].account.id}`]: '/accounts/[address]/page',
  '/status': '/status/page',
  '/alerts': '/alerts/page',
};

// ---- JS shipped per page, from the build output ----
const next = join(DASH, '.next');
const bm = JSON.parse(readFileSync(join(next, 'build-manifest.json'), 'utf8'));
function buildJs(route: string): { kB: number; gzipKB: number; files: number } | null {
  const f = join(
    next,
    'server/app',
    route.replace(/^\//, '').replace(/\/page$/, '') || '',
    `${route === '/page' ? 'page' : 'page'}_client-reference-manifest.js`,
  );
  const file = route === '/page' ? join(next, 'server/app/page_client-reference-manifest.js') : f;
  if (!existsSync(file)) return null;
  const src = readFileSync(file, 'utf8');
  const files = new Set<string>([...(bm.rootMainFiles ?? []), ...(bm.polyfillFiles ?? [])]);
  const m = /"entryJSFiles":(\{[^}]*\})/.exec(src);
  if (m)
    for (const list of Object.values(JSON.parse(m[1]!)) as string[][])
      list.forEach((x) => files.add(x));
  let raw = 0,
    gz = 0;
  for (const x of files) {
    const p = join(next, x);
    if (!existsSync(p)) continue;
    raw += statSync(p).size;
    gz += gzipSync(new Uint8Array(readFileSync(p))).length;
  }
  return { kB: Math.round(raw / 1024), gzipKB: Math.round(gz / 1024), files: files.size };
}

const { context, close } = await launch();
const out: Record<string, any> = {};
try {
  for (const [path, route] of Object.entries(pages)) {
    const runs: { firstChartMs: number | null; dcl: number; jsKB: number }[] = [];
    for (let r = 0; r < repeat; r++) {
      const page = await context.newPage();
      await page.goto(dash.url + path, { waitUntil: 'load', timeout: 60_000 });
      try {
        await page.waitForFunction(
          () => performance.getEntriesByName('cr-first-chart').length > 0,
          undefined,
          { timeout: 15_000 },
        );
      } catch {
        /* no chart on this page */
      }
      const m = await pageMetrics(page);
      runs.push({
        firstChartMs: m.firstChartMs,
        dcl: m.domContentLoadedMs,
        jsKB: Math.round(m.jsEncoded / 1024),
      });
      await page.close();
    }
    const s = (xs: number[]) => {
      const v = xs.filter((x) => x != null).sort((a, b) => a - b);
      return v.length
        ? { min: v[0], median: v[(v.length - 1) >> 1], max: v[v.length - 1], n: v.length }
        : null;
    };
    const b = buildJs(route);
    out[path] = {
      firstChartMs: s(runs.map((x) => x.firstChartMs as number)),
      domContentLoadedMs: s(runs.map((x) => x.dcl)),
      jsKB: runs.at(-1)!.jsKB,
      buildJsKB: b ? `${b.kB} (gzip ${b.gzipKB}, ${b.files} files)` : null,
    };
    console.error(
      `[dashboard] ${path}: first chart ${JSON.stringify(out[path].firstChartMs)} ms, DCL ${out[path].domContentLoadedMs?.median} ms, JS ${out[path].buildJsKB} kB`,
    );
  }
} finally {
  await close();
  await dash.stop();
  await gql.close();
  await store.close();
}
console.log(
  JSON.stringify({
    built: build.built,
    buildMs: build.ms,
    buildAgeMinutes: build.buildAgeMinutes,
    block: cursor?.number,
    pages: out,
    note: 'first load of each page in a fresh tab of one Chromium profile (HTTP cache warm after the first run)',
  }),
);
process.exit(0);
