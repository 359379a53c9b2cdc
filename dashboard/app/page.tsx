import Link from 'next/link';
import { Suspense } from 'react';
import { RiskHistoryMini } from '@/components/RiskHistoryMini';
import { DoughnutChart, LineBarChart, SERIES_COLORS } from '@/components/Chart';
import { DataTable } from '@/components/DataTable';
import { Card, DataState, Freshness, Kpi, PageHeader } from '@/components/ui';
import { fmtDay, fmtInt, fmtPct, fmtUSD } from '@/lib/format';
import { DAY, num } from '@/lib/shape';
import { OVERVIEW, TOTALS } from '@/lib/data/queries';
import { gql } from '@/lib/data/server';
import { getNetworks, resolveNetwork } from '@/lib/config';
import { riskSummary } from '@/lib/data/risk';
import { one, withNet, type SP } from '@/lib/data/page';
import { LIQUIDATION_FIGURES as F } from '@/lib/data/liquidation-figures';
import {
  crossNetworkView,
  overviewView,
  type OverviewData,
  type TotalsData,
} from '@/lib/data/overview';

export const dynamic = 'force-dynamic';

export default async function OverviewPage({ searchParams }: { searchParams: Promise<SP> }) {
  const sp = await searchParams;
  if (one(sp, 'network') === 'all') return <CrossNetwork />;
  const net = resolveNetwork(one(sp, 'network'));
  const nowS = Math.floor(Date.now() / 1000);
  const [res, risk] = await Promise.all([
    gql<OverviewData>(net, OVERVIEW, { since: String(nowS - 30 * DAY) }),
    riskSummary(net.name),
  ]);
  const d = res.data;
  const headerRight = <Freshness meta={d?._meta} error={res.error} />;
  if (!d) {
    return (
      <>
        <PageHeader title="Overview" subtitle={`Network ${net.name}`} right={headerRight} />
        <DataState error={res.error} stale={false} fetchedAt={0} what="protocol data" />
      </>
    );
  }
  const v = overviewView(d, net.name, nowS);
  const r = risk.data;
  const netq = (h: string) => withNet(h, sp);

  return (
    <>
      <PageHeader
        title="Overview"
        subtitle={
          <>
            Aave V3 deployment on <strong>{net.name}</strong>
            {d.protocols.length > 1 ? ` · ${d.protocols.length} pools` : ''}
          </>
        }
        right={headerRight}
      />
      <DataState
        error={res.error}
        stale={res.stale}
        fetchedAt={res.fetchedAt}
        what="protocol data"
      />
      <div className="kpis kpis-4">
        <Kpi
          label="Total supplied (TVL)"
          value={fmtUSD(v.supplyUSD)}
          sub={`${d.markets.length} markets`}
        />
        <Kpi
          label="Borrowed"
          value={fmtUSD(v.borrowUSD)}
          sub={`${fmtInt(v.borrowers)} borrowers`}
        />
        <Kpi label="Utilisation" value={fmtPct(v.utilization)} />
        <Kpi
          label="Accounts"
          value={fmtInt(v.accounts)}
          sub={d.protocols[0] ? `${fmtInt(v.borrowers)} with debt` : undefined}
        />
        <Kpi
          label={r ? `Accounts at risk (HF < ${r.threshold})` : 'Accounts at risk'}
          testId="at-risk"
          value={r ? fmtInt(r.atRisk + r.liquidatable) : '—'}
          tone={r && r.liquidatable ? 'neg' : r && r.atRisk ? 'warn' : undefined}
          sub={
            r ? (
              <>
                <Link href={netq('/risk')}>{fmtInt(r.liquidatable)} liquidatable</Link> ·{' '}
                {fmtInt(r.insolvent)} insolvent
              </>
            ) : (
              (risk.error ?? 'risk engine unavailable')
            )
          }
        />
        <Kpi
          label="Collateral at risk −20%"
          value={r ? fmtUSD(r.collateralAtRisk20USD) : '—'}
          sub="all non-stable assets fall 20%"
        />
        <Kpi
          label={`${F.debtRepaid} in liquidations, 24h · 7d`}
          testId="liquidations"
          value={
            <>
              {fmtUSD(v.debtRepaid24h.sum)}{' '}
              <span className="kpi-second">· {fmtUSD(v.debtRepaid7d.sum)}</span>
            </>
          }
          sub={`${v.debtRepaid24h.count} events in 24h · ${v.debtRepaid7d.count} in 7d`}
        />
        <Kpi
          label="Bad debt"
          value={r ? fmtUSD(r.badDebtUSD) : '—'}
          tone={r && r.badDebtUSD > 0 ? 'neg' : undefined}
          sub={
            r && r.insolvent
              ? `debt not covered by collateral · ${fmtInt(r.insolvent)} insolvent account${r.insolvent === 1 ? '' : 's'}`
              : 'debt not covered by collateral'
          }
        />
      </div>
      {risk.error ? (
        <DataState
          error={risk.error}
          stale={risk.stale}
          fetchedAt={risk.fetchedAt}
          what="risk metrics"
        />
      ) : null}
      <div className="cols-2">
        <Card title="TVL and borrows" subtitle="Daily, USD at each day's oracle prices">
          {v.daily.length ? (
            <LineBarChart
              testId="chart-tvl"
              labels={v.daily.map((s) => fmtDay(s.day * DAY))}
              series={[
                { label: 'Supplied', data: v.daily.map((s) => num(s.totalSupplyUSD)), fill: true },
                { label: 'Borrowed', data: v.daily.map((s) => num(s.totalBorrowUSD)), fill: true },
              ]}
            />
          ) : (
            <p className="muted">No daily snapshots yet.</p>
          )}
        </Card>
        <Card title="Liquidations per day" subtitle={`${F.collateralTaken}, last 30 days`}>
          <LineBarChart
            testId="chart-liq"
            kind="bar"
            labels={v.collateralTakenLast30.map((s) => fmtDay(s.day * DAY))}
            series={[
              {
                label: F.collateralTaken,
                data: v.collateralTakenLast30.map((s) => s.collateralTakenUSD),
                color: '#ef4444',
              },
            ]}
          />
        </Card>
      </div>
      <Suspense fallback={null}>
        <RiskHistoryMini network={net.name} href={`${netq('/risk?history=hour')}#history`} />
      </Suspense>
      <div className="cols-3">
        <Card title="Supply by asset">
          <DoughnutChart
            testId="chart-asset"
            labels={v.byAsset.map((x) => x.label)}
            values={v.byAsset.map((x) => x.value)}
          />
        </Card>
        <Card title="Supply by asset class">
          <DoughnutChart
            testId="chart-class"
            labels={v.byClass.map((x) => x.label)}
            values={v.byClass.map((x) => x.value)}
          />
        </Card>
        <Card title="Health-factor distribution" subtitle="Accounts with debt, by HF">
          {r ? (
            <LineBarChart
              testId="chart-hf"
              kind="bar"
              height={240}
              yFormat="int"
              labels={r.hfBuckets.map((b) => b.label)}
              series={[
                { label: 'Accounts', data: r.hfBuckets.map((b) => b.accounts), color: '#4f6df5' },
              ]}
            />
          ) : (
            <p className="muted">{risk.error ?? 'Risk engine unavailable.'}</p>
          )}
        </Card>
      </div>
      <Card
        title="Markets"
        right={
          <Link href={netq('/markets')} className="small">
            All market details →
          </Link>
        }
      >
        <DataTable
          id="ovm"
          filename={`markets-${net.name}`}
          defaultSort="supply:desc"
          rows={v.markets.map((m) => ({ ...m, href: netq(`/markets/${m.symbol}`) }))}
          columns={[
            { key: 'symbol', label: 'Asset', href: 'href' },
            { key: 'cls', label: 'Class', hideSm: true },
            { key: 'supply', label: 'Supplied', type: 'usd' },
            { key: 'borrow', label: 'Borrowed', type: 'usd' },
            { key: 'util', label: 'Utilisation', type: 'pct' },
            { key: 'share', label: 'Share of TVL', type: 'pct', hideSm: true },
          ]}
        />
      </Card>
    </>
  );
}

