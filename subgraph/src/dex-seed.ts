// Pools that already exist when a pair of reserves becomes listed. handlePoolCreated follows a pool
// only if both tokens are Markets when the factory creates it, so on a public network the deep
// pools (WETH/USDC, created in 2021) that predate the lending market (2023) were never followed.
// They are seeded instead: when a reserve is listed (or when the factory source starts after the
// reserves were listed), the factory is asked for the new pair's pool at each fee tier, and a pool
// found is read by eth_call at that block: slot0, liquidity() and the initialised ticks in the
// tickBitmap words around its price. The pool template then follows it from the next block.
import { Address, Bytes, dataSource, ethereum, log } from '@graphprotocol/graph-ts';
import { DexFactory, DexPool, DexTick, ListedAssets } from '../generated/schema';
import { UniswapV3Factory } from '../generated/UniswapV3Factory/UniswapV3Factory';
import { UniswapV3Pool as UniswapV3PoolTemplate } from '../generated/templates';
import { UniswapV3Pool } from '../generated/templates/UniswapV3Pool/UniswapV3Pool';
import { BI_ZERO, ZERO_ADDRESS } from './constants';
import { dexTickId } from './dex-pools';

/** UniswapV3Factory's fee tiers (enabled in its constructor: 500, 3000, 10000; 100 since 2021). */
const FEE_TIERS: i32[] = [100, 500, 3000, 10000];
/**
 * tickBitmap words read on each side of the price's word. A word holds 256 initialisable ticks,
 * so ±8 words cover ±2,048 tick spacings: ±23% of price at spacing 1 (fee 0.01%, stable pairs),
 * a factor of 7.8 at spacing 10 and the whole range at 60 and 200.
 */
const SEED_WORDS: i32 = 8;
const FACTORY_ID = Bytes.fromUTF8('UniswapV3Factory');
const LISTED_ID = Bytes.fromUTF8('listed');

/** Record a newly listed asset; seed its pools against every asset listed before it. */
export function seedPoolsOfListedAsset(asset: Address, block: ethereum.Block): void {
  let listed = ListedAssets.load(LISTED_ID);
  if (listed === null) {
    listed = new ListedAssets(LISTED_ID);
    listed.assets = [];
  }
  let before = listed.assets;
  let factory = DexFactory.load(FACTORY_ID);
  if (factory !== null) {
    for (let i = 0; i < before.length; i++) {
      seedPair(Address.fromBytes(factory.address), Address.fromBytes(before[i]), asset, block);
    }
  }
  before.push(asset);
  listed.assets = before;
  listed.save();
}

/** The factory data source's first block: note the factory, seed every listed pair's pools. */
export function handleDexFactoryStart(block: ethereum.Block): void {
  let factory = new DexFactory(FACTORY_ID);
  factory.address = dataSource.address();
  factory.startBlock = block.number;
  factory.save();
  let listed = ListedAssets.load(LISTED_ID);
  if (listed === null) return;
  let assets = listed.assets;
  for (let i = 0; i < assets.length; i++) {
    for (let j = i + 1; j < assets.length; j++) {
      seedPair(
        Address.fromBytes(factory.address),
        Address.fromBytes(assets[i]),
        Address.fromBytes(assets[j]),
        block,
      );
    }
  }
}

function seedPair(factory: Address, a: Address, b: Address, block: ethereum.Block): void {
  let f = UniswapV3Factory.bind(factory);
  for (let k = 0; k < FEE_TIERS.length; k++) {
    let got = f.try_getPool(a, b, FEE_TIERS[k]);
    if (got.reverted || got.value.equals(ZERO_ADDRESS)) continue;
    if (DexPool.load(got.value) !== null) continue; // followed since its PoolCreated
    seedPool(factory, got.value, a, b, FEE_TIERS[k], block);
  }
}

/** Uniswap orders a pool's tokens as uint160: the smaller address is token0. */
function lessThan(a: Address, b: Address): boolean {
  for (let i = 0; i < 20; i++) {
    if (a[i] !== b[i]) return a[i] < b[i];
  }
  return false;
}

function seedPool(
  factory: Address,
  address: Address,
  a: Address,
  b: Address,
  fee: i32,
  block: ethereum.Block,
): void {
  let contract = UniswapV3Pool.bind(address);
  let slot0 = contract.try_slot0();
  let liquidity = contract.try_liquidity();
  let spacing = contract.try_tickSpacing();
  if (slot0.reverted || liquidity.reverted || spacing.reverted) {
    log.warning('UniswapV3Pool {} at block {}: slot0/liquidity/tickSpacing reverted, not seeded', [
      address.toHexString(),
      block.number.toString(),
    ]);
    return;
  }
  let aFirst = lessThan(a, b);
  let pool = new DexPool(address);
  pool.factory = factory;
  pool.token0 = aFirst ? a : b;
  pool.token1 = aFirst ? b : a;
  pool.market0 = pool.token0;
  pool.market1 = pool.token1;
  pool.fee = fee;
  pool.tickSpacing = spacing.value;
  pool.sqrtPriceX96 = slot0.value.value0;
  pool.liquidity = liquidity.value;
  pool.createdBlock = block.number;
  pool.createdTimestamp = block.timestamp;
  pool.seededAtBlock = block.number;
  pool.lastUpdateBlock = block.number;
  pool.swapCount = BI_ZERO;
  // An uninitialised pool has no price yet: its Initialize event sets it later.
  if (!slot0.value.value0.isZero()) {
    let tick = slot0.value.value1;
    pool.tick = tick;
    seedTicks(pool, contract, tick, spacing.value);
  }
  pool.save();
  UniswapV3PoolTemplate.create(address);
}

/** Floor division (Solidity's `tick / spacing` rounds toward zero; TickBitmap adjusts it down). */
function floorDiv(a: i32, b: i32): i32 {
  let q = a / b;
  return a % b !== 0 && a < 0 ? q - 1 : q;
}

/** Every initialised tick in the SEED_WORDS tickBitmap words either side of `tick`'s word. */
function seedTicks(pool: DexPool, contract: UniswapV3Pool, tick: i32, spacing: i32): void {
  let word = floorDiv(floorDiv(tick, spacing), 256);
  let first = word - SEED_WORDS;
  let last = word + SEED_WORDS;
  pool.seededTickLower = first * 256 * spacing;
  pool.seededTickUpper = (last + 1) * 256 * spacing;
  for (let w = first; w <= last; w++) {
    let bits = contract.try_tickBitmap(w);
    if (bits.reverted || bits.value.isZero()) continue;
    // graph-ts BigInt bytes are little-endian: byte i, bit j is bit position 8i + j.
    let bytes = bits.value;
    let n = bytes.length < 32 ? bytes.length : 32;
    for (let i = 0; i < n; i++) {
      let byte = bytes[i];
      for (let j = 0; j < 8; j++) {
        if (((byte >> u8(j)) & 1) === 0) continue;
        seedTick(pool, contract, (w * 256 + i * 8 + j) * spacing);
      }
    }
  }
}

function seedTick(pool: DexPool, contract: UniswapV3Pool, tickIdx: i32): void {
  let info = contract.try_ticks(tickIdx);
  if (info.reverted || info.value.value0.isZero()) return;
  let tick = new DexTick(dexTickId(pool.id, tickIdx));
  tick.pool = pool.id;
  tick.tickIdx = tickIdx;
  tick.liquidityGross = info.value.value0;
  tick.liquidityNet = info.value.value1;
  tick.save();
}
