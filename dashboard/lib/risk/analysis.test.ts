// Liquidation prices, shock curves, liquidation flows and concentration (VaR: var.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, prepareBook } from '@/lib/risk/engine';
import {
  exactScenario,
  floatBook,
  liquidationPrices,
  shockCurve,
  marketsOfClass,
} from '@/lib/risk/analysis';
import { addLiquidation, emptyTotals } from '@/lib/risk/liquidation';
import { shareStats } from '@/lib/risk/concentration';
import { syntheticBook } from '@/test-fixtures/synthetic-book';

const book = syntheticBook(3000, 9);
const pb = prepareBook(book);
const fb = floatBook(pb);
const base = evaluate(pb);

test('liquidation price: re-pricing that one asset to pₖ* puts the exact HF at 1 (incl. debt in the same asset)', () => {
  let checked = 0;
  for (let i = 0; i < book.accounts.length && checked < 300; i++) {
    if (base.totalDebtBase[i] === 0n) continue;
    for (const lp of liquidationPrices(pb, fb, i)) {
      if (lp.liquidationPriceBase === null || lp.dropPct! <= 0.5 || lp.dropPct! >= 99) continue;
      const key = book.markets.findIndex((m) => m.id === lp.asset);
      const prices = [...pb.basePrices];
      prices[key] = BigInt(lp.liquidationPriceBase);
      const hf = Number(evaluate(pb, prices).healthFactor[i]) / 1e18;
      // the protocol truncates the weighted-average LT to whole bps: ≤ 1/LT ≈ 1.3e-4 relative
      assert.ok(
        Math.abs(hf - 1) < 2e-4,
        `account ${i} ${lp.symbol}: HF at liquidation price ${hf}`,
      );
      checked++;
    }
  }
  assert.ok(checked > 100, `checked ${checked}`);
});

test('shock curve (float path) agrees with the exact scenario at every drop level', () => {
  const eth = marketsOfClass(pb, 'ETH-like');
  const drops = [0, 10, 20, 30, 50, 70, 90];
  const curve = shockCurve(pb, fb, new Set(eth), drops);
  for (const p of curve) {
    const exact = exactScenario(pb, fb, new Map(eth.map((m) => [m, p.dropPct * 100])));
    assert.ok(
      Math.abs(exact.liquidatable.length - p.accounts) <= 2,
      `drop ${p.dropPct}: ${p.accounts} vs exact ${exact.liquidatable.length}`,
    );
    assert.ok(Math.abs(exact.totals.debtAtRisk - p.debtAtRisk) <= p.debtAtRisk * 1e-3 + 1e9);
  }
  for (let j = 1; j < curve.length; j++)
    assert.ok(curve[j].accounts >= curve[j - 1].accounts, 'monotone in the drop');
  assert.ok(curve[curve.length - 1].accounts > curve[0].accounts);
});

test("shock curve at today's prices: collateral of the exact liquidatable set valued before the drop", () => {
  const eth = marketsOfClass(pb, 'ETH-like');
  const drops = [0, 10, 20, 30, 50, 70, 90];
  const curve = shockCurve(pb, fb, new Set(eth), drops);
  for (const p of curve) {
    const exact = exactScenario(pb, fb, new Map(eth.map((m) => [m, p.dropPct * 100])));
    const today = exact.liquidatable.reduce((s, i) => s + Number(base.totalCollateralBase[i]), 0);
    assert.ok(
      Math.abs(today - p.collateralAtRiskToday) <= today * 1e-3 + 1e9,
      `drop ${p.dropPct}: ${p.collateralAtRiskToday} vs exact ${today}`,
    );
    if (p.dropPct > 0)
      assert.ok(
        p.collateralAtRisk < p.collateralAtRiskToday,
        'shocked prices value the same collateral lower',
      );
  }
  for (let j = 1; j < curve.length; j++)
    assert.ok(
      curve[j].collateralAtRiskToday >= curve[j - 1].collateralAtRiskToday,
      'monotone in the drop',
    );
});

test('liquidation flows: close factor 50% above HF 0.95, 100% below; bonus, protocol fee, bad debt', () => {
  // C $1000, D $850 at LT 82.5% → HF 0.97: repay 425, seize 425·1.05 = 446.25, bonus 21.25, fee 10% of it
  let t = emptyTotals();
  addLiquidation(t, 1000, 850, 0.97, 1000 * 10500, 1000 * 1000, false);
  assert.equal(t.liquidatableDebt, 425);
  assert.ok(Math.abs(t.collateralSeized - 446.25) < 1e-9);
  assert.ok(Math.abs(t.protocolFee - 2.125) < 1e-9 && Math.abs(t.liquidatorBonus - 19.125) < 1e-9);
  assert.equal(t.badDebt, 0);
  // HF 0.9: whole debt; underwater (D > C): collateral caps the repay, bad debt D − C
  t = emptyTotals();
  addLiquidation(t, 1000, 900, 0.9, 1000 * 10500, 0, false);
  assert.equal(t.liquidatableDebt, 900);
  t = emptyTotals();
  addLiquidation(t, 1000, 1200, 0.7, 1000 * 10500, 0, false);
  assert.ok(
    Math.abs(t.liquidatableDebt - 1000 / 1.05) < 1e-9 && Math.abs(t.collateralSeized - 1000) < 1e-9,
  );
  assert.equal(t.badDebt, 200);
  // 3.3+ small position: 100% even at HF 0.97
  t = emptyTotals();
  addLiquidation(t, 1000, 850, 0.97, 1000 * 10500, 0, true);
  assert.equal(t.liquidatableDebt, 850);
});

test('concentration: top-N shares and HHI', () => {
  const s = shareStats([50, 30, 20, 0]);
  assert.equal(s.holders, 3);
  assert.equal(s.top10Share, 1);
  assert.ok(Math.abs(s.hhi - (0.25 + 0.09 + 0.04) * 10000) < 1e-9);
  const many = shareStats(Array.from({ length: 1000 }, () => 1));
  assert.ok(
    Math.abs(many.top10Share - 0.01) < 1e-12 &&
      Math.abs(many.top100Share - 0.1) < 1e-12 &&
      Math.abs(many.hhi - 10) < 1e-9,
  );
});
