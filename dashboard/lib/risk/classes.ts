// Asset classes and correlated shock groups from dashboard/config/asset-classes.json.
import config from '@/config/asset-classes.json';
import type { BookMarket } from '@/lib/risk/types';

export type AssetClass = 'stablecoin' | 'ETH-like' | 'BTC-like' | 'RWA' | 'other';
export const ASSET_CLASSES: AssetClass[] = ['stablecoin', 'ETH-like', 'BTC-like', 'RWA', 'other'];

interface ClassConfig {
  symbols: Record<string, string>;
  networks?: Record<string, { addresses?: Record<string, string> }>;
}
const cfg = config as unknown as ClassConfig;
const symbolsLower = new Map(
  Object.entries(cfg.symbols).map(([s, c]) => [s.toLowerCase(), c as AssetClass]),
);

export function assetClassOf(network: string, m: Pick<BookMarket, 'id' | 'symbol'>): AssetClass {
  const byAddr = cfg.networks?.[network]?.addresses?.[m.id.toLowerCase()];
  if (byAddr && (ASSET_CLASSES as string[]).includes(byAddr)) return byAddr as AssetClass;
  return symbolsLower.get(m.symbol.toLowerCase()) ?? 'other';
}

/** Correlated shock groups: names accepted in ?group= (case-insensitive). */
const GROUP_ALIASES: Record<string, AssetClass> = {
  eth: 'ETH-like',
  'eth-like': 'ETH-like',
  btc: 'BTC-like',
  'btc-like': 'BTC-like',
  stablecoin: 'stablecoin',
  stablecoins: 'stablecoin',
  stable: 'stablecoin',
  depeg: 'stablecoin',
  rwa: 'RWA',
  other: 'other',
};
export function resolveGroup(name: string): AssetClass | undefined {
  return GROUP_ALIASES[name.trim().toLowerCase()];
}

/** The groups shown on the shock curves. */
export const SHOCK_GROUPS: AssetClass[] = ['ETH-like', 'BTC-like', 'stablecoin'];
