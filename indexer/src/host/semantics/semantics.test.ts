// Host semantics in isolation; expected values follow graph-node's documented behaviour
// (num-bigint, bigdecimal 0.1 normalisation to 34 digits, serde_json arbitrary_precision).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dec from './bigdecimal.ts';
import {
  bigIntOps,
  bigintFromSignedLE,
  bigintToSignedLE,
  bigIntToHex,
  checkBigInt,
} from './bigint.ts';
import { bytesToString, stringToH160, bytesToBase58, bytesToHex } from './conversion.ts';
import { parseJson } from './json.ts';
import { parseYaml } from './yaml.ts';
import { decodeValue, encodeCall, encodeValue, parseFunctionSignature } from './ethabi.ts';
import { DeterministicError } from '../../internal/errors.ts';

const D = (s: string) => dec.toString(dec.fromString(s));
const div = (a: string, b: string) =>
  dec.toString(dec.dividedBy(dec.fromString(a), dec.fromString(b)));

test('BigInt bytes: little-endian two’s complement, minimal, zero is [0]', () => {
  assert.deepEqual([...bigintToSignedLE(0n)], [0]);
  assert.deepEqual([...bigintToSignedLE(255n)], [0xff, 0x00]);
  assert.deepEqual([...bigintToSignedLE(-1n)], [0xff]);
  assert.deepEqual([...bigintToSignedLE(-129n)], [0x7f, 0xff]);
  assert.deepEqual([...bigintToSignedLE(128n)], [0x80, 0x00]);
  assert.equal(bigintFromSignedLE(Uint8Array.of()), 0n);
  assert.equal(bigintFromSignedLE(Uint8Array.of(0x00, 0x80)), -32768n);
  for (const v of [1n, -1n, 2n ** 255n, -(2n ** 255n), 123456789n * -987654321n])
    assert.equal(bigintFromSignedLE(bigintToSignedLE(v)), v);
});

test('BigInt ops: truncating division, remainder sign of the dividend, shifts, pow', () => {
  assert.equal(bigIntOps.dividedBy(-7n, 2n), -3n);
  assert.equal(bigIntOps.dividedBy(7n, -2n), -3n);
  assert.equal(bigIntOps.mod(-7n, 2n), -1n);
  assert.equal(bigIntOps.mod(7n, -2n), 1n);
  assert.equal(bigIntOps.rightShift(-5n, 1), -3n); // floor(-2.5)
  assert.equal(bigIntOps.leftShift(3n, 4), 48n);
  assert.equal(bigIntOps.pow(2n, 100), 1267650600228229401496703205376n);
  assert.equal(bigIntOps.pow(0n, 0), 1n);
  assert.equal(bigIntOps.bitAnd(-1n, 0xf0n), 0xf0n);
  assert.equal(bigIntOps.bitOr(-16n, 1n), -15n);
  assert.throws(() => bigIntOps.dividedBy(1n, 0n), DeterministicError);
  assert.throws(() => bigIntOps.mod(1n, 0n), DeterministicError);
  assert.throws(() => bigIntOps.fromString('12a'), DeterministicError);
  assert.equal(bigIntOps.times(10n ** 1000n, 10n ** 100n), 10n ** 1100n);
  assert.equal(bigIntOps.fromString('-0042'), -42n);
});

test('BigInt size limit: graph-node BigInt::new, bits() + 1 sign bit against MAX_BITS 435,412', () => {
  // graph/src/data/store/scalar/bigint.rs: `new` fails when inner.bits() + 1 > 435412, so the
  // widest magnitude is 435,411 bits: 2^435411 − 1 passes, 2^435411 (435,412 bits) does not.
  const widest = (1n << 435411n) - 1n;
  assert.equal(checkBigInt(widest), widest);
  assert.equal(checkBigInt(-widest), -widest);
  assert.throws(() => checkBigInt(1n << 435411n), /too big, total bits 435413 \(max 435412\)/);
  assert.throws(() => checkBigInt(-(1n << 435411n)), /total bits 435413/);
  // Add, Sub, Mul, Shl build with unchecked_new (host_exports.rs big_int_plus … left_shift):
  // an oversized result goes back to WASM and fails only when next read.
  assert.equal(bigIntOps.times(1n << 435410n, 4n), 1n << 435412n);
  assert.equal(bigIntOps.plus(widest, 1n), 1n << 435411n);
  assert.equal(bigIntOps.leftShift(widest, 1), widest * 2n);
  // pow and from_str go through `new`: (2^1708)^255 = 2^435540; (2^1707)^255 = 2^435285
  assert.throws(() => bigIntOps.pow(1n << 1708n, 255), /total bits 435542/);
  assert.equal(bigIntOps.pow(1n << 1707n, 255), 1n << 435285n);
  // 10^131072: 131072 · log2(10) = 435411.76…, so 435,412 bits and 435,413 with the sign;
  // 10^131071: 435408.44… → 435,409 bits
  assert.throws(() => bigIntOps.fromString('1' + '0'.repeat(131072)), /total bits 435413/);
  assert.equal(bigIntOps.fromString('1' + '0'.repeat(131071)), 10n ** 131071n);
});

