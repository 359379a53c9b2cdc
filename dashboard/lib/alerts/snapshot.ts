// Collects what the rules need at one block of one network, all pinned to that block's hash:
// markets/tokens and recent liquidations over GraphQL, account health factors and shock totals
// from the risk engine (getRiskContext: exact Aave math, cached per block). Only the data the
// configured rules use is fetched.
import { SubgraphClient } from '../subgraph-client';
import { getRiskContext } from '../risk/service';
import { hfToNumber } from '../risk/engine';
import { marketsOfClass, shockCurve } from '../risk/analysis';
import { resolveGroup } from '../risk/classes';
import type { Rule } from './rules';
import type { Snapshot, SnapshotMarket, ShockTotals } from './evaluate';

export interface MetaInfo { block: { number: number; hash: string; timestamp: number }; hasIndexingErrors: boolean }

const META_FIELDS = '_meta{ block { number hash timestamp } hasIndexingErrors }';

/** Latest indexed block (no arg), or the block with that number. */
export async function readMeta(client: SubgraphClient, blockNumber?: number): Promise<MetaInfo> {
  const q = blockNumber === undefined ? `{ ${META_FIELDS} }` : `{ ${META_FIELDS.replace('_meta', `_meta(block: { number: ${blockNumber} })`)} }`;
  const d = await client.query<{ _meta: { block: { number: number; hash: string | null; timestamp: number | null }; hasIndexingErrors: boolean } | null }>(q);
  const b = d._meta?.block;
  if (!b?.hash) throw new Error(`subgraph ${client.endpoint}: _meta has no block (nothing indexed yet?)`);
  return { block: { number: Number(b.number), hash: b.hash, timestamp: Number(b.timestamp ?? 0) }, hasIndexingErrors: !!d._meta?.hasIndexingErrors };
}

interface RawMarket {
  id: string; symbol: string; decimals: number; utilization: string; totalSupply: string; totalVariableDebt: string; totalStableDebt: string;
  supplyCap: string; borrowCap: string; underlyingToken: { lastPriceUSD: string; lastPriceBlock: string; lastPriceTimestamp: string } | null;
}

const needs = (rules: Rule[], ...types: Rule['type'][]) => rules.some((r) => types.includes(r.type));

export async function collectSnapshot(
  client: SubgraphClient, network: string, meta: MetaInfo, rules: Rule[],
  opts: { now?: number; prevPrices?: Snapshot['prevPrices'] } = {},
): Promise<Snapshot> {
  const hash = JSON.stringify(meta.block.hash);
  const s: Snapshot = {
    network, block: meta.block, now: opts.now ?? Date.now() / 1000, hasIndexingErrors: meta.hasIndexingErrors,
    ...(opts.prevPrices ? { prevPrices: opts.prevPrices } : {}),
  };
  const jobs: Promise<void>[] = [];
  // markets are cheap (one page) and their prices feed the next block's price_deviation check
  jobs.push((async () => {
    const d = await client.query<{ markets: RawMarket[] }>(`{ markets(first: 1000, orderBy: id, block: { hash: ${hash} }) {
      id symbol decimals utilization totalSupply totalVariableDebt totalStableDebt supplyCap borrowCap
      underlyingToken { lastPriceUSD lastPriceBlock lastPriceTimestamp } } }`);
    s.markets = d.markets.map((m): SnapshotMarket => {
      const unit = 10 ** m.decimals;
      return {
        id: m.id.toLowerCase(), symbol: m.symbol, utilization: Number(m.utilization),
        totalSupply: Number(m.totalSupply) / unit, totalBorrow: (Number(m.totalVariableDebt) + Number(m.totalStableDebt)) / unit,
        supplyCap: Number(m.supplyCap), borrowCap: Number(m.borrowCap),
        priceUsd: Number(m.underlyingToken?.lastPriceUSD ?? 0), lastPriceBlock: Number(m.underlyingToken?.lastPriceBlock ?? 0),
        lastPriceTimestamp: Number(m.underlyingToken?.lastPriceTimestamp ?? 0),
      };
    });
  })());
  if (needs(rules, 'health_factor', 'bad_debt', 'collateral_at_risk')) {
    jobs.push((async () => {
      const c = await getRiskContext(network, meta.block.hash);
      const unit = Number(c.book.baseCurrencyUnit);
      const r = c.results;
      s.accounts = [];
      for (let i = 0; i < c.book.accounts.length; i++) {
        if (r.totalDebtBase[i] === 0n) continue;
        s.accounts.push({ id: c.book.accounts[i].id, healthFactor: hfToNumber(r.healthFactor[i]), collateralUsd: Number(r.totalCollateralBase[i]) / unit, debtUsd: Number(r.totalDebtBase[i]) / unit });
      }
      s.shock = (sel, dropPct): ShockTotals => {
        let markets: number[];
        if (sel.asset) {
          const a = sel.asset.toLowerCase();
          const i = c.book.markets.findIndex((m) => m.symbol.toLowerCase() === a || m.id.toLowerCase() === a);
          if (i < 0) throw new Error(`asset "${sel.asset}" is not a market on ${network}`);
          markets = [i];
        } else if (sel.group) {
          const cls = resolveGroup(sel.group);
          if (!cls) throw new Error(`unknown group "${sel.group}"`);
          markets = marketsOfClass(c.pb, cls);
        } else markets = c.book.markets.map((_, i) => i);
        const [p] = c.get(`alerts|shock|${markets.join(',')}|${dropPct}`, () => shockCurve(c.pb, c.fb, new Set(markets), [dropPct]));
        return { accounts: p.accounts, collateralAtRisk: p.collateralAtRisk / unit, debtAtRisk: p.debtAtRisk / unit, badDebt: p.badDebt / unit };
      };
    })());
  }
  const spikes = rules.filter((r): r is Extract<Rule, { type: 'liquidation_spike' }> => r.type === 'liquidation_spike');
  if (spikes.length) {
    jobs.push((async () => {
      const span = Math.max(...spikes.map((r) => r.windowMinutes * 60 * (r.trailingWindows + 1)));
      const from = meta.block.timestamp - span;
      const out: Array<{ timestamp: number; usd: number }> = [];
      // id_gt paging keeps graph-node's first ≤ 1000 limit
      let cursor = '';
      for (;;) {
        const d = await client.query<{ liquidations: Array<{ id: string; timestamp: string; debtRepaidUSD: string }> }>(
          `{ liquidations(first: 1000, orderBy: id, where: { timestamp_gt: "${from}"${cursor ? `, id_gt: ${JSON.stringify(cursor)}` : ''} }, block: { hash: ${hash} }) { id timestamp debtRepaidUSD } }`);
        for (const l of d.liquidations) out.push({ timestamp: Number(l.timestamp), usd: Number(l.debtRepaidUSD) });
        if (d.liquidations.length < 1000) break;
        cursor = d.liquidations[d.liquidations.length - 1].id;
      }
      s.liquidations = out;
    })());
  }
  await Promise.all(jobs);
  return s;
}

/** Prices of this snapshot, to compare against at the next evaluated block. */
export function pricesOf(s: Snapshot): Snapshot['prevPrices'] | undefined {
  if (!s.markets) return undefined;
  return { block: s.block.number, prices: Object.fromEntries(s.markets.map((m) => [m.id, m.priceUsd])) };
}
