// The broken subgraphs of the bad-input test: each a copy of the built subgraph with one
// mistake (manifest, schema, ABI, WASM, network name, start block) and the error the indexer
// must answer with, naming the file, data source or field.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

export type Mutate = (d: string) => void;
export const yamlEdit =
  (fn: (doc: ReturnType<typeof parseDocument>) => void): Mutate =>
  (d) => {
    const f = join(d, 'subgraph.yaml');
    const doc = parseDocument(readFileSync(f, 'utf8'));
    fn(doc);
    writeFileSync(f, doc.toString());
  };
const textEdit =
  (file: string, fn: (s: string) => string): Mutate =>
  (d) =>
    writeFileSync(join(d, file), fn(readFileSync(join(d, file), 'utf8')));

export const CASES: {
  name: string;
  mutate?: Mutate;
  args?: string[];
  expect: RegExp;
  fast?: boolean;
}[] = [
  {
    name: 'manifest: invalid YAML',
    mutate: textEdit('subgraph.yaml', (s) => s.replace('dataSources:', 'dataSources: [\n  - :')),
    expect: /subgraph\.yaml.*invalid YAML/s,
  },
  {
    name: 'manifest: no dataSources',
    mutate: yamlEdit((d) => d.delete('dataSources')),
    expect: /dataSources.*(missing|non-empty list)/,
  },
  {
    name: 'manifest: address not hex',
    mutate: yamlEdit((d) => d.setIn(['dataSources', 0, 'source', 'address'], '0xnothex')),
    expect: /source\.address.*not a 20-byte hex address/,
  },
  {
    name: 'manifest: negative startBlock',
    mutate: yamlEdit((d) => d.setIn(['dataSources', 0, 'source', 'startBlock'], -5)),
    expect: /startBlock.*non-negative integer/,
  },
  {
    name: 'manifest: startBlock a string',
    mutate: yamlEdit((d) => d.setIn(['dataSources', 0, 'source', 'startBlock'], 'soon')),
    expect: /startBlock.*non-negative integer/,
  },
  {
    name: 'manifest: unknown kind',
    mutate: yamlEdit((d) => d.setIn(['dataSources', 0, 'kind'], 'near/contract')),
    expect: /kind.*unsupported kind "near\/contract"/,
  },
  {
    name: 'manifest: handler for an event not in the ABI',
    mutate: yamlEdit((d) =>
      d.setIn(['dataSources', 0, 'mapping', 'eventHandlers', 0, 'event'], 'Nope(uint256)'),
    ),
    expect: /event "Nope\(uint256\)".*is not in ABI/,
  },
  {
    name: 'manifest: mapping file missing',
    mutate: yamlEdit((d) => d.setIn(['dataSources', 0, 'mapping', 'file'], 'missing.wasm')),
    expect: /missing\.wasm.*file not found/,
  },
  {
    name: 'manifest: two networks',
    mutate: yamlEdit((d) => d.setIn(['templates', 0, 'network'], 'mainnet')),
    expect: /several networks.*(devnet|mainnet)/,
  },
  {
    name: 'schema: syntax error',
    mutate: textEdit('schema.graphql', (s) =>
      s.replace('type Token @entity', 'type Token @entity {{'),
    ),
    expect: /schema\.graphql.*(invalid GraphQL schema|Syntax Error)/s,
  },
  {
    name: 'schema: unknown type referenced',
    mutate: textEdit('schema.graphql', (s) =>
      s.replace(/(type Token @entity\(immutable: false\) \{)/, '$1\n  ghost: Ghost!'),
    ),
    expect: /Ghost/,
  },
  {
    name: 'schema: entity without id',
    mutate: textEdit('schema.graphql', (s) => s + '\ntype NoId @entity { name: String! }\n'),
    expect: /NoId.*id|id.*NoId/s,
  },
  {
    name: 'ABI: invalid JSON',
    mutate: textEdit('PoolAddressesProvider/PoolAddressesProvider.json', (s) =>
      s.slice(0, s.length / 2),
    ),
    expect: /PoolAddressesProvider\.json.*invalid ABI JSON/s,
  },
  {
    name: 'ABI: not an ABI (an object)',
    mutate: textEdit(
      'PoolAddressesProvider/PoolAddressesProvider.json',
      () => '{"hello": "world"}',
    ),
    expect: /PoolAddressesProvider\.json/,
  },
  // WASM is compiled and checked at start-up (every data source and template): the CLI stops at
  // once naming the file and its data sources, instead of retrying the load at the first trigger.
  {
    name: 'WASM: garbage bytes',
    mutate: (d) =>
      writeFileSync(
        join(d, 'PoolAddressesProvider/PoolAddressesProvider.wasm'),
        Buffer.from('this is not wasm at all') as Uint8Array,
      ),
    expect:
      /PoolAddressesProvider\.wasm \(mapping of data source PoolAddressesProvider, .*\): not a valid WebAssembly module/,
    fast: true,
  },
  {
    name: 'WASM: truncated module',
    mutate: (d) => {
      const f = join(d, 'PoolAddressesProvider/PoolAddressesProvider.wasm');
      const b = readFileSync(f);
      writeFileSync(f, b.subarray(0, Math.floor(b.length / 3)) as Uint8Array);
    },
    expect:
      /PoolAddressesProvider\.wasm \(mapping of data source PoolAddressesProvider, .*\): not a valid WebAssembly module/,
    fast: true,
  },
  {
    name: "WASM: a template's own mapping file corrupt (used only once the template is created)",
    mutate: (d) => {
      yamlEdit((doc) => doc.setIn(['templates', 0, 'mapping', 'file'], 'Pool/Pool.wasm'))(d);
      mkdirSync(join(d, 'Pool'), { recursive: true });
      writeFileSync(join(d, 'Pool/Pool.wasm'), Buffer.from('\0asm garbage') as Uint8Array);
    },
    expect: /Pool\/Pool\.wasm \(mapping of template Pool\): not a valid WebAssembly module/,
    fast: true,
  },
  {
    name: 'WASM: a handler the module does not export',
    mutate: yamlEdit((d) =>
      d.setIn(['templates', 0, 'mapping', 'eventHandlers', 0, 'handler'], 'handleNothing'),
    ),
    expect:
      /PoolAddressesProvider\.wasm: handler `handleNothing` of template Pool is not exported by the mapping module/,
    fast: true,
  },
  {
    name: '--network does not match the manifest',
    args: ['--network', 'mainnet'],
    expect: /built for network devnet.*mainnet/,
  },
  {
    name: 'manifest network name unknown for the chain (mainnet on a 31337 devnet)',
    mutate: yamlEdit((d) => {
      for (const k of ['dataSources', 'templates'])
        for (const x of (d.get(k) as { items: { setIn(p: unknown[], v: unknown): void }[] }).items)
          x.setIn(['network'], 'mainnet');
    }),
    args: ['--network', 'mainnet'],
    expect: /network mainnet expects chain id 1 but RPC at http:\/\/127\.0\.0\.1:\d+ reports 31337/,
    fast: true,
  },
];
