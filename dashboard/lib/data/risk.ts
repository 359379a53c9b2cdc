// Risk-engine views for the dashboard's server components and the sandbox route: the shared
// views (borrowers.ts, market-selection.ts) and the engine's analyses converted from
// base-currency integers to numbers in USD, each read under the last-good policy. No risk math.
import { getRiskContext, type RiskContext } from '@/lib/risk/service';
import {
  hfDistribution,
  keysForMarkets,
  liquidationPrices,
  marketsOfClass,
  shockCurve,
} from '@/lib/risk/analysis';
import { concentration } from '@/lib/risk/concentration';
import { historicalVar, type VarFigure, type VarResult } from '@/lib/risk/var';
import { hfToNumber } from '@/lib/risk/engine';
import { borrowerStatus, hfThresholdWad, type BorrowerStatus } from '@/lib/risk/status';
import { SHOCK_GROUPS, type AssetClass } from '@/lib/risk/classes';
import { atRiskThreshold } from '@/lib/config';
import { borrowersOf, borrowerSummaryOf } from '@/lib/data/borrowers';
import { nonStableMarkets } from '@/lib/data/market-selection';
import { positionTerms } from '@/lib/data/position-terms';
import { accountProtection, type AccountProtection } from '@/lib/data/protection';
import { lastGood, type Loaded } from '@/lib/data/last-good';

const guarded = <T>(key: string, read: () => Promise<T>): Promise<Loaded<T>> =>
  lastGood(`risk|${key}`, read, 'Risk engine');

/** Base currency units per USD (8 decimals for USD markets). */
export const unitOf = (ctx: RiskContext) => Number(ctx.book.baseCurrencyUnit || 100000000n);
const toUSD = (ctx: RiskContext, v: bigint | string | number) => Number(v) / unitOf(ctx);

export interface AccountRisk {
  id: string;
  status: BorrowerStatus;
  hf: number;
  collateralUSD: number;
  debtUSD: number;
  eMode: number;
  eModeLabel: string | null;
}

/** the e-mode category's label ("Stablecoins"), the one name shown for it everywhere */
const eModeLabelOf = (ctx: RiskContext, id: number) =>
  id ? (ctx.book.eModeCategories.get(id)?.label ?? null) : null;

function accountRows(ctx: RiskContext, threshold: number): AccountRisk[] {
  return ctx.get(`dash:accounts|${threshold}`, () =>
    borrowersOf(ctx, threshold).map((b) => ({
      id: b.account,
      status: b.status,
      hf: hfToNumber(b.healthFactor),
      collateralUSD: toUSD(ctx, b.collateralBase),
      debtUSD: toUSD(ctx, b.debtBase),
      eMode: b.eModeCategoryId,
      eModeLabel: eModeLabelOf(ctx, b.eModeCategoryId),
    })),
  );
}

export const DROPS = [0, 5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 80, 90];

export interface RiskSummary {
  block: { number: number; hash: string; timestamp: number };
  /** health factor below which a borrower is at risk (AT_RISK_HF) */
  threshold: number;
  borrowers: number;
  /** borrowers per status (disjoint) */
  healthy: number;
  atRisk: number;
  liquidatable: number;
  insolvent: number;
  badDebtUSD: number;
  collateralAtRisk20USD: number;
  debtAtRisk20USD: number;
  hfBuckets: Array<{ label: string; accounts: number; debtUSD: number }>;
}

