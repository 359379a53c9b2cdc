// The Monte Carlo loop: for each simulated path, the price factor of every exposure type at every
// hourly step, then each borrower's first step with HF < 1 (liquidators act at the first hour an
// account is liquidatable, at oracle prices) and what a liquidation then repays and leaves
// uncovered. A borrower is followed to its first liquidation only: what a partly liquidated
// account does afterwards is not modelled. Per group a lower bound of HF along the path
// (HF today × lowest collateral factor / highest debt factor) rules out most borrowers without
// evaluating them: only the members whose HF today lies under the bound's threshold are stepped.
// Tracked borrowers (the account page's fan chart) have their HF recorded at every step.
// With a `dex` liquidator (dex-liquidation.ts) a borrower under HF 1 is liquidated only when the
// sale of its collateral through the pools pays: until then it stays, is tried again at each
// hour it is under 1, and may end the horizon under water.
import type { Exposures } from '@/lib/predict/exposures';
import type { DexLiquidator } from '@/lib/predict/dex-liquidation';
import { simulatePath, type FilteredHistory } from '@/lib/predict/filtered-history';
import { seededRandom } from '@/lib/risk/random';

export interface MonteCarloInput {
  exposures: Exposures;
  history: FilteredHistory;
  /** interest growth of collateral / debt per market since the book's block: [h * markets + m] */
  collateralGrowth: Float64Array;
  debtGrowth: Float64Array;
  steps: number;
  paths: number;
  seed: number;
  /** Aave 3.3+: 100% close factor when collateral or debt is under this (base units); 0 = off */
  smallPositionBase: number;
  /** borrowers (exposure indices) whose HF is recorded at every step of every path */
  track?: Int32Array;
  /** liquidations priced through the DEX pools; absent: at oracle prices, as many as wanted */
  dex?: DexLiquidator;
}

export interface MonteCarloResult {
  /** per borrower (exposure index): paths with a liquidation, Σ first-liquidation hour, Σ repaid */
  hits: Int32Array;
  sumHours: Float64Array;
  sumRepaid: Float64Array;
  /** per path: debt repaid by the first liquidations, and collateral shortfall left at them */
  pathRepaid: Float64Array;
  pathBadDebt: Float64Array;
  /** borrower-path pairs stepped through (the rest were ruled out by the group bound) */
  stepped: number;
  /**
   * per tracked borrower, HF at [p * (steps + 1) + h] with the book held still (nobody repays,
   * supplies or liquidates): where the prices alone take it
   */
  trackedHf: Float64Array[];
  /** dex mode, per borrower, summed over paths: hours under HF 1 with no profitable sale */
  unprofitableHours: Float64Array;
  /** dex mode, per borrower: paths that end under HF 1 unliquidated, and Σ their debt then */
  unliquidated: Int32Array;
  sumUnliquidated: Float64Array;
  /** dex mode, per path: debt of the borrowers ending under HF 1 unliquidated; unprofitable hours */
  pathUnliquidated: Float64Array;
  pathUnprofitableHours: Float64Array;
}

const CLOSE_FACTOR_HF = 0.95;

