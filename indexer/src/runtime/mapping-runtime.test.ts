// The indexer-facing runtime: fresh instance per trigger, NeedsAsync retries that discard the
// abandoned attempt's writes, deterministic failures naming the handler.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { encodeAbiParameters } from 'viem';
import { MappingModule } from './mapping-runtime.ts';
import { MemoryStore } from './memory-store.ts';
import {
  type EntityData,
  type EthBlock,
  type EthEvent,
  type Hex,
  type HostStore,
  type TriggerContext,
} from '../internal/types.ts';
import { DeterministicError, NeedsAsync } from '../internal/errors.ts';
import { compiledFixture, fixtureSchema } from '../../test-fixtures/compiled-fixtures.ts';

let mod: MappingModule;
const schema = fixtureSchema('schema.graphql');
before(async () => {
  mod = new MappingModule(await compiledFixture('src/mapping.ts'), { schema });
});

const TOKEN = `0x${'55'.repeat(20)}` as Hex;
const ZERO = `0x${'00'.repeat(20)}` as Hex;
const ALICE = `0x${'a1'.repeat(20)}` as Hex;
const block: EthBlock = {
  hash: `0x${'11'.repeat(32)}`,
  parentHash: `0x${'22'.repeat(32)}`,
  unclesHash: `0x${'00'.repeat(32)}`,
  author: ZERO,
  stateRoot: '0x',
  transactionsRoot: '0x',
  receiptsRoot: '0x',
  number: 100n,
  gasUsed: 0n,
  gasLimit: 0n,
  timestamp: 1700000000n,
  difficulty: 0n,
  totalDifficulty: 0n,
  size: null,
  baseFeePerGas: null,
};
const transfer = (from: Hex, to: Hex, value: bigint, logIndex = 3n): EthEvent => ({
  address: TOKEN,
  logIndex,
  transactionLogIndex: 0n,
  logType: null,
  block,
  receipt: null,
  transaction: {
    hash: `0x${'ab'.repeat(32)}`,
    index: 0n,
    from: ALICE,
    to: TOKEN,
    value: 0n,
    gasLimit: 0n,
    gasPrice: 0n,
    input: '0x',
    nonce: 0n,
  },
  parameters: [
    { name: 'from', value: { kind: 'address', value: from } },
    { name: 'to', value: { kind: 'address', value: to } },
    { name: 'value', value: { kind: 'uint', value } },
  ],
});

/** HostStore spy: counts writes reaching the caller's store. */
class SpyStore extends MemoryStore {
  sets: string[] = [];
  override set(t: string, id: string, d: EntityData): void {
    this.sets.push(`${t}:${id}`);
    super.set(t, id, d);
  }
}

function context(store: HostStore, opts: { callAsync?: boolean } = {}) {
  const cache = new Map<string, Hex | null>();
  const answers: Record<string, Hex> = {
    '0x95d89b41': encodeAbiParameters([{ type: 'string' }], ['USDC']), // symbol()
    '0x313ce567': encodeAbiParameters([{ type: 'uint8' }], [6]), // decimals()
  };
  const logs: string[] = [];
  const created: { template: string; params: string[]; context: EntityData | null }[] = [];
  let asyncRounds = 0;
  const ctx: TriggerContext = {
    store,
    chain: {
      call: ({ data }) => {
        if (opts.callAsync && !cache.has(data)) {
          throw new NeedsAsync(async () => {
            asyncRounds++;
            await new Promise((r) => setTimeout(r, 1));
            cache.set(data, answers[data.slice(0, 10)] ?? null);
          }, `eth_call ${data}`);
        }
        return opts.callAsync ? cache.get(data)! : (answers[data.slice(0, 10)] ?? null);
      },
      getBalance: () => 0n,
      hasCode: () => true,
    },
    dataSource: { name: 'Token', network: 'devnet', address: TOKEN, context: null },
    createDataSource: (template, params, context) => {
      created.push({ template, params, context });
    },
    log: (level, message) => {
      logs.push(`${level}: ${message}`);
    },
  };
  return { ctx, logs, created, rounds: () => asyncRounds };
}

