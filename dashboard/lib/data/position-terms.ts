// The liquidation threshold and LTV the protocol applies to each position of one account: the
// e-mode category's where the asset is in the account's category, else the reserve's (the
// engine's effective parameters, GenericLogic.calculateUserAccountData). The account page shows
// these, so its health factor can be reproduced from its own table: the collateral-weighted
// average of the LTs shown is getUserAccountData's currentLiquidationThreshold.
import { inEMode, type PreparedBook } from '@/lib/risk/engine';

export interface PositionTerms {
  /** underlying asset address */
  asset: string;
  symbol: string;
  /** collateral counted for the HF, base currency units (0 when not collateral) */
  collateralBase: bigint;
  /** bps, as applied to this account */
  liquidationThreshold: number;
  ltv: number;
  /** the account's e-mode category sets these (else the reserve's own) */
  eMode: boolean;
}

/** Terms per position of account `i` at the book's prices. */
export function positionTerms(pb: PreparedBook, i: number): PositionTerms[] {
  const { book } = pb;
  const category = book.accounts[i].eModeCategoryId;
  const out: PositionTerms[] = [];
  for (let k = pb.accStart[i]; k < pb.accStart[i + 1]; k++) {
    const m = book.markets[pb.posMarket[k]];
    const collateralBase =
      (pb.posColl[k] * pb.basePrices[pb.posPriceKey[k]]) / pb.units[pb.posMarket[k]];
    out.push({
      asset: m.id,
      symbol: m.symbol,
      collateralBase,
      liquidationThreshold: pb.posLt[k],
      ltv: pb.posLtv[k],
      eMode: category !== 0 && book.eModeCategories.has(category) && inEMode(book, m, category),
    });
  }
  return out;
}

/** Σ collateral·bps / Σ collateral in integers, as GenericLogic averages LT and LTV (0 without collateral). */
export function weightedBps(terms: PositionTerms[], field: 'liquidationThreshold' | 'ltv'): bigint {
  let total = 0n,
    weighted = 0n;
  for (const t of terms) {
    total += t.collateralBase;
    weighted += t.collateralBase * BigInt(t[field]);
  }
  return total === 0n ? 0n : weighted / total;
}
