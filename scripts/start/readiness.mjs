// When does the dashboard show data? When its overview page answers and its own GraphQL proxy
// (the path every page's data takes) returns indexed markets. Used for the banner of `npm start`.

const QUERY = '{ _meta { block { number } } markets(first: 1) { id } }';

/** The indexed block the dashboard serves, or null while it shows no data yet. */
export async function dashboardDataBlock(dashboardUrl) {
  try {
    const page = await fetch(`${dashboardUrl}/`, { signal: AbortSignal.timeout(20_000) });
    await page.arrayBuffer();
    if (!page.ok) return null;
    const r = await fetch(`${dashboardUrl}/api/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY }),
      signal: AbortSignal.timeout(10_000),
    });
    const data = (await r.json())?.data;
    return data?.markets?.length ? data._meta.block.number : null;
  } catch {
    return null; // not up yet
  }
}

/** Polls until the dashboard shows data (resolves its block) or `stopped()` turns true (null). */
export async function waitForDashboardData(dashboardUrl, stopped, everyMs = 1000) {
  for (;;) {
    if (stopped()) return null;
    const block = await dashboardDataBlock(dashboardUrl);
    if (block !== null) return block;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
