// What a liquidation round would do to an account (Aave V3 LiquidationLogic, aggregated per
// account): close factor 50%, 100% below HF 0.95 (3.3+: also for positions under $2,000), the
// collateral-weighted liquidation bonus and protocol fee. Floating point: these are estimates of
// flows, the liquidatable set itself comes from the exact HF. An account with debt and no
// collateral left (C = 0) is insolvent (status.ts): its debt is bad debt, and it is neither counted
// among the liquidatable accounts nor in the collateral and debt at risk.

export interface LiquidationOutcome {
  /** debt a liquidator may repay now (base units) */
  liquidatableDebt: number;
  /** collateral leaving the account (incl. protocol fee), base units */
  collateralSeized: number;
  /** value the liquidator gains over the debt repaid, net of the protocol fee */
  liquidatorBonus: number;
  protocolFee: number;
  /** debt not covered by collateral: max(0, D − C) */
  badDebt: number;
}

export interface Totals extends LiquidationOutcome {
  /** liquidatable accounts (HF < 1 with collateral to seize) */
  accounts: number;
  /** accounts with debt and nothing to seize; their debt is in badDebt */
  insolventAccounts: number;
  /** total collateral / debt of the liquidatable accounts */
  collateralAtRisk: number;
  debtAtRisk: number;
}

export const emptyTotals = (): Totals => ({
  accounts: 0,
  insolventAccounts: 0,
  collateralAtRisk: 0,
  debtAtRisk: 0,
  liquidatableDebt: 0,
  collateralSeized: 0,
  liquidatorBonus: 0,
  protocolFee: 0,
  badDebt: 0,
});

/**
 * @param C collateral (base), D debt (base), hf health factor (number)
 * @param bonusW Σ bonus_bps·Cᵢ, feeW Σ fee_bps·(bonus part of Cᵢ) weights (same units as C·bps)
 * @param smallPosition 3.3+ rule: 100% close factor when collateral or debt < $2,000
 */
export function addLiquidation(
  t: Totals,
  C: number,
  D: number,
  hf: number,
  bonusW: number,
  feeW: number,
  smallPosition: boolean,
): void {
  if (!(C > 0)) {
    t.insolventAccounts++;
    t.badDebt += D;
    return;
  }
  const closeFactor = hf < 0.95 || smallPosition ? 1 : 0.5;
  const bonus = C > 0 ? bonusW / C / 10000 : 1; // e.g. 1.05
  const fee = C > 0 ? feeW / C / 10000 : 0;
  const repay = Math.min(closeFactor * D, bonus > 0 ? C / bonus : 0);
  const seized = repay * bonus;
  const bonusValue = seized - repay;
  const protocolFee = bonusValue * fee;
  t.accounts++;
  t.collateralAtRisk += C;
  t.debtAtRisk += D;
  t.liquidatableDebt += repay;
  t.collateralSeized += seized;
  t.protocolFee += protocolFee;
  t.liquidatorBonus += bonusValue - protocolFee;
  t.badDebt += D > C ? D - C : 0;
}

/** Totals as integer strings in base units (JSON friendly). */
export function totalsToJson(t: Totals): Record<string, string | number> {
  const s = (x: number) => BigInt(Math.round(x)).toString();
  return {
    accounts: t.accounts,
    insolventAccounts: t.insolventAccounts,
    collateralAtRisk: s(t.collateralAtRisk),
    debtAtRisk: s(t.debtAtRisk),
    liquidatableDebt: s(t.liquidatableDebt),
    collateralSeized: s(t.collateralSeized),
    liquidatorBonus: s(t.liquidatorBonus),
    protocolFee: s(t.protocolFee),
    badDebt: s(t.badDebt),
  };
}
