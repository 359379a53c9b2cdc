// eth_getLogs answers that lose logs (an empty array, a missing tail, a block always left out)
// are caught by the block headers' logsBloom and re-asked per block by blockHash; bloom false
// positives are accepted once the re-ask agrees; unresolvable re-asks fail the round with an
// error naming block and range (and are retried, never skipped). The chain is the fake chain
// behind a proxy that adds exact logsBloom fields, serves EIP-234 blockHash filters and lies.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { encodeAbiParameters, keccak256, toBytes, pad, type Hex } from 'viem';
import { FakeChain, type FakeLog } from '../../test-fixtures/ingest/fake-chain.ts';
import { MemStore } from '../../test-fixtures/ingest/fake-store.ts';
import { LyingRpc, SRC, TOK } from '../../test-fixtures/ingest/lying-rpc.ts';
import { loadManifest, type Manifest } from '../manifest/index.ts';
import { parseSchema } from '../schema/index.ts';
import { ChainSource, LogsCheckError } from '../chain/source.ts';
import { JsonRpc } from '../chain/rpc.ts';
import { Indexer } from './indexer.ts';
import type { MappingLoader, MappingModule } from './types.ts';

const manifest = loadManifest(
  new URL('../../test-fixtures/ingest/basic', import.meta.url).pathname,
);
const schema = parseSchema(manifest.schemaSource, manifest.schemaFile);
/** The same subgraph without block handlers: far from the head only the range ends get headers. */
const eventsOnly: Manifest = (() => {
  const m = structuredClone(manifest);
  for (const d of [...m.dataSources, ...m.templates]) d.mapping.blockHandlers = [];
  return m;
})();

const topic = (s: string) => keccak256(toBytes(s));
const CREATED = topic('Created(address,uint256)');
const PING = topic('Ping(uint256,(address,bytes32))');
const TRANSFER = topic('Transfer(address,address,uint256)');
const u256 = (n: bigint) => encodeAbiParameters([{ type: 'uint256' }], [n]);
const created = (token: Hex): FakeLog => ({
  address: SRC,
  topics: [CREATED, pad(token)],
  data: u256(1n),
});
const ping = (): FakeLog => ({
  address: SRC,
  topics: [PING],
  data: encodeAbiParameters(
    [
      { type: 'uint256' },
      { type: 'tuple', components: [{ type: 'address' }, { type: 'bytes32' }] },
    ],
    [7n, [SRC, pad('0x01')]],
  ),
});
const transfer = (v: bigint): FakeLog => ({
  address: TOK,
  topics: [TRANSFER, pad(SRC), pad(TOK)],
  data: u256(v),
});
const OTHER = ('0x' + '77'.repeat(20)) as Hex;
const noise = (): FakeLog => ({ address: OTHER, topics: [topic('Noise()')], data: '0x' });

/** Records every event handler call; Created instantiates the Tok template. */
function recorder(trace: string[]): MappingLoader {
  const mod: MappingModule = {
    runEvent: async (h, e, ctx) => {
      if (h === 'handleCreated')
        ctx.createDataSource('Tok', [e.parameters[0].value.value as string], null);
      trace.push(`${h}@${e.block.number}:${e.logIndex}`);
    },
    runBlock: async () => {},
  };
  return async () => mod;
}

/** The handler calls the chain's logs call for (ground truth, independent of the indexer). */
function expected(c: FakeChain): string[] {
  const out: string[] = [];
  let tokFrom = Infinity;
  for (const l of c.allLogs()) {
    if (l.block < 3) continue;
    if (l.address === SRC && l.topics[0] === CREATED) {
      out.push(`handleCreated@${l.block}:${l.logIndex}`);
      tokFrom = Math.min(tokFrom, l.block);
    }
    if (l.address === SRC && l.topics[0] === PING) out.push(`handlePing@${l.block}:${l.logIndex}`);
  }
  for (const l of c.allLogs())
    if (l.address === TOK && l.block >= tokFrom && l.topics[0] === TRANSFER)
      out.push(`handleTransfer@${l.block}:${l.logIndex}`);
  return out.sort();
}

/** 0..2 before the start block; then events every few blocks, Noise (not ours) in between. */
function makeChain(blocks = 40): FakeChain {
  const c = new FakeChain(3);
  c.mine([]); // 3
  c.mine([[created(TOK)], [ping()], [transfer(5n)]]); // 4
  for (let n = 5; n < blocks; n++)
    c.mine(
      n % 7 === 0
        ? [[ping()], [transfer(BigInt(n))]]
        : n % 5 === 0
          ? [[noise()]]
          : n % 3 === 0
            ? [[ping()]]
            : [],
    );
  c.mine([[ping()]]); // the last block has one of our events
  return c;
}

let chain: FakeChain | null = null;
let proxy: LyingRpc | null = null;
afterEach(async () => {
  await proxy?.stop();
  await chain?.stop();
  proxy = null;
  chain = null;
});

async function setup(blocks = 40) {
  chain = makeChain(blocks);
  await chain.start();
  proxy = await new LyingRpc(chain).start();
  return { chain, proxy };
}

