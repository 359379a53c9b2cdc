// Pins down the account page's positions table: balances from scaled amounts and indexes, the
// engine's e-mode LT/LTV over the reserve's, liquidation prices, closed positions dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountPositionRows, type PositionEntity } from '@/lib/data/account';

const RAY = 10n ** 27n;
const position = (
  id: string,
  symbol: string,
  supply: string,
  debt: string,
  lt: number,
): PositionEntity => ({
  id,
  scaledATokenBalance: supply,
  scaledVariableDebt: debt,
  stableDebt: '0',
  collateralEnabled: supply !== '0',
  market: {
    id: `0x${symbol.toLowerCase()}`,
    symbol,
    decimals: 18,
    liquidityIndex: String((RAY * 11n) / 10n),
    variableBorrowIndex: String(RAY * 2n),
    ltv: lt - 500,
    liquidationThreshold: lt,
    liquidationBonus: 10500,
    underlyingToken: { lastPriceUSD: '2000' },
    eModeCategory: null,
  },
});

test('positions: balances now, e-mode terms where the engine applies them, closed ones dropped', () => {
  const rows = accountPositionRows(
    [
      position('p1', 'WETH', '1000000000000000000', '0', 8000),
      position('p2', 'DAI', '0', '500000000000000000', 7700),
      position('p3', 'LINK', '0', '0', 6500),
    ],
    {
      terms: [
        { asset: '0xweth', liquidationThreshold: 9300, ltv: 9000, eMode: true },
        { asset: '0xdai', liquidationThreshold: 7700, ltv: 7200, eMode: false },
      ],
      liquidationPrices: [
        { asset: '0xweth', symbol: 'WETH', priceUSD: 2000, liquidationPriceUSD: 1500, dropPct: 25 },
      ],
    },
    'ETH correlated',
  );
  assert.deepEqual(
    rows.map((r) => [
      r.asset,
      r.supplied,
      r.suppliedUSD,
      r.debt,
      r.collateral,
      r.lt,
      r.ltv,
      r.params,
      r.liqPrice,
      r.drop,
    ]),
    [
      ['WETH', 1.1, 2200, 0, 'yes', 9300, 9000, 'e-mode: ETH correlated', 1500, 0.25],
      ['DAI', 0, 0, 1, 'no', 7700, 7200, 'reserve', null, null],
    ],
  );
  // without the engine's view: the reserve's own parameters
  assert.deepEqual(
    accountPositionRows([position('p1', 'WETH', '1', '0', 8000)], null, '').map((r) => [
      r.lt,
      r.ltv,
      r.params,
    ]),
    [[8000, 7500, 'reserve']],
  );
});
