// In-memory entity state for ingestion, answering the WASM host synchronously.
//
// - Mutable entity types are fully loaded at start (store.loadCurrent) and kept current, so a
//   get never waits for the DB.
// - Immutable types are not loaded: gets are served from this batch's writes and a bounded
//   cache; a miss throws NeedsAsync whose work() reads the DB. A Bloom filter per immutable type
//   (every id stored, filled from the DB on the type's first miss, then from the writes) answers
//   "never stored" without the DB: creating an event entity (graph-ts's store.set looks the id
//   up to merge) or an `X.load(id) === null` check then costs neither a query nor a re-run.
// - Writes of the running trigger go to an overlay; commitTrigger() applies them,
//   discardTrigger() drops them (NeedsAsync re-run). A block's writes are kept with an undo log
//   so a non-deterministic failure mid-block can roll the block back.
// - set() merges into the current entity like graph-node's EntityOp::Update and checks the
//   schema (unknown fields, missing non-nullable fields) like graph-node does.
import { needsAsync } from '../internal/errors.ts';
import { IdFilter } from './id-filter.ts';
import { type EntityData, type HostStore, type StoreValue } from '../internal/types.ts';
import { DeterministicError } from '../internal/errors.ts';
import type { SchemaModel, EntityDef } from '../schema/index.ts';

export interface EntitySource {
  loadCurrent(entityType: string): AsyncIterable<[string, EntityData]>;
  get(entityType: string, id: string): Promise<EntityData | null>;
  /** every stored id of an immutable entity type (optional: without it, misses always query) */
  loadIds?(entityType: string): AsyncIterable<string>;
}

export interface PendingChange {
  entityType: string;
  id: string;
  data: EntityData | null;
  block: number;
}

const key = (t: string, id: string) => `${t}\u0000${id}`;
const IMMUTABLE_CACHE_MAX = 100_000;

/** a write of the running trigger or of the block, with its key's parts */
interface Write {
  type: string;
  id: string;
  data: EntityData | null;
}

export class EntityCache {
  private readonly mutable = new Map<string, Map<string, EntityData>>();
  private immutable = new Map<string, EntityData | null>();
  private overlay = new Map<string, Write>();
  /** final writes of the current block (for getInBlock and the batch) */
  private blockWrites = new Map<string, Write>();
  /** previous state of mutable entities first touched in this block */
  private blockUndo = new Map<
    string,
    { m: Map<string, EntityData>; id: string; prev: EntityData | undefined }
  >();
  private pending: PendingChange[] = [];
  private block = -1;
  /** wraps NeedsAsync work so the caller can discard the trigger before the re-run */
  wrapWork: (work: () => Promise<void>) => () => Promise<void> = (w) => w;
  /** per immutable type: ids stored so far; `complete` once the DB's ids were read into it */
  private ids = new Map<string, { filter: IdFilter; complete: boolean }>();
  readonly stats = { dbGets: 0, knownAbsent: 0 };

  constructor(
    readonly schema: SchemaModel,
    private readonly source: EntitySource,
  ) {}

  private def(type: string): EntityDef {
    const d = this.schema.entities.get(type);
    if (!d) throw new DeterministicError(`unknown entity type \`${type}\``);
    return d;
  }

  /** Loads every mutable entity type into memory (start, and after a revert). */
  async load(): Promise<number> {
    this.mutable.clear();
    this.immutable.clear();
    this.ids.clear();
    this.resetBlock(-1);
    let n = 0;
    for (const [name, d] of this.schema.entities) {
      if (d.immutable) {
        if (this.source.loadIds) this.ids.set(name, { filter: new IdFilter(), complete: false });
        continue;
      }
      const m = new Map<string, EntityData>();
      for await (const [id, data] of this.source.loadCurrent(name)) {
        m.set(id, data);
        n++;
      }
      this.mutable.set(name, m);
    }
    return n;
  }

