// The stress sandbox's exact multi-asset scenario (POST /api/sandbox): drops in % per market
// symbol, the liquidatable accounts and totals in USD. No risk math: lib/risk/analysis does it.
import { getRiskContext } from '@/lib/risk/service';
import { exactScenario } from '@/lib/risk/analysis';
import { hfToNumber } from '@/lib/risk/engine';
import { findMarket } from '@/lib/data/market-selection';
import { unitOf } from '@/lib/data/risk';

export interface SandboxResult {
  block: number;
  drops: Record<string, number>;
  /** liquidatable after the shock; insolvent ones (debt, nothing to seize) counted apart */
  accounts: number;
  insolventAccounts: number;
  collateralAtRisk: number;
  debtAtRisk: number;
  liquidatableDebt: number;
  liquidatorBonus: number;
  protocolFee: number;
  badDebt: number;
  top: Array<{ account: string; hf: number; collateralUSD: number; debtUSD: number }>;
  ms: number;
}

/** Exact multi-asset scenario (drops in % per market symbol). */
export async function sandbox(
  network: string,
  drops: Record<string, number>,
): Promise<SandboxResult> {
  const ctx = await getRiskContext(network);
  const t0 = performance.now();
  const m = new Map<number, number>();
  const used: Record<string, number> = {};
  for (const [sym, pct] of Object.entries(drops)) {
    const i = findMarket(ctx.book, sym);
    if (i < 0 || !(pct > 0)) continue;
    const p = Math.min(100, pct);
    m.set(i, Math.round(p * 100));
    used[ctx.book.markets[i].symbol] = p;
  }
  const s = exactScenario(ctx.pb, ctx.fb, m);
  const u = unitOf(ctx);
  const top = s.liquidatable
    .map((i) => ({
      account: ctx.book.accounts[i].id,
      hf: hfToNumber(s.results.healthFactor[i]),
      collateralUSD: Number(s.results.totalCollateralBase[i]) / u,
      debtUSD: Number(s.results.totalDebtBase[i]) / u,
    }))
    .sort((a, b) => b.debtUSD - a.debtUSD)
    .slice(0, 25);
  const t = s.totals;
  return {
    block: ctx.book.block.number,
    drops: used,
    accounts: t.accounts,
    insolventAccounts: t.insolventAccounts,
    collateralAtRisk: t.collateralAtRisk / u,
    debtAtRisk: t.debtAtRisk / u,
    liquidatableDebt: t.liquidatableDebt / u,
    liquidatorBonus: t.liquidatorBonus / u,
    protocolFee: t.protocolFee / u,
    badDebt: t.badDebt / u,
    top,
    ms: performance.now() - t0,
  };
}
