import Link from 'next/link';
import { LineBarChart } from '@/components/Chart';
import { DataTable } from '@/components/DataTable';
import { Card, DataState, Freshness, Kpi, PageHeader, type Meta } from '@/components/ui';
import { fmtDay, fmtInt, fmtUSD } from '@/lib/format';
import { DAY } from '@/lib/shape';
import { LIQUIDATION_FIELDS, META } from '@/lib/data/queries';
import { gql, gqlAll } from '@/lib/data/server';
import { one, pageNetwork, withNet, type SP } from '@/lib/data/page';
import { LIQUIDATION_FIGURES as F } from '@/lib/data/liquidation-figures';
import { liquidationsView, type LiquidationEntity } from '@/lib/data/liquidations';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Liquidations' };

const WINDOWS: Array<[string, number]> = [
  ['7d', 7],
  ['30d', 30],
  ['90d', 90],
  ['1y', 365],
];

export default async function LiquidationsPage({ searchParams }: { searchParams: Promise<SP> }) {
  const { sp, net } = await pageNetwork(searchParams);
  const win = WINDOWS.find(([k]) => k === one(sp, 'window')) ?? WINDOWS[1];
  const nowS = Math.floor(Date.now() / 1000);
  const since = nowS - win[1] * DAY;
  const [res, meta] = await Promise.all([
    gqlAll<LiquidationEntity>(net, 'liquidations', LIQUIDATION_FIELDS, `timestamp_gte: "${since}"`),
    gql<{ _meta: Meta }>(net, `query Meta { ${META} }`),
  ]);
  const v = liquidationsView(res.data ?? [], win[1], nowS);
  const t = v.totals;
  const rows = v.rows.map((r) => ({ ...r, accountHref: withNet(`/accounts/${r.account}`, sp) }));
  return (
    <>
      <PageHeader
        title="Liquidations"
        subtitle={`Network ${net.name} · last ${win[0]}`}
        right={
          <>
            <div className="seg" role="group" aria-label="Window">
              {WINDOWS.map(([k]) => (
                <Link
                  key={k}
                  href={withNet(`/liquidations?window=${k}`, sp)}
                  className={k === win[0] ? 'active' : ''}
                  prefetch={false}
                >
                  {k}
                </Link>
              ))}
            </div>
            <Freshness meta={meta.data?._meta} error={meta.error} />
          </>
        }
      />
      <DataState
        error={res.error}
        stale={res.stale}
        fetchedAt={res.fetchedAt}
        what="liquidations"
      />
      {res.data ? (
        <>
          <div className="kpis">
            <Kpi
              label={F.debtRepaid}
              value={fmtUSD(t.debtRepaidUSD)}
              sub={`${fmtInt(t.count)} liquidations`}
            />
            <Kpi
              label={F.collateralSeized}
              value={fmtUSD(t.collateralSeizedUSD)}
              sub="received by liquidators"
            />
            <Kpi
              label={F.liquidatorBonus}
              value={fmtUSD(t.liquidatorBonusUSD)}
              sub={
                t.debtRepaidUSD
                  ? `${((t.liquidatorBonusUSD / t.debtRepaidUSD) * 100).toFixed(2)}% of debt repaid`
                  : undefined
              }
            />
            <Kpi
              label={F.protocolFee}
              value={fmtUSD(t.protocolFeeUSD)}
              sub="collateral to the treasury"
            />
            <Kpi label="Accounts liquidated" value={fmtInt(t.accounts)} />
            <Kpi label="Liquidators" value={fmtInt(t.liquidators)} />
          </div>
          <div className="cols-2">
            <Card
              title={`${F.debtRepaid} per day`}
              subtitle="USD at each liquidation, with the number of liquidations"
            >
              <LineBarChart
                testId="chart-liq-volume"
                kind="bar"
                labels={v.debtRepaidPerDay.map((x) => fmtDay(x.ts))}
                series={[
                  {
                    label: F.debtRepaid,
                    data: v.debtRepaidPerDay.map((x) => x.value),
                    color: '#ef4444',
                  },
                  {
                    label: 'Liquidations',
                    data: v.debtRepaidPerDay.map((x) => x.count),
                    type: 'line',
                    yAxis: 'y1',
                    color: '#64748b',
                  },
                ]}
                y1Format="int"
              />
            </Card>
            <Card
              title={`${F.liquidatorBonus} per day`}
              subtitle={`${F.collateralSeized} − ${F.debtRepaid.toLowerCase()}`}
            >
              <LineBarChart
                testId="chart-liq-bonus"
                kind="bar"
                labels={v.bonusPerDay.map((x) => fmtDay(x.ts))}
                series={[
                  {
                    label: F.liquidatorBonus,
                    data: v.bonusPerDay.map((x) => x.value),
                    color: '#14b8a6',
                  },
                ]}
              />
            </Card>
          </div>
          <Card>
            <DataTable
              id="lq"
              title="Liquidation events"
              filename={`liquidations-${net.name}-${win[0]}`}
              defaultSort="ts:desc"
              rows={rows}
              filters={[
                { key: 'collateral', label: 'Collateral', options: v.collateralSymbols },
                { key: 'debt', label: 'Debt', options: v.debtSymbols },
              ]}
              searchKeys={['account', 'liquidator', 'collateral', 'debt', 'tx']}
              columns={[
                { key: 'ts', label: 'Time', type: 'time' },
                { key: 'account', label: 'Account', type: 'addr', href: 'accountHref' },
                { key: 'liquidator', label: 'Liquidator', type: 'addr', hideSm: true },
                { key: 'collateral', label: 'Collateral' },
                { key: 'debt', label: 'Debt' },
                { key: 'debtRepaid', label: F.debtRepaid, type: 'usd' },
                { key: 'seized', label: F.collateralSeized, type: 'usd', hideSm: true },
                { key: 'bonus', label: F.liquidatorBonus, type: 'usd' },
                { key: 'fee', label: F.protocolFee, type: 'usd', hideSm: true },
                { key: 'tx', label: 'Tx', type: 'addr', hideSm: true },
              ]}
              emptyText="No liquidations in this window."
            />
          </Card>
          <Card>
            <DataTable
              id="lqr"
              title="Top liquidators"
              filename={`liquidators-${net.name}-${win[0]}`}
              defaultSort="debtRepaidUSD:desc"
              pageSize={15}
              rows={v.tops}
              columns={[
                { key: 'liquidator', label: 'Liquidator', type: 'addr' },
                { key: 'count', label: 'Liquidations', type: 'int' },
                { key: 'debtRepaidUSD', label: F.debtRepaid, type: 'usd' },
                { key: 'share', label: 'Share', type: 'pct' },
                { key: 'liquidatorBonusUSD', label: F.liquidatorBonus, type: 'usd' },
              ]}
            />
          </Card>
        </>
      ) : null}
    </>
  );
}
