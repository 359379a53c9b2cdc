// Memory ABI and host functions end to end: the probe module (test-fixtures/host/probe) is
// compiled with graph-cli's AssemblyScript and each export is driven through the real host.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { probeHost } from '../../test-fixtures/probe-host.ts';
import { type EntityData, type EthEvent } from '../internal/types.ts';
import { DeterministicError } from '../internal/errors.ts';
import { TypeId } from './abi/memory.ts';
import { hostFunctions } from './imports.ts';
import { testServices } from '../../test-fixtures/compiled-fixtures.ts';

let fresh: Awaited<ReturnType<typeof probeHost>>;
before(async () => {
  fresh = await probeHost();
});

test('strings: UTF-16 round trip, including surrogate pairs and empty', () => {
  const { h } = fresh();
  for (const s of ['', 'abc', 'héllo', '𝔘nicode ✓', 'x'.repeat(10000)])
    assert.equal(h.abi.str(h.abi.newStr(s)), s);
  const p = h.abi.newStr('ab');
  assert.equal(h.memory.rtSize(p), 4); // rtSize = byte length at ptr-4
  assert.equal(h.memory.rtId(p), h.memory.rtIdOf(TypeId.String));
});

test('entity written by the host is read by AssemblyScript with every value kind', () => {
  const { h, call } = fresh();
  const e: EntityData = new Map([
    ['s', { kind: 'String', value: 'héllo' }],
    ['i', { kind: 'Int', value: -42 }],
    ['d', { kind: 'BigDecimal', value: '-1.25' }],
    ['b', { kind: 'Bool', value: true }],
    ['a', { kind: 'Array', value: [{ kind: 'String', value: 'x' }, { kind: 'Null' }] }],
    ['n', { kind: 'Null' }],
    ['x', { kind: 'Bytes', value: Uint8Array.of(0xde, 0xad) }],
    ['g', { kind: 'BigInt', value: -(10n ** 30n) }],
    ['l', { kind: 'Int8', value: -9007199254740993n }],
    ['t', { kind: 'Timestamp', value: 1700000000000000n }],
    ['empty', { kind: 'Array', value: [] }],
  ]);
  assert.equal(
    call('describeEntity', h.abi.newEntity(e)),
    's=S:héllo;i=I:-42;d=D:-1.25;b=B:true;a=A:[S:x,N];n=N;x=X:0xdead;g=G:-1000000000000000000000000000000;l=L:-9007199254740993;t=T:1700000000000000;empty=A:[]',
  );
});

test('entity built in AssemblyScript is read by the host', () => {
  const { h } = fresh();
  const ptr = (h.exports.makeEntity as () => number)();
  const e = h.abi.entity(ptr);
  assert.deepEqual([...e.keys()], ['s', 'i', 'd', 'b', 'a', 'n', 'x', 'g', 'l', 't', 'empty']);
  assert.deepEqual(e.get('s'), { kind: 'String', value: 'héllo' });
  assert.deepEqual(e.get('i'), { kind: 'Int', value: -42 });
  assert.deepEqual(e.get('d'), { kind: 'BigDecimal', value: '-1.25' });
  assert.deepEqual(e.get('b'), { kind: 'Bool', value: true });
  assert.deepEqual(e.get('a'), {
    kind: 'Array',
    value: [
      { kind: 'String', value: 'x' },
      { kind: 'String', value: 'y' },
    ],
  });
  assert.deepEqual(e.get('n'), { kind: 'Null' });
  assert.deepEqual(e.get('x'), { kind: 'Bytes', value: Uint8Array.of(0xde, 0xad, 0xbe, 0xef) });
  assert.deepEqual(e.get('g'), { kind: 'BigInt', value: -123456789012345678901234567890n });
  assert.deepEqual(e.get('l'), { kind: 'Int8', value: -9007199254740993n });
  assert.deepEqual(e.get('t'), { kind: 'Timestamp', value: 1700000000000000n });
  assert.deepEqual(e.get('empty'), { kind: 'Array', value: [] });
});

const block = {
  hash: `0x${'11'.repeat(32)}`,
  parentHash: `0x${'22'.repeat(32)}`,
  unclesHash: `0x${'00'.repeat(32)}`,
  author: `0x${'33'.repeat(20)}`,
  stateRoot: '0x',
  transactionsRoot: '0x',
  receiptsRoot: '0x',
  number: 19000000n,
  gasUsed: 1n,
  gasLimit: 2n,
  timestamp: 1700000000n,
  difficulty: 0n,
  totalDifficulty: 0n,
  size: null,
  baseFeePerGas: 7n,
} as const;
const tx = {
  hash: `0x${'ab'.repeat(32)}`,
  index: 1n,
  from: `0x${'44'.repeat(20)}`,
  to: null,
  value: 10n ** 18n,
  gasLimit: 0n,
  gasPrice: 0n,
  input: '0x',
  nonce: 0n,
} as const;