  beginBlock(n: number): void {
    this.resetBlock(n);
  }

  private resetBlock(n: number) {
    this.block = n;
    this.overlay.clear();
    this.blockWrites.clear();
    this.blockUndo.clear();
  }

  /** Moves the block's final writes into the pending batch. */
  endBlock(): void {
    for (const w of this.blockWrites.values())
      this.pending.push({ entityType: w.type, id: w.id, data: w.data, block: this.block });
    this.resetBlock(-1);
  }

  /** Rolls back the current block's committed triggers (non-deterministic failure mid-block). */
  abortBlock(): void {
    for (const { m, id, prev } of this.blockUndo.values()) {
      if (prev === undefined) m.delete(id);
      else m.set(id, prev);
    }
    for (const k of this.blockWrites.keys()) this.immutable.delete(k);
    this.resetBlock(-1);
  }

  commitTrigger(): void {
    for (const [k, w] of this.overlay) {
      const { type: t, id, data } = w;
      this.blockWrites.set(k, w);
      const m = this.mutable.get(t);
      if (m) {
        if (!this.blockUndo.has(k)) this.blockUndo.set(k, { m, id, prev: m.get(id) });
        if (data === null) m.delete(id);
        else m.set(id, data);
      } else {
        this.immutable.set(k, data);
        if (data !== null) this.ids.get(t)?.filter.add(this.filterId(t, id));
      }
    }
    this.overlay.clear();
  }

