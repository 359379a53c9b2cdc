// GET /api/risk/predict: Monte Carlo liquidation prediction for the book at a block (see
// dashboard/lib/predict/README.md). The prediction itself is memoized per block and options
// (lib/data/predictions.ts), the serialized answer per block and query like every /api/risk/* one.
import { BadParam, blockJson, cachedJson, context, handle, numParam } from '@/lib/api/handler';
import { HORIZON_HOURS, type Horizon } from '@/lib/predict/predict';
import { DEFAULT_PATHS, predictionOf } from '@/lib/data/predictions';

export const MAX_PATHS = 100_000;

function integerParam(q: URLSearchParams, name: string, def: number, min: number, max: number) {
  const v = numParam(q, name, def, min, max);
  if (!Number.isInteger(v))
    throw new BadParam(name, `${name} must be an integer, got "${q.get(name)}"`);
  return v;
}

export const predictHandler = handle(async (q) => {
  const horizon = q.get('horizon') ?? '1d';
  if (!Object.hasOwn(HORIZON_HOURS, horizon))
    throw new BadParam('horizon', `horizon must be 1d or 7d, got "${horizon}"`);
  const paths = integerParam(q, 'paths', DEFAULT_PATHS, 1, MAX_PATHS);
  const seed = integerParam(q, 'seed', 1, 0, 2 ** 32 - 1);
  const c = await context(q);
  const prediction = await predictionOf(c, horizon as Horizon, paths, seed);
  return cachedJson(c, 'predict', q, () => ({
    network: c.book.network,
    block: blockJson(c),
    ...prediction,
  }));
});
