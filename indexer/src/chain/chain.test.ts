import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { keccak256, toBytes, type Hex } from 'viem';
import { FakeChain } from '../../test-fixtures/ingest/fake-chain.ts';
import { AdaptiveRange, ChainSource } from './source.ts';
import { JsonRpc, RpcResponseError } from './rpc.ts';
import { CallCache } from './call-cache.ts';
import { type EthBlock } from '../internal/types.ts';
import { NeedsAsync } from '../internal/errors.ts';

const chain = new FakeChain(1);
const A = ('0x' + 'aa'.repeat(20)) as Hex;
const T = keccak256(toBytes('Ev(uint256)'));
before(async () => {
  for (let i = 1; i < 300; i++)
    chain.mine(
      i % 3 === 0
        ? [[{ address: A, topics: [T], data: ('0x' + i.toString(16).padStart(64, '0')) as Hex }]]
        : [],
    );
  await chain.start();
});
after(() => chain.stop());

const fast = (o: Partial<ConstructorParameters<typeof JsonRpc>[0]> = {}) =>
  new JsonRpc({ url: chain.url, timeoutMs: 300, baseDelayMs: 5, maxDelayMs: 50, ...o });

test('retries timeouts, resets, 5xx, malformed JSON and transient RPC errors; never returns a wrong answer', async () => {
  chain.faults.push(
    { fault: { kind: 'timeout', ms: 1000 } },
    { fault: { kind: 'reset' } },
    { fault: { kind: 'status', status: 502 } },
    { fault: { kind: 'badjson' } },
    { fault: { kind: 'rpc-error', code: -32000, message: 'header not found' } },
  );
  const retries: string[] = [];
  const rpc = fast({ onRetry: ({ error }) => retries.push(error.message) });
  const head = await rpc.request<string>('eth_blockNumber');
  assert.equal(Number(head), chain.head); // ground truth: the chain
  assert.equal(retries.length, 5, retries.join('\n'));
  assert.match(retries[0], /timeout/);
  assert.match(retries[2], /HTTP 502/);
  assert.match(retries[3], /malformed JSON/);
  assert.equal(chain.faults.length, 0);
});

test('429 honours Retry-After', async () => {
  chain.faults.push({ fault: { kind: 'status', status: 429, retryAfter: '1' } });
  const t0 = Date.now();
  const rpc = fast();
  assert.equal(Number(await rpc.request('eth_blockNumber')), chain.head);
  assert.ok(Date.now() - t0 >= 950, `waited only ${Date.now() - t0} ms`);
});

test('backoff grows exponentially and gives up only when told to', async () => {
  for (let i = 0; i < 4; i++) chain.faults.push({ fault: { kind: 'status', status: 503 } });
  const delays: number[] = [];
  const rpc = new JsonRpc({
    url: chain.url,
    baseDelayMs: 10,
    maxDelayMs: 1000,
    onRetry: ({ delayMs }) => delays.push(delayMs),
  });
  await rpc.request('eth_blockNumber');
  assert.equal(delays.length, 4);
  // jitter is ±25%: each step at least 1.5× the previous base
  assert.ok(delays[3] >= 60 && delays[3] <= 100, `delays ${delays}`);
  chain.faults.push(
    { fault: { kind: 'status', status: 503 } },
    { fault: { kind: 'status', status: 503 } },
  );
  await assert.rejects(
    new JsonRpc({ url: chain.url, baseDelayMs: 1, maxAttempts: 2 }).request('eth_blockNumber'),
    /HTTP 503/,
  );
  chain.faults.length = 0;
});

test('JSON-RPC errors that are not transient surface as RpcResponseError', async () => {
  await assert.rejects(
    fast().request('eth_nope'),
    (e) => e instanceof RpcResponseError && e.code === -32601,
  );
});

test('batch returns results in order', async () => {
  const r = await fast().batch<{ number: string }>(
    [5, 1, 9].map((n) => ({
      method: 'eth_getBlockByNumber',
      params: ['0x' + n.toString(16), false],
    })),
  );
  assert.deepEqual(
    r.map((b) => Number(b.number)),
    [5, 1, 9],
  );
  assert.equal(r[0].number, '0x5');
});

