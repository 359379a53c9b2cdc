// Exact account math (GenericLogic.calculateUserAccountData of Aave V3.0–3.4) over a Book.
// prepareBook() does the price-independent work once per book: balances now (normalized income
// and debt per market, stable debt per user) and the effective e-mode parameters per position,
// flattened into parallel arrays so that re-pricing (shocks) only redoes 3 bigint ops/position.
import type { Book, BookMarket } from '@/lib/risk/types';
import {
  MAX_UINT256,
  normalizedDebt,
  normalizedIncome,
  percentMul,
  pow10,
  rayMul,
  stableDebtBalance,
  wadDiv,
  WAD,
} from '@/lib/risk/math';

const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';

export interface PreparedBook {
  book: Book;
  /** evaluation time (seconds): the block timestamp unless overridden */
  timestamp: bigint;
  /** price vector keys: one per market, then extra e-mode price sources */
  basePrices: bigint[];
  priceKeyLabels: string[];
  /** positions of account i are accStart[i] .. accStart[i+1]-1 */
  accStart: Int32Array;
  posMarket: Int32Array;
  posPriceKey: Int32Array;
  /** collateral-counted supply in underlying units (0 when not collateral) */
  posColl: bigint[];
  /** supply not counted as collateral (for exposure only), underlying units */
  posIdleSupply: bigint[];
  /** variable + stable debt in underlying units */
  posDebt: bigint[];
  /** effective liquidation threshold / ltv / bonus in bps (e-mode aware) */
  posLt: Int32Array;
  posLtv: Int32Array;
  posBonus: Int32Array;
  /** the same LT / LTV as bigint (avoids a BigInt() conversion per position per evaluation) */
  posLtBig: bigint[];
  posLtvBig: bigint[];
  /** asset unit 10^decimals per market */
  units: bigint[];
  /** per-market normalized income / debt at `timestamp` */
  normIncome: bigint[];
  normDebt: bigint[];
}

export interface AccountResults {
  /** wad; MAX_UINT256 without debt */
  healthFactor: bigint[];
  totalCollateralBase: bigint[];
  totalDebtBase: bigint[];
  /** bps, as getUserAccountData's currentLiquidationThreshold / ltv */
  avgLiquidationThreshold: bigint[];
  avgLtv: bigint[];
}

/** Whether the user's e-mode category `userCat` applies to market `m` (3.0–3.1 asset category, 3.2+ bitmap). */
export function inEMode(book: Book, m: BookMarket, userCat: number): boolean {
  if (userCat === 0) return false;
  if (m.eModeCategoryId === userCat) return true;
  const cat = book.eModeCategories.get(userCat);
  // 3.2+: category membership is a bitmap over reserve ids
  return (
    !!cat &&
    cat.collateralBitmap !== 0n &&
    ((cat.collateralBitmap >> BigInt(m.reserveId)) & 1n) === 1n
  );
}

/** shared bigint constants for bps values (16-bit), created on first use */
const BPS_BIG: bigint[] = [];
function bpsBig(v: number): bigint {
  let b = BPS_BIG[v];
  if (b === undefined) BPS_BIG[v] = b = BigInt(v);
  return b;
}

