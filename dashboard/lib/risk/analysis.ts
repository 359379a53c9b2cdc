// Analytics over a prepared book: per-account floating-point aggregates (for curves, VaR and
// concentration), shock curves, exact shock scenarios, liquidation prices, HF distribution.
import type { PreparedBook, AccountResults } from '@/lib/risk/engine';
import { evaluate, shockedPrices, HF_ONE, hfToNumber } from '@/lib/risk/engine';
import { MAX_UINT256 } from '@/lib/risk/math';
import { addLiquidation, emptyTotals, type Totals } from '@/lib/risk/liquidation';
import { assetClassOf, type AssetClass } from '@/lib/risk/classes';
import { borrowerStatus } from '@/lib/risk/status';

/** Float base values per position at the book's prices (exact integer values, then Number). */
export interface FloatBook {
  posCollF: Float64Array;
  posDebtF: Float64Array;
  posIdleF: Float64Array;
  /** Σ bps-weights per position, precomputed: lt·C, bonus·C, fee·(bonus part of C) */
  posLtW: Float64Array;
  posBonusW: Float64Array;
  posFeeW: Float64Array;
  /** $2,000 in base units (3.3+ small-position rule) */
  smallThreshold: number;
}

/** `posBase`: per-position base values from evaluate(pb, basePrices, out) to skip recomputing them */
export function floatBook(
  pb: PreparedBook,
  posBase?: { coll: Float64Array; debt: Float64Array },
): FloatBook {
  const n = pb.posMarket.length;
  const posCollF = posBase?.coll ?? new Float64Array(n),
    posDebtF = posBase?.debt ?? new Float64Array(n),
    posIdleF = new Float64Array(n);
  const posLtW = new Float64Array(n),
    posBonusW = new Float64Array(n),
    posFeeW = new Float64Array(n);
  const markets = pb.book.markets;
  for (let k = 0; k < n; k++) {
    const price = pb.basePrices[pb.posPriceKey[k]];
    const unit = pb.units[pb.posMarket[k]];
    if (!posBase) {
      posCollF[k] = pb.posColl[k] === 0n ? 0 : Number((pb.posColl[k] * price) / unit);
      posDebtF[k] = pb.posDebt[k] === 0n ? 0 : Number((pb.posDebt[k] * price) / unit);
    }
    const c = posCollF[k];
    posIdleF[k] = pb.posIdleSupply[k] === 0n ? 0 : Number((pb.posIdleSupply[k] * price) / unit);
    posLtW[k] = c * pb.posLt[k];
    const bonus = pb.posBonus[k];
    posBonusW[k] = c * bonus;
    // protocol fee = share (bps) of the bonus part of the seized collateral; weight by C here
    posFeeW[k] = c * markets[pb.posMarket[k]].liquidationProtocolFee;
  }
  const smallThreshold = 2000 * Number(pb.book.baseCurrencyUnit);
  return { posCollF, posDebtF, posIdleF, posLtW, posBonusW, posFeeW, smallThreshold };
}

/**
 * Liquidation outcomes when price keys move by factors `factor[key]` (1 = unchanged), float path.
 * Only accounts with debt are considered.
 */
export function scenarioTotals(pb: PreparedBook, fb: FloatBook, factor: Float64Array): Totals {
  const t = emptyTotals();
  const { accStart, posPriceKey } = pb;
  const { posCollF, posDebtF, posLtW, posBonusW, posFeeW, smallThreshold } = fb;
  const small = !!pb.book.smallPositionRules;
  const n = pb.book.accounts.length;
  for (let i = 0; i < n; i++) {
    let C = 0,
      D = 0,
      W = 0,
      B = 0,
      F = 0;
    for (let k = accStart[i], e = accStart[i + 1]; k < e; k++) {
      const f = factor[posPriceKey[k]];
      D += posDebtF[k] * f;
      const c = posCollF[k];
      if (c !== 0) {
        C += c * f;
        W += posLtW[k] * f;
        B += posBonusW[k] * f;
        F += posFeeW[k] * f;
      }
    }
    if (D <= 0) continue;
    const hf = W / 10000 / D;
    if (hf < 1)
      addLiquidation(t, C, D, hf, B, F, small && (C < smallThreshold || D < smallThreshold));
  }
  return t;
}

export interface CurvePoint extends Totals {
  dropPct: number;
  /** collateral of the liquidatable accounts valued at today's prices (`collateralAtRisk` is at the shocked ones) */
  collateralAtRiskToday: number;
}

