// Fidelity of the risk engine on the devnet (real Aave V3 contracts):
// 1. every account that ever held an aToken or debt token (simulated users, liquidation bots, the
//    treasury: the holders devnet:truth lists) has HF / collateral / debt / LT / LTV /
//    availableBorrowsBase from a Book read off the chain equal to Pool.getUserAccountData;
// 2. prediction == reality: after ETH −25%, BTC −30% and a 5% stablecoin depeg are published on
//    the devnet's feeds, the accounts the engine predicted liquidatable are exactly those with
//    on-chain HF < 1 (and every predicted HF equals the on-chain one);
// (3. the same on a Book paged from the local indexer: risk-indexer.test.ts)
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import type { Hex } from 'viem';
import { availableBorrowsBase, prepareBook, evaluate } from '../../dashboard/lib/risk/engine';
import { floatBook, exactScenario, marketsOfClass } from '../../dashboard/lib/risk/analysis';
import type { AssetClass } from '../../dashboard/lib/risk/classes';
import { WAD } from '../../dashboard/lib/risk/math';
import type { Book } from '../../dashboard/lib/risk/types';
import { positionTerms, weightedBps } from '../../dashboard/lib/data/position-terms';
import { bookFromChain, accountDataOnChain, chainClient } from './risk-chain-book';
import { startDevnet } from '../../devnet/src/index.ts';
import { dumpTruth } from '../../devnet/src/core/truth.ts';

const ACCOUNTS = Number(process.env.RISK_FIDELITY_ACCOUNTS ?? 100);
const DAYS = Number(process.env.RISK_FIDELITY_DAYS ?? 6);
let newlyTotal = 0;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let devnet: any;
let client: ReturnType<typeof chainClient>;
let book: Book;
let users: Hex[];

before(
  async () => {
    // the devnet package is ESM (.ts imports): load it with a real dynamic import
    devnet = await startDevnet({
      seed: 7,
      accounts: ACCOUNTS,
      days: DAYS,
      live: false,
      quiet: true,
      writeFiles: false,
    });
    client = chainClient(devnet.provider);
    const head = await client.getBlockNumber();
    const holders = (await dumpTruth(client, devnet.deployment, head)).accounts.map((a) =>
      a.address.toLowerCase(),
    );
    users = [
      ...new Set([...(devnet.users as Hex[]).map((u) => u.toLowerCase()), ...holders]),
    ] as Hex[];
    book = await bookFromChain(
      client,
      devnet.deployment.pool,
      devnet.deployment.aaveOracle,
      users,
      head,
    );
  },
  { timeout: 600_000 },
);

after(async () => {
  await devnet?.stop();
});

function assertSameAsChain(
  label: string,
  b: Book,
  onChain: Awaited<ReturnType<typeof accountDataOnChain>>,
  timestamp?: bigint,
) {
  const r = evaluate(prepareBook(b, timestamp));
  let mismatches = 0;
  const msgs: string[] = [];
  for (let i = 0; i < b.accounts.length; i++) {
    const c = onChain[i];
    const same =
      r.healthFactor[i] === c.healthFactor &&
      r.totalCollateralBase[i] === c.totalCollateralBase &&
      r.totalDebtBase[i] === c.totalDebtBase &&
      r.avgLiquidationThreshold[i] === c.currentLiquidationThreshold &&
      r.avgLtv[i] === c.ltv &&
      availableBorrowsBase(r, i) === c.availableBorrowsBase;
    if (!same) {
      mismatches++;
      if (msgs.length < 5)
        msgs.push(
          `${b.accounts[i].id}: HF ${r.healthFactor[i]} vs ${c.healthFactor}, coll ${r.totalCollateralBase[i]} vs ${c.totalCollateralBase}, debt ${r.totalDebtBase[i]} vs ${c.totalDebtBase}, LT ${r.avgLiquidationThreshold[i]} vs ${c.currentLiquidationThreshold}, available ${availableBorrowsBase(r, i)} vs ${c.availableBorrowsBase}`,
        );
    }
  }
  assert.equal(
    mismatches,
    0,
    `${label}: ${mismatches}/${b.accounts.length} accounts differ from getUserAccountData\n${msgs.join('\n')}`,
  );
  return r;
}

