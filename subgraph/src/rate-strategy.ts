// The reserve's variable-rate model (optimal usage, base rate, two slopes, in ray), so the market
// page can draw the real kinked curve. 3.0 strategies hold it as immutables behind view getters;
// 3.1+ strategies (one contract for all reserves) announce it per reserve in the configurator's
// ReserveInterestRateDataChanged as an abi-encoded InterestRateData in basis points (emitted
// before ReserveInterestRateStrategyChanged, and on initReserves after ReserveInitialized).
import { Address, BigInt, Bytes, ethereum } from '@graphprotocol/graph-ts';
import { InterestRateStrategy } from '../generated/templates/PoolConfigurator/InterestRateStrategy';
import { Market } from '../generated/schema';

/** bps → ray (PercentageMath → WadRayMath: 1 bp = 1e23 ray). */
const BPS_TO_RAY = BigInt.fromString('100000000000000000000000');

function setModel(market: Market, optimal: BigInt, base: BigInt, s1: BigInt, s2: BigInt): void {
  market.optimalUsageRatio = optimal;
  market.baseVariableBorrowRate = base;
  market.variableRateSlope1 = s1;
  market.variableRateSlope2 = s2;
}

function clearModel(market: Market): void {
  market.optimalUsageRatio = null;
  market.baseVariableBorrowRate = null;
  market.variableRateSlope1 = null;
  market.variableRateSlope2 = null;
}

/**
 * A strategy was set: read the 3.0 getters. A strategy without them is a 3.1+ one, whose
 * ReserveInterestRateDataChanged precedes this event in the same transaction and has already
 * set the model: keep it.
 */
export function readStrategyModel(market: Market, strategy: Address): void {
  let s = InterestRateStrategy.bind(strategy);
  let optimal = s.try_OPTIMAL_USAGE_RATIO();
  let base = s.try_getBaseVariableBorrowRate();
  let s1 = s.try_getVariableRateSlope1();
  let s2 = s.try_getVariableRateSlope2();
  if (optimal.reverted || base.reverted || s1.reverted || s2.reverted) return;
  setModel(market, optimal.value, base.value, s1.value, s2.value);
}

/** 3.1+: InterestRateData(uint16 optimalUsageRatio, uint32 base, uint32 slope1, uint32 slope2), bps. */
export function applyRateData(market: Market, data: Bytes): void {
  if (data.length != 128) {
    clearModel(market);
    return;
  }
  let decoded = ethereum.decode('(uint16,uint32,uint32,uint32)', data);
  if (decoded === null) {
    clearModel(market);
    return;
  }
  let t = decoded.toTuple();
  setModel(
    market,
    t[0].toBigInt().times(BPS_TO_RAY),
    t[1].toBigInt().times(BPS_TO_RAY),
    t[2].toBigInt().times(BPS_TO_RAY),
    t[3].toBigInt().times(BPS_TO_RAY),
  );
}
