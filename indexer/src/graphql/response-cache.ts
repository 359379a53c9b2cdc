// Answers to repeated queries at one head block, from memory: graph-node's per-block query
// cache and herd cache (graphql/src/execution/cache.rs, execution.rs) in miniature. Entries
// belong to one head (block number, hash and the store's revert count) and are dropped when
// the head moves or a revert happens. Identical queries that arrive while the first is still
// running wait for its answer instead of running again. Only answers without errors are kept; bytes are bounded (oldest
// entries go first).
import type { GraphQLResponse } from './execute.ts';

export interface ResponseCacheStats {
  hits: number;
  misses: number;
  /** requests answered by a run already under way for the same key */
  shared: number;
  entries: number;
  bytes: number;
}

export class ResponseCache {
  private entries = new Map<string, string>(); // insertion order: oldest first
  private running = new Map<string, Promise<string>>();
  private head: string | null = null;
  private bytes = 0;
  private counts = { hits: 0, misses: 0, shared: 0 };

  /** @param maxBytes bound on the serialized answers kept (default 64 MiB) */
  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  /**
   * The serialized answer for `key` at `head`: from memory, from a run under way, or from
   * `compute` (kept when it has no errors and the head has not moved meanwhile).
   */
  async answer(
    key: string,
    head: string,
    compute: () => Promise<GraphQLResponse>,
  ): Promise<string> {
    if (head !== this.head) this.reset(head);
    const kept = this.entries.get(key);
    if (kept !== undefined) {
      this.counts.hits++;
      this.entries.delete(key); // re-insert: most recently used goes last
      this.entries.set(key, kept);
      return kept;
    }
    const pending = this.running.get(key);
    if (pending) {
      this.counts.shared++;
      return pending;
    }
    this.counts.misses++;
    const run = compute().then((r) => {
      const body = JSON.stringify(r);
      if (!r.errors?.length && this.head === head) this.keep(key, body);
      return body;
    });
    this.running.set(key, run);
    try {
      return await run;
    } finally {
      if (this.running.get(key) === run) this.running.delete(key);
    }
  }

  stats(): ResponseCacheStats {
    return { ...this.counts, entries: this.entries.size, bytes: this.bytes };
  }

  private reset(head: string) {
    this.head = head;
    this.entries.clear();
    this.running.clear();
    this.bytes = 0;
  }

  private keep(key: string, body: string) {
    if (body.length > this.maxBytes) return;
    this.entries.set(key, body);
    this.bytes += body.length;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.length;
    }
  }
}
