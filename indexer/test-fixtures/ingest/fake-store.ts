// A minimal versioned in-memory store with the ingestion store interface (revert by block,
// cursor, data sources, failure), so ingestion tests run without a database.
import type { EntityData } from '../../src/internal/types.ts';
import type { BlockPtr, IngestStore } from '../../src/ingest/types.ts';

export class MemStore implements IngestStore {
  versions = new Map<string, { block: number; data: EntityData | null }[]>();
  blocks = new Map<number, string>();
  cursor: BlockPtr | null = null;
  ds: { rec: unknown; block: number }[] = [];
  failed: {
    block: number | BlockPtr;
    handler?: string | null;
    message: string;
    deterministic: boolean;
  } | null = null;
  commits = 0;
  reverts: number[] = [];

  async getCursor() {
    return this.cursor;
  }
  async getBlockHash(n: number) {
    return this.blocks.get(n) ?? null;
  }
  async *loadCurrent(type: string): AsyncGenerator<[string, EntityData]> {
    for (const [k, vs] of this.versions) {
      const [t, id] = k.split('\u0000');
      const last = vs[vs.length - 1];
      if (t === type && last.data) yield [id, last.data];
    }
  }
  async get(type: string, id: string) {
    const vs = this.versions.get(`${type}\u0000${id}`);
    return vs?.[vs.length - 1].data ?? null;
  }
  async commitBatch(b: Parameters<IngestStore['commitBatch']>[0]) {
    this.commits++;
    for (const c of b.changes) {
      const k = `${c.entityType}\u0000${c.id}`;
      const vs = this.versions.get(k) ?? [];
      if (vs.length && vs[vs.length - 1].block > c.block)
        throw new Error(`change out of order for ${k}`);
      if (vs.length && vs[vs.length - 1].block === c.block) vs.pop();
      vs.push({ block: c.block, data: c.data });
      this.versions.set(k, vs);
    }
    for (const x of b.blocks) this.blocks.set(x.number, x.hash);
    this.blocks.set(b.cursor.number, b.cursor.hash);
    for (const d of b.dataSources ?? [])
      this.ds.push({ rec: d, block: (d as { block: number }).block });
    this.cursor = b.cursor;
  }
  async revertTo(n: number) {
    this.reverts.push(n);
    for (const [k, vs] of this.versions) {
      const keep = vs.filter((v) => v.block <= n);
      if (keep.length) this.versions.set(k, keep);
      else this.versions.delete(k);
    }
    for (const b of [...this.blocks.keys()]) if (b > n) this.blocks.delete(b);
    this.ds = this.ds.filter((d) => d.block <= n);
    this.cursor = { number: n, hash: this.blocks.get(n)! };
  }
  async setFailed(e: NonNullable<MemStore['failed']>) {
    this.failed = e;
  }
  async health() {
    return {
      health: this.failed ? ('failed' as const) : ('healthy' as const),
      fatalError: this.failed,
    };
  }
  async loadDataSources() {
    return this.ds.map((d) => d.rec);
  }

  /** Current state as plain values: type → id → field → string (for comparisons). */
  snapshot(): Record<string, Record<string, Record<string, string>>> {
    const out: Record<string, Record<string, Record<string, string>>> = {};
    for (const [k, vs] of this.versions) {
      const last = vs[vs.length - 1].data;
      if (!last) continue;
      const [t, id] = k.split('\u0000');
      (out[t] ??= {})[id] = Object.fromEntries(
        [...last].map(([f, v]) => [f, 'value' in v ? String(v.value) : 'null']),
      );
    }
    return out;
  }
}
