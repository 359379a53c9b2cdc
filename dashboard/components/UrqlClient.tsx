'use client';
// Client-side urql (via @urql/next) for interactive data; talks only to this server's
// /api/graphql proxy, never to the subgraph endpoint itself.
import { cacheExchange, createClient, fetchExchange, ssrExchange, UrqlProvider } from '@urql/next';
import { useMemo, type ReactNode } from 'react';

export function ClientUrql({ network, children }: { network: string; children: ReactNode }) {
  const [client, ssr] = useMemo(() => {
    const ssr = ssrExchange({ isClient: typeof window !== 'undefined' });
    const origin = typeof window !== 'undefined' ? window.location.origin : 'http://127.0.0.1';
    const client = createClient({
      url: `${origin}/api/graphql?network=${encodeURIComponent(network)}`,
      exchanges: [cacheExchange, ssr, fetchExchange],
      suspense: false,
      preferGetMethod: false,
      requestPolicy: 'cache-first',
    });
    return [client, ssr] as const;
  }, [network]);
  return (
    <UrqlProvider client={client} ssr={ssr}>
      {children}
    </UrqlProvider>
  );
}
