// The normalized input of the risk engine: one protocol deployment at one block. Built from the
// subgraph (book-from-subgraph.ts) or, in tests, straight from the chain. All protocol numbers
// are raw integers in protocol units (token smallest units, ray indexes/rates, bps, base-currency
// prices with `baseCurrencyUnit`).

export interface BookMarket {
  /** underlying asset address, lowercase 0x… */
  id: string;
  symbol: string;
  decimals: number;
  /** reserve id (init order): user-config bit and 3.2+ e-mode bitmaps */
  reserveId: number;
  /** bps */
  ltv: number;
  liquidationThreshold: number;
  /** bps incl. 100%, e.g. 10500 */
  liquidationBonus: number;
  /** bps of the bonus that goes to the treasury */
  liquidationProtocolFee: number;
  /** the asset's e-mode category (3.0–3.1); 0 = none */
  eModeCategoryId: number;
  /** isolation-mode debt ceiling (> 0 = isolated asset) */
  debtCeiling: bigint;
  liquidityIndex: bigint;
  variableBorrowIndex: bigint;
  liquidityRate: bigint;
  variableBorrowRate: bigint;
  /** seconds */
  lastUpdateTimestamp: bigint;
  /** AaveOracle price in base-currency units */
  priceBase: bigint;
}

export interface BookEModeCategory {
  id: number;
  label: string;
  ltv: number;
  liquidationThreshold: number;
  liquidationBonus: number;
  /** 3.0–3.1 custom price source (asset address) or null/zero address */
  priceSource: string | null;
  /** AaveOracle price of priceSource when it is not a market of this book (else taken from the market) */
  priceSourcePriceBase?: bigint;
  /** 3.2+: reserves (by reserveId bit) in the category as collateral; 0n on 3.0–3.1 */
  collateralBitmap: bigint;
}

export interface BookPosition {
  /** index into Book.markets */
  market: number;
  scaledATokenBalance: bigint;
  scaledVariableDebt: bigint;
  /** principal as of stableLastUpdateTimestamp */
  stableDebt: bigint;
  stableBorrowRate: bigint;
  stableLastUpdateTimestamp: bigint;
  collateralEnabled: boolean;
}

export interface BookAccount {
  /** lowercase address */
  id: string;
  eModeCategoryId: number;
  positions: BookPosition[];
}

export interface BookBlock {
  number: number;
  hash: string;
  timestamp: number;
}

/** Daily closing prices per market (USD or base units, any consistent unit), oldest first. */
export interface PriceHistory {
  /** market index → [day index, price] pairs */
  series: Map<number, Array<[number, number]>>;
}

export interface Book {
  network: string;
  block: BookBlock;
  /** 10^8 for USD markets */
  baseCurrencyUnit: bigint;
  markets: BookMarket[];
  eModeCategories: Map<number, BookEModeCategory>;
  accounts: BookAccount[];
  /** Aave 3.3+ liquidation rules (100% close factor for positions under $2,000) */
  smallPositionRules?: boolean;
  /** Pool revision (1 = 3.0.x, 4 = 3.1, 5 = 3.2, 7 = 3.3, 8 = 3.4, 9 = 3.5, …) when known */
  poolRevision?: number;
}
