// Market rows for the markets table (pure: unit-tested).
import { capUsage, num, rayToApy } from '@/lib/shape';

export interface MarketEntity {
  id: string;
  symbol: string;
  name: string;
  decimals: number;
  isActive: boolean;
  isFrozen: boolean;
  isPaused: boolean;
  isDropped: boolean;
  borrowingEnabled: boolean;
  borrowableInIsolation: boolean;
  isSiloed: boolean;
  usageAsCollateralEnabled: boolean;
  flashLoanEnabled: boolean;
  ltv: number;
  liquidationThreshold: number;
  liquidationBonus: number;
  reserveFactor: number;
  liquidationProtocolFee: number;
  supplyCap: string;
  borrowCap: string;
  debtCeiling: string;
  isolationModeTotalDebt: string;
  liquidityIndex: string;
  variableBorrowIndex: string;
  liquidityRate: string;
  variableBorrowRate: string;
  lastUpdateTimestamp: string;
  totalSupply: string;
  totalVariableDebt: string;
  totalStableDebt: string;
  utilization: string;
  totalSupplyUSD: string;
  totalBorrowUSD: string;
  liquidationCount: number;
  cumulativeLiquidatedCollateralUSD: string;
  interestRateStrategy: string | null;
  optimalUsageRatio?: string | null;
  baseVariableBorrowRate?: string | null;
  variableRateSlope1?: string | null;
  variableRateSlope2?: string | null;
  eModeCategory: {
    id: string;
    label: string;
    ltv: number;
    liquidationThreshold: number;
    liquidationBonus: number;
  } | null;
  underlyingToken: {
    id: string;
    lastPriceUSD: string;
    lastPriceTimestamp: string;
    lastPriceBlock: string;
    priceSource: string | null;
  };
}

export function marketFlags(m: MarketEntity): string[] {
  const f: string[] = [];
  if (!m.isActive) f.push('Inactive');
  if (m.isFrozen) f.push('Frozen');
  if (m.isPaused) f.push('Paused');
  if (BigInt(m.debtCeiling || '0') > 0n) f.push('Isolated');
  if (m.isSiloed) f.push('Siloed');
  if (m.eModeCategory && m.eModeCategory.id !== '0') f.push('E-mode');
  if (!m.borrowingEnabled) f.push('No borrow');
  if (!m.usageAsCollateralEnabled || m.liquidationThreshold === 0) f.push('No collateral');
  return f;
}

export function marketRow(m: MarketEntity) {
  const debt = (BigInt(m.totalVariableDebt || '0') + BigInt(m.totalStableDebt || '0')).toString();
  return {
    id: m.id,
    symbol: m.symbol,
    name: m.name,
    supply: num(m.totalSupplyUSD),
    borrow: num(m.totalBorrowUSD),
    util: num(m.utilization),
    supplyApy: rayToApy(m.liquidityRate),
    borrowApy: rayToApy(m.variableBorrowRate),
    ltv: m.ltv,
    lt: m.liquidationThreshold,
    bonus: m.liquidationBonus,
    supplyCapUse: capUsage(m.totalSupply, m.supplyCap, m.decimals),
    borrowCapUse: capUsage(debt, m.borrowCap, m.decimals),
    price: num(m.underlyingToken?.lastPriceUSD),
    flags: marketFlags(m),
  };
}
