// Cheap checks of the subgraph configuration (nothing is compiled here):
// networks.json against the facts file, the manifest against the ABIs and the mapping sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import {
  FACTS,
  NETWORKS_JSON,
  UNISWAP_START_BLOCKS,
  expectedFactories,
  expectedNetworks,
  sdkCoreFactories,
} from './networks-from-facts.mjs';
import { manifestFor } from './manifest-for-network.mjs';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..');
const networks = JSON.parse(readFileSync(NETWORKS_JSON, 'utf8'));
const manifest = parse(readFileSync(join(dir, 'subgraph.yaml'), 'utf8'));

test(
  'networks.json lists every high / medium-high network of the facts file with its PAP and start block',
  { skip: !existsSync(FACTS) && 'facts file not present' },
  () => {
    const facts = JSON.parse(readFileSync(FACTS, 'utf8'));
    const expected = expectedNetworks(facts);
    for (const must of [
      'mainnet',
      'arbitrum-one',
      'optimism',
      'matic',
      'avalanche',
      'base',
      'gnosis',
      'bsc',
      'scroll',
    ]) {
      assert.ok(expected[must], `facts should list ${must}`);
    }
    for (const [net, v] of Object.entries(expected)) {
      const got = networks[net]?.PoolAddressesProvider;
      assert.ok(got, `networks.json misses ${net}`);
      assert.equal(got.address.toLowerCase(), v.address.toLowerCase(), `${net} address`);
      assert.equal(got.startBlock, v.startBlock, `${net} startBlock`);
    }
    // the start block is never after the PAP deployment block where the facts know it
    for (const n of facts.networks) {
      const papBlock = n.blocks?.PoolAddressesProvider?.block;
      const got = networks[n.graph_network]?.PoolAddressesProvider;
      if (papBlock && got)
        assert.ok(
          got.startBlock <= papBlock,
          `${n.graph_network}: start ${got.startBlock} > PAP ${papBlock}`,
        );
    }
  },
);

test(
  'networks.json has the Uniswap V3 factory of @uniswap/sdk-core on every network whose chain has one',
  { skip: !existsSync(FACTS) && 'facts file not present' },
  () => {
    const expected = expectedNetworks(JSON.parse(readFileSync(FACTS, 'utf8')));
    const factories = expectedFactories(expected);
    const sdk = sdkCoreFactories();
    const table = JSON.parse(readFileSync(UNISWAP_START_BLOCKS, 'utf8')).chains;
    for (const must of ['mainnet', 'arbitrum-one', 'optimism', 'matic', 'avalanche', 'base', 'bsc'])
      assert.ok(factories[must], `sdk-core should list a factory on ${must}`);
    for (const [net, v] of Object.entries(expected)) {
      const got = networks[net]?.UniswapV3Factory;
      if (!sdk[v.chainId]) {
        assert.equal(got, undefined, `${net}: no Uniswap V3 on chain ${v.chainId}`);
        continue;
      }
      assert.ok(got, `networks.json misses the UniswapV3Factory of ${net}`);
      assert.equal(got.address, sdk[v.chainId], `${net} factory address`);
      // the table's start block, else (no public source) the network's Aave start block
      const known = table[v.chainId]?.startBlock;
      assert.equal(got.startBlock, known ?? v.startBlock, `${net} factory startBlock`);
    }
  },
);

test('expectedFactories: the table start block, or the Aave one where the table has none', () => {
  const networks = {
    a: { chainId: 1, startBlock: 500 },
    b: { chainId: 2, startBlock: 700 },
    c: { chainId: 3, startBlock: 900 },
  };
  const factories = { 1: '0x1F98431c8aD98523631AE4a59f267346ea31F984', 2: '0x' + '22'.repeat(20) };
  const table = { 1: { startBlock: 100 }, 2: { startBlock: null } };
  assert.deepEqual(expectedFactories(networks, factories, table), {
    a: { address: factories[1], startBlock: 100, fallback: false },
    b: { address: factories[2], startBlock: 700, fallback: true },
  });
});