test('bigIntToHex: magnitude without leading zeros, zero is 0x0', () => {
  assert.equal(bigIntToHex(0n), '0x0');
  assert.equal(bigIntToHex(15n), '0xf');
  assert.equal(bigIntToHex(256n), '0x100');
  assert.equal(bigIntToHex(-255n), '0xff');
});

test('BigDecimal: canonical string form and normalisation', () => {
  assert.equal(D('1.500'), '1.5');
  assert.equal(D('-0.000'), '0');
  assert.equal(D('0'), '0');
  assert.equal(D('1e20'), '100000000000000000000');
  assert.equal(D('1.23E-5'), '0.0000123');
  assert.equal(D('-12.340e1'), '-123.4');
  assert.equal(D('.5'), '0.5');
  // 35 significant digits → rounded half-up to 34
  assert.equal(D('1.2345678901234567890123456789012345'), '1.234567890123456789012345678901235');
  assert.equal(D('1.2345678901234567890123456789012344'), '1.234567890123456789012345678901234');
  assert.throws(() => dec.fromString('abc'), DeterministicError);
  assert.throws(() => dec.fromString(''), DeterministicError);
  assert.throws(() => dec.fromString('1.2.3'), DeterministicError);
});

test('BigDecimal negatives: bigdecimal 0.1.2 with_prec keeps up to 35 digits and truncates', () => {
  // graph-node's BigDecimal::normalized calls bigdecimal 0.1.2 `with_prec(34)`. Its digit count
  // (count_decimal_digits) is ⌊bits / 3.3219280949⌋, raised while value ≥ 10^count: never for a
  // negative. The remainder of a negative is negative, so `p < 10 * r` fails: no rounding.
  // 1.2345…345 × 10^34 lies in [2^113, 2^114): 114 bits, ⌊34.32⌋ = 34 ≤ 34, so nothing is cut.
  assert.equal(D('-1.2345678901234567890123456789012345'), '-1.2345678901234567890123456789012345');
  // 35 nines ≈ 10^35 lies in [2^116, 2^117): 117 bits, ⌊35.22⌋ = 35, one digit cut, truncated;
  // the positive value rounds up to 10.
  const nines = '9.' + '9'.repeat(34);
  assert.equal(D(nines), '10');
  assert.equal(D('-' + nines), '-9.' + '9'.repeat(33));
  // 36 digits ≈ 1.23 × 10^35 in [2^116, 2^117): counted 35, so one digit is cut and 35 remain;
  // the positive value keeps 34 and rounds on the dropped 5.
  const n36 = '123456789012345678901234567890123456';
  assert.equal(D(n36), '123456789012345678901234567890123500');
  assert.equal(D('-' + n36), '-123456789012345678901234567890123450');
  // −2/3: impl_division gives 100 digits of 6…67 (6.7 × 10^99, 332 bits): counted 99, 65
  // digits cut, 35 sixes remain. −1/3: 3.3 × 10^99, 331 bits, counted 99: 35 threes.
  assert.equal(div('-2', '3'), '-0.' + '6'.repeat(35));
  assert.equal(div('-1', '3'), '-0.' + '3'.repeat(35));
  assert.equal(div('2', '3'), '0.' + '6'.repeat(33) + '7');
});