export function runMonteCarlo(input: MonteCarloInput): MonteCarloResult {
  const { exposures: x, history, collateralGrowth, debtGrowth, steps, paths } = input;
  const markets = history.markets;
  const types = x.typeKey.length;
  const borrowers = x.account.length;
  const hits = new Int32Array(borrowers);
  const sumHours = new Float64Array(borrowers);
  const sumRepaid = new Float64Array(borrowers);
  const pathRepaid = new Float64Array(paths);
  const pathBadDebt = new Float64Array(paths);
  const factorC = new Float64Array((steps + 1) * types);
  const factorD = new Float64Array((steps + 1) * types);
  const logPrice = new Float64Array((steps + 1) * markets);
  const variance = new Float64Array(markets);
  const lowC = new Float64Array(types);
  const highD = new Float64Array(types);
  const random = seededRandom(input.seed);
  const small = input.smallPositionBase;
  const track = input.track ?? new Int32Array(0);
  const trackedHf = Array.from(track, () => new Float64Array(paths * (steps + 1)));
  const dex = input.dex;
  const unprofitableHours = new Float64Array(dex ? borrowers : 0);
  const unliquidated = new Int32Array(dex ? borrowers : 0);
  const sumUnliquidated = new Float64Array(dex ? borrowers : 0);
  const pathUnliquidated = new Float64Array(dex ? paths : 0);
  const pathUnprofitableHours = new Float64Array(dex ? paths : 0);
  /** dex mode: borrowers liquidatable today that no sale paid for at hour 0, and their shortfall */
  const pendingNow = new Uint8Array(dex ? borrowers : 0);
  const shortfallNow = new Float64Array(dex ? borrowers : 0);

  /** borrower j's LT-weighted collateral and debt with the factors at row `at`, into `wd` */
  const wd = [0, 0];
  const valueAt = (j: number, at: number) => {
    let w = 0,
      d = 0;
    for (let e = x.entryStart[j]; e < x.entryStart[j + 1]; e++) {
      w += x.weighted[e] * factorC[at + x.entryType[e]];
      d += x.debt[e] * factorD[at + x.entryType[e]];
    }
    wd[0] = w;
    wd[1] = d;
  };

  /** liquidation of borrower j with factors at row `at`: [repaid, bad debt] into `out` */
  const out = [0, 0];
  const liquidate = (j: number, at: number, weighted: number, debtValue: number) => {
    let c = 0,
      b = 0;
    for (let e = x.entryStart[j]; e < x.entryStart[j + 1]; e++) {
      const f = factorC[at + x.entryType[e]];
      c += x.collateral[e] * f;
      b += x.bonusWeighted[e] * f;
    }
    const full =
      weighted / debtValue < CLOSE_FACTOR_HF || (small > 0 && (c < small || debtValue < small));
    const bonus = c > 0 ? b / c / 10000 : 1;
    out[0] = Math.min((full ? 1 : 0.5) * debtValue, c / bonus);
    out[1] = debtValue > c ? debtValue - c : 0;
  };

  /** collateral value of borrower j at row `at` (no LT) */
  const collateralAt = (j: number, at: number) => {
    let c = 0;
    for (let e = x.entryStart[j]; e < x.entryStart[j + 1]; e++)
      c += x.collateral[e] * factorC[at + x.entryType[e]];
    return c;
  };
  /** a borrower liquidatable today brings its shortfall along: only the growth of it is new */
  const newBad = (j: number, shortfall: number) =>
    x.liquidatableNow[j] ? Math.max(0, shortfall - shortfallNow[j]) : shortfall;
  const sums = { repaid: 0, badDebt: 0, unliquidated: 0, unprofitable: 0 };
  /**
   * dex mode: borrower j from hour `from` on: tried at every hour it is under HF 1 until a sale
   * pays; one still under at the end is left unliquidated with its shortfall as new bad debt
   */
  const dexStep = (liquidator: DexLiquidator, j: number, from: number) => {
    for (let h = from; h <= steps; h++) {
      valueAt(j, h * types);
      if (!(wd[0] < wd[1])) continue;
      const o = liquidator.attempt(j, h, logPrice);
      if (o.kind === 'liquidated') {
        hits[j]++;
        sumHours[j] += h;
        sumRepaid[j] += o.repaid;
        sums.repaid += o.repaid;
        sums.badDebt += newBad(j, o.badDebt);
        return;
      }
      if (o.kind === 'unprofitable') {
        unprofitableHours[j]++;
        sums.unprofitable++;
      }
    }
    const at = steps * types;
    valueAt(j, at);
    if (!(wd[0] < wd[1])) return;
    unliquidated[j]++;
    sumUnliquidated[j] += wd[1];
    sums.unliquidated += wd[1];
    sums.badDebt += newBad(j, Math.max(0, wd[1] - collateralAt(j, at)));
  };

  // borrowers liquidatable today are liquidated at hour 0 on every path, at today's values (in
  // dex mode only if a sale pays today; if not they are stepped on each path from hour 1)
  factorC.fill(1, 0, types);
  factorD.fill(1, 0, types);
  let repaidNow = 0,
    unprofitableNow = 0;
  for (let j = 0; j < borrowers; j++) {
    if (!x.liquidatableNow[j]) continue;
    let w = 0,
      d = 0;
    for (let e = x.entryStart[j]; e < x.entryStart[j + 1]; e++) {
      w += x.weighted[e];
      d += x.debt[e];
    }
    if (dex) {
      shortfallNow[j] = Math.max(0, d - collateralAt(j, 0));
      const o = dex.attempt(j, 0, logPrice);
      if (o.kind !== 'liquidated') {
        pendingNow[j] = 1;
        if (o.kind === 'unprofitable') {
          unprofitableHours[j] += paths;
          unprofitableNow++;
        }
        continue;
      }
      out[0] = o.repaid;
    } else liquidate(j, 0, w, d);
    hits[j] = paths;
    sumRepaid[j] = out[0] * paths;
    repaidNow += out[0];
  }

  let stepped = 0;
  for (let p = 0; p < paths; p++) {
    simulatePath(history, steps, random, variance, logPrice);
    lowC.fill(Infinity);
    highD.fill(0);
    for (let h = 1; h <= steps; h++) {
      for (let u = 0; u < types; u++) {
        const key = x.typeKey[u],
          m = x.typeMarket[u];
        const price = key < markets ? Math.exp(logPrice[h * markets + key]) : 1;
        const c = (factorC[h * types + u] = price * collateralGrowth[h * markets + m]);
        const d = (factorD[h * types + u] = price * debtGrowth[h * markets + m]);
        if (c < lowC[u]) lowC[u] = c;
        if (d > highD[u]) highD[u] = d;
      }
    }
    track.forEach((j, t) => {
      const row = trackedHf[t];
      for (let h = 0; h <= steps; h++) {
        valueAt(j, h * types);
        row[p * (steps + 1) + h] = wd[0] / wd[1];
      }
    });
    let repaid = repaidNow,
      badDebt = 0;
    sums.repaid = sums.badDebt = sums.unliquidated = 0;
    sums.unprofitable = unprofitableNow;
    for (const g of x.groups) {
      // HF(h) ≥ HF today × lowest collateral factor / highest debt factor over the whole path
      let lo = Infinity,
        hi = 0;
      for (const u of g.collateralTypes) if (lowC[u] < lo) lo = lowC[u];
      for (const u of g.debtTypes) if (highD[u] > hi) hi = highD[u];
      const worst = lo / hi;
      const threshold = 1 / worst;
      const members = g.members;
      for (let k = 0; k < members.length; k++) {
        const j = members[k];
        if (!(x.hf[j] < threshold)) break;
        if (dex) {
          if (x.liquidatableNow[j] && !pendingNow[j]) continue;
          stepped++;
          dexStep(dex, j, 1);
          continue;
        }
        if (x.liquidatableNow[j]) continue;
        stepped++;
        for (let h = 1; h <= steps; h++) {
          const at = h * types;
          valueAt(j, at);
          if (wd[0] < wd[1]) {
            liquidate(j, at, wd[0], wd[1]);
            hits[j]++;
            sumHours[j] += h;
            sumRepaid[j] += out[0];
            repaid += out[0];
            badDebt += out[1];
            break;
          }
        }
      }
    }
    pathRepaid[p] = repaid + sums.repaid;
    pathBadDebt[p] = badDebt + sums.badDebt;
    if (dex) {
      pathUnliquidated[p] = sums.unliquidated;
      pathUnprofitableHours[p] = sums.unprofitable;
    }
  }
  return {
    hits,
    sumHours,
    sumRepaid,
    pathRepaid,
    pathBadDebt,
    stepped,
    trackedHf,
    unprofitableHours,
    unliquidated,
    sumUnliquidated,
    pathUnliquidated,
    pathUnprofitableHours,
  };
}