/**
 * Collateral at risk vs price drop for one set of price keys: the same drop applied to all of
 * them, for each drop in `dropsPct`. Accounts are split once into shocked/unshocked parts so each
 * drop level costs O(accounts touched).
 */
export function shockCurve(
  pb: PreparedBook,
  fb: FloatBook,
  keys: Set<number>,
  dropsPct: number[],
): CurvePoint[] {
  const { accStart, posPriceKey } = pb;
  const { posCollF, posDebtF, posLtW, posBonusW, posFeeW, smallThreshold } = fb;
  const small = !!pb.book.smallPositionRules;
  // per account with debt: [Cu, Cs, Du, Ds, Wu, Ws, Bu, Bs, Fu, Fs] (u = unshocked, s = shocked part)
  const inSet = new Uint8Array(pb.basePrices.length);
  for (const k of keys) inSet[k] = 1;
  const n = pb.book.accounts.length;
  const parts = new Float64Array(n * 10);
  let len = 0;
  for (let i = 0; i < n; i++) {
    let Cu = 0,
      Cs = 0,
      Du = 0,
      Ds = 0,
      Wu = 0,
      Ws = 0,
      Bu = 0,
      Bs = 0,
      Fu = 0,
      Fs = 0;
    for (let k = accStart[i], e = accStart[i + 1]; k < e; k++) {
      if (inSet[posPriceKey[k]] === 1) {
        Cs += posCollF[k];
        Ds += posDebtF[k];
        Ws += posLtW[k];
        Bs += posBonusW[k];
        Fs += posFeeW[k];
      } else {
        Cu += posCollF[k];
        Du += posDebtF[k];
        Wu += posLtW[k];
        Bu += posBonusW[k];
        Fu += posFeeW[k];
      }
    }
    if (Du + Ds <= 0) continue;
    parts[len] = Cu;
    parts[len + 1] = Cs;
    parts[len + 2] = Du;
    parts[len + 3] = Ds;
    parts[len + 4] = Wu;
    parts[len + 5] = Ws;
    parts[len + 6] = Bu;
    parts[len + 7] = Bs;
    parts[len + 8] = Fu;
    parts[len + 9] = Fs;
    len += 10;
  }
  return dropsPct.map((dropPct) => {
    const f = 1 - dropPct / 100;
    const t = emptyTotals();
    let collateralAtRiskToday = 0;
    for (let j = 0; j < len; j += 10) {
      const D = parts[j + 2] + parts[j + 3] * f;
      if (D <= 0) continue;
      const hf = (parts[j + 4] + parts[j + 5] * f) / 10000 / D;
      if (hf >= 1) continue;
      const C = parts[j] + parts[j + 1] * f;
      collateralAtRiskToday += parts[j] + parts[j + 1];
      addLiquidation(
        t,
        C,
        D,
        hf,
        parts[j + 6] + parts[j + 7] * f,
        parts[j + 8] + parts[j + 9] * f,
        small && (C < smallThreshold || D < smallThreshold),
      );
    }
    return { dropPct, ...t, collateralAtRiskToday };
  });
}

/** Price keys of one market (its own key plus e-mode sources resolved to it are the same key). */
export function keysForMarkets(pb: PreparedBook, marketIdx: number[]): Set<number> {
  return new Set(marketIdx);
}

export function marketsOfClass(pb: PreparedBook, cls: AssetClass): number[] {
  const out: number[] = [];
  pb.book.markets.forEach((m, i) => {
    if (assetClassOf(pb.book.network, m) === cls) out.push(i);
  });
  return out;
}

export interface ExactScenario {
  prices: bigint[];
  results: AccountResults;
  /** indexes of accounts with status `liquidatable` after the shock (HF < 1, collateral left) */
  liquidatable: number[];
  /** indexes of accounts with status `insolvent` after the shock (debt, no collateral left) */
  insolvent: number[];
  totals: Totals;
}

