// The Uniswap V3 pools between two markets of a book, as the subgraph indexed them at the book's
// block (DexPool and DexTick in subgraph/schema.graphql): price, in-range liquidity and the net
// liquidity of every initialised tick, which is all the swap math needs.
import { SubgraphError, type SubgraphClient } from '@/lib/subgraph-client';
import type { Book } from '@/lib/risk/types';
import type { DexPool } from './cascade';

interface PoolRow {
  id: string;
  token0: string;
  token1: string;
  fee: number;
  tickSpacing: number;
  sqrtPriceX96: string;
  tick: number | null;
  liquidity: string;
  seededTickLower?: number | null;
  seededTickUpper?: number | null;
}
interface TickRow {
  id: string;
  tickIdx: number;
  liquidityNet: string;
  pool: { id: string };
}

export interface IndexedPools {
  /** false when the subgraph has no DexPool entities at all (built without the DEX sources) */
  indexed: boolean;
  pools: DexPool[];
}

const POOL_FIELDS = 'id token0 token1 fee tickSpacing sqrtPriceX96 tick liquidity';
/** Subgraphs built since pools are seeded also say which ticks a seeded pool's state holds. */
const SEEDED_FIELDS = ' seededTickLower seededTickUpper';
const TICK_FIELDS = 'id tickIdx liquidityNet pool { id }';

export async function loadDexPools(client: SubgraphClient, book: Book): Promise<IndexedPools> {
  const hash = book.block.hash;
  let rows: PoolRow[];
  try {
    rows = await pageSeededOrNot(client, hash);
  } catch (e) {
    if (
      e instanceof SubgraphError &&
      /dexPools/.test(e.message) &&
      /Cannot query field|has no field/i.test(e.message)
    )
      return { indexed: false, pools: [] };
    throw e;
  }
  const ticks = rows.length ? await client.pageAll<TickRow>('dexTicks', TICK_FIELDS, hash) : [];
  return { indexed: true, pools: dexPoolsOf(book, rows, ticks) };
}

/** The pools with their seeded range, or without it from a subgraph built before it existed. */
async function pageSeededOrNot(client: SubgraphClient, hash: string): Promise<PoolRow[]> {
  try {
    return await client.pageAll<PoolRow>('dexPools', POOL_FIELDS + SEEDED_FIELDS, hash);
  } catch (e) {
    if (e instanceof SubgraphError && /seededTick/.test(e.message))
      return client.pageAll<PoolRow>('dexPools', POOL_FIELDS, hash);
    throw e;
  }
}

/** Rows → pools of the book: initialised pools whose two tokens are markets, ticks ascending. */
export function dexPoolsOf(book: Book, rows: PoolRow[], tickRows: TickRow[]): DexPool[] {
  const marketIdx = new Map(book.markets.map((m, i) => [m.id.toLowerCase(), i]));
  const ticksByPool = new Map<string, { tick: number; liquidityNet: bigint }[]>();
  for (const t of tickRows) {
    const id = t.pool.id.toLowerCase();
    const list = ticksByPool.get(id) ?? [];
    list.push({ tick: t.tickIdx, liquidityNet: BigInt(t.liquidityNet) });
    ticksByPool.set(id, list);
  }
  const out: DexPool[] = [];
  for (const r of rows) {
    const m0 = marketIdx.get(r.token0.toLowerCase());
    const m1 = marketIdx.get(r.token1.toLowerCase());
    const sqrtPriceX96 = BigInt(r.sqrtPriceX96);
    if (m0 === undefined || m1 === undefined || sqrtPriceX96 === 0n || r.tick === null) continue;
    const address = r.id.toLowerCase();
    out.push({
      address,
      market0: m0,
      market1: m1,
      state: {
        fee: Number(r.fee),
        tickSpacing: Number(r.tickSpacing),
        sqrtPriceX96,
        tick: Number(r.tick),
        liquidity: BigInt(r.liquidity),
        ticks: (ticksByPool.get(address) ?? []).sort((a, b) => a.tick - b.tick),
        ...(r.seededTickLower != null && r.seededTickUpper != null
          ? { knownRange: { lower: r.seededTickLower, upper: r.seededTickUpper } }
          : {}),
      },
    });
  }
  return out.sort((a, b) => (a.address < b.address ? -1 : 1));
}