test('ethereum.Event, Block, Transaction, Receipt and Log layouts', () => {
  const { h, call } = fresh();
  const ev: EthEvent = {
    address: `0x${'55'.repeat(20)}`,
    logIndex: 3n,
    transactionLogIndex: 0n,
    logType: null,
    block: { ...block },
    transaction: { ...tx },
    parameters: [
      { name: 'who', value: { kind: 'address', value: `0x${'66'.repeat(20)}` } },
      { name: 'amt', value: { kind: 'int', value: -5n } },
      {
        name: 'list',
        value: {
          kind: 'array',
          value: [
            { kind: 'uint', value: 2n ** 255n },
            { kind: 'uint', value: 0n },
          ],
        },
      },
      {
        name: 'pair',
        value: {
          kind: 'tuple',
          value: [
            { kind: 'bool', value: true },
            { kind: 'string', value: 'ok' },
          ],
        },
      },
      { name: 'raw', value: { kind: 'fixedBytes', value: '0x0102' } },
      { name: 'empty', value: { kind: 'array', value: [] } },
    ],
    receipt: {
      transactionHash: tx.hash,
      transactionIndex: 1n,
      blockHash: block.hash,
      blockNumber: block.number,
      cumulativeGasUsed: 5n,
      gasUsed: 3n,
      contractAddress: null,
      status: 1n,
      root: null,
      logsBloom: '0x00',
      logs: [
        {
          address: `0x${'55'.repeat(20)}`,
          topics: [`0x${'aa'.repeat(32)}`, `0x${'bb'.repeat(32)}`],
          data: '0xbeef',
          blockHash: block.hash,
          blockNumber: block.number,
          transactionHash: tx.hash,
          transactionIndex: 1n,
          logIndex: 3n,
          transactionLogIndex: 0n,
          logType: null,
          removed: false,
        },
      ],
    },
  };
  assert.equal(
    call('describeEvent', h.abi.newEvent(ev)),
    `0x${'55'.repeat(20)}|3|0|null|blk:19000000,0x${'11'.repeat(32)},1700000000,7|tx:0x${'ab'.repeat(32)},0x${'44'.repeat(20)},noto,1000000000000000000` +
      `|who=addr:0x${'66'.repeat(20)}|amt=int:-5|list=arr:[uint:${2n ** 255n},uint:0]|pair=tuple:[bool:true,str:ok]|raw=fb:0x0102|empty=arr:[]` +
      '|rcpt:1,1,2,0xbeef',
  );
  assert.equal(
    call('describeBlock', h.abi.newBlock({ ...block })),
    `19000000|0x${'33'.repeat(20)}|nosize`,
  );
});

test('memory growth during a call does not break the host views', () => {
  const { h, call } = fresh();
  const before = h.memory.bytes.length;
  const r = (h.exports.grow as (n: number) => number)(64); // 64 × 64 KiB
  assert.equal(r, (63 * 64) / 2);
  assert.ok(h.memory.bytes.length > before);
  assert.equal(call('bytesHex', h.abi.newBytes(Uint8Array.of(1, 2, 3))), '0x010203');
});

test('bigInt host functions through WASM', () => {
  const { call } = fresh();
  const cases: [string, string, string, string][] = [
    ['div', '-7', '2', '-3'],
    ['mod', '-7', '2', '-1'],
    ['mod', '7', '-2', '1'],
    ['times', '-3', '0', '0'],
    ['pow', '-2', '3', '-8'],
    ['pow', '10', '0', '1'],
    ['shr', '-5', '1', '-3'],
    ['shl', '1', '255', (1n << 255n).toString()],
    ['or', '-16', '1', '-15'],
    ['and', '-1', '255', '255'],
    ['plus', '99999999999999999999', '1', '100000000000000000000'],
    ['minus', '0', '1', '-1'],
    ['hex', '-255', '0', '0xff'],
    ['hex', '0', '0', '0x0'],
    ['divDecimal', '1', '3', '0.3333333333333333333333333333333333'],
  ];
  for (const [op, a, b, want] of cases)
    assert.equal(call('bigIntOp', op, a, b), want, `${op}(${a}, ${b})`);
  assert.throws(() => call('bigIntOp', 'div', '1', '0'), DeterministicError);
});

test('BigInt read from WASM memory is size-checked, as graph-node FromAscObj for BigInt is', () => {
  // runtime/wasm/src/to_from/external.rs reads a BigInt with from_signed_bytes_le → BigInt::new:
  // 2^435411 − 1 (435,411 bits, 435,412 with the sign) is the widest accepted.
  const { h, call } = fresh();
  const widest = (1n << 435411n) - 1n;
  assert.equal(h.abi.bigInt(h.abi.newBigInt(widest)), widest);
  assert.equal(h.abi.bigInt(h.abi.newBigInt(-widest)), -widest);
  assert.throws(() => h.abi.bigInt(h.abi.newBigInt(1n << 435411n)), /total bits 435413/);
  // times itself is unchecked; its 2^435411 result fails when toString reads it back
  const half = (1n << 435410n).toString();
  assert.throws(() => call('bigIntOp', 'times', half, '2'), /BigInt is too big, total bits 435413/);
  assert.equal(call('bigIntOp', 'minus', half, '1'), ((1n << 435410n) - 1n).toString());
  // ethereum_encode reads its value with `?` (an error) and answers null only if encoding fails
  const encode = hostFunctions(() => h, testServices())['ethereum.encode'] as (p: number) => number;
  const big = h.abi.newEthValue({ kind: 'int', value: 1n << 435411n });
  assert.throws(() => encode(big), /total bits 435413/);
  assert.equal(encode(h.abi.newEthValue({ kind: 'int', value: 1n << 300n })), 0); // not an int256
});

