// The account history with aToken transfers: both directions, token units, the counterparty, and
// the transfers of a liquidation's transaction named by where they went: to the liquidator
// (collateral seized as aTokens) or elsewhere, the treasury (the liquidation protocol fee).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeAccountEvents } from '@/lib/data/events';

const ME = '0x1111111111111111111111111111111111111111';
const LIQUIDATOR = '0x2222222222222222222222222222222222222222';
const FRIEND = '0x3333333333333333333333333333333333333333';
const TREASURY = '0x4444444444444444444444444444444444444444';
const dai = { symbol: 'DAI', decimals: 18 };

test('transfers in and out join the history; a liquidation tx names seized collateral and the fee', () => {
  const rows = mergeAccountEvents({
    supplies: [],
    withdraws: [],
    borrows: [],
    repays: [],
    liquidations: [
      {
        id: 'l',
        timestamp: '30',
        txHash: '0xliq',
        liquidator: LIQUIDATOR,
        debtRepaidUSD: '100',
        collateralSeizedUSD: '105',
        collateralMarket: { symbol: 'DAI' },
        debtMarket: { symbol: 'USDC' },
      },
    ],
    transfersIn: [
      {
        id: 'in',
        timestamp: '10',
        txHash: '0xgift',
        amount: '250000000000000000000',
        amountUSD: '250',
        from: { id: FRIEND },
        to: { id: ME },
        market: dai,
      },
    ],
    transfersOut: [
      {
        id: 'out',
        timestamp: '30',
        txHash: '0xliq',
        amount: '105000000000000000000',
        amountUSD: '105',
        from: { id: ME },
        to: { id: LIQUIDATOR },
        market: dai,
      },
      {
        id: 'fee',
        timestamp: '30',
        txHash: '0xliq',
        amount: '500000000000000000',
        amountUSD: '0.5',
        from: { id: ME },
        to: { id: TREASURY },
        market: dai,
      },
    ],
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  assert.equal(rows.length, 4);
  assert.equal(rows[3].id, 'in', 'newest first: the transfer in (t=10) is last');
  assert.equal(byId.get('in')!.type, 'Transfer in');
  assert.equal(byId.get('in')!.asset, 'aDAI');
  assert.equal(byId.get('in')!.amount, 250);
  assert.equal(byId.get('in')!.detail, 'from 0x33333333…');
  assert.equal(byId.get('out')!.type, 'Transfer out');
  assert.equal(byId.get('out')!.amount, 105);
  assert.equal(byId.get('out')!.detail, 'to 0x22222222… · seized by the liquidator (as aTokens)');
  assert.equal(byId.get('fee')!.detail, 'to 0x44444444… · liquidation protocol fee');
});
