// Ingestion against a fake chain served over real HTTP JSON-RPC, a JS "mapping" and an
// in-memory versioned store. Expected values are computed from the fake chain's canonical logs.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { encodeAbiParameters, keccak256, toBytes, pad, type Hex } from 'viem';
import { FakeChain, type FakeLog } from '../../test-fixtures/ingest/fake-chain.ts';
import { MemStore } from '../../test-fixtures/ingest/fake-store.ts';
import { loadManifest } from '../manifest/index.ts';
import { parseSchema } from '../schema/index.ts';
import { ChainSource } from '../chain/source.ts';
import { JsonRpc } from '../chain/rpc.ts';
import { Indexer } from './indexer.ts';
import type { MappingLoader, MappingModule } from './types.ts';
import {
  type EthEvent,
  type EthBlock,
  type TriggerContext,
  type StoreValue,
} from '../internal/types.ts';
import { DeterministicError } from '../internal/errors.ts';

const manifest = loadManifest(
  new URL('../../test-fixtures/ingest/basic', import.meta.url).pathname,
);
const schema = parseSchema(manifest.schemaSource, manifest.schemaFile);
const SRC = '0x00000000000000000000000000000000000000aa' as Hex;
const TOK_X = ('0x' + '0b'.repeat(20)) as Hex;
const TOK_Y = ('0x' + '0c'.repeat(20)) as Hex;
const topic = (s: string) => keccak256(toBytes(s));
const u256 = (n: bigint) => encodeAbiParameters([{ type: 'uint256' }], [n]);
const created = (token: Hex): FakeLog => ({
  address: SRC,
  topics: [topic('Created(address,uint256)'), pad(token)],
  data: u256(1n),
});
const ping = (): FakeLog => ({
  address: SRC,
  topics: [topic('Ping(uint256,(address,bytes32))')],
  data: encodeAbiParameters(
    [
      { type: 'uint256' },
      { type: 'tuple', components: [{ type: 'address' }, { type: 'bytes32' }] },
    ],
    [7n, [SRC, pad('0x01')]],
  ),
});
const transfer = (token: Hex, v: bigint): FakeLog => ({
  address: token,
  topics: [topic('Transfer(address,address,uint256)'), pad(SRC), pad(TOK_Y)],
  data: u256(v),
});

const big = (v: bigint): StoreValue => ({ kind: 'BigInt', value: v });

/** A JS stand-in for the WASM mappings: records the trigger order and writes entities. */
function fakeMappings(
  trace: string[],
  opts: { failOn?: bigint; callFirst?: boolean } = {},
): MappingLoader {
  const handlers: Record<string, (x: EthEvent | EthBlock, ctx: TriggerContext) => void> = {
    handleCreated: (e, ctx) => {
      const ev = e as EthEvent;
      const token = ev.parameters[0].value.value as Hex;
      trace.push(`Created@${ev.block.number}:${ev.logIndex}`);
      assert.ok(
        ev.receipt && ev.receipt.transactionHash === ev.transaction.hash,
        'receipt: true delivers the receipt',
      );
      ctx.createDataSource('Tok', [token], null);
    },
    handlePing: (e) => {
      const ev = e as EthEvent;
      const tuple = ev.parameters[1].value;
      assert.equal(tuple.kind, 'tuple');
      trace.push(`Ping@${ev.block.number}:${ev.logIndex}`);
    },
    handlePoll: (b) => {
      trace.push(`poll@${(b as EthBlock).number}`);
    },
    handleOnce: (b) => {
      trace.push(`once@${(b as EthBlock).number}`);
    },
    handleTokBlock: (b, ctx) => {
      trace.push(`tokblock@${(b as EthBlock).number}:${ctx.dataSource.address}`);
    },
    handleTransfer: (e, ctx) => {
      const ev = e as EthEvent;
      const v = ev.parameters[2].value.value as bigint;
      if (v === opts.failOn) throw new DeterministicError('boom: value 666');
      const id = ctx.dataSource.address!;
      const cur = ctx.store.get('Thing', id);
      const n = cur ? (cur.get('n') as { value: bigint }).value : 0n;
      // Write first, then need an eth_call: the re-run must not double-count this write.
      ctx.store.set(
        'Thing',
        id,
        new Map([
          ['id', { kind: 'String', value: id }],
          ['n', big(n + v)],
        ]),
      );
      const r =
        opts.callFirst === false
          ? '0x01'
          : ctx.chain.call({ address: id, data: '0x18160ddd', block: ev.block });
      ctx.store.set(
        'Hit',
        `${ev.transaction.hash}-${ev.logIndex}`,
        new Map([['n', big(BigInt(r!))]]),
      );
      trace.push(`Transfer@${ev.block.number}:${ev.logIndex}:${id}`);
    },
  };
  const mod: MappingModule = {
    runEvent: async (h, e, ctx) => handlers[h](e, ctx),
    runBlock: async (h, b, ctx) => handlers[h](b, ctx),
  };
  return async () => mod;
}

