// Stress scenario <-> URL: "WETH:20,WBTC:10" (percent drops per asset symbol).
export function parseScenario(s: string | null | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  if (!s) return out;
  for (const part of s.split(',')) {
    const [sym, pct] = part.split(':');
    const n = Number(pct);
    if (sym && Number.isFinite(n) && n > 0) out[sym.trim()] = Math.min(100, Math.max(0, n));
  }
  return out;
}

export function formatScenario(d: Record<string, number>): string {
  return Object.entries(d)
    .filter(([, v]) => v > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}:${v}`)
    .join(',');
}