test('BigDecimal arithmetic', () => {
  assert.equal(div('1', '3'), '0.3333333333333333333333333333333333');
  assert.equal(div('2', '3'), '0.6666666666666666666666666666666667');
  assert.equal(div('10', '4'), '2.5');
  assert.equal(div('1', '1'), '1');
  assert.equal(div('0', '7'), '0');
  assert.throws(() => div('1', '0'), DeterministicError);
  const plus = (a: string, b: string) =>
    dec.toString(dec.plus(dec.fromString(a), dec.fromString(b)));
  const times = (a: string, b: string) =>
    dec.toString(dec.times(dec.fromString(a), dec.fromString(b)));
  assert.equal(plus('0.1', '0.2'), '0.3');
  assert.equal(plus('1e30', '1e-30'), '1000000000000000000000000000000'); // 61 digits → 34
  assert.equal(times('1.5', '-1.5'), '-2.25');
  assert.equal(dec.toString(dec.minus(dec.fromString('1'), dec.fromString('1'))), '0');
  assert.ok(dec.equals(dec.fromString('1.0'), dec.fromString('1')));
});

test('BigDecimal exponent limits [-6143, 6144]', () => {
  assert.doesNotThrow(() => dec.checkExp(dec.normalize({ digits: 1n, exp: 6144n })));
  assert.doesNotThrow(() => dec.checkExp(dec.normalize({ digits: 1n, exp: -6143n })));
  assert.throws(() => dec.checkExp(dec.normalize({ digits: 1n, exp: 6145n })), /outside/);
  assert.throws(() => dec.checkExp(dec.normalize({ digits: 10n, exp: 6144n })), /outside/); // normalises to 1e6145
  assert.throws(() => dec.checkExp(dec.normalize({ digits: 1n, exp: -6144n })), /outside/);
});

test('typeConversion: bytesToString is lossy UTF-8 and trims trailing NULs only', () => {
  assert.equal(bytesToString(Uint8Array.of(0x61, 0x62, 0x63, 0, 0)), 'abc');
  assert.equal(bytesToString(Uint8Array.of(0x61, 0, 0x62)), 'a\u0000b');
  assert.equal(bytesToString(Uint8Array.of(0xff, 0x61)), '\ufffda');
  assert.equal(bytesToString(Uint8Array.of(0xc3, 0xa9)), 'é');
  assert.equal(bytesToString(Uint8Array.of()), '');
  assert.equal(bytesToHex(Uint8Array.of()), '0x');
  assert.equal(bytesToHex(Uint8Array.of(0, 0xab)), '0x00ab');
  assert.deepEqual(
    [...stringToH160('0x00000000000000000000000000000000000000Ab')].slice(-1),
    [0xab],
  );
  assert.deepEqual(stringToH160('00000000000000000000000000000000000000ab').length, 20);
  assert.throws(() => stringToH160('0x1234'), DeterministicError);
  assert.throws(
    () => stringToH160('0xzz00000000000000000000000000000000000000'),
    DeterministicError,
  );
  assert.equal(bytesToBase58(Uint8Array.of(0, 0, 1)), '112');
  assert.equal(bytesToBase58(new TextEncoder().encode('hello world')), 'StV1DL6CwTryKyV');
});

test('JSON: numbers keep their text, keys sorted, last duplicate wins', () => {
  const v = parseJson('{"b": 1.50, "a": [12345678901234567890123, -0, 1e3], "b": 2}');
  assert.deepEqual(v, {
    kind: 'object',
    entries: [
      [
        'a',
        {
          kind: 'array',
          items: [
            { kind: 'number', text: '12345678901234567890123' },
            { kind: 'number', text: '-0' },
            { kind: 'number', text: '1e3' },
          ],
        },
      ],
      ['b', { kind: 'number', text: '2' }],
    ],
  });
  assert.deepEqual(parseJson(' "\\u00e9\\n" '), { kind: 'string', value: 'é\n' });
  for (const bad of ['', '{', '[1,]', '01', '{"a" 1}', 'tru', '"x', '1 2'])
    assert.throws(() => parseJson(bad), `${bad} should not parse`);
});

