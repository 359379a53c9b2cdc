// A simulated account: its persona's fixed traits, drawn once from the seed, and the mirror of its
// on-chain position (configuration bitmap, e-mode, scaled balances, wallet) that AccountMirror
// re-reads after every block that touched it. The helpers read the configuration the way
// Aave's UserConfiguration and GenericLogic do.
import type { Hex } from 'viem';
import { ASSETS, E_MODE_CATEGORIES } from '../core/assets.ts';

export type Persona = 'lender' | 'borrower' | 'ethLooper' | 'stableLooper' | 'rwa' | 'trader';

export interface User {
  i: number;
  addr: Hex;
  persona: Persona;
  sizeUsd: number;
  targetHf: number;
  visitsPerDay: number;
  joinHour: number;
  onboarded: boolean;
  collateralAssets: number[];
  borrowAsset: number;
  wantEMode: number;
  /** Interest rate mode of its borrows: 1 stable (where the reserve allows it), 2 variable. */
  rateMode: 1 | 2;
  approved: boolean[];
  /** Bit i set: the account may hold asset i (collateral, borrow asset, aTokens received). */
  mask: number;
  // Mirrored from the chain after each block that touched the account.
  config: bigint;
  eMode: number;
  scaledA: bigint[];
  scaledD: bigint[];
  /** Stable debt with interest to the block it was read at (balanceOf). */
  stableD: bigint[];
  wallet: bigint[];
}

/** An account's position valued at the feed prices (floats: for decisions, not accounting). */
export interface AccountState {
  supply: number[]; // tokens
  debt: number[]; // tokens
  collUsd: number;
  ltUsd: number;
  ltvUsd: number;
  debtUsd: number;
  hf: number;
  isolated: boolean; // an isolated asset is enabled as collateral
  collateralCount: number;
}

/** UserConfiguration.isUsingAsCollateral: bit 2i+1 of the bitmap. */
export function collateralEnabled(u: User, i: number): boolean {
  return ((u.config >> BigInt(2 * i + 1)) & 1n) === 1n;
}

/** Liquidation threshold of asset i for this account (its e-mode category's when it applies). */
export function liquidationThreshold(u: User, i: number): number {
  const a = ASSETS[i];
  if (u.eMode && a.eModeCategory === u.eMode) {
    return E_MODE_CATEGORIES[u.eMode - 1].liquidationThreshold / 1e4;
  }
  return a.liquidationThreshold / 1e4;
}

/** Loan-to-value of asset i for this account (its e-mode category's when it applies). */
export function loanToValue(u: User, i: number): number {
  const a = ASSETS[i];
  if (u.eMode && a.eModeCategory === u.eMode) return E_MODE_CATEGORIES[u.eMode - 1].ltv / 1e4;
  return a.ltv / 1e4;
}
