// The seeded market simulation: accounts with different behaviours act on the real Pool, price
// feeds follow the generated paths, and liquidation bots liquidate accounts whose on-chain
// health factor is below 1. Decisions are made from a mirror of each account's position that
// is re-read from the chain (scaled balances × reserve indexes) after every block, so the
// mirror is exact up to rounding and the same seed always produces the same transactions.
import { decodeFunctionResult, encodeFunctionData, maxUint256, type Abi, type Hex } from 'viem';
import { aaveAbi } from './artifacts.ts';
import { ASSETS, E_MODE_CATEGORIES } from './assets.ts';
import { devnetContracts } from './compile.ts';
import { RAY, usdToPrice, type Deployment } from './deploy.ts';
import type { Miner, TxRequest } from './chain.ts';
import { generatePrices, type PricePaths } from './prices.ts';
import { Rng } from './rng.ts';

const POOL = aaveAbi('Pool');
const ERC20 = aaveAbi('MintableERC20');
const own = devnetContracts();
const AGG = own.DevnetAggregator.abi as Abi;
const LENS = own.DevnetLens.abi as Abi;
const FAUCET = own.DevnetFaucet.abi as Abi;
const WAD = 10n ** 18n;
export const LENS_CHUNK = 10;
export const MAX_TXS_PER_BLOCK = 64;

type Persona = 'lender' | 'borrower' | 'ethLooper' | 'stableLooper' | 'rwa' | 'trader';

interface User {
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
  approved: boolean[];
  /** Bit i set: the account may hold asset i (collateral, borrow asset, aTokens received). */
  mask: number;
  // Mirrored from the chain after each block that touched the account.
  config: bigint;
  eMode: number;
  scaledA: bigint[];
  scaledD: bigint[];
  wallet: bigint[];
}

interface AccountState {
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

export interface SimProgress {
  phase: 'history' | 'live';
  day: number;
  days: number;
  block: bigint;
  txs: number;
  liquidations: number;
  txPerSec: number;
  elapsedMs: number;
}

export interface SimCounters {
  [kind: string]: number;
}

export interface SimOptions {
  seed: string | number;
  days: number;
  startTime: number;
  quiet?: boolean;
  onProgress?: (p: SimProgress) => void;
  /** Fetch receipts after every block and count reverted transactions by kind (slow). */
  checkReceipts?: boolean;
}

const PERSONAS: { p: Persona; w: number }[] = [
  { p: 'lender', w: 30 },
  { p: 'borrower', w: 38 },
  { p: 'ethLooper', w: 9 },
  { p: 'stableLooper', w: 8 },
  { p: 'rwa', w: 8 },
  { p: 'trader', w: 7 },
];

const A = Object.fromEntries(ASSETS.map((a, i) => [a.symbol, i])) as Record<string, number>;
const STABLES = [A.USDC, A.USDT, A.DAI];
const GAS = {
  approve: 80_000n, supply: 350_000n, withdraw: 400_000n, borrow: 500_000n, repay: 350_000n,
  collateral: 250_000n, emode: 250_000n, transfer: 400_000n, flash: 450_000n, liquidation: 800_000n,
  transmit: 150_000n,
};

function units(tokens: number, decimals: number): bigint {
  if (!(tokens > 0) || !Number.isFinite(tokens)) return 0n;
  return BigInt(Math.floor(tokens * 1e6)) * 10n ** BigInt(decimals - 6);
}
const toFloat = (x: bigint, decimals: number): number => Number(x) / 10 ** decimals;

class BlockPlan {
  mints: { token: Hex; to: Hex; amount: bigint }[] = [];
  txs: { tx: TxRequest; kind: string }[] = [];
  touched = new Set<number>();
  liquidityUse: number[] = ASSETS.map(() => 0);
  isoDebtUsd = 0;
}

export class MarketSim {
  readonly rng: Rng;
  readonly paths: PricePaths;
  readonly users: User[];
  /** Prices as last published on the feeds (USD). */
  readonly feedPrice: number[];
  readonly feedUpdatedAt: number[];
  normIncome: bigint[] = ASSETS.map(() => RAY);
  normDebt: bigint[] = ASSETS.map(() => RAY);
  liquidity: bigint[] = ASSETS.map(() => 0n);
  isoDebt = 0n; // isolation-mode total debt of the isolated asset (2 decimals)
  counters: SimCounters = {};
  liquidationsOnChain = 0;
  private kinds = new Map<Hex, string>();
  reverted: SimCounters = {};
  private readonly assets: Hex[];
  private readonly aTokens: Hex[];
  private readonly debtTokens: Hex[];
  private visitBuckets = new Map<number, number[]>();
  private joinBuckets = new Map<number, number[]>();
  private readonly hours: number;
  private started = Date.now();
  private botsReady = false;

  constructor(
    readonly miner: Miner,
    readonly dep: Deployment,
    userAddrs: Hex[],
    readonly bots: Hex[],
    readonly opts: SimOptions,
  ) {
    this.rng = new Rng(`collateral-radar:${opts.seed}`);
    this.hours = Math.round(opts.days * 24);
    this.paths = generatePrices(this.rng.fork('prices'), this.hours);
    this.assets = dep.tokens.map((t) => t.address);
    this.aTokens = dep.tokens.map((t) => t.aToken);
    this.debtTokens = dep.tokens.map((t) => t.variableDebtToken);
    this.feedPrice = ASSETS.map((a) => a.price);
    this.feedUpdatedAt = ASSETS.map(() => opts.startTime - 3600);
    const r = this.rng.fork('accounts');
    this.users = userAddrs.map((addr, i) => this.makeUser(r, i, addr));
  }