test(
  'every account with a token: HF, collateral, debt, LT, LTV and available borrows equal Pool.getUserAccountData',
  { timeout: 300_000 },
  async () => {
    const onChain = await accountDataOnChain(
      client,
      devnet.deployment.pool,
      users,
      BigInt(book.block.number),
    );
    const r = assertSameAsChain('history end', book, onChain);
    const borrowers = r.totalDebtBase.filter((d) => d > 0n).length;
    const emode = book.accounts.filter((a) => a.eModeCategoryId !== 0 && a.positions.length).length;
    assert.ok(borrowers >= 5, `the scenario should have borrowers (has ${borrowers})`);
    console.log(
      `# fidelity: ${book.accounts.length} accounts (${book.accounts.length - devnet.users.length} not simulated users), ${borrowers} borrowers, ${emode} in e-mode at block ${book.block.number}`,
    );
    assert.ok(users.includes(devnet.deployment.treasury.toLowerCase()), 'the treasury is compared');
    assert.ok(emode >= 2, `accounts in e-mode with positions are compared (${emode})`);
    const stable = book.accounts.filter((a) => a.positions.some((p) => p.stableDebt > 0n)).length;
    assert.ok(stable >= 3, `accounts with stable-rate debt are compared (${stable})`);
    // the account page's table: the collateral-weighted average of the LT / LTV it shows per
    // position (e-mode category or reserve) is the chain's currentLiquidationThreshold / ltv
    const pb = prepareBook(book);
    let emodeTerms = 0;
    book.accounts.forEach((a, i) => {
      const terms = positionTerms(pb, i);
      if (terms.some((t) => t.eMode && t.collateralBase > 0n)) emodeTerms++;
      assert.equal(
        weightedBps(terms, 'liquidationThreshold'),
        onChain[i].currentLiquidationThreshold,
        `${a.id} LT from the page's terms`,
      );
      assert.equal(weightedBps(terms, 'ltv'), onChain[i].ltv, `${a.id} LTV from the page's terms`);
    });
    assert.ok(emodeTerms > 0, 'some account has collateral under e-mode terms');
    // and later in time: balances now (interest since the last reserve update) without any tx
    const later = await devnet.mine();
    const blk = await client.getBlock({ blockNumber: later });
    const onChainLater = await accountDataOnChain(client, devnet.deployment.pool, users, later);
    assertSameAsChain('one block later', book, onChainLater, blk.timestamp);
    assert.ok(
      onChainLater.some((c, i) => c.totalDebtBase !== onChain[i].totalDebtBase),
      'debt should accrue between blocks',
    );
  },
);

const SHOCKS: Array<{ name: string; cls: AssetClass; devnetGroup: string; dropPct: number }> = [
  { name: 'ETH −25%', cls: 'ETH-like', devnetGroup: 'eth', dropPct: 25 },
  { name: 'BTC −30%', cls: 'BTC-like', devnetGroup: 'btc', dropPct: 30 },
  { name: 'stablecoin depeg 5%', cls: 'stablecoin', devnetGroup: 'stable', dropPct: 5 },
];

