// The indexer against the devnet's ground-truth dump (devnet/src/core/truth.ts, `npm run devnet:truth`)
// at the head and at three earlier blocks where reserves were updated: every account that ever
// held an aToken or debt token (users, liquidation bots, the treasury), every position, every
// market's totals, and the risk engine on the indexed book against getUserAccountData (HF,
// collateral, debt, LT, LTV, availableBorrowsBase) with the e-mode accounts counted; every hourly
// and daily market snapshot against the chain at its block and the Pool's logs of its period;
// every aToken BalanceTransfer against the indexed transfer history.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAbiItem } from 'viem';
import { dumpTruth } from '../../devnet/src/core/truth.ts';
import { SubgraphClient } from '../../dashboard/lib/subgraph-client';
import { loadBook } from '../../dashboard/lib/risk/book-from-subgraph';
import { availableBorrowsBase, evaluate, prepareBook } from '../../dashboard/lib/risk/engine';
import { MAX_UINT256 } from '../../dashboard/lib/risk/math';
import type { Truth } from '../../devnet/src/core/truth.ts';
import { chainClient } from './risk-chain-book';
import { gql, subgraphFor } from './indexer-helpers.ts';
import {
  compareMarkets,
  comparePositions,
  type IndexedMarket,
  type IndexedPosition,
} from './truth-compare.ts';
import {
  borrowUsageRatio,
  rateModel,
  variableBorrowRateRay,
  type RateModelFields,
} from '../../dashboard/lib/risk/rate-curve';
import { compareSnapshots, flowsFromLogs, type IndexedSnapshot } from './snapshot-truth.ts';
import { startDevnet } from '../../devnet/src/index.ts';
import { startIndexerNode } from '../../indexer/src/index.ts';

const ACCOUNTS = Number(process.env.TRUTH_E2E_ACCOUNTS ?? 40);
const DAYS = Number(process.env.TRUTH_E2E_DAYS ?? 3);
const BALANCE_TRANSFER = parseAbiItem(
  'event BalanceTransfer(address indexed from, address indexed to, uint256 value, uint256 index)',
);
const RESERVE_DATA_UPDATED = parseAbiItem(
  'event ReserveDataUpdated(address indexed reserve, uint256 liquidityRate, uint256 stableBorrowRate, uint256 variableBorrowRate, uint256 liquidityIndex, uint256 variableBorrowIndex)',
);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let devnet: any, node: any;
let work = '',
  dir = '';
let client: ReturnType<typeof chainClient>;
let blocks: bigint[] = [];
const truths = new Map<bigint, Truth>();

before(
  async () => {
    devnet = await startDevnet({
      seed: 11,
      accounts: ACCOUNTS,
      days: DAYS,
      live: false,
      quiet: true,
      writeFiles: false,
      port: 0,
    });
    client = chainClient(devnet.provider);
    work = mkdtempSync(join(tmpdir(), 'cr-truth-'));
    dir = subgraphFor(devnet.deployment);
    node = await startIndexerNode({
      rpcUrl: devnet.rpcUrl,
      network: 'devnet',
      subgraphDir: dir,
      dataDir: join(work, 'pg'),
      port: 0,
      statusPort: 0,
      exitWhenSynced: true,
      progress: false,
      log: () => {},
    });
    await node.indexing;
    assert.equal(node.status.health, 'healthy', JSON.stringify(node.status.fatalError));
    const head = await client.getBlockNumber();
    const meta = await gql(node.url, '{ _meta { block { number } } }');
    assert.equal(BigInt(meta._meta.block.number), head, 'indexed to the head');
    // three blocks with reserve updates, spread over the history, and the head
    const logs = await client.getLogs({
      address: devnet.deployment.pool,
      event: RESERVE_DATA_UPDATED,
      fromBlock: 0n,
      toBlock: head,
    });
    const updated = [...new Set(logs.map((l) => l.blockNumber))].sort((a, b) => (a < b ? -1 : 1));
    assert.ok(updated.length >= 4, `${updated.length} blocks with reserve updates`);
    blocks = [
      ...new Set([
        ...[0.25, 0.5, 0.75].map((f) => updated[Math.floor(f * (updated.length - 1))]),
        head,
      ]),
    ];
    for (const b of blocks) truths.set(b, await dumpTruth(client, devnet.deployment, b));
  },
  { timeout: 900_000 },
);