test('event handler writes the entities computed by the mapping', async () => {
  const store = new MemoryStore(schema);
  const { ctx } = context(store);
  const stats = await mod.runEvent('handleTransfer', transfer(ZERO, ALICE, 2_500_000n), ctx);
  assert.equal(stats.attempts, 1);
  const token = store.get('Token', TOKEN)!;
  assert.deepEqual(token.get('symbol'), { kind: 'String', value: 'USDC' });
  assert.deepEqual(token.get('decimals'), { kind: 'Int', value: 6 });
  assert.deepEqual(token.get('totalSupply'), { kind: 'BigInt', value: 2_500_000n });
  // id = tx hash ++ logIndex as i32 little-endian (Bytes.concatI32)
  const tid = `0x${'ab'.repeat(32)}03000000`;
  const t = store.get('Transfer', tid)!;
  assert.deepEqual(t.get('valueDecimal'), { kind: 'BigDecimal', value: '2.5' }); // 2_500_000 / 10^6
  assert.deepEqual(t.get('blockNumber'), { kind: 'BigInt', value: 100n });
  assert.deepEqual(store.get('Account', ALICE)!.get('balance'), {
    kind: 'BigInt',
    value: 2_500_000n,
  });
  assert.deepEqual(store.get('Account', ZERO)!.get('balance'), {
    kind: 'BigInt',
    value: -2_500_000n,
  });
});

test('NeedsAsync: the trigger is re-run and abandoned attempts never reach the store', async () => {
  const store = new SpyStore(schema);
  const c = context(store, { callAsync: true });
  const stats = await mod.runEvent('handleTransfer', transfer(ZERO, ALICE, 1n), c.ctx);
  assert.equal(c.rounds(), 2); // symbol() then decimals()
  assert.equal(stats.attempts, 3);
  // exactly one attempt's writes: Transfer, Token, two Accounts
  assert.deepEqual(
    store.sets.map((s) => s.split(':')[0]),
    ['Transfer', 'Token', 'Account', 'Account'],
  );
  assert.deepEqual(store.get('Token', TOKEN)!.get('symbol'), { kind: 'String', value: 'USDC' });
});

test('NeedsAsync from a store read is retried too', async () => {
  const base = new SpyStore(schema);
  let loaded = false;
  const lazy: HostStore = {
    get: (t, id) => {
      if (!loaded)
        throw new NeedsAsync(async () => {
          loaded = true;
        }, `load ${t}:${id}`);
      return base.get(t, id);
    },
    getInBlock: (t, id) => base.getInBlock(t, id),
    set: (t, id, d) => base.set(t, id, d),
    remove: (t, id) => base.remove(t, id),
    loadRelated: (t, id, f) => base.loadRelated(t, id, f),
  };
  const stats = await mod.runEvent('handleTransfer', transfer(ZERO, ALICE, 1n), context(lazy).ctx);
  assert.equal(stats.attempts, 2);
  assert.equal(base.sets.length, 4);
});

test('missing required field → DeterministicError naming handler, entity, id and field; nothing written', async () => {
  const store = new SpyStore(schema);
  await assert.rejects(
    mod.runEvent('handleBadEntity', transfer(ZERO, ALICE, 1n), context(store).ctx),
    (e: unknown) => {
      assert.ok(e instanceof DeterministicError);
      assert.equal(e.handler, 'handleBadEntity');
      assert.match(
        e.message,
        /handleBadEntity.*Entity Account\[bad\]: missing value for non-nullable field `transferCount`/,
      );
      return true;
    },
  );
  assert.equal(store.sets.length, 0);
});

test('assertion trap → DeterministicError with the AssemblyScript message and location', async () => {
  await assert.rejects(
    mod.runEvent('handleTrap', transfer(ZERO, ALICE, 1n), context(new MemoryStore(schema)).ctx),
    (e: unknown) =>
      e instanceof DeterministicError &&
      /handleTrap.*Mapping aborted at .*mapping\.ts, line \d+, column \d+, with message: token must exist/.test(
        e.message,
      ),
  );
});

test('log.critical aborts the handler; its log line is still delivered', async () => {
  const store = new SpyStore(schema);
  const c = context(store);
  await assert.rejects(
    mod.runEvent(
      'handleTransfer',
      transfer(ALICE, '0x000000000000000000000000000000000000dead', 1n),
      c.ctx,
    ),
    /Critical error logged in mapping with log message: burn to dead address/,
  );
  assert.equal(store.sets.length, 0);
  assert.match(c.logs.at(-1)!, /^critical: burn to dead address/);
});

