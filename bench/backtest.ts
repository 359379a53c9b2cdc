// The liquidation predictor's backtest on the devnet's known future, over the seeds fixed in
// FULL_BACKTEST (tests/e2e/backtest-chain.ts): `npm run bench:backtest` writes
// bench/results/<date>-backtest.md and prints one JSON line last.
import { mkdirSync, writeFileSync } from 'node:fs';
import { FULL_BACKTEST, runBacktestSeeds } from '../tests/e2e/backtest-chain.ts';
import { backtestMarkdown } from '../tests/e2e/backtest-report.ts';

const spec = FULL_BACKTEST;
const t0 = Date.now();
const runs = await runBacktestSeeds(spec, (line) => console.log(line));
const setup =
  `Devnet seeds ${spec.seeds.join(', ')} (fixed before any run), ${spec.accounts} accounts, ` +
  `${spec.days} days each. At the end of each simulated day from day ${spec.firstDay} (the last ` +
  `block at or before it) the book is read from the chain and the oracle prices up to that block ` +
  `from the feeds' AnswerUpdated logs; ${spec.paths} paths, horizon ${spec.horizon}; outcome: a ` +
  `LiquidationCall naming the borrower in (B, B + ${spec.horizon}]. Base rate: the pooled realised ` +
  `share (known only in hindsight). Log loss clips probabilities to [0.001, 0.999]. ` +
  `Measured by \`npm run bench:backtest\` in ${((Date.now() - t0) / 1000).toFixed(0)} s.`;
const { markdown, pooled, pooledCalibrated, aheadCalibrated } = backtestMarkdown(
  'Liquidation prediction backtest (devnet)',
  setup,
  runs,
);
mkdirSync('bench/results', { recursive: true });
const file = `bench/results/${new Date().toISOString().slice(0, 10)}-backtest.md`;
writeFileSync(file, markdown);
console.log(markdown);
console.log(
  JSON.stringify({
    bench: 'backtest',
    file,
    forecasts: pooled.forecasts,
    liquidated: pooled.liquidated,
    brier: {
      model: pooled.model.brier,
      baseRate: pooled.baseRateForecast.brier,
      hfRule: pooled.hfRule.brier,
    },
    recalibrated: {
      brier: pooledCalibrated.model.brier,
      brierHfAtLeast1: aheadCalibrated.model.brier,
      baseRateHfAtLeast1: aheadCalibrated.baseRateForecast.brier,
    },
    logLoss: {
      model: pooled.model.logLoss,
      baseRate: pooled.baseRateForecast.logLoss,
      hfRule: pooled.hfRule.logLoss,
    },
  }),
);