  private makeUser(r: Rng, i: number, addr: Hex): User {
    const persona = PERSONAS[r.weighted(PERSONAS.map((p) => p.w))].p;
    let sizeUsd = Math.min(25_000_000, r.logNormal(25_000, 1.6));
    let collateralAssets: number[] = [];
    let borrowAsset = A.USDC;
    let wantEMode = 0;
    let targetHf = 1.2 + r.logNormal(0.5, 0.7);
    switch (persona) {
      case 'lender':
        sizeUsd *= 3;
        collateralAssets = [r.pick([A.USDC, A.USDC, A.USDT, A.USDT, A.DAI, A.WETH, A.WETH, A.WBTC, A.wstETH, A.LINK])];
        if (r.chance(0.35)) collateralAssets.push(r.pick([A.USDC, A.USDT, A.DAI, A.WETH]));
        break;
      case 'borrower': {
        collateralAssets = [[A.WETH, A.WETH, A.WETH, A.wstETH, A.WBTC, A.WBTC, A.LINK, A.DAI][r.int(8)]];
        if (r.chance(0.3)) collateralAssets.push(r.pick([A.WETH, A.WBTC, A.wstETH, A.LINK, A.USDC]));
        const c0 = collateralAssets[0];
        borrowAsset = c0 === A.WBTC && r.chance(0.3) ? A.WETH
          : c0 === A.DAI ? r.pick([A.USDC, A.USDT, A.WETH, A.WBTC])
          : c0 === A.WETH && r.chance(0.1) ? r.pick([A.LINK, A.WBTC])
          : r.pick(STABLES);
        // A quarter run close to liquidation; the rest keep a comfortable buffer.
        targetHf = r.chance(0.35) ? r.range(1.03, 1.22) : 1.25 + r.logNormal(0.6, 0.6);
        break;
      }
      case 'ethLooper':
        collateralAssets = [A.wstETH];
        borrowAsset = A.WETH;
        wantEMode = 2;
        targetHf = r.range(1.015, 1.12);
        break;
      case 'stableLooper':
        collateralAssets = [r.chance(0.7) ? A.USDC : A.DAI];
        borrowAsset = collateralAssets[0] === A.USDC ? r.pick([A.USDT, A.DAI]) : A.USDT;
        wantEMode = 1;
        targetHf = r.range(1.01, 1.1);
        break;
      case 'rwa':
        collateralAssets = [A.TBILL];
        borrowAsset = r.pick(STABLES);
        targetHf = r.range(1.15, 1.8);
        break;
      case 'trader':
        collateralAssets = [r.pick([A.WETH, A.USDC, A.WBTC, A.DAI])];
        borrowAsset = r.pick([A.USDC, A.USDT, A.WETH, A.WBTC, A.LINK, A.wstETH]);
        targetHf = 1.5 + r.logNormal(0.5, 0.5);
        break;
    }
    // Most accounts arrive in the first quarter, some later (growth).
    const joinHour = r.chance(0.75) ? Math.floor(r.next() ** 1.5 * this.hours * 0.25) : Math.floor(r.range(0.25, 0.9) * this.hours);
    return {
      i, addr, persona, sizeUsd, targetHf, visitsPerDay: r.logNormal(0.28, 0.8), joinHour, onboarded: false,
      collateralAssets, borrowAsset, wantEMode, approved: ASSETS.map(() => false),
      mask: [...collateralAssets, borrowAsset].reduce((m, k) => m | (1 << k), 0),
      config: 0n, eMode: 0, scaledA: ASSETS.map(() => 0n), scaledD: ASSETS.map(() => 0n), wallet: ASSETS.map(() => 0n),
    };
  }

  // ---------------------------------------------------------------- reading the chain

  private async refreshReserves(): Promise<void> {
    const data = await this.miner.call(this.dep.lens, encodeFunctionData({ abi: LENS, functionName: 'reserves', args: [this.dep.pool, this.assets, this.aTokens, ASSETS.map((a) => !!a.debtCeilingUsd)] }));
    const out = decodeFunctionResult({ abi: LENS, functionName: 'reserves', data }) as readonly bigint[];
    for (let i = 0; i < ASSETS.length; i++) {
      this.normIncome[i] = out[i * 4];
      this.normDebt[i] = out[i * 4 + 1];
      this.liquidity[i] = out[i * 4 + 2];
      if (ASSETS[i].debtCeilingUsd) this.isoDebt = out[i * 4 + 3];
    }
  }

  async refreshUsers(idx: Iterable<number>): Promise<void> {
    const list = [...idx];
    const n = ASSETS.length;
    const w = 2 + 3 * n;
    // Small chunks: EDR's per-call cost grows with the caller's memory, so big batches are
    // superlinear (100 accounts in one call: ~3 s; in chunks of 10: ~0.2 s).
    for (let s = 0; s < list.length; s += LENS_CHUNK) {
      const chunk = list.slice(s, s + LENS_CHUNK);
      const data = await this.miner.call(this.dep.lens, encodeFunctionData({
        abi: LENS, functionName: 'usersMasked',
        args: [this.dep.pool, this.assets, this.aTokens, this.debtTokens, chunk.map((i) => this.users[i].addr), chunk.map((i) => BigInt(this.users[i].mask))],
      }));
      const out = decodeFunctionResult({ abi: LENS, functionName: 'usersMasked', data }) as readonly bigint[];
      chunk.forEach((ui, k) => {
        const u = this.users[ui];
        const b = k * w;
        u.config = out[b];
        u.eMode = Number(out[b + 1]);
        for (let i = 0; i < n; i++) {
          u.scaledA[i] = out[b + 2 + 3 * i];
          u.scaledD[i] = out[b + 3 + 3 * i];
          u.wallet[i] = out[b + 4 + 3 * i];
        }
      });
    }
  }

