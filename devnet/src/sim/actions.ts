// What an account can do on the Pool, each as "plan it if it applies": supply, borrow, repay,
// withdraw, exit, collateral toggles, e-mode, aToken transfers and flash loans. Each returns
// false when the action does not apply (nothing to do, or it would likely revert), so a visit
// can fall through to the next. Sizes respect the liquidity this block already uses.
import { maxUint256, type Hex } from 'viem';
import { ASSETS, E_MODE_CATEGORIES } from '../core/assets.ts';
import { RAY, type Deployment } from '../core/deploy.ts';
import type { Rng } from '../core/rng.ts';
import {
  collateralEnabled,
  liquidationThreshold,
  loanToValue,
  type AccountState,
  type User,
} from './account.ts';
import type { AccountMirror } from './account-mirror.ts';
import { A, largest, toFloat, units } from './amounts.ts';
import { GAS, type BlockPlan, type TxBuilder } from './block-plan.ts';

export class Actions {
  private readonly assets: Hex[];
  private readonly aTokens: Hex[];

  constructor(
    private readonly dep: Deployment,
    private readonly mirror: AccountMirror,
    private readonly price: readonly number[],
    private readonly txs: TxBuilder,
    private readonly rng: Rng,
    private readonly users: User[],
  ) {
    this.assets = dep.tokens.map((t) => t.address);
    this.aTokens = dep.tokens.map((t) => t.aToken);
  }

  private ensureApproved(plan: BlockPlan, u: User, i: number): void {
    if (u.approved[i]) return;
    u.approved[i] = true;
    this.txs.approvePool(plan, u.addr, this.assets[i]);
  }

  /** Make sure the wallet holds `amount` (minting the difference: "bought elsewhere"). */
  private ensureWallet(plan: BlockPlan, u: User, i: number, amount: bigint): void {
    if (u.wallet[i] >= amount) return;
    const need = amount - u.wallet[i];
    plan.mints.push({ token: this.assets[i], to: u.addr, amount: need });
    u.wallet[i] += need;
  }

  setEMode(plan: BlockPlan, u: User, categoryId: number): void {
    this.txs.pool(plan, u, 'emode', 'setUserEMode', [categoryId], GAS.emode);
  }

  supply(plan: BlockPlan, u: User, i: number, usd: number): boolean {
    const amount = units(usd / this.price[i], ASSETS[i].decimals);
    if (amount === 0n) return false;
    u.mask |= 1 << i;
    this.ensureWallet(plan, u, i, amount);
    this.ensureApproved(plan, u, i);
    this.txs.pool(plan, u, 'supply', 'supply', [this.assets[i], amount, u.addr, 0], GAS.supply);
    u.wallet[i] -= amount;
    return true;
  }

  private isolationRoomUsd(plan: BlockPlan): number {
    const ceiling = ASSETS.find((a) => a.debtCeilingUsd)!.debtCeilingUsd!;
    return ceiling - Number(this.mirror.isoDebt) / 100 - plan.isoDebtUsd;
  }

  /** Borrow toward the target health factor (a `fraction` of the way), within LTV and liquidity. */
  borrow(plan: BlockPlan, u: User, s: AccountState, fraction = 1): boolean {
    const j = u.borrowAsset;
    if (u.eMode && ASSETS[j].eModeCategory !== u.eMode) return false;
    if (s.isolated && !ASSETS[j].borrowableInIsolation) return false;
    const p = this.price[j];
    let usd = (s.ltUsd / u.targetHf - s.debtUsd) * fraction;
    usd = Math.min(usd, s.ltvUsd * 0.97 - s.debtUsd);
    const liquidityUsd =
      toFloat(this.mirror.liquidity[j], ASSETS[j].decimals) * p - plan.liquidityUse[j] * p;
    const stable = this.stableAllowed(u, s, j);
    // A stable loan may take at most 25% of the available liquidity (the Pool's default).
    usd = Math.min(usd, liquidityUsd * (stable ? 0.2 : 0.3));
    if (s.isolated) usd = Math.min(usd, this.isolationRoomUsd(plan) * 0.5);
    if (!(usd > 50)) return false;
    const amount = units(usd / p, ASSETS[j].decimals);
    const args = [this.assets[j], amount, stable ? 1n : 2n, 0, u.addr];
    this.txs.pool(plan, u, stable ? 'borrowStable' : 'borrow', 'borrow', args, GAS.borrow);
    plan.liquidityUse[j] += usd / p;
    if (s.isolated) plan.isoDebtUsd += usd + 1;
    return true;
  }

  /**
   * Stable rate for this borrow: the account borrows stable, the reserve allows it, and the
   * Pool's rule holds (no stable loan of an asset the account uses as collateral).
   */
  private stableAllowed(u: User, s: AccountState, j: number): boolean {
    if (u.rateMode !== 1 || !ASSETS[j].stableBorrowing) return false;
    return !(s.supply[j] > 0 && collateralEnabled(u, j) && loanToValue(u, j) > 0);
  }

