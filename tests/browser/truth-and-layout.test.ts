// The dashboard as a new user sees it, against the fixture graph-node (tests/browser/fixtures):
// every page at 1440 px without horizontal overflow or a table wider than its card; unknown
// market and account pages answer HTTP 404 with the friendly page; /alerts shows no server
// path and an unknown network makes no console error; `all` on /markets stays on /markets;
// the freshness badge follows a new indexed block without a reload, keeping the URL; the shock
// curve says how it is valued and no label reads "−0%". Screenshots in /tmp/cr-*.png.
//   node --import tsx --test tests/browser/truth-and-layout.test.ts
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { chromiumMissing, launch } from './browser.ts';
import { ensureBuild, startDashboard, type Dashboard } from './harness.ts';
import { startFixtureServer, type FixtureServer } from './fixtures/server.ts';

const skip = chromiumMissing() ?? false;
let fx: FixtureServer | undefined,
  dash: Dashboard | undefined,
  dir = '';
let context: BrowserContext, close: () => Promise<void>, page: Page;
const consoleErrors: string[] = [];

async function gqlFixture<T>(query: string): Promise<T> {
  const r = await fetch(fx!.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return ((await r.json()) as { data: T }).data;
}

before(
  async () => {
    if (skip) return;
    fx = await startFixtureServer(0);
    dir = mkdtempSync(join(tmpdir(), 'cr-truth-'));
    ensureBuild();
    dash = await startDashboard({
      SUBGRAPH_URL: fx.url,
      NETWORK: 'devnet',
      INDEX_NODE_URL: fx.statusUrl,
      SUBGRAPH_URLS: '',
      ALERTS_DATA_DIR: join(dir, 'alerts'),
    });
    ({ context, close } = await launch({ width: 1440, height: 900 }));
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
    });
  },
  { timeout: 600_000 },
);

