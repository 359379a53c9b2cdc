// The liquidation amounts' rounding per Pool revision, on wei-sized amounts where half-up,
// floor and ceiling give different results (worked by hand below; equal prices and units, so
// the base collateral equals the debt to cover).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { liquidationAmounts, type LiquidationInput } from '@/lib/cascade/liquidation-call';
import { percentDivCeil, percentDivFloor, percentMulCeil, percentMulFloor } from '@/lib/risk/math';

const E18 = 10n ** 18n;
const x: Omit<LiquidationInput, 'debtToCover' | 'userCollateral' | 'poolRevision'> = {
  healthFactor: 5n * 10n ** 17n, // 100% close factor
  userDebt: 1000n,
  debtPrice: 1_00000000n,
  collateralPrice: 1_00000000n,
  debtUnit: E18,
  collateralUnit: E18,
  liquidationBonus: 10500n,
  liquidationProtocolFee: 1000n,
};

test('PercentageMath floor / ceil variants', () => {
  assert.equal(percentMulFloor(10n, 10500n), 10n); // 10.5
  assert.equal(percentMulCeil(1n, 1000n), 1n); // 0.1
  assert.equal(percentMulCeil(20n, 5000n), 10n); // exact stays exact
  assert.equal(percentDivFloor(10n, 10500n), 9n); // 9.52
  assert.equal(percentDivCeil(12n, 10500n), 12n); // 11.43
  assert.equal(percentDivCeil(21n, 10500n), 20n); // exact stays exact
});

test('debt 10 wei repaid in full: 3.0 seizes 11 (10.5 half up), 3.7 seizes 10 and takes a 1-wei fee', () => {
  const at = (poolRevision?: number) =>
    liquidationAmounts({ ...x, debtToCover: 10n, userCollateral: 1000n, poolRevision });
  // 3.0: seized 11; base part percentDiv(11, 10500) = ⌊(110,000 + 5,250) / 10,500⌋ = 10;
  // bonus 1; fee percentMul(1, 1000) = ⌊(1,000 + 5,000) / 10,000⌋ = 0
  const v30 = { debtRepaid: 10n, collateralToLiquidator: 11n, protocolFee: 0n };
  assert.deepEqual(at(undefined), v30);
  assert.deepEqual(at(1), v30);
  assert.deepEqual(at(10), v30); // 3.6: the uncapped path is as 3.0
  // 3.7: seized ⌊10.5⌋ = 10; base ⌊100,000 / 10,500⌋ = 9; bonus 1; fee ⌈0.1⌉ = 1
  assert.deepEqual(at(11), { debtRepaid: 10n, collateralToLiquidator: 9n, protocolFee: 1n });
});

test('capped by 12 wei of collateral: the debt needed is 11 before 3.5, 12 from 3.5 on', () => {
  const at = (poolRevision: number) =>
    liquidationAmounts({
      ...x,
      liquidationProtocolFee: 0n,
      debtToCover: 20n, // seizes 21 > 12: capped
      userCollateral: 12n,
      poolRevision,
    });
  // 12 / 1.05 = 11.43: half up ⌊(120,000 + 5,250) / 10,500⌋ = 11, ceiling 12
  assert.deepEqual(at(8), { debtRepaid: 11n, collateralToLiquidator: 12n, protocolFee: 0n });
  assert.deepEqual(at(9), { debtRepaid: 12n, collateralToLiquidator: 12n, protocolFee: 0n });
  assert.deepEqual(at(11), { debtRepaid: 12n, collateralToLiquidator: 12n, protocolFee: 0n });
});
