import { LineBarChart } from '@/components/Chart';
import { DataTable } from '@/components/DataTable';
import { Card, DataState, Freshness, Kpi, PageHeader, type Meta } from '@/components/ui';
import { fmtPct, fmtUSD } from '@/lib/format';
import { assetClassOf } from '@/lib/risk/classes';
import { MARKETS } from '@/lib/data/queries';
import { gql } from '@/lib/data/server';
import { marketRow, type MarketEntity } from '@/lib/data/markets';
import { one, pageNetwork, withNet, type SP } from '@/lib/data/page';
import { getNetworks } from '@/lib/config';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Markets' };

type MarketsData = { _meta: Meta; markets: MarketEntity[] };

export default async function MarketsPage({ searchParams }: { searchParams: Promise<SP> }) {
  const { sp, net } = await pageNetwork(searchParams);
  // ?network=all: every configured network's markets in one table, with a Network column
  const all = one(sp, 'network') === 'all';
  const nets = all ? getNetworks() : [net];
  const reads = await Promise.all(nets.map((n) => gql<MarketsData>(n, MARKETS)));
  const res = reads[0];
  const d = reads.some((r) => r.data);
  const rows = nets.flatMap((n, i) =>
    (reads[i].data?.markets ?? []).map((m) => ({
      ...marketRow(m),
      network: n.name,
      cls: assetClassOf(n.name, m),
      href: all
        ? `/markets/${encodeURIComponent(m.symbol)}?network=${encodeURIComponent(n.name)}`
        : withNet(`/markets/${encodeURIComponent(m.symbol)}`, sp),
    })),
  );
  const supply = rows.reduce((s, r) => s + r.supply, 0),
    borrow = rows.reduce((s, r) => s + r.borrow, 0);
  const top = [...rows].sort((a, b) => b.supply - a.supply).slice(0, 12);
  const hottest = [...rows].sort((a, b) => b.util - a.util)[0];
  const where = all
    ? `${nets.length} network${nets.length === 1 ? '' : 's'} (${nets.map((n) => n.name).join(', ')})`
    : net.name;
  return (
    <>
      <PageHeader
        title="Markets"
        subtitle={`${rows.length} reserves on ${where}`}
        right={all ? undefined : <Freshness meta={res.data?._meta} error={res.error} />}
      />
      {nets.map((n, i) => (
        <DataState
          key={n.name}
          error={reads[i].error}
          stale={reads[i].stale}
          fetchedAt={reads[i].fetchedAt}
          what={all ? `markets of ${n.name}` : 'markets'}
        />
      ))}
      {d ? (
        <>
          <div className="kpis">
            <Kpi label="Supplied" value={fmtUSD(supply)} />
            <Kpi label="Borrowed" value={fmtUSD(borrow)} />
            <Kpi label="Utilisation" value={fmtPct(supply ? borrow / supply : 0)} />
            <Kpi
              label="Highest utilisation"
              value={hottest ? fmtPct(hottest.util) : '—'}
              sub={hottest?.symbol}
              tone={hottest && hottest.util > 0.9 ? 'warn' : undefined}
            />
          </div>
          <Card title="Supply and borrow by market">
            <LineBarChart
              testId="chart-markets"
              kind="bar"
              height={240}
              labels={top.map((r) => (all ? `${r.symbol} (${r.network})` : r.symbol))}
              series={[
                { label: 'Supplied', data: top.map((r) => r.supply) },
                { label: 'Borrowed', data: top.map((r) => r.borrow) },
              ]}
            />
          </Card>
          <Card>
            <DataTable
              id="mk"
              title="All markets"
              filename={`markets-${all ? 'all' : net.name}`}
              defaultSort="supply:desc"
              pageSize={100}
              rows={rows}
              filters={[
                {
                  key: 'cls',
                  label: 'Classes',
                  options: [...new Set(rows.map((r) => r.cls))].sort(),
                },
              ]}
              searchKeys={['symbol', 'name', 'flags']}
              columns={[
                { key: 'symbol', label: 'Asset', href: 'href' },
                ...(all ? [{ key: 'network', label: 'Network' }] : []),
                { key: 'supply', label: 'Supplied', type: 'usd' },
                { key: 'borrow', label: 'Borrowed', type: 'usd' },
                { key: 'util', label: 'Utilisation', type: 'pct' },
                { key: 'supplyApy', label: 'Supply APY', type: 'pct' },
                { key: 'borrowApy', label: 'Borrow APY', type: 'pct' },
                { key: 'ltv', label: 'LTV', type: 'bps', csv: 'ltvBps', hideSm: true },
                {
                  key: 'lt',
                  label: 'Liq. threshold',
                  type: 'bps',
                  csv: 'liquidationThresholdBps',
                  hideSm: true,
                },
                {
                  key: 'bonus',
                  label: 'Liq. bonus',
                  type: 'bonus',
                  csv: 'liquidationBonusBps',
                  hideSm: true,
                },
                { key: 'supplyCapUse', label: 'Supply cap used', type: 'pct', hideSm: true },
                { key: 'borrowCapUse', label: 'Borrow cap used', type: 'pct', hideSm: true },
                { key: 'price', label: 'Price', type: 'price' },
                { key: 'cls', label: 'Class', hideSm: true },
                { key: 'flags', label: 'Flags', type: 'flags', hideSm: true },
              ]}
            />
          </Card>
        </>
      ) : null}
    </>
  );
}
