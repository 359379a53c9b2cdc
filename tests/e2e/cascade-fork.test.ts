// The cascade engine against the chain itself. A devnet with the real Aave V3 and Uniswap V3 is
// indexed; at two blocks (the end of the history, and after two more days of live market) and
// for four shocks (the ETH group, one asset, a stablecoin depeg, the thinnest asset) the chain
// is snapshotted, the shock is published on the price feeds, arbitrageurs swap every pool onto
// the new oracle price, and the devnet's liquidator bot (QuoterV2 quotes, Pool.liquidationCall,
// the sale through SwapRouter) runs until a pass liquidates nothing; then the chain is reverted.
// The engine predicts the same from the indexed book and pools at that block only. Compared:
// the accounts liquidated in the first round and in all (the same sets), the accounts left
// liquidatable but unprofitable (the same set: under HF 1 with collateral once the bot stops),
// and debt repaid, collateral sold and bad debt (within 1%). The indexed pools themselves are checked against the chain
// first (slot0, liquidity, every initialised tick). Figures: tests/artifacts/cascade-fork.json.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAbi, parseAbiItem, type Hex } from 'viem';
import {
  arbitrageToOracle,
  runLiquidationBot,
  setOraclePrices,
  startDevnet,
  type Devnet,
  type LiquidationRecord,
} from '../../devnet/src/index.ts';
import { SubgraphClient } from '../../dashboard/lib/subgraph-client';
import { loadBook } from '../../dashboard/lib/risk/book-from-subgraph';
import { prepareBook, type PreparedBook } from '../../dashboard/lib/risk/engine';
import { exactScenario, floatBook } from '../../dashboard/lib/risk/analysis';
import { marketsOfSymbolOrGroup } from '../../dashboard/lib/data/market-selection';
import { cascade, type CascadeResult } from '../../dashboard/lib/cascade/cascade';
import { loadDexPools } from '../../dashboard/lib/cascade/pools-from-subgraph';
import { chainClient } from './risk-chain-book';
import { gql, subgraphFor, indexOnce } from './indexer-helpers.ts';

const ACCOUNTS = Number(process.env.CASCADE_FORK_ACCOUNTS ?? 300);
const DAYS = Number(process.env.CASCADE_FORK_DAYS ?? 8);
const GAS_USD = 20;
/** [label, market symbol or group, drop in %] */
const SHOCKS: Array<[string, string, number]> = [
  ['ETH group −35%', 'ETH-like', 35],
  ['WBTC −40%', 'WBTC', 40],
  ['USDC depeg −12%', 'USDC', 12],
  ['TBILL −40% (thin pools)', 'TBILL', 40],
];
const POOL = parseAbi([
  'function slot0() view returns (uint160, int24, uint16, uint16, uint16, uint8, bool)',
  'function liquidity() view returns (uint128)',
  'function ticks(int24) view returns (uint128, int128, uint256, uint256, int56, uint160, uint32, bool)',
]);
const MINT = parseAbiItem(
  'event Mint(address sender, address indexed owner, int24 indexed tickLower, int24 indexed tickUpper, uint128 amount, uint256 amount0, uint256 amount1)',
);
const ACCOUNT_DATA = parseAbi([
  'function getUserAccountData(address) view returns (uint256, uint256, uint256, uint256, uint256, uint256)',
]);
const WAD = 10n ** 18n;

let devnet: Devnet;
let client: ReturnType<typeof chainClient>;
let work = '',
  dir = '';
const report: unknown[] = [];

async function indexToHead(): Promise<string> {
  const node = await indexOnce(devnet.rpcUrl!, dir, join(work, 'pg'));
  try {
    const head = await client.getBlock();
    const meta = await gql(node.url!, '{ _meta { block { number hash } } }');
    assert.equal(BigInt(meta._meta.block.number), head.number, 'indexed to the head');
    return await proveAt(node.url!, head.hash!);
  } finally {
    await node.stop();
  }
}

before(
  async () => {
    devnet = await startDevnet({
      seed: 'cascade-fork',
      accounts: ACCOUNTS,
      days: DAYS,
      live: false,
      quiet: true,
      writeFiles: false,
      port: 0,
    });
    assert.ok(devnet.deployment.dex, 'the devnet deploys Uniswap V3');
    client = chainClient(devnet.provider);
    work = mkdtempSync(join(tmpdir(), 'cr-cascade-fork-'));
    dir = subgraphFor(devnet.deployment);
  },
  { timeout: 900_000 },
);

