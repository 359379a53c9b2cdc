// The dashboard's one cache policy for reads: "the last good answer, with its age". A read that
// fails returns the previous successful answer for the same key (marked stale, with the time it
// was fetched) and an error sentence safe to show: endpoint URLs, which may carry API keys,
// are removed. GraphQL reads, risk-engine views and index-node status all go through `lastGood`.

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  /** ms epoch of the data shown (0: none) */
  fetchedAt: number;
  /** data is from an earlier successful read because the latest one failed */
  stale: boolean;
}

const MAX_ENTRIES = 300;
const entries = new Map<string, { data: unknown; at: number }>();

/** A failure as a sentence for the page: connection errors in plain words, no URLs. */
export function describeError(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (
    /ECONNREFUSED|fetch failed|Failed to fetch|ENOTFOUND|EHOSTUNREACH|socket hang up/i.test(msg)
  ) {
    return 'The GraphQL endpoint is not reachable.';
  }
  if (/aborted|timeout/i.test(msg)) return 'The GraphQL endpoint did not answer in time.';
  return msg.replace(/^\[(GraphQL|Network)\]\s*/, '').replace(/\s*https?:\/\/\S+/g, '');
}

/**
 * Runs `read`; on success remembers its answer under `key`, on failure answers the remembered
 * one. `label` prefixes the error ("Risk engine: …").
 */
export async function lastGood<T>(
  key: string,
  read: () => Promise<T>,
  label?: string,
): Promise<Loaded<T>> {
  try {
    const data = await read();
    const at = Date.now();
    entries.delete(key);
    entries.set(key, { data, at });
    if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
    return { data, error: null, fetchedAt: at, stale: false };
  } catch (e) {
    const prev = entries.get(key);
    const error = label ? `${label}: ${describeError(e)}` : describeError(e);
    return { data: (prev?.data as T) ?? null, error, fetchedAt: prev?.at ?? 0, stale: !!prev };
  }
}

/** Tests: forget every remembered answer. */
export function clearLastGood(): void {
  entries.clear();
}
