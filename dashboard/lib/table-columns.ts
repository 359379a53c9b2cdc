// Column description shared by DataTable and its CSV export. The table shows converted values
// (bps as percent, seconds as "3h 2m"); the CSV keeps the raw value, so its header names the unit.
import {
  fmtBonus,
  fmtBps,
  fmtCompact,
  fmtDuration,
  fmtHF,
  fmtInt,
  fmtPct,
  fmtTime,
  fmtUSD,
  shortAddr,
} from '@/lib/format';

/** `bps`/`bonus`: basis points shown as percent; `duration`: seconds shown as "3h 2m" */
export type ColType =
  | 'text'
  | 'usd'
  | 'pct'
  | 'bps'
  | 'bonus'
  | 'hf'
  | 'int'
  | 'num'
  | 'addr'
  | 'time'
  | 'flags'
  | 'price'
  | 'duration';
export interface Col {
  key: string;
  label: string;
  type?: ColType;
  href?: string;
  title?: string;
  hideSm?: boolean;
  /** CSV header; the CSV holds the raw value, so a converted column names its unit (`ltvBps`) */
  csv?: string;
  /** long text (messages): wraps instead of widening the table */
  wrap?: boolean;
}

export type Row = Record<string, string | number | boolean | null | undefined | string[]>;

/** CSV header of a column: its own `csv` name, else the label with the unit of the raw value kept. */
export function csvHeader(c: Col): string {
  if (c.csv) return c.csv;
  if (c.type === 'bps' || c.type === 'bonus') return `${c.label} (bps)`;
  if (c.type === 'duration') return `${c.label} (seconds)`;
  return c.label;
}

/** What a cell shows for a raw value of that column type. */
export function cellText(v: Row[string], t: ColType = 'text'): string {
  if (v == null || v === '') return '—';
  if (Array.isArray(v)) return v.join(', ');
  switch (t) {
    case 'usd':
      return fmtUSD(v);
    case 'price':
      return Number(v) >= 1000 ? fmtUSD(v, 2) : `$${Number(v).toFixed(Number(v) < 10 ? 4 : 2)}`;
    case 'pct':
      return fmtPct(v, 2);
    case 'bps':
      return fmtBps(v);
    case 'bonus':
      return fmtBonus(v);
    case 'hf':
      return fmtHF(Number(v));
    case 'int':
      return fmtInt(v);
    case 'num':
      return fmtCompact(v, 2);
    case 'addr':
      return shortAddr(String(v));
    case 'time':
      return fmtTime(Number(v));
    case 'duration':
      return fmtDuration(Number(v));
    default:
      return String(v);
  }
}
