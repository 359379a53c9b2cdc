// A book small enough to work out by hand: WETH at $2,000 (LT 80%) as collateral, DAI at $1 as
// debt, indexes at 1 and no interest since the last update, so every balance is its scaled value.
// One account of each borrower status, plus a supplier without debt:
//   healthy       1 WETH, 1,000 DAI debt   HF = 1,600 / 1,000 = 1.6
//   at-risk       1 WETH, 1,500 DAI debt   HF = 1,600 / 1,500 = 1.0666…
//   liquidatable  1 WETH, 1,700 DAI debt   HF = 1,600 / 1,700 = 0.9411…
//   insolvent     no collateral, 500 DAI   HF = 0, $500 of bad debt
import type { Book, BookMarket, BookPosition } from '@/lib/risk/types';
import { RAY } from '@/lib/risk/math';

const NOW = 1_700_000_000n;
const ETHER = 10n ** 18n;

const market = (
  i: number,
  symbol: string,
  priceBase: bigint,
  ltv: number,
  lt: number,
): BookMarket => ({
  id: '0x' + String(i + 1).padStart(40, '0'),
  symbol,
  decimals: 18,
  reserveId: i,
  ltv,
  liquidationThreshold: lt,
  liquidationBonus: 10500,
  liquidationProtocolFee: 1000,
  eModeCategoryId: 0,
  debtCeiling: 0n,
  liquidityIndex: RAY,
  variableBorrowIndex: RAY,
  liquidityRate: 0n,
  variableBorrowRate: 0n,
  lastUpdateTimestamp: NOW,
  priceBase,
});

const position = (m: number, supply: bigint, debt: bigint): BookPosition => ({
  market: m,
  scaledATokenBalance: supply,
  scaledVariableDebt: debt,
  stableDebt: 0n,
  stableBorrowRate: 0n,
  stableLastUpdateTimestamp: 0n,
  collateralEnabled: supply > 0n,
});

/** Addresses by status, as they appear in the book (sorted). */
export const HAND = {
  healthy: '0x00000000000000000000000000000000000000a1',
  atRisk: '0x00000000000000000000000000000000000000a2',
  liquidatable: '0x00000000000000000000000000000000000000a3',
  insolvent: '0x00000000000000000000000000000000000000a4',
  supplier: '0x00000000000000000000000000000000000000a5',
};

export const HAND_BLOCK_HASH = '0x' + 'ab'.repeat(32);

export function handBook(network = 'hand'): Book {
  const withDebt = (id: string, weth: bigint, dai: bigint) => ({
    id,
    eModeCategoryId: 0,
    positions: [...(weth ? [position(0, weth * ETHER, 0n)] : []), position(1, 0n, dai * ETHER)],
  });
  return {
    network,
    block: { number: 100, hash: HAND_BLOCK_HASH, timestamp: Number(NOW) },
    baseCurrencyUnit: 10n ** 8n,
    markets: [
      market(0, 'WETH', 2000_00000000n, 7500, 8000),
      market(1, 'DAI', 1_00000000n, 7500, 7700),
    ],
    eModeCategories: new Map(),
    accounts: [
      withDebt(HAND.healthy, 1n, 1000n),
      withDebt(HAND.atRisk, 1n, 1500n),
      withDebt(HAND.liquidatable, 1n, 1700n),
      withDebt(HAND.insolvent, 0n, 500n),
      { id: HAND.supplier, eModeCategoryId: 0, positions: [position(1, 10_000n * ETHER, 0n)] },
    ],
  };
}

/**
 * An account in e-mode "ETH correlated" (LT 93%, LTV 90%) holding 1 WETH ($2,000, reserve LT
 * 80%), 1 wstETH ($2,300, reserve LT 78%), both in the category, and 1,000 DAI ($1,000, LT 77%,
 * not in it), with 3,000 DAI of debt. Applied LT = (2,000·9,300 + 2,300·9,300 + 1,000·7,700) /
 * 5,300 = 8,998 bps (the reserves' own LTs would average 7,856); LTV = 8,716 bps.
 */
export const HAND_EMODE_ACCOUNT = '0x00000000000000000000000000000000000000e1';

export function handEModeBook(): Book {
  const weth = { ...market(0, 'WETH', 2000_00000000n, 7500, 8000), eModeCategoryId: 1 };
  const wsteth = { ...market(1, 'wstETH', 2300_00000000n, 7000, 7800), eModeCategoryId: 1 };
  const dai = market(2, 'DAI', 1_00000000n, 7500, 7700);
  return {
    network: 'hand-emode',
    block: { number: 100, hash: HAND_BLOCK_HASH, timestamp: Number(NOW) },
    baseCurrencyUnit: 10n ** 8n,
    markets: [weth, wsteth, dai],
    eModeCategories: new Map([
      [
        1,
        {
          id: 1,
          label: 'ETH correlated',
          ltv: 9000,
          liquidationThreshold: 9300,
          liquidationBonus: 10100,
          priceSource: null,
          collateralBitmap: 0n,
        },
      ],
    ]),
    accounts: [
      {
        id: HAND_EMODE_ACCOUNT,
        eModeCategoryId: 1,
        positions: [
          position(0, ETHER, 0n),
          position(1, ETHER, 0n),
          { ...position(2, 1000n * ETHER, 3000n * ETHER), collateralEnabled: true },
        ],
      },
    ],
  };
}
