// Per-attempt write overlay over the caller's HostStore. A trigger attempt reads through the
// overlay and writes only into it; the runtime commits the overlay (in write order) to the
// caller's store when the handler finishes, and drops it when the attempt throws NeedsAsync or
// fails. So the caller's HostStore never sees writes from an abandoned attempt.
import type { EntityData, HostStore } from '../internal/types.ts';
import type { SchemaModel } from '../schema/index.ts';

type Op =
  | { kind: 'set'; type: string; id: string; data: EntityData }
  | { kind: 'remove'; type: string; id: string };

export class AttemptStore implements HostStore {
  /** latest state per key in this attempt: entity, or null when removed */
  private readonly latest = new Map<string, EntityData | null>();
  private readonly ops: Op[] = [];

  constructor(
    private readonly base: HostStore,
    private readonly schema?: SchemaModel,
  ) {}

  private key(type: string, id: string): string {
    return type + '\u0000' + id;
  }

  get(type: string, id: string): EntityData | null {
    const k = this.key(type, id);
    const e = this.latest.get(k);
    if (e !== undefined) return e; // shared, never mutated (see MemoryStore)
    return this.base.get(type, id);
  }
  getInBlock(type: string, id: string): EntityData | null {
    const k = this.key(type, id);
    const e = this.latest.get(k);
    if (e !== undefined) return e;
    return this.base.getInBlock(type, id);
  }
  set(type: string, id: string, data: EntityData): void {
    // the host already merged the update into the previous version (see store.set)
    this.latest.set(this.key(type, id), data);
    this.ops.push({ kind: 'set', type, id, data });
  }
  remove(type: string, id: string): void {
    this.latest.set(this.key(type, id), null);
    this.ops.push({ kind: 'remove', type, id });
  }
  loadRelated(type: string, id: string, field: string): EntityData[] {
    const fromBase = this.base.loadRelated(type, id, field);
    if (this.latest.size === 0) return fromBase;
    // Merge this attempt's writes: needs the schema to know which type/field the list derives from.
    const def = this.schema?.entities.get(type)?.field(field);
    if (!def?.derivedFrom) return fromBase;
    const relType = def.type,
      relField = def.derivedFrom;
    const out = new Map<string, EntityData>();
    for (const e of fromBase) out.set(idOf(e), e);
    for (const [k, e] of this.latest) {
      const [t, eid] = k.split('\u0000') as [string, string];
      if (t !== relType) continue;
      out.delete(eid);
      if (e && refersTo(e.get(relField), id)) out.set(eid, e);
    }
    return [...out.values()];
  }

  /** Apply this attempt's writes to the base store, in the order the mapping made them. */
  commit(): void {
    for (const op of this.ops) {
      if (op.kind === 'set') this.base.set(op.type, op.id, op.data);
      else this.base.remove(op.type, op.id);
    }
    this.ops.length = 0;
    this.latest.clear();
  }
}

function idOf(e: EntityData): string {
  const v = e.get('id');
  if (!v) return '';
  if (v.kind === 'Bytes') return '0x' + Buffer.from(v.value).toString('hex');
  return 'value' in v ? String(v.value) : '';
}

function refersTo(v: import('../internal/types.ts').StoreValue | undefined, id: string): boolean {
  if (!v) return false;
  if (v.kind === 'Array') return v.value.some((x) => refersTo(x, id));
  if (v.kind === 'Bytes') return '0x' + Buffer.from(v.value).toString('hex') === id.toLowerCase();
  if (v.kind === 'String') return v.value === id;
  if (v.kind === 'Int8') return String(v.value) === id;
  return false;
}

export function cloneEntity(e: EntityData | null): EntityData | null {
  return e ? new Map(e) : null;
}
