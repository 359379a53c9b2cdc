// StoreValue ⇄ Postgres. Writes go as Postgres text literals (then cast in SQL), which makes
// bulk inserts one `unnest($1::text[], …)` statement per table for both drivers. Reads accept
// whatever either driver hands back (string, number, Buffer, Uint8Array, parsed arrays).
import type { EntityData, StoreValue } from '../internal/types.ts';
import type { Column, PgScalar } from './layout.ts';

export const toHex = (b: Uint8Array) =>
  '0x' + Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
export function fromHex(s: string): Uint8Array {
  const h = s.startsWith('0x') || s.startsWith('0X') ? s.slice(2) : s;
  if (h.length % 2 || !/^[0-9a-fA-F]*$/.test(h)) throw new Error(`invalid hex string \`${s}\``);
  return new Uint8Array(Buffer.from(h, 'hex'));
}

/** One scalar to its Postgres text input form for a column of type pg. */
export function scalarText(v: StoreValue, pg: PgScalar, where: string): string | null {
  if (v.kind === 'Null') return null;
  switch (pg) {
    case 'bytea':
      if (v.kind === 'Bytes')
        return (
          '\\x' +
          Buffer.from(v.value.buffer, v.value.byteOffset, v.value.byteLength).toString('hex')
        );
      if (v.kind === 'String') return '\\x' + Buffer.from(fromHex(v.value)).toString('hex');
      break;
    case 'text':
      if (v.kind === 'String') return v.value;
      if (v.kind === 'Bytes') return toHex(v.value);
      break;
    case 'int4':
      if (v.kind === 'Int') return String(v.value);
      break;
    case 'int8':
      if (v.kind === 'Int8' || v.kind === 'Timestamp' || v.kind === 'Int' || v.kind === 'BigInt')
        return v.value.toString();
      break;
    case 'numeric':
      if (v.kind === 'BigInt' || v.kind === 'BigDecimal' || v.kind === 'Int' || v.kind === 'Int8')
        return v.value.toString();
      break;
    case 'bool':
      if (v.kind === 'Bool') return v.value ? 'true' : 'false';
      break;
  }
  throw new Error(`${where}: a ${v.kind} value cannot be stored in a ${pg} column`);
}

const arrayElem = (s: string | null) =>
  s === null ? 'NULL' : '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';

export function columnText(v: StoreValue | undefined, c: Column, where: string): string | null {
  if (v === undefined || v.kind === 'Null') return null;
  if (c.list) {
    if (v.kind !== 'Array')
      throw new Error(`${where}: field \`${c.field.name}\` is a list but got ${v.kind}`);
    return '{' + v.value.map((x) => arrayElem(scalarText(x, c.pg, where))).join(',') + '}';
  }
  return scalarText(v, c.pg, where);
}

function bytesOf(raw: unknown): Uint8Array {
  if (raw instanceof Uint8Array) return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  if (typeof raw === 'string' && raw.startsWith('\\x'))
    return new Uint8Array(Buffer.from(raw.slice(2), 'hex'));
  throw new Error(`unexpected bytea value ${String(raw)}`);
}

export function decodeScalar(raw: unknown, kind: Column['valueKind']): StoreValue {
  if (raw === null || raw === undefined) return { kind: 'Null' };
  switch (kind) {
    case 'String':
      return { kind: 'String', value: String(raw) };
    case 'Int':
      return { kind: 'Int', value: Number(raw) };
    case 'Int8':
      return { kind: 'Int8', value: BigInt(raw as string) };
    case 'Timestamp':
      return { kind: 'Timestamp', value: BigInt(raw as string) };
    case 'BigInt':
      return { kind: 'BigInt', value: BigInt(raw as string) };
    case 'BigDecimal':
      return { kind: 'BigDecimal', value: String(raw) };
    case 'Bytes':
      return { kind: 'Bytes', value: bytesOf(raw) };
    case 'Bool':
      return { kind: 'Bool', value: raw === true || raw === 't' || raw === 'true' };
  }
}

export function decodeColumn(raw: unknown, c: Column): StoreValue {
  if (raw === null || raw === undefined) return { kind: 'Null' };
  if (c.list) {
    if (!Array.isArray(raw)) throw new Error(`expected an array for ${c.name}`);
    return { kind: 'Array', value: raw.map((x) => decodeScalar(x, c.valueKind)) };
  }
  return decodeScalar(raw, c.valueKind);
}

/** A row (keyed by column name) to an entity; nulls are left out, as graph-node does. */
export function decodeEntity(row: Record<string, unknown>, columns: Column[]): EntityData {
  const e: EntityData = new Map();
  for (const c of columns) {
    const v = decodeColumn(row[c.name], c);
    if (v.kind !== 'Null') e.set(c.field.name, v);
  }
  return e;
}

/** Entity id as the API passes it (string; Bytes as 0x-hex) → text literal of the id column. */
export function idText(id: string, c: Column): string {
  if (c.pg === 'bytea') {
    const h = id.startsWith('0x') || id.startsWith('0X') ? id.slice(2) : id;
    if (h.length % 2 || !/^[0-9a-fA-F]*$/.test(h)) throw new Error(`invalid hex string \`${id}\``);
    return '\\x' + h.toLowerCase();
  }
  return id;
}

/** id column value from a row → API string form. */
export function idString(raw: unknown, c: Column): string {
  if (c.pg === 'bytea') return toHex(bytesOf(raw));
  return String(raw);
}

// Data-source records contain Maps, bigints and bytes (contexts); JSON with tags keeps them.
export function serialize(x: unknown): string {
  return JSON.stringify(x, function (this: unknown, _k, v) {
    if (typeof v === 'bigint') return { $bigint: v.toString() };
    if (v instanceof Uint8Array) return { $bytes: toHex(v) };
    if (v instanceof Map) return { $map: [...v.entries()] };
    return v;
  });
}

export function deserialize(s: string): unknown {
  return JSON.parse(s, (_k, v) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      if ('$bigint' in v) return BigInt(v.$bigint);
      if ('$bytes' in v) return fromHex(v.$bytes);
      if ('$map' in v) return new Map(v.$map);
    }
    return v;
  });
}
