// Load-time rewrites of a compiled mapping that change no behaviour but cut V8's per-instance
// work (graph-node instantiates per trigger, so this is paid per event):
// 1. Drop exported globals from a module's export section. AS exports every graph-ts enum
// member (`TypeId.String`, …, ~180 of them) as a global; V8 materialises a WebAssembly.Global
// per exported global on every instantiation, which dominated per-trigger instantiate cost.
// Nothing in the host (nor in graph-node) reads them, so removing them changes no behaviour.
// 2. Merge the active data segments (AS emits one per static string, ~200) into one segment:
// each segment is copied separately on every instantiation; fresh memory is zero, so filling
// the gaps with zeros yields identical initial memory.

function readLeb(b: Uint8Array, pos: number): [number, number] {
  let result = 0,
    shift = 0,
    byte: number;
  do {
    byte = b[pos++]!;
    result |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  return [result >>> 0, pos];
}
function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}

export function stripExportedGlobals(wasm: Uint8Array): Uint8Array {
  if (wasm[0] !== 0 || wasm[1] !== 0x61 || wasm[2] !== 0x73 || wasm[3] !== 0x6d) return wasm;
  const parts: Uint8Array[] = [wasm.subarray(0, 8)];
  let pos = 8;
  while (pos < wasm.length) {
    const id = wasm[pos]!;
    const [size, start] = readLeb(wasm, pos + 1);
    const end = start + size;
    if (id !== 7) {
      parts.push(wasm.subarray(pos, end));
      pos = end;
      continue;
    }
    let [count, p] = readLeb(wasm, start);
    const kept: number[] = [];
    let keptCount = 0;
    for (let i = 0; i < count; i++) {
      const entryStart = p;
      const [len, q] = readLeb(wasm, p);
      const kind = wasm[q + len]!;
      const [, after] = readLeb(wasm, q + len + 1);
      if (kind !== 3) {
        kept.push(...wasm.subarray(entryStart, after));
        keptCount++;
      }
      p = after;
    }
    const body = [...leb(keptCount), ...kept];
    parts.push(Uint8Array.from([7, ...leb(body.length), ...body]));
    pos = end;
  }
  const out = new Uint8Array(parts.reduce((n, x) => n + x.length, 0));
  let o = 0;
  for (const x of parts) {
    out.set(x, o);
    o += x.length;
  }
  return out;
}

function readSleb(b: Uint8Array, pos: number): [number, number] {
  let result = 0,
    shift = 0,
    byte: number;
  do {
    byte = b[pos++]!;
    result |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  if (shift < 32 && byte & 0x40) result |= ~0 << shift;
  return [result, pos];
}
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(byte & 0x40)) || (n === -1 && byte & 0x40)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** Rewrites the data section (id 11) into one segment when every segment is active, memory 0,
 * with an `i32.const` offset; returns the input unchanged otherwise. */
export function mergeDataSegments(wasm: Uint8Array): Uint8Array {
  let pos = 8;
  while (pos < wasm.length) {
    const id = wasm[pos]!;
    const [size, start] = readLeb(wasm, pos + 1);
    const end = start + size;
    if (id === 12) return wasm; // DataCount present: bulk-memory module, leave alone
    if (id !== 11) {
      pos = end;
      continue;
    }
    let [count, p] = readLeb(wasm, start);
    if (count < 2) return wasm;
    const segs: { offset: number; bytes: Uint8Array }[] = [];
    for (let i = 0; i < count; i++) {
      const [flags, q] = readLeb(wasm, p);
      if (flags !== 0 || wasm[q] !== 0x41) return wasm;
      const [offset, r] = readSleb(wasm, q + 1);
      if (wasm[r] !== 0x0b) return wasm;
      const [len, d] = readLeb(wasm, r + 1);
      segs.push({ offset, bytes: wasm.subarray(d, d + len) });
      p = d + len;
    }
    const lo = Math.min(...segs.map((x) => x.offset));
    const hi = Math.max(...segs.map((x) => x.offset + x.bytes.length));
    const merged = new Uint8Array(hi - lo);
    for (const x of segs) merged.set(x.bytes, x.offset - lo); // later segments win, as at instantiation
    const body = [...leb(1), 0, 0x41, ...sleb(lo), 0x0b, ...leb(merged.length)];
    const content = new Uint8Array(body.length + merged.length);
    content.set(body);
    content.set(merged, body.length);
    const header = Uint8Array.from([11, ...leb(content.length)]);
    const out = new Uint8Array(pos + header.length + content.length + (wasm.length - end));
    out.set(wasm.subarray(0, pos));
    out.set(header, pos);
    out.set(content, pos + header.length);
    out.set(wasm.subarray(end), pos + header.length + content.length);
    return out;
  }
  return wasm;
}

