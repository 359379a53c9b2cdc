// Server-side configuration of the dashboard: the networks it shows (one `Network` each, parsed
// once from the environment) and the health-factor threshold of "at risk". Read only in server
// code (route handlers, server components): endpoint URLs may carry API keys, so never import
// this from a client component; the browser gets names only (`getNetworkNames`).

/** One configured network, resolved once from `?network=` and passed down to every read. */
export interface Network {
  /** short name used in `?network=NAME` */
  name: string;
  /** graph-node compatible GraphQL endpoint (…/subgraphs/name/<name> or a hosted query URL) */
  subgraphUrl: string;
  /** graph-node index-node status endpoint (INDEX_NODE_URL, or derived by port convention) */
  statusUrl?: string;
}

export const DEFAULT_SUBGRAPH_URL = 'http://127.0.0.1:8000/subgraphs/name/collateral-radar';
export const DEFAULT_NETWORK = 'devnet';
/** health factor below which a borrower counts as at risk (AT_RISK_HF overrides) */
export const DEFAULT_AT_RISK_HF = 1.1;

type Env = Record<string, string | undefined>;

/** graph-node convention: http://host:8000/subgraphs/name/X → http://host:8030/graphql (or INDEX_NODE_URL) */
export function deriveStatusUrl(url: string, env: Env = process.env): string | undefined {
  if (env.INDEX_NODE_URL) return env.INDEX_NODE_URL;
  try {
    const u = new URL(url);
    if (!/\/subgraphs\/name\//.test(u.pathname)) return undefined;
    return `${u.protocol}//${u.hostname}:${u.port === '8000' ? '8030' : u.port}/graphql`;
  } catch {
    return undefined;
  }
}

/** Subgraph name from a …/subgraphs/name/<name> URL */
export function subgraphName(url: string): string | undefined {
  try {
    return /\/subgraphs\/name\/(.+?)\/?$/.exec(new URL(url).pathname)?.[1];
  } catch {
    return undefined;
  }
}

const network = (name: string, subgraphUrl: string, env: Env): Network => {
  const statusUrl = deriveStatusUrl(subgraphUrl, env);
  return statusUrl ? { name, subgraphUrl, statusUrl } : { name, subgraphUrl };
};

/**
 * Parses `SUBGRAPH_URLS` ("name=url,name=url"), else `SUBGRAPH_URL` (+ `NETWORK` as its name),
 * else the local devnet indexer. Exported for tests; `getNetworks()` reads process.env.
 */
export function parseNetworks(env: Env): Network[] {
  const multi = env.SUBGRAPH_URLS?.trim();
  if (multi) {
    const out: Network[] = [];
    for (const part of multi.split(',')) {
      const item = part.trim();
      if (!item) continue;
      const eq = item.indexOf('=');
      if (eq <= 0 || eq === item.length - 1) {
        throw new Error(`SUBGRAPH_URLS: entry "${item}" is not of the form name=url`);
      }
      const name = item.slice(0, eq).trim();
      const subgraphUrl = item.slice(eq + 1).trim();
      if (out.some((n) => n.name === name)) {
        throw new Error(`SUBGRAPH_URLS: network "${name}" listed twice`);
      }
      out.push(network(name, subgraphUrl, env));
    }
    if (out.length) return out;
  }
  const single = env.SUBGRAPH_URL?.trim();
  if (single) return [network(env.NETWORK?.trim() || DEFAULT_NETWORK, single, env)];
  return [network(DEFAULT_NETWORK, DEFAULT_SUBGRAPH_URL, env)];
}

/** AT_RISK_HF (a health factor > 1), else 1.1. */
export function parseAtRiskThreshold(env: Env): number {
  const raw = env.AT_RISK_HF?.trim();
  if (!raw) return DEFAULT_AT_RISK_HF;
  const v = Number(raw);
  if (!Number.isFinite(v) || v <= 1 || v > 100) {
    throw new Error(`AT_RISK_HF: "${raw}" is not a health factor in (1, 100]`);
  }
  return v;
}

let cached: { key: string; networks: Network[] } | undefined;

/** All configured networks, in configuration order (the first is the default). */
export function getNetworks(): Network[] {
  const env = process.env;
  const key = [env.SUBGRAPH_URLS, env.SUBGRAPH_URL, env.NETWORK, env.INDEX_NODE_URL].join('|');
  if (!cached || cached.key !== key) cached = { key, networks: parseNetworks(env) };
  return cached.networks;
}

/** The named network, or the default (first) one when `name` is empty; undefined if unknown. */
export function getNetwork(name?: string | string[] | null): Network | undefined {
  const n = Array.isArray(name) ? name[0] : name;
  const networks = getNetworks();
  if (!n) return networks[0];
  return networks.find((x) => x.name === n);
}

/**
 * For pages: the named network, else the default one (an unknown name shows the default). A
 * configuration that does not parse still shows the local devnet, so the page can say so.
 */
export function resolveNetwork(name?: string | string[] | null): Network {
  try {
    return getNetwork(name) ?? getNetworks()[0];
  } catch {
    return network(DEFAULT_NETWORK, DEFAULT_SUBGRAPH_URL, process.env);
  }
}

/** Names only: safe to hand to the browser (no URLs); empty when the configuration is broken. */
export function getNetworkNames(): string[] {
  try {
    return getNetworks().map((n) => n.name);
  } catch {
    return [];
  }
}

/** The configured at-risk health factor (AT_RISK_HF, default 1.1). */
export function atRiskThreshold(): number {
  return parseAtRiskThreshold(process.env);
}
