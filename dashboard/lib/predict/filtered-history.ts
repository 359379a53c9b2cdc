// Filtered historical simulation (Barone-Adesi et al.): each asset's hourly returns are divided
// by their EWMA volatility (RiskMetrics recursion, updated with the hour itself), leaving standardized residuals whose
// joint rows keep the history's fat tails, jumps, depegs and cross-asset co-movement. A path
// draws whole rows (one past hour for every asset at once) with replacement and rescales them by
// a volatility that starts at today's forecast and is updated by the same recursion along the
// path, so a calm market stays calm and a turbulent one stays turbulent for a while.
import type { HourlyReturns } from '@/lib/predict/price-history';

/** EWMA decay per hour: a half-life of about 23 hours. */
export const EWMA_LAMBDA = 0.97;
/** Hourly volatility floor: keeps residuals finite for prices that barely move (stablecoins). */
const SIGMA_FLOOR = 1e-5;

export interface FilteredHistory {
  hours: number;
  markets: number;
  /** standardized residuals, hour-major like the returns */
  residuals: Float64Array;
  /** volatility forecast for the next hour per market (0 for a market held at today's price) */
  sigmaNow: Float64Array;
  /** markets simulated (enough observed hours); the others keep today's price */
  simulated: boolean[];
  lambda: number;
}

export function filterHistory(
  r: HourlyReturns,
  minHours: number,
  lambda = EWMA_LAMBDA,
): FilteredHistory {
  const { hours, markets, returns } = r;
  const residuals = new Float64Array(hours * markets);
  const sigmaNow = new Float64Array(markets);
  const simulated: boolean[] = [];
  for (let m = 0; m < markets; m++) {
    const ok = r.observedHours[m] >= minHours && hours >= minHours;
    simulated.push(ok);
    if (!ok) continue;
    // seed the recursion with the mean square of the first day
    const seedHours = Math.min(24, hours);
    let variance = 0;
    for (let t = 0; t < seedHours; t++) variance += returns[t * markets + m] ** 2;
    variance = Math.max(variance / seedHours, SIGMA_FLOOR ** 2);
    for (let t = 0; t < hours; t++) {
      const x = returns[t * markets + m];
      // the hour's own return is in the variance it is divided by: |z| < 1/√(1 − λ) (5.8 at
      // 0.97), so a step of a feed that barely moved before (a stablecoin's deviation-threshold
      // update, a depeg) does not become a residual of hundreds that today's volatility multiplies
      variance = Math.max(lambda * variance + (1 - lambda) * x * x, SIGMA_FLOOR ** 2);
      residuals[t * markets + m] = x / Math.sqrt(variance);
    }
    sigmaNow[m] = Math.sqrt(variance);
  }
  return { hours, markets, residuals, sigmaNow, simulated, lambda };
}

/**
 * Fills `logPrice[(h) * markets + m]` (h = 0 … steps, row 0 all zero) with one simulated path of
 * cumulative log price changes. `random` is the run's seeded generator.
 */
export function simulatePath(
  fh: FilteredHistory,
  steps: number,
  random: () => number,
  variance: Float64Array,
  logPrice: Float64Array,
): void {
  const { markets, residuals, sigmaNow, simulated, lambda } = fh;
  for (let m = 0; m < markets; m++) {
    variance[m] = sigmaNow[m] * sigmaNow[m];
    logPrice[m] = 0;
  }
  for (let h = 1; h <= steps; h++) {
    const row = Math.floor(random() * fh.hours) * markets;
    const at = h * markets;
    for (let m = 0; m < markets; m++) {
      if (!simulated[m]) {
        logPrice[at + m] = logPrice[at - markets + m];
        continue;
      }
      const x = Math.sqrt(variance[m]) * residuals[row + m];
      logPrice[at + m] = logPrice[at - markets + m] + x;
      variance[m] = Math.max(lambda * variance[m] + (1 - lambda) * x * x, SIGMA_FLOOR ** 2);
    }
  }
}
