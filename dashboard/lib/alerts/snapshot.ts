// Collects what the rules need at one block of one network, all pinned to that block's hash:
// markets/tokens and recent liquidations over GraphQL, account health factors and shock totals
// from the risk engine (getRiskContext: exact Aave math, cached per block) through the shared
// borrower views, so alerts classify accounts as the pages do. Only the data the configured
// rules use is fetched.
import { SubgraphClient } from '@/lib/subgraph-client';
import { getRiskContext } from '@/lib/risk/service';
import { hfToNumber } from '@/lib/risk/engine';
import { shockCurve } from '@/lib/risk/analysis';
import { accountProtection } from '@/lib/data/protection';
import { DEFAULT_PATHS, predictionOf } from '@/lib/data/predictions';
import { atRiskThreshold } from '@/lib/config';
import { borrowersOf } from '@/lib/data/borrowers';
import { selectMarkets } from '@/lib/data/market-selection';
import type { Rule } from '@/lib/alerts/rules';
import type { Snapshot, SnapshotMarket, ShockTotals } from '@/lib/alerts/evaluate';

export interface MetaInfo {
  block: { number: number; hash: string; timestamp: number };
  hasIndexingErrors: boolean;
}

const META_FIELDS = '_meta{ block { number hash timestamp } hasIndexingErrors }';

/** Latest indexed block (no argument), or the block with that hash. */
export async function readMeta(client: SubgraphClient, at?: { hash: string }): Promise<MetaInfo> {
  const q = at
    ? `{ ${META_FIELDS.replace('_meta', `_meta(block: { hash: ${JSON.stringify(at.hash)} })`)} }`
    : `{ ${META_FIELDS} }`;
  const d = await client.query<{
    _meta: {
      block: { number: number; hash: string | null; timestamp: number | null };
      hasIndexingErrors: boolean;
    } | null;
  }>(q);
  const b = d._meta?.block;
  if (!b?.hash)
    throw new Error(`subgraph ${client.endpoint}: _meta has no block (nothing indexed yet?)`);
  return {
    block: { number: Number(b.number), hash: b.hash, timestamp: Number(b.timestamp ?? 0) },
    hasIndexingErrors: !!d._meta?.hasIndexingErrors,
  };
}

/** An index-node status endpoint; `network` (graph-node's name of the chain) is learnt once. */
export interface IndexNode {
  client: SubgraphClient;
  network?: string;
}

/** A past block that cannot be pinned to its hash; the message says why. */
export class BlockNotPinned extends Error {}

/** The chain the subgraph indexes, as the index-node names it (for its per-chain queries). */
async function chainNetwork(client: SubgraphClient, indexNode: IndexNode): Promise<string> {
  if (indexNode.network) return indexNode.network;
  const m = await client.query<{ _meta: { deployment: string } | null }>(
    '{ _meta { deployment } }',
  );
  const deployment = m._meta?.deployment ?? '';
  const s = await indexNode.client.query<{
    indexingStatuses: { chains: { network: string }[] }[];
  }>('query($d: [String!]) { indexingStatuses(subgraphs: $d) { chains { network } } }', {
    d: [deployment],
  });
  const network = s.indexingStatuses[0]?.chains[0]?.network;
  if (!network)
    throw new BlockNotPinned(`the index-node does not know deployment ${deployment || '(none)'}`);
  return (indexNode.network = network);
}

/**
 * The hash of a past block by number from the index-node's `blockHashFromNumber` (graph-node's
 * `_meta(block: { number })` has no hash: graphql/src/store/resolver.rs gives a block by number
 * the zero hash); null when the index-node does not know the block. Throws BlockNotPinned
 * without an index-node (a gateway) or when it fails.
 */
export async function blockHashAt(
  client: SubgraphClient,
  blockNumber: number,
  indexNode: IndexNode | undefined,
): Promise<string | null> {
  if (!indexNode)
    throw new BlockNotPinned('no index-node status endpoint to find past blocks by number');
  try {
    const network = await chainNetwork(client, indexNode);
    const d = await indexNode.client.query<{ blockHashFromNumber: string | null }>(
      'query($network: String!, $n: Int!) { blockHashFromNumber(network: $network, blockNumber: $n) }',
      { network, n: blockNumber },
    );
    return d.blockHashFromNumber;
  } catch (e) {
    if (e instanceof BlockNotPinned) throw e;
    throw new BlockNotPinned(`the index-node failed: ${(e as Error).message}`);
  }
}

/**
 * A past block by number, pinned by its hash (`blockHashAt`), the timestamp from
 * `_meta(block: { hash })`. Throws BlockNotPinned when the block cannot be pinned.
 */
export async function readMetaAt(
  client: SubgraphClient,
  blockNumber: number,
  indexNode: IndexNode | undefined,
): Promise<MetaInfo> {
  const hash = await blockHashAt(client, blockNumber, indexNode);
  if (!hash) throw new BlockNotPinned(`the index-node has no hash for block ${blockNumber}`);
  return readMeta(client, { hash });
}

interface RawMarket {
  id: string;
  symbol: string;
  decimals: number;
  utilization: string;
  totalSupply: string;
  totalVariableDebt: string;
  totalStableDebt: string;
  supplyCap: string;
  borrowCap: string;
  underlyingToken: {
    lastPriceUSD: string;
    lastPriceBlock: string;
    lastPriceTimestamp: string;
  } | null;
}

