// Pins the liquidationCall amounts to values worked out by hand from LiquidationLogic's formulas,
// and the cascade's rounds to outcomes worked out on the hand book (dashboard/test-fixtures):
// which accounts a liquidator liquidates with a deep pool, a thin one, none, and when a sale's
// price impact fed back into the oracle pulls a second account under HF 1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HAND, handBook } from '@/test-fixtures/hand-book';
import { prepareBook } from '@/lib/risk/engine';
import { getSqrtRatioAtTick } from '@/lib/dex/tick-math';
import { fullRangePool, handVenue as venue } from '@/test-fixtures/hand-pools';
import { liquidationAmounts } from './liquidation-call';
import { cascade } from './cascade';

const E18 = 10n ** 18n;
const base = {
  debtPrice: 1_00000000n,
  collateralPrice: 2000_00000000n,
  debtUnit: E18,
  collateralUnit: E18,
};
const terms = { liquidationBonus: 10500n, liquidationProtocolFee: 1000n };

test('liquidationAmounts: 100% close factor below HF 0.95, bonus and 10% protocol fee', () => {
  const r = liquidationAmounts({
    ...base,
    ...terms,
    healthFactor: 941176470588235294n,
    userDebt: 1700n * E18,
    userCollateral: E18,
    debtToCover: 10n ** 30n,
  });
  // 1,700 DAI at $1 buys 0.85 WETH at $2,000; ×1.05 = 0.8925; bonus 0.0425, fee 0.00425
  assert.deepEqual(r, {
    debtRepaid: 1700n * E18,
    collateralToLiquidator: 888250000000000000n,
    protocolFee: 4250000000000000n,
  });
});

test('liquidationAmounts: 50% close factor above HF 0.95', () => {
  const r = liquidationAmounts({
    ...base,
    ...terms,
    healthFactor: 97n * 10n ** 16n,
    userDebt: 1000n * E18,
    userCollateral: E18,
    debtToCover: 10n ** 30n,
  });
  // 500 DAI → 0.25 WETH → 0.2625 with the bonus; bonus 0.0125, fee 0.00125
  assert.deepEqual(r, {
    debtRepaid: 500n * E18,
    collateralToLiquidator: 261250000000000000n,
    protocolFee: 1250000000000000n,
  });
});

test('liquidationAmounts: capped by the collateral, the debt repaid follows from it', () => {
  const r = liquidationAmounts({
    ...base,
    ...terms,
    healthFactor: 5n * 10n ** 17n,
    userDebt: 1700n * E18,
    userCollateral: E18 / 2n,
    debtToCover: 10n ** 30n,
  });
  // 0.5 WETH = $1,000 → percentDiv(1,000 DAI, 10500) = 952.380952380952380952 DAI;
  // bonus = 0.5 − percentDiv(0.5, 10500) = 0.023809523809523810 WETH, fee = 10% of it (half up)
  assert.deepEqual(r, {
    debtRepaid: 952380952380952380952n,
    collateralToLiquidator: 497619047619047619n,
    protocolFee: 2380952380952381n,
  });
});

test('the pool price helper is what it says: 2,000 DAI per WETH', () => {
  const p = fullRangePool(E18);
  assert.ok(
    getSqrtRatioAtTick(p.tick) <= p.sqrtPriceX96 && getSqrtRatioAtTick(p.tick + 1) > p.sqrtPriceX96,
  );
  assert.ok(Math.abs((Number(p.sqrtPriceX96) / 2 ** 96) ** 2 - 2000) < 1e-9);
});

test('deep pool: the liquidatable account is liquidated in full in round 1; the insolvent one stays bad debt', () => {
  const pb = prepareBook(handBook());
  const r = cascade(pb, pb.basePrices, [venue(fullRangePool(100_000n * E18))]);
  assert.deepEqual(r.firstRoundAccounts, [HAND.liquidatable]);
  assert.deepEqual(r.liquidatedAccounts, [HAND.liquidatable]);
  assert.equal(r.rounds.length, 1);
  assert.equal(r.debtRepaidBase, 1700_00000000n);
  assert.equal(r.badDebtBase, 500_00000000n);
  assert.deepEqual(r.unprofitableAccounts, []);
});

