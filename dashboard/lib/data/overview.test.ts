// Pins down the overview's figures on a hand-made OVERVIEW answer (two pools, three
// liquidations, a gap in the daily snapshots) and the cross-network table with a network down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  crossNetworkView,
  overviewView,
  type OverviewData,
  type ProtocolTotals,
} from '@/lib/data/overview';

const DAY = 86400;
const protocol = (
  id: string,
  supply: number,
  borrow: number,
  accounts: number,
  taken: number,
): ProtocolTotals => ({
  id,
  network: 'devnet',
  totalSupplyUSD: String(supply),
  totalBorrowUSD: String(borrow),
  accountCount: accounts,
  borrowerCount: accounts - 1,
  marketCount: 2,
  liquidationCount: 1,
  cumulativeLiquidationUSD: String(taken),
});
const meta = (ts: number | null) => ({
  block: { number: 7, hash: '0xh', timestamp: ts },
  hasIndexingErrors: false,
  deployment: 'Qm',
});

test('one network: totals over pools, debt repaid over 24 h / 7 d from the head, 30 days of collateral taken', () => {
  const head = 40 * DAY + 100;
  const d: OverviewData = {
    _meta: meta(head),
    protocols: [protocol('p1', 1000, 400, 5, 10), protocol('p2', 1000, 100, 3, 0)],
    markets: [
      {
        id: '0x1',
        symbol: 'WETH',
        totalSupplyUSD: '1500',
        totalBorrowUSD: '100',
        utilization: '0.0667',
      },
      {
        id: '0x2',
        symbol: 'DAI',
        totalSupplyUSD: '500',
        totalBorrowUSD: '400',
        utilization: '0.8',
      },
    ],
    protocolDailySnapshots: [40, 38].map((day) => ({
      id: String(day),
      day,
      timestamp: String(day * DAY),
      totalSupplyUSD: '0',
      totalBorrowUSD: '0',
      liquidationUSD: String(day),
      liquidationCount: 1,
      activeAccounts: 1,
    })),
    liquidations: [
      {
        id: 'a',
        timestamp: String(head - 3600),
        debtRepaidUSD: '100',
        collateralSeizedUSD: '105',
        liquidatorBonusUSD: '5',
      },
      {
        id: 'b',
        timestamp: String(head - 3 * DAY),
        debtRepaidUSD: '50',
        collateralSeizedUSD: '52',
        liquidatorBonusUSD: '2',
      },
      {
        id: 'c',
        timestamp: String(head - 9 * DAY),
        debtRepaidUSD: '10',
        collateralSeizedUSD: '11',
        liquidatorBonusUSD: '1',
      },
    ],
  };
  const v = overviewView(d, 'devnet', 0);
  assert.deepEqual(
    [v.supplyUSD, v.borrowUSD, v.utilization, v.accounts, v.borrowers],
    [2000, 500, 0.25, 8, 6],
  );
  assert.deepEqual(v.debtRepaid24h, { sum: 100, count: 1 });
  assert.deepEqual(v.debtRepaid7d, { sum: 150, count: 2 });
  assert.equal(v.collateralTakenLast30.length, 30);
  assert.deepEqual(v.collateralTakenLast30.slice(-3), [
    { day: 38, collateralTakenUSD: 38 },
    { day: 39, collateralTakenUSD: 0 },
    { day: 40, collateralTakenUSD: 40 },
  ]);
  assert.deepEqual(
    v.daily.map((x) => x.day),
    [38, 40],
  );
  assert.deepEqual(
    v.markets.map((m) => [m.symbol, m.share]),
    [
      ['WETH', 0.75],
      ['DAI', 0.25],
    ],
  );
  assert.deepEqual(
    v.byAsset.map((x) => [x.label, x.share]),
    [
      ['WETH', 0.75],
      ['DAI', 0.25],
    ],
  );
});

test('all networks: a network that did not answer shows its last data, marked stale, and the oldest age', () => {
  const v = crossNetworkView([
    {
      network: 'a',
      read: {
        data: { _meta: meta(1), protocols: [protocol('p', 300, 100, 4, 7)] },
        error: null,
        fetchedAt: 5000,
        stale: false,
      },
    },
    {
      network: 'b',
      read: {
        data: { _meta: meta(1), protocols: [protocol('q', 100, 0, 2, 1)] },
        error: 'down',
        fetchedAt: 2000,
        stale: true,
      },
    },
    { network: 'c', read: { data: null, error: 'down', fetchedAt: 0, stale: false } },
  ]);
  assert.deepEqual(
    v.rows.map((r) => [r.network, r.status, r.supply, r.collateralTaken]),
    [
      ['a', 'ok', 300, 7],
      ['b', 'stale', 100, 1],
      ['c', 'down', 0, 0],
    ],
  );
  assert.deepEqual(v.totals, { supply: 400, borrow: 100, accounts: 6, collateralTaken: 8 });
  assert.deepEqual(v.down, ['b', 'c']);
  assert.equal(v.oldestFetchedAt, 2000);
});
