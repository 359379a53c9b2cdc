// Smoke peer (NOT equivalent handlers): Ponder indexing the Pool's user events of a recording,
// replayed by bench/replay-rpc.ts. PEER_RECORDING = recording JSON, PEER_RPC = replay URL.
import { readFileSync } from 'node:fs';
import { createConfig } from 'ponder';
import { http } from 'viem';

const rec = JSON.parse(readFileSync(process.env.PEER_RECORDING!, 'utf8'));
const PoolAbi = JSON.parse(readFileSync(new URL('../../subgraph/build/Pool/Pool.json', import.meta.url), 'utf8'));

export default createConfig({
  networks: { devnet: { chainId: Number(rec.chainId), transport: http(process.env.PEER_RPC!), pollingInterval: 60_000 } },
  contracts: { Pool: { network: 'devnet', abi: PoolAbi, address: rec.meta.deployment.pool, startBlock: Number(rec.meta.deployment.startBlock), endBlock: rec.head } },
});
