// The backtest as a Markdown report: per devnet seed and pooled, the model's Brier score and log
// loss next to the base rate's and the "HF < 1.1 will be liquidated" rule's, and the pooled
// reliability table (predicted vs realised by decile).
import { compareForecasts, type ForecastComparison } from '../../dashboard/lib/predict/scoring';
import { recalibrateOnline } from '../../dashboard/lib/predict/calibration';
import type { BacktestRow, BacktestRun } from './backtest-chain';

/**
 * One devnet's forecasts with Platt-recalibrated probabilities: each day's fitted on that chain's
 * forecasts of earlier days whose 24-hour window had closed (lib/predict/calibration.ts).
 */
export function recalibrated(rows: BacktestRow[]): BacktestRow[] {
  const p = recalibrateOnline(
    rows.map((r) => ({
      madeAt: r.day * 86400,
      closesAt: (r.day + 1) * 86400,
      pLiquidation: r.pLiquidation,
      liquidatableNow: r.healthFactor < 1,
      liquidated: r.liquidated,
    })),
  );
  return rows.map((r, i) => ({ ...r, pLiquidation: p[i] }));
}

const f = (x: number, d = 4) => x.toFixed(d);

function row(label: string, c: ForecastComparison): string {
  return (
    `| ${label} | ${c.forecasts} | ${c.liquidated} | ${f(c.baseRate, 3)} | ` +
    `**${f(c.model.brier)}** | ${f(c.baseRateForecast.brier)} | ${f(c.hfRule.brier)} | ` +
    `**${f(c.model.logLoss)}** | ${f(c.baseRateForecast.logLoss)} | ${f(c.hfRule.logLoss)} |`
  );
}

export function backtestMarkdown(
  title: string,
  setup: string,
  runs: Array<{ seed: string; run: BacktestRun }>,
): {
  markdown: string;
  pooled: ForecastComparison;
  perSeed: ForecastComparison[];
  pooledCalibrated: ForecastComparison;
  aheadCalibrated: ForecastComparison;
} {
  const perSeed = runs.map((r) => compareForecasts(r.run.rows));
  const pooled = compareForecasts(runs.flatMap((r) => r.run.rows));
  // the borrowers already under HF 1 at B are easy (the model says 1): the rest on their own
  const ahead = compareForecasts(
    runs.flatMap((r) => r.run.rows.filter((x) => x.healthFactor >= 1)),
  );
  const calibrated = runs.map((r) => recalibrated(r.run.rows));
  const pooledCalibrated = compareForecasts(calibrated.flat());
  const aheadCalibrated = compareForecasts(calibrated.flat().filter((x) => x.healthFactor >= 1));
  const lines = [
    `# ${title}`,
    '',
    setup,
    '',
    '| devnet seed | forecasts | liquidated | base rate | Brier model | Brier base rate | Brier HF<1.1 | log loss model | log loss base rate | log loss HF<1.1 |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...runs.map((r, k) => row(r.seed, perSeed[k])),
    row('pooled', pooled),
    row('pooled, HF ≥ 1 at B only', ahead),
    row('pooled, recalibrated online', pooledCalibrated),
    row('pooled, recalibrated online, HF ≥ 1 at B only', aheadCalibrated),
    '',
    "Recalibrated online: Platt scaling (outcome ~ σ(a·logit p + b)) fitted per devnet on its forecasts of earlier days whose window had closed, borrowers at HF ≥ 1 only (those under 1 keep the model's probability); raw probabilities until 3 liquidated and 3 not liquidated forecasts exist.",
    '',
    'Reliability (pooled): forecasts by predicted probability, mean prediction vs realised share.',
    '',
    '| predicted | forecasts | mean predicted | realised |',
    '|---|---|---|---|',
    ...pooled.reliability.map(
      (b) =>
        `| ${f(b.from, 1)}–${f(b.to, 1)} | ${b.count} | ${b.meanPredicted === null ? '–' : f(b.meanPredicted, 3)} | ${b.realisedRate === null ? '–' : f(b.realisedRate, 3)} |`,
    ),
    '',
    'Per prediction block: forecasts, liquidated, Σ predicted probability (expected count), HF < 1.1, and the time of the prediction itself.',
    '',
    '| devnet seed | day | block | forecasts | liquidated | Σ p | HF < 1.1 | predict ms |',
    '|---|---|---|---|---|---|---|---|',
    ...runs.flatMap(({ seed, run }) =>
      [...new Set(run.rows.map((x) => x.day))].map((day) => {
        const rs = run.rows.filter((x) => x.day === day);
        const sum = rs.reduce((s, x) => s + x.pLiquidation, 0);
        return `| ${seed} | ${day} | ${rs[0].block} | ${rs.length} | ${rs.filter((x) => x.liquidated).length} | ${f(sum, 1)} | ${rs.filter((x) => x.healthFactor < 1.1).length} | ${run.predictMs[run.blocks.indexOf(rs[0].block)].toFixed(0)} |`;
      }),
    ),
    '',
  ];
  return { markdown: lines.join('\n'), pooled, perSeed, pooledCalibrated, aheadCalibrated };
}
