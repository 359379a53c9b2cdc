// Uniswap V3 pools between two of the market's reserves: the factory's PoolCreated starts a pool
// template only when both tokens are Markets at that moment (pools created before a reserve is
// listed are seeded at the listing: dex-seed.ts), and the pool's events rebuild what UniswapV3Pool stores: slot0's
// price and tick, the in-range liquidity and every initialised tick's liquidityGross and
// liquidityNet. Mint and Burn follow UniswapV3Pool._modifyPosition and Tick.update; Swap carries
// the pool's own price, tick and liquidity after the swap, so crossed ticks need no replay.
import { BigInt, Bytes, ValueKind, ethereum, log, store } from '@graphprotocol/graph-ts';
import { DexPool, DexTick, Market } from '../generated/schema';
import { PoolCreated } from '../generated/UniswapV3Factory/UniswapV3Factory';
import { UniswapV3Pool as UniswapV3PoolTemplate } from '../generated/templates';
import { Burn, Initialize, Mint, Swap } from '../generated/templates/UniswapV3Pool/UniswapV3Pool';
import { BI_ONE, BI_ZERO } from './constants';

/** DexTick id: pool address ++ the tick as a big-endian two's-complement int32. */
export function dexTickId(pool: Bytes, tickIdx: i32): Bytes {
  let tick = new Bytes(4);
  tick[0] = u8((tickIdx >>> 24) & 0xff);
  tick[1] = u8((tickIdx >>> 16) & 0xff);
  tick[2] = u8((tickIdx >>> 8) & 0xff);
  tick[3] = u8(tickIdx & 0xff);
  return pool.concat(tick);
}

export function handlePoolCreated(event: PoolCreated): void {
  let token0 = event.params.token0;
  let token1 = event.params.token1;
  if (Market.load(token0) === null || Market.load(token1) === null) return;
  let pool = new DexPool(event.params.pool);
  pool.factory = event.address;
  pool.token0 = token0;
  pool.token1 = token1;
  pool.market0 = token0;
  pool.market1 = token1;
  pool.fee = event.params.fee;
  pool.tickSpacing = event.params.tickSpacing;
  pool.sqrtPriceX96 = BI_ZERO;
  pool.liquidity = BI_ZERO;
  pool.createdBlock = event.block.number;
  pool.createdTimestamp = event.block.timestamp;
  pool.lastUpdateBlock = event.block.number;
  pool.swapCount = BI_ZERO;
  pool.save();
  UniswapV3PoolTemplate.create(event.params.pool);
}

/**
 * The pool of a template event (every template was started by handlePoolCreated or a seeding),
 * or null for an event a seeded pool's state already holds: its seeding read the state at the
 * end of seededAtBlock.
 */
function loadPool(event: ethereum.Event): DexPool | null {
  let pool = DexPool.load(event.address);
  if (pool === null) {
    log.error('UniswapV3Pool {} at block {}: no DexPool for this template', [
      event.address.toHexString(),
      event.block.number.toString(),
    ]);
    return null;
  }
  let seeded = pool.seededAtBlock;
  if (seeded !== null && event.block.number.le(seeded)) return null;
  return pool;
}

export function handleDexPoolInitialize(event: Initialize): void {
  let pool = loadPool(event);
  if (pool === null) return;
  pool.sqrtPriceX96 = event.params.sqrtPriceX96;
  pool.tick = event.params.tick;
  pool.lastUpdateBlock = event.block.number;
  pool.save();
}

/**
 * Tick.update for one bound: liquidityGross moves by `delta`, liquidityNet by `delta` at the
 * lower bound and by -`delta` at the upper one; a tick whose gross returns to 0 is cleared.
 */
function updateTick(
  pool: DexPool,
  tickIdx: i32,
  delta: BigInt,
  upper: boolean,
  block: BigInt,
): void {
  let id = dexTickId(pool.id, tickIdx);
  let tick = DexTick.load(id);
  if (tick === null) {
    tick = new DexTick(id);
    tick.pool = pool.id;
    tick.tickIdx = tickIdx;
    tick.liquidityGross = BI_ZERO;
    tick.liquidityNet = BI_ZERO;
  }
  tick.liquidityGross = tick.liquidityGross.plus(delta);
  tick.liquidityNet = upper ? tick.liquidityNet.minus(delta) : tick.liquidityNet.plus(delta);
  if (tick.liquidityGross.lt(BI_ZERO)) {
    log.error('UniswapV3Pool {} at block {}: tick {} has liquidityGross {} below 0', [
      pool.id.toHexString(),
      block.toString(),
      tickIdx.toString(),
      tick.liquidityGross.toString(),
    ]);
  }
  if (tick.liquidityGross.isZero()) store.remove('DexTick', id.toHexString());
  else tick.save();
}

/**
 * UniswapV3Pool._modifyPosition with liquidityDelta = `delta`: both bounds' ticks, and the
 * pool's liquidity when the range holds the current tick (tickLower <= tick < tickUpper).
 * A zero delta changes nothing (Burn of 0 only pokes the position's fees).
 */
function modifyPosition(
  event: ethereum.Event,
  tickLower: i32,
  tickUpper: i32,
  delta: BigInt,
): void {
  if (delta.isZero()) return;
  let pool = loadPool(event);
  if (pool === null) return;
  updateTick(pool, tickLower, delta, false, event.block.number);
  updateTick(pool, tickUpper, delta, true, event.block.number);
  let tick = pool.get('tick');
  if (tick !== null && tick.kind === ValueKind.INT) {
    let current = pool.tick;
    if (tickLower <= current && current < tickUpper) pool.liquidity = pool.liquidity.plus(delta);
  }
  pool.lastUpdateBlock = event.block.number;
  pool.save();
}

export function handleDexPoolMint(event: Mint): void {
  modifyPosition(event, event.params.tickLower, event.params.tickUpper, event.params.amount);
}

export function handleDexPoolBurn(event: Burn): void {
  modifyPosition(event, event.params.tickLower, event.params.tickUpper, event.params.amount.neg());
}

export function handleDexPoolSwap(event: Swap): void {
  let pool = loadPool(event);
  if (pool === null) return;
  pool.sqrtPriceX96 = event.params.sqrtPriceX96;
  pool.tick = event.params.tick;
  pool.liquidity = event.params.liquidity;
  pool.swapCount = pool.swapCount.plus(BI_ONE);
  pool.lastUpdateBlock = event.block.number;
  pool.save();
}
