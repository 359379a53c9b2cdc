// GET /api/risk/predict: Monte Carlo liquidation prediction for the book at a block (see
// dashboard/lib/predict/README.md). The prediction itself is memoized per block and options
// (lib/data/predictions.ts), the serialized answer per block and query like every /api/risk/* one.
// `account=0x…[,0x…]` models those borrowers only and adds their HF fan (same price paths, so the
// same figures as in the whole book's answer). A request whose cost (borrowers × paths × hours)
// would hold the server for long is refused with the largest `paths` that fits.
// `liquidation=dex` liquidates only where selling the collateral through the block's indexed
// Uniswap V3 pools pays (lib/predict/dex-liquidation.ts), at /api/risk/cascade's gas cost.
import { BadParam, blockJson, cachedJson, context, handle, numParam } from '@/lib/api/handler';
import {
  HORIZON_HOURS,
  MAX_FAN_ACCOUNTS,
  type Horizon,
  type LiquidationMode,
} from '@/lib/predict/predict';
import { DEFAULT_PATHS, predictionOf } from '@/lib/data/predictions';
import { DEFAULT_GAS_USD, indexedPools, pairLabel } from '@/lib/api/cascade';

export const MAX_PATHS = 100_000;
/**
 * borrowers × paths × hours at most: 100,000 borrowers × 10,000 paths × 24 hours took 10.8 s on
 * one core (`npm run bench:risk`), so this bounds a request near 15 s
 */
export const MAX_PREDICT_WORK = 3e10;
/**
 * the same bound in dex mode: 300 borrowers × 2,000 paths × 24 hours took 4.4 s on one core on
 * the synthetic book and pools (`npm run bench:risk`), so this bounds a request near 15 s
 */
export const MAX_DEX_PREDICT_WORK = 5e7;

function integerParam(q: URLSearchParams, name: string, def: number, min: number, max: number) {
  const v = numParam(q, name, def, min, max);
  if (!Number.isInteger(v))
    throw new BadParam(name, `${name} must be an integer, got "${q.get(name)}"`);
  return v;
}

function accountsParam(q: URLSearchParams): string[] | undefined {
  const raw = q.get('account');
  if (raw === null) return undefined;
  const list = raw.split(',').map((a) => a.trim().toLowerCase());
  for (const a of list)
    if (!/^0x[0-9a-f]{40}$/.test(a))
      throw new BadParam('account', `account must be addresses (0x + 40 hex), got "${a}"`);
  if (list.length > MAX_FAN_ACCOUNTS)
    throw new BadParam('account', `at most ${MAX_FAN_ACCOUNTS} accounts, got ${list.length}`);
  return [...new Set(list)].sort();
}

/** Refuses borrowers × paths × hours over the mode's limit, naming the paths that would fit. */
export function checkPredictCost(
  borrowers: number,
  paths: number,
  horizon: Horizon,
  mode: LiquidationMode = 'oracle',
): void {
  const hours = HORIZON_HOURS[horizon];
  const limit = mode === 'dex' ? MAX_DEX_PREDICT_WORK : MAX_PREDICT_WORK;
  if (borrowers * paths * hours <= limit) return;
  const fits = Math.floor(limit / (borrowers * hours));
  throw new BadParam(
    'paths',
    `${paths} paths × ${hours} hours × ${borrowers} borrowers is over the limit of ` +
      `${limit.toExponential()}${mode === 'dex' ? ' in dex mode' : ''}; at most ${fits} paths ` +
      `at horizon ${horizon} for this book`,
  );
}

export const predictHandler = handle(async (q) => {
  const horizon = q.get('horizon') ?? '1d';
  if (!Object.hasOwn(HORIZON_HOURS, horizon))
    throw new BadParam('horizon', `horizon must be 1d or 7d, got "${horizon}"`);
  const paths = integerParam(q, 'paths', DEFAULT_PATHS, 1, MAX_PATHS);
  const seed = integerParam(q, 'seed', 1, 0, 2 ** 32 - 1);
  const accounts = accountsParam(q);
  const mode = q.get('liquidation') ?? 'oracle';
  if (mode !== 'oracle' && mode !== 'dex')
    throw new BadParam('liquidation', `liquidation must be oracle or dex, got "${mode}"`);
  const c = await context(q);
  const borrowers = accounts?.length ?? c.results.totalDebtBase.filter((d) => d > 0n).length;
  checkPredictCost(borrowers, paths, horizon as Horizon, mode);
  const venues = mode === 'dex' ? await indexedPools(c) : undefined;
  const gasCostBase = (BigInt(Math.round(DEFAULT_GAS_USD * 100)) * c.book.baseCurrencyUnit) / 100n;
  const prediction = await predictionOf(
    c,
    horizon as Horizon,
    paths,
    seed,
    accounts,
    venues ? { pools: venues.pools, gasCostBase } : undefined,
  );
  return cachedJson(c, 'predict', q, () => ({
    network: c.book.network,
    block: blockJson(c),
    ...prediction,
    ...(venues && !venues.indexed
      ? {
          notes: [
            ...prediction.notes,
            'this subgraph indexes no DEX pools: no seized collateral can be sold, so dex mode ' +
              'liquidates nobody',
          ],
        }
      : {}),
    ...(venues && prediction.dex
      ? {
          dex: {
            ...prediction.dex,
            // the pools as indexed at the prediction's block, before any arbitrage
            block: blockJson(c),
            indexed: venues.indexed,
            gasCostUSD: DEFAULT_GAS_USD,
            pools: venues.pools.map((p) => ({
              address: p.address,
              pair: pairLabel(c, p),
              fee: p.state.fee,
            })),
          },
        }
      : {}),
  }));
});
