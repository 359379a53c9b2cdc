// Memory ABI and host functions end to end: the probe module (test-fixtures/host/probe) is
// compiled with graph-cli's AssemblyScript and each export is driven through the real host.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { instantiate, type HostInstance } from './instance.ts';
import { compiledFixture, fixtureSchema, testServices, type TestServices } from '../../test-fixtures/compiled-fixtures.ts';
import { type EntityData, type EthEvent } from '../internal/types.ts';
import { DeterministicError } from '../internal/errors.ts';
import { TypeId } from './abi/memory.ts';

let probe: WebAssembly.Module;
before(async () => { probe = await compiledFixture('probe/probe.ts'); });

function fresh(svc: TestServices = testServices()): { h: HostInstance; svc: TestServices; call: (name: string, ...args: (number | string)[]) => string } {
  const h = instantiate(probe, svc);
  const call = (name: string, ...args: (number | string)[]) => {
    const ptrs = args.map((a) => (typeof a === 'string' ? h.abi.newStr(a) : a));
    const r = (h.exports[name] as (...a: number[]) => number)(...ptrs);
    return r === undefined ? '' : h.abi.str(r);
  };
  return { h, svc, call };
}

test('strings: UTF-16 round trip, including surrogate pairs and empty', () => {
  const { h } = fresh();
  for (const s of ['', 'abc', 'héllo', '𝔘nicode ✓', 'x'.repeat(10000)]) assert.equal(h.abi.str(h.abi.newStr(s)), s);
  const p = h.abi.newStr('ab');
  assert.equal(h.memory.rtSize(p), 4); // rtSize = byte length at ptr-4
  assert.equal(h.memory.rtId(p), h.memory.rtIdOf(TypeId.String));
});

test('entity written by the host is read by AssemblyScript with every value kind', () => {
  const { h, call } = fresh();
  const e: EntityData = new Map([
    ['s', { kind: 'String', value: 'héllo' }], ['i', { kind: 'Int', value: -42 }],
    ['d', { kind: 'BigDecimal', value: '-1.25' }], ['b', { kind: 'Bool', value: true }],
    ['a', { kind: 'Array', value: [{ kind: 'String', value: 'x' }, { kind: 'Null' }] }], ['n', { kind: 'Null' }],
    ['x', { kind: 'Bytes', value: Uint8Array.of(0xde, 0xad) }], ['g', { kind: 'BigInt', value: -(10n ** 30n) }],
    ['l', { kind: 'Int8', value: -9007199254740993n }], ['t', { kind: 'Timestamp', value: 1700000000000000n }],
    ['empty', { kind: 'Array', value: [] }],
  ]);
  assert.equal(call('describeEntity', h.abi.newEntity(e)),
    's=S:héllo;i=I:-42;d=D:-1.25;b=B:true;a=A:[S:x,N];n=N;x=X:0xdead;g=G:-1000000000000000000000000000000;l=L:-9007199254740993;t=T:1700000000000000;empty=A:[]');
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
  assert.deepEqual(e.get('a'), { kind: 'Array', value: [{ kind: 'String', value: 'x' }, { kind: 'String', value: 'y' }] });
  assert.deepEqual(e.get('n'), { kind: 'Null' });
  assert.deepEqual(e.get('x'), { kind: 'Bytes', value: Uint8Array.of(0xde, 0xad, 0xbe, 0xef) });
  assert.deepEqual(e.get('g'), { kind: 'BigInt', value: -123456789012345678901234567890n });
  assert.deepEqual(e.get('l'), { kind: 'Int8', value: -9007199254740993n });
  assert.deepEqual(e.get('t'), { kind: 'Timestamp', value: 1700000000000000n });
  assert.deepEqual(e.get('empty'), { kind: 'Array', value: [] });
});

const block = {
  hash: `0x${'11'.repeat(32)}`, parentHash: `0x${'22'.repeat(32)}`, unclesHash: `0x${'00'.repeat(32)}`, author: `0x${'33'.repeat(20)}`,
  stateRoot: '0x', transactionsRoot: '0x', receiptsRoot: '0x', number: 19000000n, gasUsed: 1n, gasLimit: 2n,
  timestamp: 1700000000n, difficulty: 0n, totalDifficulty: 0n, size: null, baseFeePerGas: 7n,
} as const;
const tx = { hash: `0x${'ab'.repeat(32)}`, index: 1n, from: `0x${'44'.repeat(20)}`, to: null, value: 10n ** 18n, gasLimit: 0n, gasPrice: 0n, input: '0x', nonce: 0n } as const;

