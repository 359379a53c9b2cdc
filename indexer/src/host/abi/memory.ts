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
  String: 0,
  ArrayBuffer: 1,
  Int8Array: 2,
  Int16Array: 3,
  Int32Array: 4,
  Int64Array: 5,
  Uint8Array: 6,
  Uint16Array: 7,
  Uint32Array: 8,
  Uint64Array: 9,
  Float32Array: 10,
  Float64Array: 11,
  BigDecimal: 12,
  ArrayBool: 13,
  ArrayUint8Array: 14,
  ArrayEthereumValue: 15,
  ArrayStoreValue: 16,
  ArrayJsonValue: 17,
  ArrayString: 18,
  ArrayEventParam: 19,
  ArrayTypedMapEntryStringJsonValue: 20,
  ArrayTypedMapEntryStringStoreValue: 21,
  SmartContractCall: 22,
  EventParam: 23,
  EthereumTransaction: 24,
  EthereumBlock: 25,
  EthereumCall: 26,
  WrappedTypedMapStringJsonValue: 27,
  WrappedBool: 28,
  WrappedJsonValue: 29,
  EthereumValue: 30,
  StoreValue: 31,
  JsonValue: 32,
  EthereumEvent: 33,
  TypedMapEntryStringStoreValue: 34,
  TypedMapEntryStringJsonValue: 35,
  TypedMapStringStoreValue: 36,
  TypedMapStringJsonValue: 37,
  TypedMapStringTypedMapStringJsonValue: 38,
  ResultTypedMapStringJsonValueBool: 39,
  ResultJsonValueBool: 40,
  ArrayU8: 41,
  ArrayU16: 42,
  ArrayU32: 43,
  ArrayU64: 44,
  ArrayI8: 45,
  ArrayI16: 46,
  ArrayI32: 47,
  ArrayI64: 48,
  ArrayF32: 49,
  ArrayF64: 50,
  ArrayBigDecimal: 51,
  TransactionReceipt: 1000,
  Log: 1001,
  ArrayH256: 1002,
  ArrayLog: 1003,
  YamlValue: 5500,
  YamlTaggedValue: 5501,
  YamlTypedMapEntryValueValue: 5502,
  YamlTypedMapValueValue: 5503,
  YamlArrayValue: 5504,
  YamlArrayTypedMapEntryValueValue: 5505,
  YamlWrappedValue: 5506,
  YamlResultValueBool: 5507,
} as const;
export type TypeIdName = keyof typeof TypeId;

export interface AscExports {
  memory: WebAssembly.Memory;
  __new?: (size: number, id: number) => number;
  allocate?: (size: number) => number;
  id_of_type?: (typeId: number) => number;
}

/** A malformed value handed over by the mapping (null/invalid pointer, unknown kind): the
 * handler fails deterministically, as graph-node fails it. */
export class AbiError extends DeterministicError {}

/** The stub runtime's bump allocator (`~lib/rt/stub`), run from JS: `__new` without a call
 * into WASM. `offset` is the runtime's mutable global, found once per module by `probe`. */
const BLOCK_OVERHEAD = 4;
const OBJECT_OVERHEAD = 16;
const AL_MASK = 15;
const OBJECT_MAXSIZE = (1 << 30) - BLOCK_OVERHEAD - OBJECT_OVERHEAD;

export class AscMemory {
  /** Views over the current memory.buffer; `sync()` renews them after memory grew. */
  u8!: Uint8Array;
  dv!: DataView;
  i32!: Int32Array;
  u16!: Uint16Array;
  /** Buffer over the same bytes, for native hex / UTF-16 reads and writes */
  buf!: Buffer;
  /** the stub allocator's `offset` global, when the module's runtime is the stub */
  private offset: WebAssembly.Global | null = null;
  /** Inside a host function (`enter()` … `flush()`) the offset lives in `top` (−1: not read
   * yet) and goes back to the global once, at the end; outside, each allocation reads and
   * writes the global itself. */
  private batching = false;
  private top = -1;
  private topDirty = false;

