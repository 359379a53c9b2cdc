'use client';
// Risk page interactive parts: shock-curve explorer and the stress sandbox.
import { usePathname, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useRef, useState } from 'react';
import { LineBarChart } from '@/components/Chart';
import { DataTable } from '@/components/DataTable';
import { fmtDrop, fmtInt, fmtUSD } from '@/lib/format';
import { parseScenario, formatScenario } from '@/lib/scenario';
import { setUrlParam } from '@/lib/url-state';

export interface CurveSeries {
  label: string;
  kind: 'asset' | 'group';
  collateralAtRisk: number[];
  collateralAtRiskToday: number[];
  debtAtRisk: number[];
  badDebt: number[];
  bonus: number[];
}

type Metric = keyof Omit<CurveSeries, 'label' | 'kind'>;

/** [metric, menu label, what its values are]; the first is the default */
const METRICS: Array<[Metric, string, string]> = [
  [
    'collateralAtRiskToday',
    "Collateral at risk (today's prices)",
    "Collateral of the accounts the drop makes liquidatable, valued at today's prices: it only grows with the drop.",
  ],
  [
    'collateralAtRisk',
    'Collateral at risk (shocked prices)',
    'Collateral of the accounts the drop makes liquidatable, valued at the dropped prices (what a liquidator could seize then): it can fall at large drops.',
  ],
  [
    'debtAtRisk',
    'Debt at risk',
    'Debt of the accounts the drop makes liquidatable, at the dropped prices.',
  ],
  ['badDebt', 'Bad debt', 'Debt not covered by collateral after the drop.'],
  [
    'bonus',
    'Liquidator bonus',
    'Bonus liquidators would earn after the drop, net of the protocol fee.',
  ],
];

export function ShockCurves({ drops, series }: { drops: number[]; series: CurveSeries[] }) {
  const sp = useSearchParams();
  const pathname = usePathname();
  const kind = sp.get('curves') === 'asset' ? 'asset' : 'group';
  const [metric, , meaning] = METRICS.find(([k]) => k === sp.get('metric')) ?? METRICS[0];
  const shown = useMemo(() => series.filter((s) => s.kind === kind), [series, kind]);
  return (
    <>
      <div className="table-tools">
        <div className="seg" role="group" aria-label="Shock per">
          <button
            type="button"
            className={kind === 'group' ? 'active' : ''}
            onClick={() => setUrlParam(pathname, 'curves', null)}
          >
            Groups
          </button>
          <button
            type="button"
            className={kind === 'asset' ? 'active' : ''}
            onClick={() => setUrlParam(pathname, 'curves', 'asset')}
            data-curves-asset
          >
            Assets
          </button>
        </div>
        <div className="spacer" />
        <select
          aria-label="Metric"
          value={metric}
          onChange={(e) =>
            setUrlParam(
              pathname,
              'metric',
              e.target.value === METRICS[0][0] ? null : e.target.value,
            )
          }
        >
          {METRICS.map(([k, l]) => (
            <option key={k} value={k}>
              {l}
            </option>
          ))}
        </select>
      </div>
      <LineBarChart
        testId="chart-shock"
        xType="linear"
        xFormat="drop"
        labels={drops}
        xTitle="price drop"
        series={shown.map((s) => ({ label: s.label, data: s[metric] }))}
        height={280}
      />
      <p className="muted small" data-curve-valuation={metric}>
        {meaning}
      </p>
    </>
  );
}

interface SandboxResult {
  block: number;
  drops: Record<string, number>;
  accounts: number;
  insolventAccounts: number;
  collateralAtRisk: number;
  debtAtRisk: number;
  liquidatableDebt: number;
  liquidatorBonus: number;
  protocolFee: number;
  badDebt: number;
  top: Array<{ account: string; hf: number; collateralUSD: number; debtUSD: number }>;
  ms: number;
}

