// Borrower views at one block: one row per account with debt (exact integers and its status,
// lowest health factor first) and the counts per status. Shared by the pages (data/risk.ts), the
// JSON API (api/risk.ts) and the alerts (alerts/snapshot.ts), so all three count the same
// accounts. Pure over the engine's results; `borrowersOf` memoizes them on the block's context.
import type { AccountResults } from '@/lib/risk/engine';
import type { RiskContext } from '@/lib/risk/service';
import {
  BORROWER_STATUSES,
  borrowerStatus,
  hfThresholdWad,
  type BorrowerStatus,
} from '@/lib/risk/status';
import type { Book } from '@/lib/risk/types';

export interface BorrowerRow {
  /** index into book.accounts / the engine's results */
  index: number;
  /** lowercase address */
  account: string;
  status: BorrowerStatus;
  /** wad */
  healthFactor: bigint;
  /** base currency units */
  collateralBase: bigint;
  debtBase: bigint;
  eModeCategoryId: number;
}

export interface StatusCount {
  accounts: number;
  /** base currency units */
  debtBase: bigint;
  collateralBase: bigint;
}

export interface BorrowerSummary {
  /** health factor below which a borrower is at risk */
  threshold: number;
  borrowers: number;
  /** disjoint: every borrower is in exactly one status */
  byStatus: Record<BorrowerStatus, StatusCount>;
  /** debt not covered by collateral: Σ max(0, debt − collateral), base units */
  badDebtBase: bigint;
}

/** Accounts with debt, lowest health factor first (ties by address). */
export function borrowerRows(
  book: Book,
  results: AccountResults,
  threshold: number,
): BorrowerRow[] {
  const atRiskWad = hfThresholdWad(threshold);
  const rows: BorrowerRow[] = [];
  for (let i = 0; i < book.accounts.length; i++) {
    const debtBase = results.totalDebtBase[i];
    const collateralBase = results.totalCollateralBase[i];
    const healthFactor = results.healthFactor[i];
    const status = borrowerStatus(healthFactor, collateralBase, debtBase, atRiskWad);
    if (status === null) continue;
    const account = book.accounts[i];
    rows.push({
      index: i,
      account: account.id,
      status,
      healthFactor,
      collateralBase,
      debtBase,
      eModeCategoryId: account.eModeCategoryId,
    });
  }
  return rows.sort((a, b) =>
    a.healthFactor < b.healthFactor
      ? -1
      : a.healthFactor > b.healthFactor
        ? 1
        : a.account < b.account
          ? -1
          : 1,
  );
}

/** Counts, debt and collateral per status, and the bad debt, over borrower rows. */
export function borrowerSummary(rows: BorrowerRow[], threshold: number): BorrowerSummary {
  const byStatus = Object.fromEntries(
    BORROWER_STATUSES.map((s) => [s, { accounts: 0, debtBase: 0n, collateralBase: 0n }]),
  ) as Record<BorrowerStatus, StatusCount>;
  let badDebtBase = 0n;
  for (const r of rows) {
    const c = byStatus[r.status];
    c.accounts++;
    c.debtBase += r.debtBase;
    c.collateralBase += r.collateralBase;
    if (r.debtBase > r.collateralBase) badDebtBase += r.debtBase - r.collateralBase;
  }
  return { threshold, borrowers: rows.length, byStatus, badDebtBase };
}

/** Borrower rows of a block's context, computed once per threshold. */
export function borrowersOf(ctx: RiskContext, threshold: number): BorrowerRow[] {
  return ctx.get(`borrowers|${threshold}`, () => borrowerRows(ctx.book, ctx.results, threshold));
}

/** Borrower summary of a block's context, computed once per threshold. */
export function borrowerSummaryOf(ctx: RiskContext, threshold: number): BorrowerSummary {
  return ctx.get(`borrower-summary|${threshold}`, () =>
    borrowerSummary(borrowersOf(ctx, threshold), threshold),
  );
}