  /** The rate mode holding most of the account's debt in asset j (1 stable, 2 variable). */
  private debtMode(u: User, j: number): 1n | 2n {
    const variable = (u.scaledD[j] * this.mirror.normDebt[j]) / RAY;
    return u.stableD[j] > variable ? 1n : 2n;
  }

  /**
   * Wallet needed to repay all of asset j's debt: the variable part is at this block's index
   * (0.2% margin); the stable part was read when the account was last touched and has accrued
   * since at its own rate, so it gets 5%. The Pool pulls only what is owed.
   */
  private fullRepayAmount(u: User, s: AccountState, j: number): bigint {
    const dec = ASSETS[j].decimals;
    const stable = toFloat(u.stableD[j], dec);
    return units((s.debt[j] - stable) * 1.002 + stable * 1.05 + 10 ** -Math.min(dec, 6), dec);
  }

  /** Repay a fraction of the largest debt; 1 or more repays all (maxUint256, with a margin). */
  repay(plan: BlockPlan, u: User, s: AccountState, fraction: number): boolean {
    const j = largest(s.debt.map((d, i) => d * this.price[i]));
    if (j < 0) return false;
    const dec = ASSETS[j].decimals;
    const full = fraction >= 1;
    const amount = full ? this.fullRepayAmount(u, s, j) : units(s.debt[j] * fraction, dec);
    if (amount === 0n) return false;
    this.ensureWallet(plan, u, j, amount);
    this.ensureApproved(plan, u, j);
    // The Pool caps a repay at the debt of its mode, so an amount above it pulls no more.
    const args = [this.assets[j], full ? maxUint256 : amount, this.debtMode(u, j), u.addr];
    this.txs.pool(plan, u, 'repay', 'repay', args, GAS.repay);
    u.wallet[j] -= amount;
    return true;
  }

  /** Withdraw a fraction of the largest supply, keeping the health factor and LTV in range. */
  withdraw(plan: BlockPlan, u: User, s: AccountState, fraction: number): boolean {
    const i = largest(s.supply.map((x, k) => x * this.price[k]));
    if (i < 0 || s.supply[i] <= 0) return false;
    const tokens = s.supply[i] * Math.min(1, fraction);
    if (tokens > this.mirror.available(i, plan.liquidityUse[i]) * 0.5) return false;
    if (s.debtUsd > 0 && collateralEnabled(u, i)) {
      const lt = liquidationThreshold(u, i);
      const hfAfter = (s.ltUsd - tokens * this.price[i] * lt) / s.debtUsd;
      const ltvAfter = s.ltvUsd - tokens * this.price[i] * loanToValue(u, i);
      if (hfAfter < Math.max(1.1, u.targetHf) || ltvAfter < s.debtUsd * 1.02) return false;
    }
    const amount = fraction >= 1 ? maxUint256 : units(tokens, ASSETS[i].decimals);
    if (amount === 0n) return false;
    this.txs.pool(plan, u, 'withdraw', 'withdraw', [this.assets[i], amount, u.addr], GAS.withdraw);
    plan.liquidityUse[i] += tokens;
    return true;
  }

  /** Repay every debt and withdraw every supply, if the reserves can pay it all out. */
  exit(plan: BlockPlan, u: User, s: AccountState): boolean {
    for (let i = 0; i < ASSETS.length; i++) {
      if (s.supply[i] > 0 && this.mirror.available(i, plan.liquidityUse[i]) < s.supply[i] * 2) {
        return false;
      }
    }
    for (let j = 0; j < ASSETS.length; j++) {
      if (s.debt[j] <= 0) continue;
      const amount = this.fullRepayAmount(u, s, j);
      this.ensureWallet(plan, u, j, amount);
      this.ensureApproved(plan, u, j);
      for (const mode of [1n, 2n]) {
        if (mode === 1n ? u.stableD[j] === 0n : u.scaledD[j] === 0n) continue;
        const args = [this.assets[j], maxUint256, mode, u.addr];
        this.txs.pool(plan, u, 'repay', 'repay', args, GAS.repay);
      }
    }
    for (let i = 0; i < ASSETS.length; i++) {
      if (s.supply[i] <= 0) continue;
      const args = [this.assets[i], maxUint256, u.addr];
      this.txs.pool(plan, u, 'withdraw', 'withdraw', args, GAS.withdraw);
      plan.liquidityUse[i] += s.supply[i];
    }
    this.txs.count('exit');
    return true;
  }

  /** Turn a held asset's collateral flag off (with room to spare) or on (isolation rules). */
  toggleCollateral(plan: BlockPlan, u: User, s: AccountState): boolean {
    const held = s.supply.map((x, i) => (x > 0 ? i : -1)).filter((i) => i >= 0);
    if (!held.length) return false;
    const i = this.rng.pick(held);
    const a = ASSETS[i];
    const fn = 'setUserUseReserveAsCollateral';
    if (collateralEnabled(u, i)) {
      const valueUsd = s.supply[i] * this.price[i];
      const hfAfter =
        s.debtUsd > 0 ? (s.ltUsd - valueUsd * liquidationThreshold(u, i)) / s.debtUsd : Infinity;
      const ltvAfter = s.ltvUsd - valueUsd * loanToValue(u, i);
      if (hfAfter < 1.3 || (s.debtUsd > 0 && ltvAfter < s.debtUsd * 1.05)) return false;
      this.txs.pool(plan, u, 'collateralOff', fn, [this.assets[i], false], GAS.collateral);
      return true;
    }
    if (a.ltv === 0) return false;
    if (a.debtCeilingUsd ? s.collateralCount > 0 : s.isolated) return false;
    this.txs.pool(plan, u, 'collateralOn', fn, [this.assets[i], true], GAS.collateral);
    return true;
  }

