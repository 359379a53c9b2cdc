import { Sandbox, ShockCurves } from '@/components/RiskClient';
import { CascadePanel } from '@/components/CascadeClient';
import { LiquidityDepth } from '@/components/LiquidityDepth';
import { DataTable } from '@/components/DataTable';
import { Card, DataState, Freshness, Kpi, PageHeader, type Meta } from '@/components/ui';
import { fmtAge, fmtEMode, fmtInt, fmtPct, fmtUSD } from '@/lib/format';
import { num } from '@/lib/shape';
import { RISK_TOKENS } from '@/lib/data/queries';
import { gql } from '@/lib/data/server';
import {
  riskAccounts,
  riskConcentration,
  riskCurves,
  riskSummary,
  riskVar,
  type VarView,
} from '@/lib/data/risk';
import { DEFAULT_AT_RISK_HF } from '@/lib/config';
import { STATUS_LABEL } from '@/lib/data/status-label';
import { pageNetwork, withNet, type SP } from '@/lib/data/page';
import { liquidationOdds, protocolOutlook } from '@/lib/data/predictions';
import { LossDistribution } from '@/components/LossDistribution';
import { Suspense } from 'react';
import { RiskHistorySection } from '@/components/RiskHistorySection';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Risk' };

interface OracleData {
  _meta: Meta;
  markets: Array<{
    id: string;
    symbol: string;
    totalSupplyUSD: string;
    underlyingToken: {
      id: string;
      lastPriceUSD: string;
      lastPriceTimestamp: string;
      lastPriceBlock: string;
      priceSource: string | null;
      priceAggregator: string | null;
    };
  }>;
}

const STALE_AFTER_S = 86400 + 3600;

/** How the VaR scenarios were made, in one sentence. */
function varSubtitle(v: VarView): string {
  const basis =
    v.method === 'bootstrap'
      ? `${fmtInt(v.scenarios)} bootstrap paths of ${v.horizonDays} days drawn from ${fmtInt(v.dailyReturns)} daily returns`
      : `${fmtInt(v.scenarios)} overlapping ${v.horizonDays}-day windows from ${fmtInt(v.days)} days`;
  return `${basis} of indexed prices, applied to today's book; figures are increases over today's`;
}

