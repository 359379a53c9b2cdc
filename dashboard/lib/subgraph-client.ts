// Server-side paging over a graph-node compatible endpoint (our indexer, graph-node, Subgraph
// Studio / decentralized network gateways): read `_meta.block` once, then page each collection
// with `first: 1000`, `orderBy: id`, `id_gt` cursors, all pinned to that block hash so pages are
// consistent even while the indexer advances. Uses plain fetch (no client cache on the server).
// The one paging client of the dashboard: pages, the risk engine and the alerts all page here.

export class SubgraphError extends Error {
  constructor(
    message: string,
    readonly endpoint: string,
    readonly kind: 'network' | 'http' | 'graphql',
  ) {
    super(message);
    this.name = 'SubgraphError';
  }
}

export interface MetaBlock {
  number: number;
  hash: string;
  timestamp: number;
}

export interface SubgraphClientOptions {
  /** attempts per request on transient errors (network, 5xx, 429, "not yet indexed") */
  retries?: number;
  /** ms before the first retry; doubles each time */
  backoffMs?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export const PAGE_SIZE = 1000;

export interface PageOptions {
  /** extra GraphQL filter text, e.g. `hasDebt: true` */
  where?: string;
  /** concurrent id ranges (1–16) */
  shards?: number;
  /** stop after this many entities */
  limit?: number;
  onPage?: (n: number) => void;
}

export class SubgraphClient {
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;
  /** number of HTTP requests sent (for benchmarks) */
  requests = 0;

  constructor(
    readonly endpoint: string,
    opts: SubgraphClientOptions = {},
  ) {
    this.retries = opts.retries ?? 4;
    this.backoffMs = opts.backoffMs ?? 200;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.fetchFn = opts.fetch ?? fetch;
  }

  /** One GraphQL request; retried on transient failures; errors name the endpoint. */
  async query<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
    let lastErr: SubgraphError | undefined;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, this.backoffMs * 2 ** (attempt - 1)));
      let res: Response;
      this.requests++;
      try {
        res = await this.fetchFn(this.endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ query, variables }),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (e) {
        lastErr = new SubgraphError(
          `subgraph ${this.endpoint} unreachable: ${(e as Error).message}`,
          this.endpoint,
          'network',
        );
        continue;
      }
      const text = await res.text().catch(() => '');
      let body: { data?: T; errors?: Array<{ message: string }> } | undefined;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
      if (body?.errors?.length) {
        const msg = body.errors.map((e) => e.message).join('; ');
        const err = new SubgraphError(
          `subgraph ${this.endpoint} GraphQL error: ${msg}`,
          this.endpoint,
          'graphql',
        );
        // graph-node reports a block it has not indexed yet, or a store hiccup: worth retrying
        if (/not (yet )?indexed|has only indexed|store error|timeout|too many/i.test(msg)) {
          lastErr = err;
          continue;
        }
        throw err;
      }
      if (!res.ok) {
        const err = new SubgraphError(
          `subgraph ${this.endpoint} HTTP ${res.status}: ${text.slice(0, 200)}`,
          this.endpoint,
          'http',
        );
        if (res.status === 429 || res.status >= 500) {
          lastErr = err;
          continue;
        }
        throw err;
      }
      if (!body || body.data === undefined) {
        lastErr = new SubgraphError(
          `subgraph ${this.endpoint} returned no data: ${text.slice(0, 200)}`,
          this.endpoint,
          'http',
        );
        continue;
      }
      return body.data;
    }
    throw lastErr!;
  }

  /** `_meta.block` of the endpoint (the latest indexed block), or of `blockHash` when given. */
  async meta(blockHash?: string): Promise<MetaBlock> {
    const arg = blockHash ? `(block: { hash: ${JSON.stringify(blockHash)} })` : '';
    const data = await this.query<{
      _meta: { block: { number: number; hash: string | null; timestamp: number | null } } | null;
    }>(`{ _meta${arg} { block { number hash timestamp } } }`);
    const b = data._meta?.block;
    if (!b || !b.hash)
      throw new SubgraphError(
        `subgraph ${this.endpoint}: _meta has no block hash (nothing indexed yet?)`,
        this.endpoint,
        'graphql',
      );
    return { number: Number(b.number), hash: b.hash, timestamp: Number(b.timestamp ?? 0) };
  }

  /**
   * Every entity of `collection` (plural field name, e.g. "positions") at block `hash`.
   * `fields` must include `id`. `where` is extra GraphQL filter text (e.g. `hasDebt: true`).
   * `shards` > 1 splits the id space by the first id byte and pages the ranges concurrently
   * (ids that are random addresses spread evenly); each range still uses id_gt cursors.
   * `limit` stops paging once that many entities are read (the first `limit` by id, unsharded).
   */
  async pageAll<T extends { id: string }>(
    collection: string,
    fields: string,
    hash: string,
    opts: PageOptions = {},
  ): Promise<T[]> {
    const shards = Math.max(1, Math.min(16, opts.shards ?? 1));
    const bounds: Array<[string | null, string | null]> = [];
    if (shards === 1) bounds.push([null, null]);
    else {
      const step = 256 / shards;
      for (let s = 0; s < shards; s++) {
        const lo =
          s === 0
            ? null
            : '0x' +
              Math.floor(s * step)
                .toString(16)
                .padStart(2, '0');
        const hi =
          s === shards - 1
            ? null
            : '0x' +
              Math.floor((s + 1) * step)
                .toString(16)
                .padStart(2, '0');
        bounds.push([lo, hi]);
      }
    }
    const parts = await Promise.all(
      bounds.map(([lo, hi]) => this.pageRange<T>(collection, fields, hash, lo, hi, opts)),
    );
    const all = parts.flat();
    return opts.limit !== undefined && all.length > opts.limit ? all.slice(0, opts.limit) : all;
  }

  private async pageRange<T extends { id: string }>(
    collection: string,
    fields: string,
    hash: string,
    lo: string | null,
    hi: string | null,
    opts: PageOptions,
  ): Promise<T[]> {
    const out: T[] = [];
    let cursor: string | null = null;
    for (;;) {
      const filters: string[] = [];
      if (opts.where) filters.push(opts.where);
      if (cursor !== null) filters.push(`id_gt: ${JSON.stringify(cursor)}`);
      else if (lo !== null) filters.push(`id_gte: ${JSON.stringify(lo)}`);
      if (hi !== null) filters.push(`id_lt: ${JSON.stringify(hi)}`);
      const where = filters.length ? `, where: { ${filters.join(', ')} }` : '';
      const q = `{ page: ${collection}(first: ${PAGE_SIZE}, orderBy: id, orderDirection: asc${where}, block: { hash: ${JSON.stringify(hash)} }) { ${fields} } }`;
      const data = await this.query<{ page: T[] | null }>(q);
      const page = data.page ?? [];
      for (const row of page) out.push(row);
      opts.onPage?.(page.length);
      if (page.length < PAGE_SIZE || (opts.limit !== undefined && out.length >= opts.limit))
        return out;
      cursor = page[page.length - 1].id;
    }
  }
}

const shared = new Map<string, SubgraphClient>();

/** One client per endpoint and option set, kept for the process (request counts add up). */
export function sharedClient(
  endpoint: string,
  opts: Omit<SubgraphClientOptions, 'fetch'> = {},
): SubgraphClient {
  const key = `${endpoint}|${JSON.stringify(opts)}`;
  let c = shared.get(key);
  if (!c) shared.set(key, (c = new SubgraphClient(endpoint, opts)));
  return c;
}