let chain: FakeChain | null = null;
afterEach(async () => {
  await chain?.stop();
  chain = null;
});

function makeIndexer(
  c: FakeChain,
  store: MemStore,
  trace: string[],
  extra: Partial<ConstructorParameters<typeof Indexer>[0]> & { failOn?: bigint } = {},
) {
  const rpc = new JsonRpc({ url: c.url, timeoutMs: 500, baseDelayMs: 2, maxDelayMs: 20 });
  return new Indexer({
    manifest,
    schema,
    store,
    chain: new ChainSource(rpc),
    loadMapping: fakeMappings(trace, { failOn: extra.failOn }),
    pollMs: 20,
    progress: null,
    log: process.env.IX_DEBUG ? (m) => console.error(m) : () => {},
    ...extra,
  });
}

/** Expected state computed from the chain alone: per token, sum of Transfer values from its creation block on. */
function expectedFromChain(c: FakeChain) {
  const createdAt = new Map<string, number>();
  for (const l of c.allLogs())
    if (l.address === SRC && l.topics[0] === topic('Created(address,uint256)') && l.block >= 3) {
      const t = ('0x' + l.topics[1].slice(26)) as string;
      if (!createdAt.has(t)) createdAt.set(t, l.block);
    }
  const sums: Record<string, bigint> = {};
  const hits: string[] = [];
  for (const l of c.allLogs()) {
    const at = createdAt.get(l.address);
    if (
      at === undefined ||
      l.block < at ||
      l.topics[0] !== topic('Transfer(address,address,uint256)')
    )
      continue;
    sums[l.address] = (sums[l.address] ?? 0n) + BigInt(l.data);
    hits.push(`${l.txHash}-${l.logIndex}`);
  }
  return { sums, hits: hits.sort() };
}

function assertMatchesChain(store: MemStore, c: FakeChain) {
  const exp = expectedFromChain(c);
  const snap = store.snapshot();
  assert.deepEqual(
    Object.fromEntries(Object.entries(snap.Thing ?? {}).map(([id, e]) => [id, BigInt(e.n)])),
    exp.sums,
  );
  assert.deepEqual(Object.keys(snap.Hit ?? {}).sort(), exp.hits);
  for (const [id, h] of Object.entries(snap.Hit ?? {})) {
    const block = c.blocks.find((b) => b.txs.some((t) => id.startsWith(t.hash)))!.number;
    assert.equal(BigInt(h.n), BigInt(block) * 1000n, 'eth_call answered at the trigger block');
  }
}

function baseChain(): FakeChain {
  const c = new FakeChain(3); // blocks 0..2 before startBlock 3
  c.callFn = (_to, _data, block) =>
    ('0x' + (BigInt(block) * 1000n).toString(16).padStart(64, '0')) as Hex;
  c.mine([]); // 3
  c.mine([[transfer(TOK_X, 5n)], [created(TOK_X)], [ping()], [transfer(TOK_X, 7n)]]); // 4
  c.mine([[transfer(TOK_X, 11n)]]); // 5
  c.mine([]); // 6
  c.mine([[ping()]]); // 7
  return c;
}