  /** Re-read every onboarded account (after a revert, or on demand). */
  async resyncAll(): Promise<void> {
    await this.miner.sync();
    await this.refreshReserves();
    await this.refreshUsers(this.users.filter((u) => u.onboarded).map((u) => u.i));
    for (let i = 0; i < ASSETS.length; i++) {
      const data = await this.miner.call(this.dep.tokens[i].priceFeed, encodeFunctionData({ abi: AGG, functionName: 'latestRoundData' }));
      const r = decodeFunctionResult({ abi: AGG, functionName: 'latestRoundData', data }) as readonly bigint[];
      this.feedPrice[i] = Number(r[1]) / 1e8;
      this.feedUpdatedAt[i] = Number(r[3]);
    }
  }

  collateralEnabled(u: User, i: number): boolean {
    return ((u.config >> BigInt(2 * i + 1)) & 1n) === 1n;
  }

  private lt(u: User, i: number): number {
    const a = ASSETS[i];
    if (u.eMode && a.eModeCategory === u.eMode) return E_MODE_CATEGORIES[u.eMode - 1].liquidationThreshold / 1e4;
    return a.liquidationThreshold / 1e4;
  }

  private ltv(u: User, i: number): number {
    const a = ASSETS[i];
    if (u.eMode && a.eModeCategory === u.eMode) return E_MODE_CATEGORIES[u.eMode - 1].ltv / 1e4;
    return a.ltv / 1e4;
  }

  state(u: User): AccountState {
    const s: AccountState = { supply: [], debt: [], collUsd: 0, ltUsd: 0, ltvUsd: 0, debtUsd: 0, hf: Infinity, isolated: false, collateralCount: 0 };
    for (let i = 0; i < ASSETS.length; i++) {
      const dec = ASSETS[i].decimals;
      const sup = u.scaledA[i] ? toFloat((u.scaledA[i] * this.normIncome[i]) / RAY, dec) : 0;
      const debt = u.scaledD[i] ? toFloat((u.scaledD[i] * this.normDebt[i]) / RAY, dec) : 0;
      s.supply.push(sup);
      s.debt.push(debt);
      const p = this.feedPrice[i];
      if (sup > 0 && this.collateralEnabled(u, i)) {
        s.collUsd += sup * p;
        s.ltUsd += sup * p * this.lt(u, i);
        s.ltvUsd += sup * p * this.ltv(u, i);
        s.collateralCount++;
        if (ASSETS[i].debtCeilingUsd) s.isolated = true;
      }
      s.debtUsd += debt * p;
    }
    s.hf = s.debtUsd > 0 ? s.ltUsd / s.debtUsd : Infinity;
    return s;
  }

  // ---------------------------------------------------------------- building transactions

  private poolTx(plan: BlockPlan, u: User | Hex, kind: string, fn: string, args: unknown[], gas: bigint): void {
    const from = typeof u === 'string' ? u : u.addr;
    plan.txs.push({ kind, tx: { from, to: this.dep.pool, data: encodeFunctionData({ abi: POOL, functionName: fn, args } as never), gas } });
    if (typeof u !== 'string') plan.touched.add(u.i);
    this.counters[kind] = (this.counters[kind] ?? 0) + 1;
  }

  private ensureApproved(plan: BlockPlan, u: User, i: number): void {
    if (u.approved[i]) return;
    u.approved[i] = true;
    plan.txs.push({ kind: 'approve', tx: { from: u.addr, to: this.assets[i], data: encodeFunctionData({ abi: ERC20, functionName: 'approve', args: [this.dep.pool, maxUint256] }), gas: GAS.approve } });
  }

  /** Make sure the wallet holds `amount` (minting the difference: "bought elsewhere"). */
  private ensureWallet(plan: BlockPlan, u: User, i: number, amount: bigint): void {
    if (u.wallet[i] >= amount) return;
    const need = amount - u.wallet[i];
    plan.mints.push({ token: this.assets[i], to: u.addr, amount: need });
    u.wallet[i] += need;
  }

  private supply(plan: BlockPlan, u: User, i: number, usd: number): boolean {
    const amount = units(usd / this.feedPrice[i], ASSETS[i].decimals);
    if (amount === 0n) return false;
    u.mask |= 1 << i;
    this.ensureWallet(plan, u, i, amount);
    this.ensureApproved(plan, u, i);
    this.poolTx(plan, u, 'supply', 'supply', [this.assets[i], amount, u.addr, 0], GAS.supply);
    u.wallet[i] -= amount;
    return true;
  }

  private isolationRoomUsd(plan: BlockPlan): number {
    const ceiling = ASSETS.find((a) => a.debtCeilingUsd)!.debtCeilingUsd!;
    return ceiling - Number(this.isoDebt) / 100 - plan.isoDebtUsd;
  }

