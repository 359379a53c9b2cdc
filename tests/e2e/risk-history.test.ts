// The risk history on the real pipeline: a small devnet indexed by our indexer, the daily series
// and the last hours of the hourly one through the index-node, each point checked against the
// chain: its block is the last block with a timestamp in its hour or day (found on the chain by
// a search over eth_getBlockByNumber), its counts, bad debt and HF percentiles equal those of
// Pool.getUserAccountData at that block, and its shock and prediction figures equal the engine's
// on the book read from the contracts with the feeds' AnswerUpdated prices up to that block.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hex } from 'viem';
import { SubgraphClient } from '../../dashboard/lib/subgraph-client';
import { RiskContext } from '../../dashboard/lib/risk/service';
import { percentile } from '../../dashboard/lib/risk/var';
import { atRiskThreshold } from '../../dashboard/lib/config';
import { historyFigures } from '../../dashboard/lib/history/figures';
import { historySeries, type HistoryPoint } from '../../dashboard/lib/history/series';
import { subgraphHistorySource } from '../../dashboard/lib/history/source';
import { accountDataOnChain, bookFromChain, chainClient } from './risk-chain-book';
import { answerLogs, observationsUpTo } from './backtest-chain';
import { startDevnet } from '../../devnet/src/index.ts';
import { followToBlock } from './indexer-helpers.ts';

const SUBGRAPH_DIR = join(__dirname, '..', '..', 'subgraph', 'build', 'networks', 'devnet');
const ACCOUNTS = Number(process.env.RISK_HISTORY_ACCOUNTS ?? 40);
const DAYS = Number(process.env.RISK_HISTORY_DAYS ?? 3);
/** the last hours of the hourly series checked against the chain */
const HOURS_CHECKED = Number(process.env.RISK_HISTORY_HOURS_CHECKED ?? 10);

const skip = existsSync(join(SUBGRAPH_DIR, 'subgraph.yaml'))
  ? false
  : `needs the devnet subgraph build (${SUBGRAPH_DIR}: npm run build:all -w subgraph -- devnet)`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let devnet: any, node: any;
let dataDir: string;
let client: ReturnType<typeof chainClient>;
let source: ReturnType<typeof subgraphHistorySource>;

before(
  async () => {
    if (skip) return;
    devnet = await startDevnet({
      seed: 23,
      accounts: ACCOUNTS,
      days: DAYS,
      live: false,
      quiet: true,
      writeFiles: false,
      port: 0,
    });
    const manifest = readFileSync(join(SUBGRAPH_DIR, 'subgraph.yaml'), 'utf8').toLowerCase();
    assert.ok(manifest.includes(devnet.deployment.poolAddressesProvider.toLowerCase()));
    client = chainClient(devnet.provider);
    const head = await client.getBlockNumber();
    dataDir = mkdtempSync(join(tmpdir(), 'risk-history-'));
    const followed = await followToBlock(devnet.rpcUrl, SUBGRAPH_DIR, dataDir, head);
    node = followed.node;
    const sg = followed.sg;
    const status = new SubgraphClient(node.statusUrl, { retries: 2, backoffMs: 100 });
    source = subgraphHistorySource('devnet', sg, { client: status });
  },
  { timeout: 900_000 },
);

