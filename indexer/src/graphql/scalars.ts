// graph-node's custom scalars with its wire encodings: BigInt, BigDecimal, Int8 and Timestamp are
// JSON strings on output (Int8/Timestamp also accept numbers on input); Bytes is 0x-hex,
// lowercase. Timestamp is microseconds since the epoch. Output values arrive pre-formatted
// from the resolvers, so serialize only checks the type. Bytes input may omit the 0x.
import { GraphQLScalarType, GraphQLError, Kind, type ValueNode } from 'graphql';

const INT_RE = /^-?\d+$/;
const DEC_RE = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function scalar(name: string, description: string, check: (v: unknown) => string) {
  const parse = (v: unknown) => {
    try {
      return check(v);
    } catch (e) {
      throw new GraphQLError((e as Error).message);
    }
  };
  return new GraphQLScalarType<string, string>({
    name,
    description,
    serialize: (v) => (typeof v === 'string' ? v : String(v)),
    parseValue: parse,
    parseLiteral: (ast: ValueNode) => {
      if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT)
        return parse(
          ast.kind === Kind.STRING
            ? ast.value
            : Number.isSafeInteger(Number(ast.value))
              ? Number(ast.value)
              : ast.value,
        );
      throw new GraphQLError(`${name} cannot represent a non-string value`);
    },
  });
}

const intLike = (name: string) => (v: unknown) => {
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  if (typeof v === 'string' && INT_RE.test(v)) return v;
  throw new Error(`Failed to decode \`${name}\` value: \`${String(v)}\` is not an integer`);
};

export const BigIntScalar = scalar(
  'BigInt',
  'Arbitrary-size integer, as a decimal string',
  intLike('BigInt'),
);
export const Int8Scalar = scalar('Int8', '8 bytes signed integer', (v) => {
  const s = intLike('Int8')(v);
  const b = BigInt(s);
  if (b < -(2n ** 63n) || b >= 2n ** 63n)
    throw new Error(`Failed to decode \`Int8\` value: \`${s}\` is out of range`);
  return s;
});
export const TimestampScalar = scalar(
  'Timestamp',
  'A timestamp in microseconds since the epoch',
  intLike('Timestamp'),
);
export const BigDecimalScalar = scalar(
  'BigDecimal',
  'Arbitrary-precision decimal, as a string',
  (v) => {
    const s = typeof v === 'number' && Number.isFinite(v) ? String(v) : v;
    if (typeof s === 'string' && DEC_RE.test(s)) return s;
    throw new Error(
      `Failed to decode \`BigDecimal\` value: \`${String(v)}\` is not a decimal number`,
    );
  },
);
export const BytesScalar = scalar('Bytes', 'Byte array, as a 0x-prefixed hex string', (v) => {
  const hex = typeof v === 'string' ? bytesHex(v) : { error: 'Invalid character' };
  if (typeof hex !== 'string')
    throw new Error(`Failed to decode \`Bytes\` value: \`${hex.error}\``);
  return '0x' + hex;
});
export const CUSTOM_SCALARS = {
  BigInt: BigIntScalar,
  BigDecimal: BigDecimalScalar,
  Bytes: BytesScalar,
  Int8: Int8Scalar,
  Timestamp: TimestampScalar,
};

/**
 * Bytes input as graph-node reads it (`scalar::Bytes::from_str`): any leading `0x` removed,
 * the rest hex (so `""` and unprefixed hex are valid). Lowercase hex, or what is wrong.
 */
export function bytesHex(s: string): string | { error: string } {
  let h = s;
  while (h.startsWith('0x')) h = h.slice(2);
  if (h.length % 2) return { error: 'Odd number of digits' };
  if (/[^0-9a-fA-F]/.test(h)) return { error: 'Invalid character' };
  return h.toLowerCase();
}
