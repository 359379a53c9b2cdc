// The devnet's reserves, with risk parameters close to Aave V3 Ethereum's (values in basis
// points as the PoolConfigurator takes them; rates as fractions, converted to ray on deploy).

export type AssetGroup = 'eth' | 'btc' | 'stable' | 'rwa' | 'other';

export interface AssetSpec {
  symbol: string;
  name: string;
  decimals: number;
  group: AssetGroup;
  /** Starting USD price. */
  price: number;
  ltv: number; // bps
  liquidationThreshold: number; // bps
  liquidationBonus: number; // bps, 10500 = 5% bonus
  reserveFactor: number; // bps
  liquidationProtocolFee: number; // bps of the bonus
  supplyCap: number; // whole tokens, 0 = none
  borrowCap: number; // whole tokens, 0 = none
  borrowable: boolean;
  borrowableInIsolation?: boolean;
  /** Stable-rate borrowing enabled (the 3.0 contracts still allow it; mainnet had it on stables). */
  stableBorrowing?: boolean;
  /** Debt ceiling in USD (isolation mode) — listed isolated when set. */
  debtCeilingUsd?: number;
  eModeCategory?: number;
  rate: { optimal: number; base: number; slope1: number; slope2: number };
  /** Chainlink-like update rule of its feed. */
  feed: { deviation: number; heartbeatHours: number };
  /** The token artifact: WETH is Aave's WETH9Mocked, the rest MintableERC20. */
  weth?: boolean;
}

export const E_MODE_CATEGORIES = [
  { id: 1, label: 'Stablecoins', ltv: 9300, liquidationThreshold: 9500, liquidationBonus: 10100 },
  {
    id: 2,
    label: 'ETH correlated',
    ltv: 9300,
    liquidationThreshold: 9500,
    liquidationBonus: 10100,
  },
] as const;

export const ASSETS: AssetSpec[] = [
  {
    symbol: 'WETH',
    name: 'Wrapped Ether',
    decimals: 18,
    group: 'eth',
    price: 3000,
    weth: true,
    ltv: 8050,
    liquidationThreshold: 8300,
    liquidationBonus: 10500,
    reserveFactor: 1500,
    liquidationProtocolFee: 1000,
    supplyCap: 2_000_000,
    borrowCap: 1_400_000,
    borrowable: true,
    eModeCategory: 2,
    rate: { optimal: 0.9, base: 0, slope1: 0.027, slope2: 0.8 },
    feed: { deviation: 0.005, heartbeatHours: 1 },
  },
  {
    symbol: 'wstETH',
    name: 'Wrapped liquid staked Ether 2.0',
    decimals: 18,
    group: 'eth',
    price: 3540,
    ltv: 7850,
    liquidationThreshold: 8100,
    liquidationBonus: 10600,
    reserveFactor: 500,
    liquidationProtocolFee: 1000,
    supplyCap: 1_200_000,
    borrowCap: 12_000,
    borrowable: true,
    eModeCategory: 2,
    rate: { optimal: 0.45, base: 0, slope1: 0.045, slope2: 0.8 },
    feed: { deviation: 0.005, heartbeatHours: 24 },
  },
  {
    symbol: 'WBTC',
    name: 'Wrapped BTC',
    decimals: 8,
    group: 'btc',
    price: 60000,
    ltv: 7300,
    liquidationThreshold: 7800,
    liquidationBonus: 10500,
    reserveFactor: 2000,
    liquidationProtocolFee: 1000,
    supplyCap: 43_000,
    borrowCap: 28_000,
    borrowable: true,
    rate: { optimal: 0.45, base: 0, slope1: 0.04, slope2: 3 },
    feed: { deviation: 0.005, heartbeatHours: 24 },
  },
  {
    symbol: 'USDC',
    name: 'USD Coin',
    decimals: 6,
    group: 'stable',
    price: 1,
    ltv: 7700,
    liquidationThreshold: 8000,
    liquidationBonus: 10450,
    reserveFactor: 1000,
    liquidationProtocolFee: 1000,
    supplyCap: 2_000_000_000,
    borrowCap: 1_800_000_000,
    borrowable: true,
    stableBorrowing: true,
    borrowableInIsolation: true,
    eModeCategory: 1,
    rate: { optimal: 0.9, base: 0, slope1: 0.06, slope2: 0.6 },
    feed: { deviation: 0.0025, heartbeatHours: 24 },
  },
  {
    symbol: 'USDT',
    name: 'Tether USD',
    decimals: 6,
    group: 'stable',
    price: 1,
    ltv: 7500,
    liquidationThreshold: 7800,
    liquidationBonus: 10450,
    reserveFactor: 1000,
    liquidationProtocolFee: 1000,
    supplyCap: 2_000_000_000,
    borrowCap: 1_800_000_000,
    borrowable: true,
    stableBorrowing: true,
    borrowableInIsolation: true,
    eModeCategory: 1,
    rate: { optimal: 0.9, base: 0, slope1: 0.06, slope2: 0.75 },
    feed: { deviation: 0.0025, heartbeatHours: 24 },
  },
  {
    symbol: 'DAI',
    name: 'Dai Stablecoin',
    decimals: 18,
    group: 'stable',
    price: 1,
    ltv: 6300,
    liquidationThreshold: 7700,
    liquidationBonus: 10500,
    reserveFactor: 1000,
    liquidationProtocolFee: 1000,
    supplyCap: 1_000_000_000,
    borrowCap: 800_000_000,
    borrowable: true,
    stableBorrowing: true,
    borrowableInIsolation: true,
    eModeCategory: 1,
    rate: { optimal: 0.9, base: 0, slope1: 0.06, slope2: 0.75 },
    feed: { deviation: 0.0025, heartbeatHours: 24 },
  },
  {
    symbol: 'LINK',
    name: 'ChainLink Token',
    decimals: 18,
    group: 'other',
    price: 15,
    ltv: 5300,
    liquidationThreshold: 6800,
    liquidationBonus: 10700,
    reserveFactor: 2000,
    liquidationProtocolFee: 1000,
    supplyCap: 15_000_000,
    borrowCap: 1_300_000,
    borrowable: true,
    rate: { optimal: 0.45, base: 0, slope1: 0.07, slope2: 3 },
    feed: { deviation: 0.01, heartbeatHours: 24 },
  },
  {
    symbol: 'TBILL',
    name: 'Tokenized US Treasury Bill',
    decimals: 6,
    group: 'rwa',
    price: 100,
    ltv: 7000,
    liquidationThreshold: 7500,
    liquidationBonus: 10500,
    reserveFactor: 0,
    liquidationProtocolFee: 1000,
    supplyCap: 2_000_000,
    borrowCap: 0,
    borrowable: false,
    debtCeilingUsd: 30_000_000,
    rate: { optimal: 0.45, base: 0, slope1: 0.07, slope2: 3 },
    feed: { deviation: 0.005, heartbeatHours: 24 },
  },
];

export const assetIndex = (symbol: string): number => {
  const i = ASSETS.findIndex((a) => a.symbol.toLowerCase() === symbol.toLowerCase());
  if (i < 0)
    throw new Error(
      `unknown devnet asset '${symbol}' (known: ${ASSETS.map((a) => a.symbol).join(', ')})`,
    );
  return i;
};
