// Indexed DexPool/DexTick rows become the engine's pools: only initialised pools between two
// markets of the book, token addresses matched case-insensitively, ticks ascending.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { handBook } from '@/test-fixtures/hand-book';
import { dexPoolsOf } from './pools-from-subgraph';

const WETH = '0x0000000000000000000000000000000000000001';
const DAI = '0x0000000000000000000000000000000000000002';
const row = (id: string, token0: string, token1: string, sqrt: string, tick: number | null) => ({
  id,
  token0,
  token1,
  fee: 3000,
  tickSpacing: 60,
  sqrtPriceX96: sqrt,
  tick,
  liquidity: '1000',
});

test('dexPoolsOf: markets matched, uninitialised and foreign pools left out, ticks sorted', () => {
  const book = handBook();
  const pools = dexPoolsOf(
    book,
    [
      row('0xB0', WETH, DAI.toUpperCase().replace('0X', '0x'), String(2n ** 96n), 0),
      row('0xa1', WETH, '0x00000000000000000000000000000000000000ff', String(2n ** 96n), 0),
      row('0xa2', WETH, DAI, '0', null),
    ],
    [
      { id: 't2', tickIdx: 600, liquidityNet: '-1000', pool: { id: '0xb0' } },
      { id: 't1', tickIdx: -600, liquidityNet: '1000', pool: { id: '0xB0' } },
    ],
  );
  assert.equal(pools.length, 1);
  assert.deepEqual(pools[0], {
    address: '0xb0',
    market0: 0,
    market1: 1,
    state: {
      fee: 3000,
      tickSpacing: 60,
      sqrtPriceX96: 2n ** 96n,
      tick: 0,
      liquidity: 1000n,
      ticks: [
        { tick: -600, liquidityNet: 1000n },
        { tick: 600, liquidityNet: -1000n },
      ],
    },
  });
});
