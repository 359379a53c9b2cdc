import Link from 'next/link';
import { notFound } from 'next/navigation';
import { LineBarChart } from '@/components/Chart';
import { DataTable } from '@/components/DataTable';
import { LiquidityDepth } from '@/components/LiquidityDepth';
import { Card, DataState, Freshness, Kpi, PageHeader, type Meta } from '@/components/ui';
import { fmtBonus, fmtBps, fmtPct, fmtTime, fmtUSD, fmtAge, fromUnits } from '@/lib/format';
import { num, observedCurve, rayToApy } from '@/lib/shape';
import { MARKET } from '@/lib/data/queries';
import { gql } from '@/lib/data/server';
import { marketRow, type MarketEntity } from '@/lib/data/markets';
import { curveChart, rateModel } from '@/lib/risk/rate-curve';
import { marketLiquidationLevels } from '@/lib/data/risk';
import {
  LEVEL_DROPS,
  liquidationLevelCurve,
  marketHolders,
  type BorrowerEntity,
  type SupplierEntity,
} from '@/lib/data/market-holders';
import { pageNetwork, withNet, type SP } from '@/lib/data/page';

export const dynamic = 'force-dynamic';

interface Snap {
  id: string;
  day?: number;
  hour?: number;
  timestamp: string;
  utilization: string;
  liquidityRate: string;
  variableBorrowRate: string;
  totalSupplyUSD?: string;
  totalBorrowUSD?: string;
  priceUSD?: string;
}
interface MarketData {
  _meta: Meta;
  market:
    | (MarketEntity & {
        dailySnapshots: Snap[];
        hourlySnapshots: Snap[];
        parameterChanges: Array<{
          id: string;
          parameter: string;
          oldValue: string | null;
          newValue: string;
          blockNumber: string;
          timestamp: string;
          txHash: string;
        }>;
      })
    | null;
  suppliers: SupplierEntity[];
  borrowers: BorrowerEntity[];
}

async function resolveMarketId(
  net: Awaited<ReturnType<typeof pageNetwork>>['net'],
  asset: string,
): Promise<{ id: string | null; error: string | null }> {
  if (/^0x[0-9a-fA-F]{40}$/.test(asset)) return { id: asset.toLowerCase(), error: null };
  const r = await gql<{ markets: Array<{ id: string; symbol: string }> }>(
    net,
    `query Sym($s: String!) { markets(first: 5, where: { symbol: $s }) { id symbol } }`,
    { s: asset },
  );
  if (r.error && !r.data) return { id: null, error: r.error };
  return { id: r.data?.markets[0]?.id ?? null, error: r.error };
}