  /** Leave e-mode (with room under the normal thresholds) or enter a category the debt fits. */
  switchEMode(plan: BlockPlan, u: User, s: AccountState): boolean {
    if (u.eMode !== 0) {
      let lt = 0;
      let ltv = 0;
      for (let i = 0; i < ASSETS.length; i++) {
        if (s.supply[i] > 0 && collateralEnabled(u, i)) {
          lt += (s.supply[i] * this.price[i] * ASSETS[i].liquidationThreshold) / 1e4;
          ltv += (s.supply[i] * this.price[i] * ASSETS[i].ltv) / 1e4;
        }
      }
      if (s.debtUsd > 0 && (lt / s.debtUsd < 1.15 || ltv < s.debtUsd * 1.05)) return false;
      this.setEMode(plan, u, 0);
      return true;
    }
    const debtAssets = s.debt.map((d, i) => (d > 0 ? i : -1)).filter((i) => i >= 0);
    const borrowerLike = u.persona !== 'lender' && u.persona !== 'trader';
    for (const c of E_MODE_CATEGORIES) {
      const fits = debtAssets.every((i) => ASSETS[i].eModeCategory === c.id);
      if (fits && (debtAssets.length > 0 || this.rng.chance(0.5))) {
        const borrowFits = ASSETS[u.borrowAsset].eModeCategory === c.id;
        if (!borrowFits && debtAssets.length === 0 && borrowerLike) continue;
        this.setEMode(plan, u, c.id);
        return true;
      }
    }
    return false;
  }

  /**
   * Switch the borrow asset's debt to the other rate mode (Pool.swapBorrowRateMode): stable to
   * variable, or back to stable where the account could borrow stable.
   */
  swapRateMode(plan: BlockPlan, u: User, s: AccountState): boolean {
    const j = u.borrowAsset;
    if (!ASSETS[j].stableBorrowing || s.debt[j] <= 0) return false;
    const current = this.debtMode(u, j);
    if (current === 2n && !this.stableAllowed({ ...u, rateMode: 1 }, s, j)) return false;
    const args = [this.assets[j], current];
    this.txs.pool(plan, u, 'swapRateMode', 'swapBorrowRateMode', args, GAS.borrow);
    u.rateMode = current === 1n ? 2 : 1;
    return true;
  }

  /** Send part of a held aToken balance to another onboarded account. */
  transferATokens(plan: BlockPlan, u: User, s: AccountState): boolean {
    const held = s.supply.map((x, i) => (x > 0 ? i : -1)).filter((i) => i >= 0);
    if (!held.length) return false;
    const i = this.rng.pick(held);
    const tokens = s.supply[i] * this.rng.range(0.05, 0.4);
    if (s.debtUsd > 0 && collateralEnabled(u, i)) {
      const valueUsd = tokens * this.price[i];
      const hfAfter = (s.ltUsd - valueUsd * liquidationThreshold(u, i)) / s.debtUsd;
      const ltvAfter = s.ltvUsd - valueUsd * loanToValue(u, i);
      if (hfAfter < 1.25 || ltvAfter < s.debtUsd * 1.05) return false;
    }
    const others = this.users.filter((o) => o.onboarded && o.i !== u.i);
    if (!others.length) return false;
    const to = this.rng.pick(others);
    to.mask |= 1 << i;
    const amount = units(tokens, ASSETS[i].decimals);
    if (amount === 0n) return false;
    this.txs.transfer(plan, 'aTokenTransfer', u.addr, this.aTokens[i], to.addr, amount);
    plan.touched.add(u.i);
    plan.touched.add(to.i);
    return true;
  }

  /** A simple flash loan of up to a fifth of a reserve's free liquidity (repaid in the call). */
  flashLoan(plan: BlockPlan, u: User): boolean {
    const i = this.rng.pick([
      A.WETH,
      A.WETH,
      A.USDC,
      A.USDC,
      A.USDT,
      A.DAI,
      A.WBTC,
      A.wstETH,
      A.LINK,
    ]);
    const tokens = this.mirror.available(i, plan.liquidityUse[i]) * this.rng.range(0.01, 0.2);
    const amount = units(tokens, ASSETS[i].decimals);
    if (amount === 0n) return false;
    const args = [this.dep.flashLoanReceiver, this.assets[i], amount, '0x', 0];
    this.txs.pool(plan, u, 'flashLoan', 'flashLoanSimple', args, GAS.flash);
    return true;
  }
}
