// Reorgs on the devnet: the indexer follows the head; the chain is forked (evm_snapshot, fork A
// indexed, evm_revert, a different and longer fork B) at depths 1, 2, 5, 20 and 50 — fork A of
// depth 5 holds liquidations (price crash + liquidation bots), fork A of depth 20 holds a
// template's creation (a new price feed → PriceFeed data source). After each reorg the live
// state hash equals a fresh index of the canonical chain, time-travel queries at the block
// before the fork are unchanged, and the fork-A-only liquidations / data source are gone.
// RELIABILITY_STORE=postgres follows the head into PostgreSQL (the fresh indexes stay PGlite);
// RELIABILITY_REORG_DEPTHS=5,20 keeps the two depths that remove a liquidation and a template.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { encodeDeployData, encodeFunctionData, type Abi, type Hex } from 'viem';
import {
  diffTables,
  dropSchemaUnderTest,
  gql,
  headNumber,
  missingPiece,
  referenceIndex,
  rmrf,
  sleep,
  startSmallDevnet,
  stateHash,
  STORE_UNDER_TEST,
  storeMissing,
  storeUnderTest,
  subgraphFor,
  tempDir,
  type IndexerNode,
} from './harness.ts';
import { devnetContracts } from '../../devnet/src/core/compile.ts';
import { aaveAbi } from '../../devnet/src/core/artifacts.ts';
import { startIndexerNode } from '../../indexer/src/index.ts';

const missing = missingPiece() ?? storeMissing();
const skip = missing ? `missing piece: ${missing}` : false;
const DEPTHS = (process.env.RELIABILITY_REORG_DEPTHS ?? '1,2,5,20,50').split(',').map(Number);

let devnet: Awaited<ReturnType<typeof startSmallDevnet>> | null = null;
let dir = '',
  work = '';
let live: IndexerNode | null = null;

before(async () => {
  if (missing) return;
  devnet = await startSmallDevnet(51, 2, 12);
  dir = subgraphFor(devnet.deployment);
  work = tempDir('reorg');
});
after(async () => {
  const schema = live?.store.layout.schemaName;
  await live?.stop();
  await dropSchemaUnderTest(schema);
  await devnet?.stop();
  rmrf(work);
  rmrf(dir);
});

const TT = (n: number) => `{
  tokens(first: 100, orderBy: id, block: { number: ${n} }) { id lastPriceBase }
  markets(first: 100, orderBy: id, block: { number: ${n} }) { id liquidityIndex variableBorrowIndex scaledATokenSupply scaledVariableDebt totalSupply liquidationCount }
  liquidations(first: 1000, orderBy: id, block: { number: ${n} }) { id }
}`;

/** The indexed block's hash, from the index-node API as a graph-node client would ask it. */
async function blockHashAt(n: number): Promise<unknown> {
  return gql(live!.statusUrl!, `{ blockHashFromNumber(network: "devnet", blockNumber: ${n}) }`);
}

async function waitSynced(n: number) {
  for (let i = 0; i < 3000; i++) {
    const b = live!.status.latestBlock;
    if (b && b.number === n) {
      const blk = (await devnet!.provider.request({
        method: 'eth_getBlockByNumber',
        params: ['0x' + n.toString(16), false],
      })) as { hash: string };
      if (blk.hash === b.hash) return;
    }
    if (live!.status.health === 'failed')
      assert.fail(`indexer failed: ${JSON.stringify(live!.status.fatalError)}`);
    await sleep(100);
  }
  assert.fail(`indexer did not reach block ${n}: ${JSON.stringify(live!.status)}`);
}

const count = async (table: string) => {
  const { rows } = await live!.store.driver.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "${live!.store.layout.schemaName}"."${table}"`,
  );
  return rows[0].n;
};
const currentLiquidations = async () => {
  const t = live!.store.layout.table('Liquidation');
  const { rows } = await live!.store.driver.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${t.qname}`,
  );
  return rows[0].n;
};

/** A new aggregator + feed proxy and AaveOracle.setAssetSources → the subgraph creates a PriceFeed data source. */
async function newPriceFeed(tokenIndex: number) {
  const own = devnetContracts();
  const d = devnet!.deployment as unknown as {
    deployer: Hex;
    aaveOracle: Hex;
    oracleTransmitter: Hex;
    tokens: { address?: Hex; underlying?: Hex; asset?: Hex }[];
  };
  const miner = devnet!.sim.miner;
  const token = (d.tokens[tokenIndex].address ??
    d.tokens[tokenIndex].underlying ??
    d.tokens[tokenIndex].asset)!;
  const agg = await miner.nextContractAddress(d.deployer);
  const aggData = encodeDeployData({
    abi: own.DevnetAggregator.abi as Abi,
    bytecode: own.DevnetAggregator.bytecode as Hex,
    args: [8, 'REORG / USD', d.oracleTransmitter, 123_456_000_000n],
  } as never);
  await miner.send({ from: d.deployer, data: aggData, gas: 3_000_000n });
  const proxy = await miner.nextContractAddress(d.deployer);
  const proxyData = encodeDeployData({
    abi: own.DevnetFeedProxy.abi as Abi,
    bytecode: own.DevnetFeedProxy.bytecode as Hex,
    args: [agg],
  } as never);
  await miner.send({ from: d.deployer, data: proxyData, gas: 3_000_000n });
  await miner.mine(miner.lastTimestamp + 12);
  await miner.send({
    from: d.deployer,
    to: d.aaveOracle,
    data: encodeFunctionData({
      abi: aaveAbi('AaveOracle'),
      functionName: 'setAssetSources',
      args: [[token], [proxy]],
    } as never),
    gas: 600_000n,
  });
  await miner.mine(miner.lastTimestamp + 12);
}

