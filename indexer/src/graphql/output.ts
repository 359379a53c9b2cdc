// Column values as graph-node puts them on the wire: Bytes as lowercase 0x-hex, Int as a JSON
// number, BigDecimal without trailing zeros, BigInt / Int8 / Timestamp as decimal strings.
// The drivers return rows in their own types (Uint8Array or text for bytea, 't' for booleans).
import type { Column } from '../store/index.ts';
import { toHex } from '../store/codec.ts';

/** `1.500` → `1.5`, `2.000` → `2`, `-0.0` → `0`; exponent forms are left as they are. */
function normDecimal(s: string): string {
  if (!s.includes('.') || /e/i.test(s)) return s;
  const t = s.replace(/0+$/, '').replace(/\.$/, '');
  return t === '-0' ? '0' : t;
}

function outScalar(raw: unknown, c: Column): unknown {
  if (raw === null || raw === undefined) return null;
  switch (c.valueKind) {
    case 'Bytes': {
      if (raw instanceof Uint8Array) return toHex(raw);
      return toHex(new Uint8Array(Buffer.from(String(raw).slice(2), 'hex')));
    }
    case 'Int':
      return Number(raw);
    case 'Bool':
      return raw === true || raw === 't';
    case 'BigDecimal':
      return normDecimal(String(raw));
    default:
      return String(raw);
  }
}

/** A raw column value (scalar or list) → its API value. */
export function outValue(raw: unknown, c: Column): unknown {
  if (raw === null || raw === undefined) return null;
  return c.list ? (raw as unknown[]).map((x) => outScalar(x, c)) : outScalar(raw, c);
}

/** Id of a row as the API string (Bytes → 0x-hex), for map keys. */
export const idKey = (raw: unknown, c: Column) => String(outScalar(raw, c));
