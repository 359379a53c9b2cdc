// Liquidity-aware liquidation after a price shock, in rounds. In each round every liquidatable
// account is liquidated by the liquidator's best profitable amount (exact liquidationCall
// amounts at oracle prices), the seized collateral is sold through the Uniswap V3 pool state the
// previous sales left, and with `feedback` > 0 the oracle follows part of the DEX price move.
// It stops when no profitable liquidation is left. Pure: the book and pool states come in, the
// rounds come out; the liquidator's rule (largest debt against largest collateral, the best of a
// fixed ladder of repay fractions, net of gas) is the devnet liquidator's, stated once here.
import { evaluate, type PreparedBook } from '@/lib/risk/engine';
import { quoteExactInput, swap, type PoolState } from '@/lib/dex/pool-swap';
import { liquidationAmounts } from './liquidation-call';

/** A pool the liquidator sells collateral market `collateral` into debt market `debt` through. */
export interface Venue {
  collateral: number;
  debt: number;
  pool: PoolState;
  /** true when the collateral is the pool's token0 */
  collateralIsToken0: boolean;
}

export interface CascadeOptions {
  /** 0–1: share of the DEX price move the oracle follows after each round (default 0) */
  feedback?: number;
  /** gas cost of one liquidation and sale, in base-currency units (default 0) */
  gasCostBase?: bigint;
  maxRounds?: number;
}

export interface CascadeRound {
  round: number;
  liquidations: number;
  debtRepaidBase: bigint;
  /** collateral sold on the DEX, valued at the oracle prices of the round */
  collateralSoldBase: bigint;
  /** oracle prices after the round (base units per whole token), per price key */
  prices: bigint[];
}

export interface CascadeResult {
  rounds: CascadeRound[];
  /** accounts liquidated at least once, in the order of their first liquidation */
  liquidatedAccounts: string[];
  /** accounts liquidated in round 1 */
  firstRoundAccounts: string[];
  debtRepaidBase: bigint;
  /** Σ max(0, debt − collateral) over accounts still below HF 1 at the end */
  badDebtBase: bigint;
  /** debt of accounts below HF 1 with collateral left that no liquidator repays at a profit */
  unprofitableDebtBase: bigint;
  unprofitableAccounts: string[];
}

/** Repay fractions the liquidator tries, best profit wins (numerator over 64). */
const LADDER = [64n, 48n, 32n, 24n, 16n, 12n, 8n, 4n, 2n, 1n];
const HF_ONE = 10n ** 18n;

interface Plan {
  /** the debt and collateral positions of the account */
  kd: number;
  kc: number;
  debtRepaid: bigint;
  collateralToLiquidator: bigint;
  protocolFee: bigint;
  venue: Venue;
}

export function cascade(
  pb: PreparedBook,
  prices: bigint[],
  venues: Venue[],
  opts: CascadeOptions = {},
): CascadeResult {
  const feedback = opts.feedback ?? 0;
  if (!(feedback >= 0 && feedback <= 1))
    throw new RangeError(`feedback ${feedback} is outside 0–1`);
  const gasCostBase = opts.gasCostBase ?? 0n;
  const maxRounds = opts.maxRounds ?? 50;
  const state = { ...pb, posColl: pb.posColl.slice(), posDebt: pb.posDebt.slice() };
  const venueOf = new Map(venues.map((v) => [`${v.collateral}:${v.debt}`, { ...v }]));
  let current = prices.slice();
  const rounds: CascadeRound[] = [];
  const liquidated: string[] = [];
  const seen = new Set<string>();
  let firstRound: string[] = [];
  let debtRepaidTotal = 0n;

  for (let round = 1; round <= maxRounds; round++) {
    const results = evaluate(state, current);
    const order = liquidatableOrder(
      state,
      results.healthFactor,
      results.totalCollateralBase,
      results.totalDebtBase,
    );
    let liquidations = 0;
    let debtRepaidBase = 0n;
    let collateralSoldBase = 0n;
    const moves = new Map<number, { before: number; after: number; sold: bigint }>();
    const accountsThisRound: string[] = [];
    for (const i of order) {
      // Earlier sales this round moved the pools: recompute this account's HF at oracle prices.
      const plan = bestPlan(state, i, current, venueOf, gasCostBase);
      if (!plan) continue;
      const { kd, kc } = plan;
      state.posDebt[kd] -= plan.debtRepaid;
      state.posColl[kc] -= plan.collateralToLiquidator + plan.protocolFee;
      const v = plan.venue;
      const before = midPrice(v);
      v.pool = swap(v.pool, v.collateralIsToken0, plan.collateralToLiquidator).state;
      const m = moves.get(v.collateral) ?? { before, after: before, sold: 0n };
      m.after = midPrice(v);
      m.sold += plan.collateralToLiquidator;
      moves.set(v.collateral, m);
      liquidations++;
      debtRepaidBase +=
        (plan.debtRepaid * current[state.posPriceKey[kd]]) / state.units[state.posMarket[kd]];
      collateralSoldBase +=
        (plan.collateralToLiquidator * current[state.posPriceKey[kc]]) /
        state.units[state.posMarket[kc]];
      const id = pb.book.accounts[i].id;
      accountsThisRound.push(id);
      if (!seen.has(id)) {
        seen.add(id);
        liquidated.push(id);
      }
    }
    if (liquidations === 0) break;
    if (round === 1) firstRound = [...new Set(accountsThisRound)];
    debtRepaidTotal += debtRepaidBase;
    if (feedback > 0) current = followDex(current, moves, feedback);
    rounds.push({
      round,
      liquidations,
      debtRepaidBase,
      collateralSoldBase,
      prices: current.slice(),
    });
  }

  const end = evaluate(state, current);
  let badDebtBase = 0n;
  let unprofitableDebtBase = 0n;
  const unprofitableAccounts: string[] = [];
  for (let i = 0; i < pb.book.accounts.length; i++) {
    const debt = end.totalDebtBase[i];
    if (debt === 0n || end.healthFactor[i] >= HF_ONE) continue;
    const coll = end.totalCollateralBase[i];
    if (debt > coll) badDebtBase += debt - coll;
    if (coll > 0n) {
      unprofitableDebtBase += debt;
      unprofitableAccounts.push(pb.book.accounts[i].id);
    }
  }
  return {
    rounds,
    liquidatedAccounts: liquidated,
    firstRoundAccounts: firstRound,
    debtRepaidBase: debtRepaidTotal,
    badDebtBase,
    unprofitableDebtBase,
    unprofitableAccounts,
  };
}

