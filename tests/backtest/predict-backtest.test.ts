// The multi-seed backtest of the liquidation predictor (`npm run test:backtest`, ~10 min; not in
// `npm test`): the seeds of FULL_BACKTEST, fixed before any result was seen. Pooled over them,
// the model's Brier score must beat the base rate's and the "HF < 1.1 will be liquidated"
// rule's. Writes the same report as `npm run bench:backtest` to tests/artifacts/backtest.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { FULL_BACKTEST, runBacktestSeeds } from '../e2e/backtest-chain';
import { backtestMarkdown } from '../e2e/backtest-report';

test(
  'pooled over the fixed devnet seeds, the predictor beats both baselines on Brier score',
  { timeout: 3_600_000 },
  async () => {
    const runs = await runBacktestSeeds(FULL_BACKTEST, (line) => console.log(line));
    const { markdown, pooled } = backtestMarkdown(
      'Liquidation prediction backtest (devnet)',
      `Seeds ${FULL_BACKTEST.seeds.join(', ')}.`,
      runs,
    );
    mkdirSync('tests/artifacts', { recursive: true });
    writeFileSync('tests/artifacts/backtest.md', markdown);
    assert.ok(pooled.liquidated > 0, 'no liquidation among the forecast borrowers');
    assert.ok(
      pooled.model.brier < pooled.baseRateForecast.brier,
      `model ${pooled.model.brier} vs base rate ${pooled.baseRateForecast.brier}`,
    );
    assert.ok(
      pooled.model.brier < pooled.hfRule.brier,
      `model ${pooled.model.brier} vs HF < 1.1 rule ${pooled.hfRule.brier}`,
    );
  },
);