/** Publish `drops` (bps per market index) on the devnet, compare prediction and chain, revert. */
async function predictionEqualsReality(name: string, drops: Map<number, number>) {
  const pb = prepareBook(book);
  const fb = floatBook(pb);
  const predicted = exactScenario(pb, fb, drops);
  const snap = await devnet.snapshot();
  try {
    // publish exactly the predicted integer prices on the feeds (USD with 8 decimals)
    const prices: Record<string, number> = {};
    for (const m of drops.keys())
      prices[book.markets[m].symbol] = Number(predicted.prices[m]) / 1e8;
    const blockNumber: bigint = await devnet.setPrices(prices);
    const blk = await client.getBlock({ blockNumber });
    const onChain = await accountDataOnChain(client, devnet.deployment.pool, users, blockNumber);
    // the oracle now reports the shocked prices
    const chainBook = await bookFromChain(
      client,
      devnet.deployment.pool,
      devnet.deployment.aaveOracle,
      users,
      blockNumber,
    );
    for (const m of drops.keys())
      assert.equal(
        chainBook.markets[m].priceBase,
        predicted.prices[m],
        `${book.markets[m].symbol} price on chain`,
      );

    // prediction from the pre-shock book, evaluated at the shock block's time
    const atShock = exactScenario(prepareBook(book, blk.timestamp), fb, drops);
    const predictedSet = new Set(atShock.liquidatable.map((i) => book.accounts[i].id));
    // status liquidatable: HF < 1 with collateral left (an account with none is insolvent)
    const realSet = new Set(
      users
        .filter((_, i) => onChain[i].healthFactor < WAD && onChain[i].totalCollateralBase > 0n)
        .map((u) => u.toLowerCase()),
    );
    assert.deepEqual(
      [...predictedSet].sort(),
      [...realSet].sort(),
      `${name}: predicted vs on-chain liquidatable`,
    );
    for (let i = 0; i < users.length; i++) {
      assert.equal(
        atShock.results.healthFactor[i],
        onChain[i].healthFactor,
        `${users[i]} HF after ${name}`,
      );
      assert.equal(
        atShock.results.totalCollateralBase[i],
        onChain[i].totalCollateralBase,
        `${users[i]} collateral after ${name}`,
      );
    }
    const before = evaluate(prepareBook(book, blk.timestamp));
    const newly = atShock.liquidatable.filter((i) => before.healthFactor[i] >= WAD).length;
    newlyTotal += newly;
    console.log(
      `# ${name}: ${realSet.size} liquidatable on chain (${newly} newly), predicted ${predictedSet.size}; bad debt ${atShock.totals.badDebt.toFixed(0)} base units`,
    );
  } finally {
    await devnet.revert(snap);
  }
}

for (const shock of SHOCKS) {
  test(`prediction == reality: ${shock.name}`, { timeout: 300_000 }, async () => {
    const markets = marketsOfClass(prepareBook(book), shock.cls);
    // our asset classes agree with the devnet's groups
    const devnetSymbols = devnet.deployment.tokens
      .filter((t: { group: string }) => t.group === shock.devnetGroup)
      .map((t: { symbol: string }) => t.symbol)
      .sort();
    assert.deepEqual(markets.map((m) => book.markets[m].symbol).sort(), devnetSymbols);
    await predictionEqualsReality(
      shock.name,
      new Map(markets.map((m) => [m, shock.dropPct * 100])),
    );
  });
}

test(
  'prediction == reality: custom multi-asset crash (ETH −40%, BTC −45%, LINK −60%, USDC −3%)',
  { timeout: 300_000 },
  async () => {
    const idx = (sym: string) => book.markets.findIndex((m) => m.symbol === sym);
    const drops = new Map<number, number>([
      [idx('WETH'), 4000],
      [idx('wstETH'), 4000],
      [idx('WBTC'), 4500],
      [idx('LINK'), 6000],
      [idx('USDC'), 300],
    ]);
    assert.ok([...drops.keys()].every((k) => k >= 0));
    await predictionEqualsReality('multi-asset crash', drops);
    // the shocks above must have moved some healthy account below 1, or the comparison is vacuous
    assert.ok(newlyTotal > 0, 'no shock made a healthy account liquidatable');
  },
);

// The same checks on a Book paged from the local indexer's GraphQL: tests/e2e/risk-indexer.test.ts