  constructor(
    private readonly exports: AscExports,
    private readonly rtIds = new Map<number, number>(),
    offsetGlobal?: WebAssembly.Global | null,
  ) {
    this.offset = offsetGlobal ?? null;
    this.renew();
  }

  private renew(): void {
    const b = this.exports.memory.buffer;
    this.u8 = new Uint8Array(b);
    this.dv = new DataView(b);
    this.i32 = new Int32Array(b);
    this.u16 = new Uint16Array(b);
    this.buf = Buffer.from(b);
  }
  /** Growing memory detaches the old ArrayBuffer (byteLength 0): renew the views only then.
   * Call after anything that may have run WASM code (the host functions do on entry). */
  sync(): void {
    if (this.u8.byteLength === 0) this.renew();
  }
  /** Hands the allocation offset back to the WASM code: every host function ends with it,
   * and host code that writes objects before calling into WASM calls it first. */
  flush(): void {
    if (this.topDirty) {
      this.offset!.value = this.top;
      this.topDirty = false;
    }
    this.top = -1;
    this.batching = false;
  }
  enter(): void {
    this.batching = this.offset !== null;
  }
  /** Forgets a pending offset (the instance's globals were just restored). */
  discardTop(): void {
    this.top = -1;
    this.topDirty = false;
    this.batching = false;
  }
  get bytes(): Uint8Array {
    this.sync();
    return this.u8;
  }
  get view(): DataView {
    this.sync();
    return this.dv;
  }

  rtIdOf(typeId: number): number {
    let id = this.rtIds.get(typeId);
    if (id === undefined) {
      if (!this.exports.id_of_type)
        throw new AbiError(
          'WASM module does not export id_of_type (not built with graph-ts global entry)',
        );
      id = this.exports.id_of_type(typeId) >>> 0;
      this.sync();
      this.rtIds.set(typeId, id);
    }
    return id;
  }

  /** Allocate a managed object with the header graph-node writes (rtId from id_of_type). */
  alloc(size: number, typeId: number): number {
    const rtId = this.rtIdOf(typeId);
    if (this.offset) return this.stubNew(size, rtId);
    if (this.exports.__new) {
      const p = this.exports.__new(size, rtId) >>> 0;
      this.sync();
      return p;
    }
    if (!this.exports.allocate)
      throw new AbiError('WASM module exports neither __new nor allocate');
    // `allocate` is the raw block allocator: write the 16-byte GC header ourselves.
    const block = this.exports.allocate(size + 16) >>> 0;
    this.sync();
    const i32 = this.i32;
    i32[block >>> 2] = 0;
    i32[(block + 4) >>> 2] = 0;
    i32[(block + 8) >>> 2] = rtId;
    i32[(block + 12) >>> 2] = size;
    return block + 16;
  }

  /** `__new` of ~lib/rt/stub (AssemblyScript 0.19): the same block layout, mmInfo, header
   * and memory growth (double, else what is needed), so memory ends up byte-for-byte as if
   * the WASM function had run. */
  private stubNew(size: number, rtId: number): number {
    if (size > OBJECT_MAXSIZE) throw new AbiError(`allocation of ${size} bytes is too large`);
    let block = this.top;
    if (block < 0) block = this.offset!.value as number;
    const ptr = block + BLOCK_OVERHEAD;
    const payload =
      ((OBJECT_OVERHEAD + size + BLOCK_OVERHEAD + AL_MASK) & ~AL_MASK) - BLOCK_OVERHEAD;
    const end = ptr + payload;
    if (end > this.u8.length) this.grow(end);
    if (this.batching) {
      this.top = end;
      this.topDirty = true;
    } else this.offset!.value = end;
    const i32 = this.i32;
    i32[block >>> 2] = payload;
    i32[ptr >>> 2] = 0;
    i32[(ptr + 4) >>> 2] = 0;
    i32[(ptr + 8) >>> 2] = rtId;
    i32[(ptr + 12) >>> 2] = size;
    return ptr + OBJECT_OVERHEAD;
  }
  private grow(end: number): void {
    const memory = this.exports.memory;
    const before = memory.buffer.byteLength >>> 16;
    const needed = ((end - (before << 16) + 0xffff) & ~0xffff) >>> 16;
    try {
      memory.grow(Math.max(before, needed));
    } catch {
      try {
        memory.grow(needed);
      } catch {
        throw new WebAssembly.RuntimeError('unreachable (out of memory)');
      }
    }
    this.renew();
  }