test('dataSource.createWithContext is delivered after a successful trigger', async () => {
  const c = context(new MemoryStore(schema));
  await mod.runEvent('handleNewToken', transfer(ZERO, ALICE, 1n), c.ctx);
  assert.equal(c.created.length, 1);
  assert.equal(c.created[0]!.template, 'TokenTemplate');
  assert.deepEqual(c.created[0]!.params, [ALICE]);
  assert.deepEqual(c.created[0]!.context!.get('parent'), { kind: 'String', value: TOKEN });
  assert.deepEqual(c.created[0]!.context!.get('network'), { kind: 'String', value: 'devnet' });
});

test('block handler and unknown handler', async () => {
  const store = new MemoryStore(schema);
  await mod.runBlock('handleBlock', block, context(store).ctx);
  assert.deepEqual(store.get('Account', 'block-100')!.get('balance'), {
    kind: 'BigInt',
    value: 1700000000n,
  });
  await assert.rejects(
    mod.runEvent('nope', transfer(ZERO, ALICE, 1n), context(store).ctx),
    /handler `nope` is not exported/,
  );
});

test('a fresh instance per trigger: module globals do not leak between triggers', async () => {
  const store = new MemoryStore(schema);
  const { ctx } = context(store);
  for (let i = 0; i < 5; i++)
    await mod.runEvent('handleTransfer', transfer(ZERO, ALICE, 1n, BigInt(i)), ctx);
  assert.equal(store.count('Transfer'), 5);
  assert.deepEqual(store.get('Account', ALICE)!.get('transferCount'), { kind: 'Int', value: 5 });
  assert.ok(mod.totals.triggers >= 5);
});

test('instance reuse restores the post-_start state: globals, heap and results equal fresh instances', async () => {
  const fresh = new MappingModule(mod.module, { schema, freshInstances: true });
  const results: string[][] = [];
  for (const m of [mod, fresh]) {
    const store = new MemoryStore(schema);
    const { ctx } = context(store);
    for (let i = 0; i < 4; i++) {
      await m.runEvent('handleCounter', transfer(ZERO, ALICE, 1n, BigInt(i)), ctx);
      await m
        .runEvent('handleTransfer', transfer(ZERO, ALICE, BigInt(i + 1), BigInt(i)), ctx)
        .catch(() => {});
    }
    await m
      .runEvent('handleTrap', transfer(ZERO, `0x${'99'.repeat(20)}`, 1n), {
        ...ctx,
        store: new MemoryStore(schema),
      })
      .catch(() => {});
    await m.runEvent('handleCounter', transfer(ZERO, ALICE, 1n, 9n), ctx);
    results.push(
      [...store.entities]
        .flatMap(([t, es]) =>
          [...es].map(
            ([id, e]) =>
              `${t}:${id}:${[...e].map(([k, v]) => k + '=' + ('value' in v ? String(v.value instanceof Uint8Array ? Buffer.from(v.value).toString('hex') : v.value) : 'null')).join(',')}`,
          ),
        )
        .sort(),
    );
  }
  assert.deepEqual(results[0], results[1]);
  // each trigger saw calls == 1, a 1-element module array and a zeroed 1024-byte buffer
  const counter = results[0]!.filter((r) => r.startsWith('Account:counter-'));
  assert.equal(counter.length, 5);
  for (const r of counter) assert.match(r, /balance=1011024,transferCount=1$/);
});

test('loadRelated inside a handler sees the entities this trigger wrote', async () => {
  const store = new MemoryStore(schema);
  const { ctx } = context(store);
  await mod.runEvent('handleTransfer', transfer(ZERO, ALICE, 1n, 1n), ctx);
  await mod.runEvent('handleTransferAndCount', transfer(ZERO, ALICE, 1n, 2n), ctx);
  // one transfer from the earlier trigger (base store) + one written by this trigger (overlay)
  assert.deepEqual(store.get('Account', 'related-count')!.get('transferCount'), {
    kind: 'Int',
    value: 2,
  });
});

test('call handler receives ethereum.Call', async () => {
  const store = new MemoryStore(schema);
  const { ctx } = context(store);
  await mod.runCall(
    'handleBalanceOfCall',
    {
      to: TOKEN,
      from: ALICE,
      block,
      transaction: transfer(ZERO, ALICE, 1n).transaction,
      inputs: [{ name: 'owner', value: { kind: 'address', value: ALICE } }],
      outputs: [{ name: 'value0', value: { kind: 'uint', value: 77n } }],
    },
    ctx,
  );
  const a = store.get('Account', `call-${TOKEN}`)!;
  assert.deepEqual(a.get('balance'), { kind: 'BigInt', value: 77n });
  assert.deepEqual(a.get('transferCount'), { kind: 'Int', value: 1 });
});
