// The liquidation prediction as the pages and /api/risk/predict read it: the oracle price
// observations paged once per block, one prediction per block and options (memoized on the risk
// context), and the 24-hour probability per borrower for the at-risk tables and the account
// page under the last-good policy. No prediction math here (lib/predict).
import { getRiskContext, type RiskContext } from '@/lib/risk/service';
import {
  predictLiquidations,
  type HealthFactorFan,
  type DexOptions,
  type Horizon,
  type Prediction,
} from '@/lib/predict/predict';
import { loadPriceObservations } from '@/lib/predict/prices-from-subgraph';
import type { PriceObservations } from '@/lib/predict/price-history';
import { lastGood, type Loaded } from '@/lib/data/last-good';

/** Price history the residuals are drawn from: the last 30 days of oracle prices. */
export const PREDICT_HISTORY_HOURS = 720;
export const DEFAULT_PATHS = 10_000;

/** PricePoints of the last 30 days at the context's block (none for a book put in the cache). */
export function priceObservationsOf(c: RiskContext): Promise<PriceObservations> {
  return c.get('priceObservations', () =>
    c.subgraph
      ? loadPriceObservations(c.subgraph, c.book, PREDICT_HISTORY_HOURS)
      : Promise.resolve({ series: new Map() }),
  );
}

export async function predictionOf(
  c: RiskContext,
  horizon: Horizon,
  paths = DEFAULT_PATHS,
  seed = 1,
  /** model these borrowers only, with their HF fans (sorted, lower case) */
  accounts?: string[],
  /** liquidations priced through these pools (the block's indexed ones) instead of at the oracle */
  dex?: DexOptions,
): Promise<Prediction> {
  const prices = await priceObservationsOf(c);
  const only = accounts ? `|${accounts.join(',')}` : '';
  const mode = dex ? `|dex|${dex.gasCostBase ?? 0n}` : '';
  return c.get(`prediction|${horizon}|${paths}|${seed}${only}${mode}`, () =>
    predictLiquidations(
      c.book,
      prices,
      {
        horizon,
        paths,
        seed,
        historyHours: PREDICT_HISTORY_HOURS,
        ...(accounts ? { accounts, fan: true } : {}),
        ...(dex ? { liquidation: 'dex' as const, dex } : {}),
      },
      { pb: c.pb, fb: c.fb, results: c.results },
    ),
  );
}

export interface LiquidationOdds {
  pLiquidation: number;
  expectedHoursToLiquidation: number | null;
}

/** P(liquidation within 24 h) and the expected hour of it per borrower address, default options. */
export function liquidationOdds(network: string): Promise<Loaded<Map<string, LiquidationOdds>>> {
  return lastGood(
    `predict|odds|${network}`,
    async () => {
      const c = await getRiskContext(network);
      const p = await predictionOf(c, '1d');
      return new Map(p.accounts.map((a) => [a.account, a]));
    },
    'Risk engine',
  );
}

export interface AccountOutlook {
  /** the 7-day prediction of this borrower alone (same paths as the whole book's) */
  pLiquidation7d: number;
  expectedHoursToLiquidation: number | null;
  fan: HealthFactorFan;
  paths: number;
}

/** One borrower's HF fan over 7 days and its 7-day odds; null for an account not modelled. */
export function accountOutlook(
  network: string,
  address: string,
): Promise<Loaded<AccountOutlook | null>> {
  return lastGood(
    `predict|outlook|${network}|${address}`,
    async () => {
      const c = await getRiskContext(network);
      const p = await predictionOf(c, '7d', DEFAULT_PATHS, 1, [address.toLowerCase()]);
      const [a] = p.accounts;
      const fan = p.fans?.[0];
      if (!a || !fan) return null;
      return {
        pLiquidation7d: a.pLiquidation,
        expectedHoursToLiquidation: a.expectedHoursToLiquidation,
        fan,
        paths: p.paths,
      };
    },
    'Risk engine',
  );
}

export type ProtocolOutlook = Pick<
  Prediction,
  'horizon' | 'paths' | 'seed' | 'method' | 'notes' | 'protocol'
>;

/** The protocol's 24-hour loss distribution (default options), for /risk. */
export function protocolOutlook(network: string): Promise<Loaded<ProtocolOutlook>> {
  return lastGood(
    `predict|protocol|${network}`,
    async () => {
      const p = await predictionOf(await getRiskContext(network), '1d');
      return {
        horizon: p.horizon,
        paths: p.paths,
        seed: p.seed,
        method: p.method,
        notes: p.notes,
        protocol: p.protocol,
      };
    },
    'Risk engine',
  );
}
