// Server-side GraphQL access (urql via @urql/next/rsc) with a last-good-data cache so pages
// can show the last data and its age when the endpoint is down.
import { cacheExchange, createClient, fetchExchange, type AnyVariables, type TypedDocumentNode } from '@urql/core';
import { registerUrql } from '@urql/next/rsc';
import { headers } from 'next/headers';
import type { NetworkInfo } from './networks';

const makeClient = () =>
  createClient({
    url: 'http://127.0.0.1:8000/subgraphs/name/collateral-radar', // replaced per query by context.url
    exchanges: [cacheExchange, fetchExchange],
    requestPolicy: 'network-only',
    preferGetMethod: false,
  });

const { getClient } = registerUrql(makeClient);

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  /** ms epoch of the data shown */
  fetchedAt: number;
  /** data is from an earlier successful request because the latest one failed */
  stale: boolean;
}

const lastGood = new Map<string, { data: unknown; at: number }>();
const MAX_CACHE = 300;

function remember(key: string, data: unknown) {
  lastGood.delete(key);
  lastGood.set(key, { data, at: Date.now() });
  if (lastGood.size > MAX_CACHE) lastGood.delete(lastGood.keys().next().value as string);
}

export function describeError(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (/ECONNREFUSED|fetch failed|Failed to fetch|ENOTFOUND|EHOSTUNREACH|socket hang up/i.test(msg)) return 'The GraphQL endpoint is not reachable.';
  if (/aborted|timeout/i.test(msg)) return 'The GraphQL endpoint did not answer in time.';
  return msg.replace(/^\[(GraphQL|Network)\]\s*/, '');
}

export async function gql<T = any>(net: NetworkInfo, query: string | TypedDocumentNode<T, AnyVariables>, variables: Record<string, unknown> = {}, timeoutMs = 8000): Promise<Loaded<T>> {
  const key = `${net.name}|${typeof query === 'string' ? query : JSON.stringify(query)}|${JSON.stringify(variables)}`;
  try {
    const res = await getClient()
      .query(query as string, variables as AnyVariables, {
        url: net.url,
        requestPolicy: 'network-only',
        fetchOptions: { signal: AbortSignal.timeout(timeoutMs), cache: 'no-store' },
      })
      .toPromise();
    if (res.error) {
      const netErr = res.error.networkError;
      throw new Error(netErr ? (netErr.cause instanceof Error ? netErr.cause.message : netErr.message) : [...new Set(res.error.graphQLErrors.map((g) => g.message))].join('; '));
    }
    remember(key, res.data);
    return { data: res.data as T, error: null, fetchedAt: Date.now(), stale: false };
  } catch (e) {
    const prev = lastGood.get(key);
    return { data: (prev?.data as T) ?? null, error: describeError(e), fetchedAt: prev?.at ?? 0, stale: !!prev };
  }
}

/**
 * Page through a collection with id_gt cursors at one block (graph-node: first ≤ 1000).
 * `query` must take $first, $lastId, $block and select `items: <entity>(first:$first, where:{id_gt:$lastId ...}, orderBy:id, block:$block)`.
 */
export async function gqlAll<T extends { id: string }>(net: NetworkInfo, query: string, variables: Record<string, unknown>, max = 20000): Promise<Loaded<T[]>> {
  const out: T[] = [];
  let lastId = '0x';
  let fetchedAt = Date.now();
  for (;;) {
    const r = await gql<{ items: T[] }>(net, query, { ...variables, first: 1000, lastId });
    if (r.error || !r.data) {
      if (!out.length) return { data: r.data?.items ?? null, error: r.error, fetchedAt: r.fetchedAt, stale: r.stale };
      return { data: out, error: r.error, fetchedAt, stale: true };
    }
    fetchedAt = r.fetchedAt;
    out.push(...r.data.items);
    if (r.data.items.length < 1000 || out.length >= max) break;
    lastId = r.data.items[r.data.items.length - 1].id;
  }
  return { data: out, error: null, fetchedAt, stale: false };
}

/** Fetch any JSON from a URL server-side (index-node status), with the same last-good policy. */
export async function postJson<T = any>(url: string, body: unknown, timeoutMs = 5000): Promise<Loaded<T>> {
  const key = `post|${url}|${JSON.stringify(body)}`;
  try {
    const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs), cache: 'no-store' });
    if (!r.ok) throw new Error(`HTTP ${r.status} from ${new URL(url).host}`);
    const j = await r.json();
    if (j.errors?.length) throw new Error([...new Set(j.errors.map((e: { message: string }) => e.message))].join('; '));
    remember(key, j.data);
    return { data: j.data as T, error: null, fetchedAt: Date.now(), stale: false };
  } catch (e) {
    const prev = lastGood.get(key);
    return { data: (prev?.data as T) ?? null, error: describeError(e), fetchedAt: prev?.at ?? 0, stale: !!prev };
  }
}

export interface RiskLoaded<T> extends Loaded<T> { unavailable: boolean }

/** Call the dashboard's own risk-engine JSON API (app/api/risk/**) from a server component. */
export async function riskApi<T = any>(path: string, params: Record<string, string | number | undefined>, timeoutMs = 15000): Promise<RiskLoaded<T>> {
  const h = await headers();
  const host = h.get('host') ?? `127.0.0.1:${process.env.PORT ?? 3000}`;
  const qs = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)]));
  const url = `http://${host}/api/risk/${path}?${qs}`;
  const key = `risk|${path}|${qs}`;
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), cache: 'no-store' });
    if (r.status === 404) {
      const text = await r.text();
      // Next's own 404 page means the route is not there yet; a JSON 404 is the engine's answer.
      if (text.trimStart().startsWith('<')) return { data: null, error: `Risk engine route /api/risk/${path} is not available.`, fetchedAt: 0, stale: false, unavailable: true };
      throw new Error(safeMessage(text) || 'not found');
    }
    const text = await r.text();
    if (!r.ok) throw new Error(safeMessage(text) || `HTTP ${r.status}`);
    const j = JSON.parse(text) as T;
    remember(key, j);
    return { data: j, error: null, fetchedAt: Date.now(), stale: false, unavailable: false };
  } catch (e) {
    const prev = lastGood.get(key);
    return { data: (prev?.data as T) ?? null, error: `Risk engine: ${describeError(e)}`, fetchedAt: prev?.at ?? 0, stale: !!prev, unavailable: false };
  }
}

function safeMessage(text: string): string {
  try {
    const j = JSON.parse(text);
    return String(j.error?.message ?? j.error ?? j.message ?? '').slice(0, 300);
  } catch {
    return text.startsWith('<') ? '' : text.slice(0, 300);
  }
}
