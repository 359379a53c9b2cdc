import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkNetworkChainId, NETWORK_CHAIN_IDS, redactUrl } from './networks.ts';

test('every network the subgraph is configured for has its chain id (subgraph/networks.json)', () => {
  const networks = Object.keys(
    JSON.parse(readFileSync(new URL('../../../subgraph/networks.json', import.meta.url), 'utf8')),
  );
  assert.ok(networks.length > 5);
  assert.deepEqual(
    networks.filter((n) => NETWORK_CHAIN_IDS[n] === undefined),
    [],
  );
  assert.equal(NETWORK_CHAIN_IDS.mainnet, 1);
  assert.equal(NETWORK_CHAIN_IDS['arbitrum-one'], 42161);
  assert.equal(NETWORK_CHAIN_IDS.devnet, 31337);
});

test('mismatch throws naming network, expected and reported chain id and the RPC; unknown names warn', () => {
  assert.deepEqual(checkNetworkChainId('base', 8453, 'http://x'), { warning: null, fork: null });
  assert.throws(() => checkNetworkChainId('optimism', 1, 'https://rpc.example/'), {
    message: 'network optimism expects chain id 10 but RPC at https://rpc.example reports 1',
  });
  assert.match(
    checkNetworkChainId('moonchain', 7, 'http://127.0.0.1:8545').warning!,
    /network moonchain has no known chain id/,
  );
});

test('--fork-of: a local fork of the manifest network is accepted only when asked for', () => {
  // Hardhat forks report 31337; anvil keeps the forked chain's id
  const hint = /reports 31337 \(a local chain: for a fork of mainnet, pass --fork-of mainnet/;
  assert.throws(() => checkNetworkChainId('mainnet', 31337, 'http://127.0.0.1:8545'), hint);
  assert.deepEqual(checkNetworkChainId('mainnet', 31337, 'http://127.0.0.1:8545', 'mainnet'), {
    warning: null,
    fork: { of: 'mainnet', chainId: 31337 },
  });
  assert.deepEqual(checkNetworkChainId('mainnet', 1, 'http://127.0.0.1:8545', 'mainnet').fork, {
    of: 'mainnet',
    chainId: 1,
  });
  // another real chain is not a fork of mainnet, and the name must be the manifest's
  assert.throws(
    () => checkNetworkChainId('mainnet', 10, 'http://127.0.0.1:8545', 'mainnet'),
    /--fork-of mainnet: RPC at http:\/\/127.0.0.1:8545 reports chain id 10, neither mainnet's \(1\) nor a local chain's/,
  );
  assert.throws(
    () => checkNetworkChainId('mainnet', 31337, 'http://127.0.0.1:8545', 'base'),
    /--fork-of base: the subgraph is built for network mainnet/,
  );
});

test('RPC URLs are shown without credentials', () => {
  assert.equal(
    redactUrl('https://eth-mainnet.g.alchemy.com/v2/abcdefghijklmnopqrstuvwxyz012345'),
    'https://eth-mainnet.g.alchemy.com/v2/***',
  );
  assert.equal(
    redactUrl('https://user:pw@rpc.example:8545/path?apikey=zzz'),
    'https://rpc.example:8545/path?***',
  );
  assert.equal(redactUrl('http://127.0.0.1:8545'), 'http://127.0.0.1:8545');
  assert.equal(redactUrl('not a url'), 'not a url');
});
