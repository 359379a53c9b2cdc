// Risk analysis per (network, block hash), cached: the book is paged once per block, prepared
// once, and every derived result (accounts, curves, VaR, concentration) is memoized on it.
import { getNetwork } from '@/lib/config';
import { sharedClient, type SubgraphClient } from '@/lib/subgraph-client';
import { loadBook, loadPriceHistory } from '@/lib/risk/book-from-subgraph';
import { evaluate, prepareBook, type AccountResults, type PreparedBook } from '@/lib/risk/engine';
import { floatBook, type FloatBook } from '@/lib/risk/analysis';
import type { Book, PriceHistory } from '@/lib/risk/types';

export class RiskContext {
  readonly pb: PreparedBook;
  readonly fb: FloatBook;
  readonly results: AccountResults;
  private memo = new Map<string, unknown>();
  priceHistory?: () => Promise<PriceHistory>;
  /** the endpoint the book came from, for data read on demand at the same block (DEX pools) */
  subgraph?: SubgraphClient;

  constructor(readonly book: Book) {
    this.pb = prepareBook(book);
    const n = this.pb.posMarket.length;
    const posBase = { coll: new Float64Array(n), debt: new Float64Array(n) };
    this.results = evaluate(this.pb, this.pb.basePrices, posBase);
    this.fb = floatBook(this.pb, posBase);
  }

  /** memoize a derived result on this block */
  get<T>(key: string, f: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, f());
    return this.memo.get(key) as T;
  }

  accountIndex(address: string): number {
    const a = address.toLowerCase();
    return (
      this.get('accountIndex', () => new Map(this.book.accounts.map((x, i) => [x.id, i]))).get(a) ??
      -1
    );
  }
}

const MAX_CACHED = 6;
const cache = new Map<string, Promise<RiskContext>>();
/** networks with books put in the cache directly (tests, benchmarks) */
const primed = new Set<string>();

export class UnknownNetworkError extends Error {}

/** Context at `blockHash`, or at the endpoint's latest indexed block. */
export async function getRiskContext(
  networkName: string | null | undefined,
  blockHash?: string,
): Promise<RiskContext> {
  if (blockHash && networkName && primed.has(networkName)) {
    const hit = cache.get(`${networkName}|${blockHash.toLowerCase()}`);
    if (hit) return hit;
  }
  const net = getNetwork(networkName);
  if (!net) throw new UnknownNetworkError(`unknown network "${networkName}"`);
  const client = sharedClient(net.subgraphUrl);
  const hash = blockHash ?? (await client.meta()).hash;
  const key = `${net.name}|${hash.toLowerCase()}`;
  let p = cache.get(key);
  if (!p) {
    p = loadBook(client, net.name, { blockHash: hash }).then((book) => {
      const ctx = new RiskContext(book);
      ctx.subgraph = client;
      let hist: Promise<PriceHistory> | undefined;
      ctx.priceHistory = () => (hist ??= loadPriceHistory(client, book));
      return ctx;
    });
    cache.set(key, p);
    p.catch(() => cache.delete(key)); // failures are not cached
    while (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
  } else {
    cache.delete(key);
    cache.set(key, p); // LRU touch
  }
  return p;
}

/** Tests and benchmarks: put a ready book in the cache (same path as the subgraph loader). */
export function primeRiskContext(book: Book): RiskContext {
  const ctx = new RiskContext(book);
  primed.add(book.network);
  cache.set(`${book.network}|${book.block.hash.toLowerCase()}`, Promise.resolve(ctx));
  return ctx;
}

export function clearRiskCache(): void {
  cache.clear();
}