  private borrow(plan: BlockPlan, u: User, s: AccountState, fraction = 1): boolean {
    const j = u.borrowAsset;
    if (u.eMode && ASSETS[j].eModeCategory !== u.eMode) return false;
    if (s.isolated && !ASSETS[j].borrowableInIsolation) return false;
    const p = this.feedPrice[j];
    let usd = (s.ltUsd / u.targetHf - s.debtUsd) * fraction;
    usd = Math.min(usd, s.ltvUsd * 0.97 - s.debtUsd);
    const liquidityUsd = toFloat(this.liquidity[j], ASSETS[j].decimals) * p - plan.liquidityUse[j] * p;
    usd = Math.min(usd, liquidityUsd * 0.3);
    if (s.isolated) usd = Math.min(usd, this.isolationRoomUsd(plan) * 0.5);
    if (!(usd > 50)) return false;
    const amount = units(usd / p, ASSETS[j].decimals);
    this.poolTx(plan, u, 'borrow', 'borrow', [this.assets[j], amount, 2n, 0, u.addr], GAS.borrow);
    plan.liquidityUse[j] += usd / p;
    if (s.isolated) plan.isoDebtUsd += usd + 1;
    return true;
  }

  private repay(plan: BlockPlan, u: User, s: AccountState, fraction: number): boolean {
    const j = this.largest(s.debt.map((d, i) => d * this.feedPrice[i]));
    if (j < 0) return false;
    const dec = ASSETS[j].decimals;
    const full = fraction >= 1;
    const amount = full ? units(s.debt[j] * 1.002 + 10 ** -Math.min(dec, 6), dec) : units(s.debt[j] * fraction, dec);
    if (amount === 0n) return false;
    this.ensureWallet(plan, u, j, amount);
    this.ensureApproved(plan, u, j);
    this.poolTx(plan, u, 'repay', 'repay', [this.assets[j], full ? maxUint256 : amount, 2n, u.addr], GAS.repay);
    u.wallet[j] -= amount;
    return true;
  }

  private withdraw(plan: BlockPlan, u: User, s: AccountState, fraction: number, i = this.largest(s.supply.map((x, k) => x * this.feedPrice[k]))): boolean {
    if (i < 0 || s.supply[i] <= 0) return false;
    const tokens = s.supply[i] * Math.min(1, fraction);
    const liq = toFloat(this.liquidity[i], ASSETS[i].decimals) - plan.liquidityUse[i];
    if (tokens > liq * 0.5) return false;
    if (s.debtUsd > 0 && this.collateralEnabled(u, i)) {
      const lt = this.lt(u, i);
      const hfAfter = (s.ltUsd - tokens * this.feedPrice[i] * lt) / s.debtUsd;
      const ltvAfter = s.ltvUsd - tokens * this.feedPrice[i] * this.ltv(u, i);
      if (hfAfter < Math.max(1.1, u.targetHf) || ltvAfter < s.debtUsd * 1.02) return false;
    }
    const amount = fraction >= 1 ? maxUint256 : units(tokens, ASSETS[i].decimals);
    if (amount === 0n) return false;
    this.poolTx(plan, u, 'withdraw', 'withdraw', [this.assets[i], amount, u.addr], GAS.withdraw);
    plan.liquidityUse[i] += tokens;
    return true;
  }

  private exit(plan: BlockPlan, u: User, s: AccountState): boolean {
    for (let i = 0; i < ASSETS.length; i++) {
      if (s.supply[i] > 0 && toFloat(this.liquidity[i], ASSETS[i].decimals) - plan.liquidityUse[i] < s.supply[i] * 2) return false;
    }
    for (let j = 0; j < ASSETS.length; j++) {
      if (s.debt[j] <= 0) continue;
      const dec = ASSETS[j].decimals;
      const amount = units(s.debt[j] * 1.002 + 10 ** -Math.min(dec, 6), dec);
      this.ensureWallet(plan, u, j, amount);
      this.ensureApproved(plan, u, j);
      this.poolTx(plan, u, 'repay', 'repay', [this.assets[j], maxUint256, 2n, u.addr], GAS.repay);
    }
    for (let i = 0; i < ASSETS.length; i++) {
      if (s.supply[i] <= 0) continue;
      this.poolTx(plan, u, 'withdraw', 'withdraw', [this.assets[i], maxUint256, u.addr], GAS.withdraw);
      plan.liquidityUse[i] += s.supply[i];
    }
    this.counters.exit = (this.counters.exit ?? 0) + 1;
    return true;
  }

  private toggleCollateral(plan: BlockPlan, u: User, s: AccountState): boolean {
    const held = s.supply.map((x, i) => (x > 0 ? i : -1)).filter((i) => i >= 0);
    if (!held.length) return false;
    const i = this.rng.pick(held);
    const a = ASSETS[i];
    if (this.collateralEnabled(u, i)) {
      const hfAfter = s.debtUsd > 0 ? (s.ltUsd - s.supply[i] * this.feedPrice[i] * this.lt(u, i)) / s.debtUsd : Infinity;
      const ltvAfter = s.ltvUsd - s.supply[i] * this.feedPrice[i] * this.ltv(u, i);
      if (hfAfter < 1.3 || (s.debtUsd > 0 && ltvAfter < s.debtUsd * 1.05)) return false;
      this.poolTx(plan, u, 'collateralOff', 'setUserUseReserveAsCollateral', [this.assets[i], false], GAS.collateral);
      return true;
    }
    if (a.ltv === 0) return false;
    if (a.debtCeilingUsd ? s.collateralCount > 0 : s.isolated) return false;
    this.poolTx(plan, u, 'collateralOn', 'setUserUseReserveAsCollateral', [this.assets[i], true], GAS.collateral);
    return true;
  }