export default async function MarketPage({
  params,
  searchParams,
}: {
  params: Promise<{ asset: string }>;
  searchParams: Promise<SP>;
}) {
  const { asset: rawAsset } = await params;
  const asset = decodeURIComponent(rawAsset);
  const { sp, net } = await pageNetwork(searchParams);
  const idr = await resolveMarketId(net, asset);
  if (!idr.id) {
    if (idr.error)
      return (
        <>
          <PageHeader title={asset} subtitle="Market" />
          <DataState error={idr.error} stale={false} fetchedAt={0} what="market" />
        </>
      );
    notFound();
  }
  const [res, lv] = await Promise.all([
    gql<MarketData>(net, MARKET, { id: idr.id, mid: idr.id }),
    marketLiquidationLevels(net.name, idr.id),
  ]);
  const d = res.data;
  const m = d?.market;
  if (d && !m) notFound();
  if (!m)
    return (
      <>
        <PageHeader title={asset} subtitle="Market" />
        <DataState error={res.error} stale={false} fetchedAt={0} what="market" />
      </>
    );
  const row = marketRow(m);
  const daily = [...m.dailySnapshots].reverse();
  const curve = curveChart(
    rateModel(m),
    m.reserveFactor,
    observedCurve([...m.dailySnapshots, ...m.hourlySnapshots]),
    observedCurve([m])[0],
  );
  const price = num(m.underlyingToken.lastPriceUSD);
  const holders = marketHolders(m, d!.suppliers, d!.borrowers);
  const withAccountHref = <T extends { account: string }>(r: T) => ({
    ...r,
    href: withNet(`/accounts/${r.account}`, sp),
  });
  const suppliers = holders.suppliers.map(withAccountHref);
  const borrowers = holders.borrowers.map(withAccountHref);
  const levels = lv.data?.levels ?? [];
  return (
    <>
      <PageHeader
        title={`${m.symbol}`}
        subtitle={
          <>
            {m.name} · <span className="mono">{m.id}</span> ·{' '}
            <Link href={withNet('/markets', sp)}>all markets</Link>
          </>
        }
        right={<Freshness meta={d?._meta} error={res.error} />}
      />
      <DataState error={res.error} stale={res.stale} fetchedAt={res.fetchedAt} what="market data" />
      <div className="kpis">
        <Kpi
          label="Supplied"
          value={fmtUSD(row.supply)}
          sub={`${fromUnits(m.totalSupply, m.decimals).toLocaleString('en-US', { maximumFractionDigits: 2 })} ${m.symbol}`}
        />
        <Kpi label="Borrowed" value={fmtUSD(row.borrow)} />
        <Kpi
          label="Utilisation"
          value={fmtPct(row.util)}
          tone={row.util > 0.9 ? 'warn' : undefined}
        />
        <Kpi label="Supply APY" value={fmtPct(row.supplyApy, 2)} />
        <Kpi label="Borrow APY" value={fmtPct(row.borrowApy, 2)} />
        <Kpi
          label="Oracle price"
          value={price >= 1000 ? fmtUSD(price) : `$${price.toFixed(4)}`}
          sub={`updated ${fmtAge(Number(m.underlyingToken.lastPriceTimestamp))} ago`}
        />
      </div>
      <div className="cols-2">
        <Card title="Rates and utilisation" subtitle="Daily snapshots (APY, utilisation)">
          <LineBarChart
            testId="chart-rates"
            labels={daily.map((s) => fmtTime(Number(s.timestamp)).slice(5, 10))}
            yFormat="pct"
            series={[
              { label: 'Supply APY', data: daily.map((s) => rayToApy(s.liquidityRate)) },
              { label: 'Borrow APY', data: daily.map((s) => rayToApy(s.variableBorrowRate)) },
              {
                label: 'Utilisation (right)',
                data: daily.map((s) => num(s.utilization)),
                dashed: true,
                color: '#94a3b8',
                yAxis: 'y1',
              },
            ]}
            y1Format="pct"
          />
        </Card>
        <Card title="Interest-rate curve" subtitle={curve.note}>
          <LineBarChart
            testId="chart-curve"
            labels={curve.labels}
            xType="linear"
            xFormat="pct100"
            yFormat="pct100"
            xTitle="utilisation"
            series={curve.series}
          />
        </Card>
      </div>
      <div className="cols-2">
        <Card title="Supply and borrows" subtitle="USD, daily">
          <LineBarChart
            testId="chart-supply"
            labels={daily.map((s) => fmtTime(Number(s.timestamp)).slice(5, 10))}
            series={[
              { label: 'Supplied', data: daily.map((s) => num(s.totalSupplyUSD)), fill: true },
              { label: 'Borrowed', data: daily.map((s) => num(s.totalBorrowUSD)), fill: true },
            ]}
          />
        </Card>
        <Card
          title="Liquidation levels"
          subtitle={`Collateral in ${m.symbol} liquidatable if ${m.symbol} alone falls by…`}
        >
          {lv.data ? (
            levels.length ? (
              <LineBarChart
                testId="chart-levels"
                kind="bar"
                labels={LEVEL_DROPS}
                xFormat="drop"
                series={[
                  {
                    label: 'Collateral of liquidatable accounts',
                    data: liquidationLevelCurve(levels),
                    color: '#f59e0b',
                  },
                ]}
              />
            ) : (
              <p className="muted">
                No borrower with {m.symbol} collateral can be liquidated by a fall of {m.symbol}{' '}
                alone.
              </p>
            )
          ) : (
            <p className="muted">{lv.error}</p>
          )}
        </Card>
      </div>
      <div className="cols-2">
        <Card title="Risk parameters">
          <dl className="kv">
            <dt>LTV</dt>
            <dd>{fmtBps(m.ltv)}</dd>
            <dt>Liquidation threshold</dt>
            <dd>{fmtBps(m.liquidationThreshold)}</dd>
            <dt>Liquidation bonus</dt>
            <dd>{fmtBonus(m.liquidationBonus)}</dd>
            <dt>Reserve factor</dt>
            <dd>{fmtBps(m.reserveFactor)}</dd>
            <dt>Liquidation protocol fee</dt>
            <dd>{fmtBps(m.liquidationProtocolFee)}</dd>
            <dt>Supply cap</dt>
            <dd>
              {m.supplyCap === '0'
                ? 'none'
                : `${Number(m.supplyCap).toLocaleString('en-US')} ${m.symbol} (${fmtPct(row.supplyCapUse)} used)`}
            </dd>
            <dt>Borrow cap</dt>
            <dd>
              {m.borrowCap === '0'
                ? 'none'
                : `${Number(m.borrowCap).toLocaleString('en-US')} ${m.symbol} (${fmtPct(row.borrowCapUse)} used)`}
            </dd>
            <dt>Debt ceiling (isolation)</dt>
            <dd>
              {m.debtCeiling === '0'
                ? 'not isolated'
                : `${fmtUSD(Number(m.isolationModeTotalDebt) / 100)} of ${fmtUSD(Number(m.debtCeiling) / 100)}`}
            </dd>
            <dt>E-mode</dt>
            <dd>
              {m.eModeCategory
                ? `${m.eModeCategory.label} (LT ${fmtBps(m.eModeCategory.liquidationThreshold)})`
                : 'none'}
            </dd>
            <dt>Flags</dt>
            <dd>
              {row.flags.length
                ? row.flags.map((f) => (
                    <span key={f} className={`tag tag-${f.toLowerCase()}`}>
                      {f}
                    </span>
                  ))
                : 'active'}
            </dd>
          </dl>
        </Card>
        <Card title="Parameter history">
          <DataTable
            id="ph"
            filename={`parameters-${m.symbol}`}
            defaultSort="ts:desc"
            pageSize={10}
            rows={m.parameterChanges.map((c) => ({
              id: c.id,
              ts: Number(c.timestamp),
              block: Number(c.blockNumber),
              parameter: c.parameter,
              oldValue: c.oldValue ?? '',
              newValue: c.newValue,
            }))}
            columns={[
              { key: 'ts', label: 'Time', type: 'time' },
              { key: 'block', label: 'Block', type: 'int', hideSm: true },
              { key: 'parameter', label: 'Parameter' },
              { key: 'oldValue', label: 'Old' },
              { key: 'newValue', label: 'New' },
            ]}
            emptyText="No parameter changes indexed."
          />
        </Card>
      </div>
      <div className="cols-2">
        <Card title="Top suppliers">
          <DataTable
            id="sup"
            filename={`suppliers-${m.symbol}`}
            defaultSort="usd:desc"
            pageSize={10}
            rows={suppliers}
            columns={[
              { key: 'account', label: 'Account', type: 'addr', href: 'href' },
              { key: 'amount', label: m.symbol, type: 'num' },
              { key: 'usd', label: 'USD', type: 'usd' },
              { key: 'share', label: 'Share', type: 'pct' },
              { key: 'collateral', label: 'Collateral', hideSm: true },
            ]}
          />
        </Card>
        <Card title="Top borrowers">
          <DataTable
            id="bor"
            filename={`borrowers-${m.symbol}`}
            defaultSort="usd:desc"
            pageSize={10}
            rows={borrowers}
            columns={[
              { key: 'account', label: 'Account', type: 'addr', href: 'href' },
              { key: 'amount', label: m.symbol, type: 'num' },
              { key: 'usd', label: 'USD', type: 'usd' },
              { key: 'share', label: 'Share', type: 'pct' },
            ]}
          />
        </Card>
      </div>
      <Card
        title={`DEX depth for ${m.symbol}`}
        subtitle={`What a liquidator can sell before the ${m.symbol} pool price falls by 1, 2, 5 and 10%`}
      >
        <LiquidityDepth network={net.name} assets={[m.symbol]} fixed={m.symbol} />
      </Card>
      <Card
        title="Accounts by liquidation price"
        subtitle={`Borrowers with ${m.symbol} collateral, nearest to liquidation first`}
      >
        <DataTable
          id="lvl"
          filename={`liquidation-levels-${m.symbol}`}
          defaultSort="dropPct:asc"
          pageSize={15}
          rows={levels.map((l) => ({
            ...l,
            id: l.account,
            href: withNet(`/accounts/${l.account}`, sp),
            dropPct: l.dropPct / 100,
          }))}
          columns={[
            { key: 'account', label: 'Account', type: 'addr', href: 'href' },
            { key: 'hf', label: 'HF', type: 'hf' },
            { key: 'liquidationPriceUSD', label: 'Liquidation price', type: 'price' },
            { key: 'dropPct', label: 'Drop to liquidation', type: 'pct' },
            { key: 'collateralUSD', label: 'Collateral', type: 'usd' },
            { key: 'debtUSD', label: 'Debt', type: 'usd' },
          ]}
          emptyText={lv.error ?? 'None.'}
        />
      </Card>
    </>
  );
}
