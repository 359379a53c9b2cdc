// Plain request handlers behind /api/risk/* (the Next route files only re-export these), so tests
// can call them without a Next server. Integers are strings in protocol units: HF in wad, values
// in base currency units (8 decimals for USD markets).
import { atRiskThreshold } from '@/lib/config';
import { borrowersOf, borrowerSummaryOf } from '@/lib/data/borrowers';
import { marketsOfGroup } from '@/lib/data/market-selection';
import {
  BadParam,
  blockJson,
  cachedJson,
  context,
  handle,
  marketByParam,
  NotFound,
  numParam,
  parseScenario,
} from '@/lib/api/handler';
import { MAX_UINT256 } from '@/lib/risk/math';
import {
  exactScenario,
  hfDistribution,
  liquidationPrices,
  marketsOfClass,
  shockCurve,
} from '@/lib/risk/analysis';
import { totalsToJson } from '@/lib/risk/liquidation';
import { SHOCK_GROUPS, assetClassOf, resolveGroup } from '@/lib/risk/classes';
import { borrowerStatus, hfThresholdWad } from '@/lib/risk/status';
import { historicalVar } from '@/lib/risk/var';
import { concentration } from '@/lib/risk/concentration';
import { accountProtection } from '@/lib/data/protection';

const hfStr = (hf: bigint) => hf.toString();

/** `threshold=` (the at-risk health factor), else AT_RISK_HF. */
const thresholdParam = (q: URLSearchParams) => numParam(q, 'threshold', atRiskThreshold(), 0, 100);

/**
 * GET /api/risk/accounts: every account with debt, lowest HF first, each with its status
 * (healthy, at-risk, liquidatable, insolvent). `below=1.1` keeps HF < 1.1 (exact).
 */
export const accountsHandler = handle(async (q) => {
  const below = q.get('below') === null ? null : numParam(q, 'below', undefined, 0, 1e9);
  const threshold = thresholdParam(q);
  const c = await context(q);
  return cachedJson(c, 'accounts', q, () => {
    const belowWad = below === null ? null : hfThresholdWad(below);
    const rows = borrowersOf(c, threshold).filter(
      (b) => belowWad === null || b.healthFactor < belowWad,
    );
    return {
      network: c.book.network,
      block: blockJson(c),
      threshold,
      count: rows.length,
      accounts: rows.map((b) => ({
        account: b.account,
        status: b.status,
        healthFactor: hfStr(b.healthFactor),
        totalCollateralBase: b.collateralBase.toString(),
        totalDebtBase: b.debtBase.toString(),
        eModeCategoryId: b.eModeCategoryId,
      })),
    };
  });
});

/** GET /api/risk/shock: accounts liquidatable after the shock (exact HF), at-risk totals. */
export const shockHandler = handle(async (q) => {
  const limit = numParam(q, 'limit', 1000, 0, 1e6);
  const c = await context(q);
  return cachedJson(c, 'shock', q, () => {
    const { drops, label } = parseScenario(c, q);
    const s = exactScenario(c.pb, c.fb, drops);
    const before = c.results;
    const newly = s.liquidatable.filter((i) => before.healthFactor[i] >= 10n ** 18n).length;
    const newlyInsolvent = s.insolvent.filter((i) => before.totalCollateralBase[i] !== 0n).length;
    return {
      network: c.book.network,
      block: blockJson(c),
      scenario: {
        label,
        shocks: [...drops].map(([m, bps]) => ({
          asset: c.book.markets[m].id,
          symbol: c.book.markets[m].symbol,
          dropPct: bps / 100,
          priceBase: c.pb.basePrices[m].toString(),
          shockedPriceBase: s.prices[m].toString(),
        })),
      },
      ...totalsToJson(s.totals),
      // the list below replaces the count from totalsToJson
      liquidatableCount: s.totals.accounts,
      newlyLiquidatable: newly,
      insolventCount: s.insolvent.length,
      newlyInsolvent,
      accounts: s.liquidatable
        .sort((a, b) => (s.results.healthFactor[a] < s.results.healthFactor[b] ? -1 : 1))
        .slice(0, limit)
        .map((i) => ({
          account: c.book.accounts[i].id,
          healthFactorBefore: hfStr(before.healthFactor[i]),
          healthFactor: hfStr(s.results.healthFactor[i]),
          totalCollateralBase: s.results.totalCollateralBase[i].toString(),
          totalDebtBase: s.results.totalDebtBase[i].toString(),
        })),
    };
  });
});

