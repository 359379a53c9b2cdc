// Pins the oracle transmitter's rule (Chainlink-like): a feed updates when its target moves by
// its deviation threshold or its heartbeat is due, the update goes first in the block, and the
// published price is the 8-decimal answer, not the raw target.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeFunctionData, type Abi, type Hex } from 'viem';
import { ASSETS } from '../core/assets.ts';
import type { Miner } from '../core/chain.ts';
import { devnetContracts } from '../core/compile.ts';
import type { Deployment } from '../core/deploy.ts';
import { Rng } from '../core/rng.ts';
import { A } from './amounts.ts';
import { BlockPlan, TxBuilder, type SimCounters } from './block-plan.ts';
import { Feeds } from './feeds.ts';

const AGG = devnetContracts().DevnetAggregator.abi as Abi;
const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as Hex;
const dep = {
  oracleTransmitter: addr(1),
  tokens: ASSETS.map((_, i) => ({ aggregator: addr(100 + i) })),
} as unknown as Deployment;
const START = 1_700_000_000;

function feeds(): { f: Feeds; counters: SimCounters } {
  const counters: SimCounters = {};
  return { f: new Feeds({} as Miner, dep, new TxBuilder(dep, counters), START), counters };
}

test('update: deviation past the threshold or a due heartbeat transmits, first in the block', () => {
  const { f, counters } = feeds();
  const target = ASSETS.map((a) => a.price);
  target[A.USDC] = 1.003; // 0.3% >= 0.25%
  target[A.WBTC] = 60_000 * 1.004; // 0.4% < 0.5%
  target[A.LINK] = 15 * 1.009; // 0.9% < 1%
  const plan = new BlockPlan();
  plan.txs.push({ kind: 'supply', tx: { from: addr(9), data: '0x', gas: 1n } });
  f.update(plan, target, START); // WETH's 1 h heartbeat is due, the 24 h ones are not
  assert.deepEqual(
    plan.txs.map((t) => [t.kind, t.tx.to]),
    [
      ['priceUpdate', addr(100 + A.USDC)],
      ['priceUpdate', addr(100 + A.WETH)],
      ['supply', undefined],
    ],
  );
  const answer = decodeFunctionData({ abi: AGG, data: plan.txs[0].tx.data }).args;
  assert.deepEqual(answer, [100_300_000n]);
  assert.equal(plan.txs[0].tx.from, addr(1));
  assert.equal(f.price[A.USDC], 1.003);
  assert.equal(f.updatedAt[A.USDC], START);
  assert.equal(f.updatedAt[A.WBTC], START - 3600);
  assert.equal(counters.priceUpdate, 2);
});

test('update with force transmits any move, and only moves', () => {
  const { f } = feeds();
  const target = ASSETS.map((a) => a.price);
  target[A.LINK] = 15.0001;
  const plan = new BlockPlan();
  f.update(plan, target, START, true);
  assert.deepEqual(
    plan.txs.map((t) => t.tx.to),
    [addr(100 + A.LINK)],
  );
});

test('liveTargets: the RWA stays, a stable reverts 10% toward 1 (plus small noise)', () => {
  const { f } = feeds();
  f.price[A.USDC] = 1.01;
  const target = f.liveTargets(new Rng('feeds-test'), 12);
  assert.equal(target[A.TBILL], ASSETS[A.TBILL].price);
  assert.ok(Math.abs(target[A.USDC] - 1.009) < 0.0015, `USDC target ${target[A.USDC]}`);
  assert.notEqual(target[A.WETH], ASSETS[A.WETH].price);
});
