// Data shaping: turn subgraph entities (raw integers, BigDecimal strings) into view rows.
// Pure functions, unit-tested in shape.test.ts.
import { fromUnits } from '@/lib/format';

export const RAY = 10n ** 27n;
export const SECONDS_PER_YEAR = 31536000;

/** ray rate (APR, string integer) → APR as a fraction */
export function rayToApr(ray: string | null | undefined): number {
  if (!ray) return 0;
  const big = BigInt(ray);
  // keep 12 significant decimals
  return Number((big * 10n ** 12n) / RAY) / 1e12;
}

/** Aave-style APY from a ray APR compounded per second: (1 + apr/secs)^secs − 1 */
export function rayToApy(ray: string | null | undefined): number {
  const apr = rayToApr(ray);
  if (apr === 0) return 0;
  return Math.pow(1 + apr / SECONDS_PER_YEAR, SECONDS_PER_YEAR) - 1;
}

export function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v !== '') return Number(v);
  return 0;
}

export interface MarketLike {
  id: string;
  symbol: string;
  totalSupplyUSD: string;
  totalBorrowUSD: string;
}

/** Sum USD by a key, descending, with shares. */
export function composition<T extends MarketLike>(
  markets: T[],
  key: (m: T) => string,
  field: 'totalSupplyUSD' | 'totalBorrowUSD' = 'totalSupplyUSD',
) {
  const m = new Map<string, number>();
  for (const x of markets) m.set(key(x), (m.get(key(x)) ?? 0) + num(x[field]));
  const total = [...m.values()].reduce((a, b) => a + b, 0);
  return [...m.entries()]
    .map(([label, value]) => ({ label, value, share: total ? value / total : 0 }))
    .sort((a, b) => b.value - a.value);
}

/** Cap usage: totalSupply (raw) vs cap (whole tokens). null when no cap. */
export function capUsage(totalRaw: string, cap: string, decimals: number): number | null {
  const c = BigInt(cap || '0');
  if (c === 0n) return null;
  const total = BigInt(totalRaw || '0');
  const capRaw = c * 10n ** BigInt(decimals);
  return Number((total * 1000000n) / capRaw) / 1e6;
}

export interface LiquidationLike {
  timestamp: string;
  liquidator: string;
  debtRepaidUSD: string;
  collateralSeizedUSD: string;
  liquidatorBonusUSD: string;
  protocolFeeUSD?: string;
}

export const DAY = 86400;

/** Per-day series (UTC days) from `fromDay` to `toDay` inclusive, filling empty days with 0. */
export function perDay<T>(
  items: T[],
  ts: (x: T) => number,
  value: (x: T) => number,
  fromDay: number,
  toDay: number,
) {
  const out: Array<{ day: number; ts: number; value: number; count: number }> = [];
  const idx = new Map<number, number>();
  for (let d = fromDay; d <= toDay; d++) {
    idx.set(d, out.length);
    out.push({ day: d, ts: d * DAY, value: 0, count: 0 });
  }
  for (const x of items) {
    const d = Math.floor(ts(x) / DAY);
    const i = idx.get(d);
    if (i === undefined) continue;
    out[i].value += value(x);
    out[i].count += 1;
  }
  return out;
}

export function topLiquidators(liqs: LiquidationLike[], n = 10) {
  const m = new Map<
    string,
    { liquidator: string; count: number; debtRepaidUSD: number; liquidatorBonusUSD: number }
  >();
  for (const l of liqs) {
    const k = l.liquidator.toLowerCase();
    const e = m.get(k) ?? { liquidator: k, count: 0, debtRepaidUSD: 0, liquidatorBonusUSD: 0 };
    e.count += 1;
    e.debtRepaidUSD += num(l.debtRepaidUSD);
    e.liquidatorBonusUSD += num(l.liquidatorBonusUSD);
    m.set(k, e);
  }
  return [...m.values()].sort((a, b) => b.debtRepaidUSD - a.debtRepaidUSD).slice(0, n);
}

/** Sum of a USD field over items with timestamp ≥ since. */
export function sumSince<T>(
  items: T[],
  ts: (x: T) => number,
  value: (x: T) => number,
  since: number,
) {
  let s = 0,
    c = 0;
  for (const x of items)
    if (ts(x) >= since) {
      s += value(x);
      c++;
    }
  return { sum: s, count: c };
}

/** rayMul(scaled, index) (a scaled aToken or variable-debt balance now) in whole tokens */
export function scaledToTokens(scaled: string, index: string, decimals: number): number {
  return fromUnits((BigInt(scaled || '0') * BigInt(index || '0') + RAY / 2n) / RAY, decimals);
}

/** base-currency integer (8 decimals by default) → number */
export function baseToNumber(v: string | null | undefined, unit: number = 1e8): number {
  if (v == null || v === '') return 0;
  if (!/^-?\d+$/.test(v)) return Number(v);
  return Number(BigInt(v)) / unit;
}

/** Parameter history: group changes by block for display, newest first. */
export function sortNewestFirst<T extends { blockNumber: string; logIndex?: number }>(
  xs: T[],
): T[] {
  return [...xs].sort((a, b) => {
    const d = BigInt(b.blockNumber) - BigInt(a.blockNumber);
    if (d !== 0n) return d > 0n ? 1 : -1;
    return (b.logIndex ?? 0) - (a.logIndex ?? 0);
  });
}

/**
 * Aave default interest rate strategy curve (approximation for display): given current
 * utilisation and current borrow rate, we can't recover the strategy's parameters from the
 * subgraph alone; so the curve is built from observed (utilisation, rate) snapshot pairs.
 */
export function observedCurve(
  points: Array<{ utilization: string; variableBorrowRate: string; liquidityRate: string }>,
) {
  const byU = new Map<number, { u: number; borrow: number; supply: number }>();
  for (const p of points) {
    const u = Math.round(num(p.utilization) * 1000) / 10; // percent, 0.1 step
    byU.set(u, {
      u,
      borrow: rayToApr(p.variableBorrowRate) * 100,
      supply: rayToApr(p.liquidityRate) * 100,
    });
  }
  return [...byU.values()].sort((a, b) => a.u - b.u);
}
