// Recalibration of the predicted probabilities on the chain's own past forecasts (Platt scaling):
// a logistic regression of the outcome on logit(p), fitted by Newton's method on forecasts whose
// outcome window had closed before the forecast being corrected, so only data before its block
// is used. Borrowers already liquidatable at the block are left as predicted (their liquidation
// is a fact of the book, not a forecast of prices); the fit uses and corrects the others. The
// method (one feature, logit(p) clipped to [1e-4, 1 − 1e-4], at least MIN_EACH liquidated and not
// liquidated forecasts before fitting, else the raw probability) was fixed before it was scored.

export const CLIP = 1e-4;
/** a fit needs at least this many liquidated and this many not liquidated forecasts */
export const MIN_EACH = 3;

export interface PlattModel {
  a: number;
  b: number;
  /** forecasts the fit rests on */
  forecasts: number;
  liquidated: number;
}

const logit = (p: number) => {
  const q = Math.min(1 - CLIP, Math.max(CLIP, p));
  return Math.log(q / (1 - q));
};
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Maximum-likelihood Platt fit of outcome ~ σ(a·logit(p) + b); null with too few of either class. */
export function fitPlatt(p: ArrayLike<number>, outcome: ArrayLike<number>): PlattModel | null {
  const n = p.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += outcome[i];
  if (positives < MIN_EACH || n - positives < MIN_EACH) return null;
  const x = Array.from(p, logit);
  let a = 1,
    b = 0;
  for (let it = 0; it < 50; it++) {
    // gradient and Hessian of the log-likelihood; a tiny ridge keeps separable data finite
    let ga = -1e-6 * a,
      gb = -1e-6 * b,
      haa = -1e-6,
      hab = 0,
      hbb = -1e-6;
    for (let i = 0; i < n; i++) {
      const s = sigmoid(a * x[i] + b);
      const r = outcome[i] - s,
        w = s * (1 - s);
      ga += r * x[i];
      gb += r;
      haa -= w * x[i] * x[i];
      hab -= w * x[i];
      hbb -= w;
    }
    const det = haa * hbb - hab * hab;
    if (!(Math.abs(det) > 0)) break;
    const da = (hbb * ga - hab * gb) / det,
      db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  return { a, b, forecasts: n, liquidated: positives };
}

export const applyPlatt = (m: PlattModel, p: number): number => sigmoid(m.a * logit(p) + m.b);

export interface DatedForecast {
  /** when the forecast was made and when its outcome window closes (unix seconds) */
  madeAt: number;
  closesAt: number;
  pLiquidation: number;
  /** exact HF at the forecast block below 1: left as predicted */
  liquidatableNow: boolean;
  liquidated: 0 | 1;
}

/**
 * Each forecast's probability after a Platt fit on the forecasts whose window closed by the time
 * it was made (liquidatable-now forecasts excluded from the fit and left unchanged).
 */
export function recalibrateOnline(rows: DatedForecast[]): number[] {
  const fits = new Map<number, PlattModel | null>();
  return rows.map((r) => {
    if (r.liquidatableNow) return r.pLiquidation;
    if (!fits.has(r.madeAt)) {
      const past = rows.filter((x) => !x.liquidatableNow && x.closesAt <= r.madeAt);
      fits.set(
        r.madeAt,
        fitPlatt(
          past.map((x) => x.pLiquidation),
          past.map((x) => x.liquidated),
        ),
      );
    }
    const m = fits.get(r.madeAt)!;
    return m ? applyPlatt(m, r.pLiquidation) : r.pLiquidation;
  });
}
