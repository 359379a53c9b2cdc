import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNetworks, DEFAULT_SUBGRAPH_URL } from './config';

test('SUBGRAPH_URLS lists several networks in order', () => {
  const n = parseNetworks({ SUBGRAPH_URLS: 'mainnet=https://a.example/q, arb=http://b:8000/subgraphs/name/x' });
  assert.deepEqual(n, [
    { name: 'mainnet', subgraphUrl: 'https://a.example/q' },
    { name: 'arb', subgraphUrl: 'http://b:8000/subgraphs/name/x' },
  ]);
});

test('SUBGRAPH_URL with NETWORK, and the devnet default', () => {
  assert.deepEqual(parseNetworks({ SUBGRAPH_URL: 'http://x/y', NETWORK: 'sepolia' }), [{ name: 'sepolia', subgraphUrl: 'http://x/y' }]);
  assert.deepEqual(parseNetworks({}), [{ name: 'devnet', subgraphUrl: DEFAULT_SUBGRAPH_URL }]);
});

test('malformed SUBGRAPH_URLS names the entry', () => {
  assert.throws(() => parseNetworks({ SUBGRAPH_URLS: 'mainnet' }), /SUBGRAPH_URLS: entry "mainnet"/);
  assert.throws(() => parseNetworks({ SUBGRAPH_URLS: 'a=http://x,a=http://y' }), /listed twice/);
});
