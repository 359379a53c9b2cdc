// The DEX-priced liquidation of one borrower at one hour of a simulated path: the borrower alone,
// its balances grown by the hour's interest, the oracle prices of that hour, and the Uniswap V3
// pools between its markets arbitraged onto those prices, handed to the cascade engine
// (`lib/cascade/cascade.ts`), whose liquidator repays only what sells at a profit, gas included.
// Each attempt meets the pools as arbitraged to the hour's price: sales by other borrowers in
// the same hour do not use up the depth (arbitrageurs restore the price between them).
// With `priceStep` > 0 the hour's log price and interest factors are rounded to a grid of that
// step and the outcome is memoized per borrower and grid point: the result is then exactly the
// cascade's at prices and balances within half a step of the path's (README, Speed).
import type { PreparedBook } from '@/lib/risk/engine';
import { cascade, type DexPool } from '@/lib/cascade/cascade';
import type { Exposures } from '@/lib/predict/exposures';

/** What one attempt did: nothing (exact HF ≥ 1), no profitable sale, or a liquidation. */
export type DexOutcome =
  | { kind: 'healthy' }
  | { kind: 'unprofitable' }
  | {
      kind: 'liquidated';
      /** debt repaid over the liquidator's rounds, base units */
      repaid: number;
      /** debt − collateral left if the account is still under HF 1 afterwards, base units */
      badDebt: number;
    };

export interface DexLiquidatorOptions {
  /** gas of one liquidation and sale in base-currency units (the cascade's `gasCostBase`) */
  gasCostBase: bigint;
  /** grid step in log price and log interest factor (1e-4 = 1 bp); 0 prices every attempt exactly */
  priceStep: number;
}

export interface DexLiquidator {
  /**
   * Borrower j (exposure index) at hour h; `logPrice[h * markets + key]` holds the path's log
   * price moves since the book's block, `collateralGrowth` / `debtGrowth[h * markets + m]` the
   * interest factors (monte-carlo.ts's inputs).
   */
  attempt(j: number, h: number, logPrice: Float64Array): DexOutcome;
  /** attempts asked for, and those answered from the grid memo */
  stats: { attempts: number; memoHits: number };
}

/** The grid point nearest x: |result − x| ≤ step / 2 (x itself when step is 0). */
export function onGrid(x: number, step: number): number {
  return step > 0 ? Math.round(x / step) * step : x;
}

/**
 * Per hour, the log interest factors of collateral and debt per market on the grid
 * ([h * markets + m]), and a class per hour: hours of one class have the same factors.
 */
function interestGrid(
  growth: { coll: Float64Array; debt: Float64Array },
  markets: number,
  step: number,
) {
  const coll = growth.coll.map((g) => onGrid(Math.log(g), step));
  const debt = growth.debt.map((g) => onGrid(Math.log(g), step));
  const hours = coll.length / markets;
  const classOf = new Map<string, number>();
  const hourClass = new Int32Array(hours);
  for (let h = 0; h < hours; h++) {
    const sig = [
      ...coll.subarray(h * markets, (h + 1) * markets),
      ...debt.subarray(h * markets, (h + 1) * markets),
    ].join(',');
    let c = classOf.get(sig);
    if (c === undefined) classOf.set(sig, (c = classOf.size));
    hourClass[h] = c;
  }
  return { coll, debt, hourClass };
}

/** An oracle price × e^(logMove), rounded to the base unit; the price itself at a zero move. */
export function movedPrice(price: bigint, logMove: number): bigint {
  if (logMove === 0) return price;
  if (price < 2n ** 53n) return BigInt(Math.round(Number(price) * Math.exp(logMove)));
  return scaled(price, logMove);
}

/** A balance × e^(logFactor) in 12-digit fixed point (floor); the balance itself at zero. */
function scaled(base: bigint, logFactor: number): bigint {
  if (logFactor === 0) return base;
  return (base * BigInt(Math.round(Math.exp(logFactor) * 1e12))) / 10n ** 12n;
}