test('ethereum.Event, Block, Transaction, Receipt and Log layouts', () => {
  const { h, call } = fresh();
  const ev: EthEvent = {
    address: `0x${'55'.repeat(20)}`, logIndex: 3n, transactionLogIndex: 0n, logType: null, block: { ...block }, transaction: { ...tx },
    parameters: [
      { name: 'who', value: { kind: 'address', value: `0x${'66'.repeat(20)}` } },
      { name: 'amt', value: { kind: 'int', value: -5n } },
      { name: 'list', value: { kind: 'array', value: [{ kind: 'uint', value: 2n ** 255n }, { kind: 'uint', value: 0n }] } },
      { name: 'pair', value: { kind: 'tuple', value: [{ kind: 'bool', value: true }, { kind: 'string', value: 'ok' }] } },
      { name: 'raw', value: { kind: 'fixedBytes', value: '0x0102' } },
      { name: 'empty', value: { kind: 'array', value: [] } },
    ],
    receipt: {
      transactionHash: tx.hash, transactionIndex: 1n, blockHash: block.hash, blockNumber: block.number, cumulativeGasUsed: 5n, gasUsed: 3n,
      contractAddress: null, status: 1n, root: null, logsBloom: '0x00',
      logs: [{ address: `0x${'55'.repeat(20)}`, topics: [`0x${'aa'.repeat(32)}`, `0x${'bb'.repeat(32)}`], data: '0xbeef', blockHash: block.hash, blockNumber: block.number, transactionHash: tx.hash, transactionIndex: 1n, logIndex: 3n, transactionLogIndex: 0n, logType: null, removed: false }],
    },
  };
  assert.equal(call('describeEvent', h.abi.newEvent(ev)),
    `0x${'55'.repeat(20)}|3|0|null|blk:19000000,0x${'11'.repeat(32)},1700000000,7|tx:0x${'ab'.repeat(32)},0x${'44'.repeat(20)},noto,1000000000000000000` +
    `|who=addr:0x${'66'.repeat(20)}|amt=int:-5|list=arr:[uint:${2n ** 255n},uint:0]|pair=tuple:[bool:true,str:ok]|raw=fb:0x0102|empty=arr:[]` +
    '|rcpt:1,1,2,0xbeef');
  assert.equal(call('describeBlock', h.abi.newBlock({ ...block })), `19000000|0x${'33'.repeat(20)}|nosize`);
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
    ['div', '-7', '2', '-3'], ['mod', '-7', '2', '-1'], ['mod', '7', '-2', '1'], ['times', '-3', '0', '0'],
    ['pow', '-2', '3', '-8'], ['pow', '10', '0', '1'], ['shr', '-5', '1', '-3'], ['shl', '1', '255', (1n << 255n).toString()],
    ['or', '-16', '1', '-15'], ['and', '-1', '255', '255'], ['plus', '99999999999999999999', '1', '100000000000000000000'],
    ['minus', '0', '1', '-1'], ['hex', '-255', '0', '0xff'], ['hex', '0', '0', '0x0'], ['divDecimal', '1', '3', '0.3333333333333333333333333333333333'],
  ];
  for (const [op, a, b, want] of cases) assert.equal(call('bigIntOp', op, a, b), want, `${op}(${a}, ${b})`);
  assert.throws(() => call('bigIntOp', 'div', '1', '0'), DeterministicError);
});

test('bigDecimal host functions through WASM (34 digits, exponent limits)', () => {
  const { h, call } = fresh();
  assert.equal(call('bigDecimalOp', 'div', '2', '3'), '0.6666666666666666666666666666666667');
  assert.equal(call('bigDecimalOp', 'times', '0.1', '0.1'), '0.01');
  assert.equal(call('bigDecimalOp', 'plus', '1e-6143', '0'), '0.' + '0'.repeat(6142) + '1');
  assert.equal(call('bigDecimalOp', 'equals', '1.50', '1.5'), 'true');
  assert.equal(call('bigDecimalRaw', 0, 0), '0');
  // BigDecimal { digits: 1, exp: 6145 } built in AS → rejected when it crosses into the host
  assert.throws(() => (h.exports.bigDecimalRaw as (d: number, e: number) => number)(1, 6145), /exponent `6145` is outside/);
  assert.throws(() => call('bigDecimalOp', 'div', '1', '0'), DeterministicError);
  assert.throws(() => call('bigDecimalOp', 'plus', 'x', '1'), /failed to parse BigDecimal/);
});

