// Liquidity-aware liquidation after a price shock, in rounds. Arbitrageurs first move every pool
// onto the shocked oracle price (exactly, as the devnet's do). In each round every liquidatable
// account is liquidated by the liquidator's best profitable amount (exact liquidationCall
// amounts at oracle prices), the seized collateral is sold through the Uniswap V3 pool state the
// previous sales left, and with `feedback` > 0 the oracle follows part of the DEX price move.
// It stops when no profitable liquidation is left. Pure: the book and pool states come in, the
// rounds come out; the liquidator's rule (largest debt against largest collateral, the best of a
// fixed ladder of repay fractions, the pool of that pair paying the most, net of gas) is the
// devnet liquidator's, stated once here.
import { evaluate, type PreparedBook } from '@/lib/risk/engine';
import { quoteExactInput, swap, type PoolState } from '@/lib/dex/pool-swap';
import { arbitrageTo, oracleSqrtPriceX96 } from '@/lib/dex/oracle-price';
import { liquidationAmounts } from './liquidation-call';

/** A Uniswap V3 pool between two markets of the book, as indexed at the book's block. */
export interface DexPool {
  address: string;
  /** book market indexes of the pool's token0 and token1 */
  market0: number;
  market1: number;
  state: PoolState;
}

export interface CascadeOptions {
  /** 0–1: share of the DEX price move the oracle follows after each round (default 0) */
  feedback?: number;
  /** gas cost of one liquidation and sale, in base-currency units (default 0) */
  gasCostBase?: bigint;
  /** rounds at most (default 1000); `stoppedAtMaxRounds` says when profitable ones were left */
  maxRounds?: number;
  /**
   * Move every pool onto the (shocked) oracle price before round 1, and after each feedback
   * move, as arbitrageurs do (default true). Off: the pools keep their indexed prices.
   */
  arbitrage?: boolean;
}

export interface CascadeRound {
  round: number;
  liquidations: number;
  debtRepaidBase: bigint;
  /** collateral sold on the DEX, valued at the oracle prices of the round */
  collateralSoldBase: bigint;
  /** DEX proceeds − debt repaid − gas, valued at the oracle prices of the round */
  liquidatorProfitBase: bigint;
  /** per market sold this round: the fall of its pool price over the round, in bps */
  impactBpsByMarket: Map<number, number>;
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
  collateralSoldBase: bigint;
  liquidatorProfitBase: bigint;
  /** Σ max(0, debt − collateral) over accounts still below HF 1 at the end */
  badDebtBase: bigint;
  /** debt of accounts below HF 1 with collateral left that no liquidator repays at a profit */
  unprofitableDebtBase: bigint;
  unprofitableAccounts: string[];
  /** of those, the accounts whose largest collateral and debt have no pool between them */
  noPoolAccounts: string[];
  /** the last round still liquidated: the limit, not the market, ended the cascade */
  stoppedAtMaxRounds: boolean;
  /** pools moved onto the oracle price before round 1 */
  arbitragedPools: number;
  /** pool states at the end, in the order given */
  pools: DexPool[];
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
  pool: DexPool;
  collateralIsToken0: boolean;
  proceeds: bigint;
}

