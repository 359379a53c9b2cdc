import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AccountEvents } from '@/components/AccountEvents';
import { LineBarChart } from '@/components/Chart';
import { DataTable } from '@/components/DataTable';
import { ClientUrql } from '@/components/UrqlClient';
import { Card, DataState, Freshness, Kpi, PageHeader, type Meta } from '@/components/ui';
import { fmtBps, fmtEMode, fmtHF, fmtPct, fmtTime, fmtUSD } from '@/lib/format';
import { ACCOUNT } from '@/lib/data/queries';
import { gql } from '@/lib/data/server';
import { riskAccount } from '@/lib/data/risk';
import { pageNetwork, withNet, type SP } from '@/lib/data/page';
import { STATUS_LABEL } from '@/lib/data/status-label';
import { accountPositionRows, type PositionEntity } from '@/lib/data/account';
import { accountOutlook, liquidationOdds } from '@/lib/data/predictions';
import { HealthFactorFanChart } from '@/components/HealthFactorFan';

export const dynamic = 'force-dynamic';

interface AccountData {
  _meta: Meta;
  account: null | {
    id: string;
    eModeCategoryId: number;
    positionCount: number;
    supplyCount: number;
    withdrawCount: number;
    borrowCount: number;
    repayCount: number;
    liquidatedCount: number;
    liquidatorCount: number;
    createdTimestamp: string;
    lastActivityTimestamp: string;
    positions: PositionEntity[];
  };
}