export function riskSummary(network: string): Promise<Loaded<RiskSummary>> {
  return guarded(`summary|${network}`, async () => {
    const ctx = await getRiskContext(network);
    const threshold = atRiskThreshold();
    return ctx.get(`dash:summary|${threshold}`, () => {
      const b = borrowerSummaryOf(ctx, threshold);
      const keys = keysForMarkets(ctx.pb, nonStableMarkets(ctx.book));
      const [p20] = shockCurve(ctx.pb, ctx.fb, keys, [20]);
      const buckets = hfDistribution(ctx.results).map((b) => ({
        label: b.to == null ? `≥${b.from}` : b.from === 0 ? `<${b.to}` : `${b.from}–${b.to}`,
        accounts: b.accounts,
        debtUSD: toUSD(ctx, b.debtBase),
      }));
      return {
        block: ctx.book.block,
        threshold,
        borrowers: b.borrowers,
        healthy: b.byStatus.healthy.accounts,
        atRisk: b.byStatus['at-risk'].accounts,
        liquidatable: b.byStatus.liquidatable.accounts,
        insolvent: b.byStatus.insolvent.accounts,
        badDebtUSD: toUSD(ctx, b.badDebtBase),
        collateralAtRisk20USD: p20.collateralAtRisk / unitOf(ctx),
        debtAtRisk20USD: p20.debtAtRisk / unitOf(ctx),
        hfBuckets: buckets,
      };
    });
  });
}

export function riskAccounts(
  network: string,
  maxHf = Infinity,
  limit = 2000,
): Promise<
  Loaded<{ rows: AccountRisk[]; total: number; threshold: number; block: RiskSummary['block'] }>
> {
  return guarded(`accounts|${network}|${maxHf}|${limit}`, async () => {
    const ctx = await getRiskContext(network);
    const threshold = atRiskThreshold();
    const all = accountRows(ctx, threshold);
    const rows = all.filter((a) => a.hf < maxHf).slice(0, limit);
    return { rows, total: all.length, threshold, block: ctx.book.block };
  });
}

export interface CurveSet {
  drops: number[];
  /** collateralAtRisk at the shocked prices, collateralAtRiskToday at today's */
  series: Array<{
    label: string;
    kind: 'asset' | 'group';
    collateralAtRisk: number[];
    collateralAtRiskToday: number[];
    debtAtRisk: number[];
    badDebt: number[];
    bonus: number[];
  }>;
}

export function riskCurves(network: string): Promise<Loaded<CurveSet>> {
  return guarded(`curves|${network}`, async () => {
    const ctx = await getRiskContext(network);
    return ctx.get('dash:curves', () => {
      const u = unitOf(ctx);
      const mk = (label: string, kind: 'asset' | 'group', idx: number[]) => {
        const pts = shockCurve(ctx.pb, ctx.fb, keysForMarkets(ctx.pb, idx), DROPS);
        return {
          label,
          kind,
          collateralAtRisk: pts.map((p) => p.collateralAtRisk / u),
          collateralAtRiskToday: pts.map((p) => p.collateralAtRiskToday / u),
          debtAtRisk: pts.map((p) => p.debtAtRisk / u),
          badDebt: pts.map((p) => p.badDebt / u),
          bonus: pts.map((p) => p.liquidatorBonus / u),
        };
      };
      const series = [];
      for (const g of SHOCK_GROUPS) {
        const idx = marketsOfClass(ctx.pb, g as AssetClass);
        if (idx.length) series.push(mk(g === 'stablecoin' ? 'Stablecoin depeg' : g, 'group', idx));
      }
      ctx.book.markets.forEach((m, i) => {
        const s = mk(m.symbol, 'asset', [i]);
        series.push(s);
      });
      return { drops: DROPS, series };
    });
  });
}

export interface ExposureView {
  debt: { top10Share: number; top100Share: number; hhi: number; holders: number; totalUSD: number };
  collateral: {
    top10Share: number;
    top100Share: number;
    hhi: number;
    holders: number;
    totalUSD: number;
  };
  rows: Array<{
    dimension: string;
    label: string;
    accounts: number;
    collateralUSD: number;
    debtUSD: number;
  }>;
}

