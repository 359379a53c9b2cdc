// The one status of a borrower, from the exact integers of getUserAccountData (health factor in
// wad, collateral and debt in base currency). Every page, JSON route and alert classifies
// borrowers here, so no two of them can disagree about who is liquidatable:
//   insolvent     debt and no collateral a liquidator could seize (HF 0): bad debt, not a
//                 liquidation opportunity (LiquidationLogic has nothing to transfer)
//   liquidatable  HF < 1 with seizable collateral
//   at-risk       1 ≤ HF < the configured threshold (AT_RISK_HF, 1.1 by default)
//   healthy       HF ≥ the threshold
// Accounts without debt are not borrowers and have no status.
import { WAD } from '@/lib/risk/math';

export type BorrowerStatus = 'healthy' | 'at-risk' | 'liquidatable' | 'insolvent';

/** Every status, worst first (display and count order). */
export const BORROWER_STATUSES: readonly BorrowerStatus[] = [
  'insolvent',
  'liquidatable',
  'at-risk',
  'healthy',
];

/** A health-factor threshold (e.g. 1.1) as a wad integer, exact to 1e-9. */
export function hfThresholdWad(threshold: number): bigint {
  if (!Number.isFinite(threshold)) return threshold > 0 ? 1n << 256n : 0n;
  return BigInt(Math.round(threshold * 1e9)) * 10n ** 9n;
}

/** Status of an account with debt (null without debt). `atRiskWad` from hfThresholdWad(). */
export function borrowerStatus(
  healthFactor: bigint,
  collateralBase: bigint,
  debtBase: bigint,
  atRiskWad: bigint,
): BorrowerStatus | null {
  if (debtBase === 0n) return null;
  if (collateralBase === 0n) return 'insolvent';
  if (healthFactor < WAD) return 'liquidatable';
  if (healthFactor < atRiskWad) return 'at-risk';
  return 'healthy';
}
