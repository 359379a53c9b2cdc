// The liquidation rule the devnet's bots follow, as pure integer math with the pool quotes
// injected: which accounts are candidates and in what order, which debt and collateral a bot
// takes, what Aave's LiquidationLogic would repay and hand over for a debtToCover, and which
// step of the ladder is the most profitable once the collateral is sold on a Uniswap pool.
// The dashboard's risk engine implements the same rule, so every choice here is spelled out
// (ties included). No I/O: liquidation-bot.ts and the simulation read the chain and quote.
import type { Hex } from 'viem';

export const WAD = 10n ** 18n;
/** LiquidationLogic: below this health factor the whole debt may be repaid, above it half. */
export const CLOSE_FACTOR_HF_THRESHOLD = (95n * WAD) / 100n;
/** debtToCover = total debt of the asset × s / 64, tried in this order. */
export const LADDER = [64, 48, 32, 24, 16, 12, 8, 4, 2, 1] as const;

/** PercentageMath.percentMul / percentDiv (basis points, rounded half up). */
export const percentMul = (value: bigint, bps: bigint): bigint => (value * bps + 5_000n) / 10_000n;
export const percentDiv = (value: bigint, bps: bigint): bigint =>
  (value * 10_000n + bps / 2n) / bps;

/** A reserve as the rule needs it, at the block the decision is made. */
export interface RuleReserve {
  asset: Hex;
  decimals: number;
  /** AaveOracle price, 8-decimal USD. */
  price: bigint;
  /** The reserve's own liquidation threshold (bps); 0 means it cannot be seized. */
  liquidationThreshold: number;
  /** Liquidation bonus (bps, 10500 = 5%) for this account: its e-mode category's if it applies. */
  liquidationBonus: number;
  liquidationProtocolFee: number; // bps of the bonus
  /** Underlying held by the aToken: what a liquidation with receiveAToken=false can pay out. */
  availableLiquidity: bigint;
}

/** One account's position, in current balances (aToken and debt-token balanceOf). */
export interface RulePosition {
  user: Hex;
  healthFactor: bigint; // wad, Pool.getUserAccountData
  totalDebtBase: bigint; // Pool.getUserAccountData
  totalCollateralBase: bigint;
  collateral: bigint[]; // aToken balance per reserve
  collateralEnabled: boolean[]; // UserConfiguration.isUsingAsCollateral per reserve
  debt: bigint[]; // variable + stable debt balance per reserve
}

/** Accounts with debt and collateral below HF 1, by totalDebtBase desc, then address asc. */
export function orderCandidates<
  T extends Omit<RulePosition, 'collateral' | 'collateralEnabled' | 'debt'>,
>(accounts: T[]): T[] {
  return accounts
    .filter((a) => a.totalDebtBase > 0n && a.totalCollateralBase > 0n && a.healthFactor < WAD)
    .sort((a, b) =>
      a.totalDebtBase !== b.totalDebtBase
        ? a.totalDebtBase > b.totalDebtBase
          ? -1
          : 1
        : a.user.toLowerCase() < b.user.toLowerCase()
          ? -1
          : a.user.toLowerCase() > b.user.toLowerCase()
            ? 1
            : 0,
    );
}

const value = (amount: bigint, r: RuleReserve) => (amount * r.price) / 10n ** BigInt(r.decimals);

/** Index of the largest value (> 0), the lowest reserve index on ties; -1 when none. */
function largestBy(values: bigint[]): number {
  let best = -1;
  for (let i = 0; i < values.length; i++)
    if (values[i] > 0n && (best < 0 || values[i] > values[best])) best = i;
  return best;
}

/** The debt reserve of largest value and the seizable collateral reserve of largest value. */
export function choosePair(
  p: RulePosition,
  reserves: RuleReserve[],
): { collateral: number; debt: number } | null {
  const debt = largestBy(p.debt.map((d, i) => value(d, reserves[i])));
  const collateral = largestBy(
    p.collateral.map((c, i) =>
      p.collateralEnabled[i] && reserves[i].liquidationThreshold !== 0 ? value(c, reserves[i]) : 0n,
    ),
  );
  return debt < 0 || collateral < 0 ? null : { collateral, debt };
}

/**
 * LiquidationLogic (Aave 3.0): the debt actually repaid and the collateral the liquidator
 * receives for `debtToCover` (_calculateDebt, then _calculateAvailableCollateralToLiquidate;
 * the protocol fee's share of the bonus goes to the treasury, not the liquidator).
 */
export function liquidationAmounts(
  debtToCover: bigint,
  userDebt: bigint,
  healthFactor: bigint,
  userCollateral: bigint,
  collateral: RuleReserve,
  debt: RuleReserve,
): { debtRepaid: bigint; collateralReceived: bigint } {
  const closeFactor = healthFactor > CLOSE_FACTOR_HF_THRESHOLD ? 5_000n : 10_000n;
  const maxDebt = percentMul(userDebt, closeFactor);
  const toCover = debtToCover > maxDebt ? maxDebt : debtToCover;
  const collateralUnit = 10n ** BigInt(collateral.decimals);
  const debtUnit = 10n ** BigInt(debt.decimals);
  const bonus = BigInt(collateral.liquidationBonus);
  const base = (debt.price * toCover * collateralUnit) / (collateral.price * debtUnit);
  const maxCollateral = percentMul(base, bonus);
  let collateralAmount = maxCollateral;
  let debtRepaid = toCover;
  if (maxCollateral > userCollateral) {
    collateralAmount = userCollateral;
    debtRepaid = percentDiv(
      (collateral.price * collateralAmount * debtUnit) / (debt.price * collateralUnit),
      bonus,
    );
  }
  let fee = 0n;
  if (collateral.liquidationProtocolFee !== 0) {
    const bonusCollateral = collateralAmount - percentDiv(collateralAmount, bonus);
    fee = percentMul(bonusCollateral, BigInt(collateral.liquidationProtocolFee));
  }
  return { debtRepaid, collateralReceived: collateralAmount - fee };
}