/** Exact multi-asset scenario: drops (bps) per price key, integer re-pricing, exact HF. */
export function exactScenario(
  pb: PreparedBook,
  fb: FloatBook,
  dropBpsByKey: Map<number, number>,
): ExactScenario {
  const prices = shockedPrices(pb, dropBpsByKey);
  const results = evaluate(pb, prices);
  const factor = new Float64Array(pb.basePrices.length);
  for (let key = 0; key < factor.length; key++)
    factor[key] = 1 - (dropBpsByKey.get(key) ?? 0) / 10000;
  const liquidatable: number[] = [];
  const insolvent: number[] = [];
  const t = emptyTotals();
  const small = !!pb.book.smallPositionRules;
  for (let i = 0; i < results.healthFactor.length; i++) {
    const hf = results.healthFactor[i];
    if (hf >= HF_ONE) continue;
    const status = borrowerStatus(
      hf,
      results.totalCollateralBase[i],
      results.totalDebtBase[i],
      HF_ONE,
    );
    (status === 'insolvent' ? insolvent : liquidatable).push(i);
    let B = 0,
      F = 0;
    for (let k = pb.accStart[i], e = pb.accStart[i + 1]; k < e; k++) {
      const f = factor[pb.posPriceKey[k]];
      B += fb.posBonusW[k] * f;
      F += fb.posFeeW[k] * f;
    }
    const C = Number(results.totalCollateralBase[i]),
      D = Number(results.totalDebtBase[i]);
    addLiquidation(
      t,
      C,
      D,
      hfToNumber(hf),
      B,
      F,
      small && (C < fb.smallThreshold || D < fb.smallThreshold),
    );
  }
  return { prices, results, liquidatable, insolvent, totals: t };
}

export interface LiquidationPrice {
  asset: string;
  symbol: string;
  /** current (effective) price, base units */
  priceBase: string;
  /** price at which HF reaches 1 with everything else fixed; null if a fall of this asset alone cannot liquidate */
  liquidationPriceBase: string | null;
  /** % drop from the current price to the liquidation price (negative: already liquidatable) */
  dropPct: number | null;
}

/**
 * pₖ* = pₖ·(D − Dₖ − (W − LTₖCₖ)) / (LTₖCₖ − Dₖ): HF = 1 when only asset k's price moves,
 * counting debt in the same asset (it moves with the price too).
 */
export function liquidationPrices(pb: PreparedBook, fb: FloatBook, i: number): LiquidationPrice[] {
  const { accStart, posPriceKey } = pb;
  let W = 0,
    D = 0;
  const byKey = new Map<number, { c: number; w: number; d: number; market: number }>();
  for (let k = accStart[i], e = accStart[i + 1]; k < e; k++) {
    W += fb.posLtW[k] / 10000;
    D += fb.posDebtF[k];
    const key = posPriceKey[k];
    const g = byKey.get(key) ?? { c: 0, w: 0, d: 0, market: pb.posMarket[k] };
    g.c += fb.posCollF[k];
    g.w += fb.posLtW[k] / 10000;
    g.d += fb.posDebtF[k];
    byKey.set(key, g);
  }
  const out: LiquidationPrice[] = [];
  for (const [key, g] of byKey) {
    if (g.c <= 0) continue;
    const m = pb.book.markets[g.market];
    const p = Number(pb.basePrices[key]);
    const denom = g.w - g.d;
    const x = denom > 0 && D > 0 ? (D - g.d - (W - g.w)) / denom : NaN;
    const ok = Number.isFinite(x) && x > 0;
    out.push({
      asset: m.id,
      symbol: m.symbol,
      priceBase: pb.basePrices[key].toString(),
      liquidationPriceBase: ok ? BigInt(Math.floor(p * x)).toString() : null,
      dropPct: ok ? Math.round((1 - x) * 1e6) / 1e4 : null,
    });
  }
  return out;
}

export const HF_BUCKETS: Array<[number, number]> = [
  [0, 1],
  [1, 1.05],
  [1.05, 1.1],
  [1.1, 1.25],
  [1.25, 1.5],
  [1.5, 2],
  [2, 3],
  [3, 5],
  [5, Infinity],
];

export interface Bucket {
  from: number;
  to: number | null;
  accounts: number;
  debtBase: string;
  collateralBase: string;
}

/** HF histogram over accounts with debt: counts and debt (base) per bucket. */
export function hfDistribution(results: AccountResults): Bucket[] {
  const counts = HF_BUCKETS.map(() => 0);
  const debt = HF_BUCKETS.map(() => 0n);
  const coll = HF_BUCKETS.map(() => 0n);
  for (let i = 0; i < results.healthFactor.length; i++) {
    if (results.totalDebtBase[i] === 0n) continue;
    const hf = hfToNumber(results.healthFactor[i]);
    let b = HF_BUCKETS.findIndex(([lo, hi]) => hf >= lo && hf < hi);
    if (b < 0) b = HF_BUCKETS.length - 1;
    counts[b]++;
    debt[b] += results.totalDebtBase[i];
    coll[b] += results.totalCollateralBase[i];
  }
  return HF_BUCKETS.map(([from, to], b) => ({
    from,
    to: Number.isFinite(to) ? to : null,
    accounts: counts[b],
    debtBase: debt[b].toString(),
    collateralBase: coll[b].toString(),
  }));
}

export { MAX_UINT256 };