async function index(opts: { manifest?: Manifest; reorgWindow?: number } = {}) {
  const lines: string[] = [];
  const trace: string[] = [];
  const src = new ChainSource(
    new JsonRpc({ url: proxy!.url, timeoutMs: 2000, baseDelayMs: 2, maxDelayMs: 20 }),
  );
  const ix = new Indexer({
    manifest: opts.manifest ?? manifest,
    schema,
    store: new MemStore(),
    chain: src,
    loadMapping: recorder(trace),
    pollMs: 20,
    progress: null,
    exitWhenSynced: true,
    ...(opts.reorgWindow === undefined ? {} : { reorgWindow: opts.reorgWindow }),
    log: (m) => {
      lines.push(m);
      if (process.env.IX_DEBUG) console.error(m);
    },
  });
  await ix.run();
  return { trace: trace.sort(), lines, src, ix };
}

test(
  'near the head: an empty eth_getLogs answer for a range with logs is caught by the logsBloom and re-asked by blockHash',
  { timeout: 60_000 },
  async () => {
    const { chain, proxy } = await setup();
    proxy.emptyNext = 1;
    const { trace, lines, src } = await index();
    assert.equal(proxy.stats.emptied, 1, 'the empty answer was served');
    assert.deepEqual(
      trace,
      expected(chain),
      'every event of the emptied range reached its handler',
    );
    assert.ok(src.logsCheck.recovered >= 1);
    assert.ok(
      lines.some((l) =>
        /answered no logs for block\(s\) 4 \(2\).*re-asking by blockHash found them/.test(l),
      ),
      lines.join('\n'),
    );
  },
);

test(
  "far from the head: an entirely empty answer gets the range's headers checked (bounded) and recovers the logs",
  { timeout: 60_000 },
  async () => {
    const { chain, proxy } = await setup();
    proxy.emptyNext = 1;
    const { trace, src } = await index({ manifest: eventsOnly, reorgWindow: 0 });
    assert.equal(proxy.stats.emptied, 1);
    assert.deepEqual(trace, expected(chain));
    assert.ok(src.logsCheck.extraHeaders > 0, 'headers fetched for the suspect range');
  },
);

test(
  'far from the head: a range answer that always leaves blocks out is caught at the range end, then every block is checked',
  { timeout: 60_000 },
  async () => {
    const { chain, proxy } = await setup();
    // Blocks with only a Ping: the check of the main range's answer is what this is about.
    const last = chain.head;
    proxy.dropBlocks = new Set([9, 12, last]);
    const { trace, lines, src } = await index({ manifest: eventsOnly, reorgWindow: 0 });
    assert.deepEqual(trace, expected(chain));
    assert.ok(src.logsCheck.recovered >= 3, JSON.stringify(src.logsCheck));
    // The range end first (a header fetched anyway), then the blocks checked once the answer was proven incomplete.
    assert.ok(
      lines.some((l) =>
        l.includes(`answered no logs for block(s) ${last} (1), 9 (1), 12 (1) although`),
      ),
      lines.join('\n'),
    );
  },
);

test(
  "a template created mid-range: an empty answer to the patch-up of the rest of the range is caught by the headers' logsBloom and recovered",
  { timeout: 60_000 },
  async () => {
    const { chain, proxy } = await setup();
    proxy.emptyPatchNext = 1;
    const { trace, lines } = await index();
    assert.equal(proxy.stats.patchEmptied, 1, 'the empty patch-up answer was served');
    assert.deepEqual(
      trace,
      expected(chain),
      "the new data source's events after its creation block reached its handler",
    );
    assert.ok(trace.includes('handleTransfer@35:1'), trace.join(' '));
    const line =
      /eth_getLogs 5\.\.\d+ \(patch-up for new data sources\) answered no logs for block\(s\) 7 \(1\), 14 \(1\), 21 \(1\), 28 \(1\), 35 \(1\) although/;
    assert.ok(
      lines.some((l) => line.test(l)),
      lines.join('\n'),
    );
  },
);

test(
  'a template created mid-range, far from the head: an entirely empty patch-up answer gets headers checked and recovers the events',
  { timeout: 60_000 },
  async () => {
    const { chain, proxy } = await setup();
    proxy.emptyPatchNext = 1;
    const { trace, src } = await index({ manifest: eventsOnly, reorgWindow: 0 });
    assert.equal(proxy.stats.patchEmptied, 1);
    assert.deepEqual(trace, expected(chain));
    assert.ok(src.logsCheck.extraHeaders > 0, 'headers fetched for the suspect patch-up');
    assert.ok(src.logsCheck.recovered >= 5, JSON.stringify(src.logsCheck));
  },
);

test(
  "a template created mid-range: an empty answer to the re-scan of its creation block is caught and the block's events recovered",
  { timeout: 60_000 },
  async () => {
    const { chain, proxy } = await setup();
    proxy.emptyRescanNext = 1;
    const { trace, lines } = await index();
    assert.equal(proxy.stats.rescanEmptied, 1);
    assert.ok(trace.includes('handleTransfer@4:2'), trace.join(' '));
    assert.deepEqual(trace, expected(chain));
    assert.ok(
      lines.some((l) =>
        l.includes(
          'eth_getLogs 4..4 (re-scan for new data sources) answered no logs for block(s) 4 (1) although',
        ),
      ),
      lines.join('\n'),
    );
  },
);

