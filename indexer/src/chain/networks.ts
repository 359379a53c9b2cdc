// Which chain a manifest network name means (The Graph's network names → EIP-155 chain ids), so
// a subgraph built for one network is never indexed from another network's RPC. Covers the
// networks of subgraph/networks.json (public chain ids, see ../shared/facts) plus the devnet.
export const NETWORK_CHAIN_IDS: Readonly<Record<string, number>> = {
  mainnet: 1,
  'arbitrum-one': 42161,
  optimism: 10,
  matic: 137,
  avalanche: 43114,
  base: 8453,
  gnosis: 100,
  bsc: 56,
  scroll: 534352,
  metis: 1088,
  andromeda: 1088, // metis' older Graph name
  'zksync-era': 324,
  linea: 59144,
  sonic: 146,
  celo: 42220,
  soneium: 1868,
  ink: 57073,
  megaeth: 4326,
  fantom: 250,
  harmony: 1666600000,
  'xlayer-mainnet': 196,
  sepolia: 11155111,
  // the local devnet (devnet/src/core/chain.ts CHAIN_ID: Hardhat's default)
  devnet: 31337,
};

/** The RPC URL without credentials (user:password, API-key-like path segments and query). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.pathname = u.pathname
      .split('/')
      .map((s) => (/^[A-Za-z0-9_-]{16,}$/.test(s) ? '***' : s))
      .join('/');
    if (u.search) u.search = '?***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

/**
 * Throws when the manifest's network has a known chain id that the RPC does not report.
 * Returns a warning for a network name this table does not know (not checked, not fatal).
 */
export function checkNetworkChainId(
  network: string,
  chainId: number,
  rpcUrl: string,
): { warning: string | null } {
  const expected = NETWORK_CHAIN_IDS[network];
  if (expected === undefined) {
    return {
      warning: `network ${network} has no known chain id; not checking that the RPC at ${redactUrl(rpcUrl)} (chain id ${chainId}) serves it`,
    };
  }
  if (expected !== chainId) {
    throw new Error(
      `network ${network} expects chain id ${expected} but RPC at ${redactUrl(rpcUrl)} reports ${chainId}`,
    );
  }
  return { warning: null };
}
