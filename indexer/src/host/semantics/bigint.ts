// graph-ts BigInt semantics as graph-node implements them (num-bigint underneath):
// little-endian two's-complement bytes, truncating division, remainder with the dividend's sign.
import { DeterministicError } from '../../runtime/types.ts';

/** graph-node rejects BigInts wider than this (graph/src/data/store/scalar/bigint.rs). */
export const BIGINT_MAX_BITS = 435 * 8;

/** num-bigint's `from_signed_bytes_le`; empty input is zero. */
export function bigintFromSignedLE(b: Uint8Array): bigint {
  if (b.length === 0) return 0n;
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  if (b[b.length - 1]! & 0x80) v -= 1n << BigInt(8 * b.length);
  return v;
}

export function bigintFromUnsignedLE(b: Uint8Array): bigint {
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  return v;
}

/** num-bigint's `to_signed_bytes_le`: minimal two's complement, zero → [0]. */
export function bigintToSignedLE(v: bigint): Uint8Array {
  if (v === 0n) return Uint8Array.of(0);
  const out: number[] = [];
  let x = v;
  // emit bytes until the remaining value is pure sign extension of the last byte emitted
  for (;;) {
    const byte = Number(x & 0xffn);
    out.push(byte);
    x >>= 8n;
    if ((x === 0n && !(byte & 0x80)) || (x === -1n && byte & 0x80)) break;
  }
  return Uint8Array.from(out);
}

export function bitLength(v: bigint): number {
  let x = v < 0n ? -v : v;
  let n = 0;
  while (x > 0n) { x >>= 1n; n++; }
  return n;
}

/** graph-node's BigInt::new size check (a deterministic error, not a trap). */
export function checkBigInt(v: bigint): bigint {
  const bits = bitLength(v);
  if (bits > BIGINT_MAX_BITS) {
    throw new DeterministicError(`BigInt is too big, total bits ${bits} (max ${BIGINT_MAX_BITS})`);
  }
  return v;
}

export const bigIntOps = {
  plus: (x: bigint, y: bigint) => checkBigInt(x + y),
  minus: (x: bigint, y: bigint) => checkBigInt(x - y),
  times: (x: bigint, y: bigint) => checkBigInt(x * y),
  dividedBy(x: bigint, y: bigint): bigint {
    if (y === 0n) throw new DeterministicError('attempted to divide BigInt `' + x + '` by zero');
    return x / y; // JS bigint division truncates toward zero, as num-bigint does
  },
  mod(x: bigint, y: bigint): bigint {
    if (y === 0n) throw new DeterministicError('attempted to calculate the remainder of `' + x + '` with a divisor of zero');
    return x % y; // sign of the dividend, as Rust's `%`
  },
  pow: (x: bigint, exp: number) => checkBigInt(x ** BigInt(exp & 0xff)),
  bitOr: (x: bigint, y: bigint) => x | y,
  bitAnd: (x: bigint, y: bigint) => x & y,
  leftShift: (x: bigint, bits: number) => checkBigInt(x << BigInt(bits & 0xff)),
  /** arithmetic shift: rounds toward −∞ for negatives, like num-bigint ≥ 0.4 */
  rightShift: (x: bigint, bits: number) => x >> BigInt(bits & 0xff),
  fromString(s: string): bigint {
    // num-bigint's from_str: optional sign, decimal digits (underscores allowed between digits)
    if (!/^[+-]?[0-9](_?[0-9])*$/.test(s)) throw new DeterministicError(`failed to parse BigInt from string \`${s}\``);
    return checkBigInt(BigInt(s.replace(/_/g, '')));
  },
};

/** typeConversion.bigIntToHex: magnitude only, no leading zero digits, zero → "0x0". */
export function bigIntToHex(v: bigint): string {
  if (v === 0n) return '0x0';
  return '0x' + (v < 0n ? -v : v).toString(16);
}