  discardTrigger(): void {
    this.overlay.clear();
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** Takes the pending changes for a commitBatch; bounds the immutable cache (now in the DB). */
  takePending(): PendingChange[] {
    const out = this.pending;
    this.pending = [];
    if (this.immutable.size > IMMUTABLE_CACHE_MAX) this.immutable = new Map();
    return out;
  }

  /** Bytes ids are case-insensitive in the DB: one spelling in the filter */
  private filterId(type: string, id: string): string {
    return this.schema.entities.get(type)?.idType === 'Bytes' ? id.toLowerCase() : id;
  }

  private current(type: string, id: string): EntityData | null | undefined {
    // (the overlay is empty while handlers run: the runtime buffers an attempt's writes itself)
    if (this.overlay.size) {
      const w = this.overlay.get(key(type, id));
      if (w) return w.data;
    }
    const m = this.mutable.get(type);
    if (m) return m.get(id) ?? null;
    const k = key(type, id);
    if (this.immutable.has(k)) return this.immutable.get(k)!;
    return undefined; // unknown: must ask the DB
  }

  /** the running trigger's or else the block's write of an entity */
  private inBlock(k: string): Write | undefined {
    return this.overlay.get(k) ?? this.blockWrites.get(k);
  }

  readonly host: HostStore = {
    get: (type, id) => {
      this.def(type);
      const v = this.current(type, id);
      if (v !== undefined) return v && new Map(v);
      const k = key(type, id);
      const ids = this.ids.get(type);
      if (ids?.complete && !ids.filter.has(this.filterId(type, id))) {
        this.stats.knownAbsent++;
        return null;
      }
      this.stats.dbGets++;
      throw needsAsync(
        this.wrapWork(async () => {
          if (ids && !ids.complete) {
            // First miss of this type since load(): every stored id into the filter (writes since
            // load() are in it already), then it answers for ids never stored.
            for await (const x of this.source.loadIds!(type)) ids.filter.add(x);
            ids.complete = true;
            if (!ids.filter.has(this.filterId(type, id))) return;
          }
          const data = await this.source.get(type, id);
          if (!this.immutable.has(k)) this.immutable.set(k, data);
        }),
        `store.get ${type} ${id}`,
      );
    },
    getInBlock: (type, id) => {
      this.def(type);
      const v = this.inBlock(key(type, id))?.data;
      return v ? new Map(v) : null;
    },
    set: (type, id, data) => {
      const d = this.def(type);
      const k = key(type, id);
      // Immutable: merge only with this block's version (an older one can't be changed anyway).
      const prev = d.immutable ? this.inBlock(k)?.data : this.current(type, id);
      // The WASM host passes the complete entity (already merged with the version it read), so
      // usually data has every field of prev: then data itself becomes the new version (set
      // takes ownership, as MemoryStore's does) instead of a field-by-field merged copy.
      let merged: EntityData;
      if (prev && !hasAllKeys(data, prev)) {
        merged = new Map(prev);
        for (const [f, v] of data) merged.set(f, v);
      } else merged = data;
      if (!merged.has('id')) merged.set('id', idValue(d, id));
      validate(d, id, merged);
      this.overlay.set(k, { type, id, data: merged });
    },
    remove: (type, id) => {
      const d = this.def(type);
      if (d.immutable)
        throw new DeterministicError(
          `entity ${type}[${id}]: immutable entities can not be removed`,
        );
      this.overlay.set(key(type, id), { type, id, data: null });
    },
    loadRelated: (type, id, field) => {
      const d = this.def(type);
      const f = d.field(field);
      if (!f || !f.derivedFrom)
        throw new DeterministicError(
          `entity ${type}: field \`${field}\` is not a @derivedFrom field`,
        );
      const targets = this.schema.entities.has(f.type)
        ? [f.type]
        : (this.schema.interfaces.get(f.type)?.implementedBy ?? []);
      const out: EntityData[] = [];
      for (const t of targets) {
        const seen = new Set<string>();
        const consider = (eid: string, e: EntityData | null) => {
          if (seen.has(eid)) return;
          seen.add(eid);
          if (e && refersTo(e.get(f.derivedFrom!), id)) out.push(new Map(e));
        };
        for (const w of this.overlay.values()) if (w.type === t) consider(w.id, w.data);
        const m = this.mutable.get(t);
        if (m) for (const [eid, e] of m) consider(eid, e);
        else
          for (const [k, e] of this.immutable) {
            const i = k.indexOf('\u0000');
            if (k.slice(0, i) === t) consider(k.slice(i + 1), e);
          }
      }
      return out;
    },
  };
}

function hasAllKeys(e: EntityData, of: EntityData): boolean {
  if (e.size < of.size) return false;
  for (const f of of.keys()) if (!e.has(f)) return false;
  return true;
}

function idValue(d: EntityDef, id: string): StoreValue {
  if (d.idType === 'Bytes')
    return { kind: 'Bytes', value: Uint8Array.from(Buffer.from(id.replace(/^0x/, ''), 'hex')) };
  if (d.idType === 'Int8') return { kind: 'Int8', value: BigInt(id) };
  return { kind: 'String', value: id };
}

const hexOf = (b: Uint8Array) => '0x' + Buffer.from(b).toString('hex');

function refersTo(v: StoreValue | undefined, id: string): boolean {
  if (!v) return false;
  switch (v.kind) {
    case 'String':
      return v.value === id;
    case 'Bytes':
      return hexOf(v.value) === id.toLowerCase();
    case 'Int8':
      return v.value.toString() === id;
    case 'Array':
      return v.value.some((x) => refersTo(x, id));
    default:
      return false;
  }
}

/** graph-node's entity validation on set: no unknown fields, non-nullable fields present. */
function validate(d: EntityDef, id: string, e: EntityData): void {
  for (const f of e.keys()) {
    const fd = d.field(f);
    if (!fd) throw new DeterministicError(`Entity ${d.name}[${id}]: unknown field \`${f}\``);
    if (fd.derivedFrom) e.delete(f); // derived fields are never stored
  }
  for (const fd of d.fields) {
    if (!fd.required || fd.derivedFrom) continue;
    const v = e.get(fd.name);
    if (!v || v.kind === 'Null')
      throw new DeterministicError(
        `Entity ${d.name}[${id}]: missing value for non-nullable field \`${fd.name}\``,
      );
  }
}
