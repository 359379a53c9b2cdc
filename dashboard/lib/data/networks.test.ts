import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveStatusUrl, subgraphName } from './networks.ts';

test('index-node status URL follows graph-node ports; INDEX_NODE_URL overrides', () => {
  assert.equal(deriveStatusUrl('http://127.0.0.1:8000/subgraphs/name/collateral-radar', {}), 'http://127.0.0.1:8030/graphql');
  assert.equal(deriveStatusUrl('https://gateway.example/api/KEY/subgraphs/id/Qm', {}), undefined);
  assert.equal(deriveStatusUrl('http://x:8000/subgraphs/name/a', { INDEX_NODE_URL: 'http://y/graphql' }), 'http://y/graphql');
  assert.equal(subgraphName('http://127.0.0.1:8000/subgraphs/name/collateral-radar'), 'collateral-radar');
});
