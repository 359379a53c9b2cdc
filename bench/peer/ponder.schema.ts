// The subgraph's entities (subgraph/schema.graphql) as Ponder tables: same names, same fields,
// same units. Bytes ids → lowercase hex text; BigInt → bigint (numeric(78)); BigDecimal →
// numeric (decimal strings, computed in fixed point, see lib/dec.ts); Int → integer.
// @derivedFrom fields are not columns (they are queries in both systems). Event entities are
// insert-only here, as they are immutable in the subgraph.
import { onchainTable } from 'ponder';

export const protocol = onchainTable('protocol', (t) => ({
  id: t.hex().primaryKey(),
  network: t.text().notNull(),
  marketId: t.text(),
  pool: t.hex(),
  poolConfigurator: t.hex(),
  oracle: t.hex(),
  baseCurrencyUnit: t.bigint().notNull(),
  poolRevision: t.integer(),
  poolImplementation: t.hex(),
  poolUpgradedBlock: t.bigint(),
  flashLoanPremiumTotal: t.integer().notNull(),
  flashLoanPremiumToProtocol: t.integer().notNull(),
  marketCount: t.integer().notNull(),
  accountCount: t.integer().notNull(),
  borrowerCount: t.integer().notNull(),
  totalSupplyUSD: t.numeric().notNull(),
  totalBorrowUSD: t.numeric().notNull(),
  cumulativeSupplyUSD: t.numeric().notNull(),
  cumulativeBorrowUSD: t.numeric().notNull(),
  cumulativeRepayUSD: t.numeric().notNull(),
  cumulativeWithdrawUSD: t.numeric().notNull(),
  cumulativeLiquidationUSD: t.numeric().notNull(),
  liquidationCount: t.integer().notNull(),
  flashLoanCount: t.integer().notNull(),
  lastUpdateBlock: t.bigint().notNull(),
  lastUpdateTimestamp: t.bigint().notNull(),
}));

export const token = onchainTable('token', (t) => ({
  id: t.hex().primaryKey(),
  symbol: t.text().notNull(),
  name: t.text().notNull(),
  decimals: t.integer().notNull(),
  kind: t.text().notNull(),
  market: t.hex(),
  lastPriceBase: t.bigint().notNull(),
  lastPriceUSD: t.numeric().notNull(),
  lastPriceBlock: t.bigint().notNull(),
  lastPriceTimestamp: t.bigint().notNull(),
  priceSource: t.hex(),
  priceAggregator: t.hex(),
  balanceTransferScaled: t.boolean(),
  revision: t.integer(),
}));

export const priceFeed = onchainTable('price_feed', (t) => ({
  id: t.hex().primaryKey(),
  proxy: t.hex().notNull(),
  tokens: t.text().array().notNull(),
  lastAnswer: t.bigint().notNull(),
  lastUpdateBlock: t.bigint().notNull(),
  lastUpdateTimestamp: t.bigint().notNull(),
}));