test(
  `reorgs at depths ${DEPTHS.join(', ')} on ${STORE_UNDER_TEST} (5 removes a liquidation, 20 a template's creation): state == fresh index, time travel before the fork unchanged`,
  { skip, timeout: 2_400_000 },
  async () => {
    live = await startIndexerNode({
      rpcUrl: devnet!.rpcUrl!,
      network: 'devnet',
      subgraphDir: dir,
      ...storeUnderTest(join(work, 'live')),
      port: 0,
      statusPort: 0,
      progress: false,
      log: () => {},
      pollMs: 100,
    });
    await waitSynced(await headNumber(devnet!.provider));
    const results: string[] = [];
    for (const depth of DEPTHS) {
      const forkPoint = await headNumber(devnet!.provider);
      // the fork point's state and its stored hash (graph-node's `_meta` by number has no hash)
      const pre: unknown = [await gql(live.url!, TT(forkPoint)), await blockHashAt(forkPoint)];
      const reorgsBefore = live.indexer.stats.reorgs;
      const liqBefore = await currentLiquidations();
      const dsBefore = await count('data_source$');
      const snap = await devnet!.snapshot();
      // Fork A: `depth` blocks.
      if (depth === 5) {
        await devnet!.setPrices({ eth: 0.5, btc: 0.6, other: 0.5 }, { multiply: true }); // 1 block
        const ts = Number(
          (
            (await devnet!.provider.request({
              method: 'eth_getBlockByNumber',
              params: ['latest', false],
            })) as { timestamp: string }
          ).timestamp,
        );
        await devnet!.sim.liveStep(ts + 12); // visits + liquidations (1-2 blocks)
      } else if (depth === 20) {
        await newPriceFeed(0); // 2 blocks
      }
      while ((await headNumber(devnet!.provider)) < forkPoint + depth)
        await devnet!.setPrices({ eth: 0.97 }, { multiply: true });
      const headA = await headNumber(devnet!.provider);
      assert.equal(
        headA,
        forkPoint + depth,
        `fork A is ${headA - forkPoint} blocks, wanted ${depth}`,
      );
      await waitSynced(headA);
      const liqA = await currentLiquidations();
      const dsA = await count('data_source$');
      if (depth === 5)
        assert.ok(liqA > liqBefore, `fork A of depth 5 has liquidations (${liqBefore} → ${liqA})`);
      if (depth === 20)
        assert.ok(
          dsA > dsBefore,
          `fork A of depth 20 created a data source (${dsBefore} → ${dsA})`,
        );
      // Fork B: different transactions, one block longer.
      await devnet!.revert(snap);
      for (let i = 0; i <= depth; i++) {
        if (i % 2 === 0) await devnet!.setPrices({ btc: 1.01, stable: 0.999 }, { multiply: true });
        else await devnet!.mine();
      }
      const headB = await headNumber(devnet!.provider);
      assert.equal(headB, forkPoint + depth + 1);
      await waitSynced(headB);
      assert.ok(live.indexer.stats.reorgs > reorgsBefore, `depth ${depth}: the reorg was detected`);
      if (depth === 5)
        assert.equal(await currentLiquidations(), liqBefore, 'fork A liquidations are gone');
      if (depth === 20)
        assert.equal(await count('data_source$'), dsBefore, 'fork A data source is gone');
      const post: unknown = [await gql(live.url!, TT(forkPoint)), await blockHashAt(forkPoint)];
      assert.deepEqual(
        post,
        pre,
        `depth ${depth}: time travel to block ${forkPoint} (before the fork) changed`,
      );
      // The reference: a fresh index of the canonical chain.
      const got = await stateHash(live.store.driver, live.store.layout.schemaName);
      const ref = (await referenceIndex(devnet!.rpcUrl!, dir, join(work, `fresh-${depth}`))).state;
      assert.equal(ref.cursor?.number, headB);
      assert.equal(got.hash, ref.hash, `depth ${depth}: ${diffTables(got, ref)}`);
      results.push(
        `depth ${depth}: fork at ${forkPoint}, A→${headA}, B→${headB}, liquidations ${liqBefore}/${liqA}/${await currentLiquidations()}, data sources ${dsBefore}/${dsA}/${await count('data_source$')}, hash ${got.hash.slice(0, 12)} == fresh`,
      );
      rmrf(join(work, `fresh-${depth}`));
    }
    console.log(
      `# reorgs survived: ${results.length} (indexer counted ${live.indexer.stats.reorgs})`,
    );
    for (const r of results) console.log(`#   ${r}`);
  },
);