test('networks.json entries are well-formed and include devnet', () => {
  assert.ok(networks.devnet?.PoolAddressesProvider, 'devnet entry');
  for (const [net, v] of Object.entries(networks)) {
    const keys = Object.keys(v);
    assert.ok(v.PoolAddressesProvider, `${net}: a PoolAddressesProvider data source`);
    for (const k of keys)
      assert.ok(
        ['PoolAddressesProvider', 'UniswapV3Factory'].includes(k),
        `${net}: unknown data source ${k}`,
      );
    for (const k of keys) {
      assert.match(v[k].address, /^0x[0-9a-fA-F]{40}$/, `${net} ${k} address`);
      assert.ok(
        Number.isInteger(v[k].startBlock) && v[k].startBlock >= 0,
        `${net} ${k} startBlock`,
      );
    }
  }
});

test('manifest: PoolAddressesProvider and UniswapV3Factory on mainnet by default, templates, apiVersion 0.0.9', () => {
  assert.equal(manifest.specVersion, '1.3.0');
  assert.deepEqual(
    manifest.dataSources.map((d) => d.name),
    ['PoolAddressesProvider', 'UniswapV3Factory'],
  );
  for (const ds of manifest.dataSources) {
    assert.equal(ds.network, 'mainnet', ds.name);
    assert.equal(
      ds.source.address.toLowerCase(),
      networks.mainnet[ds.name].address.toLowerCase(),
      ds.name,
    );
    assert.equal(ds.source.startBlock, networks.mainnet[ds.name].startBlock, ds.name);
  }
  assert.deepEqual(manifest.templates.map((t) => t.name).sort(), [
    'AToken',
    'AaveOracle',
    'Pool',
    'PoolConfigurator',
    'PriceFeed',
    'StableDebtToken',
    'UniswapV3Pool',
    'VariableDebtToken',
  ]);
  for (const m of [...manifest.dataSources, ...manifest.templates])
    assert.equal(m.mapping.apiVersion, '0.0.9', m.name);
});

// a mapping file's text plus the modules it re-exports (`export * from './pool'`)
function exportedSource(file) {
  const src = readFileSync(file, 'utf8');
  const reexports = [...src.matchAll(/^export \* from '(\.[^']+)'/gm)].map((m) =>
    join(dirname(file), `${m[1]}.ts`),
  );
  return [src, ...reexports.map(exportedSource)].join('\n');
}

test('manifest: every handler event is in its ABI and every handler is exported by its mapping file', () => {
  let n = 0;
  for (const m of [...manifest.dataSources, ...manifest.templates]) {
    const abiFile = m.mapping.abis.find((a) => a.name === m.source.abi).file;
    const abi = JSON.parse(readFileSync(join(dir, abiFile), 'utf8'));
    const forms = new Set(
      abi
        .filter((i) => i.type === 'event')
        .map(
          (e) =>
            `${e.name}(${e.inputs.map((i) => (i.indexed ? 'indexed ' : '') + i.type).join(',')})`,
        ),
    );
    const src = exportedSource(join(dir, m.mapping.file));
    for (const h of m.mapping.eventHandlers) {
      assert.ok(forms.has(h.event), `${m.name}: ${h.event} not in ${abiFile}`);
      assert.match(
        src,
        new RegExp(`export function ${h.handler}\\(`),
        `${m.name}: ${h.handler} not exported by ${m.mapping.file}`,
      );
      n++;
    }
  }
  assert.ok(n >= 65, `${n} handlers`);
});

test('a network without a UniswapV3Factory entry builds from a manifest without that data source', () => {
  const text = readFileSync(join(dir, 'subgraph.yaml'), 'utf8');
  const pap = { address: '0x' + '11'.repeat(20), startBlock: 1 };
  const uni = { address: '0x' + '22'.repeat(20), startBlock: 2 };
  const withUniswap = manifestFor(text, { PoolAddressesProvider: pap, UniswapV3Factory: uni });
  assert.deepEqual(withUniswap, { text, left: [] });
  const without = manifestFor(text, { PoolAddressesProvider: pap });
  assert.deepEqual(without.left, ['UniswapV3Factory']);
  const m = parse(without.text);
  assert.deepEqual(
    m.dataSources.map((d) => d.name),
    ['PoolAddressesProvider'],
  );
  assert.deepEqual(m.templates, manifest.templates, 'templates unchanged');
});

test('matchstick.yaml points at tests/mappings', () => {
  const m = parse(readFileSync(join(dir, 'matchstick.yaml'), 'utf8'));
  assert.equal(m.testsFolder, '../tests/mappings');
  assert.equal(m.manifestPath, 'subgraph.yaml');
});
