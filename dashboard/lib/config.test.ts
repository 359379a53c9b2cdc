// Pins down the network configuration: SUBGRAPH_URLS / SUBGRAPH_URL parsing, the status URL
// derived by graph-node's port convention, and the at-risk threshold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_SUBGRAPH_URL,
  deriveStatusUrl,
  parseAtRiskThreshold,
  parseNetworks,
  subgraphName,
} from '@/lib/config';

test('SUBGRAPH_URLS lists several networks in order', () => {
  const n = parseNetworks({
    SUBGRAPH_URLS: 'mainnet=https://a.example/q, arb=http://b:8000/subgraphs/name/x',
  });
  assert.deepEqual(n, [
    { name: 'mainnet', subgraphUrl: 'https://a.example/q' },
    {
      name: 'arb',
      subgraphUrl: 'http://b:8000/subgraphs/name/x',
      statusUrl: 'http://b:8030/graphql',
    },
  ]);
});

test('SUBGRAPH_URL with NETWORK, and the devnet default', () => {
  assert.deepEqual(parseNetworks({ SUBGRAPH_URL: 'http://x/y', NETWORK: 'sepolia' }), [
    { name: 'sepolia', subgraphUrl: 'http://x/y' },
  ]);
  assert.deepEqual(parseNetworks({}), [
    {
      name: 'devnet',
      subgraphUrl: DEFAULT_SUBGRAPH_URL,
      statusUrl: 'http://127.0.0.1:8030/graphql',
    },
  ]);
  assert.equal(
    parseNetworks({ INDEX_NODE_URL: 'http://y/graphql' })[0].statusUrl,
    'http://y/graphql',
  );
});

test('malformed SUBGRAPH_URLS names the entry', () => {
  assert.throws(
    () => parseNetworks({ SUBGRAPH_URLS: 'mainnet' }),
    /SUBGRAPH_URLS: entry "mainnet"/,
  );
  assert.throws(() => parseNetworks({ SUBGRAPH_URLS: 'a=http://x,a=http://y' }), /listed twice/);
});

test('index-node status URL follows graph-node ports; INDEX_NODE_URL overrides', () => {
  assert.equal(deriveStatusUrl(DEFAULT_SUBGRAPH_URL, {}), 'http://127.0.0.1:8030/graphql');
  assert.equal(deriveStatusUrl('https://gateway.example/api/KEY/subgraphs/id/Qm', {}), undefined);
  assert.equal(
    deriveStatusUrl('http://x:8000/subgraphs/name/a', { INDEX_NODE_URL: 'http://y/graphql' }),
    'http://y/graphql',
  );
  assert.equal(subgraphName(DEFAULT_SUBGRAPH_URL), 'collateral-radar');
});

test('AT_RISK_HF: default 1.1, a health factor above 1, errors name the variable', () => {
  assert.equal(parseAtRiskThreshold({}), 1.1);
  assert.equal(parseAtRiskThreshold({ AT_RISK_HF: '1.25' }), 1.25);
  assert.throws(() => parseAtRiskThreshold({ AT_RISK_HF: '0.9' }), /AT_RISK_HF: "0.9"/);
  assert.throws(() => parseAtRiskThreshold({ AT_RISK_HF: 'x' }), /AT_RISK_HF/);
});
