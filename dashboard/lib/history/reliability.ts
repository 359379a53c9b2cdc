// The live reliability of the 1-day predictor: each daily point's forecasts (made from the book
// and the oracle prices at its block B only) against the accounts a Liquidation names in
// (B, B + 24 h], scored by lib/predict/scoring.ts. A point is scored once its 24 hours are over
// at the head. Pure.
import { compareForecasts, type ForecastComparison } from '@/lib/predict/scoring';
import type { BlockRef } from '@/lib/history/block-search';
import type { PointForecast } from '@/lib/history/figures';
import type { LiquidationRow } from '@/lib/history/source';

export const RELIABILITY_HORIZON_SECONDS = 24 * 3600;

export interface ScoredPoint {
  block: BlockRef;
  forecasts: PointForecast[];
}

export interface LiveReliability extends ForecastComparison {
  /** daily points scored (their 24 hours are over) */
  days: number;
  /** first and last scored point's block */
  firstBlock: BlockRef | null;
  lastBlock: BlockRef | null;
}

export function liveReliability(
  points: ScoredPoint[],
  liquidations: LiquidationRow[],
  head: BlockRef,
): LiveReliability {
  const scored = points.filter(
    (p) => p.block.timestamp + RELIABILITY_HORIZON_SECONDS <= head.timestamp,
  );
  const rows = scored.flatMap((p) => {
    const until = p.block.timestamp + RELIABILITY_HORIZON_SECONDS;
    const liquidated = new Set(
      liquidations
        .filter((l) => l.blockNumber > p.block.number && l.timestamp <= until)
        .map((l) => l.account),
    );
    return p.forecasts.map((f) => ({
      pLiquidation: f.pLiquidation,
      healthFactor: f.healthFactor,
      liquidated: liquidated.has(f.account) ? (1 as const) : (0 as const),
    }));
  });
  return {
    ...compareForecasts(rows),
    days: scored.length,
    firstBlock: scored[0]?.block ?? null,
    lastBlock: scored.at(-1)?.block ?? null,
  };
}
