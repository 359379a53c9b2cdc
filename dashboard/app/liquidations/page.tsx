import Link from 'next/link';
import { LineBarChart } from '@/components/Chart';
import { DataTable } from '@/components/DataTable';
import { Card, DataState, Freshness, Kpi, PageHeader, type Meta } from '@/components/ui';
import { fmtDay, fmtInt, fmtUSD } from '@/lib/format';
import { DAY, num, perDay, topLiquidators } from '@/lib/shape';
import { LIQUIDATION_FIELDS, META } from '@/lib/data/queries';
import { gql, gqlAll } from '@/lib/data/server';
import { one, pageNetwork, withNet, type SP } from '@/lib/data/page';
import { LIQUIDATION_FIGURES as F } from '@/lib/data/liquidation-figures';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Liquidations' };

interface Liq {
  id: string; timestamp: string; blockNumber: string; txHash: string; liquidator: string; account: { id: string };
  collateralMarket: { id: string; symbol: string }; debtMarket: { id: string; symbol: string };
  debtRepaidUSD: string; collateralSeizedUSD: string; liquidatorBonusUSD: string; protocolFeeUSD: string; receiveAToken: boolean;
}

const WINDOWS: Array<[string, number]> = [['7d', 7], ['30d', 30], ['90d', 90], ['1y', 365]];

