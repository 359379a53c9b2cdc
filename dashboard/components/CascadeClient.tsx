'use client';
// The liquidity-aware cascade on /risk: pick a shock (a group or one asset, a drop, the oracle's
// feedback), read /api/risk/cascade, show its rounds beside the liquidity-free figure. State in
// the URL (`cascade=ETH-like:30`, `feedback=0.5`).
import { usePathname, useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { LineBarChart, type Series } from '@/components/Chart';
import { DataTable } from '@/components/DataTable';
import { Kpi } from '@/components/ui';
import { fmtDrop, fmtInt, fmtUSD } from '@/lib/format';
import { setUrlParam } from '@/lib/url-state';

export interface CascadeView {
  block: { number: number };
  feedback: number;
  gasCostUSD: number;
  dex: { indexed: boolean; pools: number; arbitragedPools: number };
  shockedPriceBySymbol: Record<string, number>;
  rounds: Array<{
    round: number;
    liquidations: number;
    debtRepaidUSD: number;
    collateralSoldUSD: number;
    liquidatorProfitUSD: number;
    priceBySymbol: Record<string, number>;
    impactPctBySymbol: Record<string, number>;
  }>;
  stoppedAtMaxRounds: boolean;
  liquidatedAccounts: number;
  debtRepaidUSD: number;
  collateralSoldUSD: number;
  liquidatorProfitUSD: number;
  badDebtUSD: number;
  unprofitableDebtUSD: number;
  unprofitableAccountCount: number;
  noPoolAccountCount: number;
  naive: { liquidatedAccounts: number; liquidatableDebtUSD: number; badDebtUSD: number };
  accounts: { unprofitable: string[]; noPool: string[] };
  notes: string[];
}

const FEEDBACKS = [0, 0.25, 0.5, 1];
const GROUPS = ['ETH-like', 'BTC-like', 'stablecoin'];

/** `ETH-like:30` → the shocked group or asset and the drop in % */
function parseShock(v: string | null): { what: string; drop: number } {
  const [what, drop] = (v ?? '').split(':');
  const d = Number(drop);
  return { what: what || 'ETH-like', drop: Number.isFinite(d) && d >= 0 && d <= 100 ? d : 30 };
}

export function CascadePanel({ network, assets }: { network: string; assets: string[] }) {
  const sp = useSearchParams();
  const pathname = usePathname();
  const [shock, setShock] = useState(() => parseShock(sp.get('cascade')));
  const [feedback, setFeedback] = useState(() => {
    const f = Number(sp.get('feedback'));
    return FEEDBACKS.includes(f) ? f : 0;
  });
  const [view, setView] = useState<CascadeView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setUrlParam(pathname, 'cascade', `${shock.what}:${shock.drop}`);
    setUrlParam(pathname, 'feedback', feedback ? String(feedback) : null);
    const isGroup = GROUPS.includes(shock.what);
    const q = new URLSearchParams({
      network,
      drop: String(shock.drop),
      feedback: String(feedback),
    });
    q.set(isGroup ? 'group' : 'asset', shock.what);
    const ctl = new AbortController();
    setBusy(true);
    const t = setTimeout(async () => {
      try {
        const r = await fetch(`/api/risk/cascade?${q}`, { signal: ctl.signal, cache: 'no-store' });
        const j = await r.json();
        if (!r.ok) throw new Error(j.error ?? `HTTP ${r.status}`);
        setView(j);
        setError(null);
      } catch (e) {
        if ((e as Error).name !== 'AbortError') setError((e as Error).message);
      } finally {
        if (!ctl.signal.aborted) setBusy(false);
      }
    }, 120);
    return () => {
      clearTimeout(t);
      ctl.abort();
    };
  }, [shock, feedback, network, pathname]);

  const netq = network ? `?network=${encodeURIComponent(network)}` : '';
  const v = view;
  const symbols = v ? Object.keys(v.shockedPriceBySymbol) : [];
  // round 0 is the shock itself: nothing repaid yet, the oracle at the shocked prices
  let cumulative = 0;
  const chartSeries: Series[] = v
    ? [
        {
          label: 'Debt repaid in the round',
          type: 'bar',
          data: [0, ...v.rounds.map((r) => r.debtRepaidUSD)],
        },
        {
          label: 'Debt repaid, cumulative',
          data: [0, ...v.rounds.map((r) => (cumulative += r.debtRepaidUSD))],
        },
        ...symbols.map((s) => ({
          label: `${s} oracle price`,
          yAxis: 'y1' as const,
          dashed: true,
          data: [v.shockedPriceBySymbol[s], ...v.rounds.map((r) => r.priceBySymbol[s] ?? null)],
        })),
      ]
    : [];
  return (
    <div data-cascade aria-busy={busy} data-cascade-key={v ? `${shock.what}:${shock.drop}` : ''}>
      <div className="table-tools">
        <select
          aria-label="Shocked group or asset"
          value={shock.what}
          onChange={(e) => setShock((s) => ({ ...s, what: e.target.value }))}
          data-cascade-what
        >
          <optgroup label="Groups">
            {GROUPS.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </optgroup>
          <optgroup label="Assets">
            {assets.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </optgroup>
        </select>
        <input
          aria-label="Price drop"
          type="range"
          min={0}
          max={90}
          step={5}
          value={shock.drop}
          onChange={(e) => setShock((s) => ({ ...s, drop: Number(e.target.value) }))}
          data-cascade-drop
        />
        <span className="num">{fmtDrop(shock.drop)}</span>
        <div className="spacer" />
        <label className="muted small" htmlFor="cascade-feedback">
          Oracle follows the DEX
        </label>
        <select
          id="cascade-feedback"
          value={feedback}
          onChange={(e) => setFeedback(Number(e.target.value))}
        >
          {FEEDBACKS.map((f) => (
            <option key={f} value={f}>
              {f * 100}%
            </option>
          ))}
        </select>
      </div>
      {error ? (
        <div className="banner banner-error" role="alert">
          Cascade: {error}
        </div>
      ) : null}
      <div className="kpis" style={{ opacity: busy ? 0.65 : 1 }}>
        <Kpi
          label="Accounts liquidated"
          value={v ? fmtInt(v.liquidatedAccounts) : '—'}
          sub={v ? `${fmtInt(v.naive.liquidatedAccounts)} at the oracle price` : ''}
          testId="cascade-liquidated"
        />
        <Kpi
          label="Debt repaid"
          value={v ? fmtUSD(v.debtRepaidUSD) : '—'}
          sub={v ? `${fmtUSD(v.naive.liquidatableDebtUSD)} at the oracle price` : ''}
        />
        <Kpi label="Collateral sold on the DEX" value={v ? fmtUSD(v.collateralSoldUSD) : '—'} />
        <Kpi
          label="Liquidator profit"
          value={v ? fmtUSD(v.liquidatorProfitUSD) : '—'}
          sub={v ? `net of $${v.gasCostUSD} gas per liquidation` : ''}
        />
        <Kpi
          label="Bad debt after"
          value={v ? fmtUSD(v.badDebtUSD) : '—'}
          sub={v ? `${fmtUSD(v.naive.badDebtUSD)} with unlimited buyers` : ''}
          tone={v && v.badDebtUSD > 0 ? 'neg' : undefined}
          testId="cascade-bad-debt"
        />
        <Kpi
          label="Liquidatable, unprofitable"
          value={v ? fmtUSD(v.unprofitableDebtUSD) : '—'}
          sub={
            v
              ? `${fmtInt(v.unprofitableAccountCount)} accounts (${fmtInt(v.noPoolAccountCount)} with no pool)`
              : ''
          }
          tone={v && v.unprofitableDebtUSD > 0 ? 'warn' : undefined}
          testId="cascade-unprofitable"
        />
      </div>
      {v?.notes.map((n) => (
        <p className="muted small" key={n} data-cascade-note>
          {n}
        </p>
      ))}
      {v && v.rounds.length ? (
        <LineBarChart
          testId="chart-cascade"
          labels={[0, ...v.rounds.map((r) => r.round)]}
          xTitle="round (0: the shock)"
          series={chartSeries}
          y1Format="usd"
          height={260}
        />
      ) : v ? (
        <p className="muted">No liquidation is profitable after this shock.</p>
      ) : null}
      {v && v.rounds.length ? (
        <DataTable
          id="cr"
          searchable={false}
          filename={`cascade-${network}-${shock.what}-${shock.drop}`}
          pageSize={10}
          rows={v.rounds.map((r) => ({
            id: String(r.round),
            round: r.round,
            liquidations: r.liquidations,
            debt: r.debtRepaidUSD,
            sold: r.collateralSoldUSD,
            profit: r.liquidatorProfitUSD,
            impact: Object.entries(r.impactPctBySymbol)
              .map(([s, p]) => `${s} −${p}%`)
              .join(', '),
          }))}
          columns={[
            { key: 'round', label: 'Round', type: 'int' },
            { key: 'liquidations', label: 'Liquidations', type: 'int' },
            { key: 'debt', label: 'Debt repaid', type: 'usd' },
            { key: 'sold', label: 'Collateral sold', type: 'usd' },
            { key: 'profit', label: 'Liquidator profit', type: 'usd' },
            { key: 'impact', label: 'DEX price impact', wrap: true },
          ]}
        />
      ) : null}
      {v?.accounts.unprofitable.length ? (
        <DataTable
          id="cu"
          searchable={false}
          filename={`cascade-unprofitable-${network}`}
          pageSize={5}
          rows={v.accounts.unprofitable.map((a) => ({
            id: a,
            account: a,
            href: `/accounts/${a}${netq}`,
            venue: v.accounts.noPool.includes(a)
              ? 'no pool for its pair'
              : 'the sale pays less than the repay and gas',
          }))}
          columns={[
            { key: 'account', label: 'Liquidatable but unprofitable', type: 'addr', href: 'href' },
            { key: 'venue', label: 'Why' },
          ]}
        />
      ) : null}
      <p className="muted small">
        {v
          ? `Block ${fmtInt(v.block.number)} · ${fmtInt(v.dex.pools)} Uniswap V3 pools, ${fmtInt(v.dex.arbitragedPools)} moved onto the shocked oracle price first · each round liquidates every account under HF 1 by the most profitable amount, selling the collateral through the pools as earlier sales left them${v.stoppedAtMaxRounds ? ' · stopped at the round limit' : ''}`
          : busy
            ? 'Computing…'
            : ''}
      </p>
    </div>
  );
}
