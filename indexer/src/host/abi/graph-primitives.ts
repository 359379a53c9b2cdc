// graph-ts's primitive objects in WASM memory: strings, Bytes, BigInt, BigDecimal, string
// arrays, the tagged { kind, data } cell that store, ethereum, JSON and YAML values share, the
// JSONValue / YAMLValue trees and Result wrappers. GraphAbi (graph.ts) builds store and ethereum
// values and the triggers on top of these.
import type { Hex } from '../../internal/types.ts';
import { AbiError, AscMemory, TypeId } from './memory.ts';
import {
  BIGINT_MAX_SAFE_BYTES,
  checkBigInt,
  readSignedLE,
  signedLEScratch,
} from '../semantics/bigint.ts';
import {
  checkExp,
  normalize,
  fromString as decFromString,
  type Dec,
} from '../semantics/bigdecimal.ts';
import { hexToBytes } from '../semantics/conversion.ts';
import type { JsonNode } from '../semantics/json.ts';
import type { YamlNode } from '../semantics/yaml.ts';

export const JsonKind = { NULL: 0, BOOL: 1, NUMBER: 2, STRING: 3, ARRAY: 4, OBJECT: 5 } as const;
export const YamlKind = {
  NULL: 0,
  BOOL: 1,
  NUMBER: 2,
  STRING: 3,
  ARRAY: 4,
  OBJECT: 5,
  TAGGED: 6,
} as const;

export class GraphPrimitives {
  /** field-name strings already written during this trigger: AS strings are immutable, so
   * entities can share them (fewer allocations for every store.get) */
  private keys = new Map<string, number>();

  constructor(readonly m: AscMemory) {}

  /** Forget everything allocated (the instance's memory was reset). */
  reset(): void {
    this.keys.clear();
  }

  protected key(s: string): number {
    let p = this.keys.get(s);
    if (p === undefined) {
      p = this.newStr(s);
      this.keys.set(s, p);
    }
    return p;
  }

  // ---- primitives ----
  str(ptr: number): string {
    return this.m.readString(ptr);
  }
  newStr(s: string): number {
    return this.m.writeString(s);
  }
  bytes(ptr: number): Uint8Array {
    return this.m.readTypedBytes(ptr);
  }
  newBytes(b: Uint8Array): number {
    return this.m.writeTypedBytes(b, TypeId.Uint8Array);
  }
  /** start and length of a Uint8Array-based object's bytes, bounds-checked */
  protected span(ptr: number): number {
    if (ptr === 0) throw new AbiError('null pointer where bytes were expected');
    const m = this.m;
    m.sync();
    const start = m.dv.getUint32(ptr + 4, true);
    const n = m.dv.getInt32(ptr + 8, true);
    if (n < 0 || start + n > m.u8.length)
      throw new AbiError(`bytes at ${ptr} lie outside memory (${start}+${n})`);
    this.spanLength = n;
    return start;
  }
  private spanLength = 0;
  hex(ptr: number): Hex {
    const start = this.span(ptr);
    return ('0x' + this.m.buf.toString('hex', start, start + this.spanLength)) as Hex;
  }
  /** Bytes from a 0x-hex string, decoded natively straight into WASM memory. */
  newHex(h: string): number {
    const digits = h.length - (h.startsWith('0x') ? 2 : 0);
    if (digits & 1) return this.newBytes(hexToBytes(h));
    const n = digits >> 1;
    const m = this.m;
    const buffer = m.alloc(n, TypeId.ArrayBuffer);
    const written =
      n === 0 ? 0 : m.buf.write(digits === h.length ? h : h.slice(2), buffer, n, 'hex');
    return m.typedHeader(buffer, written, TypeId.Uint8Array);
  }
  /** A BigInt read from memory, size-checked as graph-node's `from_signed_bytes_le` does. */
  bigInt(ptr: number): bigint {
    const start = this.span(ptr);
    const v = readSignedLE(this.m.u8, this.m.dv, start, this.spanLength);
    return this.spanLength > BIGINT_MAX_SAFE_BYTES ? checkBigInt(v) : v;
  }
  newBigInt(v: bigint): number {
    const le = signedLEScratch(v);
    const m = this.m;
    const buffer = m.alloc(le.length, TypeId.ArrayBuffer);
    m.u8.set(le, buffer);
    return m.typedHeader(buffer, le.length, TypeId.Uint8Array);
  }
  optBigInt(v: bigint | null): number {
    return v === null ? 0 : this.newBigInt(v);
  }
  optHex(h: string | null): number {
    return h === null ? 0 : this.newHex(h);
  }

  /** BigDecimal { digits: BigInt, exp: BigInt }; graph-node normalizes and range-checks on read. */
  bigDecimal(ptr: number): Dec {
    const digits = this.bigInt(this.m.u32(ptr));
    const exp = this.bigInt(this.m.u32(ptr + 4));
    return checkExp(normalize({ digits, exp }));
  }
  newBigDecimal(d: Dec): number {
    const digits = this.newBigInt(d.digits);
    const exp = this.newBigInt(d.exp);
    return this.m.writePair(digits, exp, TypeId.BigDecimal);
  }
  /** A store BigDecimal (canonical string) as graph-ts BigDecimal; parses are memoized. */
  protected newBigDecimalText(text: string): number {
    let d = this.decimals.get(text);
    if (d === undefined) {
      if (this.decimals.size >= 65536) this.decimals.clear();
      d = decFromString(text);
      this.decimals.set(text, d);
    }
    return this.newBigDecimal(d);
  }
  private readonly decimals = new Map<string, Dec>();

