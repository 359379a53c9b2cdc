// Pins down the LT and LTV the account page shows per position: the e-mode category's for assets
// in the account's category, the reserve's otherwise, and their collateral-weighted average equal
// to the engine's getUserAccountData currentLiquidationThreshold / ltv (hand-worked book).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { handBook, handEModeBook, HAND } from '@/test-fixtures/hand-book';
import { positionTerms, weightedBps } from '@/lib/data/position-terms';
import { evaluate, prepareBook } from '@/lib/risk/engine';

test('an e-mode account: category LT/LTV where the asset is in the category, the average is the protocol’s', () => {
  const pb = prepareBook(handEModeBook());
  const terms = positionTerms(pb, 0);
  assert.deepEqual(
    terms.map((t) => [t.symbol, t.liquidationThreshold, t.ltv, t.eMode]),
    [
      ['WETH', 9300, 9000, true],
      ['wstETH', 9300, 9000, true],
      ['DAI', 7700, 7500, false],
    ],
  );
  const r = evaluate(pb);
  assert.equal(weightedBps(terms, 'liquidationThreshold'), 8998n);
  assert.equal(r.avgLiquidationThreshold[0], 8998n);
  assert.equal(weightedBps(terms, 'ltv'), 8716n);
  assert.equal(r.avgLtv[0], 8716n);
});

test('outside e-mode: the reserve’s own parameters, debt-only positions weigh nothing', () => {
  const book = handBook();
  const pb = prepareBook(book);
  const i = book.accounts.findIndex((a) => a.id === HAND.atRisk);
  const terms = positionTerms(pb, i);
  assert.deepEqual(
    terms.map((t) => [t.symbol, t.liquidationThreshold, t.eMode, t.collateralBase]),
    [
      ['WETH', 8000, false, 2000_00000000n],
      ['DAI', 7700, false, 0n],
    ],
  );
  assert.equal(weightedBps(terms, 'liquidationThreshold'), evaluate(pb).avgLiquidationThreshold[i]);
});
