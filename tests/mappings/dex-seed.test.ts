// Seeding a pool that existed before the factory source started or before its pair was listed.
// The mocked eth_calls return the recorded pool of dex-pools.test.ts as it stood after its three
// mints (A [-600, 600), B [0, 1200), C [1200, 2400) at tick 99, spacing 60). The tickBitmap words
// are worked out by hand: compressed tick = tick / 60, word = floor(compressed / 256), bit =
// compressed - 256 word; so -600 is word -1 bit 246, and 0, 600, 1200, 2400 are word 0 bits 0,
// 10, 20 and 40.
import { Address, BigInt, Bytes, DataSourceContext, ethereum } from '@graphprotocol/graph-ts';
import {
  assert,
  beforeEach,
  clearStore,
  createMockedFunction,
  describe,
  newMockEvent,
  test,
} from 'matchstick-as/assembly/index';

import { DexPool } from '../../subgraph/generated/schema';
import * as U from '../../subgraph/generated/templates/UniswapV3Pool/UniswapV3Pool';
import { dexTickId, handleDexPoolMint, handleDexPoolSwap } from '../../subgraph/src/dex-pools';
import { handleDexFactoryStart } from '../../subgraph/src/dex-seed';
import {
  USDC,
  WETH,
  asDataSource,
  bi,
  mockEvent,
  pAddr,
  pInt,
  pSmall,
  pUint,
  setupMarkets,
} from './helpers';

const FACTORY = Address.fromString('0x473b685aea5635cb1b5e8704301095b2b16a9290');
const POOL = Address.fromString('0x7c65e233bfbac537e8ca03d8e8f620cdef496027');
const ZERO = Address.fromString('0x0000000000000000000000000000000000000000');
const POOL_ID = POOL.toHexString();
const SQRT_PRICE = '79623317895830914510639640423';
const L_A = '28951459498196929472054';
const L_B = '37544702941105298205605';
const L_C = '18234332797452020215684';
// L_A + L_B: positions A and B hold tick 99.
const L_IN_RANGE = '66496162439302227677659';
const SEED_BLOCK = 30;

function u(v: string): ethereum.Value {
  return ethereum.Value.fromUnsignedBigInt(bi(v));
}
function i(v: string): ethereum.Value {
  return ethereum.Value.fromSignedBigInt(bi(v));
}

function mockFactory(): void {
  let fees: i32[] = [100, 500, 3000, 10000];
  for (let k = 0; k < fees.length; k++) {
    createMockedFunction(FACTORY, 'getPool', 'getPool(address,address,uint24):(address)')
      .withArgs([
        ethereum.Value.fromAddress(USDC),
        ethereum.Value.fromAddress(WETH),
        ethereum.Value.fromUnsignedBigInt(BigInt.fromI32(fees[k])),
      ])
      .returns([ethereum.Value.fromAddress(fees[k] == 3000 ? POOL : ZERO)]);
  }
}

function mockTick(tick: i32, gross: string, net: string): void {
  createMockedFunction(
    POOL,
    'ticks',
    'ticks(int24):(uint128,int128,uint256,uint256,int56,uint160,uint32,bool)',
  )
    .withArgs([ethereum.Value.fromI32(tick)])
    .returns([
      u(gross),
      i(net),
      u('0'),
      u('0'),
      i('0'),
      u('0'),
      ethereum.Value.fromI32(0),
      ethereum.Value.fromBoolean(true),
    ]);
}

function mockPool(): void {
  createMockedFunction(
    POOL,
    'slot0',
    'slot0():(uint160,int24,uint16,uint16,uint16,uint8,bool)',
  ).returns([
    u(SQRT_PRICE),
    ethereum.Value.fromI32(99),
    ethereum.Value.fromI32(0),
    ethereum.Value.fromI32(1),
    ethereum.Value.fromI32(1),
    ethereum.Value.fromI32(0),
    ethereum.Value.fromBoolean(true),
  ]);
  createMockedFunction(POOL, 'liquidity', 'liquidity():(uint128)').returns([u(L_IN_RANGE)]);
  createMockedFunction(POOL, 'tickSpacing', 'tickSpacing():(int24)').returns([
    ethereum.Value.fromI32(60),
  ]);
  // 2^246 for word -1; 2^0 + 2^10 + 2^20 + 2^40 for word 0; every other word of -8..8 is empty.
  let word0 = '1099512677377';
  let wordMinus1 = BigInt.fromI32(2).pow(246).toString();
  for (let w = -8; w <= 8; w++) {
    let bits = w == 0 ? word0 : w == -1 ? wordMinus1 : '0';
    createMockedFunction(POOL, 'tickBitmap', 'tickBitmap(int16):(uint256)')
      .withArgs([ethereum.Value.fromI32(w)])
      .returns([u(bits)]);
  }
  let negA = bi(L_A).neg().toString();
  mockTick(-600, L_A, L_A);
  mockTick(0, L_B, L_B);
  mockTick(600, L_A, negA);
  mockTick(1200, bi(L_B).plus(bi(L_C)).toString(), bi(L_C).minus(bi(L_B)).toString());
  mockTick(2400, L_C, bi(L_C).neg().toString());
}

function startFactory(block: i32): void {
  asDataSource(FACTORY, new DataSourceContext());
  let b = newMockEvent().block;
  b.number = BigInt.fromI32(block);
  b.timestamp = BigInt.fromI32(block * 12);
  handleDexFactoryStart(b);
}

function tickField(tick: i32, field: string, value: string): void {
  assert.fieldEquals('DexTick', dexTickId(POOL, tick).toHexString(), field, value);
}

