// retarget: the built subgraph aimed at one network's networks.json entry; the optional
// UniswapV3Factory source is left out where the entry has none, a missing required one fails.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { retarget } from './subgraph-build.mjs';

const MANIFEST = `specVersion: 1.0.0
dataSources:
  - kind: ethereum
    name: PoolAddressesProvider
    network: mainnet
    source: { address: "0x0", startBlock: 0 }
  - kind: ethereum
    name: UniswapV3Factory
    network: mainnet
    source: { address: "0x0", startBlock: 0 }
templates:
  - kind: ethereum
    name: UniswapV3Pool
    network: mainnet
`;

function fixture(networks) {
  const root = mkdtempSync(join(tmpdir(), 'cr-retarget-'));
  mkdirSync(join(root, 'subgraph'));
  writeFileSync(join(root, 'subgraph/networks.json'), JSON.stringify(networks));
  const built = join(root, 'built');
  mkdirSync(built);
  writeFileSync(join(built, 'subgraph.yaml'), MANIFEST);
  return { root, built };
}

test('retarget sets each source from the entry and drops a UniswapV3Factory it lacks', () => {
  const f = fixture({
    gnosis: { PoolAddressesProvider: { address: '0xaa', startBlock: 5 } },
    base: {
      PoolAddressesProvider: { address: '0xbb', startBlock: 7 },
      UniswapV3Factory: { address: '0xcc', startBlock: 3 },
    },
  });
  const read = (network) =>
    parse(readFileSync(join(retarget({ ...f, network }), 'subgraph.yaml'), 'utf8'));
  const gnosis = read('gnosis');
  assert.deepEqual(
    gnosis.dataSources.map((d) => [d.name, d.network, d.source]),
    [['PoolAddressesProvider', 'gnosis', { address: '0xaa', startBlock: 5 }]],
  );
  assert.equal(gnosis.templates[0].network, 'gnosis');
  const base = read('base');
  assert.deepEqual(
    base.dataSources.map((d) => [d.name, d.source]),
    [
      ['PoolAddressesProvider', { address: '0xbb', startBlock: 7 }],
      ['UniswapV3Factory', { address: '0xcc', startBlock: 3 }],
    ],
  );
});

test('retarget fails by name when a required source is not configured', () => {
  const f = fixture({ x: { UniswapV3Factory: { address: '0xcc', startBlock: 3 } } });
  assert.throws(
    () => retarget({ ...f, network: 'x' }),
    /configures no PoolAddressesProvider for x/,
  );
});