export function cascade(
  pb: PreparedBook,
  prices: bigint[],
  pools: DexPool[],
  opts: CascadeOptions = {},
): CascadeResult {
  const feedback = opts.feedback ?? 0;
  if (!(feedback >= 0 && feedback <= 1))
    throw new RangeError(`feedback ${feedback} is outside 0–1`);
  const gasCostBase = opts.gasCostBase ?? 0n;
  const maxRounds = opts.maxRounds ?? 1000;
  const arbitrage = opts.arbitrage ?? true;
  const state = { ...pb, posColl: pb.posColl.slice(), posDebt: pb.posDebt.slice() };
  const live = pools.map((p) => ({ ...p }));
  const byPair = pairIndex(live);
  let current = prices.slice();
  const arbitragedPools = arbitrage ? arbitrageAll(pb, live, current) : 0;
  const rounds: CascadeRound[] = [];
  const liquidated: string[] = [];
  const seen = new Set<string>();
  let firstRound: string[] = [];
  const total = { debt: 0n, sold: 0n, profit: 0n };

  // The accounts under HF 1 with collateral, with their health at the current prices: all
  // re-evaluated after a price move; else only the ones liquidated since change (a liquidation
  // is the only thing that changes balances, and an account above 1 is never liquidated).
  let under: Map<number, Health> | null = null;
  const unprofitable = new Map<number, { pools: DexPool[]; states: PoolState[] }>();
  for (let round = 1; round <= maxRounds; round++) {
    under ??= underOne(state, current);
    const order = byDebt(state, under);
    const touched: number[] = [];
    let liquidations = 0;
    let debtRepaidBase = 0n;
    let collateralSoldBase = 0n;
    let liquidatorProfitBase = 0n;
    const moves = new Map<number, { before: number; after: number }>();
    const accountsThisRound: string[] = [];
    for (const i of order) {
      // An account found unprofitable keeps its balances; while the oracle and its pair's
      // pools are as they were then, the quote would be the same.
      const last = unprofitable.get(i);
      if (last && last.pools.every((p, j) => p.state === last.states[j])) continue;
      // Earlier sales this round moved the pools: the plan quotes the pools as they are now.
      const { plan, pools: quoted } = bestPlan(
        state,
        i,
        under.get(i)!.hf,
        current,
        byPair,
        gasCostBase,
      );
      if (!plan) {
        unprofitable.set(i, { pools: quoted, states: quoted.map((p) => p.state) });
        continue;
      }
      unprofitable.delete(i);
      const { kd, kc, pool } = plan;
      state.posDebt[kd] -= plan.debtRepaid;
      state.posColl[kc] -= plan.collateralToLiquidator + plan.protocolFee;
      const before = collateralPrice(pool, plan.collateralIsToken0);
      pool.state = swap(pool.state, plan.collateralIsToken0, plan.collateralToLiquidator).state;
      const market = state.posMarket[kc];
      const m = moves.get(market) ?? { before, after: before };
      m.after = collateralPrice(pool, plan.collateralIsToken0);
      moves.set(market, m);
      liquidations++;
      touched.push(i);
      const debtValue = (x: bigint) =>
        (x * current[state.posPriceKey[kd]]) / state.units[state.posMarket[kd]];
      debtRepaidBase += debtValue(plan.debtRepaid);
      liquidatorProfitBase += debtValue(plan.proceeds - plan.debtRepaid) - gasCostBase;
      collateralSoldBase +=
        (plan.collateralToLiquidator * current[state.posPriceKey[kc]]) / state.units[market];
      const id = pb.book.accounts[i].id;
      accountsThisRound.push(id);
      if (!seen.has(id)) {
        seen.add(id);
        liquidated.push(id);
      }
    }
    if (liquidations === 0) break;
    if (round === 1) firstRound = [...new Set(accountsThisRound)];
    total.debt += debtRepaidBase;
    total.sold += collateralSoldBase;
    total.profit += liquidatorProfitBase;
    for (const i of touched) {
      const h = accountAt(state, i, current);
      if (h.debt > 0n && h.coll > 0n && h.hf < HF_ONE) under.set(i, h);
      else under.delete(i);
    }
    if (feedback > 0) {
      current = followDex(current, moves, feedback);
      if (arbitrage) arbitrageAll(pb, live, current);
      under = null;
      unprofitable.clear();
    }
    const impactBpsByMarket = new Map<number, number>();
    for (const [market, m] of moves)
      impactBpsByMarket.set(market, Math.round((1 - m.after / m.before) * 10000));
    rounds.push({
      round,
      liquidations,
      debtRepaidBase,
      collateralSoldBase,
      liquidatorProfitBase,
      impactBpsByMarket,
      prices: current.slice(),
    });
  }

  const end = evaluate(state, current);
  let badDebtBase = 0n;
  let unprofitableDebtBase = 0n;
  const unprofitableAccounts: string[] = [];
  const noPoolAccounts: string[] = [];
  for (let i = 0; i < pb.book.accounts.length; i++) {
    const debt = end.totalDebtBase[i];
    if (debt === 0n || end.healthFactor[i] >= HF_ONE) continue;
    const coll = end.totalCollateralBase[i];
    if (debt > coll) badDebtBase += debt - coll;
    if (coll > 0n) {
      unprofitableDebtBase += debt;
      const id = pb.book.accounts[i].id;
      unprofitableAccounts.push(id);
      const kd = largest(state, i, current, 'debt');
      const kc = largest(state, i, current, 'coll');
      if (kd >= 0 && kc >= 0 && !byPair.has(pairKey(state.posMarket[kc], state.posMarket[kd])))
        noPoolAccounts.push(id);
    }
  }
  return {
    rounds,
    liquidatedAccounts: liquidated,
    firstRoundAccounts: firstRound,
    debtRepaidBase: total.debt,
    collateralSoldBase: total.sold,
    liquidatorProfitBase: total.profit,
    badDebtBase,
    unprofitableDebtBase,
    unprofitableAccounts,
    noPoolAccounts,
    stoppedAtMaxRounds: rounds.length === maxRounds,
    arbitragedPools,
    pools: live,
  };
}

const pairKey = (a: number, b: number) => (a < b ? `${a}:${b}` : `${b}:${a}`);

