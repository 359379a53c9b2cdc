// The deployment id is shaped as graph-node's deployment hash (graph/src/data/subgraph/mod.rs,
// DeploymentHash::new: at most 46 characters, ASCII letters, digits and `_`), a CIDv0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cidV0, deploymentId } from './deployment-id.ts';
import type { Manifest } from '../manifest/types.ts';

test('cidV0: base58 of 0x1220 + digest (the all-zero digest worked out by hand)', () => {
  // 0x1220 followed by 32 zero bytes, as a big-endian integer in base 58
  assert.equal(cidV0(new Uint8Array(32)), 'QmNLei78zWmzUdbeRB3CiUfAizWUrbeeZh5K1rhAQKCh51');
});

test('deploymentId: a valid graph-node deployment hash, new for another chain or build', () => {
  const manifest = {
    schemaSource: 'type Thing @entity { id: ID! }',
    dataSources: [{ name: 'Pool', network: 'devnet', address: '0x01', startBlock: 3 }],
  } as unknown as Pick<Manifest, 'schemaSource' | 'dataSources'>;
  const id = deploymentId(manifest, 31337, '0xaa');
  assert.match(id, /^Qm[1-9A-HJ-NP-Za-km-z]{44}$/);
  assert.ok(id.length <= 46 && /^[A-Za-z0-9_]+$/.test(id));
  assert.equal(deploymentId(manifest, 31337, '0xaa'), id);
  assert.notEqual(deploymentId(manifest, 31337, '0xbb'), id);
  assert.notEqual(
    deploymentId({ ...manifest, schemaSource: 'type X @entity { id: ID! }' }, 31337, '0xaa'),
    id,
  );
});
