#!/usr/bin/env node
// Writes subgraph/networks.json from shared/facts/aave-v3-deployments.json: every network whose
// PoolAddressesProvider has confidence high or medium-high, with the recommended start block
// (networks list) or the market's start block (extra_markets on a graph network not yet listed).
// A network whose chain has a Uniswap V3 factory in @uniswap/sdk-core's CHAIN_TO_ADDRESSES_MAP
// also gets a UniswapV3Factory entry: that address, and the start block of
// uniswap-v3-start-blocks.json (the network's Aave start block where no public source has one).
// Keeps the `devnet` key as it is (the devnet writes it at run time; placeholder if absent).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const FACTS =
  process.env.AAVE_FACTS_FILE ?? join(here, '../../../shared/facts/aave-v3-deployments.json');
export const NETWORKS_JSON = join(here, '../networks.json');
export const UNISWAP_START_BLOCKS = join(here, 'uniswap-v3-start-blocks.json');
// @uniswap/sdk-core is a dependency of the dashboard workspace
const { CHAIN_TO_ADDRESSES_MAP } = createRequire(join(here, '../../dashboard/package.json'))(
  '@uniswap/sdk-core',
);
const OK = new Set(['high', 'medium-high']);

export function expectedNetworks(facts) {
  const out = {};
  for (const n of facts.networks) {
    const pap = n.addresses?.PoolAddressesProvider;
    if (!n.graph_network || !pap || !OK.has(pap.confidence)) continue;
    out[n.graph_network] = {
      address: pap.address,
      startBlock: n.recommended_start_block,
      key: n.key,
      chainId: n.chain_id,
    };
  }
  for (const m of facts.extra_markets ?? []) {
    if (!m.graph_network || out[m.graph_network] || !OK.has(m.confidence)) continue;
    if (typeof m.start_block !== 'number') continue;
    out[m.graph_network] = {
      address: m.PoolAddressesProvider,
      startBlock: m.start_block,
      key: m.key,
      chainId: m.chain_id,
    };
  }
  return out;
}

/** Chain id → UniswapV3Factory address, as @uniswap/sdk-core lists them. */
export function sdkCoreFactories() {
  const out = {};
  for (const [chainId, addresses] of Object.entries(CHAIN_TO_ADDRESSES_MAP)) {
    if (addresses.v3CoreFactoryAddress) out[chainId] = addresses.v3CoreFactoryAddress;
  }
  return out;
}

/**
 * The UniswapV3Factory entry of every expected network whose chain has a factory: its address
 * and start block, or the network's Aave start block (`fallback: true`) where the start-block
 * table has none.
 */
export function expectedFactories(
  networks,
  factories = sdkCoreFactories(),
  startBlocks = JSON.parse(readFileSync(UNISWAP_START_BLOCKS, 'utf8')).chains,
) {
  const out = {};
  for (const [net, v] of Object.entries(networks)) {
    const address = factories[v.chainId];
    if (!address) continue;
    const known = startBlocks[v.chainId]?.startBlock;
    const fallback = typeof known !== 'number';
    out[net] = { address, startBlock: fallback ? v.startBlock : known, fallback };
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const facts = JSON.parse(readFileSync(FACTS, 'utf8'));
  const current = existsSync(NETWORKS_JSON) ? JSON.parse(readFileSync(NETWORKS_JSON, 'utf8')) : {};
  const next = {};
  const networks = expectedNetworks(facts);
  const factories = expectedFactories(networks);
  for (const [net, v] of Object.entries(networks)) {
    next[net] = { PoolAddressesProvider: { address: v.address, startBlock: v.startBlock } };
    const f = factories[net];
    if (!f) continue;
    next[net].UniswapV3Factory = { address: f.address, startBlock: f.startBlock };
    if (f.fallback)
      console.log(
        `${net}: no Uniswap V3 factory start block known, the Aave one (${f.startBlock})`,
      );
  }
  next.devnet = current.devnet ?? {
    PoolAddressesProvider: { address: '0x0000000000000000000000000000000000000000', startBlock: 0 },
  };
  writeFileSync(NETWORKS_JSON, JSON.stringify(next, null, 2) + '\n');
  console.log(`networks.json: ${Object.keys(next).join(', ')}`);
  console.log(`UniswapV3Factory on: ${Object.keys(factories).join(', ')}`);
}
