// /alerts in Chromium against the fixture GraphQL server: the tables show what the rules find in
// the fixture data (derived from the fixture's own markets), CSV export works, the webhook gets
// each opened alert once, and an endpoint going down shows a clear message and opens the
// `indexing` alert for it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuild, startDashboard, ARTIFACTS, type Dashboard } from './harness.ts';
import { chromiumMissing, launch } from './browser.ts';
import { startFixtureServer, type FixtureServer } from './fixtures/server.ts';

const skip = chromiumMissing() ?? false;
let fx: FixtureServer | undefined,
  dash: Dashboard | undefined,
  rx: Server | undefined,
  dir = '';
const hooks: Array<{ event: string; alert: { id: string; subject: string } }> = [];

before(
  async () => {
    if (skip) return;
    fx = await startFixtureServer(0);
    rx = createServer((req, res) => {
      let d = '';
      req.on('data', (c) => (d += c));
      req.on('end', () => {
        hooks.push(JSON.parse(d));
        res.writeHead(200);
        res.end();
      });
    });
    await new Promise<void>((r) => rx!.listen(0, '127.0.0.1', r));
    dir = mkdtempSync(join(tmpdir(), 'alerts-browser-'));
    writeFileSync(
      join(dir, 'rules.yaml'),
      `evaluation: { pollSeconds: 1, timerSeconds: 1 }
rules:
  - { id: util-40, type: utilization, max: 0.4, severity: warning }
  - { id: indexing, type: indexing, severity: critical }
`,
    );
    ensureBuild();
    dash = await startDashboard({
      SUBGRAPH_URL: fx.url,
      NETWORK: 'devnet',
      ALERT_RULES: join(dir, 'rules.yaml'),
      ALERTS_DATA_DIR: join(dir, 'state'),
      ALERT_WEBHOOKS: `http://127.0.0.1:${(rx.address() as AddressInfo).port}/hook`,
    });
  },
  { timeout: 600_000 },
);

after(async () => {
  await dash?.stop();
  await fx?.close().catch(() => {});
  await new Promise<void>((r) => (rx ? rx.close(() => r()) : r()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test(
  '/alerts lists the open alerts the rules find in the data; CSV; webhook once each',
  { skip, timeout: 120_000 },
  async () => {
    const res = await fetch(fx!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ markets(first: 1000) { symbol utilization } }' }),
    });
    const markets = (
      (await res.json()) as { data: { markets: Array<{ symbol: string; utilization: string }> } }
    ).data.markets;
    const expected = markets
      .filter((m) => Number(m.utilization) > 0.4)
      .map((m) => `market:${m.symbol}`)
      .sort();
    assert.ok(
      expected.length > 0 && expected.length < markets.length,
      `fixture has markets on both sides of 40% utilisation (${expected.length}/${markets.length})`,
    );
    const { context, close } = await launch();
    try {
      const page = await context.newPage();
      await page.goto(`${dash!.url}/alerts?network=devnet`);
      await page.waitForSelector('[data-table="open"] tbody tr');
      const subjects = (
        await page.$$eval('[data-table="open"] tbody tr', (trs) =>
          trs.map((tr) => tr.children[2]?.textContent ?? ''),
        )
      ).sort();
      assert.deepEqual(subjects, expected);
      assert.equal(
        await page.$$eval('[data-kpi="open"] .kpi-value', (e) => e[0].textContent),
        String(expected.length),
      );
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('[data-csv="open"]'),
      ]);
      const csv = readFileSync((await download.path())!, 'utf8');
      assert.match(
        csv.split('\n')[0],
        /^Severity,Rule,Subject,Value,Threshold,Opened block,Opened,Message/,
      );
      assert.equal(csv.trim().split('\n').length, expected.length + 1);
      await page
        .screenshot({ path: join(ARTIFACTS, 'alerts.png'), fullPage: true })
        .catch(() => {});
    } finally {
      await close();
    }
    const opened = hooks
      .filter((h) => h.event === 'alert.opened')
      .map((h) => h.alert.subject)
      .sort();
    assert.deepEqual(opened, expected, 'each opened alert delivered once');
  },
);

test(
  '/alerts with the endpoint down: clear message, alerts kept, indexing alert opens',
  { skip, timeout: 120_000 },
  async () => {
    await fx!.close();
    const deadline = Date.now() + 30_000;
    let body: { open: Array<{ rule: string; subject: string }>; status: { error: string | null } };
    for (;;) {
      body = await (await fetch(`${dash!.url}/api/alerts?network=devnet`)).json();
      if (body.status.error && body.open.some((a) => a.subject === 'endpoint')) break;
      if (Date.now() > deadline) assert.fail(`no endpoint alert: ${JSON.stringify(body.status)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.ok(
      body.open.some((a) => a.rule === 'util-40'),
      'alerts of rules without data are kept open',
    );
    const { context, close } = await launch();
    try {
      const page = await context.newPage();
      await page.goto(`${dash!.url}/alerts?network=devnet`);
      const banner = await page.textContent('[data-error-state]');
      assert.match(banner ?? '', /Could not read the subgraph endpoint for devnet/);
      assert.match(banner ?? '', /Alerts below are as of block/);
    } finally {
      await close();
    }
    assert.equal(
      hooks.filter((h) => h.event === 'alert.opened' && h.alert.subject === 'endpoint').length,
      1,
    );
  },
);
