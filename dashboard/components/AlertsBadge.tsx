'use client';
// Header badge: number of open alerts on the selected network (polls GET /api/alerts every 20 s),
// links to /alerts. The NavBar passes the network it resolved (null: the default network, also
// for an unknown or `all` ?network=), so the badge never asks the API for a network that is not
// configured. Wraps itself in Suspense.
import Link from 'next/link';
import { Suspense, useEffect, useState } from 'react';

interface Counts {
  open: number;
  critical: number;
  error: string | null;
}

function Badge({ network }: { network: string | null }) {
  const [c, setC] = useState<Counts | null>(null);
  useEffect(() => {
    let stop = false;
    const load = async () => {
      try {
        const res = await fetch(
          `/api/alerts${network ? `?network=${encodeURIComponent(network)}` : ''}`,
          { cache: 'no-store' },
        );
        const body = (await res.json()) as { open?: Array<{ severity: string }>; error?: string };
        if (stop) return;
        if (!res.ok) setC({ open: 0, critical: 0, error: body.error ?? `HTTP ${res.status}` });
        else
          setC({
            open: body.open?.length ?? 0,
            critical: body.open?.filter((a) => a.severity === 'critical').length ?? 0,
            error: null,
          });
      } catch (e) {
        if (!stop) setC({ open: 0, critical: 0, error: (e as Error).message });
      }
    };
    void load();
    const t = setInterval(load, 20_000);
    return () => {
      stop = true;
      clearInterval(t);
    };
  }, [network]);
  const href = `/alerts${network ? `?network=${encodeURIComponent(network)}` : ''}`;
  if (!c)
    return (
      <Link href={href} prefetch={false} className="badge" data-alerts-badge="loading">
        ● alerts
      </Link>
    );
  if (c.error)
    return (
      <Link
        href={href}
        prefetch={false}
        className="badge badge-warn"
        data-alerts-badge="error"
        title={c.error}
      >
        ● alerts unavailable
      </Link>
    );
  const tone = c.critical ? 'neg' : c.open ? 'warn' : 'pos';
  return (
    <Link
      href={href}
      prefetch={false}
      className={`badge badge-${tone}`}
      data-alerts-badge={c.open}
      title={`${c.open} open alert${c.open === 1 ? '' : 's'}${c.critical ? `, ${c.critical} critical` : ''}`}
    >
      ● {c.open ? `${c.open} alert${c.open === 1 ? '' : 's'}` : 'no alerts'}
    </Link>
  );
}

export function AlertsBadge({ network }: { network: string | null }) {
  return (
    <Suspense fallback={null}>
      <Badge network={network} />
    </Suspense>
  );
}

export default AlertsBadge;
