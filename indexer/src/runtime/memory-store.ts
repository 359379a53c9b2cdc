// A plain in-memory HostStore (benchmarks, tests, the matchstick runner's base). getInBlock
// answers from entities written since the last `newBlock()`. Reads return the stored Map
// itself, as the ingest EntityCache does: the host never mutates what `get` returns (store.set
// builds a new Map), so a copy per read would only feed the garbage collector.
import type { EntityData, HostStore, StoreValue } from '../internal/types.ts';
import type { SchemaModel } from '../schema/index.ts';

export class MemoryStore implements HostStore {
  readonly entities = new Map<string, Map<string, EntityData>>();
  readonly inBlock = new Map<string, Map<string, EntityData>>();
  constructor(private readonly schema?: SchemaModel) {}

  private table(m: Map<string, Map<string, EntityData>>, type: string): Map<string, EntityData> {
    let t = m.get(type);
    if (!t) m.set(type, (t = new Map()));
    return t;
  }
  get(type: string, id: string): EntityData | null {
    return this.entities.get(type)?.get(id) ?? null;
  }
  getInBlock(type: string, id: string): EntityData | null {
    return this.inBlock.get(type)?.get(id) ?? null;
  }
  set(type: string, id: string, data: EntityData): void {
    this.table(this.entities, type).set(id, data);
    this.table(this.inBlock, type).set(id, data);
  }
  remove(type: string, id: string): void {
    this.entities.get(type)?.delete(id);
    this.inBlock.get(type)?.delete(id);
  }
  loadRelated(type: string, id: string, field: string): EntityData[] {
    const def = this.schema?.entities.get(type)?.field(field);
    if (!def?.derivedFrom) return [];
    const types = this.schema!.entities.has(def.type)
      ? [def.type]
      : (this.schema!.interfaces.get(def.type)?.implementedBy ?? []);
    const out: EntityData[] = [];
    for (const t of types) {
      for (const e of this.entities.get(t)?.values() ?? [])
        if (refers(e.get(def.derivedFrom), id)) out.push(new Map(e));
    }
    return out;
  }
  newBlock(): void {
    this.inBlock.clear();
  }
  count(type: string): number {
    return this.entities.get(type)?.size ?? 0;
  }
  clear(): void {
    this.entities.clear();
    this.inBlock.clear();
  }
}

function refers(v: StoreValue | undefined, id: string): boolean {
  if (!v) return false;
  if (v.kind === 'Array') return v.value.some((x) => refers(x, id));
  if (v.kind === 'Bytes') return '0x' + Buffer.from(v.value).toString('hex') === id.toLowerCase();
  if (v.kind === 'String') return v.value === id;
  if (v.kind === 'Int8') return String(v.value) === id;
  return false;
}