const DEFAULT_DROPS = Array.from({ length: 19 }, (_, i) => i * 5);

/** GET /api/risk/curve: collateral at risk vs price drop 0–90%, per asset and per group. */
export const curveHandler = handle(async (q) => {
  const step = numParam(q, 'step', 5, 1, 90);
  const drops =
    step === 5
      ? DEFAULT_DROPS
      : Array.from({ length: Math.floor(90 / step) + 1 }, (_, i) => i * step);
  const c = await context(q);
  return cachedJson(c, 'curve', q, () => {
    const asset = q.get('asset'),
      group = q.get('group');
    const series: Array<{
      kind: 'asset' | 'group';
      name: string;
      markets: string[];
      points: unknown[];
    }> = [];
    const add = (kind: 'asset' | 'group', name: string, markets: number[]) => {
      const pts = c.get(`curve|${kind}|${name}|${step}`, () =>
        shockCurve(c.pb, c.fb, new Set(markets), drops),
      );
      series.push({
        kind,
        name,
        markets: markets.map((m) => c.book.markets[m].symbol),
        points: pts.map((p) => ({
          dropPct: p.dropPct,
          ...totalsToJson(p),
          collateralAtRiskToday: BigInt(Math.round(p.collateralAtRiskToday)).toString(),
        })),
      });
    };
    if (asset)
      add('asset', c.book.markets[marketByParam(c, asset)].symbol, [marketByParam(c, asset)]);
    else if (group) {
      const markets = marketsOfGroup(c.pb, group);
      add('group', resolveGroup(group)!, markets);
    } else {
      c.book.markets.forEach((m, i) => add('asset', m.symbol, [i]));
      for (const g of SHOCK_GROUPS) {
        const ms = marketsOfClass(c.pb, g);
        if (ms.length) add('group', g, ms);
      }
    }
    return { network: c.book.network, block: blockJson(c), drops, series };
  });
});

/**
 * GET /api/risk/summary: totals, borrowers per status, HF distribution. `atRisk`,
 * `liquidatable` and `insolvent` are disjoint statuses (an insolvent account is not liquidatable).
 */
export const summaryHandler = handle(async (q) => {
  const threshold = thresholdParam(q);
  const c = await context(q);
  return cachedJson(c, 'summary', q, () => {
    const r = c.results;
    let coll = 0n,
      debt = 0n;
    for (let i = 0; i < r.healthFactor.length; i++) {
      coll += r.totalCollateralBase[i];
      debt += r.totalDebtBase[i];
    }
    const b = borrowerSummaryOf(c, threshold);
    const count = (s: keyof typeof b.byStatus) => ({
      accounts: b.byStatus[s].accounts,
      debtBase: b.byStatus[s].debtBase.toString(),
    });
    return {
      network: c.book.network,
      block: blockJson(c),
      baseCurrencyUnit: c.book.baseCurrencyUnit.toString(),
      // exact to getUserAccountData through Aave 3.4 (Pool revision ≤ 8); 3.5+ rounds per direction
      model: {
        poolRevision: c.book.poolRevision ?? null,
        exact: (c.book.poolRevision ?? 1) <= 8,
        smallPositionRules: !!c.book.smallPositionRules,
      },
      accounts: c.book.accounts.length,
      borrowers: b.borrowers,
      totalCollateralBase: coll.toString(),
      totalDebtBase: debt.toString(),
      healthy: count('healthy'),
      atRisk: { threshold, ...count('at-risk') },
      liquidatable: count('liquidatable'),
      insolvent: count('insolvent'),
      badDebtBase: b.badDebtBase.toString(),
      hfDistribution: c.get('dist', () => hfDistribution(r)),
      markets: c.book.markets.map((m, i) => ({
        asset: m.id,
        symbol: m.symbol,
        class: assetClassOf(c.book.network, m),
        priceBase: c.pb.basePrices[i].toString(),
      })),
    };
  });
});

