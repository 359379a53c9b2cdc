// What brings one account back to a target health factor: the least repayment of each debt it
// holds, or the least supply of each collateral it already uses, computed with the exact math of
// getUserAccountData (engine.evaluate on the account alone, at the book's prices and evaluation
// time). HF only rises as debt falls or collateral grows, so each amount is found by bisection
// over the asset's smallest units: the exact minimum, not a float estimate.
import { evaluate, type PreparedBook } from '@/lib/risk/engine';
import { MAX_UINT256 } from '@/lib/risk/math';

export interface ProtectionStep {
  market: string;
  symbol: string;
  /** underlying units (the asset's decimals) */
  amount: bigint;
  /** amount × price, base currency units */
  valueBase: bigint;
  /** the health factor after this step alone (wad) */
  healthFactorAfter: bigint;
  /** false when even repaying this whole debt does not reach the target (repay only) */
  reachesTarget: boolean;
}

export interface Protection {
  healthFactor: bigint;
  target: bigint;
  /** one per debt asset, the smallest repayment that reaches the target */
  repay: ProtectionStep[];
  /** one per collateral asset in use, the smallest supply that reaches the target */
  supply: ProtectionStep[];
}

/** Account `i` alone, with position `k` changed by `delta` (debt or collateral), evaluated. */
function hfWith(
  pb: PreparedBook,
  i: number,
  prices: bigint[],
  k: number,
  field: 'posDebt' | 'posColl',
  delta: bigint,
): bigint {
  const start = pb.accStart[i];
  const end = pb.accStart[i + 1];
  const slice = <T extends { slice(a: number, b: number): T }>(x: T) => x.slice(start, end);
  const view: PreparedBook = {
    ...pb,
    book: { ...pb.book, accounts: [pb.book.accounts[i]] },
    accStart: Int32Array.of(0, end - start),
    posMarket: slice(pb.posMarket),
    posPriceKey: slice(pb.posPriceKey),
    posLt: slice(pb.posLt),
    posLtv: slice(pb.posLtv),
    posLtBig: slice(pb.posLtBig),
    posLtvBig: slice(pb.posLtvBig),
    posColl: slice(pb.posColl),
    posDebt: slice(pb.posDebt),
  };
  if (delta !== 0n) view[field][k - start] += delta;
  return evaluate(view, prices).healthFactor[0];
}

/** Least x in [lo, hi] with ok(x), given ok(hi); bisection over integers. */
function least(lo: bigint, hi: bigint, ok: (x: bigint) => boolean): bigint {
  while (lo < hi) {
    const mid = (lo + hi) / 2n;
    if (ok(mid)) hi = mid;
    else lo = mid + 1n;
  }
  return hi;
}

/**
 * The repayments and supplies that each bring account `i` to `targetWad` (one asset at a time).
 * Empty lists when the account already meets the target or has no debt.
 */
export function toTargetHealthFactor(
  pb: PreparedBook,
  i: number,
  targetWad: bigint,
  prices: bigint[] = pb.basePrices,
): Protection {
  const hf = hfWith(pb, i, prices, pb.accStart[i], 'posDebt', 0n);
  const out: Protection = { healthFactor: hf, target: targetWad, repay: [], supply: [] };
  if (hf >= targetWad || hf === MAX_UINT256) return out;
  for (let k = pb.accStart[i]; k < pb.accStart[i + 1]; k++) {
    const m = pb.book.markets[pb.posMarket[k]];
    const price = prices[pb.posPriceKey[k]];
    const unit = pb.units[pb.posMarket[k]];
    const step = (amount: bigint, after: bigint, reaches: boolean): ProtectionStep => ({
      market: m.id,
      symbol: m.symbol,
      amount,
      valueBase: (amount * price) / unit,
      healthFactorAfter: after,
      reachesTarget: reaches,
    });
    const debt = pb.posDebt[k];
    if (debt > 0n) {
      const all = hfWith(pb, i, prices, k, 'posDebt', -debt);
      if (all < targetWad) out.repay.push(step(debt, all, false));
      else {
        const x = least(1n, debt, (x) => hfWith(pb, i, prices, k, 'posDebt', -x) >= targetWad);
        out.repay.push(step(x, hfWith(pb, i, prices, k, 'posDebt', -x), true));
      }
    }
    if (pb.posColl[k] > 0n && pb.posLt[k] > 0) {
      const ok = (y: bigint) => hfWith(pb, i, prices, k, 'posColl', y) >= targetWad;
      let hi = pb.posColl[k]; // doubling from the balance held
      while (!ok(hi)) hi *= 2n;
      const y = least(1n, hi, ok);
      out.supply.push(step(y, hfWith(pb, i, prices, k, 'posColl', y), true));
    }
  }
  return out;
}
