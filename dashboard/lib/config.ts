// Server-side network configuration for the dashboard. Read only in server code (route
// handlers, server components): endpoint URLs may carry API keys, so never import this from a
// client component.

export interface NetworkConfig {
  /** short name used in `?network=NAME` */
  name: string;
  /** graph-node compatible GraphQL endpoint (…/subgraphs/name/<name> or a hosted query URL) */
  subgraphUrl: string;
}

export const DEFAULT_SUBGRAPH_URL = 'http://127.0.0.1:8000/subgraphs/name/collateral-radar';
export const DEFAULT_NETWORK = 'devnet';

/**
 * Parses `SUBGRAPH_URLS` ("name=url,name=url"), else `SUBGRAPH_URL` (+ `NETWORK` as its name),
 * else the local devnet indexer. Exported for tests; `getNetworks()` reads process.env.
 */
export function parseNetworks(env: Record<string, string | undefined>): NetworkConfig[] {
  const multi = env.SUBGRAPH_URLS?.trim();
  if (multi) {
    const out: NetworkConfig[] = [];
    for (const part of multi.split(',')) {
      const item = part.trim();
      if (!item) continue;
      const eq = item.indexOf('=');
      if (eq <= 0 || eq === item.length - 1) {
        throw new Error(`SUBGRAPH_URLS: entry "${item}" is not of the form name=url`);
      }
      const name = item.slice(0, eq).trim();
      const subgraphUrl = item.slice(eq + 1).trim();
      if (out.some((n) => n.name === name)) throw new Error(`SUBGRAPH_URLS: network "${name}" listed twice`);
      out.push({ name, subgraphUrl });
    }
    if (out.length) return out;
  }
  const single = env.SUBGRAPH_URL?.trim();
  if (single) return [{ name: env.NETWORK?.trim() || DEFAULT_NETWORK, subgraphUrl: single }];
  return [{ name: DEFAULT_NETWORK, subgraphUrl: DEFAULT_SUBGRAPH_URL }];
}

let cached: { key: string; networks: NetworkConfig[] } | undefined;

/** All configured networks, in configuration order (the first is the default). */
export function getNetworks(): NetworkConfig[] {
  const key = `${process.env.SUBGRAPH_URLS ?? ''}|${process.env.SUBGRAPH_URL ?? ''}|${process.env.NETWORK ?? ''}`;
  if (!cached || cached.key !== key) cached = { key, networks: parseNetworks(process.env) };
  return cached.networks;
}

/** The named network, or the default (first) one when `name` is empty; undefined if unknown. */
export function getNetwork(name?: string | null): NetworkConfig | undefined {
  const networks = getNetworks();
  if (!name) return networks[0];
  return networks.find((n) => n.name === name);
}

/** Names only: safe to hand to the browser (no URLs). */
export function getNetworkNames(): string[] {
  return getNetworks().map((n) => n.name);
}
