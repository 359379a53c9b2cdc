// graph-node's BigDecimal (graph/src/data/store/scalar/bigdecimal.rs over bigdecimal-rs 0.1.2):
// every result is normalized with bigdecimal 0.1's `with_prec(34)`, trailing zeros stripped.
// Positives round half-up to 34 significant digits. Negatives differ twice over: their digit
// count is the bit-length guess never corrected upward (so some keep 35 digits), and the
// dropped part is truncated, as the remainder is negative. Exponents outside [-6143, 6144] are
// rejected when a value crosses the host boundary. Division first computes up to 100
// significant digits (bigdecimal 0.1 `impl_division`), then normalizes.
import { DeterministicError } from '../../internal/errors.ts';
import { bitLength } from './bigint.ts';

export const MAX_SIGNIFICANT_DIGITS = 34;
export const MIN_EXP = -6143;
export const MAX_EXP = 6144;

/** value = digits × 10^exp (graph-ts's layout: exp is the power of ten, i.e. −scale). */
export interface Dec {
  digits: bigint;
  exp: bigint;
}

const abs = (x: bigint) => (x < 0n ? -x : x);
const pow10Cache: bigint[] = [];
export function pow10(n: number): bigint {
  if (n < 300) return (pow10Cache[n] ??= 10n ** BigInt(n));
  return 10n ** BigInt(n);
}
export function countDigits(x: bigint): number {
  return x === 0n ? 1 : abs(x).toString().length;
}

/** bigdecimal 0.1 `get_rounding_term`: 1 iff the most significant digit of num is ≥ 5. */
function roundingTerm(num: bigint): bigint {
  if (num <= 0n) return 0n;
  return num.toString()[0]! >= '5' ? 1n : 0n;
}

/**
 * bigdecimal 0.1 `count_decimal_digits`: a guess, ⌊bits / 3.3219280949⌋, raised while the value
 * is ≥ 10^guess. A negative value is never ≥ a power of ten, so its count stays the guess, one
 * short for some values: a 35-digit magnitude below 2^116 ≈ 8.3·10^34 has ≤ 116 bits and counts 34.
 */
function precisionDigits(x: bigint): number {
  if (x >= 0n) return countDigits(x);
  return Math.floor(bitLength(x) / 3.3219280949);
}

/** bigdecimal 0.1 `with_prec(prec)` for the reducing case. */
function withPrec(d: Dec, prec: number): Dec {
  const n = precisionDigits(d.digits);
  if (n <= prec) return d;
  const diff = n - prec;
  const p = pow10(diff);
  let q = d.digits / p; // truncating, like num-bigint div_rem
  const r = d.digits % p;
  // "check for leading zero in remainder term": only a remainder whose first digit sits right
  // after the cut can round (negative remainders never do).
  if (p < 10n * r) q += roundingTerm(r);
  return { digits: q, exp: d.exp + BigInt(diff) };
}

/** BigDecimal::normalized(): zero → 0e0; round to 34 digits; strip trailing zeros. */
export function normalize(d: Dec): Dec {
  if (d.digits === 0n) return { digits: 0n, exp: 0n };
  let { digits, exp } = withPrec(d, MAX_SIGNIFICANT_DIGITS);
  while (digits !== 0n && digits % 10n === 0n) {
    digits /= 10n;
    exp += 1n;
  }
  return { digits, exp };
}

/** Exponent check graph-node applies when reading a BigDecimal from WASM memory. */
export function checkExp(d: Dec): Dec {
  if (d.exp < BigInt(MIN_EXP) || d.exp > BigInt(MAX_EXP)) {
    throw new DeterministicError(
      `big decimal exponent \`${d.exp}\` is outside the \`${MIN_EXP}\` to \`${MAX_EXP}\` range`,
    );
  }
  return d;
}

function align(a: Dec, b: Dec): [bigint, bigint, bigint] {
  if (a.exp === b.exp) return [a.digits, b.digits, a.exp];
  if (a.exp > b.exp) return [a.digits * pow10(Number(a.exp - b.exp)), b.digits, b.exp];
  return [a.digits, b.digits * pow10(Number(b.exp - a.exp)), a.exp];
}