after(async () => {
  mkdirSync('tests/artifacts', { recursive: true });
  writeFileSync('tests/artifacts/cascade-fork.json', JSON.stringify(report, null, 2));
  await devnet?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The indexed pools at `hash` equal the chain's: slot0, liquidity, every initialised tick. */
async function poolsEqualChain(url: string, hash: string, blockNumber: bigint): Promise<number> {
  const sg = new SubgraphClient(url);
  const book = await loadBook(sg, 'devnet', { blockHash: hash });
  const { indexed, pools } = await loadDexPools(sg, book);
  assert.ok(indexed, 'the subgraph indexes DexPool');
  assert.equal(pools.length, devnet.deployment.dex!.pools.length, 'every devnet pool indexed');
  let ticks = 0;
  for (const p of pools) {
    const address = p.address as Hex;
    const at = { address, abi: POOL, blockNumber } as const;
    const [sqrt, tick] = await client.readContract({ ...at, functionName: 'slot0' });
    assert.equal(p.state.sqrtPriceX96, sqrt, `${address} sqrtPriceX96`);
    assert.equal(p.state.tick, tick, `${address} tick`);
    assert.equal(
      p.state.liquidity,
      await client.readContract({ ...at, functionName: 'liquidity' }),
    );
    // the chain's initialised ticks: every bound a Mint named that still has liquidity
    const mints = await client.getLogs({
      address,
      event: MINT,
      fromBlock: 0n,
      toBlock: blockNumber,
    });
    const bounds = [...new Set(mints.flatMap((m) => [m.args.tickLower!, m.args.tickUpper!]))];
    const live: Array<{ tick: number; liquidityNet: bigint }> = [];
    for (const t of bounds.sort((a, b) => a - b)) {
      const [gross, net] = await client.readContract({ ...at, functionName: 'ticks', args: [t] });
      if (gross > 0n) live.push({ tick: t, liquidityNet: net });
    }
    assert.deepEqual(p.state.ticks, live, `${address} initialised ticks`);
    ticks += live.length;
  }
  return ticks;
}

/**
 * The chain once the bot has stopped, from getUserAccountData over the book's accounts: bad debt
 * (Σ max(0, debt − collateral) under HF 1) and the accounts still under HF 1 with collateral to
 * seize — liquidatable, yet the bot found no profitable liquidation of them.
 */
async function chainAfter(
  accounts: string[],
): Promise<{ badDebt: bigint; unprofitable: string[] }> {
  let badDebt = 0n;
  const unprofitable: string[] = [];
  for (const a of accounts) {
    const [coll, debt, , , , hf] = await client.readContract({
      address: devnet.deployment.pool,
      abi: ACCOUNT_DATA,
      functionName: 'getUserAccountData',
      args: [a as Hex],
    });
    if (debt === 0n || hf >= WAD) continue;
    if (debt > coll) badDebt += debt - coll;
    if (coll > 0n) unprofitable.push(a);
  }
  return { badDebt, unprofitable };
}

function valueOf(pb: PreparedBook, prices: bigint[], asset: Hex, amount: bigint): bigint {
  const m = pb.book.markets.findIndex((x) => x.id.toLowerCase() === asset.toLowerCase());
  assert.ok(m >= 0, `asset ${asset} is a market`);
  return (amount * prices[m]) / pb.units[m];
}

const within = (a: bigint, b: bigint, share: number) => {
  const big = a > b ? a : b;
  const diff = a > b ? a - b : b - a;
  return big === 0n || Number(diff) <= share * Number(big) || diff < 100n * 10n ** 8n; // or < $100
};

async function proveAt(url: string, hash: string): Promise<string> {
  const block = await client.getBlock({ blockHash: hash as Hex });
  const ticks = await poolsEqualChain(url, hash, block.number);
  const sg = new SubgraphClient(url);
  const book = await loadBook(sg, 'devnet', { blockHash: hash });
  const pb = prepareBook(book);
  const fb = floatBook(pb);
  const { pools } = await loadDexPools(sg, book);
  const accounts = book.accounts.map((a) => a.id);
  const lines: string[] = [];
  for (const [label, what, drop] of SHOCKS) {
    const markets = marketsOfSymbolOrGroup(pb, what);
    assert.ok(markets.length, `${what} names markets`);
    const prices = exactScenario(pb, fb, new Map(markets.map((m) => [m, drop * 100]))).prices;
    const predicted: CascadeResult = cascade(pb, prices, pools, {
      gasCostBase: BigInt(GAS_USD) * book.baseCurrencyUnit,
    });

    const snap = await devnet.snapshot();
    await setOraclePrices(
      devnet.miner,
      devnet.deployment,
      Object.fromEntries(markets.map((m) => [book.markets[m].symbol, prices[m]])),
    );
    await arbitrageToOracle(devnet.miner, devnet.deployment, { thresholdBps: 0 });
    const first = await runLiquidationBot(devnet.miner, devnet.deployment, {
      gasCostUsd: GAS_USD,
      maxPasses: 1,
    });
    const later = first.liquidations.length
      ? await runLiquidationBot(devnet.miner, devnet.deployment, { gasCostUsd: GAS_USD })
      : { liquidations: [] as LiquidationRecord[], passes: 0, skipped: first.skipped };
    const all = [...first.liquidations, ...later.liquidations];
    const { badDebt: chainBad, unprofitable } = await chainAfter(accounts);
    await devnet.revert(snap);

    const lower = (xs: string[]) => [...new Set(xs.map((x) => x.toLowerCase()))].sort();
    const chain = {
      firstRound: lower(first.liquidations.map((l) => l.user)),
      liquidated: lower(all.map((l) => l.user)),
      debtRepaid: all.reduce((s, l) => s + valueOf(pb, prices, l.debt, l.debtRepaid), 0n),
      collateralSold: all.reduce(
        (s, l) => s + valueOf(pb, prices, l.collateral, l.collateralSold),
        0n,
      ),
      badDebt: chainBad,
      unprofitable: lower(unprofitable),
      passes: 1 + later.passes,
    };
    const engine = {
      firstRound: lower(predicted.firstRoundAccounts),
      liquidated: lower(predicted.liquidatedAccounts),
      debtRepaid: predicted.debtRepaidBase,
      collateralSold: predicted.collateralSoldBase,
      badDebt: predicted.badDebtBase,
      unprofitable: lower(predicted.unprofitableAccounts),
      rounds: predicted.rounds.length,
    };
    const usd = (x: bigint) => Number(x) / Number(book.baseCurrencyUnit);
    const row = {
      block: Number(block.number),
      shock: label,
      liquidatedChain: chain.liquidated.length,
      liquidatedEngine: engine.liquidated.length,
      firstRoundChain: chain.firstRound.length,
      firstRoundEngine: engine.firstRound.length,
      debtRepaidUSD: { chain: usd(chain.debtRepaid), engine: usd(engine.debtRepaid) },
      collateralSoldUSD: { chain: usd(chain.collateralSold), engine: usd(engine.collateralSold) },
      badDebtUSD: { chain: usd(chain.badDebt), engine: usd(engine.badDebt) },
      unprofitableChain: chain.unprofitable.length,
      unprofitableEngine: engine.unprofitable.length,
      passes: chain.passes,
      rounds: engine.rounds,
      naiveLiquidatable: exactScenario(pb, fb, new Map(markets.map((m) => [m, drop * 100])))
        .liquidatable.length,
    };
    report.push(row);
    lines.push(JSON.stringify(row));
    assert.deepEqual(engine.firstRound, chain.firstRound, `${label}: first-round accounts`);
    assert.deepEqual(engine.liquidated, chain.liquidated, `${label}: accounts liquidated`);
    assert.deepEqual(engine.unprofitable, chain.unprofitable, `${label}: left unprofitable`);
    assert.ok(
      within(engine.debtRepaid, chain.debtRepaid, 0.01),
      `${label}: debt repaid ${JSON.stringify(row.debtRepaidUSD)}`,
    );
    assert.ok(
      within(engine.collateralSold, chain.collateralSold, 0.01),
      `${label}: collateral sold ${JSON.stringify(row.collateralSoldUSD)}`,
    );
    assert.ok(
      within(engine.badDebt, chain.badDebt, 0.01),
      `${label}: bad debt ${JSON.stringify(row.badDebtUSD)}`,
    );
  }
  return `${ticks} ticks; ${lines.join('\n')}`;
}

test(
  'at the end of the history: indexed pools equal the chain; each shock as the chain liquidates it',
  { timeout: 900_000 },
  async () => {
    console.log(await indexToHead());
  },
);

test('two days of live market later: the same at the new head', { timeout: 900_000 }, async () => {
  for (let h = 0; h < 48; h++) await devnet.sim.liveStep(devnet.miner.lastTimestamp + 3600);
  console.log(await indexToHead());
  const rows = report as Array<{ liquidatedChain: number; unprofitableChain: number }>;
  assert.ok(
    rows.some((r) => r.liquidatedChain > 0) && rows.some((r) => r.unprofitableChain > 0),
    'the shocks both liquidate and leave unprofitable accounts on the chain (not vacuous)',
  );
});
