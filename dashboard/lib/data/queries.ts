// GraphQL documents used by the pages. Only graph-node API features: first ≤ 1000, id_gt
// cursors, where/orderBy/orderDirection, block: {hash}, _meta.

export const META = `_meta { block { number hash timestamp } hasIndexingErrors deployment }`;

export const OVERVIEW = `query Overview($since: BigInt!) {
  ${META}
  protocols(first: 10) { id network totalSupplyUSD totalBorrowUSD accountCount borrowerCount marketCount liquidationCount cumulativeLiquidationUSD }
  markets(first: 1000, orderBy: totalSupplyUSD, orderDirection: desc) { id symbol totalSupplyUSD totalBorrowUSD utilization }
  protocolDailySnapshots(first: 1000, orderBy: day, orderDirection: desc) { id day timestamp totalSupplyUSD totalBorrowUSD liquidationUSD liquidationCount activeAccounts }
  liquidations(first: 1000, orderBy: timestamp, orderDirection: desc, where: { timestamp_gte: $since }) { id timestamp debtRepaidUSD collateralSeizedUSD liquidatorBonusUSD }
}`;

export const TOTALS = `query Totals {
  ${META}
  protocols(first: 10) { id network totalSupplyUSD totalBorrowUSD accountCount borrowerCount marketCount liquidationCount cumulativeLiquidationUSD }
}`;

const MARKET_FIELDS = `id symbol name decimals reserveId isActive isFrozen isPaused isDropped borrowingEnabled flashLoanEnabled
  borrowableInIsolation isSiloed usageAsCollateralEnabled ltv liquidationThreshold liquidationBonus reserveFactor liquidationProtocolFee
  supplyCap borrowCap debtCeiling isolationModeTotalDebt liquidityIndex variableBorrowIndex liquidityRate variableBorrowRate
  lastUpdateTimestamp totalSupply totalVariableDebt totalStableDebt utilization totalSupplyUSD totalBorrowUSD liquidationCount
  cumulativeLiquidatedCollateralUSD interestRateStrategy
  optimalUsageRatio baseVariableBorrowRate variableRateSlope1 variableRateSlope2
  eModeCategory { id label ltv liquidationThreshold liquidationBonus }
  underlyingToken { id lastPriceUSD lastPriceTimestamp lastPriceBlock priceSource }`;

export const MARKETS = `query Markets {
  ${META}
  markets(first: 1000, orderBy: totalSupplyUSD, orderDirection: desc) { ${MARKET_FIELDS} }
}`;

export const MARKET_DETAIL = `query MarketDetail($symbol: String!, $id: Bytes!) {
  ${META}
  bySymbol: markets(first: 1, where: { symbol: $symbol }) { id }
  byId: markets(first: 1, where: { id: $id }) { id }
}`;

export const MARKET = `query Market($id: ID!, $mid: String!) {
  ${META}
  market(id: $id) {
    ${MARKET_FIELDS}
    aToken { id } variableDebtToken { id }
    dailySnapshots(first: 365, orderBy: day, orderDirection: desc) { id day timestamp utilization liquidityRate variableBorrowRate totalSupplyUSD totalBorrowUSD priceUSD liquidatedCollateralUSD liquidationCount }
    hourlySnapshots(first: 168, orderBy: hour, orderDirection: desc) { id hour timestamp utilization liquidityRate variableBorrowRate }
    parameterChanges(first: 200, orderBy: blockNumber, orderDirection: desc) { id parameter oldValue newValue blockNumber timestamp txHash logIndex }
  }
  suppliers: positions(first: 10, orderBy: scaledATokenBalance, orderDirection: desc, where: { market: $mid, scaledATokenBalance_gt: "0" }) { id account { id } scaledATokenBalance collateralEnabled }
  borrowers: positions(first: 10, orderBy: scaledVariableDebt, orderDirection: desc, where: { market: $mid, scaledVariableDebt_gt: "0" }) { id account { id } scaledVariableDebt stableDebt }
}`;

/** Fields of one liquidation on the liquidations page (paged by gqlAll over `liquidations`). */
export const LIQUIDATION_FIELDS = `id timestamp blockNumber txHash liquidator account { id }
  collateralMarket { id symbol } debtMarket { id symbol }
  debtRepaidUSD collateralSeizedUSD liquidatorBonusUSD protocolFeeUSD receiveAToken`;

export const RISK_TOKENS = `query Oracles {
  ${META}
  markets(first: 1000, orderBy: totalSupplyUSD, orderDirection: desc) { id symbol totalSupplyUSD underlyingToken { id lastPriceUSD lastPriceTimestamp lastPriceBlock priceSource priceAggregator } }
}`;

export const ACCOUNT = `query Account($id: ID!) {
  ${META}
  account(id: $id) {
    id eModeCategoryId positionCount borrowedPositionCount collateralPositionCount supplyCount withdrawCount borrowCount repayCount liquidatedCount liquidatorCount createdTimestamp lastActivityTimestamp
    positions(first: 1000) {
      id scaledATokenBalance scaledVariableDebt stableDebt collateralEnabled
      market { id symbol decimals liquidityIndex variableBorrowIndex ltv liquidationThreshold liquidationBonus underlyingToken { lastPriceUSD } eModeCategory { id } }
    }
  }
}`;

export const ACCOUNT_EVENTS = `query AccountEvents($account: String!, $first: Int!) {
  supplies(first: $first, orderBy: timestamp, orderDirection: desc, where: { account: $account }) { id timestamp txHash amount amountUSD market { symbol decimals } }
  withdraws(first: $first, orderBy: timestamp, orderDirection: desc, where: { account: $account }) { id timestamp txHash amount amountUSD market { symbol decimals } }
  borrows(first: $first, orderBy: timestamp, orderDirection: desc, where: { account: $account }) { id timestamp txHash amount amountUSD market { symbol decimals } }
  repays(first: $first, orderBy: timestamp, orderDirection: desc, where: { account: $account }) { id timestamp txHash amount amountUSD market { symbol decimals } }
  liquidations(first: $first, orderBy: timestamp, orderDirection: desc, where: { account: $account }) { id timestamp txHash liquidator debtRepaidUSD collateralSeizedUSD collateralMarket { symbol } debtMarket { symbol } }
  transfersIn: supplyTransfers(first: $first, orderBy: timestamp, orderDirection: desc, where: { to: $account }) { id timestamp txHash amount amountUSD from { id } to { id } market { symbol decimals } }
  transfersOut: supplyTransfers(first: $first, orderBy: timestamp, orderDirection: desc, where: { from: $account }) { id timestamp txHash amount amountUSD from { id } to { id } market { symbol decimals } }
}`;

export const STATUS_META = `query Status { ${META} protocols(first: 10) { id network lastUpdateBlock lastUpdateTimestamp marketCount accountCount } }`;

/**
 * Our indexer's one addition to the index-node API: the network a local fork is of (--fork-of).
 * Asked separately, so a real graph-node, which rejects the field, answers the query above.
 */
export const INDEX_NODE_FORK = `query IndexingFork($name: String!) {
  indexingStatusForCurrentVersion(subgraphName: $name) { chains { forkOf } }
}`;

export const INDEX_NODE_STATUS = `query IndexingStatus($name: String!) {
  indexingStatusForCurrentVersion(subgraphName: $name) {
    subgraph synced health entityCount node
    fatalError { message handler block { number hash } }
    nonFatalErrors { message handler block { number hash } }
    chains { network chainHeadBlock { number } earliestBlock { number } latestBlock { number } }
  }
}`;
