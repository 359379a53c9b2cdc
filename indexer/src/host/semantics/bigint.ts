// graph-ts BigInt semantics as graph-node implements them (num-bigint underneath):
// little-endian two's-complement bytes, truncating division, remainder with the dividend's sign.
import { DeterministicError } from '../../internal/errors.ts';

/** graph-node rejects BigInts wider than this (graph/src/data/store/scalar/bigint.rs). */
export const BIGINT_MAX_BITS = 435 * 8;

/** num-bigint's `from_signed_bytes_le`; empty input is zero. */
export function bigintFromSignedLE(b: Uint8Array): bigint {
  const n = b.length;
  if (n === 0) return 0n;
  if (n <= 6) { // fast path: fits a double exactly
    let v = 0;
    for (let i = n - 1; i >= 0; i--) v = v * 256 + b[i]!;
    if (b[n - 1]! & 0x80) v -= 2 ** (8 * n);
    return BigInt(v);
  }
  const v = bigintFromUnsignedLE(b);
  return b[n - 1]! & 0x80 ? v - (1n << BigInt(8 * n)) : v;
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function bigintFromUnsignedLE(b: Uint8Array): bigint {
  if (b.length === 0) return 0n;
  let hex = '0x';
  for (let i = b.length - 1; i >= 0; i--) hex += HEX[b[i]!];
  return BigInt(hex);
}

/** num-bigint's `to_signed_bytes_le`: minimal two's complement, zero → [0]. */
export function bigintToSignedLE(v: bigint): Uint8Array {
  if (v >= -128n && v <= 127n) return Uint8Array.of(Number(v) & 0xff);
  // bytes of m = v ≥ 0 ? v : ~v (= −v−1), inverted for negatives: that is two's complement
  const neg = v < 0n;
  const m = neg ? -v - 1n : v;
  let hex = m.toString(16);
  const bits = (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0]!, 16)));
  const n = (bits >> 3) + 1; // room for the sign bit
  if (hex.length < 2 * n) hex = hex.padStart(2 * n, '0');
  const be = Buffer.from(hex, 'hex');
  const out = new Uint8Array(n);
  if (neg) for (let i = 0; i < n; i++) out[i] = ~be[n - 1 - i]! & 0xff;
  else for (let i = 0; i < n; i++) out[i] = be[n - 1 - i]!;
  return out;
}

export function bitLength(v: bigint): number {
  if (v < 0n) v = -v;
  if (v === 0n) return 0;
  const hex = v.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0]!, 16)));
}

/** graph-node's BigInt::new size check (a deterministic error, not a trap). */
export function checkBigInt(v: bigint): bigint {
  if (v < 1n << 3000n && v > -(1n << 3000n)) return v;
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