after(async () => {
  await node?.stop();
  await devnet?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function allPositions(block: bigint): Promise<IndexedPosition[]> {
  const out: IndexedPosition[] = [];
  for (let last = '0x'; ;) {
    const q = `{ positions(first: 1000, orderBy: id, where: { id_gt: "${last}" }, block: { number: ${block} }) {
      id account { id eModeCategoryId } market { symbol } scaledATokenBalance scaledVariableDebt stableDebt collateralEnabled } }`;
    const page = (await gql(node.url, q)).positions as Array<IndexedPosition & { id: string }>;
    out.push(...page);
    if (page.length < 1000) return out;
    last = page[page.length - 1].id;
  }
}

test(
  'every position at four blocks equals the chain (scaled balances, stable principal, collateral flag, e-mode), both ways',
  { timeout: 600_000 },
  async () => {
    let compared = 0;
    for (const b of blocks) {
      const truth = truths.get(b)!;
      const r = comparePositions(truth, await allPositions(b));
      assert.deepEqual(r.diffs.slice(0, 10), [], `block ${b}: ${r.diffs.length} differences`);
      compared += r.compared;
    }
    const head = truths.get(blocks[blocks.length - 1])!;
    const holders = head.accounts
      .filter((a) => a.positions.length)
      .map((a) => a.address.toLowerCase());
    // 40 accounts over 3 days hold little stable debt: at least one position here (the risk
    // fidelity and scenario tests require three or more accounts with it).
    const stable = [...truths.values()].flatMap((t) =>
      t.accounts.flatMap((a) => a.positions.filter((p) => p.stableDebtPrincipal !== '0')),
    );
    assert.ok(stable.length >= 1, 'no stable debt position compared');
    const users = new Set((devnet.users as string[]).map((u) => u.toLowerCase()));
    const others = holders.filter((a) => !users.has(a));
    console.log(
      `# truth: ${compared} positions compared over blocks ${blocks.join(', ')}; ${holders.length} holders at the head, ${others.length} of them not simulated users`,
    );
    assert.ok(
      others.includes(devnet.deployment.treasury.toLowerCase()),
      'the treasury holds aTokens and is compared',
    );
    assert.ok(compared >= (4 * ACCOUNTS) / 2, `${compared} positions compared`);
  },
);

test(
  'market totals at four blocks equal the tokens (totalSupply() where the reserve was updated in the block)',
  { timeout: 600_000 },
  async () => {
    let totals = 0;
    for (const b of blocks) {
      const { markets } = await gql<{ markets: IndexedMarket[] }>(
        node.url,
        `{ markets(first: 100, block: { number: ${b} }) {
      symbol totalSupply totalVariableDebt totalStableDebt scaledATokenSupply scaledVariableDebt liquidityIndex variableBorrowIndex lastUpdateTimestamp } }`,
      );
      const r = compareMarkets(truths.get(b)!, markets);
      assert.deepEqual(r.diffs, [], `block ${b}`);
      totals += r.totalsCompared;
    }
    console.log(
      `# truth: market totals against totalSupply() ${totals} times over ${blocks.length} blocks`,
    );
    assert.ok(totals >= blocks.length - 1, `${totals} market totals compared with totalSupply()`);
  },
);

test(
  "the indexed rate model gives the Pool's variable borrow rate at the chain's usage, to the wei",
  { timeout: 600_000 },
  async () => {
    let compared = 0;
    for (const b of blocks) {
      const truth = truths.get(b)!;
      const { markets } = await gql<{ markets: Array<RateModelFields & { symbol: string }> }>(
        node.url,
        `{ markets(first: 100, block: { number: ${b} }) { symbol optimalUsageRatio baseVariableBorrowRate variableRateSlope1 variableRateSlope2 } }`,
      );
      for (const r of truth.reserves) {
        const m = markets.find((x) => x.symbol === r.symbol)!;
        const model = rateModel(m);
        assert.ok(model, `${r.symbol}: no rate model indexed at block ${b}`);
        // The rate was set from the reserve's state after its last update; at the end of a
        // block that updated it, the tokens' totals and the aToken's cash are that state.
        if (r.lastUpdateTimestamp !== truth.timestamp) continue;
        const debt = BigInt(r.variableDebtTotalSupply) + BigInt(r.stableDebtTotalSupply);
        const usage = borrowUsageRatio(debt, BigInt(r.availableLiquidity));
        assert.equal(
          variableBorrowRateRay(model, usage).toString(),
          r.variableBorrowRate,
          `${r.symbol} at block ${b} (usage ${usage})`,
        );
        compared++;
      }
    }
    console.log(`# truth: ${compared} variable borrow rates recomputed from the indexed model`);
    assert.ok(compared >= blocks.length - 1, `${compared} rates compared`);
  },
);

test(
  'risk engine on the indexed book: every holder equals getUserAccountData, availableBorrowsBase included',
  { timeout: 600_000 },
  async () => {
    const head = truths.get(blocks[blocks.length - 1])!;
    const book = await loadBook(
      new SubgraphClient(node.url, { retries: 2, backoffMs: 100 }),
      'devnet',
    );
    assert.equal(BigInt(book.block.number), BigInt(head.block));
    const r = evaluate(prepareBook(book));
    const idx = new Map(book.accounts.map((a, i) => [a.id, i]));
    const diffs: string[] = [];
    for (const a of head.accounts) {
      const i = idx.get(a.address.toLowerCase());
      const ours =
        i === undefined
          ? [MAX_UINT256, 0n, 0n, 0n, 0n, 0n]
          : [
              r.healthFactor[i],
              r.totalCollateralBase[i],
              r.totalDebtBase[i],
              r.avgLiquidationThreshold[i],
              r.avgLtv[i],
              availableBorrowsBase(r, i),
            ];
      const chain = [
        a.healthFactor,
        a.totalCollateralBase,
        a.totalDebtBase,
        a.currentLiquidationThreshold,
        a.ltv,
        a.availableBorrowsBase,
      ].map(BigInt);
      if (ours.some((x, k) => x !== chain[k]))
        diffs.push(`${a.address}: ours ${ours.join(' / ')}, chain ${chain.join(' / ')}`);
    }
    const truthIds = new Set(head.accounts.map((a) => a.address.toLowerCase()));
    const unknown = book.accounts
      .filter((a) => a.positions.length && !truthIds.has(a.id))
      .map((a) => a.id);
    assert.deepEqual(unknown, [], 'indexed accounts with positions that never held a token');
    assert.deepEqual(
      diffs.slice(0, 8),
      [],
      `${diffs.length} of ${head.accounts.length} accounts differ (HF / coll / debt / LT / LTV / available)`,
    );
    const eModeChain = head.accounts.filter(
      (a) => a.eModeCategory !== 0 && a.positions.length,
    ).length;
    const eModeOurs = book.accounts.filter(
      (a) => a.eModeCategoryId !== 0 && a.positions.length,
    ).length;
    const borrowers = head.accounts.filter((a) => a.totalDebtBase !== '0').length;
    console.log(
      `# truth: ${head.accounts.length} accounts, ${borrowers} borrowers, ${eModeChain} in e-mode with positions`,
    );
    assert.equal(eModeOurs, eModeChain, 'accounts in e-mode');
    assert.ok(eModeChain >= 2, `the devnet has accounts in e-mode (${eModeChain})`);
    assert.ok(borrowers >= 5, `the devnet has borrowers (${borrowers})`);
  },
);

/** Every hourly or daily snapshot, paged by id, at the head. */
async function allSnapshots(entity: string, period: string): Promise<IndexedSnapshot[]> {
  const out: IndexedSnapshot[] = [];
  for (let last = '0x'; ;) {
    const q = `{ ${entity}(first: 1000, orderBy: id, where: { id_gt: "${last}" }) { id market { symbol } ${period}
      blockNumber totalSupply totalVariableDebt totalStableDebt liquidityIndex variableBorrowIndex liquidityRate
      variableBorrowRate priceUSD supplied withdrawn borrowed repaid liquidationCount } }`;
    const page = (await gql(node.url, q))[entity] as Array<
      Record<string, unknown> & { id: string }
    >;
    out.push(
      ...page.map((p) => ({ ...p, period: Number(p[period]) }) as unknown as IndexedSnapshot),
    );
    if (page.length < 1000) return out;
    last = page[page.length - 1].id;
  }
}

test(
  'hourly and daily market snapshots equal the chain at their blocks, and their flows the Pool logs of their period',
  { timeout: 600_000 },
  async () => {
    const head = BigInt(blocks[blocks.length - 1]);
    for (const [entity, period, seconds] of [
      ['marketDailySnapshots', 'day', 86_400],
      ['marketHourlySnapshots', 'hour', 3_600],
    ] as const) {
      const snaps = await allSnapshots(entity, period);
      const flows = await flowsFromLogs(
        client,
        devnet.deployment.pool,
        devnet.deployment.tokens,
        head,
        seconds,
      );
      const r = await compareSnapshots(client, devnet.deployment, snaps, flows);
      console.log(
        `# truth: ${r.compared} ${entity} against the chain (${r.totalsCompared} with totals), ${flows.size} periods with Pool flows`,
      );
      assert.deepEqual(r.diffs.slice(0, 10), [], `${entity}: ${r.diffs.length} differences`);
      assert.ok(flows.size > 0 && r.totalsCompared > 0, `${entity}: something was compared`);
    }
  },
);

test(
  "every aToken BalanceTransfer on chain is a SupplyTransfer of both accounts' history, and no other",
  { timeout: 600_000 },
  async () => {
    const head = BigInt(blocks[blocks.length - 1]);
    const symbolOf = new Map<string, string>(
      devnet.deployment.tokens.map((t: { aToken: string; symbol: string }) => [
        t.aToken.toLowerCase(),
        t.symbol,
      ]),
    );
    const logs = await client.getLogs({
      address: [...symbolOf.keys()] as `0x${string}`[],
      event: BALANCE_TRANSFER,
      fromBlock: 0n,
      toBlock: head,
    });
    const key = (symbol: string, from: string, to: string, scaled: string, block: string) =>
      `${symbol} ${from.toLowerCase()}→${to.toLowerCase()} ${scaled} @${block}`;
    const chain = logs
      .filter((l) => l.args.from!.toLowerCase() !== l.args.to!.toLowerCase() && l.args.value! > 0n)
      .map((l) =>
        key(
          symbolOf.get(l.address.toLowerCase())!,
          l.args.from!,
          l.args.to!,
          String(l.args.value),
          String(l.blockNumber),
        ),
      )
      .sort();
    const ours: string[] = [];
    for (let last = '0x'; ;) {
      const page = (
        await gql(
          node.url,
          `{ supplyTransfers(first: 1000, orderBy: id, where: { id_gt: "${last}" }) { id market { symbol } from { id } to { id } scaledAmount blockNumber } }`,
        )
      ).supplyTransfers as Array<{
        id: string;
        market: { symbol: string };
        from: { id: string };
        to: { id: string };
        scaledAmount: string;
        blockNumber: string;
      }>;
      for (const t of page)
        ours.push(key(t.market.symbol, t.from.id, t.to.id, t.scaledAmount, t.blockNumber));
      if (page.length < 1000) break;
      last = page[page.length - 1].id;
    }
    ours.sort();
    const treasury = devnet.deployment.treasury.toLowerCase();
    const toTreasury = chain.filter((k) => k.includes(`→${treasury}`)).length;
    console.log(
      `# truth: ${chain.length} aToken BalanceTransfers on chain (${toTreasury} liquidation fees to the treasury)`,
    );
    assert.deepEqual(ours, chain);
    assert.ok(toTreasury > 0, 'liquidation protocol fees moved as aToken transfers');
    assert.ok(chain.length > toTreasury, 'wallet or liquidator transfers too');
  },
);