export function plus(a: Dec, b: Dec): Dec {
  const [x, y, e] = align(a, b);
  return normalize({ digits: x + y, exp: e });
}
export function minus(a: Dec, b: Dec): Dec {
  const [x, y, e] = align(a, b);
  return normalize({ digits: x - y, exp: e });
}
export function times(a: Dec, b: Dec): Dec {
  return normalize({ digits: a.digits * b.digits, exp: a.exp + b.exp });
}

/** bigdecimal 0.1 `impl_division` on magnitudes (max precision 100), sign applied after.
 * The crate produces one quotient digit per loop iteration; this computes the same result in
 * closed form: k extra digits (k = 100 − digits of the first quotient), stopping early at the
 * first j ≤ k where the division becomes exact, else rounding on the (k+1)-th digit. */
function divMagnitude(num: bigint, den: bigint, scale: bigint): { q: bigint; scale: bigint } {
  if (num === 0n) return { q: 0n, scale: 0n };
  if (num < den) {
    // `while num < den { scale += 1; num *= 10 }`
    let s = countDigits(den) - countDigits(num);
    if (s < 0) s = 0;
    if (num * pow10(s) < den) s++;
    num *= pow10(s);
    scale += BigInt(s);
  }
  const q0 = num / den;
  if (num % den === 0n) return { q: q0, scale };
  const k = Math.max(0, 100 - countDigits(q0));
  // smallest j with num·10^j ≡ 0 (mod den): den/gcd must be 2^a·5^b, then j = max(a, b)
  let d = den / gcd(num, den),
    a = 0,
    b = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    a++;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    b++;
  }
  if (d === 1n && Math.max(a, b) <= k) {
    const j = Math.max(a, b);
    return { q: (num * pow10(j)) / den, scale: scale + BigInt(j) };
  }
  const scaled = num * pow10(k);
  let q = scaled / den;
  const next = ((scaled % den) * 10n) / den;
  if (next >= 5n) q += 1n;
  return { q, scale: scale + BigInt(k) };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

export function dividedBy(a: Dec, b: Dec): Dec {
  if (b.digits === 0n) throw new DeterministicError('Cannot divide by zero-valued `BigDecimal`!');
  if (a.digits === 0n) return { digits: 0n, exp: 0n };
  // bigdecimal works with scale = −exp
  const scale = -a.exp - -b.exp;
  if (b.digits === 1n && b.exp === 0n) return normalize(a);
  if (a.digits === b.digits) return normalize({ digits: 1n, exp: -scale });
  const neg = a.digits < 0n !== b.digits < 0n;
  const { q, scale: s } = divMagnitude(abs(a.digits), abs(b.digits), scale);
  return normalize({ digits: neg ? -q : q, exp: -s });
}

export function equals(a: Dec, b: Dec): boolean {
  const x = normalize(a),
    y = normalize(b);
  return x.digits === y.digits && x.exp === y.exp;
}

export function compare(a: Dec, b: Dec): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** bigdecimal 0.1 Display: plain positional notation, never scientific. */
export function toString(d: Dec): string {
  const neg = d.digits < 0n;
  const s = abs(d.digits).toString();
  const scale = -d.exp;
  let out: string;
  if (scale <= 0n) {
    out = d.digits === 0n ? '0' : s + '0'.repeat(Number(-scale));
  } else if (scale >= BigInt(s.length)) {
    out = '0.' + '0'.repeat(Number(scale) - s.length) + s;
  } else {
    const at = s.length - Number(scale);
    out = s.slice(0, at) + '.' + s.slice(at);
  }
  return neg ? '-' + out : out;
}

/** bigdecimal 0.1 `from_str`: [sign] digits [. digits] [e|E [sign] digits]; then normalized. */
export function fromString(str: string): Dec {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(str);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) {
    throw new DeterministicError(`failed to parse BigDecimal from string \`${str}\``);
  }
  const frac = m[3] ?? '';
  let digits = BigInt((m[2] || '0') + frac);
  if (m[1] === '-') digits = -digits;
  const exp = BigInt(m[4] ?? '0') - BigInt(frac.length);
  return normalize({ digits, exp });
}

export function fromBigInt(x: bigint): Dec {
  return normalize({ digits: x, exp: 0n });
}
