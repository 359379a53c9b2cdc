// Pins down the liquidations page's figures on three hand-made events: totals per figure,
// per-day series over the window, top liquidators' shares, newest-first rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { liquidationsView, type LiquidationEntity } from '@/lib/data/liquidations';

const DAY = 86400;
const ev = (
  id: string,
  ts: number,
  liquidator: string,
  account: string,
  repaid: number,
  seized: number,
  fee: number,
): LiquidationEntity => ({
  id,
  timestamp: String(ts),
  blockNumber: String(ts / 10),
  txHash: `0x${id}`,
  liquidator,
  account: { id: account },
  collateralMarket: { id: '0xc', symbol: 'WETH' },
  debtMarket: { id: '0xd', symbol: id === 'c' ? 'USDC' : 'DAI' },
  debtRepaidUSD: String(repaid),
  collateralSeizedUSD: String(seized),
  liquidatorBonusUSD: String(seized - repaid),
  protocolFeeUSD: String(fee),
  receiveAToken: false,
});

test('totals, days, top liquidators and rows of a window', () => {
  const now = 10 * DAY + 3600;
  const v = liquidationsView(
    [
      ev('a', 8 * DAY + 10, '0xl1', '0xu1', 1000, 1050, 5),
      ev('b', 10 * DAY + 20, '0xl2', '0xu1', 500, 530, 3),
      ev('c', 10 * DAY + 30, '0xl1', '0xu2', 100, 104, 0.4),
    ],
    3,
    now,
  );
  assert.deepEqual(v.totals, {
    count: 3,
    debtRepaidUSD: 1600,
    collateralSeizedUSD: 1684,
    liquidatorBonusUSD: 84,
    protocolFeeUSD: 8.4,
    accounts: 2,
    liquidators: 2,
  });
  assert.deepEqual(
    v.rows.map((r) => r.id),
    ['c', 'b', 'a'],
  );
  assert.deepEqual(
    v.debtRepaidPerDay.map((d) => [d.day, d.value, d.count]),
    [
      [8, 1000, 1],
      [9, 0, 0],
      [10, 600, 2],
    ],
  );
  assert.deepEqual(
    v.bonusPerDay.map((d) => d.value),
    [50, 0, 34],
  );
  assert.deepEqual(
    v.tops.map((t) => [t.liquidator, t.count, t.debtRepaidUSD, t.liquidatorBonusUSD, t.share]),
    [
      ['0xl1', 2, 1100, 54, 1100 / 1600],
      ['0xl2', 1, 500, 30, 500 / 1600],
    ],
  );
  assert.deepEqual([v.collateralSymbols, v.debtSymbols], [['WETH'], ['DAI', 'USDC']]);
});