export const market = onchainTable('market', (t) => ({
  id: t.hex().primaryKey(),
  protocol: t.hex().notNull(),
  underlyingToken: t.hex().notNull(),
  symbol: t.text().notNull(),
  name: t.text().notNull(),
  decimals: t.integer().notNull(),
  aToken: t.hex().notNull(),
  variableDebtToken: t.hex().notNull(),
  stableDebtToken: t.hex(),
  interestRateStrategy: t.hex(),
  reserveId: t.integer().notNull(),
  isActive: t.boolean().notNull(),
  isFrozen: t.boolean().notNull(),
  isPaused: t.boolean().notNull(),
  isDropped: t.boolean().notNull(),
  borrowingEnabled: t.boolean().notNull(),
  stableBorrowingEnabled: t.boolean().notNull(),
  flashLoanEnabled: t.boolean().notNull(),
  borrowableInIsolation: t.boolean().notNull(),
  isSiloed: t.boolean().notNull(),
  usageAsCollateralEnabled: t.boolean().notNull(),
  ltv: t.integer().notNull(),
  liquidationThreshold: t.integer().notNull(),
  liquidationBonus: t.integer().notNull(),
  reserveFactor: t.integer().notNull(),
  liquidationProtocolFee: t.integer().notNull(),
  supplyCap: t.bigint().notNull(),
  borrowCap: t.bigint().notNull(),
  debtCeiling: t.bigint().notNull(),
  isolationModeTotalDebt: t.bigint().notNull(),
  unbackedMintCap: t.bigint().notNull(),
  eModeCategory: t.text(),
  liquidityIndex: t.bigint().notNull(),
  variableBorrowIndex: t.bigint().notNull(),
  liquidityRate: t.bigint().notNull(),
  variableBorrowRate: t.bigint().notNull(),
  stableBorrowRate: t.bigint().notNull(),
  lastUpdateTimestamp: t.bigint().notNull(),
  scaledATokenSupply: t.bigint().notNull(),
  scaledVariableDebt: t.bigint().notNull(),
  totalStableDebt: t.bigint().notNull(),
  totalSupply: t.bigint().notNull(),
  totalVariableDebt: t.bigint().notNull(),
  accruedToTreasury: t.bigint().notNull(),
  utilization: t.numeric().notNull(),
  totalSupplyUSD: t.numeric().notNull(),
  totalBorrowUSD: t.numeric().notNull(),
  cumulativeSupplied: t.bigint().notNull(),
  cumulativeWithdrawn: t.bigint().notNull(),
  cumulativeBorrowed: t.bigint().notNull(),
  cumulativeRepaid: t.bigint().notNull(),
  cumulativeLiquidatedCollateral: t.bigint().notNull(),
  cumulativeLiquidatedDebt: t.bigint().notNull(),
  cumulativeSupplyUSD: t.numeric().notNull(),
  cumulativeBorrowUSD: t.numeric().notNull(),
  cumulativeLiquidatedCollateralUSD: t.numeric().notNull(),
  supplyCount: t.integer().notNull(),
  withdrawCount: t.integer().notNull(),
  borrowCount: t.integer().notNull(),
  repayCount: t.integer().notNull(),
  liquidationCount: t.integer().notNull(),
  flashLoanCount: t.integer().notNull(),
  createdBlock: t.bigint().notNull(),
  createdTimestamp: t.bigint().notNull(),
  lastActivityBlock: t.bigint().notNull(),
}));

export const eModeCategory = onchainTable('e_mode_category', (t) => ({
  id: t.text().primaryKey(),
  protocol: t.hex().notNull(),
  label: t.text().notNull(),
  ltv: t.integer().notNull(),
  liquidationThreshold: t.integer().notNull(),
  liquidationBonus: t.integer().notNull(),
  priceSource: t.hex(),
  collateralBitmap: t.bigint().notNull(),
  borrowableBitmap: t.bigint().notNull(),
  ltvZeroBitmap: t.bigint().notNull(),
}));

export const account = onchainTable('account', (t) => ({
  id: t.hex().primaryKey(),
  eModeCategoryId: t.integer().notNull(),
  positionCount: t.integer().notNull(),
  borrowedPositionCount: t.integer().notNull(),
  collateralPositionCount: t.integer().notNull(),
  supplyCount: t.integer().notNull(),
  withdrawCount: t.integer().notNull(),
  borrowCount: t.integer().notNull(),
  repayCount: t.integer().notNull(),
  liquidatedCount: t.integer().notNull(),
  liquidatorCount: t.integer().notNull(),
  createdBlock: t.bigint().notNull(),
  createdTimestamp: t.bigint().notNull(),
  lastActivityBlock: t.bigint().notNull(),
  lastActivityTimestamp: t.bigint().notNull(),
}));