export const GLOBAL_EXPORT_PREFIX = '__cr_g';

/** 3. Export every mutable global as `__cr_g<index>` so a used instance can be reset to its
 * post-`_start` state (see HostLinker's instance reuse). Adds exports only. */
export function exportMutableGlobals(wasm: Uint8Array): Uint8Array {
  let pos = 8;
  let importedGlobals = 0;
  const mutable: number[] = [];
  let exportSec: { pos: number; end: number } | null = null;
  while (pos < wasm.length) {
    const id = wasm[pos]!;
    const [size, start] = readLeb(wasm, pos + 1);
    const end = start + size;
    if (id === 2) {
      let [n, p] = readLeb(wasm, start);
      for (let i = 0; i < n; i++) {
        let [l, q] = readLeb(wasm, p);
        q += l;
        [l, q] = readLeb(wasm, q);
        q += l;
        const kind = wasm[q++]!;
        if (kind === 0) [, q] = readLeb(wasm, q);
        else if (kind === 1) {
          q++;
          const [flags, r] = readLeb(wasm, q);
          q = r;
          [, q] = readLeb(wasm, q);
          if (flags & 1) [, q] = readLeb(wasm, q);
        } else if (kind === 2) {
          const [flags, r] = readLeb(wasm, q);
          q = r;
          [, q] = readLeb(wasm, q);
          if (flags & 1) [, q] = readLeb(wasm, q);
        } else if (kind === 3) {
          q += 2;
          importedGlobals++;
        }
        p = q;
      }
    } else if (id === 6) {
      let [n, p] = readLeb(wasm, start);
      for (let i = 0; i < n; i++) {
        const isMut = wasm[p + 1] === 1;
        p += 2;
        // constant init expression
        for (;;) {
          const op = wasm[p++]!;
          if (op === 0x0b) break;
          if (op === 0x41 || op === 0x42) [, p] = readSleb(wasm, p);
          else if (op === 0x43) p += 4;
          else if (op === 0x44) p += 8;
          else if (op === 0x23 || op === 0xd2) [, p] = readLeb(wasm, p);
          else if (op === 0xd0) p += 1;
          else return wasm; // unknown init expression: leave the module alone
        }
        if (isMut) mutable.push(importedGlobals + i);
      }
    } else if (id === 7) exportSec = { pos, end };
    pos = end;
  }
  if (!exportSec || mutable.length === 0) return wasm;
  const [size, start] = readLeb(wasm, exportSec.pos + 1);
  const [count, first] = readLeb(wasm, start);
  const extra: number[] = [];
  for (const g of mutable) {
    const name = [...Buffer.from(GLOBAL_EXPORT_PREFIX + g)];
    extra.push(...leb(name.length), ...name, 3, ...leb(g));
  }
  const body = [...leb(count + mutable.length), ...wasm.subarray(first, start + size), ...extra];
  const sec = Uint8Array.from([7, ...leb(body.length), ...body]);
  const out = new Uint8Array(wasm.length - (exportSec.end - exportSec.pos) + sec.length);
  out.set(wasm.subarray(0, exportSec.pos));
  out.set(sec, exportSec.pos);
  out.set(wasm.subarray(exportSec.end), exportSec.pos + sec.length);
  return out;
}

/** All rewrites; use on mapping bytes before WebAssembly.compile. */
export function prepareModuleBytes(wasm: Uint8Array): Uint8Array {
  return exportMutableGlobals(mergeDataSegments(stripExportedGlobals(wasm)));
}
