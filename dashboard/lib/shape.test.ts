import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  baseToNumber,
  capUsage,
  composition,
  observedCurve,
  perDay,
  rayToApr,
  rayToApy,
  sumSince,
  topLiquidators,
  DAY,
} from '@/lib/shape.ts';
import { toCsv } from '@/lib/csv.ts';
import { formatScenario, parseScenario } from '@/lib/scenario.ts';
import { marketFlags, marketRow, type MarketEntity } from '@/lib/data/markets.ts';
import { mergeAccountEvents } from '@/lib/data/events.ts';

test('ray rates → APR and per-second compounded APY', () => {
  const ray5pct = (5n * 10n ** 25n).toString(); // 0.05e27
  assert.equal(rayToApr(ray5pct), 0.05);
  const apy = rayToApy(ray5pct);
  assert.ok(Math.abs(apy - (Math.exp(0.05) - 1)) < 1e-6, `apy ${apy}`);
  assert.equal(rayToApy('0'), 0);
});

test('capUsage: raw total vs whole-token cap; null without cap', () => {
  assert.equal(capUsage('500000000', '1000', 6), 0.5); // 500 USDC of 1000
  assert.equal(capUsage('123', '0', 6), null);
});

test('composition sums by key, sorts and computes shares', () => {
  const c = composition(
    [
      { id: 'a', symbol: 'WETH', totalSupplyUSD: '300', totalBorrowUSD: '0' },
      { id: 'b', symbol: 'USDC', totalSupplyUSD: '100', totalBorrowUSD: '0' },
      { id: 'c', symbol: 'wstETH', totalSupplyUSD: '600', totalBorrowUSD: '0' },
    ],
    (m) => (m.symbol === 'USDC' ? 'stable' : 'eth'),
  );
  assert.deepEqual(
    c.map((x) => [x.label, x.value]),
    [
      ['eth', 900],
      ['stable', 100],
    ],
  );
  assert.equal(c[0].share, 0.9);
});

test('perDay fills empty days and buckets by UTC day', () => {
  const items = [
    { t: 10 * DAY + 5, v: 2 },
    { t: 10 * DAY + 100, v: 3 },
    { t: 12 * DAY, v: 7 },
    { t: 20 * DAY, v: 99 },
  ];
  const s = perDay(
    items,
    (x) => x.t,
    (x) => x.v,
    10,
    12,
  );
  assert.deepEqual(
    s.map((x) => [x.day, x.value, x.count]),
    [
      [10, 5, 2],
      [11, 0, 0],
      [12, 7, 1],
    ],
  );
});

test('topLiquidators ranks by debt repaid, case-insensitive addresses', () => {
  const l = (liq: string, d: string, b: string) => ({
    timestamp: '0',
    liquidator: liq,
    debtRepaidUSD: d,
    collateralSeizedUSD: '0',
    liquidatorBonusUSD: b,
  });
  const t = topLiquidators([l('0xAA', '10', '1'), l('0xaa', '5', '0.5'), l('0xbb', '12', '2')]);
  assert.deepEqual(
    t.map((x) => [x.liquidator, x.count, x.debtRepaidUSD, x.liquidatorBonusUSD]),
    [
      ['0xaa', 2, 15, 1.5],
      ['0xbb', 1, 12, 2],
    ],
  );
});

test('sumSince, baseToNumber', () => {
  assert.deepEqual(
    sumSince(
      [
        { t: 1, v: 1 },
        { t: 5, v: 2 },
        { t: 9, v: 4 },
      ],
      (x) => x.t,
      (x) => x.v,
      5,
    ),
    { sum: 6, count: 2 },
  );
  assert.equal(baseToNumber('123456789'), 1.23456789);
  assert.equal(baseToNumber(''), 0);
});

test('observedCurve dedupes by utilisation and sorts', () => {
  const ray = (x: number) => (BigInt(Math.round(x * 1e9)) * 10n ** 18n).toString();
  const c = observedCurve([
    { utilization: '0.8', variableBorrowRate: ray(0.05), liquidityRate: ray(0.03) },
    { utilization: '0.2', variableBorrowRate: ray(0.01), liquidityRate: ray(0.001) },
    { utilization: '0.8001', variableBorrowRate: ray(0.06), liquidityRate: ray(0.035) },
  ]);
  assert.deepEqual(
    c.map((p) => p.u),
    [20, 80],
  );
  assert.equal(c[1].borrow, 6);
});