export const position = onchainTable('position', (t) => ({
  id: t.hex().primaryKey(),
  account: t.hex().notNull(),
  market: t.hex().notNull(),
  scaledATokenBalance: t.bigint().notNull(),
  scaledVariableDebt: t.bigint().notNull(),
  stableDebt: t.bigint().notNull(),
  stableBorrowRate: t.bigint().notNull(),
  stableLastUpdateTimestamp: t.bigint().notNull(),
  collateralEnabled: t.boolean().notNull(),
  hasSupply: t.boolean().notNull(),
  hasDebt: t.boolean().notNull(),
  createdBlock: t.bigint().notNull(),
  lastUpdateBlock: t.bigint().notNull(),
  lastUpdateTimestamp: t.bigint().notNull(),
}));

const eventCols = (t: any) => ({ blockNumber: t.bigint().notNull(), timestamp: t.bigint().notNull(), txHash: t.hex().notNull(), logIndex: t.integer().notNull() });

export const supply = onchainTable('supply', (t) => ({
  id: t.hex().primaryKey(), market: t.hex().notNull(), account: t.hex().notNull(), caller: t.hex().notNull(),
  amount: t.bigint().notNull(), amountUSD: t.numeric().notNull(), referralCode: t.integer().notNull(), ...eventCols(t),
}));
export const withdraw = onchainTable('withdraw', (t) => ({
  id: t.hex().primaryKey(), market: t.hex().notNull(), account: t.hex().notNull(), to: t.hex().notNull(),
  amount: t.bigint().notNull(), amountUSD: t.numeric().notNull(), ...eventCols(t),
}));
export const borrow = onchainTable('borrow', (t) => ({
  id: t.hex().primaryKey(), market: t.hex().notNull(), account: t.hex().notNull(), caller: t.hex().notNull(),
  amount: t.bigint().notNull(), amountUSD: t.numeric().notNull(), interestRateMode: t.integer().notNull(), borrowRate: t.bigint().notNull(),
  referralCode: t.integer().notNull(), ...eventCols(t),
}));
export const repay = onchainTable('repay', (t) => ({
  id: t.hex().primaryKey(), market: t.hex().notNull(), account: t.hex().notNull(), repayer: t.hex().notNull(),
  amount: t.bigint().notNull(), amountUSD: t.numeric().notNull(), useATokens: t.boolean().notNull(), ...eventCols(t),
}));
export const liquidation = onchainTable('liquidation', (t) => ({
  id: t.hex().primaryKey(), account: t.hex().notNull(), liquidator: t.hex().notNull(), collateralMarket: t.hex().notNull(), debtMarket: t.hex().notNull(),
  debtRepaid: t.bigint().notNull(), debtRepaidUSD: t.numeric().notNull(), collateralSeized: t.bigint().notNull(), collateralSeizedUSD: t.numeric().notNull(),
  protocolFee: t.bigint().notNull(), protocolFeeUSD: t.numeric().notNull(), liquidatorBonusUSD: t.numeric().notNull(), receiveAToken: t.boolean().notNull(), ...eventCols(t),
}));
export const flashLoan = onchainTable('flash_loan', (t) => ({
  id: t.hex().primaryKey(), market: t.hex().notNull(), target: t.hex().notNull(), initiator: t.hex().notNull(),
  amount: t.bigint().notNull(), amountUSD: t.numeric().notNull(), premium: t.bigint().notNull(), premiumUSD: t.numeric().notNull(),
  interestRateMode: t.integer().notNull(), ...eventCols(t),
}));
export const collateralToggle = onchainTable('collateral_toggle', (t) => ({
  id: t.hex().primaryKey(), market: t.hex().notNull(), account: t.hex().notNull(), enabled: t.boolean().notNull(), ...eventCols(t),
}));
export const eModeSet = onchainTable('e_mode_set', (t) => ({
  id: t.hex().primaryKey(), account: t.hex().notNull(), categoryId: t.integer().notNull(), ...eventCols(t),
}));
export const deficit = onchainTable('deficit', (t) => ({
  id: t.hex().primaryKey(), market: t.hex().notNull(), account: t.hex(), amount: t.bigint().notNull(), amountUSD: t.numeric().notNull(), ...eventCols(t),
}));
export const riskParameterChange = onchainTable('risk_parameter_change', (t) => ({
  id: t.hex().primaryKey(), market: t.hex(), eModeCategory: t.text(), parameter: t.text().notNull(), oldValue: t.text(), newValue: t.text().notNull(), ...eventCols(t),
}));
export const pricePoint = onchainTable('price_point', (t) => ({
  id: t.hex().primaryKey(), token: t.hex().notNull(), priceBase: t.bigint().notNull(), priceUSD: t.numeric().notNull(), trigger: t.text().notNull(),
  blockNumber: t.bigint().notNull(), timestamp: t.bigint().notNull(),
}));

