// The browser suite's risk-history checks on /risk: the history card shows as many points as
// /api/risk/history answers for the same interval, the interval lives in the URL
// (`?history=hour|day`), and the reliability card says how many forecasts and days it rests on,
// as the API's `reliability` does. On the fixture (one indexed block, no past blocks to pin)
// the series is the head's point alone.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS } from './harness.ts';
import type { SuiteState } from './suite-resilience.ts';

type Register = (name: string, fn: () => Promise<void>) => void;

const intOf = (s: string) => Number(s.replace(/[^\d]/g, ''));

export function defineHistoryTests(test: Register, s: SuiteState): void {
  test('risk history: the card shows the API’s points per interval (URL state), reliability its basis', async () => {
    const { page } = s;
    for (const interval of ['day', 'hour'] as const) {
      const api = await page.evaluate(
        async ([network, interval]) => {
          for (;;) {
            const q = new URLSearchParams({ network, interval });
            const body = await (await fetch(`/api/risk/history?${q}`)).json();
            if (body.complete || body.error) return body;
          }
        },
        [s.network, interval] as const,
      );
      assert.equal(api.error, null, `${interval}: ${api.error}`);
      // the pages compute the series in their own server module graph (Next keeps route
      // handlers and pages apart): reload until the card no longer reports points in progress
      const card = page.locator('#history');
      for (const deadline = Date.now() + 90_000; ;) {
        await page.goto(`${s.dashUrl}/risk?history=${interval}`, { waitUntil: 'networkidle' });
        if (!(await card.locator('[data-history-progress]').count())) break;
        assert.ok(Date.now() < deadline, `${interval}: points still computing after 90 s`);
        await page.waitForTimeout(2000);
      }
      const active = await card.locator('.seg a.active').getAttribute('href');
      assert.match(active ?? '', new RegExp(`history=${interval}`));
      if (api.points.length) {
        const shown = await card
          .locator('[data-history-points]')
          .getAttribute('data-history-points');
        assert.equal(Number(shown), api.points.length, `${interval}: points shown`);
        await page.waitForSelector('[data-testid="chart-history-accounts"] canvas[data-drawn="1"]');
      }
      await page.screenshot({
        path: join(ARTIFACTS, `${s.prefix}history-${interval}.png`),
        fullPage: true,
      });
      if (interval === 'day' && api.reliability.forecasts) {
        const basis = await page.locator('[data-reliability-basis]').innerText();
        assert.equal(intOf(basis.match(/on ([\d,]+) forecasts/)![1]), api.reliability.forecasts);
        assert.equal(intOf(basis.match(/over ([\d,]+) day/)![1]), api.reliability.days);
      }
    }
  });
}
