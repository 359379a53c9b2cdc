// Host functions that reach outside the module, end to end through the probe module:
// ethereum.call, the store, logging, abort, the data source and ipfs.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureSchema, testServices } from '../../test-fixtures/compiled-fixtures.ts';
import { probeHost } from '../../test-fixtures/probe-host.ts';
import { DeterministicError } from '../internal/errors.ts';

let fresh: Awaited<ReturnType<typeof probeHost>>;
before(async () => {
  fresh = await probeHost();
});

test('ethereum.call: returns values, or null on revert', () => {
  const svc = testServices({
    call: (c) =>
      c.args[0]!.value === '0x00000000000000000000000000000000000000bb'
        ? null
        : [{ kind: 'uint', value: 42n }],
  });
  const { call } = fresh(svc);
  assert.equal(
    call(
      'callBalanceOf',
      '0x00000000000000000000000000000000000000aa',
      '0x00000000000000000000000000000000000000cc',
    ),
    '42',
  );
  assert.equal(
    call(
      'callBalanceOf',
      '0x00000000000000000000000000000000000000aa',
      '0x00000000000000000000000000000000000000bb',
    ),
    'reverted',
  );
  assert.equal(svc.calls[0]!.functionSignature, 'balanceOf(address):(uint256)');
  assert.equal(svc.calls[0]!.contractName, 'ERC20');
  assert.equal(svc.calls[0]!.address, '0x00000000000000000000000000000000000000aa');
});

test('store: get null entity, set merges, get_in_block, loadRelated', () => {
  const schema = fixtureSchema('probe/probe-schema.graphql');
  const svc = testServices({ schema });
  const { h, call } = fresh(svc);
  assert.equal(call('storeGet', 'Item', 'nope'), 'null');
  const item = (fields: [string, import('../internal/types.ts').StoreValue][]) =>
    h.abi.newEntity(new Map(fields));
  (h.exports.storeSet as (...a: number[]) => void)(
    h.abi.newStr('Item'),
    h.abi.newStr('i1'),
    item([
      ['name', { kind: 'String', value: 'one' }],
      ['count', { kind: 'Int', value: 1 }],
      ['owner', { kind: 'Bytes', value: Uint8Array.of(0xaa) }],
    ]),
  );
  // second set names only `count`: the other fields are kept (graph-node merges)
  (h.exports.storeSet as (...a: number[]) => void)(
    h.abi.newStr('Item'),
    h.abi.newStr('i1'),
    item([['count', { kind: 'Int', value: 2 }]]),
  );
  assert.equal(call('storeGet', 'Item', 'i1'), 'id=S:i1;name=S:one;count=I:2;owner=X:0xaa');
  assert.equal(call('storeGetInBlock', 'Item', 'i1'), 'id=S:i1;name=S:one;count=I:2;owner=X:0xaa');
  svc.store.newBlock();
  assert.equal(call('storeGetInBlock', 'Item', 'i1'), 'null');
  assert.equal(
    call('loadRelated', 'Owner', '0xaa', 'items'),
    '1:id=S:i1;name=S:one;count=I:2;owner=X:0xaa',
  );
  assert.equal(call('loadRelated', 'Owner', '0xbb', 'items'), '0:');
  // setting a field to null removes it
  (h.exports.storeSet as (...a: number[]) => void)(
    h.abi.newStr('Item'),
    h.abi.newStr('i1'),
    item([['owner', { kind: 'Null' }]]),
  );
  assert.equal(call('storeGet', 'Item', 'i1'), 'id=S:i1;name=S:one;count=I:2');
});