export default async function LiquidationsPage({ searchParams }: { searchParams: Promise<SP> }) {
  const { sp, net } = await pageNetwork(searchParams);
  const win = WINDOWS.find(([k]) => k === one(sp, 'window')) ?? WINDOWS[1];
  const nowS = Math.floor(Date.now() / 1000);
  const since = nowS - win[1] * DAY;
  const [res, meta] = await Promise.all([gqlAll<Liq>(net, 'liquidations', LIQUIDATION_FIELDS, `timestamp_gte: "${since}"`), gql<{ _meta: Meta }>(net, `query Meta { ${META} }`)]);
  const liqs = (res.data ?? []).sort((a, b) => Number(b.timestamp) - Number(a.timestamp));
  const today = Math.floor(nowS / DAY);
  const days = perDay(liqs, (l) => Number(l.timestamp), (l) => num(l.debtRepaidUSD), today - win[1] + 1, today);
  const bonusDays = perDay(liqs, (l) => Number(l.timestamp), (l) => num(l.liquidatorBonusUSD), today - win[1] + 1, today);
  const total = liqs.reduce((s, l) => s + num(l.debtRepaidUSD), 0);
  const seized = liqs.reduce((s, l) => s + num(l.collateralSeizedUSD), 0);
  const bonus = liqs.reduce((s, l) => s + num(l.liquidatorBonusUSD), 0);
  const fees = liqs.reduce((s, l) => s + num(l.protocolFeeUSD), 0);
  const tops = topLiquidators(liqs, 15);
  const accountsHit = new Set(liqs.map((l) => l.account.id)).size;
  const rows = liqs.map((l) => ({
    id: l.id, ts: Number(l.timestamp), block: Number(l.blockNumber), account: l.account.id, accountHref: withNet(`/accounts/${l.account.id}`, sp),
    liquidator: l.liquidator, collateral: l.collateralMarket.symbol, debt: l.debtMarket.symbol,
    debtRepaid: num(l.debtRepaidUSD), seized: num(l.collateralSeizedUSD), bonus: num(l.liquidatorBonusUSD), fee: num(l.protocolFeeUSD), tx: l.txHash,
  }));
  const assets = [...new Set(rows.map((r) => r.collateral))].sort();
  const debts = [...new Set(rows.map((r) => r.debt))].sort();
  return (
    <>
      <PageHeader title="Liquidations" subtitle={`Network ${net.name} · last ${win[0]}`} right={<>
        <div className="seg" role="group" aria-label="Window">
          {WINDOWS.map(([k]) => <Link key={k} href={withNet(`/liquidations?window=${k}`, sp)} className={k === win[0] ? 'active' : ''} prefetch={false}>{k}</Link>)}
        </div>
        <Freshness meta={meta.data?._meta} error={meta.error} />
      </>} />
      <DataState error={res.error} stale={res.stale} fetchedAt={res.fetchedAt} what="liquidations" />
      {res.data ? (
        <>
          <div className="kpis">
            <Kpi label={F.debtRepaid} value={fmtUSD(total)} sub={`${fmtInt(liqs.length)} liquidations`} />
            <Kpi label={F.collateralSeized} value={fmtUSD(seized)} sub="received by liquidators" />
            <Kpi label={F.liquidatorBonus} value={fmtUSD(bonus)} sub={total ? `${((bonus / total) * 100).toFixed(2)}% of debt repaid` : undefined} />
            <Kpi label={F.protocolFee} value={fmtUSD(fees)} sub="collateral to the treasury" />
            <Kpi label="Accounts liquidated" value={fmtInt(accountsHit)} />
            <Kpi label="Liquidators" value={fmtInt(new Set(liqs.map((l) => l.liquidator)).size)} />
          </div>
          <div className="cols-2">
            <Card title={`${F.debtRepaid} per day`} subtitle="USD at each liquidation, with the number of liquidations">
              <LineBarChart testId="chart-liq-volume" kind="bar" labels={days.map((x) => fmtDay(x.ts))} series={[{ label: F.debtRepaid, data: days.map((x) => x.value), color: '#ef4444' }, { label: 'Liquidations', data: days.map((x) => x.count), type: 'line', yAxis: 'y1', color: '#64748b' }]} y1Format="int" />
            </Card>
            <Card title={`${F.liquidatorBonus} per day`} subtitle={`${F.collateralSeized} − ${F.debtRepaid.toLowerCase()}`}>
              <LineBarChart testId="chart-liq-bonus" kind="bar" labels={bonusDays.map((x) => fmtDay(x.ts))} series={[{ label: F.liquidatorBonus, data: bonusDays.map((x) => x.value), color: '#14b8a6' }]} />
            </Card>
          </div>
          <Card>
            <DataTable id="lq" title="Liquidation events" filename={`liquidations-${net.name}-${win[0]}`} defaultSort="ts:desc" rows={rows}
              filters={[{ key: 'collateral', label: 'Collateral', options: assets }, { key: 'debt', label: 'Debt', options: debts }]}
              searchKeys={['account', 'liquidator', 'collateral', 'debt', 'tx']}
              columns={[
                { key: 'ts', label: 'Time', type: 'time' }, { key: 'account', label: 'Account', type: 'addr', href: 'accountHref' }, { key: 'liquidator', label: 'Liquidator', type: 'addr', hideSm: true },
                { key: 'collateral', label: 'Collateral' }, { key: 'debt', label: 'Debt' }, { key: 'debtRepaid', label: F.debtRepaid, type: 'usd' },
                { key: 'seized', label: F.collateralSeized, type: 'usd', hideSm: true }, { key: 'bonus', label: F.liquidatorBonus, type: 'usd' }, { key: 'fee', label: F.protocolFee, type: 'usd', hideSm: true },
                { key: 'tx', label: 'Tx', type: 'addr', hideSm: true },
              ]} emptyText="No liquidations in this window." />
          </Card>
          <Card>
            <DataTable id="lqr" title="Top liquidators" filename={`liquidators-${net.name}-${win[0]}`} defaultSort="debtRepaidUSD:desc" pageSize={15} rows={tops.map((t) => ({ ...t, id: t.liquidator, share: total ? t.debtRepaidUSD / total : 0 }))}
              columns={[{ key: 'liquidator', label: 'Liquidator', type: 'addr' }, { key: 'count', label: 'Liquidations', type: 'int' }, { key: 'debtRepaidUSD', label: F.debtRepaid, type: 'usd' }, { key: 'share', label: 'Share', type: 'pct' }, { key: 'liquidatorBonusUSD', label: F.liquidatorBonus, type: 'usd' }]} />
          </Card>
        </>
      ) : null}
    </>
  );
}
