// Memory ABI of AssemblyScript 0.19's stub runtime, as graph-cli compiles mappings
// (`--runtime stub --exportRuntime`). Knows object layout only — no graph-ts semantics.
//
// Object layout: a 20-byte header precedes every managed object:
//   ptr-20 mmInfo | ptr-16 gcInfo | ptr-12 gcInfo2 | ptr-8 rtId | ptr-4 rtSize
// String       payload = UTF-16LE code units, rtSize = byte length
// ArrayBuffer  payload = bytes, rtSize = byte length
// TypedArray   { buffer: ptr, dataStart: usize, byteLength: i32 }            (12 bytes)
// Array<T>     { buffer: ptr, dataStart: usize, byteLength: i32, length: i32 } (16 bytes)
// The stub runtime never frees, so nothing we allocate needs pinning.
import { DeterministicError } from '../../internal/errors.ts';

/** graph-ts `TypeId` discriminants (global/global.ts), resolved to rtIds by `id_of_type`. */
export const TypeId = {
  String: 0, ArrayBuffer: 1, Int8Array: 2, Int16Array: 3, Int32Array: 4, Int64Array: 5,
  Uint8Array: 6, Uint16Array: 7, Uint32Array: 8, Uint64Array: 9, Float32Array: 10, Float64Array: 11,
  BigDecimal: 12, ArrayBool: 13, ArrayUint8Array: 14, ArrayEthereumValue: 15, ArrayStoreValue: 16,
  ArrayJsonValue: 17, ArrayString: 18, ArrayEventParam: 19, ArrayTypedMapEntryStringJsonValue: 20,
  ArrayTypedMapEntryStringStoreValue: 21, SmartContractCall: 22, EventParam: 23,
  EthereumTransaction: 24, EthereumBlock: 25, EthereumCall: 26, WrappedTypedMapStringJsonValue: 27,
  WrappedBool: 28, WrappedJsonValue: 29, EthereumValue: 30, StoreValue: 31, JsonValue: 32,
  EthereumEvent: 33, TypedMapEntryStringStoreValue: 34, TypedMapEntryStringJsonValue: 35,
  TypedMapStringStoreValue: 36, TypedMapStringJsonValue: 37, TypedMapStringTypedMapStringJsonValue: 38,
  ResultTypedMapStringJsonValueBool: 39, ResultJsonValueBool: 40, ArrayU8: 41, ArrayU16: 42,
  ArrayU32: 43, ArrayU64: 44, ArrayI8: 45, ArrayI16: 46, ArrayI32: 47, ArrayI64: 48, ArrayF32: 49,
  ArrayF64: 50, ArrayBigDecimal: 51,
  TransactionReceipt: 1000, Log: 1001, ArrayH256: 1002, ArrayLog: 1003,
  YamlValue: 5500, YamlTaggedValue: 5501, YamlTypedMapEntryValueValue: 5502,
  YamlTypedMapValueValue: 5503, YamlArrayValue: 5504, YamlArrayTypedMapEntryValueValue: 5505,
  YamlWrappedValue: 5506, YamlResultValueBool: 5507,
} as const;
export type TypeIdName = keyof typeof TypeId;

export interface AscExports {
  memory: WebAssembly.Memory;
  __new?: (size: number, id: number) => number;
  allocate?: (size: number) => number;
  id_of_type?: (typeId: number) => number;
}

const utf16 = new TextDecoder('utf-16le');

/** A malformed value handed over by the mapping (null/invalid pointer, unknown kind): the
 * handler fails deterministically, as graph-node fails it. */
export class AbiError extends DeterministicError {}

export class AscMemory {
  private buf: ArrayBuffer;
  private u8!: Uint8Array;
  private dv!: DataView;
  constructor(private readonly exports: AscExports, private readonly rtIds = new Map<number, number>()) {
    this.buf = exports.memory.buffer;
    this.refresh();
  }

  /** Views detach when wasm grows memory (any call into wasm may do so): re-check cheaply. */
  private refresh(): void {
    // growing memory detaches the old ArrayBuffer (byteLength → 0): only then re-read it
    if (this.u8 && this.u8.byteLength !== 0) return;
    const b = this.exports.memory.buffer;
    this.buf = b;
    this.u8 = new Uint8Array(b);
    this.dv = new DataView(b);
  }
  get bytes(): Uint8Array { this.refresh(); return this.u8; }
  get view(): DataView { this.refresh(); return this.dv; }

  rtIdOf(typeId: number): number {
    let id = this.rtIds.get(typeId);
    if (id === undefined) {
      if (!this.exports.id_of_type) throw new AbiError('WASM module does not export id_of_type (not built with graph-ts global entry)');
      id = this.exports.id_of_type(typeId) >>> 0;
      this.rtIds.set(typeId, id);
    }
    return id;
  }

  /** Allocate a managed object with the header graph-node writes (rtId from id_of_type). */
  alloc(size: number, typeId: number): number {
    const rtId = this.rtIdOf(typeId);
    if (this.exports.__new) return this.exports.__new(size, rtId) >>> 0;
    if (!this.exports.allocate) throw new AbiError('WASM module exports neither __new nor allocate');
    // `allocate` is the raw block allocator: write the 16-byte GC header ourselves.
    const block = this.exports.allocate(size + 16) >>> 0;
    const dv = this.view;
    dv.setUint32(block, 0, true); dv.setUint32(block + 4, 0, true);
    dv.setUint32(block + 8, rtId, true); dv.setUint32(block + 12, size, true);
    return block + 16;
  }