/** Pools by unordered market pair (several fee tiers of one pair share a key). */
function pairIndex(pools: DexPool[]): Map<string, DexPool[]> {
  const out = new Map<string, DexPool[]>();
  for (const p of pools) {
    const k = pairKey(p.market0, p.market1);
    out.set(k, [...(out.get(k) ?? []), p]);
  }
  return out;
}

/** Swap every pool onto its oracle price; returns how many moved. */
function arbitrageAll(pb: PreparedBook, pools: DexPool[], prices: bigint[]): number {
  let moved = 0;
  for (const p of pools) {
    const target = oracleSqrtPriceX96(
      prices[p.market0],
      pb.units[p.market0],
      prices[p.market1],
      pb.units[p.market1],
    );
    if (target === p.state.sqrtPriceX96) continue;
    p.state = arbitrageTo(p.state, target);
    moved++;
  }
  return moved;
}

/** One account's health factor, collateral and debt at `prices` (the engine on a one-account view). */
function accountAt(pb: PreparedBook, i: number, prices: bigint[]) {
  const one = {
    ...pb,
    accStart: Int32Array.of(pb.accStart[i], pb.accStart[i + 1]),
    book: { ...pb.book, accounts: [pb.book.accounts[i]] },
  };
  const r = evaluate(one, prices);
  return { hf: r.healthFactor[0], coll: r.totalCollateralBase[0], debt: r.totalDebtBase[0] };
}

interface Health {
  hf: bigint;
  coll: bigint;
  debt: bigint;
}

/** Every account under HF 1 with collateral to seize, with its health. */
function underOne(pb: PreparedBook, prices: bigint[]): Map<number, Health> {
  const r = evaluate(pb, prices);
  const out = new Map<number, Health>();
  for (let i = 0; i < r.healthFactor.length; i++)
    if (r.totalDebtBase[i] > 0n && r.totalCollateralBase[i] > 0n && r.healthFactor[i] < HF_ONE)
      out.set(i, {
        hf: r.healthFactor[i],
        coll: r.totalCollateralBase[i],
        debt: r.totalDebtBase[i],
      });
  return out;
}

/** The liquidator's order: largest debt first, ties by address. */
function byDebt(pb: PreparedBook, under: Map<number, Health>): number[] {
  const ids = pb.book.accounts;
  return [...under.keys()].sort((a, b) => {
    const da = under.get(a)!.debt,
      db = under.get(b)!.debt;
    return db > da ? 1 : db < da ? -1 : ids[a].id < ids[b].id ? -1 : 1;
  });
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
  hf: bigint,
  prices: bigint[],
  byPair: Map<string, DexPool[]>,
  gasCostBase: bigint,
): { plan: Plan | null; pools: DexPool[] } {
  if (hf >= HF_ONE) return { plan: null, pools: [] };
  const kd = largest(pb, i, prices, 'debt');
  const kc = largest(pb, i, prices, 'coll');
  if (kd < 0 || kc < 0) return { plan: null, pools: [] };
  const collMarket = pb.posMarket[kc];
  // no pool to sell into: zero depth, nobody liquidates at a profit
  const pools = byPair.get(pairKey(collMarket, pb.posMarket[kd])) ?? [];
  const debtPrice = prices[pb.posPriceKey[kd]];
  const debtUnit = pb.units[pb.posMarket[kd]];
  const gasInDebt = (gasCostBase * debtUnit) / debtPrice;
  const market = pb.book.markets[collMarket];
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
      collateralUnit: pb.units[collMarket],
      liquidationBonus: BigInt(pb.posBonus[kc]),
      liquidationProtocolFee: BigInt(market.liquidationProtocolFee),
      poolRevision: pb.book.poolRevision,
    });
    if (amounts.debtRepaid === 0n || amounts.collateralToLiquidator === 0n) continue;
    for (const pool of pools) {
      const collateralIsToken0 = pool.market0 === collMarket;
      let proceeds: bigint;
      try {
        proceeds = quoteExactInput(pool.state, collateralIsToken0, amounts.collateralToLiquidator);
      } catch {
        continue; // the sale would run the pool out of liquidity
      }
      const profit = proceeds - amounts.debtRepaid - gasInDebt;
      if (profit > bestProfit) {
        bestProfit = profit;
        best = { ...amounts, kd, kc, pool, collateralIsToken0, proceeds };
      }
    }
  }
  return { plan: best, pools };
}

/** The collateral's pool price in raw debt units per raw collateral unit, as a float. */
function collateralPrice(pool: DexPool, collateralIsToken0: boolean): number {
  const p = (Number(pool.state.sqrtPriceX96) / 2 ** 96) ** 2;
  return collateralIsToken0 ? p : 1 / p;
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