test('toCsv quotes commas, quotes and newlines', () => {
  assert.equal(
    toCsv(
      ['a', 'b'],
      [
        ['x,y', 'say "hi"'],
        [1.5, null],
        ['l1\nl2', true],
      ],
    ),
    'a,b\r\n"x,y","say ""hi"""\r\n1.5,\r\n"l1\nl2",true\r\n',
  );
});

test('scenario round-trips through the URL format', () => {
  assert.deepEqual(parseScenario('WETH:20,WBTC:10,bad,USDC:0,DAI:150'), {
    WETH: 20,
    WBTC: 10,
    DAI: 100,
  });
  assert.equal(formatScenario({ WETH: 20, WBTC: 10, USDC: 0 }), 'WBTC:10,WETH:20');
});

const market = (over: Partial<MarketEntity> = {}): MarketEntity => ({
  id: '0xm',
  symbol: 'USDC',
  name: 'USD Coin',
  decimals: 6,
  isActive: true,
  isFrozen: false,
  isPaused: false,
  isDropped: false,
  borrowingEnabled: true,
  borrowableInIsolation: true,
  isSiloed: false,
  usageAsCollateralEnabled: true,
  flashLoanEnabled: true,
  ltv: 7700,
  liquidationThreshold: 8000,
  liquidationBonus: 10450,
  reserveFactor: 1000,
  liquidationProtocolFee: 1000,
  supplyCap: '2000',
  borrowCap: '1000',
  debtCeiling: '0',
  isolationModeTotalDebt: '0',
  liquidityIndex: '1' + '0'.repeat(27),
  variableBorrowIndex: '1' + '0'.repeat(27),
  liquidityRate: (3n * 10n ** 25n).toString(),
  variableBorrowRate: (5n * 10n ** 25n).toString(),
  lastUpdateTimestamp: '0',
  totalSupply: '1000000000',
  totalVariableDebt: '250000000',
  totalStableDebt: '0',
  utilization: '0.25',
  totalSupplyUSD: '1000',
  totalBorrowUSD: '250',
  liquidationCount: 0,
  cumulativeLiquidatedCollateralUSD: '0',
  interestRateStrategy: null,
  eModeCategory: null,
  underlyingToken: {
    id: '0xm',
    lastPriceUSD: '1.0001',
    lastPriceTimestamp: '0',
    lastPriceBlock: '0',
    priceSource: null,
  },
  ...over,
});

test('marketRow: APYs from ray rates, cap usage, flags', () => {
  const r = marketRow(market());
  assert.equal(r.supplyCapUse, 0.5);
  assert.equal(r.borrowCapUse, 0.25);
  assert.ok(r.borrowApy > 0.05 && r.borrowApy < 0.052);
  assert.deepEqual(r.flags, []);
  assert.deepEqual(
    marketFlags(market({ isFrozen: true, debtCeiling: '100', liquidationThreshold: 0 })),
    ['Frozen', 'Isolated', 'No collateral'],
  );
});

test('mergeAccountEvents orders all kinds newest first with token units', () => {
  const ev = (id: string, ts: number) => ({
    id,
    timestamp: String(ts),
    txHash: '0xt',
    amount: '2500000',
    amountUSD: '2.5',
    market: { symbol: 'USDC', decimals: 6 },
  });
  const rows = mergeAccountEvents({
    supplies: [ev('s', 1)],
    withdraws: [],
    borrows: [ev('b', 3)],
    repays: [ev('r', 2)],
    liquidations: [
      {
        id: 'l',
        timestamp: '4',
        txHash: '0xt',
        liquidator: '0xliquidator000',
        debtRepaidUSD: '10',
        collateralSeizedUSD: '10.5',
        collateralMarket: { symbol: 'WETH' },
        debtMarket: { symbol: 'USDC' },
      },
    ],
  });
  assert.deepEqual(
    rows.map((r) => r.type),
    ['Liquidation', 'Borrow', 'Repay', 'Supply'],
  );
  assert.equal(rows[1].amount, 2.5);
});
