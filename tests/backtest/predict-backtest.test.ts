// The multi-seed backtest of the liquidation predictor (`npm run test:backtest`, ~8 min; not in
// `npm test`): the seeds of FULL_BACKTEST, fixed before any result was seen. Pooled over them,
// the model's Brier score must beat the base rate's and the "HF < 1.1 will be liquidated"
// rule's. Over the borrowers not yet liquidatable at the prediction block it does not beat that
// subset's base rate (0.035 vs 0.015, bench/results/2026-12-04-backtest.md): a todo that runs and
// reports without failing. Platt scaling fitted online on each chain's earlier forecasts, tried
// as the fix (its method fixed before it was scored), makes it worse (0.047): also a todo. Writes the report of `npm run bench:backtest` to tests/artifacts/backtest.md.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { compareForecasts, type ForecastComparison } from '../../dashboard/lib/predict/scoring';
import { FULL_BACKTEST, runBacktestSeeds, type BacktestRow } from '../e2e/backtest-chain';
import { backtestMarkdown } from '../e2e/backtest-report';

let pooled: ForecastComparison;
let rows: BacktestRow[];
let report: ReturnType<typeof backtestMarkdown>;

before(
  async () => {
    const runs = await runBacktestSeeds(FULL_BACKTEST, (line) => console.log(line));
    const setup = `Seeds ${FULL_BACKTEST.seeds.join(', ')}.`;
    report = backtestMarkdown('Liquidation prediction backtest (devnet)', setup, runs);
    mkdirSync('tests/artifacts', { recursive: true });
    writeFileSync('tests/artifacts/backtest.md', report.markdown);
    pooled = report.pooled;
    rows = runs.flatMap((r) => r.run.rows);
  },
  { timeout: 3_600_000 },
);

test('pooled over the fixed devnet seeds, the predictor beats both baselines on Brier score', () => {
  assert.ok(pooled.liquidated > 0, 'no liquidation among the forecast borrowers');
  const { model, baseRateForecast: base, hfRule } = pooled;
  assert.ok(model.brier < base.brier, `model ${model.brier} vs base rate ${base.brier}`);
  assert.ok(model.brier < hfRule.brier, `model ${model.brier} vs HF < 1.1 rule ${hfRule.brier}`);
});

test(
  'borrowers at HF ≥ 1 at the prediction block: the predictor beats their base rate',
  { todo: 'it does not: the static book over-predicts after the scripted depeg and crash' },
  () => {
    const ahead = compareForecasts(rows.filter((r) => r.healthFactor >= 1));
    const base = ahead.baseRateForecast.brier;
    assert.ok(ahead.model.brier < base, `model ${ahead.model.brier} vs base rate ${base}`);
  },
);

test('recalibrated online on each chain’s past forecasts, pooled: beats both baselines', () => {
  const { model, baseRateForecast: base, hfRule } = report.pooledCalibrated;
  assert.ok(model.brier < base.brier, `recalibrated ${model.brier} vs base rate ${base.brier}`);
  assert.ok(model.brier < hfRule.brier, `recalibrated ${model.brier} vs HF < 1.1 ${hfRule.brier}`);
});

test(
  'recalibrated online, borrowers at HF ≥ 1 at the prediction block: beats their base rate',
  {
    todo: 'it does not (0.047 vs 0.015, worse than the raw 0.035): a one-feature fit on earlier days cannot undo a miss that is not monotone in p',
  },
  () => {
    const c = report.aheadCalibrated;
    const base = c.baseRateForecast.brier;
    assert.ok(c.model.brier < base, `recalibrated ${c.model.brier} vs base rate ${base}`);
  },
);