after(async () => {
  await close?.();
  await dash?.stop();
  await fx?.close().catch(() => {});
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** widths that stick out: the document past the viewport, a table past its scroll box, a card's content past the card */
async function overflow(p: Page) {
  return p.evaluate(() => {
    const out: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth)
      out.push(`document ${doc.scrollWidth} > ${window.innerWidth}`);
    document.querySelectorAll('.table-scroll').forEach((el) => {
      if (el.scrollWidth > el.clientWidth + 1)
        out.push(
          `table ${el.closest('[data-table]')?.getAttribute('data-table')} ${el.scrollWidth} > ${el.clientWidth}`,
        );
    });
    document.querySelectorAll('.card dd, .card .kpi-value').forEach((el) => {
      const card = el.closest('.card')!;
      if (el.getBoundingClientRect().right > card.getBoundingClientRect().right + 1)
        out.push(`"${(el.textContent ?? '').slice(0, 30)}" past its card`);
    });
    return out;
  });
}

test(
  'every page at 1440 px: no horizontal overflow, no table wider than its card',
  { skip, timeout: 240_000 },
  async () => {
    const d = await gqlFixture<{
      markets: Array<{ symbol: string }>;
      positions: Array<{ account: { id: string } }>;
    }>(
      '{ markets(first: 1, orderBy: totalSupplyUSD, orderDirection: desc) { symbol } positions(first: 1, where: { scaledVariableDebt_gt: "0" }) { account { id } } }',
    );
    const paths = [
      '/',
      '/markets',
      '/liquidations',
      '/risk',
      '/status',
      '/alerts',
      `/markets/${d.markets[0].symbol}`,
      `/accounts/${d.positions[0].account.id}`,
    ];
    const problems: string[] = [];
    for (const path of paths) {
      await page.goto(`${dash!.url}${path}`, { waitUntil: 'networkidle' });
      await page.screenshot({
        path: `/tmp/cr-${path.replace(/[^a-z0-9]+/gi, '_') || 'home'}.png`,
        fullPage: true,
      });
      for (const o of await overflow(page)) problems.push(`${path}: ${o}`);
    }
    assert.deepEqual(problems, []);
  },
);

test(
  'unknown market and account pages answer 404 with the friendly page',
  { skip, timeout: 60_000 },
  async () => {
    for (const path of [
      '/markets/NOPE',
      '/accounts/0x000000000000000000000000000000000000dead',
      '/accounts/not-an-address',
    ]) {
      const res = await fetch(`${dash!.url}${path}`);
      assert.equal(res.status, 404, path);
      assert.match(await res.text(), /No market, account or page with that name here/, path);
    }
  },
);

test(
  '/alerts shows no server path; an unknown network is a clear 400 and no console error',
  { skip, timeout: 60_000 },
  async () => {
    await page.goto(`${dash!.url}/alerts`, { waitUntil: 'networkidle' });
    const text = await page.textContent('main');
    assert.doesNotMatch(text ?? '', /\/(work|home|srv|tmp|usr)\//, 'no absolute path on the page');
    assert.match(text ?? '', /alert-rules\.yaml/);
    const res = await fetch(`${dash!.url}/api/alerts?network=unknown`);
    assert.equal(res.status, 400);
    assert.match(
      ((await res.json()) as { error: string }).error,
      /unknown network "unknown" \(configured: devnet\)/,
    );
    consoleErrors.length = 0;
    await page.goto(`${dash!.url}/?network=unknown`, { waitUntil: 'networkidle' });
    await page.waitForSelector('[data-alerts-badge]:not([data-alerts-badge="loading"])');
    assert.deepEqual(consoleErrors, []);
    assert.notEqual(await page.getAttribute('[data-alerts-badge]', 'data-alerts-badge'), 'error');
  },
);

test(
  '/status names the PoolAddressesProvider; choosing all networks on /markets stays on /markets',
  { skip, timeout: 60_000 },
  async () => {
    await page.goto(`${dash!.url}/status`, { waitUntil: 'networkidle' });
    assert.match((await page.textContent('.kv')) ?? '', /PoolAddressesProvider 0x/);
    await page.goto(`${dash!.url}/markets`, { waitUntil: 'networkidle' });
    await Promise.all([
      page.waitForURL(/network=all/),
      page.selectOption('select[aria-label="Network"]', 'all'),
    ]);
    assert.equal(new URL(page.url()).pathname, '/markets');
    await page.waitForSelector('[data-table="mk"] th [data-sort="network"]');
    assert.ok((await page.$$('[data-table="mk"] tbody tr')).length > 1);
  },
);

test(
  'the risk page: curve valued at today\'s prices by default, no "−0%", VaR says what it rests on',
  { skip, timeout: 60_000 },
  async () => {
    await page.goto(`${dash!.url}/risk`, { waitUntil: 'networkidle' });
    assert.equal(
      await page.getAttribute('[data-curve-valuation]', 'data-curve-valuation'),
      'collateralAtRiskToday',
    );
    assert.doesNotMatch((await page.textContent('main')) ?? '', /−0%/);
    assert.match(
      (await page.textContent('[data-var-basis]')) ?? '',
      /95% rests on the worst [\d,]+ of [\d,]+ scenarios, 99% on the worst [\d,]+/,
    );
  },
);

test(
  'live: the badge follows a new indexed block without a reload and keeps the URL',
  { skip, timeout: 60_000 },
  async () => {
    await page.goto(`${dash!.url}/markets?mk.sort=borrow:desc`, { waitUntil: 'networkidle' });
    await page.evaluate(() => {
      (window as unknown as { crMarker: number }).crMarker = 42;
    });
    const before = Number(await page.getAttribute('[data-freshness]', 'data-block'));
    const age0 = await page.textContent('[data-block-age]');
    const g = fx!.graph;
    g.meta = {
      ...g.meta,
      number: g.meta.number + 5,
      hash: `0x${'ab'.repeat(32)}`,
      timestamp: Math.floor(Date.now() / 1000),
    };
    await page.waitForFunction(
      (b) => Number(document.querySelector('[data-freshness]')?.getAttribute('data-block')) === b,
      before + 5,
      { timeout: 20_000 },
    );
    assert.equal(
      await page.evaluate(() => (window as unknown as { crMarker?: number }).crMarker),
      42,
      'same document: no reload',
    );
    assert.equal(new URL(page.url()).search, '?mk.sort=borrow:desc');
    assert.notEqual(
      await page.textContent('[data-block-age]'),
      age0,
      'the age is of the new block',
    );
  },
);
