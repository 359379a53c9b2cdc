// The risk engine on the real pipeline: devnet → local indexer (subgraph mappings, PGlite) →
// GraphQL paged like graph-node → Book → HF / collateral / debt == Pool.getUserAccountData at the
// indexed block, a shock predicted from the indexed book == the chain's outcome, and the
// liquidation prediction of the API == the backtest's (book from the contracts, feed logs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hex } from 'viem';
import { loadBook } from '../../dashboard/lib/risk/book-from-subgraph';
import { evaluate, prepareBook } from '../../dashboard/lib/risk/engine';
import { exactScenario, floatBook, marketsOfClass } from '../../dashboard/lib/risk/analysis';
import { WAD } from '../../dashboard/lib/risk/math';
import type { Book } from '../../dashboard/lib/risk/types';
import { accountDataOnChain, bookFromChain, chainClient } from './risk-chain-book';
import { answerLogs, observationsUpTo } from './backtest-chain';
import { predictHandler } from '../../dashboard/lib/api/predict.ts';
import { predictLiquidations, type Prediction } from '../../dashboard/lib/predict/predict';
import { startDevnet } from '../../devnet/src/index.ts';
import { followToBlock } from './indexer-helpers.ts';
import { accountsHandler, varHandler, summaryHandler } from '../../dashboard/lib/api/risk.ts';
import { clearRiskCache } from '../../dashboard/lib/risk/service.ts';

const root = join(__dirname, '..', '..');
const SUBGRAPH_DIR = join(root, 'subgraph', 'build', 'networks', 'devnet');
const ACCOUNTS = Number(process.env.RISK_INDEXER_ACCOUNTS ?? 60);
const DAYS = Number(process.env.RISK_INDEXER_DAYS ?? 4);

