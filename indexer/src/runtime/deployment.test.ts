// Mappings of a deployment are compiled and checked up front (every data source and template),
// with errors naming the file and the data source; a mapping that is unusable for good fails
// the deployment at its first trigger instead of being retried forever.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  cleanupSubgraphs,
  fixtureMappingWasm,
  writeSubgraph,
  type SubgraphOptions,
} from '../../test-fixtures/runtime/test-subgraph.ts';
import { loadManifest } from '../manifest/index.ts';
import { parseSchema } from '../schema/index.ts';
import { deploymentLoader, loadDeploymentMappings, MappingLoadError } from './deployment.ts';
import { DeterministicError } from '../internal/errors.ts';
import { FakeChain } from '../../test-fixtures/ingest/fake-chain.ts';
import { MemStore } from '../../test-fixtures/ingest/fake-store.ts';
import { ChainSource } from '../chain/source.ts';
import { JsonRpc } from '../chain/rpc.ts';
import { Indexer } from '../ingest/indexer.ts';

let wasm: Uint8Array;
before(async () => {
  wasm = await fixtureMappingWasm();
});
after(cleanupSubgraphs);
const builtSubgraph = (bytes: Uint8Array, o: SubgraphOptions = {}) => writeSubgraph(bytes, o);

const schemaOf = (d: string) => {
  const m = loadManifest(d);
  return { m, schema: parseSchema(m.schemaSource, m.schemaFile) };
};

test('every data source and template mapping is compiled and checked once, up front', async () => {
  const { m, schema } = schemaOf(builtSubgraph(wasm));
  const mods = await loadDeploymentMappings(m, { schema });
  assert.deepEqual(
    [...mods.keys()].map((f) => f.slice(f.lastIndexOf('/') + 1)),
    ['Token.wasm', 'TokenTemplate.wasm'],
  );
  for (const mod of mods.values()) assert.ok(mod.handlers.has('handleTransfer'));
  // Files shared by several sources are compiled once.
  const { m: shared } = schemaOf(
    builtSubgraph(wasm, { templateFile: 'Token/Token.wasm', template: wasm }),
  );
  assert.equal((await loadDeploymentMappings(shared)).size, 1);
});

test('a broken mapping file is refused naming the file and the data source or template using it', async () => {
  const cases: [string, Parameters<typeof builtSubgraph>[1], RegExp][] = [
    [
      'garbage bytes',
      { template: new TextEncoder().encode('this is not wasm at all') },
      /TokenTemplate\/TokenTemplate\.wasm \(mapping of template TokenTemplate\): not a valid WebAssembly module: /,
    ],
    [
      'truncated module',
      { template: wasm.subarray(0, Math.floor(wasm.length / 3)) },
      /TokenTemplate\.wasm \(mapping of template TokenTemplate\): not a valid WebAssembly module/,
    ],
    [
      'valid WASM, not a graph-cli mapping',
      { template: Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]) },
      /TokenTemplate\.wasm \(mapping of template TokenTemplate\): unusable mapping module: mapping module does not export id_of_type/,
    ],
    [
      'handler not exported',
      { handler: 'handleNope' },
      /Token\/Token\.wasm: handler `handleNope` of data source Token is not exported by the mapping module/,
    ],
    [
      'file missing',
      { template: null },
      /TokenTemplate\.wasm \(mapping of template TokenTemplate\): cannot read the file: ENOENT/,
    ],
  ];
  for (const [name, o, re] of cases) {
    const d = builtSubgraph(wasm, o);
    // The manifest loader already refuses a missing file; the runtime check must hold without it.
    const m =
      name === 'file missing'
        ? (() => {
            writeFileSync(join(d, 'TokenTemplate/TokenTemplate.wasm'), wasm);
            const x = loadManifest(d);
            rmSync(join(d, 'TokenTemplate/TokenTemplate.wasm'));
            return x;
          })()
        : loadManifest(d);
    await assert.rejects(
      loadDeploymentMappings(m),
      (e) => e instanceof MappingLoadError && re.test(e.message),
      name,
    );
  }
});

test(
  'a mapping that is unusable for good fails the deployment at its first trigger, not retried forever',
  { timeout: 60_000 },
  async () => {
    // The ingest fixture's mappings are empty WASM modules: valid bytes, no graph-cli runtime.
    const manifest = loadManifest(
      new URL('../../test-fixtures/ingest/basic', import.meta.url).pathname,
    );
    const schema = parseSchema(manifest.schemaSource, manifest.schemaFile);
    const load = deploymentLoader(manifest, new Map(), { schema });
    const mod = await load(manifest.dataSources[0]);
    await assert.rejects(
      mod.runBlock('handleOnce', {} as never, {} as never),
      (e) =>
        e instanceof DeterministicError &&
        /Src\.wasm \(mapping of data source Src\): unusable mapping module/.test(e.message),
    );

    const chain = new FakeChain(6);
    await chain.start();
    try {
      const store = new MemStore();
      const lines: string[] = [];
      const ix = new Indexer({
        manifest,
        schema,
        store,
        chain: new ChainSource(
          new JsonRpc({ url: chain.url, timeoutMs: 500, baseDelayMs: 2, maxDelayMs: 20 }),
        ),
        loadMapping: load,
        pollMs: 20,
        progress: null,
        exitWhenSynced: true,
        log: (l) => lines.push(l),
      });
      await ix.run(); // returns: the deployment failed
      assert.equal(ix.status.health, 'failed');
      assert.match(
        store.failed!.message,
        /Src\.handleOnce: .*Src\.wasm \(mapping of data source Src\): unusable mapping module/,
      );
      assert.deepEqual(store.failed!.block, { number: 3, hash: chain.blocks[3].hash });
      assert.ok(!lines.some((l) => /retrying/.test(l)), lines.join('\n'));
    } finally {
      await chain.stop();
    }
  },
);