export default async function AccountPage({
  params,
  searchParams,
}: {
  params: Promise<{ address: string }>;
  searchParams: Promise<SP>;
}) {
  const { address: raw } = await params;
  const address = decodeURIComponent(raw).toLowerCase();
  const { sp, net } = await pageNetwork(searchParams);
  // not an address, or no such account on this network: HTTP 404 with the friendly page
  if (!/^0x[0-9a-f]{40}$/.test(address)) notFound();
  const [res, risk, odds, outlook] = await Promise.all([
    gql<AccountData>(net, ACCOUNT, { id: address }),
    riskAccount(net.name, address),
    liquidationOdds(net.name),
    accountOutlook(net.name, address),
  ]);
  // borrowers with collateral to seize are predicted; others have no liquidation to expect
  const predicted = odds.data?.get(address);
  const a = res.data?.account;
  if (res.data && !a) notFound();
  const r = risk.data;
  const positions = accountPositionRows(
    a?.positions ?? [],
    r,
    fmtEMode(a?.eModeCategoryId, r?.eModeLabel),
  ).map((p) => ({ ...p, href: withNet(`/markets/${p.asset}`, sp) }));
  const hf = r?.found ? r.hf : null;
  const status = r?.found ? r.status : null;
  const hfTone =
    status === 'insolvent' || status === 'liquidatable'
      ? 'neg'
      : status === 'at-risk'
        ? 'warn'
        : undefined;
  return (
    <>
      <PageHeader
        title="Account"
        subtitle={<span className="mono">{address}</span>}
        right={
          <>
            <Link href={withNet('/risk', sp)} className="small">
              ← at-risk accounts
            </Link>
            <Freshness meta={res.data?._meta} error={res.error} />
          </>
        }
      />
      <DataState error={res.error} stale={res.stale} fetchedAt={res.fetchedAt} what="account" />
      {risk.error ? (
        <DataState
          error={risk.error}
          stale={risk.stale}
          fetchedAt={risk.fetchedAt}
          what="health factor"
        />
      ) : null}
      {a ? (
        <>
          <div className="kpis">
            <Kpi
              label="Health factor"
              testId="hf"
              value={hf == null ? '—' : fmtHF(hf)}
              tone={hfTone}
              sub={status ? STATUS_LABEL[status] : r?.found ? 'no debt' : undefined}
            />
            <Kpi
              label="P(liquidation 24h)"
              testId="p-liquidation"
              value={predicted ? fmtPct(predicted.pLiquidation) : '—'}
              tone={predicted && predicted.pLiquidation >= 0.1 ? 'warn' : undefined}
              sub={
                predicted?.expectedHoursToLiquidation != null
                  ? `if so, after ${predicted.expectedHoursToLiquidation.toFixed(1)} h on average`
                  : predicted
                    ? 'no simulated path liquidates'
                    : 'not a borrower with collateral'
              }
            />
            <Kpi
              label="Collateral"
              value={r ? fmtUSD(r.collateralUSD) : '—'}
              sub="counted for HF (base currency)"
            />
            <Kpi label="Debt" value={r ? fmtUSD(r.debtUSD) : '—'} />
            <Kpi label="E-mode" value={fmtEMode(a.eModeCategoryId, r?.eModeLabel)} />
            <Kpi
              label="Times liquidated"
              value={String(a.liquidatedCount)}
              tone={a.liquidatedCount ? 'warn' : undefined}
            />
            <Kpi
              label="Last activity"
              value={fmtTime(Number(a.lastActivityTimestamp)).slice(0, 10)}
              sub={`since ${fmtTime(Number(a.createdTimestamp)).slice(0, 10)}`}
            />
          </div>
          <div className="cols-3">
            <Card title="Positions" className="span-2">
              <DataTable
                id="pos"
                filename={`positions-${address}`}
                defaultSort="suppliedUSD:desc"
                rows={positions}
                columns={[
                  { key: 'asset', label: 'Asset', href: 'href' },
                  { key: 'supplied', label: 'Supplied', type: 'num' },
                  { key: 'suppliedUSD', label: 'Supplied $', type: 'usd' },
                  { key: 'debt', label: 'Debt', type: 'num' },
                  { key: 'debtUSD', label: 'Debt $', type: 'usd' },
                  { key: 'collateral', label: 'Collateral' },
                  { key: 'ltv', label: 'LTV', type: 'bps', hideSm: true },
                  { key: 'lt', label: 'LT', type: 'bps' },
                  { key: 'params', label: 'LT/LTV from', hideSm: true },
                  { key: 'price', label: 'Price', type: 'price', hideSm: true },
                  { key: 'liqPrice', label: 'Liq. price', type: 'price' },
                  { key: 'drop', label: 'Drop to liq.', type: 'pct' },
                ]}
              />
              <p className="muted small">
                LT and LTV are the ones the protocol applies to this account: its e-mode
                category&apos;s for assets in the category, else the reserve&apos;s; their
                collateral-weighted average is the account&apos;s liquidation threshold
                {r?.found && r.collateralUSD > 0 ? ` (${fmtBps(r.liquidationThreshold)})` : ''}.
                Balances at each market&apos;s last index update. Liquidation price: the oracle
                price of that collateral at which the health factor reaches 1 with everything else
                fixed{a.eModeCategoryId ? ' (e-mode parameters applied)' : ''}.
              </p>
            </Card>
            <Card title="Supplied and borrowed" subtitle="USD by asset">
              {positions.length ? (
                <LineBarChart
                  testId="chart-account"
                  kind="bar"
                  height={240}
                  labels={positions.map((p) => p.asset)}
                  series={[
                    {
                      label: 'Supplied',
                      data: positions.map((p) => p.suppliedUSD),
                      color: '#4f6df5',
                    },
                    { label: 'Borrowed', data: positions.map((p) => p.debtUSD), color: '#f59e0b' },
                  ]}
                />
              ) : (
                <p className="muted">No open positions.</p>
              )}
            </Card>
          </div>
          {r?.toTarget && (r.toTarget.repay.length || r.toTarget.supply.length) ? (
            <Card
              title={`Back to health factor ${fmtHF(r.toTarget.target)}`}
              subtitle="each option alone, the least amount (exact protocol math)"
            >
              <DataTable
                id="protect"
                filename={`protection-${address}`}
                defaultSort="usd:asc"
                rows={[
                  ...r.toTarget.repay.map((x) => ({
                    action: x.reachesTarget ? 'Repay' : 'Repay all (not enough alone)',
                    asset: x.symbol,
                    amount: x.amount,
                    usd: x.usd,
                  })),
                  ...r.toTarget.supply.map((x) => ({
                    action: 'Supply',
                    asset: x.symbol,
                    amount: x.amount,
                    usd: x.usd,
                  })),
                ]}
                columns={[
                  { key: 'action', label: 'Action' },
                  { key: 'asset', label: 'Asset' },
                  { key: 'amount', label: 'Amount' },
                  { key: 'usd', label: 'Value $', type: 'usd' },
                ]}
              />
            </Card>
          ) : null}
          {outlook.data ? (
            <Card
              title="Health factor over the next 7 days"
              subtitle={`Percentiles of ${outlook.data.paths.toLocaleString('en-US')} simulated oracle price paths (lib/predict), the positions held as they are`}
            >
              <HealthFactorFanChart fan={outlook.data.fan} />
              <p className="muted small" data-testid="outlook">
                P(liquidation within 7 days): {fmtPct(outlook.data.pLiquidation7d)}
                {outlook.data.expectedHoursToLiquidation != null
                  ? `, after ${outlook.data.expectedHoursToLiquidation.toFixed(1)} h on average if so`
                  : ''}
                . The bands show where prices alone take the health factor: nobody repays, supplies
                or liquidates along a path, so a band can go below 1 where a liquidator would act.
              </p>
            </Card>
          ) : null}
          <Card title="Event history">
            <ClientUrql network={net.name}>
              <AccountEvents account={address} network={net.name} />
            </ClientUrql>
          </Card>
        </>
      ) : null}
    </>
  );
}
