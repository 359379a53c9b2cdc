// Concentration (top-N shares, HHI) and exposure by e-mode category, isolation mode and asset class.
import type { PreparedBook, AccountResults } from '@/lib/risk/engine';
import type { FloatBook } from '@/lib/risk/analysis';
import { assetClassOf, ASSET_CLASSES } from '@/lib/risk/classes';

export interface ShareStats {
  total: string;
  top10Share: number;
  top100Share: number;
  hhi: number;
  holders: number;
}

/** Shares of the largest holders; HHI on the 0–10,000 scale (Σ share² · 10⁴). */
export function shareStats(values: number[]): ShareStats {
  const v = values.filter((x) => x > 0).sort((a, b) => b - a);
  const total = v.reduce((s, x) => s + x, 0);
  if (total <= 0) return { total: '0', top10Share: 0, top100Share: 0, hhi: 0, holders: 0 };
  let top10 = 0,
    top100 = 0,
    hhi = 0;
  for (let i = 0; i < v.length; i++) {
    if (i < 10) top10 += v[i];
    if (i < 100) top100 += v[i];
    const s = v[i] / total;
    hhi += s * s;
  }
  return {
    total: BigInt(Math.round(total)).toString(),
    top10Share: top10 / total,
    top100Share: top100 / total,
    hhi: hhi * 10000,
    holders: v.length,
  };
}

export interface ExposureRow {
  key: string;
  label: string;
  accounts: number;
  collateralBase: string;
  debtBase: string;
}

export interface Concentration {
  debt: ShareStats;
  collateral: ShareStats;
  byEMode: ExposureRow[];
  byIsolation: ExposureRow[];
  byAssetClass: ExposureRow[];
}

const s = (x: number) => BigInt(Math.round(x)).toString();

export function concentration(
  pb: PreparedBook,
  fb: FloatBook,
  results: AccountResults,
): Concentration {
  const n = pb.book.accounts.length;
  const debts: number[] = new Array(n),
    colls: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    debts[i] = Number(results.totalDebtBase[i]);
    colls[i] = Number(results.totalCollateralBase[i]);
  }

  const acc = () => new Map<string, { label: string; accounts: number; c: number; d: number }>();
  const emode = acc(),
    iso = acc(),
    cls = acc();
  const bump = (
    m: ReturnType<typeof acc>,
    key: string,
    label: string,
    c: number,
    d: number,
    count: boolean,
  ) => {
    const r = m.get(key) ?? { label, accounts: 0, c: 0, d: 0 };
    r.c += c;
    r.d += d;
    if (count) r.accounts++;
    m.set(key, r);
  };
  for (const c of ASSET_CLASSES) bump(cls, c, c, 0, 0, false);
  const markets = pb.book.markets;
  const classOf = markets.map((m) => assetClassOf(pb.book.network, m));
  for (let i = 0; i < n; i++) {
    const a = pb.book.accounts[i];
    if (colls[i] === 0 && debts[i] === 0) continue;
    const cat = a.eModeCategoryId;
    bump(
      emode,
      String(cat),
      cat === 0 ? 'none' : (pb.book.eModeCategories.get(cat)?.label ?? `category ${cat}`),
      colls[i],
      debts[i],
      true,
    );
    // isolation mode: the only collateral is an asset with a debt ceiling
    let nColl = 0,
      isoMarket = -1;
    let seen = 0; // bitmask over ASSET_CLASSES: count each account once per class
    for (let k = pb.accStart[i], e = pb.accStart[i + 1]; k < e; k++) {
      if (fb.posCollF[k] > 0) {
        nColl++;
        if (markets[pb.posMarket[k]].debtCeiling > 0n) isoMarket = pb.posMarket[k];
      }
      const klass = classOf[pb.posMarket[k]];
      const bit = 1 << ASSET_CLASSES.indexOf(klass);
      const active = fb.posCollF[k] > 0 || fb.posDebtF[k] > 0;
      bump(cls, klass, klass, fb.posCollF[k], fb.posDebtF[k], active && (seen & bit) === 0);
      if (active) seen |= bit;
    }
    if (nColl === 1 && isoMarket >= 0)
      bump(
        iso,
        markets[isoMarket].id,
        `isolated: ${markets[isoMarket].symbol}`,
        colls[i],
        debts[i],
        true,
      );
    else bump(iso, 'none', 'not isolated', colls[i], debts[i], true);
  }
  const rows = (m: ReturnType<typeof acc>): ExposureRow[] =>
    [...m].map(([key, r]) => ({
      key,
      label: r.label,
      accounts: r.accounts,
      collateralBase: s(r.c),
      debtBase: s(r.d),
    }));
  return {
    debt: shareStats(debts),
    collateral: shareStats(colls),
    byEMode: rows(emode),
    byIsolation: rows(iso),
    byAssetClass: rows(cls),
  };
}
