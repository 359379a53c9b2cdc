'use client';
// DEX depth of one asset: how much of it sells on each indexed Uniswap V3 pool before its pool
// price falls by 1, 2, 5 and 10% (/api/risk/liquidity). On /risk the asset is chosen (URL
// `depth=SYM`); on a market page it is that market.
import { usePathname, useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { LineBarChart } from '@/components/Chart';
import { DataTable } from '@/components/DataTable';
import { setUrlParam } from '@/lib/url-state';

interface DepthPool {
  address: string;
  pair: string;
  quote: string;
  fee: number;
  depth: Array<{ impactPct: number; amountInUSD: number; exhausted: boolean }>;
}
interface DepthView {
  indexed: boolean;
  impactsPct: number[];
  assets: Array<{ symbol: string; note?: string; pools: DepthPool[] }>;
}

export function LiquidityDepth({
  network,
  assets,
  fixed,
}: {
  network: string;
  assets: string[];
  /** the asset of a market page (no picker) */
  fixed?: string;
}) {
  const sp = useSearchParams();
  const pathname = usePathname();
  const [asset, setAsset] = useState(() => fixed ?? sp.get('depth') ?? assets[0] ?? '');
  const [view, setView] = useState<DepthView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!asset) return;
    if (!fixed) setUrlParam(pathname, 'depth', asset === assets[0] ? null : asset);
    const ctl = new AbortController();
    const q = new URLSearchParams({ network, asset });
    fetch(`/api/risk/liquidity?${q}`, { signal: ctl.signal, cache: 'no-store' })
      .then(async (r) => {
        const j = await r.json();
        if (!r.ok) throw new Error(j.error ?? `HTTP ${r.status}`);
        setView(j);
        setError(null);
      })
      .catch((e: Error) => e.name !== 'AbortError' && setError(e.message));
    return () => ctl.abort();
  }, [asset, network, pathname, fixed, assets]);

  const a = view?.assets[0];
  const pools = a?.pools ?? [];
  return (
    <div data-depth={asset} data-depth-loaded={a ? a.symbol : ''}>
      {fixed ? null : (
        <div className="table-tools">
          <select aria-label="Asset sold" value={asset} onChange={(e) => setAsset(e.target.value)}>
            {assets.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
      )}
      {error ? (
        <div className="banner banner-error" role="alert">
          Depth: {error}
        </div>
      ) : null}
      {a?.note ? <p className="muted">{a.note}</p> : null}
      {pools.length ? (
        <>
          <LineBarChart
            kind="bar"
            testId="chart-depth"
            labels={(view?.impactsPct ?? []).map((p) => `−${p}%`)}
            xTitle="price impact"
            series={pools.map((p) => ({
              label: p.pair,
              data: p.depth.map((d) => d.amountInUSD),
            }))}
            height={220}
          />
          <DataTable
            id="depth"
            searchable={false}
            filename={`depth-${network}-${a!.symbol}`}
            pageSize={10}
            rows={pools.map((p) => ({
              id: p.address,
              pair: p.pair,
              pool: p.address,
              ...Object.fromEntries(p.depth.map((d) => [`d${d.impactPct}`, d.amountInUSD])),
              exhausted: p.depth
                .filter((d) => d.exhausted)
                .map((d) => `−${d.impactPct}%`)
                .join(', '),
            }))}
            columns={[
              { key: 'pair', label: 'Pool' },
              ...(view?.impactsPct ?? []).map((p) => ({
                key: `d${p}`,
                label: `Sells before −${p}%`,
                type: 'usd' as const,
              })),
              {
                key: 'exhausted',
                label: 'Liquidity ends before',
                title: 'the pool holds less than this impact would take',
              },
              { key: 'pool', label: 'Address', type: 'addr', hideSm: true },
            ]}
          />
        </>
      ) : null}
      <p className="muted small">
        Amount of {a?.symbol ?? asset} (valued at the oracle price) a seller can swap on each pool
        before that pool&apos;s price falls by the impact shown, from the indexed ticks at this
        block.
      </p>
    </div>
  );
}
