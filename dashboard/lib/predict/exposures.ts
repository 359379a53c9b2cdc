// Each borrower reduced to what its health factor depends on along a price path: per (price
// key, market) it holds, the collateral value (plain, LT-weighted, bonus-weighted) and the debt
// value at today's prices, from the exact balances of engine.ts. The HF at a step is then
// Σ w·collateralFactor / Σ d·debtFactor over a handful of entries. Accounts are grouped by the
// entries their collateral and their debt are in, and sorted by today's HF inside a group, so a
// path can skip every account whose HF no move of that group's prices can bring below 1.
import type { AccountResults, PreparedBook } from '@/lib/risk/engine';
import type { FloatBook } from '@/lib/risk/analysis';
import { HF_ONE } from '@/lib/risk/engine';

export interface Exposures {
  /** distinct (price key, market) pairs; a factor per pair and step scales the values */
  typeKey: Int32Array;
  typeMarket: Int32Array;
  /** book account index of each modelled borrower (debt and collateral to seize) */
  account: Int32Array;
  /** entries of borrower j: entryStart[j] … entryStart[j + 1] − 1 */
  entryStart: Int32Array;
  entryType: Int32Array;
  /** collateral value × LT / 10,000 (base units) */
  weighted: Float64Array;
  collateral: Float64Array;
  /** collateral value × bonus (bps incl. 100%) */
  bonusWeighted: Float64Array;
  debt: Float64Array;
  /** float HF today (Σ weighted / Σ debt) */
  hf: Float64Array;
  /** exact HF today is below 1 (getUserAccountData): liquidatable at hour 0 */
  liquidatableNow: Uint8Array;
  /** groups of borrowers with the same collateral and debt entry types, members by HF ascending */
  groups: Array<{ collateralTypes: number[]; debtTypes: number[]; members: Int32Array }>;
}

/** `only`: the book account indices to model (default every borrower). */
export function exposuresOf(
  pb: PreparedBook,
  fb: FloatBook,
  results: AccountResults,
  only?: ReadonlySet<number>,
): Exposures {
  const typeIndex = new Map<number, number>();
  const typeKey: number[] = [],
    typeMarket: number[] = [];
  const typeOf = (key: number, market: number) => {
    const id = key * 65536 + market;
    let u = typeIndex.get(id);
    if (u === undefined) {
      typeIndex.set(id, (u = typeKey.length));
      typeKey.push(key);
      typeMarket.push(market);
    }
    return u;
  };
  const account: number[] = [],
    entryStart: number[] = [0],
    entryType: number[] = [];
  const weighted: number[] = [],
    collateral: number[] = [],
    bonusWeighted: number[] = [],
    debt: number[] = [];
  const n = pb.book.accounts.length;
  for (let i = 0; i < n; i++) {
    if (results.totalDebtBase[i] === 0n || results.totalCollateralBase[i] === 0n) continue;
    if (only && !only.has(i)) continue;
    const byType = new Map<number, number>();
    for (let k = pb.accStart[i]; k < pb.accStart[i + 1]; k++) {
      const c = fb.posCollF[k],
        d = fb.posDebtF[k];
      if (c === 0 && d === 0) continue;
      const u = typeOf(pb.posPriceKey[k], pb.posMarket[k]);
      let e = byType.get(u);
      if (e === undefined) {
        byType.set(u, (e = entryType.length));
        entryType.push(u);
        weighted.push(0);
        collateral.push(0);
        bonusWeighted.push(0);
        debt.push(0);
      }
      weighted[e] += fb.posLtW[k] / 10000;
      collateral[e] += c;
      bonusWeighted[e] += fb.posBonusW[k];
      debt[e] += d;
    }
    account.push(i);
    entryStart.push(entryType.length);
  }
  const m = account.length;
  const hf = new Float64Array(m);
  const liquidatableNow = new Uint8Array(m);
  const groupIndex = new Map<string, number>();
  const groupMembers: number[][] = [];
  const groups: Exposures['groups'] = [];
  for (let j = 0; j < m; j++) {
    let w = 0,
      d = 0;
    const coll = new Set<number>(),
      owed = new Set<number>();
    for (let e = entryStart[j]; e < entryStart[j + 1]; e++) {
      w += weighted[e];
      d += debt[e];
      if (weighted[e] > 0) coll.add(entryType[e]);
      if (debt[e] > 0) owed.add(entryType[e]);
    }
    hf[j] = d > 0 ? w / d : Infinity;
    liquidatableNow[j] = results.healthFactor[account[j]] < HF_ONE ? 1 : 0;
    const ct = [...coll].sort((a, b) => a - b),
      dt = [...owed].sort((a, b) => a - b);
    const sig = `${ct.join(',')}|${dt.join(',')}`;
    let g = groupIndex.get(sig);
    if (g === undefined) {
      groupIndex.set(sig, (g = groups.length));
      groups.push({ collateralTypes: ct, debtTypes: dt, members: new Int32Array(0) });
      groupMembers.push([]);
    }
    groupMembers[g].push(j);
  }
  groups.forEach((g, k) => {
    g.members = Int32Array.from(groupMembers[k].sort((a, b) => hf[a] - hf[b]));
  });
  return {
    typeKey: Int32Array.from(typeKey),
    typeMarket: Int32Array.from(typeMarket),
    account: Int32Array.from(account),
    entryStart: Int32Array.from(entryStart),
    entryType: Int32Array.from(entryType),
    weighted: Float64Array.from(weighted),
    collateral: Float64Array.from(collateral),
    bonusWeighted: Float64Array.from(bonusWeighted),
    debt: Float64Array.from(debt),
    hf,
    liquidatableNow,
    groups,
  };
}