/** gasCostUsd in debt-asset base units: gasCostUsd·10^8 × 10^decimals / price8 (floor). */
export function gasInDebtUnits(gasCostUsd: number, debt: RuleReserve): bigint {
  return (BigInt(Math.round(gasCostUsd * 1e8)) * 10n ** BigInt(debt.decimals)) / debt.price;
}

/**
 * A venue's answers: for each amount, the proceeds of selling that much collateral for the debt
 * asset on the pair's pool `pool`, or null where the pool refuses the sale.
 */
export type Quote = (pool: number, amounts: bigint[]) => Promise<(bigint | null)[]>;

export interface LiquidationChoice {
  collateral: number;
  debt: number;
  /** Index into the pair's pools. */
  pool: number;
  ladderStep: number; // s of the ladder
  debtToCover: bigint;
  debtRepaid: bigint;
  collateralReceived: bigint;
  quotedProceeds: bigint;
  gas: bigint;
  profit: bigint;
}

export type RuleOutcome =
  | { kind: 'liquidate'; choice: LiquidationChoice }
  | { kind: 'no-pool' | 'unprofitable' | 'no-pair'; collateral?: number; debt?: number };

/**
 * The rule for one account: for s in LADDER, debtToCover = debt × s / 64, its collateral quoted
 * in each pool of the pair (in the order given); profit = proceeds − debt repaid − gas; the
 * strictly greatest profit wins (first in ladder, then pool order on ties), only if > 0.
 * A step whose collateral exceeds the reserve's available liquidity cannot be paid out
 * (receiveAToken=false would revert) and is passed over. Identical amounts are quoted once,
 * all of a pool's in one batch; with `quoteBound`, a step whose bound cannot pay is not quoted
 * (it could not have won: the winner must make a profit).
 */
export async function decide(
  p: RulePosition,
  reserves: RuleReserve[],
  poolCount: (collateral: number, debt: number) => number,
  quote: (collateral: number, debt: number) => Quote,
  gasCostUsd: number,
  /**
   * Optional: an upper bound of a quote (e.g. the amount at the pool's spot price less the
   * fee). A step whose bound cannot make a profit is not quoted; the outcome is the same.
   */
  quoteBound?: (collateral: number, debt: number) => (pool: number, amountIn: bigint) => bigint,
): Promise<RuleOutcome> {
  const pair = choosePair(p, reserves);
  if (!pair) return { kind: 'no-pair' };
  const { collateral, debt } = pair;
  const pools = poolCount(collateral, debt);
  if (pools === 0) return { kind: 'no-pool', collateral, debt };
  const c = reserves[collateral];
  const d = reserves[debt];
  const gas = gasInDebtUnits(gasCostUsd, d);
  const sell = quote(collateral, debt);
  const bound = quoteBound?.(collateral, debt);
  const steps = LADDER.flatMap((s) => {
    const debtToCover = (p.debt[debt] * BigInt(s)) / 64n;
    if (debtToCover === 0n) return [];
    const amounts = liquidationAmounts(
      debtToCover,
      p.debt[debt],
      p.healthFactor,
      p.collateral[collateral],
      c,
      d,
    );
    if (amounts.collateralReceived === 0n || amounts.collateralReceived > c.availableLiquidity)
      return [];
    return [{ s, debtToCover, ...amounts }];
  });
  // One batch of quotes per pool: the distinct amounts whose bound could make a profit.
  const quoted: Map<bigint, bigint | null>[] = [];
  for (let k = 0; k < pools; k++) {
    const wanted = [
      ...new Set(
        steps
          .filter((x) => !bound || bound(k, x.collateralReceived) - x.debtRepaid - gas > 0n)
          .map((x) => x.collateralReceived),
      ),
    ];
    const answers = wanted.length ? await sell(k, wanted) : [];
    quoted.push(new Map(wanted.map((a, i) => [a, answers[i]])));
  }
  let best: LiquidationChoice | null = null;
  for (const x of steps) {
    for (let k = 0; k < pools; k++) {
      const proceeds = quoted[k].get(x.collateralReceived);
      if (proceeds === undefined || proceeds === null) continue;
      const profit = proceeds - x.debtRepaid - gas;
      if (best === null || profit > best.profit) {
        best = {
          collateral,
          debt,
          pool: k,
          ladderStep: x.s,
          debtToCover: x.debtToCover,
          debtRepaid: x.debtRepaid,
          collateralReceived: x.collateralReceived,
          quotedProceeds: proceeds,
          gas,
          profit,
        };
      }
    }
  }
  if (best && best.profit > 0n) return { kind: 'liquidate', choice: best };
  return { kind: 'unprofitable', collateral, debt };
}