  rtId(ptr: number): number {
    return this.view.getUint32(ptr - 8, true);
  }
  rtSize(ptr: number): number {
    return this.view.getUint32(ptr - 4, true);
  }

  u32(ptr: number): number {
    return this.dv.getUint32(ptr, true);
  }
  i32At(ptr: number): number {
    return this.dv.getInt32(ptr, true);
  }
  i64(ptr: number): bigint {
    return this.dv.getBigInt64(ptr, true);
  }
  u64(ptr: number): bigint {
    return this.dv.getBigUint64(ptr, true);
  }
  setU32(ptr: number, v: number): void {
    this.dv.setUint32(ptr, v >>> 0, true);
  }
  setI32(ptr: number, v: number): void {
    this.dv.setInt32(ptr, v | 0, true);
  }
  setI64(ptr: number, v: bigint): void {
    this.dv.setBigInt64(ptr, BigInt.asIntN(64, v), true);
  }
  setU64(ptr: number, v: bigint): void {
    this.dv.setBigUint64(ptr, BigInt.asUintN(64, v), true);
  }

  // --- strings ---
  readString(ptr: number): string {
    if (ptr === 0) throw new AbiError('null pointer where a string was expected');
    const len = this.dv.getUint32(ptr - 4, true);
    if (len <= 64) {
      // short strings (field names, ids): cheaper than a native decode call
      const u16 = this.u16;
      const at = ptr >>> 1;
      let s = '';
      for (let i = 0; i < len >>> 1; i++) s += String.fromCharCode(u16[at + i]!);
      return s;
    }
    return this.buf.toString('utf16le', ptr, ptr + (len & ~1));
  }
  writeString(s: string): number {
    const ptr = this.alloc(s.length * 2, TypeId.String);
    if (s.length > 32) {
      this.buf.write(s, ptr, s.length * 2, 'utf16le'); // native UTF-16LE encoding
      return ptr;
    }
    const u16 = this.u16;
    const at = ptr >>> 1;
    for (let i = 0; i < s.length; i++) u16[at + i] = s.charCodeAt(i);
    return ptr;
  }

  // --- ArrayBuffer / typed arrays ---
  writeArrayBuffer(data: Uint8Array): number {
    const ptr = this.alloc(data.length, TypeId.ArrayBuffer);
    this.u8.set(data, ptr);
    return ptr;
  }
  readArrayBuffer(ptr: number): Uint8Array {
    this.sync();
    return this.u8.slice(ptr, ptr + this.rtSize(ptr));
  }
  /** Uint8Array-based view (Bytes, Address, BigInt, ByteArray). Returns a copy. */
  readTypedBytes(ptr: number): Uint8Array {
    if (ptr === 0) throw new AbiError('null pointer where bytes were expected');
    this.sync();
    const start = this.dv.getUint32(ptr + 4, true);
    const len = this.dv.getInt32(ptr + 8, true);
    return this.u8.slice(start, start + len);
  }
  /** A Uint8Array-based object whose bytes are written in place by `fill(at)` (no copy). */
  writeTypedWith(
    length: number,
    typeId: number,
    fill: (u8: Uint8Array, at: number) => void,
  ): number {
    const buffer = this.alloc(length, TypeId.ArrayBuffer);
    fill(this.u8, buffer);
    return this.typedHeader(buffer, length, typeId);
  }
  writeTypedBytes(data: Uint8Array, typeId: number = TypeId.Uint8Array): number {
    const buffer = this.alloc(data.length, TypeId.ArrayBuffer);
    this.u8.set(data, buffer);
    return this.typedHeader(buffer, data.length, typeId);
  }
  typedHeader(buffer: number, length: number, typeId: number): number {
    const ptr = this.alloc(12, typeId);
    const i32 = this.i32;
    const at = ptr >>> 2;
    i32[at] = buffer;
    i32[at + 1] = buffer;
    i32[at + 2] = length;
    return ptr;
  }