async function CrossNetwork() {
  let nets: ReturnType<typeof getNetworks>;
  try {
    nets = getNetworks();
  } catch {
    nets = [];
  }
  const reads = await Promise.all(
    nets.map(async (n) => ({ network: n.name, read: await gql<TotalsData>(n, TOTALS, {}) })),
  );
  const { totals: t, down, oldestFetchedAt, ...cross } = crossNetworkView(reads);
  const rows = cross.rows.map((r) => ({
    ...r,
    href: `/?network=${encodeURIComponent(r.network)}`,
  }));
  return (
    <>
      <PageHeader
        title="All networks"
        subtitle={`Totals across ${nets.length} configured network${nets.length === 1 ? '' : 's'}`}
      />
      {down.length ? (
        <DataState
          error={`${down.join(', ')} did not answer; totals include their last known data.`}
          stale={true}
          fetchedAt={oldestFetchedAt ?? Date.now()}
          what="data of every network"
        />
      ) : null}
      <div className="kpis">
        <Kpi label="Total supplied" value={fmtUSD(t.supply)} />
        <Kpi label="Borrowed" value={fmtUSD(t.borrow)} />
        <Kpi label="Utilisation" value={fmtPct(t.supply ? t.borrow / t.supply : 0)} />
        <Kpi label="Accounts" value={fmtInt(t.accounts)} />
        <Kpi
          label={`${F.collateralTaken}, all time`}
          value={fmtUSD(t.collateralTaken)}
          sub="in liquidations"
        />
      </div>
      <div className="cols-2">
        <Card title="Supply by network">
          <DoughnutChart
            testId="chart-networks"
            labels={rows.map((r) => r.network)}
            values={rows.map((r) => r.supply)}
          />
        </Card>
        <Card title="Supplied and borrowed by network">
          <LineBarChart
            testId="chart-networks-borrow"
            kind="bar"
            labels={rows.map((r) => r.network)}
            series={[
              { label: 'Supplied', data: rows.map((r) => r.supply), color: SERIES_COLORS.supplied },
              { label: 'Borrowed', data: rows.map((r) => r.borrow), color: SERIES_COLORS.borrowed },
            ]}
          />
        </Card>
      </div>
      <Card title="Networks">
        <DataTable
          id="nets"
          filename="networks"
          defaultSort="supply:desc"
          rows={rows}
          columns={[
            { key: 'network', label: 'Network', href: 'href' },
            { key: 'supply', label: 'Supplied', type: 'usd' },
            { key: 'borrow', label: 'Borrowed', type: 'usd' },
            { key: 'util', label: 'Utilisation', type: 'pct' },
            { key: 'accounts', label: 'Accounts', type: 'int' },
            { key: 'collateralTaken', label: F.collateralTaken, type: 'usd' },
            { key: 'block', label: 'Block', type: 'int' },
            { key: 'status', label: 'Status' },
          ]}
        />
      </Card>
    </>
  );
}
