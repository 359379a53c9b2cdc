// The liquidation predictor against the devnet's known future. A devnet history is mined; at the
// end of each simulated day B (from `firstDay` on) the book is read straight from the chain's
// contracts at B (risk-chain-book.ts) and the oracle prices up to B from the feeds'
// AnswerUpdated logs, the predictor runs on those alone, and the outcome is read afterwards:
// which borrowers a LiquidationCall names in the blocks of (B, B + horizon]. The devnet's prices
// come from its own process (devnet/src/core/prices.ts: Gaussian walks plus a scripted crash and
// depeg), which the predictor does not know: it only sees the past oracle prices.
import { performance } from 'node:perf_hooks';
import { parseAbiItem, type Hex } from 'viem';
import { startDevnet } from '../../devnet/src/index.ts';
import {
  predictLiquidations,
  HORIZON_HOURS,
  type Horizon,
} from '../../dashboard/lib/predict/predict';
import type { PriceObservations } from '../../dashboard/lib/predict/price-history';
import type { Book } from '../../dashboard/lib/risk/types';
import { hfToNumber } from '../../dashboard/lib/risk/engine';
import { bookFromChain, chainClient } from './risk-chain-book';

const ANSWER_UPDATED = parseAbiItem(
  'event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt)',
);
const LIQUIDATION_CALL = parseAbiItem(
  'event LiquidationCall(address indexed collateralAsset, address indexed debtAsset, address indexed user, uint256 debtToCover, uint256 liquidatedCollateralAmount, address liquidator, bool receiveAToken)',
);

export interface BacktestOptions {
  seed: string;
  accounts: number;
  days: number;
  horizon: Horizon;
  /** first simulated day whose end is a prediction block (needs ≥ 48 h of prices before it) */
  firstDay: number;
  paths: number;
  /** prediction seed */
  predictSeed?: number;
}

/** One forecast: a borrower at a prediction block, and whether it was liquidated in the horizon. */
export interface BacktestRow {
  devnetSeed: string;
  block: number;
  day: number;
  account: string;
  healthFactor: number;
  pLiquidation: number;
  liquidated: 0 | 1;
}

export interface BacktestRun {
  rows: BacktestRow[];
  blocks: number[];
  /** LiquidationCall events in the whole history */
  liquidations: number;
  devnetSeconds: number;
  predictSeconds: number;
  /** milliseconds of each predictLiquidations call (the devnet book, `paths` paths) */
  predictMs: number[];
}

type AnswerLog = {
  address: Hex;
  blockNumber: bigint;
  args: { current?: bigint; updatedAt?: bigint };
};

/** The oracle prices the feeds published up to `block`, per market of `book` (USD). */
export function observationsUpTo(
  answers: AnswerLog[],
  tokens: Array<{ address: Hex; aggregator: Hex }>,
  book: Book,
  block: number,
): PriceObservations {
  const marketOf = new Map(book.markets.map((m, i) => [m.id, i]));
  const series = new Map<number, Array<[number, number]>>();
  for (const log of answers) {
    if (Number(log.blockNumber) > block) continue;
    const token = tokens.find((t) => t.aggregator.toLowerCase() === log.address.toLowerCase());
    const m = token && marketOf.get(token.address.toLowerCase());
    if (m === undefined) continue;
    if (!series.has(m)) series.set(m, []);
    series.get(m)!.push([Number(log.args.updatedAt), Number(log.args.current) / 1e8]);
  }
  return { series };
}

/** Every feed's AnswerUpdated log up to `toBlock`. */
export function answerLogs(
  client: ReturnType<typeof chainClient>,
  tokens: Array<{ aggregator: Hex }>,
  toBlock: bigint,
): Promise<AnswerLog[]> {
  return client.getLogs({
    address: tokens.map((t) => t.aggregator),
    event: ANSWER_UPDATED,
    fromBlock: 0n,
    toBlock,
  }) as Promise<AnswerLog[]>;
}

/** Fixed start so every run of a seed mines the same chain (2026-11-01 00:00 UTC). */
const START_TIME = 1_793_491_200;

