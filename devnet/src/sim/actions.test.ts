// Pins what the account actions plan: a supply mints the shortfall and approves once, a borrow
// is sized to the target health factor within LTV and liquidity, and actions that would lower
// the health factor past the account's target are refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeFunctionData, type Hex } from 'viem';
import { aaveAbi } from '../core/artifacts.ts';
import { ASSETS } from '../core/assets.ts';
import type { Miner } from '../core/chain.ts';
import type { Deployment } from '../core/deploy.ts';
import { Rng } from '../core/rng.ts';
import type { AccountState, User } from './account.ts';
import { AccountMirror } from './account-mirror.ts';
import { Actions } from './actions.ts';
import { A } from './amounts.ts';
import { BlockPlan, TxBuilder, type SimCounters } from './block-plan.ts';
import { createUser } from './personas.ts';

const POOL = aaveAbi('Pool');
const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as Hex;
const dep = {
  pool: addr(1),
  flashLoanReceiver: addr(2),
  tokens: ASSETS.map((_, i) => ({ address: addr(100 + i), aToken: addr(200 + i) })),
} as unknown as Deployment;

function setup(): { actions: Actions; u: User; counters: SimCounters; mirror: AccountMirror } {
  const u = createUser(new Rng('actions-test'), 0, addr(50), 24);
  const users = [u];
  const price = ASSETS.map((a) => a.price);
  const counters: SimCounters = {};
  const mirror = new AccountMirror({} as Miner, dep, users, price);
  mirror.liquidity = ASSETS.map((a) => 10n ** BigInt(a.decimals + 6)); // 1M tokens each
  const txs = new TxBuilder(dep, counters);
  return {
    actions: new Actions(dep, mirror, price, txs, new Rng('r'), users),
    u,
    counters,
    mirror,
  };
}

const state = (s: Partial<AccountState>): AccountState => ({
  supply: ASSETS.map(() => 0),
  debt: ASSETS.map(() => 0),
  collUsd: 0,
  ltUsd: 0,
  ltvUsd: 0,
  debtUsd: 0,
  hf: Infinity,
  isolated: false,
  collateralCount: 0,
  ...s,
});

test('supply mints what the wallet lacks, approves once, then calls Pool.supply', () => {
  const { actions, u, counters } = setup();
  const plan = new BlockPlan();
  assert.equal(actions.supply(plan, u, A.WETH, 6000), true);
  assert.deepEqual(plan.mints, [{ token: addr(100), to: addr(50), amount: 2n * 10n ** 18n }]);
  assert.deepEqual(
    plan.txs.map((t) => [t.kind, t.tx.to]),
    [
      ['approve', addr(100)],
      ['supply', addr(1)],
    ],
  );
  const call = decodeFunctionData({ abi: POOL, data: plan.txs[1].tx.data });
  assert.equal(call.functionName, 'supply');
  assert.deepEqual(call.args, [addr(100), 2n * 10n ** 18n, addr(50), 0]);
  assert.equal(actions.supply(plan, u, A.WETH, 3000), true);
  assert.equal(plan.txs.filter((t) => t.kind === 'approve').length, 1);
  assert.equal(counters.supply, 2);
  assert.equal((u.mask >> A.WETH) & 1, 1);
  assert.ok(plan.touched.has(0));
  assert.equal(actions.supply(plan, u, A.WETH, 0), false);
});

test('borrow is sized to the target health factor, capped by LTV and liquidity', () => {
  const { actions, u } = setup();
  u.borrowAsset = A.USDC;
  u.eMode = 0;
  u.targetHf = 2;
  const plan = new BlockPlan();
  // (10000 / 2 - 0) = $5000 < LTV room 9000 * 0.97 and 30% of the 1M USDC liquidity
  assert.equal(actions.borrow(plan, u, state({ ltUsd: 10_000, ltvUsd: 9_000 })), true);
  const call = decodeFunctionData({ abi: POOL, data: plan.txs[0].tx.data });
  assert.equal(call.functionName, 'borrow');
  assert.deepEqual(call.args, [addr(100 + A.USDC), 5_000_000_000n, 2n, 0, addr(50)]);
  assert.equal(plan.liquidityUse[A.USDC], 5000);
  // LTV binds: 1000 * 0.97 - 900 = $70
  const small = new BlockPlan();
  assert.equal(
    actions.borrow(small, u, state({ ltUsd: 10_000, ltvUsd: 1_000, debtUsd: 900 })),
    true,
  );
  assert.deepEqual(
    decodeFunctionData({ abi: POOL, data: small.txs[0].tx.data }).args?.[1],
    70_000_000n,
  );
  // Under $50 of room: nothing
  assert.equal(
    actions.borrow(new BlockPlan(), u, state({ ltUsd: 10_000, ltvUsd: 960, debtUsd: 900 })),
    false,
  );
});

test('withdraw keeps the health factor above the target; repay of 1 repays everything', () => {
  const { actions, u } = setup();
  u.targetHf = 1.5;
  u.config = 1n << BigInt(2 * A.WETH + 1); // WETH as collateral
  const supply = ASSETS.map((_, i) => (i === A.WETH ? 10 : 0));
  const debt = ASSETS.map((_, i) => (i === A.USDC ? 10_000 : 0));
  // 10 WETH at $3000, LT 83%: ltUsd 24900, debt 10000 (HF 2.49)
  const s = state({
    supply,
    debt,
    collUsd: 30_000,
    ltUsd: 24_900,
    ltvUsd: 24_150,
    debtUsd: 10_000,
  });
  assert.equal(actions.withdraw(new BlockPlan(), u, s, 0.6), false); // HF after 0.996
  const plan = new BlockPlan();
  assert.equal(actions.withdraw(plan, u, s, 0.1), true); // HF after 2.24
  assert.deepEqual(decodeFunctionData({ abi: POOL, data: plan.txs[0].tx.data }).args, [
    addr(100),
    10n ** 18n,
    addr(50),
  ]);
  const repay = new BlockPlan();
  assert.equal(actions.repay(repay, u, s, 1), true);
  const call = decodeFunctionData({ abi: POOL, data: repay.txs.at(-1)!.tx.data });
  assert.equal(call.functionName, 'repay');
  assert.equal(call.args?.[1], 2n ** 256n - 1n);
  // the wallet is topped up to the debt plus a 0.2% margin and one unit
  assert.equal(repay.mints[0].amount, 10_020_000_001n);
});
