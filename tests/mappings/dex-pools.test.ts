// Uniswap V3 pools between two reserves: the entities after each event equal the pool's own state.
// Every event value and every expected slot0, liquidity() and ticks(i) below was recorded from
// the npm UniswapV3Pool on the devnet chain (tests/fixtures/record-dex-pool-events.ts): a 0.3%
// pool opened at tick 99, positions A [-600, 600) and B [0, 1200) around the price and C
// [1200, 2400) above it, a swap up across tick 600, a swap down across 600 and 0, a fee poke
// (Burn of 0) and A burnt whole. The recorded tokens stand in as the helpers' USDC and WETH.
import { Address, ValueKind } from '@graphprotocol/graph-ts';
import { assert, beforeEach, clearStore, describe, test } from 'matchstick-as/assembly/index';

import { DexPool } from '../../subgraph/generated/schema';
import { PoolCreated } from '../../subgraph/generated/UniswapV3Factory/UniswapV3Factory';
import * as U from '../../subgraph/generated/templates/UniswapV3Pool/UniswapV3Pool';
import {
  dexTickId,
  handleDexPoolBurn,
  handleDexPoolInitialize,
  handleDexPoolMint,
  handleDexPoolSwap,
  handlePoolCreated,
} from '../../subgraph/src/dex-pools';
import { USDC, WETH, bi, mockEvent, pAddr, pInt, pSmall, pUint, setupMarkets } from './helpers';

const FACTORY = Address.fromString('0x473b685aea5635cb1b5e8704301095b2b16a9290');
const POOL = Address.fromString('0x7c65e233bfbac537e8ca03d8e8f620cdef496027');
const MANAGER = Address.fromString('0xb9e050ff25461295f1096c0184269f022ddba9c0');
const ROUTER = Address.fromString('0xa3f3ce2c8fbe04c601253a74530681f1707dc282');
const TRADER = Address.fromString('0x545ee594dd503061ec75cb3f3aaa6d268712801c');
const NOT_A_RESERVE = Address.fromString('0x000000000000000000000000000000000000c001');
const POOL_ID = POOL.toHexString();

const L_A = '28951459498196929472054';
const L_B = '37544702941105298205605';
const L_C = '18234332797452020215684';

// ---------------------------------------------------------------- events as the pool emitted them

function poolCreated(token0: Address, token1: Address): PoolCreated {
  let e = changetype<PoolCreated>(mockEvent(FACTORY, 4, 448));
  pAddr(e, 'token0', token0);
  pAddr(e, 'token1', token1);
  pSmall(e, 'fee', 3000);
  pSmall(e, 'tickSpacing', 60);
  pAddr(e, 'pool', POOL);
  return e;
}

function initialize(): U.Initialize {
  let e = changetype<U.Initialize>(mockEvent(POOL, 4, 448));
  pUint(e, 'sqrtPriceX96', bi('79623317895830914510639640423'));
  pSmall(e, 'tick', 99);
  return e;
}

function mint(block: i32, lower: i32, upper: i32, amount: string, a0: string, a1: string): U.Mint {
  let e = changetype<U.Mint>(mockEvent(POOL, block, block * 12));
  pAddr(e, 'sender', MANAGER);
  pAddr(e, 'owner', MANAGER);
  pSmall(e, 'tickLower', lower);
  pSmall(e, 'tickUpper', upper);
  pUint(e, 'amount', bi(amount));
  pUint(e, 'amount0', bi(a0));
  pUint(e, 'amount1', bi(a1));
  return e;
}

function burn(block: i32, lower: i32, upper: i32, amount: string, a0: string, a1: string): U.Burn {
  let e = changetype<U.Burn>(mockEvent(POOL, block, block * 12));
  pAddr(e, 'owner', MANAGER);
  pSmall(e, 'tickLower', lower);
  pSmall(e, 'tickUpper', upper);
  pUint(e, 'amount', bi(amount));
  pUint(e, 'amount0', bi(a0));
  pUint(e, 'amount1', bi(a1));
  return e;
}

function swap(
  block: i32,
  amount0: string,
  amount1: string,
  sqrtPriceX96: string,
  liquidity: string,
  tick: i32,
): U.Swap {
  let e = changetype<U.Swap>(mockEvent(POOL, block, block * 12));
  pAddr(e, 'sender', ROUTER);
  pAddr(e, 'recipient', TRADER);
  pInt(e, 'amount0', bi(amount0));
  pInt(e, 'amount1', bi(amount1));
  pUint(e, 'sqrtPriceX96', bi(sqrtPriceX96));
  pUint(e, 'liquidity', bi(liquidity));
  pSmall(e, 'tick', tick);
  return e;
}

// ---------------------------------------------------------------- the recorded run, step by step

function createAndInitialize(): void {
  handlePoolCreated(poolCreated(USDC, WETH));
  handleDexPoolInitialize(initialize());
}

function mintA(): void {
  handleDexPoolMint(mint(5, -600, 600, L_A, '711922210884358252753', '1000000000000000000000'));
}

function mintBAndC(): void {
  handleDexPoolMint(mint(6, 0, 1200, L_B, '2000000000000000000000', '187256537898694245825'));
  handleDexPoolMint(mint(7, 1200, 2400, L_C, '1000000000000000000000', '0'));
}

function mintAll(): void {
  createAndInitialize();
  mintA();
  mintBAndC();
}

function swapUpAndDown(): void {
  mintAll();
  handleDexPoolSwap(
    swap(
      8,
      '-1916110098226512580980',
      '2000000000000000000000',
      '82275332522717580391897340386',
      L_B,
      754,
    ),
  );
  handleDexPoolSwap(
    swap(
      9,
      '2700000000000000000000',
      '-2764675961256393285620',
      '78026740393731550276366635831',
      L_A,
      -306,
    ),
  );
}