test('YAML: scalars, maps with YAML keys, tags', () => {
  assert.deepEqual(parseYaml('a: 1.50\nb: [x, true, null]\n'), {
    kind: 'object',
    entries: [
      [
        { kind: 'string', value: 'a' },
        { kind: 'number', text: '1.50' },
      ],
      [
        { kind: 'string', value: 'b' },
        {
          kind: 'array',
          items: [{ kind: 'string', value: 'x' }, { kind: 'bool', value: true }, { kind: 'null' }],
        },
      ],
    ],
  });
  assert.deepEqual(parseYaml('!custom 5'), {
    kind: 'tagged',
    tag: '!custom',
    value: { kind: 'number', text: '5' },
  });
  assert.throws(() => parseYaml('a: [1, 2'));
});

test('ethabi: signatures, call encoding, encode/decode', () => {
  const f = parseFunctionSignature('getReserveData(address):((uint256,uint128),address[])');
  assert.equal(f.canonical, 'getReserveData(address)');
  assert.equal(f.outputs.length, 2);
  // balanceOf(address) selector is 0x70a08231 (well known)
  const { data } = encodeCall('balanceOf(address):(uint256)', [
    { kind: 'address', value: '0x00000000000000000000000000000000000000aa' },
  ]);
  assert.equal(data, '0x70a08231' + '0'.repeat(62) + 'aa');
  assert.equal(encodeValue({ kind: 'uint', value: 1n }), '0x' + '0'.repeat(63) + '1');
  assert.deepEqual(
    decodeValue(
      '(uint256,bool)',
      ('0x' + '0'.repeat(63) + '5' + '0'.repeat(63) + '1') as `0x${string}`,
    ),
    {
      kind: 'tuple',
      value: [
        { kind: 'uint', value: 5n },
        { kind: 'bool', value: true },
      ],
    },
  );
  assert.equal(decodeValue('uint256', '0x01'), null); // too short: null, as graph-node
  assert.equal(decodeValue('notatype', '0x'), null);
});

test('BigDecimal division: closed form equals a literal transcription of bigdecimal 0.1 impl_division', () => {
  // digit-by-digit loop exactly as the crate writes it (max precision 100, round on next digit)
  const literal = (num: bigint, den: bigint, scale: bigint) => {
    while (num < den) {
      scale += 1n;
      num *= 10n;
    }
    let q = num / den,
      r = num % den;
    if (r === 0n) return { q, scale };
    let precision = q.toString().length;
    r *= 10n;
    while (r !== 0n && precision < 100) {
      q = q * 10n + r / den;
      r = (r % den) * 10n;
      precision++;
      scale += 1n;
    }
    if (r !== 0n && r / den >= 5n) q += 1n;
    return { q, scale };
  };
  let seed = 7;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const big = () => BigInt(rnd(1e9) + 1) * 10n ** BigInt(rnd(30)) + BigInt(rnd(1000));
  for (let i = 0; i < 3000; i++) {
    const a = big(),
      b = i % 4 === 0 ? 2n ** BigInt(rnd(70)) * 5n ** BigInt(rnd(9)) : big();
    if (a === b) continue;
    const ea = BigInt(rnd(30) - 15),
      eb = BigInt(rnd(30) - 15);
    const l = literal(a, b, -ea + eb);
    const want = dec.toString(dec.normalize({ digits: l.q, exp: -l.scale }));
    assert.equal(
      dec.toString(dec.dividedBy({ digits: a, exp: ea }, { digits: b, exp: eb })),
      want,
      `${a}e${ea} / ${b}e${eb}`,
    );
    assert.equal(
      dec.toString(dec.dividedBy({ digits: -a, exp: ea }, { digits: b, exp: eb })),
      want === '0' ? '0' : dec.toString(dec.normalize({ digits: -l.q, exp: -l.scale })),
    );
  }
});

test('BigInt byte codec round-trips across sizes and signs', () => {
  for (let bits = 0; bits < 600; bits += 7) {
    for (const v of [
      1n << BigInt(bits),
      (1n << BigInt(bits)) - 1n,
      -(1n << BigInt(bits)),
      -(1n << BigInt(bits)) + 1n,
      12345n << BigInt(bits),
    ]) {
      const b = bigintToSignedLE(v);
      assert.equal(bigintFromSignedLE(b), v);
      // minimal: dropping the top byte must change the value (unless a single byte)
      if (b.length > 1) assert.notEqual(bigintFromSignedLE(b.subarray(0, b.length - 1)), v);
    }
  }
});
