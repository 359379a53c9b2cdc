// Handler failure: a deterministic error in a mapping (a fixture wrapping the real WASM mapping
// that throws the runtime's DeterministicError — what a WASM trap becomes — in the first handler
// run at or after a chosen block) marks the deployment failed at that block, keeps the error
// (also across a restart), serves data up to the previous block (state hash == a clean index
// stopped at that block), and `_meta.hasIndexingErrors` is true.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  diffTables,
  gql,
  missingPiece,
  referenceIndex,
  rmrf,
  startSmallDevnet,
  stateHash,
  subgraphFor,
  tempDir,
} from './harness.ts';
import { startIndexerNode } from '../../indexer/src/index.ts';
import { TriggerRunner } from '../../indexer/src/ingest/trigger-runner.ts';
import { DeterministicError } from '../../indexer/src/internal/errors.ts';

const missing = missingPiece();
const skip = missing ? `missing piece: ${missing}` : false;

let devnet: Awaited<ReturnType<typeof startSmallDevnet>> | null = null;
let dir = '',
  work = '';

before(async () => {
  if (missing) return;
  devnet = await startSmallDevnet(61, 2, 10);
  dir = subgraphFor(devnet.deployment);
  work = tempDir('handler');
});
after(async () => {
  await devnet?.stop();
  rmrf(work);
  rmrf(dir);
});

test(
  'a deterministic mapping error fails the deployment at that block, keeps the error, serves up to the block before, hasIndexingErrors',
  { skip, timeout: 600_000 },
  async () => {
    const target = Number(devnet!.deployment.startBlock) + 15;
    let failedAt: number | null = null,
      failedHandler = '';
    // The fixture: wrap the mapping modules the indexer's trigger runner loads.
    const proto = TriggerRunner.prototype as unknown as {
      module(spec: unknown): Promise<{ runEvent: Function; runBlock: Function }>;
    };
    const orig = proto.module;
    const wrapped = new WeakSet<object>();
    proto.module = async function (this: unknown, spec: unknown) {
      const m = await orig.call(this, spec);
      if (wrapped.has(m)) return m;
      wrapped.add(m);
      const runEvent = m.runEvent.bind(m);
      m.runEvent = async (handler: string, event: { block: { number: bigint } }, ctx: unknown) => {
        const n = Number(event.block.number);
        if (failedAt === null && n >= target) {
          failedAt = n;
          failedHandler = handler;
        }
        if (n === failedAt && handler === failedHandler)
          throw new DeterministicError(`reliability fixture: trap in ${handler} at block ${n}`);
        return runEvent(handler, event, ctx);
      };
      return m;
    };
    try {
      const opts = {
        rpcUrl: devnet!.rpcUrl!,
        network: 'devnet',
        subgraphDir: dir,
        dataDir: join(work, 'failing'),
        port: 0,
        statusPort: 0,
        progress: false,
        log: () => {},
        exitWhenSynced: true,
        flush: { blocks: 3, ms: 50 },
      };
      let node = await startIndexerNode(opts);
      try {
        await node.indexing;
        assert.ok(failedAt !== null, 'the fixture fired');
        assert.equal(node.status.health, 'failed');
        assert.equal(node.status.fatalError?.block?.number, failedAt);
        assert.equal(node.status.fatalError?.deterministic, true);
        assert.match(node.status.fatalError!.message, /reliability fixture: trap/);
        const meta = await gql(node.url!, '{ _meta { block { number } hasIndexingErrors } }');
        assert.equal(meta._meta.hasIndexingErrors, true);
        assert.equal(
          meta._meta.block.number,
          failedAt! - 1,
          'serves data up to the block before the failure',
        );
        const st = await gql(
          node.statusUrl!,
          '{ indexingStatuses { health fatalError { message handler deterministic block { number } } } }',
        );
        const s = st.indexingStatuses[0];
        assert.equal(s.health, 'failed');
        assert.equal(Number(s.fatalError.block.number), failedAt); // index-node API: BigInt as string
        assert.match(s.fatalError.message, /reliability fixture: trap/);
        // Data == a clean index stopped at the block before.
        const got = await stateHash(node.store.driver, node.store.layout.schemaName);
        const ref = (
          await referenceIndex(devnet!.rpcUrl!, dir, join(work, 'upto'), {
            stopAtBlock: failedAt! - 1,
          })
        ).state;
        assert.equal(got.hash, ref.hash, diffTables(got, ref));
      } finally {
        await node.stop();
      }
      // Restart on the same data: the error is kept, no progress past it.
      node = await startIndexerNode(opts);
      try {
        await Promise.race([node.indexing, new Promise((r) => setTimeout(r, 5000))]);
        const meta = await gql(node.url!, '{ _meta { block { number } hasIndexingErrors } }');
        assert.equal(meta._meta.hasIndexingErrors, true, 'the failure survives a restart');
        assert.equal(meta._meta.block.number, failedAt! - 1);
        const st = await gql(
          node.statusUrl!,
          '{ indexingStatuses { health fatalError { message block { number } } } }',
        );
        assert.equal(st.indexingStatuses[0].health, 'failed');
        assert.match(st.indexingStatuses[0].fatalError?.message ?? '', /reliability fixture: trap/);
      } finally {
        await node.stop();
      }
      console.log(
        `# handler failure: failed at block ${failedAt} in ${failedHandler}; error kept across restart; data up to ${failedAt! - 1} == clean index`,
      );
    } finally {
      proto.module = orig;
    }
  },
);
