// startIndexerNode's start-up checks: every mapping compiled and checked before anything else
// (a broken file stops the start naming file and data source, without touching the RPC), and
// the manifest's network against the RPC's chain id.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startIndexerNode } from './index.ts';
import {
  cleanupSubgraphs,
  fixtureMappingWasm,
  writeSubgraph,
} from '../test-fixtures/runtime/test-subgraph.ts';
import { FakeChain } from '../test-fixtures/ingest/fake-chain.ts';

let wasm: Uint8Array;
let chain: FakeChain;
const work = mkdtempSync(join(tmpdir(), 'cr-node-'));
before(async () => {
  wasm = await fixtureMappingWasm();
  chain = new FakeChain(4); // eth_chainId 0x7a69 = 31337, the devnet's
  await chain.start();
});
after(async () => {
  await chain.stop();
  cleanupSubgraphs();
  rmSync(work, { recursive: true, force: true });
});

const base = {
  serve: false,
  progress: false,
  exitWhenSynced: true,
  rpc: { timeoutMs: 500, baseDelayMs: 5, maxDelayMs: 20 },
} as const;

test(
  'a corrupt template mapping stops the start at once, naming the file and the template (the RPC is never asked)',
  { timeout: 60_000 },
  async () => {
    // An RPC that accepts connections and never answers: asking it would hang the start.
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    try {
      const t0 = Date.now();
      const dir = writeSubgraph(wasm, { template: new TextEncoder().encode('garbage, not wasm') });
      await assert.rejects(
        startIndexerNode({
          ...base,
          rpcUrl: url,
          subgraphDir: dir,
          dataDir: join(work, 'a'),
          log: () => {},
        }),
        /TokenTemplate\/TokenTemplate\.wasm \(mapping of template TokenTemplate\): not a valid WebAssembly module/,
      );
      assert.ok(Date.now() - t0 < 20_000);
      const missing = writeSubgraph(wasm, { handler: 'handleNope' });
      await assert.rejects(
        startIndexerNode({
          ...base,
          rpcUrl: url,
          subgraphDir: missing,
          dataDir: join(work, 'b'),
          log: () => {},
        }),
        /Token\/Token\.wasm: handler `handleNope` of data source Token is not exported by the mapping module/,
      );
    } finally {
      silent.close();
    }
  },
);

test("the manifest network must match the RPC's chain id", { timeout: 60_000 }, async () => {
  const dir = writeSubgraph(wasm, { network: 'mainnet' });
  await assert.rejects(
    startIndexerNode({
      ...base,
      rpcUrl: chain.url,
      subgraphDir: dir,
      dataDir: join(work, 'c'),
      log: () => {},
    }),
    // 31337 is a local chain's id: the message names the option that accepts a fork
    (e: Error) =>
      e.message ===
      `network mainnet expects chain id 1 but RPC at ${chain.url} reports 31337 (a local chain: for a fork of mainnet, pass --fork-of mainnet or FORK_OF=mainnet)`,
  );
  // An API key in the URL's path stays out of the message.
  await assert.rejects(
    startIndexerNode({
      ...base,
      rpcUrl: chain.url + '/v2/AbCdEfGhIjKlMnOpQrStUv',
      subgraphDir: dir,
      dataDir: join(work, 'c'),
      log: () => {},
    }),
    (e: Error) =>
      /^network mainnet expects chain id 1 but RPC at http:\/\/127\.0\.0\.1:\d+\/v2\/\*\*\* reports 31337 \(a local chain/.test(
        e.message,
      ) && !/AbCdEf/.test(e.message),
  );
});

test(
  'devnet on chain 31337 starts; a network name without a known chain id only warns',
  { timeout: 120_000 },
  async () => {
    for (const [network, warns] of [
      ['devnet', false],
      ['moonchain', true],
    ] as const) {
      const lines: string[] = [];
      const node = await startIndexerNode({
        ...base,
        rpcUrl: chain.url,
        subgraphDir: writeSubgraph(wasm, { network }),
        dataDir: join(work, network),
        log: (l) => lines.push(l),
      });
      try {
        await node.indexing;
        assert.equal(node.status.health, 'healthy', JSON.stringify(node.status.fatalError));
      } finally {
        await node.stop();
      }
      const warning = lines.find((l) =>
        /warning: network moonchain has no known chain id; not checking that the RPC at http:\/\/127\.0\.0\.1:\d+ \(chain id 31337\) serves it/.test(
          l,
        ),
      );
      assert.equal(!!warning, warns, lines.join('\n'));
    }
  },
);