after(async () => {
  await node?.stop();
  await devnet?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The last block with timestamp ≤ `end`, straight from the chain. */
async function lastChainBlockAtOrBefore(end: number, headNumber: number): Promise<number> {
  let lo = 0,
    hi = headNumber;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const b = await client.getBlock({ blockNumber: BigInt(mid) });
    if (Number(b.timestamp) <= end) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const close = (a: number, b: number, what: string) =>
  assert.ok(
    Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b)),
    `${what}: ${a} vs ${b}`,
  );

async function checkPoint(p: HistoryPoint, headNumber: number): Promise<void> {
  const where = `point ${new Date(p.start * 1000).toISOString()} (block ${p.block.number})`;
  const expected = p.partial ? headNumber : await lastChainBlockAtOrBefore(p.end, headNumber);
  assert.equal(p.block.number, expected, `${where}: the period's last block`);
  const chainBlock = await client.getBlock({ blockNumber: BigInt(expected) });
  assert.equal(p.block.hash, chainBlock.hash, where);
  const { pool, aaveOracle, tokens } = devnet.deployment;
  const users: Hex[] = devnet.users;
  // counts, bad debt and HF percentiles from Pool.getUserAccountData alone
  const accounts = await accountDataOnChain(client, pool, users, BigInt(expected));
  const debtors = accounts.filter((a) => a.totalDebtBase > 0n);
  const wad = 10n ** 18n;
  const threshold = BigInt(Math.round(atRiskThreshold() * 1e4)) * 10n ** 14n;
  const liquidatable = debtors.filter((a) => a.healthFactor < wad && a.totalCollateralBase > 0n);
  const insolvent = debtors.filter((a) => a.totalCollateralBase === 0n);
  const atRisk = debtors.filter((a) => a.healthFactor >= wad && a.healthFactor < threshold);
  const badDebt = debtors.reduce(
    (s, a) =>
      s + (a.totalDebtBase > a.totalCollateralBase ? a.totalDebtBase - a.totalCollateralBase : 0n),
    0n,
  );
  assert.deepEqual(
    [p.borrowers, p.atRisk, p.liquidatable, p.insolvent],
    [debtors.length, atRisk.length, liquidatable.length, insolvent.length],
    where,
  );
  close(p.badDebtUSD, Number(badDebt) / 1e8, `${where} bad debt`);
  const hfs = debtors.map((a) => Number(a.healthFactor) / 1e18).sort((a, b) => a - b);
  assert.deepEqual(
    p.healthFactor,
    hfs.length
      ? { p5: percentile(hfs, 0.05), p25: percentile(hfs, 0.25), p50: percentile(hfs, 0.5) }
      : null,
    where,
  );
  // shock and prediction: the engine on the contracts' book, prices from the feeds' logs
  const book = await bookFromChain(client, pool, aaveOracle, users, BigInt(expected));
  const prices = observationsUpTo(
    await answerLogs(client, tokens, BigInt(expected)),
    tokens,
    book,
    expected,
  );
  const chain = historyFigures(new RiskContext(book), atRiskThreshold(), prices).figures;
  for (const k of ['drop10', 'drop20', 'drop30'] as const)
    close(
      p.collateralAtRiskUSD[k],
      chain.collateralAtRiskUSD[k],
      `${where} collateral at risk ${k}`,
    );
  close(p.newBadDebt1dP99USD, chain.newBadDebt1dP99USD, `${where} new bad debt p99`);
}

test(
  'daily series: every point at its day’s last block, figures equal the chain’s',
  { skip, timeout: 600_000 },
  async () => {
    const t0 = Date.now();
    const s = await historySeries(source, 'day', { waitMs: 300_000 });
    console.log(
      `# ${s.pointsTotal} daily points in ${Date.now() - t0} ms (head ${s.head.number}); ` +
        `carried ${s.points.filter((p) => p.carried).length}`,
    );
    assert.equal(s.error, null);
    assert.ok(s.complete && s.pointsTotal >= DAYS, `${s.pointsDone}/${s.pointsTotal}`);
    for (const p of s.points) await checkPoint(p, s.head.number);
  },
);

test(
  `hourly series (default span: 7 days): the last ${HOURS_CHECKED} hours checked against the chain`,
  { skip, timeout: 900_000 },
  async () => {
    const t0 = Date.now();
    const s = await historySeries(source, 'hour', { waitMs: 900_000 });
    console.log(`# ${s.pointsTotal} hourly points in ${Date.now() - t0} ms`);
    assert.equal(s.error, null);
    assert.ok(s.complete, `${s.pointsDone}/${s.pointsTotal}`);
    // one point per hour of the last 7 days that has indexed data
    assert.ok(s.pointsTotal <= 7 * 24 && s.pointsTotal >= Math.min(7 * 24, DAYS * 24 - 1));
    const checked = s.points.slice(-HOURS_CHECKED);
    for (const p of checked) await checkPoint(p, s.head.number);
    // a later request at the same head computes nothing and answers at once
    const t1 = Date.now();
    const again = await historySeries(source, 'hour');
    assert.ok(again.complete, 'every point cached');
    console.log(`# again in ${Date.now() - t1} ms`);
  },
);
