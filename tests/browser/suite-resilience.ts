// The browser suite's layout and resilience checks: dark theme and phone layout, an unknown
// ?network=, no endpoint URL in the browser, and a stopped endpoint (message, last data, retry).
// defineDashboardSuite (suite.ts) registers them with its shared page and endpoint.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS } from './harness.ts';
import type { Proxy } from './proxy.ts';

export interface SuiteState {
  readonly page: Page;
  readonly dashUrl: string;
  readonly fx: Proxy;
  readonly network: string;
  prefix: string;
  fixture: boolean;
}

type Register = (name: string, fn: () => Promise<void>) => void;

export function defineResilienceTests(test: Register, s: SuiteState): void {
  test('dark theme and phone layout', async () => {
    await s.page.goto(`${s.dashUrl}/`, { waitUntil: 'networkidle' });
    await s.page.locator('[data-theme-toggle]').click();
    assert.equal(await s.page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    const bg = await s.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.notEqual(bg, 'rgb(246, 247, 251)');
    await s.page.waitForTimeout(100);
    await s.page.screenshot({
      path: join(ARTIFACTS, `${s.prefix}overview-dark.png`),
      fullPage: true,
    });
    await s.page.reload({ waitUntil: 'networkidle' });
    assert.equal(
      await s.page.evaluate(() => document.documentElement.dataset.theme),
      'dark',
      'theme persists',
    );
    await s.page.locator('[data-theme-toggle]').click();
    await s.page.setViewportSize({ width: 390, height: 844 });
    for (const p of ['/', '/markets', '/risk']) {
      await s.page.goto(`${s.dashUrl}${p}`, { waitUntil: 'networkidle' });
      const overflow = await s.page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      assert.ok(overflow <= 1, `${p}: no horizontal page overflow on a phone (${overflow}px)`);
      await s.page.screenshot({
        path: join(ARTIFACTS, `${s.prefix}phone${p.replace(/\W+/g, '_')}.png`),
        fullPage: true,
      });
    }
    await s.page.setViewportSize({ width: 1400, height: 900 });
  });

  test('unknown ?network= falls back to the default network with a notice', async () => {
    await s.page.goto(`${s.dashUrl}/markets?network=nope`, { waitUntil: 'networkidle' });
    assert.match(await s.page.locator('.topbar-note').innerText(), /Unknown network “nope”/);
    assert.ok(
      (await s.page.locator('[data-table="mk"] tbody tr').count()) > 0,
      'default network data shown',
    );
    assert.equal(await s.page.locator('select[aria-label="Network"]').inputValue(), s.network);
  });

  test('no endpoint URL or secret reaches the browser', async () => {
    await s.page.goto(`${s.dashUrl}/risk`, { waitUntil: 'networkidle' });
    const html = await s.page.content();
    assert.ok(!html.includes(`:${s.fx.port}`), 'endpoint port not in the page');
    const scripts = await s.page.$$eval('script[src]', (s) =>
      s.map((x) => (x as HTMLScriptElement).src),
    );
    for (const src of scripts) {
      const js = await (await fetch(src)).text();
      assert.ok(!js.includes('/subgraphs/name/'), `${src} contains no subgraph URL`);
    }
  });

  test('endpoint stopped: clear message, last data with its age, retry; recovers', async () => {
    await s.page.goto(`${s.dashUrl}/markets`, { waitUntil: 'networkidle' });
    await s.fx.stop();
    await s.page.reload({ waitUntil: 'networkidle' });
    const banner = s.page.locator('[data-error-state]').first();
    await banner.waitFor();
    const text = await banner.innerText();
    assert.match(text, /Could not load the latest markets/);
    assert.match(text, /not reachable/);
    assert.match(text, /Showing the last data received .* ago/);
    assert.ok(
      (await s.page.locator('[data-table="mk"] tbody tr').count()) >= 1,
      'last data still shown',
    );
    assert.equal(await banner.locator('[data-retry]').count(), 1, 'retry button');
    await s.page.screenshot({
      path: join(ARTIFACTS, `${s.prefix}endpoint-down-stale.png`),
      fullPage: true,
    });
    // a page never loaded before: message, no blank page, no stack trace
    await s.page.goto(`${s.dashUrl}/markets/WBTC`, { waitUntil: 'networkidle' });
    const body = await s.page.locator('main').innerText();
    assert.match(body, /Could not load|not reachable/);
    assert.doesNotMatch(body, /\bat [\w.<>]+ \(.*:\d+:\d+\)|TypeError:/);
    await s.page.goto(`${s.dashUrl}/status`, { waitUntil: 'networkidle' });
    assert.match(await s.page.locator('[data-kpi="endpoint"]').innerText(), /down/);
    await s.page.screenshot({
      path: join(ARTIFACTS, `${s.prefix}endpoint-down-status.png`),
      fullPage: true,
    });
    // Retry after the endpoint is back (same port): the banner goes away with fresh data
    await s.page.goto(`${s.dashUrl}/markets`, { waitUntil: 'networkidle' });
    await s.page.locator('[data-error-state] [data-retry]').waitFor();
    await s.fx.start();
    await s.page.locator('[data-error-state] [data-retry]').click();
    await s.page.waitForFunction(() => !document.querySelector('[data-error-state]'), null, {
      timeout: 15_000,
    });
  });
}
