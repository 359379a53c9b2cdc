// The browser suite's cascade and DEX depth checks on /risk and a market page: the page shows
// what /api/risk/cascade and /api/risk/liquidity answer for the same block and shock, the shock
// lives in the URL, and a network without DEX data says so instead of showing zeros.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS } from './harness.ts';
import type { SuiteState } from './suite-resilience.ts';

type Register = (name: string, fn: () => Promise<void>) => void;

const intOf = (s: string) => Number(s.replace(/[^\d]/g, ''));

export function defineCascadeTests(test: Register, s: SuiteState): void {
  test('cascade: the figures are the API answer for the shock in the URL; the shock survives a reload', async () => {
    const { page } = s;
    await page.goto(`${s.dashUrl}/risk?cascade=ETH-like:30`, { waitUntil: 'networkidle' });
    await page.waitForSelector('[data-cascade-key="ETH-like:30"]', { timeout: 20_000 });
    const api = await page.evaluate(async (network) => {
      const q = new URLSearchParams({ network, group: 'ETH-like', drop: '30', feedback: '0' });
      return (await fetch(`/api/risk/cascade?${q}`)).json();
    }, s.network);
    const kpi = (id: string) => page.locator(`[data-kpi="${id}"] .kpi-value`).innerText();
    assert.equal(intOf(await kpi('cascade-liquidated')), api.liquidatedAccounts);
    const naive = await page.locator('[data-kpi="cascade-liquidated"] .kpi-sub').innerText();
    assert.equal(intOf(naive), api.naive.liquidatedAccounts, naive);
    if (api.dex.pools > 0) {
      assert.ok(
        api.rounds.length === 0 ||
          (await page.locator('[data-testid="chart-cascade"]').count()) === 1,
      );
      if (s.fixture) assert.equal(api.dex.pools, 5, 'the fixture indexes five pools');
    } else {
      // no DEX data: the page says so rather than showing a cascade of zeros
      assert.match(
        await page.locator('[data-cascade-note]').first().innerText(),
        /DEX pools|Uniswap V3 pool/,
      );
    }
    await page.screenshot({ path: join(ARTIFACTS, `${s.prefix}cascade.png`), fullPage: true });

    await page.locator('[data-cascade-what]').selectOption('WETH');
    await page.waitForSelector('[data-cascade-key="WETH:30"]', { timeout: 20_000 });
    assert.equal(new URL(page.url()).searchParams.get('cascade'), 'WETH:30');
    await page.reload({ waitUntil: 'networkidle' });
    await page.waitForSelector('[data-cascade-key="WETH:30"]', { timeout: 20_000 });
    assert.equal(await page.locator('[data-cascade-what]').inputValue(), 'WETH');
  });

  test('DEX depth: one row per pool of the asset, as the liquidity API lists them', async () => {
    const { page } = s;
    await page.goto(`${s.dashUrl}/risk?depth=WETH`, { waitUntil: 'networkidle' });
    await page.waitForSelector('[data-depth-loaded="WETH"]', { timeout: 20_000 });
    const api = await page.evaluate(async (network) => {
      const q = new URLSearchParams({ network, asset: 'WETH' });
      return (await fetch(`/api/risk/liquidity?${q}`)).json();
    }, s.network);
    const pools = api.assets[0].pools as Array<{ pair: string }>;
    const rows = await page.locator('[data-table="depth"] tbody tr').allInnerTexts();
    assert.equal(rows.length, pools.length);
    for (const p of pools)
      assert.ok(
        rows.some((r) => r.includes(p.pair)),
        p.pair,
      );
    if (s.fixture) assert.equal(pools.length, 3, 'WETH/USDC, WETH/DAI and wstETH/WETH');
    await page.goto(`${s.dashUrl}/markets/WETH`, { waitUntil: 'networkidle' });
    await page.waitForSelector('[data-depth-loaded="WETH"]', { timeout: 20_000 });
    assert.equal(await page.locator('[data-table="depth"] tbody tr').count(), pools.length);
  });
}
