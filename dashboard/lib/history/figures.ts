// The risk figures of one history point: the engine's views of the book at that block (the same
// functions and market selection as the risk summary, lib/data/risk.ts) and the 1-day prediction
// from the oracle prices observed up to that block. No I/O: the context and prices come in.
import type { RiskContext } from '@/lib/risk/service';
import { keysForMarkets, shockCurve } from '@/lib/risk/analysis';
import { hfToNumber } from '@/lib/risk/engine';
import { percentile } from '@/lib/risk/var';
import { borrowersOf, borrowerSummaryOf } from '@/lib/data/borrowers';
import { nonStableMarkets } from '@/lib/data/market-selection';
import { unitOf } from '@/lib/data/risk';
import { PREDICT_HISTORY_HOURS } from '@/lib/data/predictions';
import { predictLiquidations } from '@/lib/predict/predict';
import type { PriceObservations } from '@/lib/predict/price-history';

/** Drops (%) of every non-stablecoin market together, as the risk summary's shock. */
export const HISTORY_DROPS = [10, 20, 30] as const;
/** Paths of each point's prediction (the API's default is 10,000; ~200 points are computed). */
export const HISTORY_PATHS = 2_000;
export const HISTORY_SEED = 1;

export interface HistoryFigures {
  borrowers: number;
  atRisk: number;
  liquidatable: number;
  insolvent: number;
  badDebtUSD: number;
  /** collateral of the accounts liquidatable after the drop, at the dropped prices (USD) */
  collateralAtRiskUSD: { drop10: number; drop20: number; drop30: number };
  /** health factors of the borrowers (accounts with debt), nearest rank; null without borrowers */
  healthFactor: { p5: number; p25: number; p50: number } | null;
  /** 99th percentile of the new bad debt over the predicted day's paths (USD) */
  newBadDebt1dP99USD: number;
}

/** One borrower's 1-day forecast at the point, for the live reliability score. */
export interface PointForecast {
  account: string;
  pLiquidation: number;
  healthFactor: number;
}

export function historyFigures(
  ctx: RiskContext,
  threshold: number,
  prices: PriceObservations,
): { figures: HistoryFigures; forecasts: PointForecast[] } {
  const unit = unitOf(ctx);
  const summary = borrowerSummaryOf(ctx, threshold);
  const keys = keysForMarkets(ctx.pb, nonStableMarkets(ctx.book));
  const [d10, d20, d30] = shockCurve(ctx.pb, ctx.fb, keys, [...HISTORY_DROPS]);
  const hfs = borrowersOf(ctx, threshold).map((b) => hfToNumber(b.healthFactor)); // ascending
  const prediction = predictLiquidations(
    ctx.book,
    prices,
    {
      horizon: '1d',
      paths: HISTORY_PATHS,
      seed: HISTORY_SEED,
      historyHours: PREDICT_HISTORY_HOURS,
    },
    { pb: ctx.pb, fb: ctx.fb, results: ctx.results },
  );
  return {
    figures: {
      borrowers: summary.borrowers,
      atRisk: summary.byStatus['at-risk'].accounts,
      liquidatable: summary.byStatus.liquidatable.accounts,
      insolvent: summary.byStatus.insolvent.accounts,
      badDebtUSD: Number(summary.badDebtBase) / unit,
      collateralAtRiskUSD: {
        drop10: d10.collateralAtRisk / unit,
        drop20: d20.collateralAtRisk / unit,
        drop30: d30.collateralAtRisk / unit,
      },
      healthFactor: hfs.length
        ? {
            p5: percentile(hfs, 0.05),
            p25: percentile(hfs, 0.25),
            p50: percentile(hfs, 0.5),
          }
        : null,
      newBadDebt1dP99USD: prediction.protocol.newBadDebtUSD.p99,
    },
    forecasts: prediction.accounts.map((a) => ({
      account: a.account,
      pLiquidation: a.pLiquidation,
      healthFactor: hfToNumber(BigInt(a.healthFactor)),
    })),
  };
}
