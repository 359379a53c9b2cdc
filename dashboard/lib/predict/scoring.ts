// Scores of probability forecasts against what happened (1 = liquidated within the horizon):
// Brier score (mean squared error), log loss with probabilities clipped to [ε, 1 − ε] so that a
// 0/1 rule gets a finite score, and a reliability table by decile of the predicted probability.
// Pure: the devnet backtest feeds it predictions made at a block and the liquidations after it.

/** Probabilities are clipped to [LOG_LOSS_EPSILON, 1 − LOG_LOSS_EPSILON] for the log loss. */
export const LOG_LOSS_EPSILON = 1e-3;

export function brierScore(p: ArrayLike<number>, outcome: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (p[i] - outcome[i]) ** 2;
  return p.length ? s / p.length : 0;
}

export function logLoss(p: ArrayLike<number>, outcome: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(1 - LOG_LOSS_EPSILON, Math.max(LOG_LOSS_EPSILON, p[i]));
    s -= outcome[i] ? Math.log(q) : Math.log(1 - q);
  }
  return p.length ? s / p.length : 0;
}

export interface ReliabilityBin {
  /** predicted probability in [from, to) (the last bin includes 1) */
  from: number;
  to: number;
  count: number;
  meanPredicted: number | null;
  realisedRate: number | null;
}

/** Ten bins of width 0.1 by predicted probability: mean prediction vs realised frequency. */
export function reliabilityTable(
  p: ArrayLike<number>,
  outcome: ArrayLike<number>,
): ReliabilityBin[] {
  const count = new Array(10).fill(0),
    predicted = new Array(10).fill(0),
    realised = new Array(10).fill(0);
  for (let i = 0; i < p.length; i++) {
    const b = Math.min(9, Math.floor(p[i] * 10));
    count[b]++;
    predicted[b] += p[i];
    realised[b] += outcome[i];
  }
  return count.map((n, b) => ({
    from: b / 10,
    to: (b + 1) / 10,
    count: n,
    meanPredicted: n ? predicted[b] / n : null,
    realisedRate: n ? realised[b] / n : null,
  }));
}

export interface ForecastScores {
  brier: number;
  logLoss: number;
}

export const scoresOf = (p: ArrayLike<number>, outcome: ArrayLike<number>): ForecastScores => ({
  brier: brierScore(p, outcome),
  logLoss: logLoss(p, outcome),
});

export interface ScoredForecast {
  pLiquidation: number;
  healthFactor: number;
  liquidated: 0 | 1;
}

export interface ForecastComparison {
  forecasts: number;
  liquidated: number;
  /** the realised share liquidated over all forecasts (a constant forecast, known only in hindsight) */
  baseRate: number;
  model: ForecastScores;
  baseRateForecast: ForecastScores;
  /** "HF < threshold will be liquidated" as probability 1, else 0 */
  hfRule: ForecastScores & { threshold: number };
  reliability: ReliabilityBin[];
}

/** The model against the two baselines on the same forecasts. */
export function compareForecasts(rows: ScoredForecast[], threshold = 1.1): ForecastComparison {
  const p = rows.map((r) => r.pLiquidation);
  const outcome = rows.map((r) => r.liquidated);
  const liquidated = outcome.reduce<number>((s, x) => s + x, 0);
  const baseRate = rows.length ? liquidated / rows.length : 0;
  const rule = rows.map((r) => (r.healthFactor < threshold ? 1 : 0));
  return {
    forecasts: rows.length,
    liquidated,
    baseRate,
    model: scoresOf(p, outcome),
    baseRateForecast: scoresOf(
      rows.map(() => baseRate),
      outcome,
    ),
    hfRule: { ...scoresOf(rule, outcome), threshold },
    reliability: reliabilityTable(p, outcome),
  };
}
