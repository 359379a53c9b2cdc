'use client';
// The block a page's data is from and how old that block is, counted on the viewer's clock every
// second (a server-rendered "12s ago" would keep saying 12s). Amber past an hour, red with
// indexing errors or a failed read.
import { useEffect, useState } from 'react';
import { fmtAge, fmtInt } from '@/lib/format';

export interface BadgeMeta {
  number: number;
  hash: string;
  timestamp: number | null;
  hasIndexingErrors: boolean;
  deployment: string;
}

export function FreshnessBadge({ meta, error }: { meta: BadgeMeta; error?: boolean }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const ts = Number(meta.timestamp ?? 0);
  const ageS = ts ? now / 1000 - ts : Infinity;
  const tone = meta.hasIndexingErrors || error ? 'neg' : ageS > 3600 ? 'warn' : 'pos';
  return (
    <span
      className={`badge badge-${tone}`}
      data-freshness={tone}
      data-block={meta.number}
      title={`block ${meta.hash}\ndeployment ${meta.deployment}`}
    >
      ● block {fmtInt(meta.number)}
      {ts ? (
        <span suppressHydrationWarning data-block-age>{` · ${fmtAge(ts, now)} ago`}</span>
      ) : null}
      {meta.hasIndexingErrors ? ' · indexing errors' : ''}
    </span>
  );
}