/** Accounts below HF 1 with collateral, largest debt first (ties by address). */
function liquidatableOrder(
  pb: PreparedBook,
  hf: bigint[],
  coll: bigint[],
  debt: bigint[],
): number[] {
  const out: number[] = [];
  for (let i = 0; i < hf.length; i++)
    if (debt[i] > 0n && coll[i] > 0n && hf[i] < HF_ONE) out.push(i);
  const ids = pb.book.accounts;
  return out.sort((a, b) =>
    debt[b] > debt[a] ? 1 : debt[b] < debt[a] ? -1 : ids[a].id < ids[b].id ? -1 : 1,
  );
}

/** The account's position with the largest debt or collateral value at `prices` (−1 if none). */
function largest(pb: PreparedBook, i: number, prices: bigint[], what: 'debt' | 'coll'): number {
  const amounts = what === 'debt' ? pb.posDebt : pb.posColl;
  let best = -1;
  let bestValue = 0n;
  for (let k = pb.accStart[i]; k < pb.accStart[i + 1]; k++) {
    if (amounts[k] === 0n) continue;
    const value = (amounts[k] * prices[pb.posPriceKey[k]]) / pb.units[pb.posMarket[k]];
    if (best === -1 || value > bestValue) {
      best = k;
      bestValue = value;
    }
  }
  return best;
}

function bestPlan(
  pb: PreparedBook,
  i: number,
  prices: bigint[],
  venues: Map<string, Venue>,
  gasCostBase: bigint,
): Plan | null {
  const one = {
    ...pb,
    accStart: Int32Array.of(pb.accStart[i], pb.accStart[i + 1]),
    book: { ...pb.book, accounts: [pb.book.accounts[i]] },
  };
  const hf = evaluate(one, prices).healthFactor[0];
  if (hf >= HF_ONE) return null;
  const kd = largest(pb, i, prices, 'debt');
  const kc = largest(pb, i, prices, 'coll');
  if (kd < 0 || kc < 0) return null;
  const venue = venues.get(`${pb.posMarket[kc]}:${pb.posMarket[kd]}`);
  if (!venue) return null; // no pool to sell into: zero depth, nobody liquidates at a profit
  const debtPrice = prices[pb.posPriceKey[kd]];
  const debtUnit = pb.units[pb.posMarket[kd]];
  const gasInDebt = (gasCostBase * debtUnit) / debtPrice;
  const market = pb.book.markets[pb.posMarket[kc]];
  let best: Plan | null = null;
  let bestProfit = 0n;
  for (const step of LADDER) {
    const amounts = liquidationAmounts({
      healthFactor: hf,
      userDebt: pb.posDebt[kd],
      userCollateral: pb.posColl[kc],
      debtToCover: (pb.posDebt[kd] * step) / 64n,
      debtPrice,
      collateralPrice: prices[pb.posPriceKey[kc]],
      debtUnit,
      collateralUnit: pb.units[pb.posMarket[kc]],
      liquidationBonus: BigInt(pb.posBonus[kc]),
      liquidationProtocolFee: BigInt(market.liquidationProtocolFee),
    });
    if (amounts.debtRepaid === 0n || amounts.collateralToLiquidator === 0n) continue;
    let proceeds: bigint;
    try {
      proceeds = quoteExactInput(
        venue.pool,
        venue.collateralIsToken0,
        amounts.collateralToLiquidator,
      );
    } catch {
      continue; // the sale would run the pool out of liquidity
    }
    const profit = proceeds - amounts.debtRepaid - gasInDebt;
    if (profit > bestProfit) {
      bestProfit = profit;
      best = { ...amounts, kd, kc, venue };
    }
  }
  return best;
}

/** Collateral price in the debt asset's raw units per raw collateral unit, as a float. */
function midPrice(v: Venue): number {
  const p = (Number(v.pool.sqrtPriceX96) / 2 ** 96) ** 2;
  return v.collateralIsToken0 ? p : 1 / p;
}

function followDex(
  prices: bigint[],
  moves: Map<number, { before: number; after: number }>,
  feedback: number,
): bigint[] {
  const out = prices.slice();
  for (const [market, m] of moves) {
    if (!(m.before > 0) || !(m.after > 0)) continue;
    const factor = 1 + feedback * (m.after / m.before - 1);
    out[market] = (prices[market] * BigInt(Math.round(factor * 1e9))) / 1_000_000_000n;
  }
  return out;
}