/** GET /api/risk/at-risk: accounts with HF < threshold, with liquidation prices per collateral. */
export const atRiskHandler = handle(async (q) => {
  const threshold = thresholdParam(q);
  const limit = numParam(q, 'limit', 100, 1, 10000);
  const c = await context(q);
  return cachedJson(c, 'at-risk', q, () => {
    const rows = borrowersOf(c, threshold).filter((b) => b.status !== 'healthy');
    return {
      network: c.book.network,
      block: blockJson(c),
      threshold,
      count: rows.length,
      accounts: rows.slice(0, limit).map((b) => ({
        account: b.account,
        status: b.status,
        healthFactor: hfStr(b.healthFactor),
        totalCollateralBase: b.collateralBase.toString(),
        totalDebtBase: b.debtBase.toString(),
        liquidationPrices: liquidationPrices(c.pb, c.fb, b.index),
      })),
    };
  });
});

/** GET /api/risk/var: historical-simulation VaR/LaR (95/99%) over daily price returns. */
export const varHandler = handle(async (q) => {
  const window = numParam(q, 'window', 365, 1, 5000);
  const horizon = numParam(q, 'horizon', 1, 1, 30);
  const c = await context(q);
  if (!c.priceHistory) throw new BadParam('network', 'no price history source for this book');
  const hist = await c.get('hist', () => c.priceHistory!());
  return cachedJson(c, 'var', q, () => ({
    network: c.book.network,
    block: blockJson(c),
    ...historicalVar(c.pb, c.fb, hist, window, horizon),
  }));
});

/** GET /api/risk/concentration: top-N shares, HHI, exposure by e-mode / isolation / class. */
export const concentrationHandler = handle(async (q) => {
  const c = await context(q);
  return cachedJson(c, 'concentration', q, () => {
    return {
      network: c.book.network,
      block: blockJson(c),
      ...c.get('conc', () => concentration(c.pb, c.fb, c.results)),
    };
  });
});

/**
 * GET /api/risk/account/[address]: one account, positions with balances now, liquidation prices,
 * and `toTarget`: the least repayment or supply that brings HF to `target=` (default 1.5).
 */
export const accountHandler = handle(async (q, extra) => {
  const address = (extra.address ?? q.get('address') ?? '').toLowerCase();
  if (!/^0x[0-9a-f]{40}$/.test(address))
    throw new BadParam('address', 'address must be 0x + 40 hex digits');
  const target = numParam(q, 'target', 1.5, 1, 100);
  const c = await context(q);
  return cachedJson(c, 'account', new URLSearchParams({ address, target: String(target) }), () => {
    const i = c.accountIndex(address);
    if (i < 0)
      throw new NotFound(`account ${address} has no positions at block ${c.book.block.hash}`);
    const r = c.results,
      pb = c.pb;
    const positions = [];
    for (let k = pb.accStart[i]; k < pb.accStart[i + 1]; k++) {
      const m = c.book.markets[pb.posMarket[k]];
      positions.push({
        asset: m.id,
        symbol: m.symbol,
        decimals: m.decimals,
        supply: (pb.posColl[k] + pb.posIdleSupply[k]).toString(),
        collateral: pb.posColl[k] !== 0n,
        debt: pb.posDebt[k].toString(),
        priceBase: pb.basePrices[pb.posPriceKey[k]].toString(),
        liquidationThreshold: pb.posLt[k],
        liquidationBonus: pb.posBonus[k],
      });
    }
    return {
      network: c.book.network,
      block: blockJson(c),
      account: address,
      eModeCategoryId: c.book.accounts[i].eModeCategoryId,
      status: borrowerStatus(
        r.healthFactor[i],
        r.totalCollateralBase[i],
        r.totalDebtBase[i],
        hfThresholdWad(atRiskThreshold()),
      ),
      healthFactor: hfStr(r.healthFactor[i]),
      healthFactorIsInfinite: r.healthFactor[i] === MAX_UINT256,
      totalCollateralBase: r.totalCollateralBase[i].toString(),
      totalDebtBase: r.totalDebtBase[i].toString(),
      currentLiquidationThreshold: r.avgLiquidationThreshold[i].toString(),
      ltv: r.avgLtv[i].toString(),
      positions,
      liquidationPrices: liquidationPrices(pb, c.fb, i),
      // the least repayment / supply that brings HF to `target` (null without debt)
      toTarget: accountProtection(c, address, target),
    };
  });
});
