// The plumbing every /api/risk/* handler shares: parameter parsing with errors that name the
// parameter, the risk context at a block, per-block memoized JSON bodies, and the mapping of
// failures to HTTP statuses (400 bad input, 404, 502 subgraph, 500).
import {
  marketOf,
  marketsOfGroup,
  marketsOfSymbolOrGroup,
  UnknownSelection,
} from '@/lib/data/market-selection';
import { SubgraphError } from '@/lib/subgraph-client';
import { getRiskContext, UnknownNetworkError, type RiskContext } from '@/lib/risk/service';

export class BadParam extends Error {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
  }
}

/** A response body already serialized (memoized per block in the RiskContext). */
class RawJson {
  constructor(readonly text: string) {}
}

/** Memoize the serialized body per block and canonical query: repeated calls cost one lookup. */
export function cachedJson(
  c: RiskContext,
  route: string,
  q: URLSearchParams,
  build: () => unknown,
): RawJson {
  const keys = [...q.keys()].filter((k) => k !== 'network' && k !== 'block').sort();
  const key = `json|${route}|${keys.map((k) => `${k}=${q.getAll(k).join(',')}`).join('&')}`;
  return c.get(key, () => new RawJson(JSON.stringify(build())));
}

export const json = (body: unknown, status = 200) =>
  new Response(body instanceof RawJson ? body.text : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });

export function handle(f: (q: URLSearchParams, extra: Record<string, string>) => Promise<unknown>) {
  return async (
    req: Request,
    ctx?: { params?: Promise<Record<string, string>> | Record<string, string> },
  ): Promise<Response> => {
    try {
      const q = new URL(req.url).searchParams;
      const extra = ((await ctx?.params) ?? {}) as Record<string, string>;
      return json(await f(q, extra));
    } catch (e) {
      if (e instanceof BadParam || e instanceof UnknownSelection)
        return json({ error: e.message, param: e.param }, 400);
      if (e instanceof UnknownNetworkError)
        return json({ error: e.message, param: 'network' }, 400);
      if (e instanceof SubgraphError) return json({ error: e.message, endpoint: e.endpoint }, 502);
      if (e instanceof NotFound) return json({ error: e.message }, 404);
      console.error('risk api', e);
      return json({ error: `internal error: ${(e as Error).message}` }, 500);
    }
  };
}
export class NotFound extends Error {}

export async function context(q: URLSearchParams): Promise<RiskContext> {
  const block = q.get('block');
  if (block !== null && !/^0x[0-9a-fA-F]{64}$/.test(block))
    throw new BadParam('block', 'block must be a block hash (0x + 64 hex digits)');
  return getRiskContext(q.get('network'), block ?? undefined);
}

export const blockJson = (c: RiskContext) => ({
  number: c.book.block.number,
  hash: c.book.block.hash,
  timestamp: c.book.block.timestamp,
});

export function numParam(
  q: URLSearchParams,
  name: string,
  def: number | undefined,
  min: number,
  max: number,
): number {
  const raw = q.get(name);
  if (raw === null || raw === '') {
    if (def === undefined) throw new BadParam(name, `${name} is required`);
    return def;
  }
  const v = Number(raw);
  if (!Number.isFinite(v) || v < min || v > max)
    throw new BadParam(name, `${name} must be a number in [${min}, ${max}], got "${raw}"`);
  return v;
}

export const marketByParam = (c: RiskContext, value: string): number => marketOf(c.book, value);

/** drops per price key (bps) from asset=, group=, drop= or shocks=SYM:PCT,SYM:PCT */
export function parseScenario(
  c: RiskContext,
  q: URLSearchParams,
): { drops: Map<number, number>; label: string } {
  const drops = new Map<number, number>();
  const shocks = q.get('shocks');
  if (shocks) {
    for (const part of shocks.split(',')) {
      const [sym, pct] = part.split(':');
      const d = Number(pct);
      if (!sym || !Number.isFinite(d) || d < -1000 || d > 100)
        throw new BadParam(
          'shocks',
          `shocks entry "${part}" must be SYMBOL:DROP_PCT with DROP_PCT ≤ 100`,
        );
      for (const m of marketsOfSymbolOrGroup(c.pb, sym)) drops.set(m, Math.round(d * 100));
    }
    return { drops, label: shocks };
  }
  const drop = numParam(q, 'drop', undefined, 0, 100);
  const asset = q.get('asset'),
    group = q.get('group');
  if (!asset && !group)
    throw new BadParam('asset', 'give asset=SYMBOL, group=NAME or shocks=SYM:PCT,…');
  if (asset && group) throw new BadParam('group', 'give either asset or group, not both');
  const markets = asset ? [marketByParam(c, asset)] : marketsOfGroup(c.pb, group!);
  for (const m of markets) drops.set(m, Math.round(drop * 100));
  return { drops, label: asset ? `${asset} -${drop}%` : `${group} -${drop}%` };
}