// ---------------------------------------------------------------- the pool's state, as read back

function assertSlot0(sqrtPriceX96: string, tick: string, liquidity: string): void {
  assert.fieldEquals('DexPool', POOL_ID, 'sqrtPriceX96', sqrtPriceX96);
  assert.fieldEquals('DexPool', POOL_ID, 'tick', tick);
  assert.fieldEquals('DexPool', POOL_ID, 'liquidity', liquidity);
}

/** UniswapV3Pool.ticks(tickIdx): an initialised tick as a DexTick, an uninitialised one absent. */
function assertTick(tickIdx: i32, liquidityGross: string, liquidityNet: string): void {
  let id = dexTickId(POOL, tickIdx).toHexString();
  if (liquidityGross == '0') {
    assert.notInStore('DexTick', id);
    return;
  }
  assert.fieldEquals('DexTick', id, 'pool', POOL_ID);
  assert.fieldEquals('DexTick', id, 'tickIdx', tickIdx.toString());
  assert.fieldEquals('DexTick', id, 'liquidityGross', liquidityGross);
  assert.fieldEquals('DexTick', id, 'liquidityNet', liquidityNet);
}

/** ticks(-600 … 2400) after the three mints; the swaps leave them as they are. */
function assertMintedTicks(): void {
  assertTick(-600, L_A, L_A);
  assertTick(0, L_B, L_B);
  assertTick(600, L_A, '-' + L_A);
  assertTick(1200, '55779035738557318421289', '-19310370143653277989921');
  assertTick(2400, L_C, '-' + L_C);
  assert.entityCount('DexTick', 5);
}

describe('Uniswap V3 pools of the market (UniswapV3Factory, UniswapV3Pool)', () => {
  beforeEach(() => {
    clearStore();
    setupMarkets();
  });

  test('a pool is tracked only when both tokens are reserves', () => {
    handlePoolCreated(poolCreated(USDC, NOT_A_RESERVE));
    assert.entityCount('DexPool', 0);
    assert.dataSourceCount('UniswapV3Pool', 0);

    handlePoolCreated(poolCreated(USDC, WETH));
    assert.entityCount('DexPool', 1);
    assert.dataSourceCount('UniswapV3Pool', 1);
    assert.dataSourceExists('UniswapV3Pool', POOL_ID);
    assert.fieldEquals('DexPool', POOL_ID, 'factory', FACTORY.toHexString());
    assert.fieldEquals('DexPool', POOL_ID, 'market0', USDC.toHexString());
    assert.fieldEquals('DexPool', POOL_ID, 'market1', WETH.toHexString());
    assert.fieldEquals('DexPool', POOL_ID, 'fee', '3000');
    assert.fieldEquals('DexPool', POOL_ID, 'tickSpacing', '60');
    assert.fieldEquals('DexPool', POOL_ID, 'createdBlock', '4');
    assert.fieldEquals('DexPool', POOL_ID, 'createdTimestamp', '448');
  });

  test('before Initialize the price is 0 and the tick null; Initialize sets slot0', () => {
    handlePoolCreated(poolCreated(USDC, WETH));
    assert.fieldEquals('DexPool', POOL_ID, 'sqrtPriceX96', '0');
    assert.fieldEquals('DexPool', POOL_ID, 'liquidity', '0');
    let tick = DexPool.load(POOL)!.get('tick');
    assert.assertTrue(tick === null || tick.kind == ValueKind.NULL);

    handleDexPoolInitialize(initialize());
    assertSlot0('79623317895830914510639640423', '99', '0');
  });

  test('Mint in range adds to the pool liquidity, out of range only to its ticks', () => {
    createAndInitialize();
    mintA();
    assertSlot0('79623317895830914510639640423', '99', L_A);
    assertTick(-600, L_A, L_A);
    assertTick(600, L_A, '-' + L_A);
    assert.entityCount('DexTick', 2);

    mintBAndC();
    assertSlot0('79623317895830914510639640423', '99', '66496162439302227677659');
    assertMintedTicks();
    assert.fieldEquals('DexPool', POOL_ID, 'lastUpdateBlock', '7');
    // tick ids are pool ++ big-endian int32: -600 = 0xfffffda8, 600 = 0x00000258
    assert.fieldEquals('DexTick', POOL_ID + 'fffffda8', 'tickIdx', '-600');
    assert.fieldEquals('DexTick', POOL_ID + '00000258', 'tickIdx', '600');
  });

  test('a swap across initialised ticks takes price, tick and liquidity from the event', () => {
    swapUpAndDown();
    assertSlot0('78026740393731550276366635831', '-306', L_A);
    assertMintedTicks();
    assert.fieldEquals('DexPool', POOL_ID, 'swapCount', '2');
    assert.fieldEquals('DexPool', POOL_ID, 'lastUpdateBlock', '9');
  });

  test('a Burn of 0 changes nothing; burning a position whole clears its ticks', () => {
    swapUpAndDown();
    handleDexPoolBurn(burn(10, -600, 600, '0', '0', '0'));
    assertSlot0('78026740393731550276366635831', '-306', L_A);
    assertMintedTicks();
    assert.fieldEquals('DexPool', POOL_ID, 'lastUpdateBlock', '9');

    handleDexPoolBurn(burn(11, -600, 600, L_A, '1301384893338678606192', '416580576642300960201'));
    assertSlot0('78026740393731550276366635831', '-306', '0');
    assertTick(-600, '0', '0');
    assertTick(0, L_B, L_B);
    assertTick(600, '0', '0');
    assertTick(1200, '55779035738557318421289', '-19310370143653277989921');
    assertTick(2400, L_C, '-' + L_C);
    assert.entityCount('DexTick', 3);
  });
});