export async function backtestDevnet(opts: BacktestOptions): Promise<BacktestRun> {
  const t0 = Date.now();
  const devnet = await startDevnet({
    seed: opts.seed,
    accounts: opts.accounts,
    days: opts.days,
    live: false,
    quiet: true,
    writeFiles: false,
    startTime: START_TIME,
  });
  const t1 = Date.now();
  try {
    const client = chainClient(devnet.provider);
    const end = devnet.historyEndBlock;
    const timestamps: number[] = [];
    for (let b = 0n; b <= end; b++)
      timestamps.push(Number((await client.getBlock({ blockNumber: b })).timestamp));
    const tokens = devnet.deployment.tokens;
    const answers = await answerLogs(client, tokens, end);
    const liquidations = await client.getLogs({
      address: devnet.deployment.pool,
      event: LIQUIDATION_CALL,
      fromBlock: 0n,
      toBlock: end,
    });
    const horizonSeconds = HORIZON_HOURS[opts.horizon] * 3600;
    const rows: BacktestRow[] = [];
    const blocks: number[] = [];
    const predictMs: number[] = [];
    for (let day = opts.firstDay; day + HORIZON_HOURS[opts.horizon] / 24 <= opts.days; day++) {
      const cut = START_TIME + day * 86400;
      let block = 0;
      while (block + 1 < timestamps.length && timestamps[block + 1] <= cut) block++;
      blocks.push(block);
      const book = await bookFromChain(
        client,
        devnet.deployment.pool,
        devnet.deployment.aaveOracle,
        devnet.users,
        BigInt(block),
      );
      book.network = 'devnet';
      const prices = observationsUpTo(answers, tokens, book, block);
      const from = timestamps[block],
        to = from + horizonSeconds;
      const liquidated = new Set(
        liquidations
          .filter(
            (l) =>
              timestamps[Number(l.blockNumber)] > from && timestamps[Number(l.blockNumber)] <= to,
          )
          .map((l) => (l.args.user as Hex).toLowerCase()),
      );
      const started = performance.now();
      const prediction = predictLiquidations(book, prices, {
        horizon: opts.horizon,
        paths: opts.paths,
        seed: opts.predictSeed ?? 1,
      });
      predictMs.push(performance.now() - started);
      for (const a of prediction.accounts)
        rows.push({
          devnetSeed: opts.seed,
          block,
          day,
          account: a.account,
          healthFactor: hfToNumber(BigInt(a.healthFactor)),
          pLiquidation: a.pLiquidation,
          liquidated: liquidated.has(a.account) ? 1 : 0,
        });
    }
    return {
      rows,
      blocks,
      liquidations: liquidations.length,
      predictMs,
      devnetSeconds: (t1 - t0) / 1000,
      predictSeconds: (Date.now() - t1) / 1000,
    };
  } finally {
    await devnet.stop();
  }
}

/**
 * The multi-seed backtest (`npm run bench:backtest`, `npm run test:backtest`): seeds and sizes
 * fixed before any result was seen; the model's parameters are its defaults.
 */
export const FULL_BACKTEST = {
  seeds: ['backtest-1', 'backtest-2', 'backtest-3', 'backtest-4'],
  accounts: 300,
  days: 10,
  firstDay: 3,
  horizon: '1d' as Horizon,
  paths: 10_000,
};

export async function runBacktestSeeds(
  spec: typeof FULL_BACKTEST,
  log: (line: string) => void = () => {},
): Promise<Array<{ seed: string; run: BacktestRun }>> {
  const out: Array<{ seed: string; run: BacktestRun }> = [];
  for (const seed of spec.seeds) {
    const run = await backtestDevnet({ ...spec, seed });
    log(
      `${seed}: ${run.blocks.length} prediction blocks, ${run.rows.length} forecasts, ` +
        `devnet ${run.devnetSeconds.toFixed(0)} s, reads + predictions ${run.predictSeconds.toFixed(0)} s`,
    );
    out.push({ seed, run });
  }
  return out;
}
