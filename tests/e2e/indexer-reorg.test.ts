// Reorg end to end on the devnet: the indexer follows the head, the chain is rewound
// (evm_revert) and re-mined differently; afterwards the indexed state equals a fresh index of
// the canonical chain (the brief's reorg target), queried through GraphQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gql, missingPiece, subgraphFor } from './indexer-helpers.ts';
import { startDevnet } from '../../devnet/src/index.ts';
import { startIndexerNode } from '../../indexer/src/index.ts';

const missing = missingPiece();

const QUERY = `{
  tokens(first: 1000, orderBy: id) { id lastPriceBase }
  pricePoints(first: 1000, orderBy: id) { id priceBase blockNumber }
  markets(first: 100, orderBy: id) { id liquidityIndex variableBorrowIndex scaledATokenSupply scaledVariableDebt totalSupply }
  _meta { block { number hash } }
}`;

test(
  'indexer e2e: a devnet reorg while following the head ends in the same state as a fresh index',
  { skip: missing ? `missing piece: ${missing}` : false, timeout: 600_000 },
  async () => {
    const devnet = await startDevnet({
      seed: 4,
      accounts: 15,
      days: 1,
      live: false,
      port: 0,
      writeFiles: false,
      quiet: true,
    });
    const work = mkdtempSync(join(tmpdir(), 'cr-reorg-'));
    const dir = subgraphFor(devnet.deployment);
    const opts = {
      rpcUrl: devnet.rpcUrl!,
      network: 'devnet',
      subgraphDir: dir,
      port: 0,
      statusPort: 0,
      progress: false,
      log: () => {},
      pollMs: 100,
    };
    const nodes: Awaited<ReturnType<typeof startIndexerNode>>[] = [];
    try {
      const live = await startIndexerNode({ ...opts, dataDir: join(work, 'live') });
      nodes.push(live);
      const head = async () =>
        Number((await devnet.provider.request({ method: 'eth_blockNumber' })) as string);
      const waitSynced = async (n: number) => {
        for (let i = 0; i < 1200; i++) {
          const b = live.status.latestBlock;
          if (b && b.number === n) {
            const blk = (await devnet.provider.request({
              method: 'eth_getBlockByNumber',
              params: ['0x' + n.toString(16), false],
            })) as { hash: string };
            if (blk.hash === b.hash) return;
          }
          await new Promise((r) => setTimeout(r, 100));
        }
        assert.fail(`indexer did not reach block ${n}: ${JSON.stringify(live.status)}`);
      };
      await waitSynced(await head());
      const snap = await devnet.snapshot();
      // Fork A: three price moves, indexed.
      await devnet.setPrices({ eth: 0.9 }, { multiply: true });
      await devnet.setPrices({ btc: 1.1 }, { multiply: true });
      await devnet.setPrices({ stable: 0.99 }, { multiply: true });
      await waitSynced(await head());
      const onA = await gql(live.url!, QUERY);
      // Fork B from the snapshot: other moves, one block longer.
      await devnet.revert(snap);
      await devnet.setPrices({ eth: 1.2 }, { multiply: true });
      await devnet.mine();
      await devnet.setPrices({ btc: 0.8 }, { multiply: true });
      await devnet.mine();
      const tip = await head();
      await waitSynced(tip);
      const afterReorg = await gql(live.url!, QUERY);
      assert.ok(live.indexer.stats.reorgs >= 1, 'the reorg was detected');
      assert.notDeepEqual(afterReorg.pricePoints, onA.pricePoints, 'fork A prices are gone');
      // A fresh index of the canonical chain.
      const fresh = await startIndexerNode({
        ...opts,
        dataDir: join(work, 'fresh'),
        exitWhenSynced: true,
      });
      nodes.push(fresh);
      await fresh.indexing;
      const canonical = await gql(fresh.url!, QUERY);
      assert.equal(canonical._meta.block.number, tip);
      assert.deepEqual(afterReorg, canonical);
    } finally {
      for (const n of nodes) await n.stop();
      await devnet.stop();
      rmSync(work, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