describe('pools seeded by eth_call', () => {
  beforeEach(() => {
    clearStore();
    mockFactory();
    mockPool();
  });

  test('factory followed before the listing: the second asset listed seeds the pair pool', () => {
    startFactory(10);
    assert.entityCount('DexPool', 0);
    setupMarkets(); // USDC, then WETH at block 20
    assert.entityCount('DexPool', 1);
    assert.fieldEquals('DexPool', POOL_ID, 'seededAtBlock', '20');
    assert.fieldEquals('DexPool', POOL_ID, 'liquidity', L_IN_RANGE);
    assert.entityCount('DexTick', 5);
    assert.fieldEquals(
      'ListedAssets',
      Bytes.fromUTF8('listed').toHexString(),
      'assets',
      '[' + USDC.toHexString() + ', ' + WETH.toHexString() + ']',
    );
  });

  test('factory start after the listing: the pair pool is read whole, other tiers skipped', () => {
    setupMarkets();
    startFactory(SEED_BLOCK);
    assert.entityCount('DexPool', 1);
    assert.fieldEquals('DexPool', POOL_ID, 'token0', USDC.toHexString());
    assert.fieldEquals('DexPool', POOL_ID, 'token1', WETH.toHexString());
    assert.fieldEquals('DexPool', POOL_ID, 'fee', '3000');
    assert.fieldEquals('DexPool', POOL_ID, 'tickSpacing', '60');
    assert.fieldEquals('DexPool', POOL_ID, 'sqrtPriceX96', SQRT_PRICE);
    assert.fieldEquals('DexPool', POOL_ID, 'tick', '99');
    assert.fieldEquals('DexPool', POOL_ID, 'liquidity', L_IN_RANGE);
    assert.fieldEquals('DexPool', POOL_ID, 'seededAtBlock', SEED_BLOCK.toString());
    // words -8..8 at spacing 60: ticks [-8 * 256 * 60, 9 * 256 * 60)
    assert.fieldEquals('DexPool', POOL_ID, 'seededTickLower', '-122880');
    assert.fieldEquals('DexPool', POOL_ID, 'seededTickUpper', '138240');
    assert.entityCount('DexTick', 5);
    tickField(-600, 'liquidityNet', L_A);
    tickField(0, 'liquidityGross', L_B);
    tickField(600, 'liquidityNet', '-' + L_A);
    tickField(1200, 'liquidityGross', '55779035738557318421289');
    tickField(1200, 'liquidityNet', '-19310370143653277989921');
    tickField(2400, 'liquidityNet', '-' + L_C);
    assert.dataSourceExists('UniswapV3Pool', POOL_ID);
    assert.fieldEquals(
      'DexFactory',
      Bytes.fromUTF8('UniswapV3Factory').toHexString(),
      'address',
      FACTORY.toHexString(),
    );
  });

  test('a seeded pool skips the events its state already holds, then follows the rest', () => {
    setupMarkets();
    startFactory(SEED_BLOCK);
    // A mint in the seeding block is already in the read state: not applied twice.
    let held = changetype<U.Mint>(mockEvent(POOL, SEED_BLOCK, SEED_BLOCK * 12));
    pAddr(held, 'sender', FACTORY);
    pAddr(held, 'owner', FACTORY);
    pSmall(held, 'tickLower', -600);
    pSmall(held, 'tickUpper', 600);
    pUint(held, 'amount', bi('1000'));
    pUint(held, 'amount0', bi('1'));
    pUint(held, 'amount1', bi('1'));
    handleDexPoolMint(held);
    assert.fieldEquals('DexPool', POOL_ID, 'liquidity', L_IN_RANGE);
    tickField(-600, 'liquidityGross', L_A);
    // The recorded swap up across tick 600 one block later is applied.
    let s = changetype<U.Swap>(mockEvent(POOL, SEED_BLOCK + 1, (SEED_BLOCK + 1) * 12));
    pAddr(s, 'sender', FACTORY);
    pAddr(s, 'recipient', FACTORY);
    pInt(s, 'amount0', bi('-1916110098226512580980'));
    pInt(s, 'amount1', bi('2000000000000000000000'));
    pUint(s, 'sqrtPriceX96', bi('82275332522717580391897340386'));
    pUint(s, 'liquidity', bi(L_B));
    pSmall(s, 'tick', 754);
    handleDexPoolSwap(s);
    assert.fieldEquals('DexPool', POOL_ID, 'tick', '754');
    assert.fieldEquals('DexPool', POOL_ID, 'liquidity', L_B);
    assert.fieldEquals('DexPool', POOL_ID, 'swapCount', '1');
  });

  test('a pool already followed since its PoolCreated is not seeded again', () => {
    setupMarkets();
    let pool = new DexPool(POOL);
    pool.factory = FACTORY;
    pool.token0 = USDC;
    pool.token1 = WETH;
    pool.market0 = USDC;
    pool.market1 = WETH;
    pool.fee = 3000;
    pool.tickSpacing = 60;
    pool.sqrtPriceX96 = bi('1');
    pool.liquidity = bi('7');
    pool.createdBlock = BigInt.fromI32(4);
    pool.createdTimestamp = BigInt.fromI32(48);
    pool.lastUpdateBlock = BigInt.fromI32(4);
    pool.swapCount = BigInt.zero();
    pool.save();
    startFactory(SEED_BLOCK);
    assert.fieldEquals('DexPool', POOL_ID, 'liquidity', '7');
    assert.entityCount('DexTick', 0);
  });
});