export default async function RiskPage({ searchParams }: { searchParams: Promise<SP> }) {
  const { sp, net } = await pageNetwork(searchParams);
  const [oracles, summary, accounts, curves, conc, vr, odds, outlook] = await Promise.all([
    gql<OracleData>(net, RISK_TOKENS),
    riskSummary(net.name),
    riskAccounts(net.name, 1.5, 1000),
    riskCurves(net.name),
    riskConcentration(net.name),
    riskVar(net.name),
    liquidationOdds(net.name),
    protocolOutlook(net.name),
  ]);
  const s = summary.data;
  const headTs = Number(oracles.data?._meta.block.timestamp ?? Date.now() / 1000);
  const oracleRows = (oracles.data?.markets ?? []).map((m) => {
    const age = headTs - Number(m.underlyingToken.lastPriceTimestamp);
    return {
      id: m.id,
      symbol: m.symbol,
      href: withNet(`/markets/${m.symbol}`, sp),
      price: num(m.underlyingToken.lastPriceUSD),
      updated: Number(m.underlyingToken.lastPriceTimestamp),
      age: fmtAge(Number(m.underlyingToken.lastPriceTimestamp), headTs * 1000),
      ageS: age,
      status: age > STALE_AFTER_S ? 'stale' : 'fresh',
      source: m.underlyingToken.priceSource ?? '',
      supply: num(m.totalSupplyUSD),
    };
  });
  const staleOracles = oracleRows.filter((o) => o.status === 'stale').length;
  const firstErr = [summary, accounts, curves, conc].find((x) => x.error);
  const assets = (oracles.data?.markets ?? []).map((m) => m.symbol);
  // the depth panel opens on the largest market
  const assetsBySupply = [...oracleRows].sort((a, b) => b.supply - a.supply).map((o) => o.symbol);
  const threshold = s?.threshold ?? accounts.data?.threshold ?? DEFAULT_AT_RISK_HF;
  return (
    <>
      <PageHeader
        title="Risk"
        subtitle={
          <>
            Health factors recomputed exactly at block {s ? fmtInt(s.block.number) : '—'} on{' '}
            {net.name}
          </>
        }
        right={<Freshness meta={oracles.data?._meta} error={oracles.error} />}
      />
      <DataState
        error={oracles.error}
        stale={oracles.stale}
        fetchedAt={oracles.fetchedAt}
        what="market data"
      />
      {firstErr && (oracles.data || !oracles.error) ? (
        <DataState
          error={firstErr.error}
          stale={firstErr.stale}
          fetchedAt={firstErr.fetchedAt}
          what="risk analytics"
        />
      ) : null}
      {!oracles.data && !s ? null : (
        <>
          <div className="kpis">
            <Kpi label="Borrowers" value={s ? fmtInt(s.borrowers) : '—'} />
            <Kpi
              label={`At risk (1 ≤ HF < ${threshold})`}
              testId="at-risk"
              value={s ? fmtInt(s.atRisk) : '—'}
              tone={s && s.atRisk ? 'warn' : undefined}
            />
            <Kpi
              label="Liquidatable (HF < 1)"
              testId="liquidatable"
              value={s ? fmtInt(s.liquidatable) : '—'}
              tone={s && s.liquidatable ? 'neg' : undefined}
              sub="with collateral to seize"
            />
            <Kpi
              label="Insolvent"
              testId="insolvent"
              value={s ? fmtInt(s.insolvent) : '—'}
              tone={s && s.insolvent ? 'neg' : undefined}
              sub="debt, no collateral: bad debt"
            />
            <Kpi
              label="Bad debt now"
              value={s ? fmtUSD(s.badDebtUSD) : '—'}
              tone={s && s.badDebtUSD > 0 ? 'neg' : undefined}
            />
            <Kpi
              label="Collateral at risk −20%"
              value={s ? fmtUSD(s.collateralAtRisk20USD) : '—'}
              sub="non-stable assets −20%"
            />
            <Kpi
              label="Stale oracles"
              value={oracles.data ? fmtInt(staleOracles) : '—'}
              tone={staleOracles ? 'warn' : undefined}
              sub="no update for > 25 h"
            />
          </div>
          <Card
            title="Accounts closest to liquidation"
            subtitle={`Borrowers with HF below 1.5, lowest first (at risk: below ${threshold})`}
          >
            <DataTable
              id="ar"
              filename={`at-risk-${net.name}`}
              defaultSort="hf:asc"
              pageSize={15}
              rows={(accounts.data?.rows ?? []).map((a) => ({
                id: a.id,
                account: a.id,
                href: withNet(`/accounts/${a.id}`, sp),
                hf: a.hf,
                p24: odds.data?.get(a.id)?.pLiquidation ?? null,
                collateral: a.collateralUSD,
                debt: a.debtUSD,
                emode: fmtEMode(a.eMode, a.eModeLabel),
                status: STATUS_LABEL[a.status],
              }))}
              filters={[{ key: 'status', label: 'Statuses', options: Object.values(STATUS_LABEL) }]}
              columns={[
                { key: 'account', label: 'Account', type: 'addr', href: 'href' },
                { key: 'hf', label: 'Health factor', type: 'hf' },
                { key: 'p24', label: 'P(liquidation 24h)', type: 'pct' },
                { key: 'collateral', label: 'Collateral', type: 'usd' },
                { key: 'debt', label: 'Debt', type: 'usd' },
                { key: 'status', label: 'Status' },
                { key: 'emode', label: 'E-mode', hideSm: true },
              ]}
              emptyText={accounts.error ?? 'No borrower has HF below 1.5.'}
            />
          </Card>
          <Suspense fallback={<p className="muted">Loading the risk history…</p>}>
            <RiskHistorySection network={net.name} sp={sp} />
          </Suspense>
          <div className="cols-2">
            <Card
              title="Collateral at risk vs price drop"
              subtitle="Same drop for every asset of a correlated group, or one asset alone"
            >
              {curves.data ? (
                <ShockCurves drops={curves.data.drops} series={curves.data.series} />
              ) : (
                <p className="muted">{curves.error}</p>
              )}
            </Card>
            <Card
              title="Value at risk (historical simulation)"
              subtitle={vr.data ? varSubtitle(vr.data) : undefined}
            >
              {vr.data ? (
                <DataTable
                  id="var"
                  searchable={false}
                  filename={`var-${net.name}`}
                  pageSize={5}
                  rows={[
                    {
                      id: 'bad',
                      metric: 'New bad debt (VaR)',
                      today: vr.data.badDebt.today,
                      p95: vr.data.badDebt.p95,
                      p99: vr.data.badDebt.p99,
                      max: vr.data.badDebt.max,
                    },
                    {
                      id: 'liq',
                      metric: 'New liquidation volume (LaR)',
                      today: vr.data.liquidation.today,
                      p95: vr.data.liquidation.p95,
                      p99: vr.data.liquidation.p99,
                      max: vr.data.liquidation.max,
                    },
                    {
                      id: 'dar',
                      metric: 'Debt becoming liquidatable',
                      today: vr.data.debtAtRisk.today,
                      p95: vr.data.debtAtRisk.p95,
                      p99: vr.data.debtAtRisk.p99,
                      max: vr.data.debtAtRisk.max,
                    },
                  ]}
                  columns={[
                    { key: 'metric', label: `${vr.data.horizonDays}-day increase` },
                    {
                      key: 'today',
                      label: 'Today',
                      type: 'usd',
                      title: 'already in the book today; the percentiles are added to it',
                    },
                    {
                      key: 'p95',
                      label: '95%',
                      type: 'usd',
                      title: `${vr.data.tail.p95} scenarios at or beyond this figure`,
                    },
                    {
                      key: 'p99',
                      label: '99%',
                      type: 'usd',
                      title: `${vr.data.tail.p99} scenarios at or beyond this figure`,
                    },
                    { key: 'max', label: 'Worst', type: 'usd' },
                  ]}
                />
              ) : (
                <p className="muted">{vr.error}</p>
              )}
              {vr.data ? (
                <p className="muted small" data-var-basis>
                  95% rests on the worst {fmtInt(vr.data.tail.p95)} of {fmtInt(vr.data.scenarios)}{' '}
                  scenarios, 99% on the worst {fmtInt(vr.data.tail.p99)}.
                </p>
              ) : null}
              {vr.data?.missing.length ? (
                <p className="muted small">
                  No price history for {vr.data.missing.join(', ')} (held at today&apos;s price).
                </p>
              ) : null}
              {conc.data ? (
                <>
                  <h3 style={{ margin: '18px 0 8px' }}>Concentration</h3>
                  <DataTable
                    id="conc"
                    searchable={false}
                    filename={`concentration-${net.name}`}
                    pageSize={5}
                    rows={[
                      {
                        id: 'd',
                        what: 'Debt',
                        top10: conc.data.debt.top10Share,
                        top100: conc.data.debt.top100Share,
                        hhi: conc.data.debt.hhi,
                        holders: conc.data.debt.holders,
                        total: conc.data.debt.totalUSD,
                      },
                      {
                        id: 'c',
                        what: 'Collateral',
                        top10: conc.data.collateral.top10Share,
                        top100: conc.data.collateral.top100Share,
                        hhi: conc.data.collateral.hhi,
                        holders: conc.data.collateral.holders,
                        total: conc.data.collateral.totalUSD,
                      },
                    ]}
                    columns={[
                      { key: 'what', label: '' },
                      { key: 'total', label: 'Total', type: 'usd' },
                      { key: 'top10', label: 'Top 10', type: 'pct' },
                      { key: 'top100', label: 'Top 100', type: 'pct' },
                      {
                        key: 'hhi',
                        label: 'HHI',
                        type: 'int',
                        title: 'Herfindahl–Hirschman index, 0–10,000',
                      },
                      { key: 'holders', label: 'Holders', type: 'int' },
                    ]}
                  />
                </>
              ) : null}
            </Card>
          </div>
          <Card
            title="Loss distribution, next 24 hours"
            subtitle={
              outlook.data
                ? `${fmtInt(outlook.data.paths)} simulated oracle price paths (EWMA-filtered historical simulation of up to 30 days of oracle prices); each borrower's first liquidation at oracle prices`
                : undefined
            }
            id="loss-distribution"
          >
            {outlook.data ? (
              <>
                <LossDistribution outlook={outlook.data} />
                {outlook.data.notes.map((n) => (
                  <p key={n} className="muted small">
                    {n}
                  </p>
                ))}
              </>
            ) : (
              <p className="muted">{outlook.error}</p>
            )}
          </Card>
          <Card
            title="Liquidation cascade through the DEX"
            subtitle="After the shock, liquidators repay what is profitable once the seized collateral is sold on Uniswap V3; next to it, the figure with unlimited buyers at the oracle price"
            id="cascade"
          >
            <CascadePanel network={net.name} assets={assets} />
          </Card>
          <Card
            title="DEX depth"
            subtitle="What sells before the pool price falls by 1, 2, 5 and 10%"
            id="depth"
          >
            <LiquidityDepth network={net.name} assets={assetsBySupply} />
          </Card>
          <Card
            title="Stress sandbox"
            subtitle="Move oracle prices per asset; liquidatable accounts are recomputed with the protocol's exact math"
          >
            <Sandbox network={net.name} assets={assets} />
          </Card>
          <div className="cols-2">
            <Card title="Exposure by e-mode, isolation and asset class">
              <DataTable
                id="ex"
                filename={`exposure-${net.name}`}
                pageSize={20}
                rows={(conc.data?.rows ?? []).map((r, i) => ({ id: String(i), ...r }))}
                filters={[
                  {
                    key: 'dimension',
                    label: 'Dimensions',
                    options: ['E-mode', 'Isolation', 'Asset class'],
                  },
                ]}
                columns={[
                  { key: 'dimension', label: 'Dimension' },
                  { key: 'label', label: 'Segment' },
                  { key: 'accounts', label: 'Accounts', type: 'int' },
                  { key: 'collateralUSD', label: 'Collateral', type: 'usd' },
                  { key: 'debtUSD', label: 'Debt', type: 'usd' },
                ]}
                emptyText={conc.error ?? 'No positions.'}
              />
            </Card>
            <Card title="Oracle freshness" subtitle="Last AaveOracle price read per asset">
              <DataTable
                id="or"
                filename={`oracles-${net.name}`}
                defaultSort="ageS:desc"
                pageSize={20}
                rows={oracleRows}
                columns={[
                  { key: 'symbol', label: 'Asset', href: 'href' },
                  { key: 'price', label: 'Price', type: 'price' },
                  { key: 'updated', label: 'Last update', type: 'time', hideSm: true },
                  { key: 'ageS', label: 'Age', type: 'duration', csv: 'ageSeconds' },
                  { key: 'status', label: 'Status' },
                  { key: 'source', label: 'Source', type: 'addr', hideSm: true },
                ]}
              />
            </Card>
          </div>
        </>
      )}
    </>
  );
}
