'use client';
// Follows the indexed head for every page: polls `_meta` through this server's /api/graphql every
// few seconds and, when the block moves past the one the page was rendered at, re-renders the
// server components in place (router.refresh(): same URL, filters and client state kept). Pauses
// while the tab is hidden. Renders nothing; the page's freshness badge shows the new block.
import { useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useEffect, useRef } from 'react';

const META = '{ _meta { block { number } } }';

function Poller({ everyMs, networks }: { everyMs: number; networks: string[] }) {
  const router = useRouter();
  const sp = useSearchParams();
  const asked = sp.get('network');
  // an unknown or `all` ?network= shows the default network: follow that one
  const network = asked && networks.includes(asked) ? asked : null;
  const seen = useRef<number | null>(null);
  useEffect(() => {
    let stop = false;
    seen.current = null;
    const poll = async () => {
      if (document.hidden) return;
      try {
        const q = network ? `?network=${encodeURIComponent(network)}` : '';
        const res = await fetch(`/api/graphql${q}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: META }),
          cache: 'no-store',
        });
        // the body is read even on an error answer: an unread one keeps the request open
        const body = await res.text();
        if (!res.ok || stop) return;
        const block = Number(
          (JSON.parse(body) as { data?: { _meta?: { block?: { number?: number } } } }).data?._meta
            ?.block?.number,
        );
        if (!Number.isFinite(block)) return;
        // the first answer is the block the page was just rendered at (or near it): remember it
        if (seen.current !== null && block > seen.current) router.refresh();
        seen.current = block;
      } catch {
        /* offline or server restarting: the next poll retries */
      }
    };
    void poll();
    const timer = setInterval(poll, everyMs);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [network, everyMs, router]);
  return null;
}

export function LiveRefresh({
  networks,
  everyMs = 4000,
}: {
  networks: string[];
  everyMs?: number;
}) {
  return (
    <Suspense fallback={null}>
      <Poller everyMs={everyMs} networks={networks} />
    </Suspense>
  );
}
