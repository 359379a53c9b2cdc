import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Deployment } from './deploy.ts';
import { updateNetworksJson } from './files.ts';

const dep = {
  poolAddressesProvider: '0x2f39d218133AFaB8F2B819B1066c7E434Ad94E9e',
  startBlock: 3,
} as unknown as Deployment;

test('networks.json: creates the file with the devnet entry in graph-cli format', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'devnet-')), 'networks.json');
  updateNetworksJson(dep, path);
  assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), {
    devnet: { PoolAddressesProvider: { address: dep.poolAddressesProvider, startBlock: 3 } },
  });
});

test('networks.json: the devnet entry names the UniswapV3Factory once the DEX is deployed', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'devnet-')), 'networks.json');
  const factory = '0x1F98431c8aD98523631AE4a59f267346ea31F984';
  updateNetworksJson({ ...dep, dex: { factory, startBlock: 9 } } as unknown as Deployment, path);
  assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')).devnet, {
    PoolAddressesProvider: { address: dep.poolAddressesProvider, startBlock: 3 },
    UniswapV3Factory: { address: factory, startBlock: 9 },
  });
});

test('networks.json: keeps other networks and replaces only devnet', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'devnet-')), 'networks.json');
  const mainnet = {
    PoolAddressesProvider: {
      address: '0x2f39d218133AFaB8F2B819B1066c7E434Ad94E9e',
      startBlock: 16291071,
    },
  };
  writeFileSync(
    path,
    JSON.stringify({
      mainnet,
      devnet: { PoolAddressesProvider: { address: '0x0', startBlock: 99 } },
    }),
  );
  updateNetworksJson(dep, path);
  const out = JSON.parse(readFileSync(path, 'utf8'));
  assert.deepEqual(out.mainnet, mainnet);
  assert.equal(out.devnet.PoolAddressesProvider.startBlock, 3);
});

test('networks.json: invalid JSON is reported with the file name, not overwritten', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'devnet-')), 'networks.json');
  writeFileSync(path, '{ not json');
  assert.throws(
    () => updateNetworksJson(dep, path),
    (e: Error) => e.message.includes(path) && e.message.includes('not valid JSON'),
  );
  assert.equal(readFileSync(path, 'utf8'), '{ not json');
});