  private switchEMode(plan: BlockPlan, u: User, s: AccountState): boolean {
    if (u.eMode !== 0) {
      // Leave e-mode only with room to spare under the normal thresholds.
      let lt = 0, ltv = 0;
      for (let i = 0; i < ASSETS.length; i++) {
        if (s.supply[i] > 0 && this.collateralEnabled(u, i)) {
          lt += s.supply[i] * this.feedPrice[i] * ASSETS[i].liquidationThreshold / 1e4;
          ltv += s.supply[i] * this.feedPrice[i] * ASSETS[i].ltv / 1e4;
        }
      }
      if (s.debtUsd > 0 && (lt / s.debtUsd < 1.15 || ltv < s.debtUsd * 1.05)) return false;
      this.poolTx(plan, u, 'emode', 'setUserEMode', [0], GAS.emode);
      return true;
    }
    const debtAssets = s.debt.map((d, i) => (d > 0 ? i : -1)).filter((i) => i >= 0);
    for (const c of E_MODE_CATEGORIES) {
      if (debtAssets.every((i) => ASSETS[i].eModeCategory === c.id) && (debtAssets.length > 0 || this.rng.chance(0.5))) {
        if (ASSETS[u.borrowAsset].eModeCategory !== c.id && debtAssets.length === 0 && u.persona !== 'lender' && u.persona !== 'trader') continue;
        this.poolTx(plan, u, 'emode', 'setUserEMode', [c.id], GAS.emode);
        return true;
      }
    }
    return false;
  }

  private transferATokens(plan: BlockPlan, u: User, s: AccountState): boolean {
    const held = s.supply.map((x, i) => (x > 0 ? i : -1)).filter((i) => i >= 0);
    if (!held.length) return false;
    const i = this.rng.pick(held);
    const tokens = s.supply[i] * this.rng.range(0.05, 0.4);
    if (s.debtUsd > 0 && this.collateralEnabled(u, i)) {
      const hfAfter = (s.ltUsd - tokens * this.feedPrice[i] * this.lt(u, i)) / s.debtUsd;
      if (hfAfter < 1.25 || s.ltvUsd - tokens * this.feedPrice[i] * this.ltv(u, i) < s.debtUsd * 1.05) return false;
    }
    const others = this.users.filter((o) => o.onboarded && o.i !== u.i);
    if (!others.length) return false;
    const to = this.rng.pick(others);
    to.mask |= 1 << i;
    const amount = units(tokens, ASSETS[i].decimals);
    if (amount === 0n) return false;
    plan.txs.push({ kind: 'aTokenTransfer', tx: { from: u.addr, to: this.aTokens[i], data: encodeFunctionData({ abi: ERC20, functionName: 'transfer', args: [to.addr, amount] }), gas: GAS.transfer } });
    this.counters.aTokenTransfer = (this.counters.aTokenTransfer ?? 0) + 1;
    plan.touched.add(u.i);
    plan.touched.add(to.i);
    return true;
  }

  private flashLoan(plan: BlockPlan, u: User): boolean {
    const i = this.rng.pick([A.WETH, A.WETH, A.USDC, A.USDC, A.USDT, A.DAI, A.WBTC, A.wstETH, A.LINK]);
    const tokens = (toFloat(this.liquidity[i], ASSETS[i].decimals) - plan.liquidityUse[i]) * this.rng.range(0.01, 0.2);
    const amount = units(tokens, ASSETS[i].decimals);
    if (amount === 0n) return false;
    this.poolTx(plan, u, 'flashLoan', 'flashLoanSimple', [this.dep.flashLoanReceiver, this.assets[i], amount, '0x', 0], GAS.flash);
    return true;
  }

  private largest(values: number[]): number {
    let best = -1, bv = 0;
    values.forEach((v, i) => { if (v > bv) { bv = v; best = i; } });
    return best;
  }

  // ---------------------------------------------------------------- behaviour

  private onboard(plan: BlockPlan, u: User, hour: number): void {
    u.onboarded = true;
    if (u.wantEMode) this.poolTx(plan, u, 'emode', 'setUserEMode', [u.wantEMode], GAS.emode);
    const shares = u.collateralAssets.length === 1 ? [1] : [0.7, 0.3];
    u.collateralAssets.forEach((i, k) => this.supply(plan, u, i, u.sizeUsd * shares[k]));
    const first = u.persona === 'lender' ? 24 / u.visitsPerDay : this.rng.range(1, 12);
    this.schedule(u, hour + Math.max(1, Math.round(first)));
  }

  private schedule(u: User, hour: number): void {
    const list = this.visitBuckets.get(hour);
    if (list) list.push(u.i);
    else this.visitBuckets.set(hour, [u.i]);
  }