test('store.set validation: deterministic errors naming entity, id and field', () => {
  const schema = fixtureSchema('probe/probe-schema.graphql');
  const { h } = fresh(testServices({ schema }));
  const set = (
    type: string,
    id: string,
    fields: [string, import('../internal/types.ts').StoreValue][],
  ) =>
    (h.exports.storeSet as (...a: number[]) => void)(
      h.abi.newStr(type),
      h.abi.newStr(id),
      h.abi.newEntity(new Map(fields)),
    );
  const ok: [string, import('../internal/types.ts').StoreValue][] = [
    ['name', { kind: 'String', value: 'n' }],
    ['count', { kind: 'Int', value: 1 }],
  ];
  assert.throws(
    () => set('Item', 'a', [['name', { kind: 'String', value: 'n' }]]),
    /Entity Item\[a\]: missing value for non-nullable field `count`/,
  );
  assert.throws(
    () => set('Item', 'b', [...ok, ['amount', { kind: 'String', value: '1' }]]),
    /Entity Item\[b\]: the value `1` for field `amount` must have type BigInt but has type String/,
  );
  assert.throws(
    () => set('Item', 'c', [...ok, ['id', { kind: 'String', value: 'other' }]]),
    /conflicts with ID passed to `store.set\(\)`: other != c/,
  );
  assert.throws(
    () => set('Item', 'd', [...ok, ['nope', { kind: 'Int', value: 1 }]]),
    /Entity Item\[d\]: unknown field `nope`/,
  );
  assert.throws(
    () => set('Item', 'e', [...ok, ['kind', { kind: 'String', value: 'C' }]]),
    /not a value of enum Kind/,
  );
  assert.throws(
    () => set('Item', 'f', [...ok, ['tags', { kind: 'Array', value: [{ kind: 'Null' }] }]]),
    /field `tags` must have type \[String\]/,
  );
  assert.throws(
    () => set('Owner', '0xaa', [['items', { kind: 'Array', value: [] }]]),
    /field `items` is derived and can not be set/,
  );
  assert.throws(() => set('Nope', 'x', ok), /Entity type `Nope` is not defined/);
  assert.doesNotThrow(() =>
    set('Item', 'g', [
      ...ok,
      ['tags', { kind: 'Array', value: [] }],
      ['kind', { kind: 'String', value: 'A' }],
      ['ratio', { kind: 'BigDecimal', value: '0.5' }],
    ]),
  );
  assert.doesNotThrow(() => set('Owner', '0xAA', []));
});

test('log: levels are forwarded, critical aborts the handler', () => {
  const svc = testServices();
  const { h, call } = fresh(svc);
  (h.exports.logInfo as (p: number) => void)(h.abi.newStr('hi'));
  assert.deepEqual(svc.logs, ['info: info hi x']);
  assert.throws(
    () => call('logCritical', 'boom'),
    (e: unknown) => e instanceof DeterministicError && /critical: boom/.test(e.message),
  );
  assert.equal(svc.logs.at(-1), 'critical: critical: boom');
});

test('abort carries the AssemblyScript message, file and line', () => {
  const { h } = fresh();
  assert.throws(
    () => (h.exports.abortWith as (p: number) => void)(h.abi.newStr('custom failure')),
    /Mapping aborted at (probe\/)?probe\.ts, line \d+, column \d+, with message: custom failure/,
  );
});

test('dataSource address/network/context and arrays', () => {
  const { h, call } = fresh();
  assert.equal(call('dataSourceInfo'), '0x00000000000000000000000000000000000000aa|devnet|k=S:v');
  assert.equal((h.exports.stringArrayLen as (p: number) => number)(h.abi.newStringArray([])), 0);
  assert.equal(
    (h.exports.stringArrayLen as (p: number) => number)(h.abi.newStringArray(['a', 'b', 'c'])),
    3,
  );
});

test('ipfs.cat and ipfs.map (newline-delimited JSON, callback by export name, user data)', () => {
  const schema = fixtureSchema('probe/probe-schema.graphql');
  const svc = testServices({ schema });
  svc.ipfsCat = (hash) =>
    hash === 'QmList'
      ? new TextEncoder().encode('{"id": "a", "n": 1}\n\n{"id": "b", "n": 2}\n')
      : null;
  const { call } = fresh(svc);
  assert.equal(call('ipfsCatProbe', 'QmMissing'), 'null');
  assert.equal(call('ipfsCatProbe', 'QmList').split('\n')[0], '{"id": "a", "n": 1}');
  call('ipfsMapProbe', 'QmList');
  assert.deepEqual(svc.store.get('Item', 'a')?.get('name'), {
    kind: 'String',
    value: 'user-data:a',
  });
  assert.deepEqual(svc.store.get('Item', 'b')?.get('count'), { kind: 'Int', value: 2 });
  assert.throws(() => call('ipfsMapProbe', 'QmMissing'), /ipfs.map: file QmMissing not found/);
});
