// Cheap checks of the subgraph configuration (nothing is compiled here):
// networks.json against the facts file, the manifest against the ABIs and the mapping sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { FACTS, NETWORKS_JSON, expectedNetworks } from './networks-from-facts.mjs';

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

test('networks.json entries are well-formed and include devnet', () => {
  assert.ok(networks.devnet?.PoolAddressesProvider, 'devnet entry');
  for (const [net, v] of Object.entries(networks)) {
    const keys = Object.keys(v);
    assert.deepEqual(
      keys,
      ['PoolAddressesProvider'],
      `${net}: only the PoolAddressesProvider data source`,
    );
    assert.match(v.PoolAddressesProvider.address, /^0x[0-9a-fA-F]{40}$/, `${net} address`);
    assert.ok(
      Number.isInteger(v.PoolAddressesProvider.startBlock) &&
        v.PoolAddressesProvider.startBlock >= 0,
      `${net} startBlock`,
    );
  }
});

test('manifest: one PoolAddressesProvider data source on mainnet by default, templates, apiVersion 0.0.9', () => {
  assert.equal(manifest.specVersion, '1.3.0');
  assert.equal(manifest.dataSources.length, 1);
  const ds = manifest.dataSources[0];
  assert.equal(ds.name, 'PoolAddressesProvider');
  assert.equal(ds.network, 'mainnet');
  assert.equal(
    ds.source.address.toLowerCase(),
    networks.mainnet.PoolAddressesProvider.address.toLowerCase(),
  );
  assert.deepEqual(manifest.templates.map((t) => t.name).sort(), [
    'AToken',
    'AaveOracle',
    'Pool',
    'PoolConfigurator',
    'PriceFeed',
    'StableDebtToken',
    'VariableDebtToken',
  ]);
  for (const m of [ds, ...manifest.templates]) assert.equal(m.mapping.apiVersion, '0.0.9', m.name);
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

test('matchstick.yaml points at tests/mappings', () => {
  const m = parse(readFileSync(join(dir, 'matchstick.yaml'), 'utf8'));
  assert.equal(m.testsFolder, '../tests/mappings');
  assert.equal(m.manifestPath, 'subgraph.yaml');
});