const needs = (rules: Rule[], ...types: Rule['type'][]) =>
  rules.some((r) => types.includes(r.type));

export async function collectSnapshot(
  client: SubgraphClient,
  network: string,
  meta: MetaInfo,
  rules: Rule[],
  opts: { now?: number; prevPrices?: Snapshot['prevPrices'] } = {},
): Promise<Snapshot> {
  const hash = JSON.stringify(meta.block.hash);
  const s: Snapshot = {
    network,
    block: meta.block,
    now: opts.now ?? Date.now() / 1000,
    hasIndexingErrors: meta.hasIndexingErrors,
    ...(opts.prevPrices ? { prevPrices: opts.prevPrices } : {}),
  };
  const jobs: Promise<void>[] = [];
  // markets are cheap (one page) and their prices feed the next block's price_deviation check
  jobs.push(
    (async () => {
      const d = await client.query<{
        markets: RawMarket[];
      }>(`{ markets(first: 1000, orderBy: id, block: { hash: ${hash} }) {
      id symbol decimals utilization totalSupply totalVariableDebt totalStableDebt supplyCap borrowCap
      underlyingToken { lastPriceUSD lastPriceBlock lastPriceTimestamp } } }`);
      s.markets = d.markets.map((m): SnapshotMarket => {
        const unit = 10 ** m.decimals;
        return {
          id: m.id.toLowerCase(),
          symbol: m.symbol,
          utilization: Number(m.utilization),
          totalSupply: Number(m.totalSupply) / unit,
          totalBorrow: (Number(m.totalVariableDebt) + Number(m.totalStableDebt)) / unit,
          supplyCap: Number(m.supplyCap),
          borrowCap: Number(m.borrowCap),
          priceUSD: Number(m.underlyingToken?.lastPriceUSD ?? 0),
          lastPriceBlock: Number(m.underlyingToken?.lastPriceBlock ?? 0),
          lastPriceTimestamp: Number(m.underlyingToken?.lastPriceTimestamp ?? 0),
        };
      });
    })(),
  );
  if (needs(rules, 'health_factor', 'bad_debt', 'collateral_at_risk')) {
    jobs.push(
      (async () => {
        const c = await getRiskContext(network, meta.block.hash);
        const unit = Number(c.book.baseCurrencyUnit);
        s.accounts = borrowersOf(c, atRiskThreshold()).map((b) => ({
          id: b.account,
          status: b.status,
          healthFactor: hfToNumber(b.healthFactor),
          collateralUSD: Number(b.collateralBase) / unit,
          debtUSD: Number(b.debtBase) / unit,
        }));
        s.shock = (sel, dropPct): ShockTotals => {
          const markets = selectMarkets(c.pb, sel);
          const [p] = c.get(`alerts|shock|${markets.join(',')}|${dropPct}`, () =>
            shockCurve(c.pb, c.fb, new Set(markets), [dropPct]),
          );
          return {
            accounts: p.accounts,
            collateralAtRisk: p.collateralAtRisk / unit,
            debtAtRisk: p.debtAtRisk / unit,
            badDebt: p.badDebt / unit,
          };
        };
      })(),
    );
  }
  if (needs(rules, 'liquidation_protection')) {
    jobs.push(
      (async () => {
        const c = await getRiskContext(network, meta.block.hash);
        s.protection = (account, target) => accountProtection(c, account, target);
        const watched = [
          ...new Set(
            rules.flatMap((r) =>
              r.type === 'liquidation_protection' && r.pLiquidationAbove !== undefined
                ? r.accounts
                : [],
            ),
          ),
        ].sort();
        if (!watched.length) return;
        // the watched borrowers alone: the same paths, so the same odds as the whole book's
        const odds = await predictionOf(c, '1d', DEFAULT_PATHS, 1, watched);
        const byAccount = new Map(odds.accounts.map((a) => [a.account, a]));
        s.liquidationOdds = (account) => byAccount.get(account) ?? null;
      })(),
    );
  }
  const spikes = rules.filter(
    (r): r is Extract<Rule, { type: 'liquidation_spike' }> => r.type === 'liquidation_spike',
  );
  if (spikes.length) {
    jobs.push(
      (async () => {
        const span = Math.max(...spikes.map((r) => r.windowMinutes * 60 * (r.trailingWindows + 1)));
        const from = meta.block.timestamp - span;
        const rows = await client.pageAll<{ id: string; timestamp: string; debtRepaidUSD: string }>(
          'liquidations',
          'id timestamp debtRepaidUSD',
          meta.block.hash,
          { where: `timestamp_gt: "${from}"` },
        );
        s.liquidations = rows.map((l) => ({
          timestamp: Number(l.timestamp),
          usd: Number(l.debtRepaidUSD),
        }));
      })(),
    );
  }
  await Promise.all(jobs);
  return s;
}

/** Prices of this snapshot, to compare against at the next evaluated block. */
export function pricesOf(s: Snapshot): Snapshot['prevPrices'] | undefined {
  if (!s.markets) return undefined;
  return {
    block: s.block.number,
    prices: Object.fromEntries(s.markets.map((m) => [m.id, m.priceUSD])),
  };
}