  // --- Array<T> ---
  arrayLength(ptr: number): number {
    return this.dv.getInt32(ptr + 12, true);
  }
  /** Elements of an Array of references (pointers, 4 bytes each). */
  readPtrArray(ptr: number): number[] {
    this.sync();
    const dv = this.dv;
    const start = dv.getUint32(ptr + 4, true);
    const n = dv.getInt32(ptr + 12, true);
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = dv.getUint32(start + 4 * i, true);
    return out;
  }
  writePtrArray(ptrs: number[], typeId: number): number {
    const n = ptrs.length;
    const buffer = this.alloc(n * 4, TypeId.ArrayBuffer);
    const i32 = this.i32;
    const at = buffer >>> 2;
    for (let i = 0; i < n; i++) i32[at + i] = ptrs[i]!;
    return this.arrayHeader(buffer, n * 4, n, typeId);
  }
  /** Array<bool>/Array<u8>-style arrays with 1-byte elements. */
  readByteArray(ptr: number): Uint8Array {
    this.sync();
    const start = this.u32(ptr + 4);
    return this.u8.slice(start, start + this.arrayLength(ptr));
  }
  writeByteArray(values: Uint8Array, typeId: number): number {
    const buffer = this.writeArrayBuffer(values);
    return this.arrayHeader(buffer, values.length, values.length, typeId);
  }
  arrayHeader(buffer: number, byteLength: number, length: number, typeId: number): number {
    const ptr = this.alloc(16, typeId);
    const i32 = this.i32;
    const at = ptr >>> 2;
    i32[at] = buffer;
    i32[at + 1] = buffer;
    i32[at + 2] = byteLength;
    i32[at + 3] = length;
    return ptr;
  }

  /** A plain class instance whose fields are all 4-byte pointers/ints, in declaration order. */
  writeStruct(fields: number[], typeId: number): number {
    const ptr = this.alloc(fields.length * 4, typeId);
    const i32 = this.i32;
    const at = ptr >>> 2;
    for (let i = 0; i < fields.length; i++) i32[at + i] = fields[i]!;
    return ptr;
  }
  /** Two-field struct (map entries, BigDecimal, event params) without an array. */
  writePair(a: number, b: number, typeId: number): number {
    const ptr = this.alloc(8, typeId);
    const at = ptr >>> 2;
    this.i32[at] = a;
    this.i32[at + 1] = b;
    return ptr;
  }
}

/** Finds the stub runtime's `offset` among the exported mutable globals of a started
 * instance: the one global that a `__new(24, 0)` moves from (ptr − 20) by one 48-byte block.
 * Returns its export name, or null (another runtime, or no exported globals). The probe
 * allocates, so it runs on a throwaway instance. */
export function probeStubOffset(exports: WebAssembly.Exports, prefix: string): string | null {
  const alloc = exports.__new as ((size: number, id: number) => number) | undefined;
  if (typeof alloc !== 'function') return null;
  const globals = Object.entries(exports).filter(
    ([n, v]) => n.startsWith(prefix) && v instanceof WebAssembly.Global,
  ) as [string, WebAssembly.Global][];
  const before = globals.map(([, g]) => g.value as unknown);
  const p = alloc(24, 0) >>> 0;
  const hits = globals.filter(([, g], i) => before[i] === p - 20 && g.value === p - 20 + 48);
  return hits.length === 1 ? hits[0]![0] : null;
}
