// Uniswap V3 pools for a synthetic book (benchmarks, tests): one pool per pair of markets at the
// oracle price, each with a full-range position and a ±~10% concentrated one, holding a seeded
// share of the book's supply of token0 — some pairs deep, some thin.
import type { DexPool } from '@/lib/cascade/cascade';
import { oracleSqrtPriceX96 } from '@/lib/dex/oracle-price';
import { getTickAtSqrtRatio, MAX_TICK } from '@/lib/dex/tick-math';
import type { PreparedBook } from '@/lib/risk/engine';
import { rng } from './synthetic-book';

const SPACING = 60;

export function syntheticPools(pb: PreparedBook, seed = 7): DexPool[] {
  const r = rng(seed);
  const n = pb.book.markets.length;
  const supply = new Array<bigint>(n).fill(0n);
  for (let k = 0; k < pb.posMarket.length; k++)
    supply[pb.posMarket[k]] += pb.posColl[k] + pb.posIdleSupply[k];
  const pools: DexPool[] = [];
  for (let m0 = 0; m0 < n; m0++)
    for (let m1 = m0 + 1; m1 < n; m1++) {
      const sqrtPriceX96 = oracleSqrtPriceX96(
        pb.basePrices[m0],
        pb.units[m0],
        pb.basePrices[m1],
        pb.units[m1],
      );
      const tick = getTickAtSqrtRatio(sqrtPriceX96);
      // 0.1%–10% of the book's token0 in range, per pool
      const share = BigInt(Math.round(10 ** (-3 + 2 * r()) * 1e6));
      const amount0 = (supply[m0] * share) / 1_000_000n + 1n;
      const full = (amount0 * sqrtPriceX96) >> 96n;
      const near = full * 3n;
      const edge = Math.floor(MAX_TICK / SPACING) * SPACING;
      const lo = Math.floor((tick - 1000) / SPACING) * SPACING;
      const hi = Math.ceil((tick + 1000) / SPACING) * SPACING;
      pools.push({
        address: '0x' + (m0 * 16 + m1).toString(16).padStart(40, 'd'),
        market0: m0,
        market1: m1,
        state: {
          fee: 3000,
          tickSpacing: SPACING,
          sqrtPriceX96,
          tick,
          liquidity: full + near,
          ticks: [
            { tick: -edge, liquidityNet: full },
            { tick: lo, liquidityNet: near },
            { tick: hi, liquidityNet: -near },
            { tick: edge, liquidityNet: -full },
          ],
        },
      });
    }
  return pools;
}