  rtId(ptr: number): number { return this.view.getUint32(ptr - 8, true); }
  rtSize(ptr: number): number { return this.view.getUint32(ptr - 4, true); }

  u32(ptr: number): number { return this.view.getUint32(ptr, true); }
  i32(ptr: number): number { return this.view.getInt32(ptr, true); }
  i64(ptr: number): bigint { return this.view.getBigInt64(ptr, true); }
  u64(ptr: number): bigint { return this.view.getBigUint64(ptr, true); }
  setU32(ptr: number, v: number): void { this.view.setUint32(ptr, v >>> 0, true); }
  setI32(ptr: number, v: number): void { this.view.setInt32(ptr, v | 0, true); }
  setI64(ptr: number, v: bigint): void { this.view.setBigInt64(ptr, BigInt.asIntN(64, v), true); }
  setU64(ptr: number, v: bigint): void { this.view.setBigUint64(ptr, BigInt.asUintN(64, v), true); }

  // --- strings ---
  readString(ptr: number): string {
    if (ptr === 0) throw new AbiError('null pointer where a string was expected');
    const len = this.rtSize(ptr);
    if (len <= 64) { // short strings (field names, ids): cheaper than a TextDecoder call
      const dv = this.view;
      let s = '';
      for (let i = 0; i < len; i += 2) s += String.fromCharCode(dv.getUint16(ptr + i, true));
      return s;
    }
    return utf16.decode(this.bytes.subarray(ptr, ptr + len));
  }
  writeString(s: string): number {
    const ptr = this.alloc(s.length * 2, TypeId.String);
    if (s.length > 24) {
      this.bytes.set(Buffer.from(s, 'utf16le'), ptr); // native UTF-16LE encoding
      return ptr;
    }
    const dv = this.view;
    for (let i = 0; i < s.length; i++) dv.setUint16(ptr + 2 * i, s.charCodeAt(i), true);
    return ptr;
  }

  // --- ArrayBuffer / typed arrays ---
  writeArrayBuffer(data: Uint8Array): number {
    const ptr = this.alloc(data.length, TypeId.ArrayBuffer);
    this.bytes.set(data, ptr);
    return ptr;
  }
  readArrayBuffer(ptr: number): Uint8Array {
    return this.bytes.slice(ptr, ptr + this.rtSize(ptr));
  }
  /** Uint8Array-based view (Bytes, Address, BigInt, ByteArray). Returns a copy. */
  readTypedBytes(ptr: number): Uint8Array {
    if (ptr === 0) throw new AbiError('null pointer where bytes were expected');
    const start = this.u32(ptr + 4);
    const len = this.i32(ptr + 8);
    return this.bytes.slice(start, start + len);
  }
  writeTypedBytes(data: Uint8Array, typeId: number = TypeId.Uint8Array): number {
    const buffer = this.writeArrayBuffer(data);
    const ptr = this.alloc(12, typeId);
    this.setU32(ptr, buffer); this.setU32(ptr + 4, buffer); this.setI32(ptr + 8, data.length);
    return ptr;
  }

  // --- Array<T> ---
  arrayLength(ptr: number): number { return this.i32(ptr + 12); }
  /** Elements of an Array of references (pointers, 4 bytes each). */
  readPtrArray(ptr: number): number[] {
    const start = this.u32(ptr + 4);
    const n = this.arrayLength(ptr);
    const out = new Array<number>(n);
    const dv = this.view;
    for (let i = 0; i < n; i++) out[i] = dv.getUint32(start + 4 * i, true);
    return out;
  }
  writePtrArray(ptrs: number[], typeId: number): number {
    const buffer = this.alloc(ptrs.length * 4, TypeId.ArrayBuffer);
    const dv = this.view;
    for (let i = 0; i < ptrs.length; i++) dv.setUint32(buffer + 4 * i, ptrs[i]!, true);
    return this.arrayHeader(buffer, ptrs.length * 4, ptrs.length, typeId);
  }
  /** Array<bool>/Array<u8>-style arrays with 1-byte elements. */
  readByteArray(ptr: number): Uint8Array {
    const start = this.u32(ptr + 4);
    return this.bytes.slice(start, start + this.arrayLength(ptr));
  }
  writeByteArray(values: Uint8Array, typeId: number): number {
    const buffer = this.writeArrayBuffer(values);
    return this.arrayHeader(buffer, values.length, values.length, typeId);
  }
  private arrayHeader(buffer: number, byteLength: number, length: number, typeId: number): number {
    const ptr = this.alloc(16, typeId);
    this.setU32(ptr, buffer); this.setU32(ptr + 4, buffer);
    this.setI32(ptr + 8, byteLength); this.setI32(ptr + 12, length);
    return ptr;
  }

  /** A plain class instance whose fields are all 4-byte pointers/ints, in declaration order. */
  writeStruct(fields: number[], typeId: number): number {
    const ptr = this.alloc(fields.length * 4, typeId);
    const dv = this.view;
    for (let i = 0; i < fields.length; i++) dv.setUint32(ptr + 4 * i, fields[i]! >>> 0, true);
    return ptr;
  }
}
