// The account page's positions table: the subgraph's positions (balances at each market's last
// index update, USD at the last oracle price) joined with the risk engine's view of the account
// (the LT and LTV the protocol applies, liquidation prices). Pure: unit-tested in account.test.ts.
import { fromUnits } from '@/lib/format';
import { num, scaledToTokens } from '@/lib/shape';
import type { AccountView } from '@/lib/data/risk';

export interface PositionEntity {
  id: string;
  scaledATokenBalance: string;
  scaledVariableDebt: string;
  stableDebt: string;
  collateralEnabled: boolean;
  market: {
    id: string;
    symbol: string;
    decimals: number;
    liquidityIndex: string;
    variableBorrowIndex: string;
    ltv: number;
    liquidationThreshold: number;
    liquidationBonus: number;
    underlyingToken: { lastPriceUSD: string };
    eModeCategory: { id: string } | null;
  };
}

/**
 * Open positions (supply or debt) with the terms the protocol applies: `eModeName` names the
 * account's category where it sets LT and LTV; without the engine's view, the reserve's own.
 */
export function accountPositionRows(
  positions: PositionEntity[],
  risk: Pick<AccountView, 'terms' | 'liquidationPrices'> | null,
  eModeName: string,
) {
  const prices = new Map((risk?.liquidationPrices ?? []).map((l) => [l.asset, l]));
  const terms = new Map((risk?.terms ?? []).map((t) => [t.asset, t]));
  return positions
    .map((p) => {
      const m = p.market;
      const price = num(m.underlyingToken.lastPriceUSD);
      const supplied = scaledToTokens(p.scaledATokenBalance, m.liquidityIndex, m.decimals);
      const debt =
        scaledToTokens(p.scaledVariableDebt, m.variableBorrowIndex, m.decimals) +
        fromUnits(p.stableDebt, m.decimals);
      const l = prices.get(m.id);
      const t = terms.get(m.id);
      return {
        id: p.id,
        asset: m.symbol,
        supplied,
        suppliedUSD: supplied * price,
        debt,
        debtUSD: debt * price,
        collateral: p.collateralEnabled && supplied > 0 ? 'yes' : 'no',
        lt: t?.liquidationThreshold ?? m.liquidationThreshold,
        ltv: t?.ltv ?? m.ltv,
        params: t?.eMode ? `e-mode: ${eModeName}` : 'reserve',
        price,
        liqPrice: l?.liquidationPriceUSD ?? null,
        drop: l?.dropPct != null ? l.dropPct / 100 : null,
      };
    })
    .filter((p) => p.supplied > 0 || p.debt > 0);
}