test('null blocks are retried, not skipped', async () => {
  chain.faults.push({ method: 'eth_getBlockByNumber', fault: { kind: 'null-block' } });
  const src = new ChainSource(fast());
  const [b] = await src.getBlocks([7], true);
  assert.equal(b.hash, chain.blocks[7].hash);
});

test('getLogs splits on "too many results", shrinks the range, and returns exactly the chain\'s logs', async () => {
  chain.maxLogRange = 40;
  try {
    const range = new AdaptiveRange(1000, 10_000);
    const src = new ChainSource(fast(), range);
    const logs = await src.getLogs(0, chain.head, [{ addresses: [A], topics0: [T] }]);
    const truth = chain.allLogs().filter((l) => l.address === A);
    assert.equal(logs.length, truth.length);
    assert.deepEqual(
      logs.map((l) => [Number(l.blockNumber), l.data]),
      truth.map((l) => [l.block, l.data]),
    );
    // shrunk to what the node accepts (it may grow back one step after a sparse success)
    assert.ok(range.size <= 80, `range ${range.size}`);
  } finally {
    chain.maxLogRange = Infinity;
  }
});

test('AdaptiveRange grows while sparse and shrinks when dense or slow', () => {
  const r = new AdaptiveRange(100, 1000, 1000);
  r.success(100, 10, 50);
  assert.equal(r.size, 200);
  r.success(200, 10, 50);
  r.success(400, 10, 50);
  r.success(800, 10, 50);
  assert.equal(r.size, 1000); // capped
  r.success(1000, 5000, 50);
  assert.equal(r.size, 500);
  r.success(500, 10, 60_000);
  assert.equal(r.size, 250);
  r.success(10, 0, 1); // a short range says nothing
  assert.equal(r.size, 250);
  r.tooLarge(250);
  assert.equal(r.size, 125);
});

test('CallCache: miss throws NeedsAsync whose work fills the cache; reverts are null', async () => {
  chain.callFn = (to, data, block) =>
    data === '0xdead' ? 'revert' : (('0x' + block.toString(16).padStart(64, '0')) as Hex);
  const src = new ChainSource(fast());
  const cc = new CallCache(src);
  const acc = cc.access();
  const block = { number: 12n, hash: chain.blocks[12].hash } as EthBlock;
  let err: unknown;
  try {
    acc.call({ address: A, data: '0x1234', block });
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof NeedsAsync);
  await (err as NeedsAsync).work();
  assert.equal(BigInt(acc.call({ address: A, data: '0x1234', block })!), 12n);
  try {
    acc.call({ address: A, data: '0xdead', block });
  } catch (e) {
    await (e as NeedsAsync).work();
  }
  assert.equal(acc.call({ address: A, data: '0xdead', block }), null);
  assert.equal(cc.stats.misses, 2);
});

test('credentials in the RPC URL go out as HTTP Basic auth, not in the URL', async () => {
  const { createServer } = await import('node:http');
  const seen: { auth?: string; url?: string }[] = [];
  const server = createServer((req, res) => {
    seen.push({ auth: req.headers.authorization, url: req.url });
    req
      .resume()
      .on('end', () => res.end(JSON.stringify({ jsonrpc: '2.0', id: 1, result: '0x7a69' })));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const port = (server.address() as { port: number }).port;
    const rpc = new JsonRpc({
      url: `http://alice:p%40ss@127.0.0.1:${port}/v1`,
      timeoutMs: 1000,
      maxAttempts: 1,
    });
    assert.equal(await rpc.request('eth_chainId'), '0x7a69');
    assert.deepEqual(seen, [
      { auth: `Basic ${Buffer.from('alice:p@ss').toString('base64')}`, url: '/v1' },
    ]);
    assert.doesNotMatch(rpc.url, /alice|p%40ss/);
  } finally {
    server.close();
  }
});