test('thin pool or no pool: nobody liquidates at a profit, the debt is reported as unprofitable', () => {
  const pb = prepareBook(handBook());
  for (const venues of [[venue(fullRangePool(E18 / 10n))], []]) {
    const r = cascade(pb, pb.basePrices, venues);
    assert.deepEqual(r.liquidatedAccounts, []);
    assert.equal(r.rounds.length, 0);
    assert.deepEqual(r.unprofitableAccounts, [HAND.liquidatable]);
    assert.equal(r.unprofitableDebtBase, 1700_00000000n);
    assert.equal(r.badDebtBase, 500_00000000n);
  }
});

test('gas cost above the bonus stops the liquidation', () => {
  const pb = prepareBook(handBook());
  const r = cascade(pb, pb.basePrices, [venue(fullRangePool(100_000n * E18))], {
    gasCostBase: 200_00000000n,
  });
  assert.deepEqual(r.liquidatedAccounts, []);
});

test('with feedback the first sale drags the at-risk account under HF 1 in round 2; without, it does not', () => {
  // 20 WETH of depth: the most profitable repay is half the debt (850 DAI for 0.444 WETH), which
  // leaves the pool ~4.3% lower; with the oracle following, the rest of the liquidatable account's
  // debt comes next, and that sale takes the pool past the at-risk account's 6.25% margin.
  const pb = prepareBook(handBook());
  const pool = fullRangePool(20n * E18);
  const without = cascade(pb, pb.basePrices, [venue(pool)], { feedback: 0 });
  assert.deepEqual(without.liquidatedAccounts, [HAND.liquidatable]);
  const withFeedback = cascade(pb, pb.basePrices, [venue(pool)], { feedback: 1 });
  assert.deepEqual(withFeedback.firstRoundAccounts, [HAND.liquidatable]);
  assert.deepEqual(withFeedback.liquidatedAccounts, [HAND.liquidatable, HAND.atRisk]);
  assert.ok(withFeedback.rounds.length >= 2);
  assert.equal(withFeedback.rounds[0].debtRepaidBase, 850_00000000n);
  assert.ok(
    withFeedback.rounds[0].prices[0] < (pb.basePrices[0] * 97n) / 100n,
    'the oracle followed the DEX down',
  );
  assert.equal(without.rounds[0].prices[0], pb.basePrices[0], 'without feedback the oracle stays');
  assert.throws(() => cascade(pb, pb.basePrices, [], { feedback: 2 }), /outside 0–1/);
});

test('arbitrage: a shock first moves the pool onto the shocked oracle price, exactly', () => {
  // WETH −10%: the at-risk account (1,440 / 1,500) joins the liquidatable one under HF 1, but a
  // 0.1 WETH pool pays too little for either, so the pool ends where the arbitrageur left it.
  const pb = prepareBook(handBook());
  const shocked = pb.basePrices.slice();
  shocked[0] = 1800_00000000n;
  const thin = venue(fullRangePool(E18 / 10n));
  const r = cascade(pb, shocked, [thin]);
  assert.equal(r.arbitragedPools, 1);
  assert.equal(r.pools[0].state.sqrtPriceX96, 3361366258487168395123916293647n); // isqrt(1800·2^192)
  assert.deepEqual(r.liquidatedAccounts, []);
  assert.deepEqual(r.unprofitableAccounts, [HAND.atRisk, HAND.liquidatable]);
  assert.deepEqual(r.noPoolAccounts, []);
  assert.equal(thin.state.sqrtPriceX96, 3543191142285914205922034323214n, 'input not mutated');

  const off = cascade(pb, shocked, [thin], { arbitrage: false });
  assert.equal(off.arbitragedPools, 0);
  // the pool still pays $2,000 for WETH the oracle values at $1,800: selling there is profitable
  assert.deepEqual(off.firstRoundAccounts, [HAND.liquidatable]);
  // at the unshocked oracle price the pool is already there: nothing to arbitrage
  assert.equal(cascade(pb, pb.basePrices, [thin]).arbitragedPools, 0);
});

test('no pool for the pair: the account is named as one without a venue', () => {
  const pb = prepareBook(handBook());
  const r = cascade(pb, pb.basePrices, [{ ...venue(fullRangePool(E18)), market1: 0 }]);
  assert.deepEqual(r.noPoolAccounts, [HAND.liquidatable]);
});