  private visit(plan: BlockPlan, u: User): void {
    const r = this.rng;
    const s = this.state(u);
    const borrowerLike = u.persona !== 'lender';
    if (s.collUsd === 0 && s.debtUsd === 0 && s.supply.every((x) => x === 0)) {
      // Came back after leaving (or after being wiped out): start over.
      if (r.chance(0.6)) {
        if (u.wantEMode && u.eMode !== u.wantEMode) this.poolTx(plan, u, 'emode', 'setUserEMode', [u.wantEMode], GAS.emode);
        this.supply(plan, u, u.collateralAssets[0], u.sizeUsd * r.range(0.3, 1));
      }
      return;
    }
    // Underwater (debt worth more than the collateral): walk away and never come back.
    if (s.debtUsd > 0 && s.collUsd < s.debtUsd) return;
    if (borrowerLike && u.persona !== 'trader') {
      if ((s.debtUsd === 0 || s.hf > u.targetHf * 1.1) && s.collUsd > 0 && r.chance(0.85)) {
        if (this.borrow(plan, u, s)) return;
      }
      if (s.debtUsd > 0 && s.hf < u.targetHf * 0.85) {
        if (r.chance(0.6)) { if (this.repay(plan, u, s, Math.min(1, 1 - (s.ltUsd / u.targetHf) / s.debtUsd + 0.05))) return; }
        else if (this.supply(plan, u, u.collateralAssets[0], s.debtUsd * 0.3)) return;
      }
    }
    const x = r.next();
    const choose: [number, () => boolean][] = u.persona === 'lender' || u.persona === 'trader'
      ? [
          [0.32, () => this.supply(plan, u, r.pick(u.collateralAssets), u.sizeUsd * r.range(0.05, 0.4))],
          [0.22, () => this.withdraw(plan, u, s, r.range(0.1, 0.6))],
          [0.1, () => this.transferATokens(plan, u, s)],
          [0.1, () => this.toggleCollateral(plan, u, s)],
          [u.persona === 'trader' ? 0.4 : 0.08, () => this.flashLoan(plan, u)],
          [0.06, () => this.switchEMode(plan, u, s)],
          [0.04, () => this.exit(plan, u, s)],
          [u.persona === 'trader' ? 0.2 : 0.02, () => this.borrow(plan, u, s, 0.5)],
          [0.06, () => s.debtUsd > 0 && this.repay(plan, u, s, r.range(0.2, 1.2))],
        ]
      : [
          [0.2, () => this.supply(plan, u, r.pick(u.collateralAssets), u.sizeUsd * r.range(0.05, 0.3))],
          [0.2, () => this.repay(plan, u, s, r.range(0.1, 0.6))],
          [0.15, () => this.borrow(plan, u, s, r.range(0.2, 0.8))],
          [0.1, () => this.withdraw(plan, u, s, r.range(0.05, 0.3))],
          [0.05, () => this.exit(plan, u, s)],
          [0.1, () => this.toggleCollateral(plan, u, s)],
          [0.06, () => this.switchEMode(plan, u, s)],
          [0.08, () => this.transferATokens(plan, u, s)],
          [0.06, () => this.flashLoan(plan, u)],
        ];
    const total = choose.reduce((a, [w]) => a + w, 0);
    let acc = x * total;
    let start = choose.length - 1;
    for (let k = 0; k < choose.length; k++) { acc -= choose[k][0]; if (acc < 0) { start = k; break; } }
    // Try the chosen action, then fall through the others until one applies.
    for (let k = 0; k < choose.length; k++) if (choose[(start + k) % choose.length][1]()) return;
  }

  // ---------------------------------------------------------------- oracle and bots

  private feedUpdates(plan: BlockPlan, target: number[], now: number, force = false): void {
    for (let i = 0; i < ASSETS.length; i++) {
      const dev = Math.abs(target[i] / this.feedPrice[i] - 1);
      const stale = now - this.feedUpdatedAt[i] >= ASSETS[i].feed.heartbeatHours * 3600 - 60;
      if (!force && dev < ASSETS[i].feed.deviation && !stale) continue;
      if (force && dev === 0) continue;
      this.transmit(plan, i, target[i], now);
    }
  }

  transmit(plan: BlockPlan, i: number, usd: number, now: number): void {
    const answer = usdToPrice(usd);
    plan.txs.unshift({ kind: 'priceUpdate', tx: { from: this.dep.oracleTransmitter, to: this.dep.tokens[i].aggregator, data: encodeFunctionData({ abi: AGG, functionName: 'transmit', args: [answer] }), gas: GAS.transmit } });
    this.feedPrice[i] = Number(answer) / 1e8;
    this.feedUpdatedAt[i] = now;
    this.counters.priceUpdate = (this.counters.priceUpdate ?? 0) + 1;
  }

  private async fundBots(plan: BlockPlan): Promise<void> {
    for (const bot of this.bots) {
      for (let i = 0; i < ASSETS.length; i++) {
        plan.mints.push({ token: this.assets[i], to: bot, amount: units(2e9 / ASSETS[i].price, ASSETS[i].decimals) });
        plan.txs.push({ kind: 'approve', tx: { from: bot, to: this.assets[i], data: encodeFunctionData({ abi: ERC20, functionName: 'approve', args: [this.dep.pool, maxUint256] }), gas: GAS.approve } });
      }
    }
    this.botsReady = true;
  }