test(
  'bloom false positives: the re-ask by blockHash agrees on "no logs" and the block is accepted',
  { timeout: 60_000 },
  async () => {
    const { chain, proxy } = await setup();
    // Blocks without our events whose bloom claims SRC and Ping.
    for (const n of [8, 11, 13]) proxy.bloomExtra.set(n, [SRC, PING]);
    const { trace, lines, src, ix } = await index();
    assert.deepEqual(trace, expected(chain));
    assert.ok(src.logsCheck.falsePositives >= 3, JSON.stringify(src.logsCheck));
    assert.equal(src.logsCheck.recovered, 0);
    assert.equal(ix.status.health, 'healthy');
    assert.ok(!lines.some((l) => /error|incomplete/.test(l)), lines.join('\n'));
  },
);

test(
  'cost: with honest answers nothing is re-asked and no header is fetched for the check alone',
  { timeout: 60_000 },
  async () => {
    const { chain, proxy } = await setup(80);
    const far = await index({ manifest: eventsOnly, reorgWindow: 0 });
    assert.deepEqual(far.trace, expected(chain));
    assert.deepEqual(
      { extra: far.src.logsCheck.extraHeaders, reasked: far.src.logsCheck.reasked },
      { extra: 0, reasked: 0 },
    );
    assert.ok(far.src.logsCheck.checked >= 1, 'the range ends were checked');
    const near = await index();
    assert.deepEqual(near.trace, expected(chain));
    assert.deepEqual(
      { extra: near.src.logsCheck.extraHeaders, reasked: near.src.logsCheck.reasked },
      { extra: 0, reasked: 0 },
    );
    assert.equal(proxy.stats.byHash, 0);
  },
);

test(
  're-asks that cannot settle a suspect block fail the round with an error naming block and range; the range is retried, never skipped',
  { timeout: 60_000 },
  async () => {
    const { chain, proxy } = await setup();
    const src = new ChainSource(
      new JsonRpc({ url: proxy.url, timeoutMs: 2000, baseDelayMs: 1, maxDelayMs: 5 }),
    );
    const headers = new Map(
      (
        await src.getBlocks(
          [...Array(10).keys()].map((i) => i + 3),
          false,
        )
      ).map((b, i) => [i + 3, b]),
    );
    const queries = [{ addresses: [SRC], topics0: [CREATED, PING] }];
    proxy.failReask.add(4);
    await assert.rejects(
      src.crossCheckLogs({
        from: 3,
        to: 12,
        queries,
        withLogs: new Set(),
        header: (n) => headers.get(n),
      }),
      (e) =>
        e instanceof LogsCheckError &&
        /eth_getLogs 3\.\.12: block 4 \(0x[0-9a-f]{64}\) has a logsBloom matching/.test(
          e.message,
        ) &&
        /by number too/.test(e.message),
    );
    // Through the indexer: the first round fails on it, the retry (an honest answer) completes.
    proxy.emptyNext = 1;
    const { trace, lines } = await index();
    assert.deepEqual(trace, expected(chain));
    assert.ok(
      lines.some((l) =>
        /indexing error \(retrying in \d+ ms\): eth_getLogs 3\.\.\d+: block 4 /.test(l),
      ),
      lines.join('\n'),
    );
  },
);

test(
  'a long, entirely empty answer beyond the header budget is re-asked in halves; a disagreement retries a smaller range',
  { timeout: 60_000 },
  async () => {
    const { proxy } = await setup(60);
    const src = new ChainSource(
      new JsonRpc({ url: proxy.url, timeoutMs: 2000, baseDelayMs: 1, maxDelayMs: 5 }),
      undefined,
      { maxExtraHeaders: 5 },
    );
    const queries = [{ addresses: [SRC], topics0: [PING] }];
    // The range claims to be empty, but has Pings: asking in halves disagrees.
    const size = src.range.size;
    await assert.rejects(
      src.crossCheckLogs({
        from: 3,
        to: 50,
        queries,
        withLogs: new Set(),
        header: () => undefined,
      }),
      (e) =>
        e instanceof LogsCheckError &&
        /eth_getLogs 3\.\.50 answered no logs, but asking again in halves returned \d+ \(first in block \d+\)/.test(
          e.message,
        ),
    );
    assert.ok(src.range.size < size, 'the adaptive range shrank');
    // A truly empty range: the halves agree and it is accepted without fetching headers.
    const none = [{ addresses: [OTHER], topics0: [PING] }];
    assert.equal(
      (
        await src.crossCheckLogs({
          from: 3,
          to: 50,
          queries: none,
          withLogs: new Set(),
          header: () => undefined,
        })
      ).size,
      0,
    );
    assert.equal(src.logsCheck.extraHeaders, 0);
  },
);