test('bigDecimal host functions through WASM (34 digits, exponent limits)', () => {
  const { h, call } = fresh();
  assert.equal(call('bigDecimalOp', 'div', '2', '3'), '0.6666666666666666666666666666666667');
  assert.equal(call('bigDecimalOp', 'times', '0.1', '0.1'), '0.01');
  assert.equal(call('bigDecimalOp', 'plus', '1e-6143', '0'), '0.' + '0'.repeat(6142) + '1');
  assert.equal(call('bigDecimalOp', 'equals', '1.50', '1.5'), 'true');
  assert.equal(call('bigDecimalRaw', 0, 0), '0');
  // BigDecimal { digits: 1, exp: 6145 } built in AS → rejected when it crosses into the host
  assert.throws(
    () => (h.exports.bigDecimalRaw as (d: number, e: number) => number)(1, 6145),
    /exponent `6145` is outside/,
  );
  assert.throws(() => call('bigDecimalOp', 'div', '1', '0'), DeterministicError);
  assert.throws(() => call('bigDecimalOp', 'plus', 'x', '1'), /failed to parse BigDecimal/);
});

test('typeConversion, crypto and address parsing through WASM', () => {
  const { h, call } = fresh();
  assert.equal(call('bytesToStringProbe', h.abi.newBytes(Uint8Array.of(0x61, 0x62, 0, 0))), 'ab');
  assert.equal(call('bytesToStringProbe', h.abi.newBytes(Uint8Array.of(0xff))), '\ufffd');
  assert.equal(call('bytesHex', h.abi.newBytes(Uint8Array.of())), '0x');
  // keccak256("") is the well-known c5d2…a470
  assert.equal(
    call('keccak', h.abi.newBytes(Uint8Array.of())),
    '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
  );
  assert.equal(
    call('toAddress', '0xA16081F360e3847006dB660bae1c6d1b2e17eC2A'),
    '0xa16081f360e3847006db660bae1c6d1b2e17ec2a',
  );
  assert.throws(() => call('toAddress', '0x1234'), /Failed to convert string to Address/);
  assert.equal(
    call('base58', h.abi.newBytes(new Uint8Array(Buffer.from('hello world')))),
    'StV1DL6CwTryKyV',
  );
});

test('json and yaml through WASM', () => {
  const { call } = fresh();
  assert.equal(
    call('jsonProbe', '{"z": [1.0, "s", null, false], "a": {"n": -12345678901234567890}}'),
    "{a:{n:#-12345678901234567890},z:[#1.0,'s',null,false]}",
  );
  assert.equal(call('jsonProbe', '[]'), '[]');
  assert.equal(call('jsonProbe', '{bad json'), 'ERROR');
  assert.equal(call('jsonToI64', '-9223372036854775808'), '-9223372036854775808');
  assert.throws(() => call('jsonToI64', '9223372036854775808'), /cannot be parsed as i64/);
  assert.equal(
    call('jsonToBigInt', '123456789012345678901234567890'),
    '123456789012345678901234567890',
  );
  assert.equal(call('jsonToF64', '1.5e3'), '1500.0');
  assert.equal(call('jsonToF64', '-inf'), '-Infinity');
  assert.throws(() => call('jsonToF64', '0x10'), /cannot be parsed as f64/);
  assert.throws(() => call('jsonToBigInt', '1.5'), /not a decimal string/);
  assert.equal(call('yamlProbe', 'a: 1\nlist: [x, 2.50]\n'), "{'a':#1,'list':['x',#2.50]}");
  assert.equal(call('yamlProbe', 'k: !t v'), "{'k':!!t('v')}");
  assert.equal(call('yamlProbe', 'a: [1'), 'ERROR');
});

test('ethereum.encode / decode through WASM', () => {
  const { h, call } = fresh();
  const enc = call('ethEncodeUintAddr', 7, '0x00000000000000000000000000000000000000aa');
  assert.equal(enc, '0x' + '0'.repeat(63) + '7' + '0'.repeat(62) + 'aa');
  assert.equal(
    call('ethDecode', '(int256,address)', h.abi.newHex(enc)),
    'tuple:[int:7,addr:0x00000000000000000000000000000000000000aa]',
  );
  assert.equal(
    call('ethDecode', 'uint256[]', h.abi.newHex('0x' + '0'.repeat(62) + '20' + '0'.repeat(64))),
    'arr:[]',
  );
  assert.equal(call('ethDecode', 'uint256', h.abi.newHex('0x01')), 'null');
});
