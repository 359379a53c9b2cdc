// Prefetches of several blocks made together go out as shared JSON-RPC batches, with
// ChainSource.callMany's answers: results in order, reverts as null, other errors per block.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChainSource } from '../chain/source.ts';
import { JsonRpc, RpcResponseError } from '../chain/rpc.ts';
import type { RpcCall } from '../chain/rpc.ts';
import type { Hex } from '../internal/types.ts';
import { coalescingCalls } from './call-batcher.ts';

function fakeChain(
  answer: (c: RpcCall) => { ok: true; result: Hex } | { ok: false; error: RpcResponseError },
) {
  const rpc = new JsonRpc({ url: 'http://127.0.0.1:1' });
  const batches: RpcCall[][] = [];
  (rpc as unknown as { batchSettled: unknown }).batchSettled = async (calls: RpcCall[]) => {
    batches.push(calls);
    return calls.map(answer);
  };
  return { chain: new ChainSource(rpc), batches };
}

const req = (i: number) => ({
  to: ('0x' + i.toString(16).padStart(40, '0')) as Hex,
  data: '0x01' as Hex,
});

test('callMany of several blocks in one run: one batch, answers per block in order', async () => {
  const { chain, batches } = fakeChain((c) => {
    const [{ to }, block] = c.params as [{ to: string }, string];
    return { ok: true, result: `0x${to.slice(-2)}${block.slice(2)}` as Hex };
  });
  const calls = coalescingCalls(chain);
  assert.ok(calls instanceof ChainSource);
  const [a, b, c] = await Promise.all([
    calls.callMany([req(1), req(2)], 10n),
    calls.callMany([req(3)], 11n),
    calls.callMany([], 12n),
  ]);
  assert.equal(batches.length, 1);
  assert.equal(batches[0]!.length, 3);
  assert.deepEqual(a, ['0x01a', '0x02a']);
  assert.deepEqual(b, ['0x03b']);
  assert.deepEqual(c, []);
  // a later run is a new batch; more than 50 calls are split
  await calls.callMany(
    Array.from({ length: 120 }, (_, i) => req(i)),
    13n,
  );
  assert.deepEqual(
    batches.slice(1).map((x) => x.length),
    [50, 50, 20],
  );
});

test('callMany coalesced: a revert is null, another error fails only the blocks it belongs to', async () => {
  const { chain } = fakeChain((c) => {
    const [{ to }, block] = c.params as [{ to: string }, string];
    if (to.endsWith('02'))
      return { ok: false, error: new RpcResponseError('eth_call', 3, 'execution reverted') };
    if (block === '0xb')
      return {
        ok: false,
        error: new RpcResponseError('eth_call', -32601, 'method handler crashed'),
      };
    return { ok: true, result: '0x1' as Hex };
  });
  const calls = coalescingCalls(chain);
  const [a, b] = await Promise.allSettled([
    calls.callMany([req(1), req(2)], 10n),
    calls.callMany([req(3)], 11n),
  ]);
  assert.deepEqual(a, { status: 'fulfilled', value: ['0x1', null] });
  assert.equal(b.status, 'rejected');
  assert.match(String((b as PromiseRejectedResult).reason?.message), /crashed/);
});
