import { LineBarChart } from '@/components/Chart';
import { DataTable } from '@/components/DataTable';
import { Card, DataState, Freshness, Kpi, PageHeader, type Meta } from '@/components/ui';
import { fmtPct, fmtUSD } from '@/lib/format';
import { assetClassOf } from '@/lib/risk/classes';
import { MARKETS } from '@/lib/data/queries';
import { gql } from '@/lib/data/server';
import { marketRow, type MarketEntity } from '@/lib/data/markets';
import { pageNetwork, withNet, type SP } from '@/lib/data/page';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Markets' };

export default async function MarketsPage({ searchParams }: { searchParams: Promise<SP> }) {
  const { sp, net } = await pageNetwork(searchParams);
  const res = await gql<{ _meta: Meta; markets: MarketEntity[] }>(net, MARKETS);
  const d = res.data;
  const rows = (d?.markets ?? []).map((m) => ({ ...marketRow(m), href: withNet(`/markets/${encodeURIComponent(m.symbol)}`, sp), cls: assetClassOf(net.name, m) }));
  const supply = rows.reduce((s, r) => s + r.supply, 0), borrow = rows.reduce((s, r) => s + r.borrow, 0);
  const top = [...rows].sort((a, b) => b.supply - a.supply).slice(0, 12);
  const hottest = [...rows].sort((a, b) => b.util - a.util)[0];
  return (
    <>
      <PageHeader title="Markets" subtitle={`${rows.length} reserves on ${net.name}`} right={<Freshness meta={d?._meta} error={res.error} />} />
      <DataState error={res.error} stale={res.stale} fetchedAt={res.fetchedAt} what="markets" />
      {d ? (
        <>
          <div className="kpis">
            <Kpi label="Supplied" value={fmtUSD(supply)} />
            <Kpi label="Borrowed" value={fmtUSD(borrow)} />
            <Kpi label="Utilisation" value={fmtPct(supply ? borrow / supply : 0)} />
            <Kpi label="Highest utilisation" value={hottest ? fmtPct(hottest.util) : '—'} sub={hottest?.symbol} tone={hottest && hottest.util > 0.9 ? 'warn' : undefined} />
          </div>
          <Card title="Supply and borrow by market">
            <LineBarChart testId="chart-markets" kind="bar" height={240} labels={top.map((r) => r.symbol)} series={[
              { label: 'Supplied', data: top.map((r) => r.supply) }, { label: 'Borrowed', data: top.map((r) => r.borrow) },
            ]} />
          </Card>
          <Card>
            <DataTable id="mk" title="All markets" filename={`markets-${net.name}`} defaultSort="supply:desc" pageSize={100} rows={rows}
              filters={[{ key: 'cls', label: 'Classes', options: [...new Set(rows.map((r) => r.cls))].sort() }]}
              searchKeys={['symbol', 'name', 'flags']}
              columns={[
                { key: 'symbol', label: 'Asset', href: 'href' },
                { key: 'supply', label: 'Supplied', type: 'usd' },
                { key: 'borrow', label: 'Borrowed', type: 'usd' },
                { key: 'util', label: 'Utilisation', type: 'pct' },
                { key: 'supplyApy', label: 'Supply APY', type: 'pct' },
                { key: 'borrowApy', label: 'Borrow APY', type: 'pct' },
                { key: 'ltv', label: 'LTV', type: 'bps', csv: 'ltvBps', hideSm: true },
                { key: 'lt', label: 'Liq. threshold', type: 'bps', csv: 'liquidationThresholdBps', hideSm: true },
                { key: 'bonus', label: 'Liq. bonus', type: 'bonus', csv: 'liquidationBonusBps', hideSm: true },
                { key: 'supplyCapUse', label: 'Supply cap used', type: 'pct', hideSm: true },
                { key: 'borrowCapUse', label: 'Borrow cap used', type: 'pct', hideSm: true },
                { key: 'price', label: 'Price', type: 'price' },
                { key: 'cls', label: 'Class', hideSm: true },
                { key: 'flags', label: 'Flags', type: 'flags', hideSm: true },
              ]} />
          </Card>
        </>
      ) : null}
    </>
  );
}