const snapCols = (t: any) => ({
  timestamp: t.bigint().notNull(), blockNumber: t.bigint().notNull(),
  totalSupply: t.bigint().notNull(), totalVariableDebt: t.bigint().notNull(), totalStableDebt: t.bigint().notNull(),
  totalSupplyUSD: t.numeric().notNull(), totalBorrowUSD: t.numeric().notNull(), utilization: t.numeric().notNull(),
  liquidityRate: t.bigint().notNull(), variableBorrowRate: t.bigint().notNull(), liquidityIndex: t.bigint().notNull(), variableBorrowIndex: t.bigint().notNull(),
  priceUSD: t.numeric().notNull(), supplied: t.bigint().notNull(), withdrawn: t.bigint().notNull(), borrowed: t.bigint().notNull(), repaid: t.bigint().notNull(),
  liquidatedCollateral: t.bigint().notNull(), liquidatedCollateralUSD: t.numeric().notNull(), liquidationCount: t.integer().notNull(),
});
export const marketHourlySnapshot = onchainTable('market_hourly_snapshot', (t) => ({
  id: t.hex().primaryKey(), market: t.hex().notNull(), hour: t.integer().notNull(), ...snapCols(t),
}));
export const marketDailySnapshot = onchainTable('market_daily_snapshot', (t) => ({
  id: t.hex().primaryKey(), market: t.hex().notNull(), day: t.integer().notNull(), ...snapCols(t),
}));
export const protocolDailySnapshot = onchainTable('protocol_daily_snapshot', (t) => ({
  id: t.hex().primaryKey(), protocol: t.hex().notNull(), day: t.integer().notNull(), timestamp: t.bigint().notNull(), blockNumber: t.bigint().notNull(),
  totalSupplyUSD: t.numeric().notNull(), totalBorrowUSD: t.numeric().notNull(), utilization: t.numeric().notNull(),
  supplyUSD: t.numeric().notNull(), withdrawUSD: t.numeric().notNull(), borrowUSD: t.numeric().notNull(), repayUSD: t.numeric().notNull(),
  liquidationUSD: t.numeric().notNull(), liquidationCount: t.integer().notNull(), activeAccounts: t.integer().notNull(),
  accountCount: t.integer().notNull(), borrowerCount: t.integer().notNull(),
}));
export const accountActivityDay = onchainTable('account_activity_day', (t) => ({
  id: t.hex().primaryKey(), account: t.hex().notNull(), day: t.integer().notNull(),
}));

// Not a subgraph entity: AaveOracle events seen before the provider registers that oracle, kept
// until it does (graph-node semantics, see src/oracle.ts).
export const pendingOracleEvent = onchainTable('pending_oracle_event', (t) => ({
  id: t.hex().primaryKey(), oracle: t.hex().notNull(), kind: t.text().notNull(), args: t.json().notNull(),
  blockNumber: t.bigint().notNull(), timestamp: t.bigint().notNull(), txHash: t.hex().notNull(), logIndex: t.integer().notNull(),
}));