export function riskConcentration(network: string): Promise<Loaded<ExposureView>> {
  return guarded(`conc|${network}`, async () => {
    const ctx = await getRiskContext(network);
    return ctx.get('dash:conc', () => {
      const c = concentration(ctx.pb, ctx.fb, ctx.results);
      const sv = (s: typeof c.debt) => ({
        top10Share: s.top10Share,
        top100Share: s.top100Share,
        hhi: s.hhi,
        holders: s.holders,
        totalUSD: toUSD(ctx, s.total),
      });
      const rows = [
        ...c.byEMode.map((r) => ({
          dimension: 'E-mode',
          label: r.label,
          accounts: r.accounts,
          collateralUSD: toUSD(ctx, r.collateralBase),
          debtUSD: toUSD(ctx, r.debtBase),
        })),
        ...c.byIsolation.map((r) => ({
          dimension: 'Isolation',
          label: r.label,
          accounts: r.accounts,
          collateralUSD: toUSD(ctx, r.collateralBase),
          debtUSD: toUSD(ctx, r.debtBase),
        })),
        ...c.byAssetClass.map((r) => ({
          dimension: 'Asset class',
          label: r.label,
          accounts: r.accounts,
          collateralUSD: toUSD(ctx, r.collateralBase),
          debtUSD: toUSD(ctx, r.debtBase),
        })),
      ];
      return { debt: sv(c.debt), collateral: sv(c.collateral), rows };
    });
  });
}

export interface VarFigureView {
  p95: number;
  p99: number;
  max: number;
  today: number;
}
export interface VarView {
  days: number;
  scenarios: number;
  dailyReturns: number;
  horizonDays: number;
  method: VarResult['window']['method'];
  /** scenarios at or beyond each percentile */
  tail: VarResult['tailScenarios'];
  badDebt: VarFigureView;
  liquidation: VarFigureView;
  debtAtRisk: VarFigureView;
  missing: string[];
}

export function riskVar(network: string): Promise<Loaded<VarView>> {
  return guarded(`var|${network}`, async () => {
    const ctx = await getRiskContext(network);
    const hist = await ctx.priceHistory!();
    return ctx.get('dash:var', () => {
      const v = historicalVar(ctx.pb, ctx.fb, hist);
      const t = (x: VarFigure) => ({
        p95: toUSD(ctx, x.p95),
        p99: toUSD(ctx, x.p99),
        max: toUSD(ctx, x.max),
        today: toUSD(ctx, x.today),
      });
      const w = v.window;
      return {
        days: w.days,
        scenarios: w.scenarios,
        dailyReturns: w.dailyReturns,
        horizonDays: w.horizonDays,
        method: w.method,
        tail: v.tailScenarios,
        badDebt: t(v.badDebt),
        liquidation: t(v.liquidationVolume),
        debtAtRisk: t(v.debtAtRisk),
        missing: v.marketsWithoutHistory,
      };
    });
  });
}

export interface AccountView {
  found: boolean;
  /** null without debt */
  status: BorrowerStatus | null;
  hf: number;
  collateralUSD: number;
  debtUSD: number;
  eMode: number;
  eModeLabel: string | null;
  liquidationPrices: Array<{
    asset: string;
    symbol: string;
    priceUSD: number;
    liquidationPriceUSD: number | null;
    dropPct: number | null;
  }>;
  /** LT and LTV (bps) the protocol applies to each position; eMode: the account's category sets them */
  terms: Array<{ asset: string; liquidationThreshold: number; ltv: number; eMode: boolean }>;
  /** getUserAccountData's currentLiquidationThreshold / ltv (bps): the averages of `terms` */
  liquidationThreshold: number;
  ltv: number;
  /** the least repayment / supply that brings HF to PROTECTION_TARGET_HF (null without debt) */
  toTarget: AccountProtection | null;
  block: RiskSummary['block'];
}

/** The health factor the account page says how to get back to. */
export const PROTECTION_TARGET_HF = 1.5;