  /** Liquidate accounts below HF 1 (checked on-chain); returns the number of calls sent. */
  private async liquidations(plan: BlockPlan, capacity: number): Promise<number> {
    const candidates: number[] = [];
    for (const u of this.users) {
      if (!u.onboarded) continue;
      let hasDebt = false;
      for (const d of u.scaledD) if (d > 0n) { hasDebt = true; break; }
      if (!hasDebt) continue;
      const s = this.state(u);
      if (s.hf < 1.003 && s.collUsd > 0) candidates.push(u.i);
    }
    if (!candidates.length) return 0;
    const out: bigint[] = [];
    for (let s = 0; s < candidates.length; s += LENS_CHUNK) {
      const addrs = candidates.slice(s, s + LENS_CHUNK).map((i) => this.users[i].addr);
      const data = await this.miner.call(this.dep.lens, encodeFunctionData({ abi: LENS, functionName: 'accountData', args: [this.dep.pool, addrs] }));
      out.push(...(decodeFunctionResult({ abi: LENS, functionName: 'accountData', data }) as readonly bigint[]));
    }
    const below = candidates.filter((_, k) => out[k * 6 + 5] < WAD && out[k * 6] > 0n);
    // Worst first, as a real searcher would prioritise.
    const hfOf = new Map(candidates.map((ui, k) => [ui, out[k * 6 + 5]]));
    below.sort((a, b) => (hfOf.get(a)! < hfOf.get(b)! ? -1 : hfOf.get(a)! > hfOf.get(b)! ? 1 : a - b));
    let sent = 0;
    for (const ui of below.slice(0, capacity)) {
      const u = this.users[ui];
      const s = this.state(u);
      const coll = this.largest(s.supply.map((x, i) => (this.collateralEnabled(u, i) && ASSETS[i].liquidationThreshold > 0 ? x * this.feedPrice[i] : 0)));
      const debt = this.largest(s.debt.map((d, i) => d * this.feedPrice[i]));
      if (coll < 0 || debt < 0) continue;
      const closeFactor = hfOf.get(ui)! < (95n * WAD) / 100n ? 1 : 0.5;
      const full = this.rng.chance(0.55);
      const amount = full ? maxUint256 : units(s.debt[debt] * closeFactor * this.rng.range(0.2, 0.9), ASSETS[debt].decimals);
      if (amount === 0n) continue;
      const bot = this.rng.pick(this.bots);
      this.poolTx(plan, bot, 'liquidation', 'liquidationCall', [this.assets[coll], this.assets[debt], u.addr, amount, this.rng.chance(0.2)], GAS.liquidation);
      plan.touched.add(ui);
      sent++;
    }
    return sent;
  }

  // ---------------------------------------------------------------- blocks

  /**
   * Queue the plan's transactions and mine them: blocks of at most MAX_TXS_PER_BLOCK, the
   * first at `timestamp`, any further ones 12 s apart (EDR's mempool insertion cost grows with
   * the number of pending transactions, so huge blocks are quadratic).
   */
  private async sendAndMine(plan: BlockPlan, timestamp: number): Promise<{ number: bigint; txs: Hex[] }> {
    let ts = timestamp;
    const nextTs = () => { const x = ts; ts += 12; return x; };
    const mined: Hex[] = [];
    const send = async (tx: TxRequest, kind: string) => {
      if (this.miner.pendingCount >= MAX_TXS_PER_BLOCK) mined.push(...(await this.miner.mine(nextTs())).txs);
      const hash = await this.miner.send(tx, nextTs);
      if (this.opts.checkReceipts) this.kinds.set(hash, kind);
    };
    for (let s = 0; s < plan.mints.length; s += 150) {
      const m = plan.mints.slice(s, s + 150);
      await send({
        from: this.dep.deployer, to: this.dep.faucet, gas: 60_000n + 60_000n * BigInt(m.length),
        data: encodeFunctionData({ abi: FAUCET, functionName: 'mintMany', args: [m.map((x) => x.token), m.map((x) => x.to), m.map((x) => x.amount)] }),
      }, 'faucet');
    }
    for (const { tx, kind } of plan.txs) await send(tx, kind);
    const last = await this.miner.mine(nextTs());
    return { number: last.number, txs: [...mined, ...last.txs] };
  }

  private async mineAndRefresh(plan: BlockPlan, timestamp: number): Promise<bigint> {
    const first = this.miner.blockNumber + 1n;
    const { number, txs } = await this.sendAndMine(plan, timestamp);
    await this.refreshReserves();
    if (plan.touched.size) await this.refreshUsers(plan.touched);
    if (plan.txs.some((t) => t.kind === 'liquidation')) {
      const logs = (await this.miner.provider.request({
        method: 'eth_getLogs',
        params: [{ fromBlock: `0x${first.toString(16)}`, toBlock: `0x${number.toString(16)}`, address: this.dep.pool, topics: [LIQUIDATION_TOPIC] }],
      })) as unknown[];
      this.liquidationsOnChain += logs.length;
    }
    if (this.opts.checkReceipts) {
      for (const h of txs) {
        const r = (await this.miner.provider.request({ method: 'eth_getTransactionReceipt', params: [h] })) as { status: Hex } | null;
        if (r?.status !== '0x1') {
          const k = this.kinds.get(h) ?? 'unknown';
          this.reverted[k] = (this.reverted[k] ?? 0) + 1;
        }
        this.kinds.delete(h);
      }
    }
    return number;
  }

