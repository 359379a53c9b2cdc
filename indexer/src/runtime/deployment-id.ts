// The deployment id, shaped as graph-node's deployment hash: an IPFS CIDv0 ("Qm…", 46 base58
// characters: multihash 0x12 0x20 + a sha256). graph-node hashes the manifest it was given; we
// hash what makes a deployment distinct here — schema, data sources, chain id and genesis hash —
// so a new build, or a fresh devnet under the same network name, is a new deployment and stale
// data never mixes in. It passes graph-node's `DeploymentHash::new` (≤ 46 characters, ASCII
// letters and digits), so clients that check `_meta.deployment` accept it.
import { createHash } from 'node:crypto';
import type { Manifest } from '../manifest/types.ts';
import { bytesToBase58 } from '../host/semantics/conversion.ts';

/** CIDv0 of a sha256 digest: base58 of the multihash (0x12 = sha2-256, 0x20 = 32 bytes). */
export function cidV0(sha256: Uint8Array): string {
  return bytesToBase58(Uint8Array.of(0x12, 0x20, ...sha256));
}

export function deploymentId(
  manifest: Pick<Manifest, 'schemaSource' | 'dataSources'>,
  chainId: number,
  genesisHash: string,
): string {
  const h = createHash('sha256');
  h.update(manifest.schemaSource);
  for (const d of manifest.dataSources)
    h.update(`${d.name}|${d.network}|${d.address}|${d.startBlock}`);
  h.update(`|${chainId}|${genesisHash}`);
  return cidV0(new Uint8Array(h.digest()));
}
