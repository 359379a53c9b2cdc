// The repay / supply that brings an account back to a target HF, against amounts worked out by
// hand on the hand book (WETH $2,000 at LT 80%, DAI $1, 18 decimals, base unit 1e8). The at-risk
// account holds 1 WETH and owes 1,500 DAI (HF 1.0667); for HF 1.2:
//   repay: HF = wadDiv(1.6e11, d) ≥ 1.2e18 needs d ≤ 133,333,333,333 base units, and
//     d = floor((1,500e18 − x) / 1e10), so x ≥ 166,666,666,660,000,000,001 wei (166.66666666 DAI
//     and 1 wei: the debt's base value is floored to 1e-8 dollars);
//   supply: percentMul(cb, 8000) ≥ 1.8e11 needs cb ≥ 225,000,000,000 ($2,250), cb =
//     floor((1e18 + y) / 5e6), so y ≥ 0.125 WETH exactly.
// One wei less of either misses the target (checked through the same exact evaluation).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prepareBook } from '@/lib/risk/engine';
import { HAND, handBook } from '@/test-fixtures/hand-book';
import { toTargetHealthFactor } from './protection';

const pb = prepareBook(handBook());
const idx = (a: string) => pb.book.accounts.findIndex((x) => x.id === a);
const T = 12n * 10n ** 17n;

test('at-risk account: the least DAI repayment and the least WETH supply for HF 1.2', () => {
  const p = toTargetHealthFactor(pb, idx(HAND.atRisk), T);
  assert.equal(p.healthFactor, 1066666666666666667n); // wadDiv(1.6e11, 1.5e11)
  assert.deepEqual(
    p.repay.map((s) => [s.symbol, s.amount, s.reachesTarget]),
    [['DAI', 166666666660000000001n, true]],
  );
  assert.deepEqual(
    p.supply.map((s) => [s.symbol, s.amount, s.reachesTarget]),
    [['WETH', 125000000000000000n, true]],
  );
  assert.ok(p.repay[0].healthFactorAfter >= T && p.supply[0].healthFactorAfter >= T);
  assert.equal(p.supply[0].valueBase, 250_00000000n); // 0.125 WETH × $2,000
});

test('an account already at the target, or without debt, needs nothing', () => {
  for (const a of [HAND.healthy, HAND.supplier]) {
    const p = toTargetHealthFactor(pb, idx(a), T);
    assert.deepEqual([p.repay, p.supply], [[], []], a);
  }
});

test('insolvent account: only repaying its debt helps; it has no collateral to add to', () => {
  // With no collateral, only a debt worth 0 base units gives HF ≥ 1.2 (uint256 max): the debt's
  // base value floors below 1e-8 dollars, so 9,999,999,999 wei of DAI may stay.
  const p = toTargetHealthFactor(pb, idx(HAND.insolvent), T);
  assert.deepEqual(
    p.repay.map((s) => [s.amount, s.reachesTarget]),
    [[500n * 10n ** 18n - 9_999_999_999n, true]],
  );
  assert.deepEqual(p.supply, []);
});