export function riskAccount(network: string, address: string): Promise<Loaded<AccountView>> {
  return guarded(`acct|${network}|${address}`, async () => {
    const ctx = await getRiskContext(network);
    const i = ctx.accountIndex(address);
    if (i < 0)
      return {
        found: false,
        status: null,
        hf: Infinity,
        collateralUSD: 0,
        debtUSD: 0,
        eMode: 0,
        eModeLabel: null,
        liquidationPrices: [],
        terms: [],
        liquidationThreshold: 0,
        ltv: 0,
        toTarget: null,
        block: ctx.book.block,
      };
    const r = ctx.results;
    const atRiskWad = hfThresholdWad(atRiskThreshold());
    return {
      found: true,
      status: borrowerStatus(
        r.healthFactor[i],
        r.totalCollateralBase[i],
        r.totalDebtBase[i],
        atRiskWad,
      ),
      hf: r.totalDebtBase[i] === 0n ? Infinity : hfToNumber(r.healthFactor[i]),
      collateralUSD: toUSD(ctx, r.totalCollateralBase[i]),
      debtUSD: toUSD(ctx, r.totalDebtBase[i]),
      eMode: ctx.book.accounts[i].eModeCategoryId,
      eModeLabel: eModeLabelOf(ctx, ctx.book.accounts[i].eModeCategoryId),
      terms: positionTerms(ctx.pb, i).map((t) => ({
        asset: t.asset,
        liquidationThreshold: t.liquidationThreshold,
        ltv: t.ltv,
        eMode: t.eMode,
      })),
      liquidationThreshold: Number(r.avgLiquidationThreshold[i]),
      ltv: Number(r.avgLtv[i]),
      liquidationPrices: liquidationPrices(ctx.pb, ctx.fb, i).map((l) => ({
        asset: l.asset,
        symbol: l.symbol,
        priceUSD: toUSD(ctx, l.priceBase),
        liquidationPriceUSD:
          l.liquidationPriceBase == null ? null : toUSD(ctx, l.liquidationPriceBase),
        dropPct: l.dropPct,
      })),
      toTarget: accountProtection(ctx, address, PROTECTION_TARGET_HF),
      block: ctx.book.block,
    };
  });
}

/** Collateral positions of a market whose owners would be liquidated by a drop of this asset alone. */
export function marketLiquidationLevels(
  network: string,
  marketId: string,
): Promise<
  Loaded<{
    levels: Array<{
      account: string;
      collateralUSD: number;
      debtUSD: number;
      hf: number;
      liquidationPriceUSD: number;
      dropPct: number;
    }>;
    priceUSD: number;
  }>
> {
  return guarded(`levels|${network}|${marketId}`, async () => {
    const ctx = await getRiskContext(network);
    const id = marketId.toLowerCase();
    const mi = ctx.book.markets.findIndex((m) => m.id === id);
    const levels: Array<{
      account: string;
      collateralUSD: number;
      debtUSD: number;
      hf: number;
      liquidationPriceUSD: number;
      dropPct: number;
    }> = [];
    if (mi < 0) return { levels, priceUSD: 0 };
    const r = ctx.results;
    for (let i = 0; i < ctx.book.accounts.length; i++) {
      if (r.totalDebtBase[i] === 0n) continue;
      let holds = false;
      for (let k = ctx.pb.accStart[i]; k < ctx.pb.accStart[i + 1]; k++)
        if (ctx.pb.posMarket[k] === mi && ctx.fb.posCollF[k] > 0) holds = true;
      if (!holds) continue;
      const lp = liquidationPrices(ctx.pb, ctx.fb, i).find((l) => l.asset === id);
      if (!lp || lp.liquidationPriceBase == null || lp.dropPct == null) continue;
      levels.push({
        account: ctx.book.accounts[i].id,
        collateralUSD: toUSD(ctx, r.totalCollateralBase[i]),
        debtUSD: toUSD(ctx, r.totalDebtBase[i]),
        hf: hfToNumber(r.healthFactor[i]),
        liquidationPriceUSD: toUSD(ctx, lp.liquidationPriceBase),
        dropPct: lp.dropPct,
      });
    }
    levels.sort((a, b) => a.dropPct - b.dropPct);
    return { levels, priceUSD: toUSD(ctx, ctx.pb.basePrices[mi]) };
  });
}