function skipReason(): string | false {
  if (!existsSync(join(SUBGRAPH_DIR, 'subgraph.yaml')))
    return `needs the devnet subgraph build (${SUBGRAPH_DIR}: npm run build:all -w subgraph -- devnet)`;
  return false;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let devnet: any, node: any;
let dataDir: string;
let client: ReturnType<typeof chainClient>;
let users: Hex[];
let book: Book;

before(
  async () => {
    if (skipReason()) return;
    devnet = await startDevnet({
      seed: 11,
      accounts: ACCOUNTS,
      days: DAYS,
      live: false,
      quiet: true,
      writeFiles: false,
      port: 0,
    });
    const manifest = readFileSync(join(SUBGRAPH_DIR, 'subgraph.yaml'), 'utf8');
    assert.ok(
      manifest.toLowerCase().includes(devnet.deployment.poolAddressesProvider.toLowerCase()),
      `subgraph build for devnet indexes another PoolAddressesProvider than the devnet's ${devnet.deployment.poolAddressesProvider}: rebuild it`,
    );
    client = chainClient(devnet.provider);
    users = devnet.users;
    const head = await client.getBlockNumber();
    dataDir = mkdtempSync(join(tmpdir(), 'risk-indexer-'));
    const followed = await followToBlock(devnet.rpcUrl, SUBGRAPH_DIR, dataDir, head);
    node = followed.node;
    const sg = followed.sg;
    book = await loadBook(sg, 'devnet');
  },
  { timeout: 900_000 },
);

after(async () => {
  await node?.stop();
  await devnet?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test(
  'book paged from the indexer: every account equals Pool.getUserAccountData at the indexed block',
  { skip: skipReason(), timeout: 300_000 },
  async () => {
    const onChain = await accountDataOnChain(
      client,
      devnet.deployment.pool,
      users,
      BigInt(book.block.number),
    );
    const r = evaluate(prepareBook(book));
    const idx = new Map(book.accounts.map((a, i) => [a.id, i]));
    const diffs: string[] = [];
    users.forEach((u, j) => {
      const i = idx.get(u.toLowerCase());
      const c = onChain[j];
      const hf =
        i === undefined ? (c.totalDebtBase === 0n ? c.healthFactor : -1n) : r.healthFactor[i];
      const coll = i === undefined ? 0n : r.totalCollateralBase[i];
      const debt = i === undefined ? 0n : r.totalDebtBase[i];
      if (hf !== c.healthFactor || coll !== c.totalCollateralBase || debt !== c.totalDebtBase) {
        diffs.push(
          `${u}: HF ${hf} vs ${c.healthFactor}, coll ${coll} vs ${c.totalCollateralBase}, debt ${debt} vs ${c.totalDebtBase}`,
        );
      }
    });
    const borrowers = onChain.filter((c) => c.totalDebtBase > 0n).length;
    console.log(
      `# indexer book: ${book.accounts.length} accounts with positions, ${borrowers} borrowers on chain, block ${book.block.number}`,
    );
    assert.equal(
      diffs.length,
      0,
      `${diffs.length}/${users.length} accounts differ:\n${diffs.slice(0, 8).join('\n')}`,
    );
    assert.ok(borrowers > 0);
  },
);

test(
  'prediction from the indexed book == chain after ETH −50% and BTC −55% (enough to liquidate some accounts of this book)',
  { skip: skipReason(), timeout: 300_000 },
  async () => {
    const pb = prepareBook(book);
    const fb = floatBook(pb);
    const drops = new Map<number, number>();
    for (const m of marketsOfClass(pb, 'ETH-like')) drops.set(m, 5000);
    for (const m of marketsOfClass(pb, 'BTC-like')) drops.set(m, 5500);
    const predictedPrices = exactScenario(pb, fb, drops).prices;
    const prices: Record<string, number> = {};
    for (const m of drops.keys()) prices[book.markets[m].symbol] = Number(predictedPrices[m]) / 1e8;
    // every account the chain knows of: the simulated users and every account with a position
    // (liquidation bots, the treasury)
    const everyone = [
      ...new Set([...users.map((u) => u.toLowerCase()), ...book.accounts.map((a) => a.id)]),
    ] as Hex[];
    const liquidatable = (data: Awaited<ReturnType<typeof accountDataOnChain>>) =>
      // status liquidatable: HF < 1 with collateral left (an account with none is insolvent)
      everyone
        .filter(
          (_, i) =>
            data[i].totalDebtBase > 0n &&
            data[i].healthFactor < WAD &&
            data[i].totalCollateralBase > 0n,
        )
        .sort();
    const beforeSet = liquidatable(
      await accountDataOnChain(client, devnet.deployment.pool, everyone, BigInt(book.block.number)),
    );
    const blockNumber: bigint = await devnet.setPrices(prices);
    const blk = await client.getBlock({ blockNumber });
    const onChain = await accountDataOnChain(client, devnet.deployment.pool, everyone, blockNumber);
    const predicted = exactScenario(prepareBook(book, blk.timestamp), fb, drops);
    const predictedSet = predicted.liquidatable.map((i) => book.accounts[i].id).sort();
    const realSet = liquidatable(onChain);
    console.log(
      `# indexed book, ETH −50% & BTC −55%: ${realSet.length} liquidatable on chain (${beforeSet.length} before), predicted ${predictedSet.length}`,
    );
    assert.ok(
      realSet.length > beforeSet.length,
      `the shock makes accounts liquidatable (${beforeSet.length} before, ${realSet.length} after)`,
    );
    assert.ok(
      beforeSet.every((a) => realSet.includes(a)),
      'a price drop leaves no liquidatable account healthy',
    );
    assert.deepEqual(predictedSet, realSet);
  },
);

test(
  'route handlers against the indexer: /accounts equals the chain, /var reports the indexed window',
  { skip: skipReason(), timeout: 300_000 },
  async () => {
    process.env.SUBGRAPH_URLS = `devnet=${node.url}`;
    clearRiskCache();
    try {
      const res = await accountsHandler(
        new Request('http://localhost/api/risk/accounts?network=devnet'),
      );
      assert.equal(res.status, 200);
      const body = (await res.json()) as {
        block: { number: number; hash: string };
        accounts: Array<{
          account: Hex;
          healthFactor: string;
          totalCollateralBase: string;
          totalDebtBase: string;
        }>;
      };
      const onChain = await accountDataOnChain(
        client,
        devnet.deployment.pool,
        body.accounts.map((a) => a.account),
        BigInt(body.block.number),
      );
      body.accounts.forEach((a, i) => {
        assert.deepEqual(
          [a.healthFactor, a.totalCollateralBase, a.totalDebtBase],
          [
            onChain[i].healthFactor.toString(),
            onChain[i].totalCollateralBase.toString(),
            onChain[i].totalDebtBase.toString(),
          ],
          a.account,
        );
      });
      const borrowers = (
        await accountDataOnChain(client, devnet.deployment.pool, users, BigInt(body.block.number))
      ).filter((c) => c.totalDebtBase > 0n).length;
      assert.equal(body.accounts.length, borrowers, 'every account with debt');
      const v = (await (
        await varHandler(new Request('http://localhost/api/risk/var?network=devnet'))
      ).json()) as { window: { days: number; scenarios: number } };
      assert.ok(
        v.window.days >= DAYS && v.window.scenarios === v.window.days - 1,
        JSON.stringify(v.window),
      );
      const s = (await (
        await summaryHandler(new Request('http://localhost/api/risk/summary?network=devnet'))
      ).json()) as { borrowers: number };
      assert.equal(s.borrowers, borrowers);
    } finally {
      delete process.env.SUBGRAPH_URLS;
    }
  },
);

test(
  '/api/risk/predict on the indexed book and PricePoints = the predictor on the chain book and feed logs',
  { skip: skipReason(), timeout: 300_000 },
  async () => {
    process.env.SUBGRAPH_URLS = `devnet=${node.url}`;
    clearRiskCache();
    try {
      const res = await predictHandler(
        new Request(
          'http://localhost/api/risk/predict?network=devnet&horizon=1d&paths=2000&seed=5',
        ),
      );
      assert.equal(res.status, 200);
      const api = (await res.json()) as Prediction & { block: { number: number } };
      assert.equal(api.method, 'ewma-filtered-historical-simulation');
      assert.deepEqual(api.history.marketsWithoutHistory, []);
      // the backtest's input at the same block: the book from the contracts, prices from the feeds
      const at = BigInt(api.block.number);
      const { pool, aaveOracle, tokens } = devnet.deployment;
      const chainBook = await bookFromChain(client, pool, aaveOracle, users, at);
      const prices = observationsUpTo(
        await answerLogs(client, tokens, at),
        tokens,
        chainBook,
        api.block.number,
      );
      const chain = predictLiquidations(chainBook, prices, { horizon: '1d', paths: 2000, seed: 5 });
      assert.equal(api.history.hours, chain.history.hours);
      const byAccount = new Map(chain.accounts.map((a) => [a.account, a]));
      assert.equal(api.accounts.length, chain.accounts.length);
      for (const a of api.accounts) {
        const c = byAccount.get(a.account);
        assert.ok(c, `${a.account} predicted from the chain too`);
        assert.equal(a.healthFactor, c.healthFactor, a.account);
        assert.equal(a.pLiquidation, c.pLiquidation, a.account);
      }
      // protocol figures are float sums over accounts, which the two books hold in different
      // orders: equal to 12 significant digits, not to the last bit
      const close = (a: unknown, b: unknown, path: string): void => {
        if (typeof a === 'number' && typeof b === 'number')
          assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b)), path);
        else if (a && typeof a === 'object' && b && typeof b === 'object') {
          assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort(), path);
          for (const k of Object.keys(a))
            close(
              (a as Record<string, unknown>)[k],
              (b as Record<string, unknown>)[k],
              `${path}.${k}`,
            );
        } else assert.equal(a, b, path);
      };
      close(api.protocol, chain.protocol, 'protocol');
    } finally {
      delete process.env.SUBGRAPH_URLS;
    }
  },
);
