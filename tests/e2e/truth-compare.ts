// Comparisons of the indexer's GraphQL answers with the devnet's ground-truth dump (devnet/src/
// truth.ts, `npm run devnet:truth`): positions, accounts and market totals. Each returns the list
// of differences (empty when equal) and how much it compared, so a test can say both.
import type { Truth } from '../../devnet/src/core/truth.ts';

export interface IndexedPosition {
  account: { id: string; eModeCategoryId: number };
  market: { symbol: string };
  scaledATokenBalance: string;
  scaledVariableDebt: string;
  stableDebt: string;
  collateralEnabled: boolean;
}

export interface IndexedMarket {
  symbol: string;
  totalSupply: string;
  totalVariableDebt: string;
  totalStableDebt: string;
  scaledATokenSupply: string;
  scaledVariableDebt: string;
  liquidityIndex: string;
  variableBorrowIndex: string;
  lastUpdateTimestamp: string;
}

const key = (account: string, symbol: string) => `${account.toLowerCase()} ${symbol}`;

/**
 * Every non-zero position of the truth against the indexer's, both ways: scaled aToken balance,
 * scaled variable debt, stable debt principal, the collateral flag where there is a supply, and
 * the account's e-mode.
 */
export function comparePositions(
  truth: Truth,
  indexed: IndexedPosition[],
): { diffs: string[]; compared: number } {
  const diffs: string[] = [];
  const ours = new Map<string, IndexedPosition>();
  for (const p of indexed) {
    if (p.scaledATokenBalance === '0' && p.scaledVariableDebt === '0' && p.stableDebt === '0')
      continue;
    ours.set(key(p.account.id, p.market.symbol), p);
  }
  let compared = 0;
  const seen = new Set<string>();
  for (const a of truth.accounts) {
    for (const t of a.positions) {
      const k = key(a.address, t.symbol);
      seen.add(k);
      const p = ours.get(k);
      if (!p) {
        diffs.push(
          `${k}: on chain (aToken ${t.scaledATokenBalance}, debt ${t.scaledVariableDebt}, stable ${t.stableDebtPrincipal}), not indexed`,
        );
        continue;
      }
      compared++;
      const want = [
        t.scaledATokenBalance,
        t.scaledVariableDebt,
        t.stableDebtPrincipal,
        t.scaledATokenBalance === '0' || t.usageAsCollateralEnabled,
        a.eModeCategory,
      ];
      const got = [
        p.scaledATokenBalance,
        p.scaledVariableDebt,
        p.stableDebt,
        t.scaledATokenBalance === '0' || p.collateralEnabled,
        p.account.eModeCategoryId,
      ];
      if (want.some((w, i) => w !== got[i]))
        diffs.push(`${k}: chain ${want.join(' / ')}, indexed ${got.join(' / ')}`);
    }
  }
  for (const k of ours.keys())
    if (!seen.has(k)) diffs.push(`${k}: indexed with a balance, none on chain`);
  return { diffs, compared };
}

/**
 * Market totals against the tokens at the truth's block. The indexed totals are "at the last
 * update" (rayMul(scaled, index) when ReserveDataUpdated last fired), so they equal the tokens'
 * totalSupply() exactly for the reserves updated in this very block; for the others the scaled
 * totals, indexes and update time are compared.
 */
export function compareMarkets(
  truth: Truth,
  markets: IndexedMarket[],
): { diffs: string[]; totalsCompared: number } {
  const diffs: string[] = [];
  let totalsCompared = 0;
  const bySymbol = new Map(markets.map((m) => [m.symbol, m]));
  if (markets.length !== truth.reserves.length)
    diffs.push(`${markets.length} markets indexed, ${truth.reserves.length} reserves on chain`);
  for (const r of truth.reserves) {
    const m = bySymbol.get(r.symbol);
    if (!m) {
      diffs.push(`${r.symbol}: not indexed at block ${truth.block}`);
      continue;
    }
    const same = (what: string, chain: string | number, ours: string) => {
      if (String(chain) !== ours)
        diffs.push(`${r.symbol} ${what} at block ${truth.block}: chain ${chain}, indexed ${ours}`);
    };
    same('scaled aToken supply', r.aTokenScaledTotalSupply, m.scaledATokenSupply);
    same('scaled variable debt', r.variableDebtScaledTotalSupply, m.scaledVariableDebt);
    same('liquidity index', r.liquidityIndex, m.liquidityIndex);
    same('variable borrow index', r.variableBorrowIndex, m.variableBorrowIndex);
    same('last update', r.lastUpdateTimestamp, m.lastUpdateTimestamp);
    if (r.lastUpdateTimestamp === truth.timestamp) {
      totalsCompared++;
      same('aToken totalSupply()', r.aTokenTotalSupply, m.totalSupply);
      same('variable debt totalSupply()', r.variableDebtTotalSupply, m.totalVariableDebt);
      same('stable debt totalSupply()', r.stableDebtTotalSupply, m.totalStableDebt);
    }
  }
  return { diffs, totalsCompared };
}
