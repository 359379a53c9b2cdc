// graph-ts BigInt semantics as graph-node implements them (num-bigint underneath):
// little-endian two's-complement bytes, truncating division, remainder with the dividend's sign.
import { DeterministicError } from '../../internal/errors.ts';

/**
 * graph-node rejects BigInts wider than this (graph/src/data/store/scalar/bigint.rs, MAX_BITS):
 * PostgreSQL numeric's 131,072 digits before the point, 131072 · log2(10) ≈ 435,412 bits,
 * counted with a sign bit (`bits() + 1`).
 */
export const BIGINT_MAX_BITS = 435_412;
/** Two's-complement byte lengths up to this hold at most BIGINT_MAX_BITS bits with the sign. */
export const BIGINT_MAX_SAFE_BYTES = Math.floor((BIGINT_MAX_BITS - 1) / 8);

/** num-bigint's `from_signed_bytes_le`; empty input is zero. */
export function bigintFromSignedLE(b: Uint8Array): bigint {
  return readSignedLE(b, new DataView(b.buffer, b.byteOffset, b.byteLength), 0, b.length);
}

/** `from_signed_bytes_le` of `n` bytes at `start` of a memory (no copy, no hex string): up to
 * 6 bytes as a double, else 64-bit words from the top, sign applied by BigInt.asIntN. */
export function readSignedLE(u8: Uint8Array, dv: DataView, start: number, n: number): bigint {
  if (n === 0) return 0n;
  if (n <= 6) {
    let v = 0;
    for (let i = n - 1; i >= 0; i--) v = v * 256 + u8[start + i]!;
    if (u8[start + n - 1]! & 0x80) v -= 2 ** (8 * n);
    return BigInt(v);
  }
  let i = n;
  let v = 0n;
  const rest = n & 7;
  if (rest) {
    // the top partial word, at most 6 bytes per double
    let top = 0;
    const low = rest === 7 ? n - 3 : n - rest;
    for (let j = n - 1; j >= low; j--) top = top * 256 + u8[start + j]!;
    v = BigInt(top);
    if (rest === 7) v = (v << 32n) | BigInt(dv.getUint32(start + n - 7, true));
    i = n - rest;
  }
  while (i > 0) {
    i -= 8;
    v = (v << 64n) | dv.getBigUint64(start + i, true);
  }
  return u8[start + n - 1]! & 0x80 ? BigInt.asIntN(8 * n, v) : v;
}

export function bigintFromUnsignedLE(b: Uint8Array): bigint {
  const n = b.length;
  const v = bigintFromSignedLE(b);
  return n && v < 0n ? v + (1n << BigInt(8 * n)) : v;
}

let scratch = new Uint8Array(64);
let scratchView = new DataView(scratch.buffer);
// up to 6 bytes, whose two's complement (< 2^48) a double holds exactly
const SMALL_MIN = -(2n ** 47n);
const SMALL_MAX = 2n ** 47n - 1n;

/** num-bigint's `to_signed_bytes_le` (minimal two's complement, zero → [0]) into a shared
 * scratch buffer: the result is valid until the next call. Up to 6 bytes go through doubles;
 * larger values through 64-bit words (BigInt.asUintN), never a hex string. */
export function signedLEScratch(v: bigint): Uint8Array {
  if (v >= SMALL_MIN && v <= SMALL_MAX) {
    let x = Number(v);
    let n = 1;
    let limit = 128;
    while (x >= limit || x < -limit) {
      n++;
      limit *= 256;
    }
    if (x < 0) x += limit * 2;
    for (let i = 0; i < n; i++) {
      const b = x % 256;
      scratch[i] = b;
      x = (x - b) / 256;
    }
    return scratch.subarray(0, n);
  }
  let m = v;
  let i = 0;
  do {
    if (i + 16 > scratch.length) {
      const bigger = new Uint8Array(scratch.length * 2);
      bigger.set(scratch);
      scratch = bigger;
      scratchView = new DataView(bigger.buffer);
    }
    scratchView.setBigUint64(i, BigInt.asUintN(64, m), true);
    m >>= 64n;
    i += 8;
  } while (m !== 0n && m !== -1n);
  const ext = m === 0n ? 0 : 0xff;
  let n = i;
  if ((scratch[n - 1]! & 0x80) !== (ext & 0x80)) scratch[n++] = ext;
  while (n > 1 && scratch[n - 1] === ext && (scratch[n - 2]! & 0x80) === (ext & 0x80)) n--;
  return scratch.subarray(0, n);
}

/** num-bigint's `to_signed_bytes_le`: minimal two's complement, zero → [0]. */
export function bigintToSignedLE(v: bigint): Uint8Array {
  return signedLEScratch(v).slice();
}

export function bitLength(v: bigint): number {
  if (v < 0n) v = -v;
  if (v === 0n) return 0;
  const hex = v.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0]!, 16)));
}

/**
 * graph-node's BigInt::new size check (a deterministic error, not a trap): magnitude bits plus
 * a sign bit. It runs where graph-node builds a BigInt with `new`: reading one from WASM memory
 * (every host call's argument, store and ethereum values), `pow` and `fromString`; the other
 * operations' results go back to WASM unchecked and are checked when next read.
 */
export function checkBigInt(v: bigint): bigint {
  if (v < 1n << 3000n && v > -(1n << 3000n)) return v;
  const bits = bitLength(v) + 1;
  if (bits > BIGINT_MAX_BITS) {
    throw new DeterministicError(`BigInt is too big, total bits ${bits} (max ${BIGINT_MAX_BITS})`);
  }
  return v;
}

export const bigIntOps = {
  plus: (x: bigint, y: bigint) => x + y,
  minus: (x: bigint, y: bigint) => x - y,
  times: (x: bigint, y: bigint) => x * y,
  dividedBy(x: bigint, y: bigint): bigint {
    if (y === 0n) throw new DeterministicError('attempted to divide BigInt `' + x + '` by zero');
    return x / y; // JS bigint division truncates toward zero, as num-bigint does
  },
  mod(x: bigint, y: bigint): bigint {
    if (y === 0n)
      throw new DeterministicError(
        'attempted to calculate the remainder of `' + x + '` with a divisor of zero',
      );
    return x % y; // sign of the dividend, as Rust's `%`
  },
  pow: (x: bigint, exp: number) => checkBigInt(x ** BigInt(exp & 0xff)),
  bitOr: (x: bigint, y: bigint) => x | y,
  bitAnd: (x: bigint, y: bigint) => x & y,
  leftShift: (x: bigint, bits: number) => x << BigInt(bits & 0xff),
  /** arithmetic shift: rounds toward −∞ for negatives, like num-bigint ≥ 0.4 */
  rightShift: (x: bigint, bits: number) => x >> BigInt(bits & 0xff),
  fromString(s: string): bigint {
    // num-bigint's from_str: optional sign, decimal digits (underscores allowed between digits)
    if (!/^[+-]?[0-9](_?[0-9])*$/.test(s))
      throw new DeterministicError(`failed to parse BigInt from string \`${s}\``);
    return checkBigInt(BigInt(s.replace(/_/g, '')));
  },
};

/** typeConversion.bigIntToHex: magnitude only, no leading zero digits, zero → "0x0". */
export function bigIntToHex(v: bigint): string {
  if (v === 0n) return '0x0';
  return '0x' + (v < 0n ? -v : v).toString(16);
}
