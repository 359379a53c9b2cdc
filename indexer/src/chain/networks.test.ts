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
  assert.deepEqual(checkNetworkChainId('base', 8453, 'http://x'), { warning: null });
  assert.throws(() => checkNetworkChainId('optimism', 1, 'https://rpc.example/'), {
    message: 'network optimism expects chain id 10 but RPC at https://rpc.example reports 1',
  });
  assert.match(
    checkNetworkChainId('moonchain', 7, 'http://127.0.0.1:8545').warning!,
    /network moonchain has no known chain id/,
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
