// The overview page's views: one network's protocol totals, recent liquidations and daily
// series at the indexed head, and the cross-network table. Pure over the OVERVIEW / TOTALS
// query results, unit-tested in overview.test.ts; the page arranges them.
import type { Loaded } from '@/lib/data/last-good';
import { composition, DAY, num, sumSince } from '@/lib/shape';
import { assetClassOf } from '@/lib/risk/classes';

export interface ProtocolTotals {
  id: string;
  network: string;
  totalSupplyUSD: string;
  totalBorrowUSD: string;
  accountCount: number;
  borrowerCount: number;
  marketCount: number;
  liquidationCount: number;
  cumulativeLiquidationUSD: string;
}

export interface OverviewData {
  _meta: {
    block: { number: number; hash: string; timestamp: number | null };
    hasIndexingErrors: boolean;
    deployment: string;
  };
  protocols: ProtocolTotals[];
  markets: Array<{
    id: string;
    symbol: string;
    totalSupplyUSD: string;
    totalBorrowUSD: string;
    utilization: string;
  }>;
  protocolDailySnapshots: Array<{
    id: string;
    day: number;
    timestamp: string;
    totalSupplyUSD: string;
    totalBorrowUSD: string;
    liquidationUSD: string;
    liquidationCount: number;
    activeAccounts: number;
  }>;
  liquidations: Array<{
    id: string;
    timestamp: string;
    debtRepaidUSD: string;
    collateralSeizedUSD: string;
    liquidatorBonusUSD: string;
  }>;
}

const sum = <T>(xs: T[], f: (x: T) => number) => xs.reduce((s, x) => s + f(x), 0);

/** One network at its indexed head (`nowS` when the head has no timestamp). */
export function overviewView(d: OverviewData, network: string, nowS: number) {
  const supplyUSD = sum(d.protocols, (p) => num(p.totalSupplyUSD));
  const borrowUSD = sum(d.protocols, (p) => num(p.totalBorrowUSD));
  const headTs = Number(d._meta.block.timestamp ?? nowS);
  const debtRepaid = (since: number) =>
    sumSince(
      d.liquidations,
      (l) => Number(l.timestamp),
      (l) => num(l.debtRepaidUSD),
      since,
    );
  // oldest first; the last 30 days end at the indexed head, days without a snapshot count as zero
  const daily = [...d.protocolDailySnapshots].reverse();
  const headDay = Math.floor(headTs / DAY);
  const takenByDay = new Map(daily.map((x) => [x.day, num(x.liquidationUSD)]));
  const collateralTakenLast30 = Array.from({ length: 30 }, (_, i) => headDay - 29 + i).map(
    (day) => ({ day, collateralTakenUSD: takenByDay.get(day) ?? 0 }),
  );
  return {
    supplyUSD,
    borrowUSD,
    utilization: supplyUSD ? borrowUSD / supplyUSD : 0,
    accounts: sum(d.protocols, (p) => p.accountCount),
    borrowers: sum(d.protocols, (p) => p.borrowerCount),
    debtRepaid24h: debtRepaid(headTs - DAY),
    debtRepaid7d: debtRepaid(headTs - 7 * DAY),
    daily,
    collateralTakenLast30,
    byAsset: composition(d.markets, (m) => m.symbol),
    byClass: composition(d.markets, (m) => assetClassOf(network, m)),
    markets: d.markets.map((m) => ({
      id: m.id,
      symbol: m.symbol,
      cls: assetClassOf(network, m),
      supply: num(m.totalSupplyUSD),
      borrow: num(m.totalBorrowUSD),
      util: num(m.utilization),
      share: supplyUSD ? num(m.totalSupplyUSD) / supplyUSD : 0,
    })),
  };
}

export interface TotalsData {
  _meta: OverviewData['_meta'];
  protocols: ProtocolTotals[];
}

/** One row per network (down or stale ones with their last known data) and the sums. */
export function crossNetworkView(results: Array<{ network: string; read: Loaded<TotalsData> }>) {
  const rows = results.map(({ network, read }) => {
    const p = read.data?.protocols ?? [];
    const supply = sum(p, (x) => num(x.totalSupplyUSD)),
      borrow = sum(p, (x) => num(x.totalBorrowUSD));
    const status = read.error
      ? read.stale
        ? 'stale'
        : 'down'
      : read.data?._meta.hasIndexingErrors
        ? 'indexing errors'
        : 'ok';
    return {
      id: network,
      network,
      supply,
      borrow,
      util: supply ? borrow / supply : 0,
      accounts: sum(p, (x) => x.accountCount),
      collateralTaken: sum(p, (x) => num(x.cumulativeLiquidationUSD)),
      block: read.data?._meta.block.number ?? null,
      status,
    };
  });
  const totals = {
    supply: sum(rows, (r) => r.supply),
    borrow: sum(rows, (r) => r.borrow),
    accounts: sum(rows, (r) => r.accounts),
    collateralTaken: sum(rows, (r) => r.collateralTaken),
  };
  const unanswered = results.filter((x) => x.read.error);
  return {
    rows,
    totals,
    down: rows.filter((r) => r.status === 'down' || r.status === 'stale').map((r) => r.network),
    /** the oldest data shown for a network that did not answer (ms), else null */
    oldestFetchedAt: unanswered.length
      ? Math.min(...unanswered.map((x) => x.read.fetchedAt || Date.now()))
      : null,
  };
}
