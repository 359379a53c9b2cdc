// Pins down the market page's holders (balances now, USD, shares of supply and of all debt) and
// the cumulative liquidation-level curve, on hand-made numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { liquidationLevelCurve, marketHolders } from '@/lib/data/market-holders';

const RAY = 10n ** 27n;
const E18 = 10n ** 18n;

test('holders: scaled × index in tokens, shares of supply and of variable + stable debt', () => {
  const m = {
    decimals: 18,
    liquidityIndex: String((RAY * 3n) / 2n),
    variableBorrowIndex: String(RAY * 2n),
    totalSupply: String(30n * E18),
    totalVariableDebt: String(8n * E18),
    totalStableDebt: String(2n * E18),
    underlyingToken: { lastPriceUSD: '10' },
  };
  const h = marketHolders(
    m,
    [
      {
        id: 's',
        account: { id: '0xa' },
        scaledATokenBalance: String(10n * E18),
        collateralEnabled: true,
      },
    ],
    [
      {
        id: 'b',
        account: { id: '0xb' },
        scaledVariableDebt: String(2n * E18),
        stableDebt: String(1n * E18),
      },
    ],
  );
  assert.deepEqual(
    h.suppliers.map((s) => [s.amount, s.usd, s.share, s.collateral]),
    [[15, 150, 0.5, 'yes']],
  );
  // 2 scaled × 2 + 1 stable = 5 of 10 borrowed
  assert.deepEqual(
    h.borrowers.map((b) => [b.amount, b.usd, b.share]),
    [[5, 50, 0.5]],
  );
});

test('liquidation levels accumulate collateral by the drop that liquidates it', () => {
  assert.deepEqual(
    liquidationLevelCurve(
      [
        { dropPct: 3, collateralUSD: 10 },
        { dropPct: 22, collateralUSD: 5 },
        { dropPct: -1, collateralUSD: 1 },
      ],
      [0, 5, 25],
    ),
    [1, 11, 16],
  );
});
