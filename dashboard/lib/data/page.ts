// Helpers shared by the page server components: the search params and the network they name,
// resolved once per request and passed down.
import { resolveNetwork } from '@/lib/config';

export type SP = Record<string, string | string[] | undefined>;

export function one(sp: SP, key: string): string | undefined {
  const v = sp[key];
  return Array.isArray(v) ? v[0] : v;
}

export async function pageNetwork(searchParams: Promise<SP>) {
  const sp = await searchParams;
  const net = resolveNetwork(one(sp, 'network'));
  return { sp, net };
}

/** Keep ?network= on internal links when the user chose one. */
export function withNet(href: string, sp: SP): string {
  const n = one(sp, 'network');
  if (!n) return href;
  return `${href}${href.includes('?') ? '&' : '?'}network=${encodeURIComponent(n)}`;
}
