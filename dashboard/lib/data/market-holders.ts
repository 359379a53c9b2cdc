// The market page's holder tables and liquidation-level curve: suppliers and borrowers with
// balances now (scaled amount × index, in whole tokens), USD at the last oracle price and their
// share of the market, and the collateral liquidatable as this asset alone falls. Pure: tested in
// market-holders.test.ts.
import { fromUnits } from '@/lib/format';
import { num, scaledToTokens } from '@/lib/shape';

export interface HolderMarket {
  decimals: number;
  liquidityIndex: string;
  variableBorrowIndex: string;
  totalSupply: string;
  totalVariableDebt: string;
  totalStableDebt: string;
  underlyingToken: { lastPriceUSD: string };
}
export interface SupplierEntity {
  id: string;
  account: { id: string };
  scaledATokenBalance: string;
  collateralEnabled: boolean;
}
export interface BorrowerEntity {
  id: string;
  account: { id: string };
  scaledVariableDebt: string;
  stableDebt: string;
}

export function marketHolders(
  m: HolderMarket,
  suppliers: SupplierEntity[],
  borrowers: BorrowerEntity[],
) {
  const price = num(m.underlyingToken.lastPriceUSD);
  const supplied = fromUnits(m.totalSupply, m.decimals);
  // shares of all debt: variable and stable, as each borrower's amount counts both
  const borrowed =
    fromUnits(m.totalVariableDebt, m.decimals) + fromUnits(m.totalStableDebt, m.decimals);
  return {
    suppliers: suppliers.map((p) => {
      const amount = scaledToTokens(p.scaledATokenBalance, m.liquidityIndex, m.decimals);
      return {
        id: p.id,
        account: p.account.id,
        amount,
        usd: amount * price,
        share: supplied ? amount / supplied : 0,
        collateral: p.collateralEnabled ? 'yes' : 'no',
      };
    }),
    borrowers: borrowers.map((p) => {
      const amount =
        scaledToTokens(p.scaledVariableDebt, m.variableBorrowIndex, m.decimals) +
        fromUnits(p.stableDebt, m.decimals);
      return {
        id: p.id,
        account: p.account.id,
        amount,
        usd: amount * price,
        share: borrowed ? amount / borrowed : 0,
      };
    }),
  };
}

export const LEVEL_DROPS = [0, 5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 80];

/** Collateral (USD) of the accounts liquidatable once the asset has fallen by each drop (%). */
export function liquidationLevelCurve(
  levels: Array<{ dropPct: number; collateralUSD: number }>,
  drops = LEVEL_DROPS,
): number[] {
  return drops.map((drop) =>
    levels.filter((l) => l.dropPct <= drop).reduce((s, l) => s + l.collateralUSD, 0),
  );
}
