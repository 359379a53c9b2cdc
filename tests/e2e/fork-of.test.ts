// A subgraph built for mainnet, indexed from a local chain that reports chain id 31337 (the
// devnet plays a Hardhat fork of mainnet here): refused without --fork-of, with a message that
// names the option; accepted with forkOf 'mainnet', which the start-up line and the index-node
// status (chains[].forkOf, the one field graph-node's API does not have) both say.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startDevnet, type Devnet } from '../../devnet/src/index.ts';
import { startIndexerNode } from '../../indexer/src/index.ts';
import { gql, subgraphFor } from './indexer-helpers.ts';

let devnet: Devnet;
let work = '';
let dir = '';

before(
  async () => {
    devnet = await startDevnet({
      seed: 'fork-of',
      accounts: 6,
      days: 0.25,
      live: false,
      quiet: true,
      writeFiles: false,
      port: 0,
    });
    work = mkdtempSync(join(tmpdir(), 'cr-fork-of-'));
    dir = subgraphFor(devnet.deployment, 'mainnet');
  },
  { timeout: 300_000 },
);

after(async () => {
  await devnet?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const options = (extra: object) => ({
  rpcUrl: devnet.rpcUrl!,
  subgraphDir: dir,
  dataDir: join(work, 'pg'),
  port: 0,
  statusPort: 0,
  exitWhenSynced: true,
  progress: false,
  ...extra,
});

test('a mainnet subgraph on a chain with id 31337: refused without --fork-of', async () => {
  await assert.rejects(
    startIndexerNode(options({ log: () => {} })),
    /network mainnet expects chain id 1 but RPC at .* reports 31337 \(a local chain: for a fork of mainnet, pass --fork-of mainnet or FORK_OF=mainnet\)/,
  );
});

test(
  'with forkOf mainnet: indexed, and the start-up line and the status API say so',
  { timeout: 300_000 },
  async () => {
    const lines: string[] = [];
    const node = await startIndexerNode(
      options({ forkOf: 'mainnet', log: (m: string) => lines.push(m) }),
    );
    try {
      await node.indexing;
      assert.equal(node.status.health, 'healthy', JSON.stringify(node.status.fatalError));
      assert.ok(
        lines.some((l) => /indexing a local fork of mainnet \(RPC chain id 31337\)/.test(l)),
        lines.join('\n'),
      );
      const s = await gql<{
        indexingStatuses: Array<{ chains: Array<{ network: string; forkOf: string | null }> }>;
      }>(node.statusUrl!, '{ indexingStatuses { chains { network forkOf } } }');
      assert.deepEqual(s.indexingStatuses[0].chains[0], { network: 'mainnet', forkOf: 'mainnet' });
      const m = await gql<{ markets: unknown[] }>(node.url!, '{ markets { id } }');
      assert.ok(m.markets.length > 0, 'markets indexed from the fork');
    } finally {
      await node.stop();
    }
  },
);
