// Uniswap V3 pools for the hand-worked book (hand-book.ts): one WETH(token0)/DAI(token1) pool at
// 2,000 DAI per WETH, its whole liquidity in one full-range position, so a sale's output has the
// constant-product closed form and "deep" and "thin" are a matter of how much WETH it holds.
import type { DexPool } from '@/lib/cascade/cascade';
import type { PoolState } from '@/lib/dex/pool-swap';
import { getTickAtSqrtRatio } from '@/lib/dex/tick-math';

/** floor(sqrt(2000) · 2^96): the hand book's oracle price of WETH in DAI as a pool price */
export const SQRT_PRICE_2000 = 3543191142285914205922034323214n;

/** A full-range WETH/DAI pool at 2,000 DAI per WETH holding `weth` WETH (wei). */
export function fullRangePool(weth: bigint, fee = 500): PoolState {
  const liquidity = (weth * SQRT_PRICE_2000) >> 96n;
  const spacing = 10;
  const edge = Math.floor(887272 / spacing) * spacing;
  return {
    fee,
    tickSpacing: spacing,
    sqrtPriceX96: SQRT_PRICE_2000,
    tick: getTickAtSqrtRatio(SQRT_PRICE_2000),
    liquidity,
    ticks: [
      { tick: -edge, liquidityNet: liquidity },
      { tick: edge, liquidityNet: -liquidity },
    ],
  };
}

/** The pool as a venue of the hand book: WETH is market 0, DAI market 1. */
export const handVenue = (state: PoolState): DexPool => ({
  address: '0xpool',
  market0: 0,
  market1: 1,
  state,
});
