// Number and time formatting with units, used by every page (server and client).

const SUFFIXES: Array<[number, string]> = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'K'],
];

function toNum(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return NaN;
}

/** Compact number: 1234567 → "1.23M", 950 → "950", 0.1234 → "0.1234". */
export function fmtCompact(v: unknown, digits = 2): string {
  const n = toNum(v);
  if (!Number.isFinite(n)) return '—';
  const abs = Math.abs(n);
  for (const [div, suf] of SUFFIXES) {
    if (abs >= div) {
      const s = (n / div).toFixed(digits);
      return `${s}${suf}`;
    }
  }
  if (abs === 0) return '0';
  if (abs >= 1) return n.toFixed(abs >= 100 ? 0 : digits);
  return n
    .toPrecision(Math.max(1, digits + 1))
    .replace(/0+$/, '')
    .replace(/\.$/, '');
}

/** USD with unit: 1234567 → "$1.23M", -5 → "−$5.00". */
export function fmtUSD(v: unknown, digits = 2): string {
  const n = toNum(v);
  if (!Number.isFinite(n)) return '—';
  const sign = n < 0 ? '−' : '';
  const abs = Math.abs(n);
  if (abs === 0) return '$0';
  if (abs < 1000) return `${sign}$${abs < 0.01 ? '<0.01' : abs.toFixed(digits)}`;
  return `${sign}$${fmtCompact(abs, digits)}`;
}

/** Fraction to percent: 0.825 → "82.5%". */
export function fmtPct(fraction: unknown, digits = 1): string {
  const n = toNum(fraction);
  if (!Number.isFinite(n)) return '—';
  const p = n * 100;
  if (p !== 0 && Math.abs(p) < Math.pow(10, -digits))
    return `${p < 0 ? '>−' : '<'}${Math.pow(10, -digits).toFixed(digits)}%`;
  return `${p.toFixed(digits)}%`;
}

/** Basis points (Int in the schema) to percent: 8250 → "82.5%". */
export function fmtBps(bps: unknown, digits = 1): string {
  const n = toNum(bps);
  if (!Number.isFinite(n)) return '—';
  return fmtPct(n / 10000, digits);
}

/** Liquidation bonus as stored (10500 = +5%) → "5.0%". */
export function fmtBonus(bps: unknown): string {
  const n = toNum(bps);
  if (!Number.isFinite(n) || n === 0) return '—';
  return fmtPct((n - 10000) / 10000, 1);
}

/**
 * Health factor, truncated (never rounded up): HF 1.0456 shows "1.04", not "1.05", so a shown
 * value is never on the other side of a threshold (1, 1.05, 1.1 …) from the number counted.
 * Within 0.01 of 1 it shows four decimals (0.99995 → "0.9999"). ∞ when there is no debt.
 */
export function fmtHF(hf: number | null | undefined, withPrefix = false): string {
  const pre = withPrefix ? 'HF ' : '';
  if (hf == null || Number.isNaN(hf)) return '—';
  if (!Number.isFinite(hf) || hf > 1e6) return `${pre}∞`;
  if (hf >= 100) return `${pre}${Math.floor(hf)}`;
  return `${pre}${truncate(hf, hf >= 0.99 && hf < 1.01 ? 4 : 2)}`;
}

/** x cut (not rounded) to `digits` decimals; the 1e-9 relative slack absorbs binary noise (1.15·100 = 114.999…). */
export function truncate(x: number, digits: number): string {
  const f = 10 ** digits;
  const scaled = x * f;
  const cut = Math.floor(scaled + Math.abs(scaled) * 1e-12);
  return (cut / f).toFixed(digits);
}

/** Token amount from a raw integer string and decimals: ("1500000", 6) → 1.5 */
export function fromUnits(raw: string | bigint | null | undefined, decimals: number): number {
  if (raw == null) return NaN;
  const s = typeof raw === 'bigint' ? raw.toString() : raw;
  if (!/^-?\d+$/.test(s)) return Number(s);
  const neg = s.startsWith('-');
  const digits = neg ? s.slice(1) : s;
  const padded = digits.padStart(decimals + 1, '0');
  const int = padded.slice(0, padded.length - decimals);
  const frac = decimals ? padded.slice(padded.length - decimals) : '';
  const n = Number(`${int}.${frac.slice(0, 18) || '0'}`);
  return neg ? -n : n;
}

/** Token amount with symbol: 1234.5 WETH → "1.23K WETH". */
export function fmtToken(amount: number, symbol: string): string {
  if (!Number.isFinite(amount)) return '—';
  return `${fmtCompact(amount, 2)} ${symbol}`;
}

/** Age from a unix timestamp (seconds) relative to now (ms): "42s", "5m", "3h 2m", "4d". */
export function fmtAge(tsSeconds: number, nowMs: number = Date.now()): string {
  if (!Number.isFinite(tsSeconds) || tsSeconds <= 0) return '—';
  return fmtDuration(nowMs / 1000 - tsSeconds);
}

/** A duration in seconds for people: "42s", "5m", "3h 2m", "2d 4h" (≥ 10 days: "12d"). */
export function fmtDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  const d = Math.floor(h / 24);
  return d < 10 && h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}

/** E-mode category by its label everywhere ("Stablecoins"); the id only when the label is unknown. */
export function fmtEMode(id: number | null | undefined, label?: string | null): string {
  if (!id) return 'none';
  return label ? label : `category ${id}`;
}

/** Unix seconds → "2026-11-24 04:20 UTC". */
export function fmtTime(tsSeconds: number | string): string {
  const n = toNum(tsSeconds);
  if (!Number.isFinite(n) || n <= 0) return '—';
  return new Date(n * 1000).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/** Unix seconds → "Nov 24" (chart labels). */
export function fmtDay(tsSeconds: number): string {
  const d = new Date(tsSeconds * 1000);
  return `${d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' })} ${d.getUTCDate()}`;
}

/** 0xabcdef…1234 */
export function shortAddr(a: string | null | undefined): string {
  if (!a) return '—';
  return a.length > 12 ? `${a.slice(0, 6)}…${a.slice(-4)}` : a;
}

export function fmtInt(v: unknown): string {
  const n = toNum(v);
  if (!Number.isFinite(n)) return '—';
  return Math.round(n).toLocaleString('en-US');
}

/** Percent with precision adapted to the magnitude (chart axes): 0.25 → "25%", 0.0012 → "0.12%", 0.00004 → "0.004%". */
export function fmtPctAuto(fraction: number): string {
  if (!Number.isFinite(fraction)) return '—';
  const p = Math.abs(fraction * 100);
  if (p === 0) return '0%';
  const digits = p >= 10 ? 0 : p >= 1 ? 1 : p >= 0.1 ? 2 : p >= 0.01 ? 3 : 4;
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** A price drop in percent as a signed label: 0 → "0%", 5 → "−5%" (never "−0%"). */
export function fmtDrop(pct: number): string {
  if (!Number.isFinite(pct)) return '—';
  if (pct === 0) return '0%';
  return pct > 0 ? `−${pct}%` : `+${-pct}%`;
}