export function Sandbox({ network, assets }: { network: string; assets: string[] }) {
  const sp = useSearchParams();
  const pathname = usePathname();
  const [drops, setDrops] = useState<Record<string, number>>(() =>
    parseScenario(sp.get('scenario')),
  );
  const [result, setResult] = useState<(SandboxResult & { key: string }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const seq = useRef(0);
  const key = formatScenario(drops);

  useEffect(() => {
    setUrlParam(pathname, 'scenario', key || null);
    const my = ++seq.current;
    const ctl = new AbortController();
    setBusy(true);
    const t = setTimeout(async () => {
      try {
        const r = await fetch(
          `/api/sandbox?network=${encodeURIComponent(network)}&drops=${encodeURIComponent(key)}`,
          { signal: ctl.signal, cache: 'no-store' },
        );
        const j = await r.json();
        if (my !== seq.current) return;
        if (!r.ok) throw new Error(j.error ?? `HTTP ${r.status}`);
        setResult({ ...j, key });
        setError(null);
      } catch (e) {
        if ((e as Error).name === 'AbortError' || my !== seq.current) return;
        setError((e as Error).message);
      } finally {
        if (my === seq.current) setBusy(false);
      }
    }, 80);
    return () => {
      clearTimeout(t);
      ctl.abort();
    };
  }, [key, network, pathname]);

  const netq = network ? `?network=${encodeURIComponent(network)}` : '';
  return (
    <div className="cols-2" style={{ marginBottom: 0 }}>
      <div>
        <div className="table-tools">
          <span className="muted small">Drop per asset (oracle price)</span>
          <div className="spacer" />
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() => setDrops({})}
            data-sandbox-reset
          >
            Reset
          </button>
        </div>
        {assets.map((a) => (
          <div className="slider-row" key={a}>
            <label htmlFor={`sl-${a}`}>
              <strong>{a}</strong>
            </label>
            <input
              id={`sl-${a}`}
              type="range"
              min={0}
              max={90}
              step={1}
              value={drops[a] ?? 0}
              data-slider={a}
              onChange={(e) => setDrops((d) => ({ ...d, [a]: Number(e.target.value) }))}
            />
            <span className="num">{fmtDrop(drops[a] ?? 0)}</span>
          </div>
        ))}
      </div>
      <div data-sandbox-result data-sandbox-key={result?.key ?? ''} aria-busy={busy}>
        {error ? (
          <div className="banner banner-error" role="alert">
            Sandbox: {error}
          </div>
        ) : null}
        <div
          className="kpis"
          style={{ gridTemplateColumns: 'repeat(2, minmax(0,1fr))', opacity: busy ? 0.65 : 1 }}
        >
          <div className="kpi">
            <div className="kpi-label">Accounts liquidatable</div>
            <div className="kpi-value" data-sandbox-accounts>
              {result ? fmtInt(result.accounts) : '—'}
            </div>
            <div className="kpi-sub" data-sandbox-insolvent>
              {result
                ? `${fmtInt(result.insolventAccounts)} insolvent (no collateral: bad debt)`
                : ''}
            </div>
          </div>
          <div className="kpi">
            <div className="kpi-label">Collateral at risk</div>
            <div className="kpi-value" data-sandbox-collateral>
              {result ? fmtUSD(result.collateralAtRisk) : '—'}
            </div>
          </div>
          <div className="kpi">
            <div className="kpi-label">Debt liquidatable now</div>
            <div className="kpi-value">{result ? fmtUSD(result.liquidatableDebt) : '—'}</div>
            <div className="kpi-sub">close factor 50% (100% below HF 0.95)</div>
          </div>
          <div className={`kpi ${result && result.badDebt > 0 ? 'neg' : ''}`}>
            <div className="kpi-label">Bad debt</div>
            <div className="kpi-value">{result ? fmtUSD(result.badDebt) : '—'}</div>
          </div>
          <div className="kpi">
            <div className="kpi-label">Liquidator bonus</div>
            <div className="kpi-value">{result ? fmtUSD(result.liquidatorBonus) : '—'}</div>
          </div>
          <div className="kpi">
            <div className="kpi-label">Protocol fee</div>
            <div className="kpi-value">{result ? fmtUSD(result.protocolFee) : '—'}</div>
          </div>
        </div>
        {result?.top.length ? (
          <DataTable
            id="sb"
            searchable={false}
            filename={`sandbox-${network}`}
            pageSize={8}
            defaultSort="debt:desc"
            rows={result.top.map((t) => ({
              id: t.account,
              account: t.account,
              href: `/accounts/${t.account}${netq}`,
              hf: t.hf,
              collateral: t.collateralUSD,
              debt: t.debtUSD,
            }))}
            columns={[
              { key: 'account', label: 'Liquidatable account', type: 'addr', href: 'href' },
              { key: 'hf', label: 'HF after', type: 'hf' },
              { key: 'collateral', label: 'Collateral', type: 'usd' },
              { key: 'debt', label: 'Debt', type: 'usd' },
            ]}
          />
        ) : null}
        <p className="muted small">
          {result
            ? `Exact health factors at block ${fmtInt(result.block)} with the shocked prices · computed in ${result.ms.toFixed(0)} ms`
            : busy
              ? 'Computing…'
              : ''}
        </p>
      </div>
    </div>
  );
}
