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

/** Chain ids local development chains report (Hardhat, anvil, Ganache): a fork may carry one. */
export const LOCAL_CHAIN_IDS: readonly number[] = [31337, 1337];

export interface ChainIdCheck {
  warning: string | null;
  /** set when `forkOf` accepted a local fork: what the start-up line and /status say */
  fork: { of: string; chainId: number } | null;
}

/**
 * Throws when the manifest's network has a known chain id that the RPC does not report.
 * Returns a warning for a network name this table does not know (not checked, not fatal).
 * With `forkOf` (--fork-of / FORK_OF, the same name as the manifest's network) a local fork of
 * that network is accepted: the RPC reports either the network's own chain id (anvil keeps it)
 * or a local one (Hardhat forks as 31337).
 */
export function checkNetworkChainId(
  network: string,
  chainId: number,
  rpcUrl: string,
  forkOf?: string,
): ChainIdCheck {
  const rpc = redactUrl(rpcUrl);
  if (forkOf !== undefined && forkOf !== network)
    throw new Error(
      `--fork-of ${forkOf}: the subgraph is built for network ${network}; give --fork-of ${network}, or build the subgraph for ${forkOf}`,
    );
  const expected = NETWORK_CHAIN_IDS[network];
  if (expected === undefined) {
    return {
      warning: `network ${network} has no known chain id; not checking that the RPC at ${rpc} (chain id ${chainId}) serves it`,
      fork: forkOf ? { of: network, chainId } : null,
    };
  }
  const local = LOCAL_CHAIN_IDS.includes(chainId);
  if (forkOf !== undefined) {
    if (chainId !== expected && !local)
      throw new Error(
        `--fork-of ${network}: RPC at ${rpc} reports chain id ${chainId}, neither ${network}'s (${expected}) nor a local chain's (${LOCAL_CHAIN_IDS.join(', ')})`,
      );
    return { warning: null, fork: { of: network, chainId } };
  }
  if (expected !== chainId) {
    const hint = local
      ? ` (a local chain: for a fork of ${network}, pass --fork-of ${network} or FORK_OF=${network})`
      : '';
    throw new Error(
      `network ${network} expects chain id ${expected} but RPC at ${rpc} reports ${chainId}${hint}`,
    );
  }
  return { warning: null, fork: null };
}