export function prepareBook(
  book: Book,
  timestamp: bigint = BigInt(book.block.timestamp),
): PreparedBook {
  const markets = book.markets;
  const nm = markets.length;
  const basePrices = markets.map((m) => m.priceBase);
  const priceKeyLabels = markets.map((m) => m.symbol);
  const marketIndex = new Map(markets.map((m, i) => [m.id.toLowerCase(), i]));
  // e-mode price source per category → price key (3.0–3.1 only)
  const catPriceKey = new Map<number, number>();
  for (const cat of book.eModeCategories.values()) {
    const src = cat.priceSource?.toLowerCase();
    if (!src || src === ZERO_ADDRESS) continue;
    const mi = marketIndex.get(src);
    if (mi !== undefined) catPriceKey.set(cat.id, mi);
    else if (cat.priceSourcePriceBase !== undefined && cat.priceSourcePriceBase !== 0n) {
      catPriceKey.set(cat.id, basePrices.length);
      basePrices.push(cat.priceSourcePriceBase);
      priceKeyLabels.push(`emode:${cat.id}`);
    }
  }
  const units = markets.map((m) => pow10(m.decimals));
  const normIncome = markets.map((m) =>
    normalizedIncome(m.liquidityIndex, m.liquidityRate, m.lastUpdateTimestamp, timestamp),
  );
  const normDebt = markets.map((m) =>
    normalizedDebt(m.variableBorrowIndex, m.variableBorrowRate, m.lastUpdateTimestamp, timestamp),
  );

  let np = 0;
  for (const a of book.accounts) np += a.positions.length;
  const accStart = new Int32Array(book.accounts.length + 1);
  const posMarket = new Int32Array(np);
  const posPriceKey = new Int32Array(np);
  const posLt = new Int32Array(np);
  const posLtv = new Int32Array(np);
  const posBonus = new Int32Array(np);
  const posColl: bigint[] = new Array(np);
  const posIdleSupply: bigint[] = new Array(np);
  const posDebt: bigint[] = new Array(np);
  const posLtBig: bigint[] = new Array(np);
  const posLtvBig: bigint[] = new Array(np);
  let k = 0;
  for (let i = 0; i < book.accounts.length; i++) {
    const a = book.accounts[i];
    accStart[i] = k;
    const userCat = a.eModeCategoryId;
    const cat = userCat ? book.eModeCategories.get(userCat) : undefined;
    const overrideKey = userCat ? catPriceKey.get(userCat) : undefined;
    for (const p of a.positions) {
      const m = markets[p.market];
      const em = cat !== undefined && inEMode(book, m, userCat);
      posMarket[k] = p.market;
      // 3.0: the category price applies to every asset of the category (collateral and debt)
      posPriceKey[k] =
        overrideKey !== undefined && m.eModeCategoryId === userCat ? overrideKey : p.market;
      const supply =
        p.scaledATokenBalance === 0n ? 0n : rayMul(p.scaledATokenBalance, normIncome[p.market]);
      // collateral counts only with the user's flag and a non-zero reserve LT (GenericLogic)
      const isColl = p.collateralEnabled && m.liquidationThreshold !== 0;
      posColl[k] = isColl ? supply : 0n;
      posIdleSupply[k] = isColl ? 0n : supply;
      posLt[k] = em ? cat!.liquidationThreshold : m.liquidationThreshold;
      posLtv[k] = m.ltv === 0 ? 0 : em ? cat!.ltv : m.ltv;
      posBonus[k] = em ? cat!.liquidationBonus : m.liquidationBonus;
      posLtBig[k] = bpsBig(posLt[k]);
      posLtvBig[k] = bpsBig(posLtv[k]);
      let debt =
        p.scaledVariableDebt === 0n ? 0n : rayMul(p.scaledVariableDebt, normDebt[p.market]);
      if (p.stableDebt !== 0n)
        debt += stableDebtBalance(
          p.stableDebt,
          p.stableBorrowRate,
          p.stableLastUpdateTimestamp,
          timestamp,
        );
      posDebt[k] = debt;
      k++;
    }
  }
  accStart[book.accounts.length] = k;
  return {
    book,
    timestamp,
    basePrices,
    priceKeyLabels,
    accStart,
    posMarket,
    posPriceKey,
    posColl,
    posIdleSupply,
    posDebt,
    posLt,
    posLtv,
    posBonus,
    posLtBig,
    posLtvBig,
    units,
    normIncome,
    normDebt,
  };
}