test('typeConversion, crypto and address parsing through WASM', () => {
  const { h, call } = fresh();
  assert.equal(call('bytesToStringProbe', h.abi.newBytes(Uint8Array.of(0x61, 0x62, 0, 0))), 'ab');
  assert.equal(call('bytesToStringProbe', h.abi.newBytes(Uint8Array.of(0xff))), '\ufffd');
  assert.equal(call('bytesHex', h.abi.newBytes(Uint8Array.of())), '0x');
  // keccak256("") is the well-known c5d2…a470
  assert.equal(call('keccak', h.abi.newBytes(Uint8Array.of())), '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
  assert.equal(call('toAddress', '0xA16081F360e3847006dB660bae1c6d1b2e17eC2A'), '0xa16081f360e3847006db660bae1c6d1b2e17ec2a');
  assert.throws(() => call('toAddress', '0x1234'), /Failed to convert string to Address/);
  assert.equal(call('base58', h.abi.newBytes(new Uint8Array(Buffer.from('hello world')))), 'StV1DL6CwTryKyV');
});

test('json and yaml through WASM', () => {
  const { call } = fresh();
  assert.equal(call('jsonProbe', '{"z": [1.0, "s", null, false], "a": {"n": -12345678901234567890}}'), "{a:{n:#-12345678901234567890},z:[#1.0,'s',null,false]}");
  assert.equal(call('jsonProbe', '[]'), '[]');
  assert.equal(call('jsonProbe', '{bad json'), 'ERROR');
  assert.equal(call('jsonToI64', '-9223372036854775808'), '-9223372036854775808');
  assert.throws(() => call('jsonToI64', '9223372036854775808'), /cannot be parsed as i64/);
  assert.equal(call('jsonToBigInt', '123456789012345678901234567890'), '123456789012345678901234567890');
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
  assert.equal(call('ethDecode', '(int256,address)', h.abi.newHex(enc)), 'tuple:[int:7,addr:0x00000000000000000000000000000000000000aa]');
  assert.equal(call('ethDecode', 'uint256[]', h.abi.newHex('0x' + '0'.repeat(62) + '20' + '0'.repeat(64))), 'arr:[]');
  assert.equal(call('ethDecode', 'uint256', h.abi.newHex('0x01')), 'null');
});

test('ethereum.call: returns values, or null on revert', () => {
  const svc = testServices({ call: (c) => (c.args[0]!.value === '0x00000000000000000000000000000000000000bb' ? null : [{ kind: 'uint', value: 42n }]) });
  const { call } = fresh(svc);
  assert.equal(call('callBalanceOf', '0x00000000000000000000000000000000000000aa', '0x00000000000000000000000000000000000000cc'), '42');
  assert.equal(call('callBalanceOf', '0x00000000000000000000000000000000000000aa', '0x00000000000000000000000000000000000000bb'), 'reverted');
  assert.equal(svc.calls[0]!.functionSignature, 'balanceOf(address):(uint256)');
  assert.equal(svc.calls[0]!.contractName, 'ERC20');
  assert.equal(svc.calls[0]!.address, '0x00000000000000000000000000000000000000aa');
});

test('store: get null entity, set merges, get_in_block, loadRelated', () => {
  const schema = fixtureSchema('probe/probe-schema.graphql');
  const svc = testServices({ schema });
  const { h, call } = fresh(svc);
  assert.equal(call('storeGet', 'Item', 'nope'), 'null');
  const item = (fields: [string, import('../internal/types.ts').StoreValue][]) => h.abi.newEntity(new Map(fields));
  (h.exports.storeSet as (...a: number[]) => void)(h.abi.newStr('Item'), h.abi.newStr('i1'),
    item([['name', { kind: 'String', value: 'one' }], ['count', { kind: 'Int', value: 1 }], ['owner', { kind: 'Bytes', value: Uint8Array.of(0xaa) }]]));
  // second set names only `count`: the other fields are kept (graph-node merges)
  (h.exports.storeSet as (...a: number[]) => void)(h.abi.newStr('Item'), h.abi.newStr('i1'), item([['count', { kind: 'Int', value: 2 }]]));
  assert.equal(call('storeGet', 'Item', 'i1'), 'id=S:i1;name=S:one;count=I:2;owner=X:0xaa');
  assert.equal(call('storeGetInBlock', 'Item', 'i1'), 'id=S:i1;name=S:one;count=I:2;owner=X:0xaa');
  svc.store.newBlock();
  assert.equal(call('storeGetInBlock', 'Item', 'i1'), 'null');
  assert.equal(call('loadRelated', 'Owner', '0xaa', 'items'), '1:id=S:i1;name=S:one;count=I:2;owner=X:0xaa');
  assert.equal(call('loadRelated', 'Owner', '0xbb', 'items'), '0:');
  // setting a field to null removes it
  (h.exports.storeSet as (...a: number[]) => void)(h.abi.newStr('Item'), h.abi.newStr('i1'), item([['owner', { kind: 'Null' }]]));
  assert.equal(call('storeGet', 'Item', 'i1'), 'id=S:i1;name=S:one;count=I:2');
});

test('store.set validation: deterministic errors naming entity, id and field', () => {
  const schema = fixtureSchema('probe/probe-schema.graphql');
  const { h } = fresh(testServices({ schema }));
  const set = (type: string, id: string, fields: [string, import('../internal/types.ts').StoreValue][]) =>
    (h.exports.storeSet as (...a: number[]) => void)(h.abi.newStr(type), h.abi.newStr(id), h.abi.newEntity(new Map(fields)));
  const ok: [string, import('../internal/types.ts').StoreValue][] = [['name', { kind: 'String', value: 'n' }], ['count', { kind: 'Int', value: 1 }]];
  assert.throws(() => set('Item', 'a', [['name', { kind: 'String', value: 'n' }]]), /Entity Item\[a\]: missing value for non-nullable field `count`/);
  assert.throws(() => set('Item', 'b', [...ok, ['amount', { kind: 'String', value: '1' }]]), /Entity Item\[b\]: the value `1` for field `amount` must have type BigInt but has type String/);
  assert.throws(() => set('Item', 'c', [...ok, ['id', { kind: 'String', value: 'other' }]]), /conflicts with ID passed to `store.set\(\)`: other != c/);
  assert.throws(() => set('Item', 'd', [...ok, ['nope', { kind: 'Int', value: 1 }]]), /Entity Item\[d\]: unknown field `nope`/);
  assert.throws(() => set('Item', 'e', [...ok, ['kind', { kind: 'String', value: 'C' }]]), /not a value of enum Kind/);
  assert.throws(() => set('Item', 'f', [...ok, ['tags', { kind: 'Array', value: [{ kind: 'Null' }] }]]), /field `tags` must have type \[String\]/);
  assert.throws(() => set('Owner', '0xaa', [['items', { kind: 'Array', value: [] }]]), /field `items` is derived and can not be set/);
  assert.throws(() => set('Nope', 'x', ok), /Entity type `Nope` is not defined/);
  assert.doesNotThrow(() => set('Item', 'g', [...ok, ['tags', { kind: 'Array', value: [] }], ['kind', { kind: 'String', value: 'A' }], ['ratio', { kind: 'BigDecimal', value: '0.5' }]]));
  assert.doesNotThrow(() => set('Owner', '0xAA', []));
});

test('log: levels are forwarded, critical aborts the handler', () => {
  const svc = testServices();
  const { h, call } = fresh(svc);
  (h.exports.logInfo as (p: number) => void)(h.abi.newStr('hi'));
  assert.deepEqual(svc.logs, ['info: info hi x']);
  assert.throws(() => call('logCritical', 'boom'), (e: unknown) => e instanceof DeterministicError && /critical: boom/.test(e.message));
  assert.equal(svc.logs.at(-1), 'critical: critical: boom');
});

test('abort carries the AssemblyScript message, file and line', () => {
  const { h } = fresh();
  assert.throws(() => (h.exports.abortWith as (p: number) => void)(h.abi.newStr('custom failure')),
    /Mapping aborted at (probe\/)?probe\.ts, line \d+, column \d+, with message: custom failure/);
});

test('dataSource address/network/context and arrays', () => {
  const { h, call } = fresh();
  assert.equal(call('dataSourceInfo'), '0x00000000000000000000000000000000000000aa|devnet|k=S:v');
  assert.equal((h.exports.stringArrayLen as (p: number) => number)(h.abi.newStringArray([])), 0);
  assert.equal((h.exports.stringArrayLen as (p: number) => number)(h.abi.newStringArray(['a', 'b', 'c'])), 3);
});

test('ipfs.cat and ipfs.map (newline-delimited JSON, callback by export name, user data)', () => {
  const schema = fixtureSchema('probe/probe-schema.graphql');
  const svc = testServices({ schema });
  svc.ipfsCat = (hash) => (hash === 'QmList' ? new TextEncoder().encode('{"id": "a", "n": 1}\n\n{"id": "b", "n": 2}\n') : null);
  const { call } = fresh(svc);
  assert.equal(call('ipfsCatProbe', 'QmMissing'), 'null');
  assert.equal(call('ipfsCatProbe', 'QmList').split('\n')[0], '{"id": "a", "n": 1}');
  call('ipfsMapProbe', 'QmList');
  assert.deepEqual(svc.store.get('Item', 'a')?.get('name'), { kind: 'String', value: 'user-data:a' });
  assert.deepEqual(svc.store.get('Item', 'b')?.get('count'), { kind: 'Int', value: 2 });
  assert.throws(() => call('ipfsMapProbe', 'QmMissing'), /ipfs.map: file QmMissing not found/);
});
