// Server-side reads for the page components, each under the last-good policy (last-good.ts):
// GraphQL documents over urql (`@urql/next/rsc`), whole collections through the shared paging
// client (subgraph-client.ts, pinned to one block), and index-node status over plain fetch.
import {
  cacheExchange,
  createClient,
  fetchExchange,
  type AnyVariables,
  type TypedDocumentNode,
} from '@urql/core';
import { registerUrql } from '@urql/next/rsc';
import { DEFAULT_SUBGRAPH_URL, type Network } from '@/lib/config';
import { sharedClient } from '@/lib/subgraph-client';
import { lastGood, type Loaded } from '@/lib/data/last-good';

export type { Loaded } from '@/lib/data/last-good';

const makeClient = () =>
  createClient({
    url: DEFAULT_SUBGRAPH_URL, // replaced per query by context.url
    exchanges: [cacheExchange, fetchExchange],
    requestPolicy: 'network-only',
    preferGetMethod: false,
  });

const { getClient } = registerUrql(makeClient);

/** One GraphQL document against the network's endpoint. */
export function gql<T = any>(
  net: Network,
  query: string | TypedDocumentNode<T, AnyVariables>,
  variables: Record<string, unknown> = {},
  timeoutMs = 8000,
): Promise<Loaded<T>> {
  const text = typeof query === 'string' ? query : JSON.stringify(query);
  return lastGood(`gql|${net.name}|${text}|${JSON.stringify(variables)}`, async () => {
    const res = await getClient()
      .query(query as string, variables as AnyVariables, {
        url: net.subgraphUrl,
        requestPolicy: 'network-only',
        fetchOptions: { signal: AbortSignal.timeout(timeoutMs), cache: 'no-store' },
      })
      .toPromise();
    if (res.error) {
      const netErr = res.error.networkError;
      const cause = netErr?.cause instanceof Error ? netErr.cause.message : netErr?.message;
      throw new Error(
        cause ?? [...new Set(res.error.graphQLErrors.map((g) => g.message))].join('; '),
      );
    }
    return res.data as T;
  });
}

/**
 * Every entity of `collection` matching `where` at the latest indexed block (graph-node paging:
 * first ≤ 1000, id_gt cursors, one block hash), at most `limit` of them.
 */
export function gqlAll<T extends { id: string }>(
  net: Network,
  collection: string,
  fields: string,
  where: string,
  limit = 20_000,
): Promise<Loaded<T[]>> {
  return lastGood(`all|${net.name}|${collection}|${fields}|${where}|${limit}`, async () => {
    const client = sharedClient(net.subgraphUrl, { retries: 1, timeoutMs: 8000 });
    const { hash } = await client.meta();
    return client.pageAll<T>(collection, fields, hash, { where, limit });
  });
}

/** POST a GraphQL body to any URL (the index-node status endpoint). */
export function postJson<T = any>(
  url: string,
  body: unknown,
  timeoutMs = 5000,
): Promise<Loaded<T>> {
  return lastGood(`post|${url}|${JSON.stringify(body)}`, async () => {
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
      cache: 'no-store',
    });
    if (!r.ok) throw new Error(`HTTP ${r.status} from ${new URL(url).host}`);
    const j = await r.json();
    if (j.errors?.length) {
      throw new Error([...new Set(j.errors.map((e: { message: string }) => e.message))].join('; '));
    }
    return j.data as T;
  });
}
