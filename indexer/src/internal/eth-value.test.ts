// ethValueFromViem on values as viem really decodes them (encode → decode round trips): every
// kind of EthValue, hex lowercased, small integers (numbers in viem) as bigint, tuples given as
// arrays (unnamed components) and as objects (named ones).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeAbiParameters, encodeAbiParameters, getAddress, type AbiParameter } from 'viem';
import { ethValueFromViem } from './eth-value.ts';

const roundTrip = (p: AbiParameter, v: unknown) =>
  ethValueFromViem(p, decodeAbiParameters([p], encodeAbiParameters([p], [v]))[0]);
// viem decodes addresses checksummed (mixed case)
const ADDR = getAddress('0xabcdef0000000000000000000000000000000001');

test('scalars: address and bytes lowercased, integers of every width as bigint', () => {
  assert.deepEqual(roundTrip({ type: 'address' }, ADDR), {
    kind: 'address',
    value: ADDR.toLowerCase(),
  });
  assert.deepEqual(roundTrip({ type: 'uint8' }, 200), { kind: 'uint', value: 200n });
  assert.deepEqual(roundTrip({ type: 'int24' }, -5), { kind: 'int', value: -5n });
  assert.deepEqual(roundTrip({ type: 'uint256' }, 2n ** 255n), { kind: 'uint', value: 2n ** 255n });
  assert.deepEqual(roundTrip({ type: 'bool' }, true), { kind: 'bool', value: true });
  assert.deepEqual(roundTrip({ type: 'string' }, 'USD'), { kind: 'string', value: 'USD' });
  assert.deepEqual(roundTrip({ type: 'bytes' }, '0xDEADbeef'), {
    kind: 'bytes',
    value: '0xdeadbeef',
  });
  assert.deepEqual(roundTrip({ type: 'bytes4' }, '0xA1B2C3D4'), {
    kind: 'fixedBytes',
    value: '0xa1b2c3d4',
  });
  // A value handed over as the caller has it (not through viem) is lowercased too.
  assert.deepEqual(ethValueFromViem({ type: 'bytes2' }, '0xABCD'), {
    kind: 'fixedBytes',
    value: '0xabcd',
  });
});

test('arrays: dynamic and fixed-size, nested', () => {
  assert.deepEqual(roundTrip({ type: 'uint16[]' }, [1, 2]), {
    kind: 'array',
    value: [
      { kind: 'uint', value: 1n },
      { kind: 'uint', value: 2n },
    ],
  });
  assert.deepEqual(roundTrip({ type: 'bool[2]' }, [true, false]), {
    kind: 'fixedArray',
    value: [
      { kind: 'bool', value: true },
      { kind: 'bool', value: false },
    ],
  });
  assert.deepEqual(roundTrip({ type: 'address[][]' }, [[ADDR], []]), {
    kind: 'array',
    value: [
      { kind: 'array', value: [{ kind: 'address', value: ADDR.toLowerCase() }] },
      { kind: 'array', value: [] },
    ],
  });
});

test('tuples: unnamed components (viem gives an array) and named ones (an object), in ABI order', () => {
  const unnamed = {
    type: 'tuple',
    components: [{ type: 'uint256' }, { type: 'address' }],
  } as AbiParameter;
  assert.deepEqual(roundTrip(unnamed, [7n, ADDR]), {
    kind: 'tuple',
    value: [
      { kind: 'uint', value: 7n },
      { kind: 'address', value: ADDR.toLowerCase() },
    ],
  });
  const named = {
    type: 'tuple',
    components: [
      { name: 'amount', type: 'uint128' },
      { name: 'tags', type: 'bytes32[]' },
    ],
  } as AbiParameter;
  const decoded = decodeAbiParameters(
    [named],
    encodeAbiParameters([named], [{ amount: 9n, tags: ['0x' + 'AB'.repeat(32)] }]),
  )[0];
  assert.ok(!Array.isArray(decoded), 'viem decodes a tuple with named components as an object');
  assert.deepEqual(ethValueFromViem(named, decoded), {
    kind: 'tuple',
    value: [
      { kind: 'uint', value: 9n },
      { kind: 'array', value: [{ kind: 'fixedBytes', value: '0x' + 'ab'.repeat(32) }] },
    ],
  });
  const list = { type: 'tuple[]', components: [{ type: 'int8' }] } as AbiParameter;
  assert.deepEqual(roundTrip(list, [[-1]]), {
    kind: 'array',
    value: [{ kind: 'tuple', value: [{ kind: 'int', value: -1n }] }],
  });
});

test('an ABI type it does not know is an error naming the type', () => {
  assert.throws(
    () => ethValueFromViem({ type: 'function' } as AbiParameter, '0x'),
    /unsupported ABI type function/,
  );
});
