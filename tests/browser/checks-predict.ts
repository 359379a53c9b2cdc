// Checks of the prediction's parts of the pages, shared by the fixture and real-stack suites.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

/** /risk: both halves of the 24-hour loss distribution say how many of the 10,000 paths have none. */
export async function assertLossDistribution(page: Page): Promise<void> {
  const loss = await page.locator('#loss-distribution').innerText();
  assert.match(loss, /Debt liquidated[\s\S]*[\d,]+ of 10,000 paths: no liquidation/);
  assert.match(loss, /New bad debt[\s\S]*[\d,]+ of 10,000 paths: no new bad debt/);
}

/**
 * The account page of the closest borrower to liquidation that has collateral (an insolvent one
 * has nothing to seize, so no path to draw): its 7-day HF fan is drawn, with the odds.
 */
export async function assertAccountOutlook(page: Page, dashUrl: string): Promise<void> {
  await page.goto(`${dashUrl}/risk`, { waitUntil: 'networkidle' });
  const row = page.locator('[data-table="ar"] tbody tr').filter({ hasNotText: /insolvent/ });
  assert.ok((await row.count()) > 0, 'an at-risk row with collateral');
  await row.first().locator('a').click();
  await page.waitForURL(/\/accounts\/0x[0-9a-f]{40}/);
  await page.locator('[data-testid="chart-hf-fan"] canvas[data-drawn="1"]').waitFor();
  assert.match(
    await page.locator('[data-testid="outlook"]').innerText(),
    /^P\(liquidation within 7 days\): \d+(\.\d+)?%/,
  );
}
