#!/usr/bin/env node
// Writes subgraph/networks.json from shared/facts/aave-v3-deployments.json: every network whose
// PoolAddressesProvider has confidence high or medium-high, with the recommended start block
// (networks list) or the market's start block (extra_markets on a graph network not yet listed).
// Keeps the `devnet` key as it is (the devnet writes it at run time; placeholder if absent).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const FACTS =
  process.env.AAVE_FACTS_FILE ?? join(here, '../../../shared/facts/aave-v3-deployments.json');
export const NETWORKS_JSON = join(here, '../networks.json');
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
    };
  }
  for (const m of facts.extra_markets ?? []) {
    if (!m.graph_network || out[m.graph_network] || !OK.has(m.confidence)) continue;
    if (typeof m.start_block !== 'number') continue;
    out[m.graph_network] = {
      address: m.PoolAddressesProvider,
      startBlock: m.start_block,
      key: m.key,
    };
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const facts = JSON.parse(readFileSync(FACTS, 'utf8'));
  const current = existsSync(NETWORKS_JSON) ? JSON.parse(readFileSync(NETWORKS_JSON, 'utf8')) : {};
  const next = {};
  for (const [net, v] of Object.entries(expectedNetworks(facts))) {
    next[net] = { PoolAddressesProvider: { address: v.address, startBlock: v.startBlock } };
  }
  next.devnet = current.devnet ?? {
    PoolAddressesProvider: { address: '0x0000000000000000000000000000000000000000', startBlock: 0 },
  };
  writeFileSync(NETWORKS_JSON, JSON.stringify(next, null, 2) + '\n');
  console.log(`networks.json: ${Object.keys(next).join(', ')}`);
}