  stringArray(ptr: number): string[] {
    return this.m.readPtrArray(ptr).map((p) => this.str(p));
  }
  newStringArray(xs: string[]): number {
    return this.m.writePtrArray(
      xs.map((s) => this.newStr(s)),
      TypeId.ArrayString,
    );
  }

  /** A tagged { kind: i32, data: u64 } object (store Value, ethereum.Value, JSONValue, YAMLValue). */
  protected tagged(kind: number, data: number, typeId: number): number {
    const ptr = this.m.alloc(16, typeId);
    const i32 = this.m.i32;
    const at = ptr >>> 2;
    i32[at] = kind;
    i32[at + 1] = 0;
    i32[at + 2] = data;
    i32[at + 3] = 0;
    return ptr;
  }
  /** tagged value whose payload is a full 64-bit integer (Int8, Timestamp) */
  protected tagged64(kind: number, data: bigint, typeId: number): number {
    const ptr = this.m.alloc(16, typeId);
    this.m.i32[ptr >>> 2] = kind;
    this.m.i32[(ptr >>> 2) + 1] = 0;
    this.m.dv.setBigUint64(ptr + 8, BigInt.asUintN(64, data), true);
    return ptr;
  }
  protected kindAt(ptr: number): number {
    this.m.sync();
    return this.m.i32At(ptr);
  }
  protected dataPtr(ptr: number): number {
    return this.m.u32(ptr + 8);
  }

  // ---- JSONValue / YAMLValue ----
  newJson(v: JsonNode): number {
    const T = TypeId.JsonValue;
    switch (v.kind) {
      case 'null':
        return this.tagged(JsonKind.NULL, 0, T);
      case 'bool':
        return this.tagged(JsonKind.BOOL, v.value ? 1 : 0, T);
      case 'number':
        return this.tagged(JsonKind.NUMBER, this.newStr(v.text), T);
      case 'string':
        return this.tagged(JsonKind.STRING, this.newStr(v.value), T);
      case 'array':
        return this.tagged(
          JsonKind.ARRAY,
          this.m.writePtrArray(
            v.items.map((x) => this.newJson(x)),
            TypeId.ArrayJsonValue,
          ),
          T,
        );
      case 'object': {
        const entries = v.entries.map(([k, x]) =>
          this.m.writeStruct(
            [this.newStr(k), this.newJson(x)],
            TypeId.TypedMapEntryStringJsonValue,
          ),
        );
        const arr = this.m.writePtrArray(entries, TypeId.ArrayTypedMapEntryStringJsonValue);
        return this.tagged(
          JsonKind.OBJECT,
          this.m.writeStruct([arr], TypeId.TypedMapStringJsonValue),
          T,
        );
      }
    }
  }
  newYaml(v: YamlNode): number {
    const T = TypeId.YamlValue;
    switch (v.kind) {
      case 'null':
        return this.tagged(YamlKind.NULL, 0, T);
      case 'bool':
        return this.tagged(YamlKind.BOOL, v.value ? 1 : 0, T);
      case 'number':
        return this.tagged(YamlKind.NUMBER, this.newStr(v.text), T);
      case 'string':
        return this.tagged(YamlKind.STRING, this.newStr(v.value), T);
      case 'array':
        return this.tagged(
          YamlKind.ARRAY,
          this.m.writePtrArray(
            v.items.map((x) => this.newYaml(x)),
            TypeId.YamlArrayValue,
          ),
          T,
        );
      case 'object': {
        const entries = v.entries.map(([k, x]) =>
          this.m.writeStruct(
            [this.newYaml(k), this.newYaml(x)],
            TypeId.YamlTypedMapEntryValueValue,
          ),
        );
        const arr = this.m.writePtrArray(entries, TypeId.YamlArrayTypedMapEntryValueValue);
        return this.tagged(
          YamlKind.OBJECT,
          this.m.writeStruct([arr], TypeId.YamlTypedMapValueValue),
          T,
        );
      }
      case 'tagged':
        return this.tagged(
          YamlKind.TAGGED,
          this.m.writeStruct([this.newStr(v.tag), this.newYaml(v.value)], TypeId.YamlTaggedValue),
          T,
        );
    }
  }

  /** Result<V, bool> { _value: Wrapped<V> | null, _error: Wrapped<bool> | null }. */
  newResult(valuePtr: number | null, resultTypeId: number, wrappedTypeId: number): number {
    if (valuePtr !== null) {
      const w = this.m.writeStruct([valuePtr], wrappedTypeId);
      return this.m.writeStruct([w, 0], resultTypeId);
    }
    const w = this.m.alloc(1, TypeId.WrappedBool);
    this.m.bytes[w] = 1;
    return this.m.writeStruct([0, w], resultTypeId);
  }
  newWrappedBool(b: boolean): number {
    const w = this.m.alloc(1, TypeId.WrappedBool);
    this.m.bytes[w] = b ? 1 : 0;
    return w;
  }
}
