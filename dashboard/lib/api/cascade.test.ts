// /api/risk/cascade and /api/risk/liquidity on the hand book (test-fixtures/hand-book.ts) with a
// full-range WETH/DAI pool: outcomes worked out by hand, and the errors and notes for bad input,
// missing pools and a subgraph without DEX data.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HAND, HAND_BLOCK_HASH, handBook } from '@/test-fixtures/hand-book';
import { primeRiskContext, type RiskContext } from '@/lib/risk/service';
import { getTickAtSqrtRatio } from '@/lib/dex/tick-math';
import type { IndexedPools } from '@/lib/cascade/pools-from-subgraph';
import { cascadeHandler, liquidityHandler } from './cascade';

const E18 = 10n ** 18n;

/** WETH (token0, market 0) / DAI (token1, market 1) over the full range at 2,000 DAI per WETH. */
function wethDai(weth: bigint) {
  const sqrtPriceX96 = 3543191142285914205922034323214n; // isqrt(2000 · 2^192)
  const liquidity = (weth * sqrtPriceX96) >> 96n;
  return {
    address: '0x' + 'cc'.repeat(20),
    market0: 0,
    market1: 1,
    state: {
      fee: 500,
      tickSpacing: 10,
      sqrtPriceX96,
      tick: getTickAtSqrtRatio(sqrtPriceX96),
      liquidity,
      ticks: [
        { tick: -887270, liquidityNet: liquidity },
        { tick: 887270, liquidityNet: -liquidity },
      ],
    },
  };
}

function prime(network: string, dex: IndexedPools): RiskContext {
  const c = primeRiskContext(handBook(network));
  c.get('dexPools', () => Promise.resolve(dex));
  return c;
}
prime('hand-deep', { indexed: true, pools: [wethDai(100_000n * E18)] });
prime('hand-nodex', { indexed: false, pools: [] });
prime('hand-nopool', { indexed: true, pools: [] });

async function get(
  h: (r: Request) => Promise<Response>,
  network: string,
  query: string,
): Promise<{ status: number; body: Record<string, any> }> {
  const url = `http://localhost/x?network=${network}&block=${HAND_BLOCK_HASH}&${query}`;
  const res = await h(new Request(url));
  return { status: res.status, body: await res.json() };
}

test('cascade: WETH −10% through a deep pool liquidates both accounts under HF 1 in round 1', async () => {
  // At $1,800: the liquidatable account (HF 0.847 < 0.95) is closed in full, 1,700 DAI; the
  // at-risk one (HF 0.96) by half, 750 DAI, which lifts it back over 1 (0.56 WETH · 0.8 / 750).
  const { status, body } = await get(cascadeHandler, 'hand-deep', 'asset=WETH&drop=10');
  assert.equal(status, 200);
  assert.equal(body.dex.arbitragedPools, 1);
  assert.deepEqual(body.accounts.firstRound, [HAND.liquidatable, HAND.atRisk]);
  assert.equal(body.rounds.length, 1);
  assert.equal(body.debtRepaidUSD, 2450);
  assert.equal(body.debtRepaidBase, '245000000000');
  assert.equal(body.badDebtUSD, 500, 'the insolvent account stays bad debt');
  assert.equal(body.unprofitableDebtUSD, 0);
  assert.deepEqual(body.shockedPriceBySymbol, { WETH: 1800 });
  assert.equal(body.naive.liquidatedAccounts, 2);
  assert.equal(body.naive.insolventAccounts, 1);
  assert.equal(body.feedback, 0);
  assert.equal(body.gasCostUSD, 20);
  assert.deepEqual(body.notes, []);
  const profit = body.rounds[0].liquidatorProfitUSD;
  assert.ok(profit > 0 && profit < 0.05 * 2450, `profit ${profit} within the 5% bonus`);
});

test('cascade: gas above the bonus or no venue leaves the debt liquidatable but unprofitable', async () => {
  const gas = await get(cascadeHandler, 'hand-deep', 'asset=WETH&drop=10&gas=1000');
  assert.equal(gas.body.liquidatedAccounts, 0);
  assert.equal(gas.body.unprofitableDebtUSD, 3200); // 1,700 + 1,500
  const none = await get(cascadeHandler, 'hand-nodex', 'asset=WETH&drop=10');
  assert.equal(none.status, 200);
  assert.equal(none.body.dex.indexed, false);
  assert.equal(none.body.liquidatedAccounts, 0);
  assert.equal(none.body.unprofitableDebtUSD, 3200);
  assert.equal(none.body.naive.liquidatedAccounts, 2);
  assert.match(none.body.notes[0], /indexes no DEX pools/);
  const noPool = await get(cascadeHandler, 'hand-nopool', 'asset=WETH&drop=10');
  assert.equal(noPool.body.noPoolAccountCount, 2);
  assert.match(noPool.body.notes.join(' '), /no initialised Uniswap V3 pool/);
});

test('cascade: bad input is a 400 naming the parameter', async () => {
  for (const [query, param] of [
    ['asset=WETH&drop=10&feedback=2', 'feedback'],
    ['asset=WETH&drop=150', 'drop'],
    ['asset=NOPE&drop=10', 'asset'],
    ['drop=10', 'asset'],
    ['group=nope&drop=10', 'group'],
    ['asset=WETH&drop=10&gas=-1', 'gas'],
  ]) {
    const { status, body } = await get(cascadeHandler, 'hand-deep', query);
    assert.equal(status, 400, query);
    assert.equal(body.param, param, query);
    assert.ok(body.error.length > 10, body.error);
  }
});

test('liquidity: depth of WETH and DAI at 1/2/5/10% against the full-range pool', async () => {
  const { status, body } = await get(liquidityHandler, 'hand-deep', 'asset=WETH');
  assert.equal(status, 200);
  assert.deepEqual(body.impactsPct, [1, 2, 5, 10]);
  const [weth] = body.assets;
  assert.equal(weth.pools.length, 1);
  assert.equal(weth.pools[0].quote, 'DAI');
  const depth = weth.pools[0].depth;
  // full range holding 100,000 WETH: selling until the price falls by f takes
  // 100,000 · (1/√(1−f) − 1) WETH before the fee, e.g. 508.8 WETH at 1% (constant product)
  const expect1 = 100_000 * (1 / Math.sqrt(0.99) - 1);
  const in1 = Number(BigInt(depth[0].amountIn) / 10n ** 15n) / 1000;
  assert.ok(Math.abs(in1 - expect1 / (1 - 0.0005)) < 0.5, `${in1} vs ${expect1}`);
  for (let i = 1; i < depth.length; i++)
    assert.ok(BigInt(depth[i].amountIn) > BigInt(depth[i - 1].amountIn));
  assert.ok(depth.every((d: { exhausted: boolean }) => !d.exhausted));
  const all = await get(liquidityHandler, 'hand-deep', '');
  assert.deepEqual(
    all.body.assets.map((a: { symbol: string }) => a.symbol),
    ['WETH', 'DAI'],
  );
  const missing = await get(liquidityHandler, 'hand-nopool', 'asset=WETH');
  assert.equal(missing.body.assets[0].note, 'no pool for WETH: zero depth');
  const bad = await get(liquidityHandler, 'hand-deep', 'asset=NOPE');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.param, 'asset');
});