test('trigger order within blocks, template activation and block handler filters follow graph-node', async () => {
  chain = baseChain();
  await chain.start();
  const store = new MemStore();
  const trace: string[] = [];
  await makeIndexer(chain, store, trace, { exitWhenSynced: true }).run();
  assert.deepEqual(trace, [
    'once@3',
    'poll@3',
    // block 4: the factory's triggers first; then the block is re-scanned for the new template,
    // which sees the whole block (also the Transfer before its creation), then its block handler
    'Created@4:1',
    'Ping@4:2',
    `Transfer@4:0:${TOK_X}`,
    `Transfer@4:3:${TOK_X}`,
    `tokblock@4:${TOK_X}`,
    `Transfer@5:0:${TOK_X}`,
    `tokblock@5:${TOK_X}`,
    `tokblock@6:${TOK_X}`,
    // block 7: event, then End block triggers in data source creation order
    'Ping@7:0',
    'poll@7',
    `tokblock@7:${TOK_X}`,
  ]);
  assertMatchesChain(store, chain);
  assert.equal(store.cursor?.hash, chain.blocks[7].hash);
  assert.equal(store.ds.length, 1);
});

test('reorgs: revert to the common ancestor and re-index; templates created on the dropped fork go away', async () => {
  chain = baseChain();
  await chain.start();
  const store = new MemStore();
  const trace: string[] = [];
  const ix = makeIndexer(chain, store, trace);
  const run = ix.run();
  const waitFor = async (cond: () => boolean) => {
    for (let i = 0; i < 3000 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(cond(), 'timed out');
  };
  await waitFor(() => store.cursor?.number === 7);
  // Shallow reorg: replace blocks 6..7 with a fork carrying other transfers.
  chain.reorg(2);
  chain.mine([[transfer(TOK_X, 100n)]]);
  chain.mine([[transfer(TOK_X, 200n)], [transfer(TOK_X, 300n)]]);
  chain.mine([]);
  await waitFor(() => store.cursor?.number === 8 && store.cursor.hash === chain!.blocks[8].hash);
  assert.deepEqual(store.reverts, [5]);
  assertMatchesChain(store, chain);
  // Deep reorg below the template's creation: the new fork creates Y instead of X.
  chain.reorg(6); // keeps 0..2
  chain.mine([]);
  chain.mine([[created(TOK_Y)], [transfer(TOK_X, 1n)], [transfer(TOK_Y, 2n)]]);
  chain.mine([[transfer(TOK_Y, 3n)]]);
  await waitFor(() => store.cursor?.number === 5 && store.cursor.hash === chain!.blocks[5].hash);
  ix.stop();
  await run;
  assertMatchesChain(store, chain);
  assert.equal(store.snapshot().Thing?.[TOK_X], undefined);
  assert.deepEqual(
    store.ds.map((d) => (d.rec as { address: string }).address),
    [TOK_Y],
  );
  // Equals a fresh index of the canonical chain.
  const fresh = new MemStore();
  await makeIndexer(chain, fresh, [], { exitWhenSynced: true }).run();
  assert.deepEqual(store.snapshot(), fresh.snapshot());
});

test('RPC faults during indexing give the same final state', async () => {
  chain = baseChain();
  for (let i = 0; i < 30; i++) chain.mine(i % 2 ? [[transfer(TOK_X, BigInt(i))], [ping()]] : []);
  await chain.start();
  chain.maxLogRange = 5;
  const kinds = [
    { kind: 'reset' },
    { kind: 'status', status: 500 },
    { kind: 'badjson' },
    { kind: 'status', status: 429, retryAfter: '0' },
    { kind: 'timeout', ms: 1000 },
    { kind: 'null-block' },
  ] as const;
  for (let i = 0; i < 18; i++)
    chain.faults.push({
      method: ['eth_getLogs', 'eth_getBlockByNumber', 'eth_call', undefined][i % 4],
      fault: kinds[i % kinds.length],
    });
  const store = new MemStore();
  await makeIndexer(chain, store, [], { exitWhenSynced: true, flushBlocks: 3 }).run();
  assert.equal(chain.faults.filter((f) => f.method !== 'eth_call').length, 0, 'faults were hit');
  assertMatchesChain(store, chain);
  assert.equal(store.cursor?.number, chain.head);
});

test('a failed commit is not lost: indexing rewinds to the store and redoes the blocks', async () => {
  chain = baseChain();
  for (let i = 0; i < 30; i++) chain.mine(i % 2 ? [[transfer(TOK_X, BigInt(i))], [ping()]] : []);
  await chain.start();
  chain.maxLogRange = 5;
  const store = new MemStore();
  // Commits 2 and 5 fail (a database hiccup) after the batch was handed over.
  const commit = store.commitBatch.bind(store);
  let n = 0;
  store.commitBatch = async (b) => {
    if (++n === 2 || n === 5) throw new Error('connection terminated unexpectedly');
    return commit(b);
  };
  const lines: string[] = [];
  await makeIndexer(chain, store, [], {
    exitWhenSynced: true,
    flushBlocks: 3,
    log: (m) => lines.push(m),
  }).run();
  assert.ok(n > 5, 'the failing commits were reached');
  assert.ok(
    lines.some((l) => /commit failed: indexing again after block/.test(l)),
    lines.join('\n'),
  );
  assertMatchesChain(store, chain);
  assert.equal(store.cursor?.number, chain.head);
});

test('deterministic handler error fails the deployment at that block, keeps earlier data, drops the block', async () => {
  chain = baseChain();
  chain.mine([[transfer(TOK_X, 1n)], [transfer(TOK_X, 666n)]]); // 8: fails on the second log
  chain.mine([[transfer(TOK_X, 2n)]]);
  await chain.start();
  const store = new MemStore();
  const ix = makeIndexer(chain, store, [], { failOn: 666n });
  await ix.run(); // returns on failure
  assert.equal(store.failed?.handler, 'handleTransfer');
  assert.match(store.failed!.message, /boom: value 666/);
  assert.deepEqual(store.failed?.block, { number: 8, hash: chain.blocks[8].hash });
  assert.equal(ix.status.health, 'failed');
  assert.ok(store.cursor!.number < 8);
  const snap = store.snapshot();
  assert.equal(BigInt(snap.Thing[TOK_X].n), 5n + 7n + 11n, 'nothing of block 8 is stored');
  // A restart does not index a failed deployment.
  const again = makeIndexer(chain, store, [], { failOn: 666n });
  await again.run();
  assert.equal(again.status.health, 'failed');
});

test('restart resumes from the cursor with data sources and entities restored', async () => {
  chain = baseChain();
  await chain.start();
  const store = new MemStore();
  await makeIndexer(chain, store, [], { stopAtBlock: 5 }).run();
  assert.equal(store.cursor?.number, 5);
  chain.mine([[transfer(TOK_X, 1000n)]]);
  const trace: string[] = [];
  await makeIndexer(chain, store, trace, { exitWhenSynced: true }).run();
  assert.equal(trace[0], `tokblock@6:${TOK_X}`, 'resumed at block 6 with the template active');
  assertMatchesChain(store, chain);
});

test('progress: periodic lines with block, target, rates and ETA when not on a TTY', async () => {
  const { Progress } = await import('./progress.ts');
  const lines: string[] = [];
  const stream = {
    isTTY: false,
    write: (s: string) => {
      lines.push(s);
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  const p = new Progress({ stream, everySec: 0, label: 'test' });
  p.update(10, 100, 5, 1);
  await new Promise((r) => setTimeout(r, 1100));
  p.update(30, 100, 40, 20);
  assert.equal(lines.length, 2);
  assert.match(
    lines[1],
    /^test block 30\/100 \(30\.0%\) [\d.]+ blocks\/s [\d.]+ events\/s ETA \d+s\n$/,
  );
  const bps = Number(/ ([\d.]+) blocks\/s/.exec(lines[1])![1]);
  assert.ok(bps > 10 && bps < 25, `blocks/s ${bps} for 20 blocks in ~1.1 s`);
  assert.equal(p.summary().events, 45);
});
