// Pins down the one borrower status on a hand-worked book (test-fixtures/hand-book.ts): the
// views, the JSON API rows and counts, and a shock all agree, and an insolvent account (debt,
// nothing to seize) is counted as bad debt, never as liquidatable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HAND, HAND_BLOCK_HASH, handBook } from '@/test-fixtures/hand-book';
import { borrowerRows, borrowerSummary } from '@/lib/data/borrowers';
import { evaluate, prepareBook } from '@/lib/risk/engine';
import { exactScenario, floatBook } from '@/lib/risk/analysis';
import { borrowerStatus, hfThresholdWad } from '@/lib/risk/status';
import { WAD } from '@/lib/risk/math';
import { primeRiskContext } from '@/lib/risk/service';
import { accountsHandler, shockHandler, summaryHandler } from '@/lib/api/risk';

const book = handBook();
const results = evaluate(prepareBook(book));

test('status from exact integers: thresholds are strict, no collateral means insolvent', () => {
  const t = hfThresholdWad(1.1);
  assert.equal(t, 1_100_000_000_000_000_000n);
  assert.equal(borrowerStatus(WAD - 1n, 1n, 1n, t), 'liquidatable');
  assert.equal(borrowerStatus(WAD, 1n, 1n, t), 'at-risk');
  assert.equal(borrowerStatus(t - 1n, 1n, 1n, t), 'at-risk');
  assert.equal(borrowerStatus(t, 1n, 1n, t), 'healthy');
  assert.equal(borrowerStatus(0n, 0n, 1n, t), 'insolvent');
  assert.equal(borrowerStatus(0n, 0n, 0n, t), null);
});

test('borrower rows of the hand-worked book: lowest HF first, one status each', () => {
  const rows = borrowerRows(book, results, 1.1);
  assert.deepEqual(
    rows.map((r) => [r.account, r.status, r.healthFactor]),
    [
      [HAND.insolvent, 'insolvent', 0n],
      [HAND.liquidatable, 'liquidatable', 941_176_470_588_235_294n],
      [HAND.atRisk, 'at-risk', 1_066_666_666_666_666_667n],
      [HAND.healthy, 'healthy', 1_600_000_000_000_000_000n],
    ],
  );
  const s = borrowerSummary(rows, 1.1);
  assert.equal(s.borrowers, 4);
  assert.deepEqual(
    Object.fromEntries(Object.entries(s.byStatus).map(([k, v]) => [k, v.accounts])),
    { insolvent: 1, liquidatable: 1, 'at-risk': 1, healthy: 1 },
  );
  assert.equal(s.byStatus.liquidatable.debtBase, 1700_00000000n);
  assert.equal(s.badDebtBase, 500_00000000n);
});

test('a shock: the insolvent account stays out of the liquidatable set, its debt is bad debt', () => {
  const pb = prepareBook(book);
  // WETH −20%: $1,600 of collateral, 1,280 after LT; the at-risk account falls below 1 too
  const s = exactScenario(pb, floatBook(pb), new Map([[0, 2000]]));
  assert.deepEqual(
    s.liquidatable.map((i) => book.accounts[i].id),
    [HAND.atRisk, HAND.liquidatable],
  );
  assert.deepEqual(
    s.insolvent.map((i) => book.accounts[i].id),
    [HAND.insolvent],
  );
  assert.equal(s.totals.accounts, 2);
  assert.equal(s.totals.insolventAccounts, 1);
  assert.equal(s.totals.collateralAtRisk, 3200_00000000);
  // $500 with nothing behind it + $1,700 − $1,600 of the liquidatable account
  assert.equal(s.totals.badDebt, 600_00000000);
});

test('/api/risk/accounts rows carry the status; /summary counts statuses apart; /shock too', async () => {
  primeRiskContext(handBook('hand-api'));
  const q = `network=hand-api&block=${HAND_BLOCK_HASH}`;
  const accounts = await (
    await accountsHandler(new Request(`http://x/api/risk/accounts?${q}`))
  ).json();
  assert.deepEqual(
    accounts.accounts.map((a: { account: string; status: string }) => [a.account, a.status]),
    [
      [HAND.insolvent, 'insolvent'],
      [HAND.liquidatable, 'liquidatable'],
      [HAND.atRisk, 'at-risk'],
      [HAND.healthy, 'healthy'],
    ],
  );
  const below1 = await (
    await accountsHandler(new Request(`http://x/api/risk/accounts?${q}&below=1`))
  ).json();
  assert.equal(below1.count, 2);
  const summary = await (
    await summaryHandler(new Request(`http://x/api/risk/summary?${q}`))
  ).json();
  assert.deepEqual(
    [
      summary.borrowers,
      summary.healthy.accounts,
      summary.atRisk.accounts,
      summary.liquidatable.accounts,
      summary.insolvent.accounts,
    ],
    [4, 1, 1, 1, 1],
  );
  assert.equal(summary.liquidatable.debtBase, '170000000000');
  assert.equal(summary.insolvent.debtBase, '50000000000');
  assert.equal(summary.badDebtBase, '50000000000');
  const shock = await (
    await shockHandler(new Request(`http://x/api/risk/shock?${q}&asset=WETH&drop=20`))
  ).json();
  assert.deepEqual(
    [shock.liquidatableCount, shock.newlyLiquidatable, shock.insolventCount, shock.newlyInsolvent],
    [2, 1, 1, 0],
  );
  assert.equal(shock.accounts.length, 2);
});
