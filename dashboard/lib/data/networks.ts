// Network resolution for the dashboard's pages: the shared config (lib/config.ts) plus the
// index-node status endpoint derived by graph-node convention. Server-only (URLs may hold keys).
import { getNetwork, getNetworks } from '../config';

export interface NetworkInfo {
  name: string;
  url: string;
  statusUrl?: string;
}

/** graph-node convention: http://host:8000/subgraphs/name/X → http://host:8030/graphql (or INDEX_NODE_URL) */
export function deriveStatusUrl(url: string, env: Record<string, string | undefined> = process.env): string | undefined {
  if (env.INDEX_NODE_URL) return env.INDEX_NODE_URL;
  try {
    const u = new URL(url);
    if (!/\/subgraphs\/name\//.test(u.pathname)) return undefined;
    return `${u.protocol}//${u.hostname}:${u.port === '8000' ? '8030' : u.port}/graphql`;
  } catch { return undefined; }
}

/** Subgraph name from a …/subgraphs/name/<name> URL */
export function subgraphName(url: string): string | undefined {
  try {
    return /\/subgraphs\/name\/(.+?)\/?$/.exec(new URL(url).pathname)?.[1];
  } catch { return undefined; }
}

export function getNetworkList(): NetworkInfo[] {
  try {
    return getNetworks().map((n) => ({ name: n.name, url: n.subgraphUrl, statusUrl: deriveStatusUrl(n.subgraphUrl) }));
  } catch {
    return [];
  }
}

/** The network named in ?network=, else the default one. Unknown names fall back to the default. */
export function resolveNetwork(name: string | string[] | undefined | null): NetworkInfo & { unknown?: string } {
  const n = Array.isArray(name) ? name[0] : name;
  let cfg;
  try { cfg = getNetwork(n) ?? getNetwork(null); } catch { cfg = undefined; }
  if (!cfg) return { name: n ?? 'devnet', url: 'http://127.0.0.1:8000/subgraphs/name/collateral-radar', unknown: n ?? undefined };
  return { name: cfg.name, url: cfg.subgraphUrl, statusUrl: deriveStatusUrl(cfg.subgraphUrl), unknown: n && n !== cfg.name ? n : undefined };
}
