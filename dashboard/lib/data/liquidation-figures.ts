// The names of a liquidation's figures, the same on every page, chart and CSV header. A
// LiquidationCall moves four amounts (Aave LiquidationLogic): the debt the liquidator repays, the
// collateral it receives (the event's liquidatedCollateralAmount), the part of that value above
// the debt repaid (its bonus) and the collateral sent to the treasury (the protocol fee). The
// subgraph's running totals (Protocol.cumulativeLiquidationUSD, ProtocolDailySnapshot.liquidationUSD,
// Market.cumulativeLiquidatedCollateralUSD) count the collateral taken: seized plus the fee.

export const LIQUIDATION_FIGURES = {
  /** Liquidation.debtRepaidUSD */
  debtRepaid: 'Debt repaid',
  /** Liquidation.collateralSeizedUSD: received by the liquidator */
  collateralSeized: 'Collateral seized',
  /** seized + protocol fee: every unit of collateral the account lost */
  collateralTaken: 'Collateral taken (seized + protocol fee)',
  /** Liquidation.liquidatorBonusUSD = collateral seized − debt repaid */
  liquidatorBonus: 'Liquidator bonus',
  /** Liquidation.protocolFeeUSD */
  protocolFee: 'Protocol fee',
} as const;

/** Words no page uses for a liquidation amount, because each meant more than one figure. */
export const AMBIGUOUS_LIQUIDATION_WORDS = [
  /\bLiquidated\b(?! accounts)(?!\s*count)/,
  /Bonus captured/,
  /'Seized'/,
  /'Bonus'/,
];