/** getUserAccountData for every account at the given prices (default: the book's). */
export function evaluate(
  pb: PreparedBook,
  prices: bigint[] = pb.basePrices,
  posBaseOut?: { coll: Float64Array; debt: Float64Array },
): AccountResults {
  const n = pb.book.accounts.length;
  const healthFactor: bigint[] = new Array(n);
  const totalCollateralBase: bigint[] = new Array(n);
  const totalDebtBase: bigint[] = new Array(n);
  const avgLiquidationThreshold: bigint[] = new Array(n);
  const avgLtv: bigint[] = new Array(n);
  const {
    accStart,
    posMarket,
    posPriceKey,
    posColl,
    posDebt,
    posLt,
    posLtv,
    posLtBig,
    posLtvBig,
    units,
  } = pb;
  const posLtBigOf = bpsBig;
  // price/unit pairs per position key are looked up once per position; ZERO avoids re-allocating 0n
  const ZERO = 0n;
  for (let i = 0; i < n; i++) {
    let coll = ZERO,
      debt = ZERO;
    // Σ value·LT / Σ value is just LT when every collateral has the same LT (the common case):
    // the bigint products are only needed once a second, different LT/LTV shows up
    let lt0 = -1,
      ltv0 = -1,
      mixed = false;
    let ltAcc = ZERO,
      ltvAcc = ZERO;
    for (let k = accStart[i], e = accStart[i + 1]; k < e; k++) {
      const c = posColl[k],
        d = posDebt[k];
      if (c !== ZERO) {
        const b = (c * prices[posPriceKey[k]]) / units[posMarket[k]];
        if (posBaseOut) posBaseOut.coll[k] = Number(b);
        if (!mixed) {
          if (lt0 === -1) {
            lt0 = posLt[k];
            ltv0 = posLtv[k];
          } else if (posLt[k] !== lt0 || posLtv[k] !== ltv0) {
            mixed = true;
            // every earlier collateral had lt0 / ltv0: Σ b·lt0 = coll·lt0
            ltAcc = coll * posLtBigOf(lt0);
            ltvAcc = coll * posLtBigOf(ltv0);
          }
        }
        coll += b;
        if (mixed) {
          ltAcc += b * posLtBig[k];
          ltvAcc += b * posLtvBig[k];
        }
      }
      if (d !== ZERO) {
        const b = (d * prices[posPriceKey[k]]) / units[posMarket[k]];
        if (posBaseOut) posBaseOut.debt[k] = Number(b);
        debt += b;
      }
    }
    const avgLt = coll === ZERO ? ZERO : mixed ? ltAcc / coll : posLtBigOf(lt0);
    totalCollateralBase[i] = coll;
    totalDebtBase[i] = debt;
    avgLiquidationThreshold[i] = avgLt;
    avgLtv[i] = coll === ZERO ? ZERO : mixed ? ltvAcc / coll : posLtBigOf(ltv0);
    healthFactor[i] = debt === 0n ? MAX_UINT256 : wadDiv(percentMul(coll, avgLt), debt);
  }
  return { healthFactor, totalCollateralBase, totalDebtBase, avgLiquidationThreshold, avgLtv };
}

/**
 * getUserAccountData's availableBorrowsBase for account `i` of `r`: collateral × LTV less the
 * debt, never below zero (GenericLogic.calculateAvailableBorrows).
 */
export function availableBorrowsBase(r: AccountResults, i: number): bigint {
  const available = percentMul(r.totalCollateralBase[i], r.avgLtv[i]);
  return available < r.totalDebtBase[i] ? 0n : available - r.totalDebtBase[i];
}

/** Prices after relative drops per price key (drop in bps: 2500 = −25%), integer like a feed update. */
export function shockedPrices(pb: PreparedBook, dropBpsByKey: Map<number, number>): bigint[] {
  return pb.basePrices.map((p, key) => {
    const d = dropBpsByKey.get(key);
    return d === undefined ? p : (p * BigInt(10000 - d)) / 10000n;
  });
}

export const HF_ONE = WAD;
export const HF_CLOSE_FACTOR_THRESHOLD = (WAD * 95n) / 100n;

/** wad HF as a JS number (Infinity without debt), for bucketing and display. */
export function hfToNumber(hf: bigint): number {
  return hf === MAX_UINT256 ? Infinity : Number(hf) / 1e18;
}