interface Borrower {
  /** a one-account PreparedBook (positions sliced), balances as at the book's block */
  view: PreparedBook;
  /** price keys the account's positions and its pools' markets are priced by */
  keys: number[];
  pools: DexPool[];
  /** outcomes by interest class and price grid point (with a grid) */
  memo: Map<string, DexOutcome>;
}

export function dexLiquidator(
  pb: PreparedBook,
  x: Exposures,
  pools: DexPool[],
  growth: { coll: Float64Array; debt: Float64Array },
  opts: DexLiquidatorOptions,
): DexLiquidator {
  const markets = pb.book.markets.length;
  const borrowers = new Map<number, Borrower>();
  const stats = { attempts: 0, memoHits: 0 };
  const step = opts.priceStep;
  const interest = interestGrid(growth, markets, step);

  const borrowerOf = (j: number): Borrower => {
    let b = borrowers.get(j);
    if (b) return b;
    const i = x.account[j];
    const s = pb.accStart[i],
      e = pb.accStart[i + 1];
    const view: PreparedBook = {
      ...pb,
      book: { ...pb.book, accounts: [pb.book.accounts[i]] },
      accStart: Int32Array.of(0, e - s),
      posMarket: pb.posMarket.slice(s, e),
      posPriceKey: pb.posPriceKey.slice(s, e),
      posColl: pb.posColl.slice(s, e),
      posIdleSupply: pb.posIdleSupply.slice(s, e),
      posDebt: pb.posDebt.slice(s, e),
      posLt: pb.posLt.slice(s, e),
      posLtv: pb.posLtv.slice(s, e),
      posBonus: pb.posBonus.slice(s, e),
      posLtBig: pb.posLtBig.slice(s, e),
      posLtvBig: pb.posLtvBig.slice(s, e),
    };
    const held = new Set<number>(view.posMarket);
    const keys = [...new Set([...view.posPriceKey, ...held])].sort((a, b) => a - b);
    // the liquidator sells a collateral for a debt asset: only those pairs' pools can serve
    const coll = new Set(view.posMarket.filter((_, k) => view.posColl[k] > 0n));
    const owed = new Set(view.posMarket.filter((_, k) => view.posDebt[k] > 0n));
    const serves = (p: DexPool) =>
      (coll.has(p.market0) && owed.has(p.market1)) || (coll.has(p.market1) && owed.has(p.market0));
    b = { view, keys, pools: pools.filter(serves), memo: new Map() };
    borrowers.set(j, b);
    return b;
  };

  const attempt = (j: number, h: number, logPrice: Float64Array): DexOutcome => {
    stats.attempts++;
    const b = borrowerOf(j);
    const v = b.view;
    // the hour's price moves per key, on the grid
    const priceMove = b.keys.map((k) =>
      k < markets ? onGrid(logPrice[h * markets + k], step) : 0,
    );
    const key = step > 0 ? `${interest.hourClass[h]}|${priceMove.join(',')}` : '';
    if (step > 0) {
      const known = b.memo.get(key);
      if (known) {
        stats.memoHits++;
        return known;
      }
    }
    const prices = pb.basePrices.slice();
    b.keys.forEach((k, t) => (prices[k] = movedPrice(pb.basePrices[k], priceMove[t])));
    const at = h * markets;
    const state: PreparedBook = {
      ...v,
      posColl: v.posColl.map((c, k) =>
        c === 0n ? c : scaled(c, interest.coll[at + v.posMarket[k]]),
      ),
      posDebt: v.posDebt.map((d, k) =>
        d === 0n ? d : scaled(d, interest.debt[at + v.posMarket[k]]),
      ),
    };
    const r = cascade(state, prices, b.pools, { gasCostBase: opts.gasCostBase });
    const out: DexOutcome = r.liquidatedAccounts.length
      ? { kind: 'liquidated', repaid: Number(r.debtRepaidBase), badDebt: Number(r.badDebtBase) }
      : r.unprofitableAccounts.length
        ? { kind: 'unprofitable' }
        : { kind: 'healthy' };
    if (step > 0) b.memo.set(key, out);
    return out;
  };
  return { attempt, stats };
}
