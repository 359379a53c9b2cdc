// Account math against @aave/math-utils' own pipeline (normalized income/debt, base-currency
// balances, generateRawUserSummary → health factor), plus the engine's protocol-rule edge cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as au from '@aave/math-utils';
// not re-exported from the package index; it is what formatUserSummary uses internally
import { generateRawUserSummary } from '@aave/math-utils/dist/cjs/formatters/user/generate-raw-user-summary';
import { availableBorrowsBase, evaluate, prepareBook } from '@/lib/risk/engine';
import { MAX_UINT256, RAY, WAD } from '@/lib/risk/math';
import { syntheticBook } from '@/test-fixtures/synthetic-book';
import type { Book } from '@/lib/risk/types';

const s = (x: bigint) => x.toString();

/** One account through math-utils, as Aave's app computes it. */
function mathUtilsSummary(book: Book, i: number) {
  const a = book.accounts[i];
  const now = book.block.timestamp;
  const userReserves = a.positions.map((p) => {
    const m = book.markets[p.market];
    const ni = au.getReserveNormalizedIncome({
      rate: s(m.liquidityRate),
      index: s(m.liquidityIndex),
      lastUpdateTimestamp: Number(m.lastUpdateTimestamp),
      currentTimestamp: now,
    });
    const supply = au.rayMul(s(p.scaledATokenBalance), ni);
    const cumulated = au.rayMul(
      au.calculateCompoundedInterest({
        rate: s(m.variableBorrowRate),
        lastUpdateTimestamp: Number(m.lastUpdateTimestamp),
        currentTimestamp: now,
      }),
      s(m.variableBorrowIndex),
    );
    let debt = au.rayMul(s(p.scaledVariableDebt), cumulated);
    if (p.stableDebt > 0n) {
      debt = debt.plus(
        au.rayMul(
          s(p.stableDebt),
          au.calculateCompoundedInterest({
            rate: s(p.stableBorrowRate),
            lastUpdateTimestamp: Number(p.stableLastUpdateTimestamp),
            currentTimestamp: now,
          }),
        ),
      );
    }
    const toBase = (bal: { toString(): string }) =>
      au.getMarketReferenceCurrencyAndUsdBalance({
        balance: bal.toString(),
        priceInMarketReferenceCurrency: s(m.priceBase),
        marketReferenceCurrencyDecimals: 8,
        decimals: m.decimals,
        marketReferencePriceInUsdNormalized: 1,
      }).marketReferenceCurrencyBalance;
    const cat = book.eModeCategories.get(a.eModeCategoryId);
    return {
      userReserve: {
        usageAsCollateralEnabledOnUser: p.collateralEnabled,
        reserve: {
          reserveLiquidationThreshold: String(m.liquidationThreshold),
          baseLTVasCollateral: String(m.ltv),
          debtCeiling: '0',
          eModes:
            cat && m.eModeCategoryId === cat.id
              ? [
                  {
                    id: cat.id,
                    collateralEnabled: true,
                    ltvzeroEnabled: false,
                    eMode: {
                      ltv: String(cat.ltv),
                      liquidationThreshold: String(cat.liquidationThreshold),
                    },
                  },
                ]
              : [],
        },
      },
      underlyingBalanceMarketReferenceCurrency: toBase(supply).toFixed(8),
      variableBorrowsMarketReferenceCurrency: toBase(debt).toFixed(8),
    };
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return generateRawUserSummary({
    userReserves: userReserves as any,
    marketReferencePriceInUsd: 1,
    marketReferenceCurrencyDecimals: 8,
    userEmodeCategoryId: a.eModeCategoryId,
  });
}

test('HF, collateral and debt agree with @aave/math-utils on 2,000 synthetic accounts (incl. e-mode, stable debt)', () => {
  const book = syntheticBook(2000, 42);
  const r = evaluate(prepareBook(book));
  let compared = 0,
    emode = 0;
  for (let i = 0; i < book.accounts.length; i++) {
    const mu = mathUtilsSummary(book, i);
    const coll = Number(r.totalCollateralBase[i]),
      debt = Number(r.totalDebtBase[i]);
    const muColl = mu.totalCollateralMarketReferenceCurrency.toNumber(),
      muDebt = mu.totalBorrowsMarketReferenceCurrency.toNumber();
    // math-utils keeps fractions of a base unit where Solidity truncates per position, and rounds
    // the compounded-interest powers differently (≤ 1e-9 relative over days)
    const n = book.accounts[i].positions.length;
    assert.ok(
      Math.abs(coll - muColl) <= n + muColl * 1e-9,
      `collateral #${i}: ${coll} vs ${muColl}`,
    );
    assert.ok(Math.abs(debt - muDebt) <= n + muDebt * 1e-9, `debt #${i}: ${debt} vs ${muDebt}`);
    if (r.totalDebtBase[i] === 0n) {
      assert.equal(r.healthFactor[i], MAX_UINT256);
      continue;
    }
    const hf = Number(r.healthFactor[i]) / 1e18,
      muHf = mu.healthFactor.toNumber();
    // math-utils' HF skips the integer avg-LT truncation: ≤ 1 bps of LT apart
    assert.ok(Math.abs(hf - muHf) <= muHf * 2e-4 + 1e-12, `HF #${i}: ${hf} vs ${muHf}`);
    compared++;
    if (book.accounts[i].eModeCategoryId) emode++;
  }
  assert.ok(compared > 1000 && emode > 100, `compared ${compared} borrowers, ${emode} in e-mode`);
});

test('protocol rules: LT 0 reserve is not collateral, disabled collateral ignored, e-mode LT only for the category', () => {
  const book = syntheticBook(1, 1);
  const now = BigInt(book.block.timestamp);
  for (const m of book.markets) {
    m.lastUpdateTimestamp = now;
    m.liquidityIndex = RAY;
    m.variableBorrowIndex = RAY;
    m.priceBase = 100000000n;
  }
  const pos = (market: number, supply: bigint, debt: bigint, coll = true) => ({
    market,
    scaledATokenBalance: supply,
    scaledVariableDebt: debt,
    stableDebt: 0n,
    stableBorrowRate: 0n,
    stableLastUpdateTimestamp: 0n,
    collateralEnabled: coll,
  });
  book.markets[5].liquidationThreshold = 0;
  book.accounts = [
    {
      id: '0x01',
      eModeCategoryId: 0,
      positions: [
        pos(3, 1000_000000n, 0n),
        pos(5, 10n ** 21n, 0n),
        pos(4, 0n, 500n * 10n ** 18n, false),
      ],
    },
    {
      id: '0x02',
      eModeCategoryId: 2,
      positions: [
        pos(3, 1000_000000n, 0n),
        pos(0, 10n ** 21n, 0n, false),
        pos(4, 0n, 500n * 10n ** 18n, false),
      ],
    },
    {
      id: '0x03',
      eModeCategoryId: 2,
      positions: [pos(2, 1000_00000000n, 0n), pos(4, 0n, 500n * 10n ** 18n, false)],
    },
  ];
  const r = evaluate(prepareBook(book));
  // $1000 USDC at LT 80% / $500 → 1.6; LINK (LT 0) and disabled WETH do not count
  assert.equal(r.totalCollateralBase[0], 1000_00000000n);
  assert.equal(r.healthFactor[0], (16n * WAD) / 10n);
  // e-mode stablecoins: LT 95% → 1.9
  assert.equal(r.healthFactor[1], (19n * WAD) / 10n);
  assert.equal(r.avgLiquidationThreshold[1], 9500n);
  // WBTC is not in the stablecoin category: its own LT (78%) → 1.56
  assert.equal(r.healthFactor[2], (156n * WAD) / 100n);
});

test('e-mode 3.0 custom price source prices every asset of the category; 3.2 bitmap membership', () => {
  const book = syntheticBook(1, 1);
  const now = BigInt(book.block.timestamp);
  for (const m of book.markets) {
    m.lastUpdateTimestamp = now;
    m.liquidityIndex = RAY;
    m.variableBorrowIndex = RAY;
  }
  const pos = (market: number, supply: bigint, debt: bigint, coll = true) => ({
    market,
    scaledATokenBalance: supply,
    scaledVariableDebt: debt,
    stableDebt: 0n,
    stableBorrowRate: 0n,
    stableLastUpdateTimestamp: 0n,
    collateralEnabled: coll,
  });
  // category 1 (WETH, wstETH) priced by WETH's oracle price (GenericLogic: eModeAssetPrice)
  book.eModeCategories.get(1)!.priceSource = book.markets[0].id;
  book.accounts = [
    // 10 wstETH collateral, 8 WETH debt, in e-mode 1: both at the WETH price 3000 → HF = 10·0.93/8
    {
      id: '0x01',
      eModeCategoryId: 1,
      positions: [pos(1, 10n ** 19n, 0n), pos(0, 0n, 8n * 10n ** 18n, false)],
    },
    // the same account outside e-mode: wstETH at its own price 3500, LT 80%
    {
      id: '0x02',
      eModeCategoryId: 0,
      positions: [pos(1, 10n ** 19n, 0n), pos(0, 0n, 8n * 10n ** 18n, false)],
    },
  ];
  let r = evaluate(prepareBook(book));
  assert.equal(r.totalCollateralBase[0], 30000_00000000n);
  assert.equal(r.healthFactor[0], (WAD * 93n * 10n) / (8n * 100n));
  assert.equal(r.totalCollateralBase[1], 35000_00000000n);
  assert.equal(r.healthFactor[1], 1166666666666666667n); // 28000/24000, wadDiv rounds half up
  // 3.2+: no asset category, membership by the category's collateral bitmap (reserve id bits)
  book.eModeCategories.get(1)!.priceSource = null;
  for (const m of book.markets) m.eModeCategoryId = 0;
  book.eModeCategories.get(1)!.collateralBitmap = 1n << BigInt(book.markets[1].reserveId);
  r = evaluate(prepareBook(book));
  assert.equal(r.avgLiquidationThreshold[0], 9300n);
  assert.equal(r.avgLiquidationThreshold[1], 8000n);
});

test('availableBorrowsBase: collateral × LTV (percentMul, half up) less debt, never below 0', () => {
  const r = {
    healthFactor: [0n, 0n, 0n],
    avgLiquidationThreshold: [0n, 0n, 0n],
    totalCollateralBase: [1000_00000000n, 1000_00000000n, 3n],
    totalDebtBase: [700_00000000n, 800_00000000n, 0n],
    avgLtv: [7500n, 7500n, 5000n],
  };
  assert.equal(availableBorrowsBase(r, 0), 50_00000000n); // 750 − 700
  assert.equal(availableBorrowsBase(r, 1), 0n); // 750 < 800
  assert.equal(availableBorrowsBase(r, 2), 2n); // 3 × 50% = 1.5, rounded half up
});
