// Synthetic books for unit tests and the benchmark: a realistic mix of markets (stablecoins,
// ETH-like, BTC-like, an isolated asset), e-mode, stable debt and random positions.
import type { Book, BookAccount, BookMarket, BookEModeCategory } from '@/lib/risk/types';
import { RAY } from '@/lib/risk/math';
import { seededRandom } from '@/lib/risk/random';

/** small deterministic PRNG (mulberry32, the one the risk engine's Monte Carlo uses) */
export const rng = seededRandom;

export function randBig(r: () => number, digits: number): bigint {
  let s = '';
  for (let i = 0; i < digits; i++) s += Math.floor(r() * 10);
  return BigInt(s || '0');
}

const M = (
  i: number,
  symbol: string,
  decimals: number,
  price: bigint,
  ltv: number,
  lt: number,
  bonus: number,
  emode = 0,
  debtCeiling = 0n,
): BookMarket => ({
  id: '0x' + (i + 1).toString(16).padStart(40, 'a'),
  symbol,
  decimals,
  reserveId: i,
  ltv,
  liquidationThreshold: lt,
  liquidationBonus: bonus,
  liquidationProtocolFee: 1000,
  eModeCategoryId: emode,
  debtCeiling,
  liquidityIndex: RAY + RAY / 50n + BigInt(i) * 10n ** 22n,
  variableBorrowIndex: RAY + RAY / 20n + BigInt(i) * 10n ** 23n,
  liquidityRate: 3n * 10n ** 25n,
  variableBorrowRate: 6n * 10n ** 25n,
  lastUpdateTimestamp: 1_700_000_000n - BigInt(i * 3600),
  priceBase: price,
});

export function syntheticMarkets(): BookMarket[] {
  return [
    M(0, 'WETH', 18, 3000_00000000n, 8000, 8250, 10500, 1),
    M(1, 'wstETH', 18, 3500_00000000n, 7500, 8000, 10600, 1),
    M(2, 'WBTC', 8, 60000_00000000n, 7300, 7800, 10500),
    M(3, 'USDC', 6, 1_00000000n, 7700, 8000, 10450, 2),
    M(4, 'DAI', 18, 99990000n, 7500, 7800, 10500, 2),
    M(5, 'LINK', 18, 15_00000000n, 5000, 6500, 10750, 0, 1_000_000_00n),
  ];
}

export function syntheticCategories(): Map<number, BookEModeCategory> {
  return new Map([
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
    [
      2,
      {
        id: 2,
        label: 'Stablecoins',
        ltv: 9300,
        liquidationThreshold: 9500,
        liquidationBonus: 10100,
        priceSource: null,
        collateralBitmap: 0n,
      },
    ],
  ]);
}

/**
 * `n` accounts with 1–4 positions; debt sized from collateral so HFs spread around 1–3
 * (a few percent below 1.1), some in e-mode, some with stable debt.
 */
export function syntheticBook(n: number, seed = 1): Book {
  const r = rng(seed);
  const markets = syntheticMarkets();
  const now = 1_700_000_000n + 86_400n;
  const accounts: BookAccount[] = [];
  for (let a = 0; a < n; a++) {
    const id =
      '0x' +
      a.toString(16).padStart(8, '0') +
      Math.floor(r() * 2 ** 32)
        .toString(16)
        .padStart(8, '0')
        .repeat(4);
    const emode = r() < 0.15 ? (r() < 0.5 ? 1 : 2) : 0;
    const pool = emode === 1 ? [0, 1] : emode === 2 ? [3, 4] : [0, 1, 2, 3, 4, 5];
    const positions = [];
    const collIdx = pool[Math.floor(r() * pool.length)];
    const m = markets[collIdx];
    // collateral worth $100 … $10M, log-uniform
    const usd = 10 ** (2 + r() * 5);
    const scaledColl =
      BigInt(Math.floor((usd / (Number(m.priceBase) / 1e8)) * 10 ** Math.min(m.decimals, 12))) *
      10n ** BigInt(Math.max(0, m.decimals - 12));
    positions.push({
      market: collIdx,
      scaledATokenBalance: scaledColl,
      scaledVariableDebt: 0n,
      stableDebt: 0n,
      stableBorrowRate: 0n,
      stableLastUpdateTimestamp: 0n,
      collateralEnabled: true,
    });
    if (r() < 0.3) {
      const j = pool[Math.floor(r() * pool.length)];
      if (j !== collIdx)
        positions.push({
          market: j,
          scaledATokenBalance: randBig(r, markets[j].decimals),
          scaledVariableDebt: 0n,
          stableDebt: 0n,
          stableBorrowRate: 0n,
          stableLastUpdateTimestamp: 0n,
          collateralEnabled: r() < 0.8,
        });
    }
    if (r() < 0.7) {
      const lt = emode ? (emode === 1 ? 0.93 : 0.95) : m.liquidationThreshold / 10000;
      const hfTarget = 0.95 + r() * r() * 3;
      const debtUSD = (usd * lt) / hfTarget;
      const dIdx =
        pool.filter((x) => x !== collIdx)[Math.floor(r() * (pool.length - 1))] ?? collIdx;
      const dm = markets[dIdx];
      const units = (debtUSD / (Number(dm.priceBase) / 1e8)) * 10 ** Math.min(dm.decimals, 12);
      const amount = BigInt(Math.floor(units)) * 10n ** BigInt(Math.max(0, dm.decimals - 12));
      const stable = r() < 0.1;
      positions.push({
        market: dIdx,
        scaledATokenBalance: 0n,
        scaledVariableDebt: stable ? 0n : amount,
        stableDebt: stable ? amount : 0n,
        stableBorrowRate: stable ? 8n * 10n ** 25n : 0n,
        stableLastUpdateTimestamp: stable ? now - BigInt(Math.floor(r() * 1e6)) : 0n,
        collateralEnabled: false,
      });
    }
    accounts.push({ id, eModeCategoryId: emode, positions });
  }
  return {
    network: 'synthetic',
    block: { number: 1, hash: '0x' + seed.toString(16).padStart(64, '0'), timestamp: Number(now) },
    baseCurrencyUnit: 10n ** 8n,
    markets,
    eModeCategories: syntheticCategories(),
    accounts,
  };
}
