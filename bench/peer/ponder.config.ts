// The peer: Ponder indexing a recording (bench/record.ts) replayed by bench/replay-rpc.ts, with the
// subgraph's data sources: PoolAddressesProvider, Pool, PoolConfigurator and AaveOracle at the
// recorded deployment's addresses (the subgraph discovers the last three from the provider's
// events; Ponder factories cannot nest, and the token factories need the configurator's address),
// AToken / VariableDebtToken / StableDebtToken as factories on ReserveInitialized (the subgraph's
// templates), and AnswerUpdated of any address standing in for the subgraph's PriceFeed template
// (handled only for aggregators the handlers track). Set by bench/peer.ts: PEER_RPC, PEER_CHAIN_ID,
// PEER_PROVIDER, PEER_POOL, PEER_CONFIGURATOR, PEER_ORACLE, PEER_START_BLOCK, PEER_END_BLOCK.
// pollingInterval 1 s: should its history stop short of the head, the realtime path picks up the rest
// quickly (bench/peer.ts waits for the head either way). maxRequestsPerSecond: Ponder's default (50) is for rate-limited providers; the local replay has
// no limit, and neither has our indexer's client.
import { createConfig, factory } from 'ponder';
import { http } from 'viem';
import * as A from './lib/abis.ts';

const env = (k: string) => { const v = process.env[k]; if (!v) throw new Error(`bench/peer: ${k} not set (run through bench/peer.ts)`); return v; };
const startBlock = Number(env('PEER_START_BLOCK'));
const endBlock = Number(env('PEER_END_BLOCK'));
const range = { network: 'devnet' as const, startBlock, endBlock };
const configurator = env('PEER_CONFIGURATOR') as `0x${string}`;
const reserveInitialized = A.PoolConfigurator.find((x: any) => x.type === 'event' && x.name === 'ReserveInitialized');
const tokens = (parameter: string) => factory({ address: configurator, event: reserveInitialized, parameter } as any);

export default createConfig({
  networks: { devnet: { chainId: Number(env('PEER_CHAIN_ID')), transport: http(env('PEER_RPC')), pollingInterval: 1_000, maxRequestsPerSecond: 10_000 } },
  contracts: {
    PoolAddressesProvider: { ...range, abi: A.PoolAddressesProvider, address: env('PEER_PROVIDER') as `0x${string}` },
    Pool: { ...range, abi: A.Pool, address: env('PEER_POOL') as `0x${string}` },
    PoolConfigurator: { ...range, abi: A.PoolConfigurator, address: configurator },
    AaveOracle: { ...range, abi: A.AaveOracle, address: env('PEER_ORACLE') as `0x${string}` },
    AToken: { ...range, abi: A.AToken, address: tokens('aToken') },
    VariableDebtToken: { ...range, abi: A.VariableDebtToken, address: tokens('variableDebtToken') },
    StableDebtToken: { ...range, abi: A.StableDebtToken, address: tokens('stableDebtToken') },
    PriceFeed: { ...range, abi: A.ChainlinkAggregator },
  },
});
