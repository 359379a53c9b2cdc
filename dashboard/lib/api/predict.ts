// GET /api/risk/predict: Monte Carlo liquidation prediction for the book at a block (see
// dashboard/lib/predict/README.md). The oracle price observations are read once per block and the
// serialized answer is memoized per block and query, like every /api/risk/* response.
import { BadParam, blockJson, cachedJson, context, handle, numParam } from '@/lib/api/handler';
import { HORIZON_HOURS, predictLiquidations, type Horizon } from '@/lib/predict/predict';
import { loadPriceObservations } from '@/lib/predict/prices-from-subgraph';
import type { PriceObservations } from '@/lib/predict/price-history';

/** Price history the residuals are drawn from: the last 30 days of oracle prices. */
export const PREDICT_HISTORY_HOURS = 720;
export const MAX_PATHS = 100_000;

function integerParam(q: URLSearchParams, name: string, def: number, min: number, max: number) {
  const v = numParam(q, name, def, min, max);
  if (!Number.isInteger(v))
    throw new BadParam(name, `${name} must be an integer, got "${q.get(name)}"`);
  return v;
}

export const predictHandler = handle(async (q) => {
  const horizon = q.get('horizon') ?? '1d';
  if (!(horizon in HORIZON_HOURS))
    throw new BadParam('horizon', `horizon must be 1d or 7d, got "${horizon}"`);
  const paths = integerParam(q, 'paths', 10_000, 1, MAX_PATHS);
  const seed = integerParam(q, 'seed', 1, 0, 2 ** 32 - 1);
  const c = await context(q);
  const prices = await c.get('priceObservations', (): Promise<PriceObservations> =>
    c.subgraph
      ? loadPriceObservations(c.subgraph, c.book, PREDICT_HISTORY_HOURS)
      : Promise.resolve({ series: new Map() }),
  );
  return cachedJson(c, 'predict', q, () => ({
    network: c.book.network,
    block: blockJson(c),
    ...predictLiquidations(
      c.book,
      prices,
      { horizon: horizon as Horizon, paths, seed, historyHours: PREDICT_HISTORY_HOURS },
      c.get('predictInput', () => ({ pb: c.pb, fb: c.fb, results: c.results })),
    ),
  }));
});