  /** One simulated hour: feeds, arrivals and visits in one block, liquidations in the next. */
  private async hourStep(h: number, t: number): Promise<void> {
    const plan = new BlockPlan();
    if (!this.botsReady) await this.fundBots(plan);
    this.feedUpdates(plan, this.paths.prices[h], t);
    for (const ui of this.joinBuckets.get(h) ?? []) this.onboard(plan, this.users[ui], h);
    const visits = this.visitBuckets.get(h) ?? [];
    this.visitBuckets.delete(h);
    const seen = new Set<number>();
    // Most borrowers do not manage their positions during the crash night.
    const ev = this.paths.events;
    const crashNight = h >= ev.crashStartHour && h < ev.crashStartHour + 14;
    for (const ui of visits) {
      const u = this.users[ui];
      if (seen.has(ui) || plan.touched.has(ui)) { this.schedule(u, h + 1); continue; }
      if (crashNight && this.rng.chance(0.75)) { this.schedule(u, ev.crashStartHour + 14 + this.rng.int(12)); continue; }
      seen.add(ui);
      this.visit(plan, u);
      this.schedule(u, h + Math.max(1, Math.round(this.rng.exp(24 / u.visitsPerDay))));
    }
    await this.mineAndRefresh(plan, t);
    if (process.env.DEVNET_DEBUG && (h === ev.crashStartHour + 6 || h === ev.crashStartHour + 14)) {
      const st = this.users.filter((u) => u.onboarded).map((u) => this.state(u)).filter((x) => x.debtUsd > 0);
      console.log(`h=${h} borrowers ${st.length} hf<1 ${st.filter((x) => x.hf < 1).length} underwater ${st.filter((x) => x.collUsd < x.debtUsd * 1.05).length} hf<1.2 ${st.filter((x) => x.hf < 1.2).length}`);
    }
    // Liquidation bots react within a block; during the worst crash hours they are congested.
    // (Black-Thursday style: gas spikes keep them out for hours), which leaves bad debt.
    const congested = h >= ev.crashStartHour + 6 && h < ev.crashStartHour + 14;
    const liq = new BlockPlan();
    if (!congested && (await this.liquidations(liq, 60))) await this.mineAndRefresh(liq, this.miner.lastTimestamp + 12);
  }

  private txsAtStart = 0;

  async runHistory(): Promise<void> {
    this.started = Date.now();
    this.txsAtStart = this.miner.txCount;
    for (const u of this.users) {
      const list = this.joinBuckets.get(u.joinHour);
      if (list) list.push(u.i);
      else this.joinBuckets.set(u.joinHour, [u.i]);
    }
    let lastDay = -1;
    for (let h = 0; h < this.hours; h++) {
      await this.hourStep(h, this.opts.startTime + h * 3600);
      const day = Math.floor((h + 1) / 24);
      if (day !== lastDay && ((h + 1) % 24 === 0 || h === this.hours - 1)) {
        lastDay = day;
        this.progress('history', (h + 1) / 24);
      }
    }
  }

  progress(phase: 'history' | 'live', day: number): void {
    const elapsedMs = Date.now() - this.started;
    const p: SimProgress = {
      phase, day, days: this.opts.days, block: this.miner.blockNumber, txs: this.miner.txCount,
      liquidations: this.liquidationsOnChain, txPerSec: (this.miner.txCount - this.txsAtStart) / Math.max(0.001, elapsedMs / 1000), elapsedMs,
    };
    this.opts.onProgress?.(p);
    if (!this.opts.quiet) {
      console.log(`[devnet] ${phase} day ${day.toFixed(phase === 'live' ? 3 : 0)}/${this.opts.days} | block ${p.block} | txs ${p.txs} | liquidations ${p.liquidations} | ${p.txPerSec.toFixed(0)} tx/s`);
    }
  }

  // ---------------------------------------------------------------- live mode and shocks

  private liveRng?: Rng;

  /** One live block at `now`: small price moves, a few visits, then liquidations. */
  async liveStep(now: number): Promise<void> {
    const r = (this.liveRng ??= this.rng.fork('live'));
    const dt = Math.max(1, now - this.miner.lastTimestamp);
    const z = r.normal();
    const sigma = (daily: number) => (daily * Math.sqrt(dt / 86400));
    const target = this.feedPrice.map((p, i) => {
      const a = ASSETS[i];
      if (a.group === 'stable') return 1 + (p - 1) * 0.9 + 0.0003 * r.normal();
      if (a.group === 'rwa') return p;
      const vol = a.group === 'btc' ? 0.025 : a.group === 'other' ? 0.05 : 0.035;
      const corr = a.group === 'btc' ? 0.75 : a.group === 'other' ? 0.65 : 0.98;
      return p * Math.exp(sigma(vol) * 3 * (corr * z + Math.sqrt(1 - corr * corr) * r.normal()));
    });
    const plan = new BlockPlan();
    this.feedUpdates(plan, target, now);
    const active = this.users.filter((u) => u.onboarded);
    for (let k = 0, n = r.int(4); k < n && active.length; k++) {
      const u = r.pick(active);
      if (!plan.touched.has(u.i)) this.visit(plan, u);
    }
    await this.mineAndRefresh(plan, now);
    const liq = new BlockPlan();
    if (await this.liquidations(liq, 20)) await this.mineAndRefresh(liq, Math.max(now + 1, this.miner.lastTimestamp + 1));
  }

  /** Publish new prices (USD) on the feeds and mine them in one block. */
  async publishPrices(usd: Map<number, number>, now: number): Promise<bigint> {
    const plan = new BlockPlan();
    for (const [i, p] of usd) this.transmit(plan, i, p, now);
    return this.mineAndRefresh(plan, now);
  }

  async mineEmpty(now: number): Promise<bigint> {
    return this.mineAndRefresh(new BlockPlan(), now);
  }
}

// keccak256("LiquidationCall(address,address,address,uint256,uint256,address,bool)")
const LIQUIDATION_TOPIC = '0xe413a321e8681d831f4dbccbca790d2952b56f977908e45be37335533e005286';
