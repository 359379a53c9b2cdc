// The monitor against a small graph-node look-alike whose head jumps ahead between polls, as
// while the indexer catches up: an alert opens and resolves at the blocks where its condition
// starts and stops (not at the polled head), says the block before it, and an old indexed block
// raises no block-age alert while the block is moving — only once it stops moving.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NetworkMonitor } from './monitor';
import { AlertState } from './state';
import { WebhookDispatcher } from './webhooks';
import { parseRules } from './rules';

const hashOf = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;

/**
 * `_meta` (latest, or at `block: { hash }`) and `markets` at `block: { hash }`, utilisation by
 * block; at /status the index-node's `indexingStatuses` and `blockHashFromNumber`. Like
 * graph-node, `_meta(block: { number })` has no hash or timestamp.
 */
async function fakeGraphNode(util: (block: number) => number) {
  const g = { head: 10, queries: 0, close: async () => {}, url: '', statusUrl: '' };
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      g.queries++;
      const body = JSON.parse(data) as { query: string; variables?: { n?: number } };
      const q = body.query;
      const out: Record<string, unknown> = {};
      const reply = () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: out }));
      };
      if (req.url === '/status') {
        if (q.includes('indexingStatuses'))
          out.indexingStatuses = [{ chains: [{ network: 'devnet' }] }];
        if (q.includes('blockHashFromNumber')) out.blockHashFromNumber = hashOf(body.variables!.n!);
        return reply();
      }
      const asked = /_meta\(block: \{ number: (\d+) \}\)/.exec(q);
      const at = /hash: "0x([0-9a-f]+)"/.exec(q);
      const n = asked ? Number(asked[1]) : at ? parseInt(at[1], 16) : g.head;
      // timestamps from 2023: the indexed block is always hours old by the wall clock
      if (q.includes('_meta'))
        out._meta = {
          block: asked
            ? { number: n, hash: null, timestamp: null }
            : { number: n, hash: hashOf(n), timestamp: 1_700_000_000 + n * 12 },
          hasIndexingErrors: false,
          deployment: 'QmFake',
        };
      if (q.includes('markets')) {
        out.markets = [
          {
            id: '0xaa',
            symbol: 'WETH',
            decimals: 18,
            utilization: String(util(n)),
            totalSupply: '1',
            totalVariableDebt: '0',
            totalStableDebt: '0',
            supplyCap: '0',
            borrowCap: '0',
            underlyingToken: {
              lastPriceUSD: '2000',
              lastPriceBlock: String(n),
              lastPriceTimestamp: String(1_700_000_000 + n * 12),
            },
          },
        ];
      }
      reply();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  g.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  g.statusUrl = `${g.url}status`;
  g.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return g;
}

const RULES = `evaluation: { pollSeconds: 1, timerSeconds: 1 }
rules:
  - { id: util, type: utilization, max: 0.9 }
  - { id: indexing, type: indexing, severity: critical, maxBlockAgeMinutes: 5 }
`;

test('catch-up: an alert opens and resolves at the blocks where its condition starts and stops', async () => {
  const g = await fakeGraphNode((b) => (b >= 23 && b < 41 ? 0.97 : 0.5));
  try {
    const cfg = parseRules(RULES, 'test.yaml');
    // the network's name is not the chain's: the index-node's indexingStatuses names the chain
    const m = new NetworkMonitor(
      { name: 'local', subgraphUrl: g.url, statusUrl: g.statusUrl },
      cfg,
      new AlertState('devnet'),
      new WebhookDispatcher([]),
    );
    await m.tick(); // block 10: nothing open
    g.head = 35; // the indexer jumped 25 blocks between two polls
    await m.tick();
    const open = m.state.openList().filter((a) => a.rule === 'util');
    assert.deepEqual(
      open.map((a) => [a.subject, a.openedBlock, a.openedAfter]),
      [['market:WETH', 23, 22]],
    );
    g.head = 60;
    await m.tick();
    assert.deepEqual(
      m.state.recent.map((a) => [a.openedBlock, a.resolvedBlock, a.resolvedAfter]),
      [[23, 41, 40]],
    );
    assert.equal(m.state.block?.number, 60);
    assert.equal(m.status.lastCatchUp?.to, 60);
    assert.ok(m.status.lastCatchUp!.probes <= 32 + 10, `${m.status.lastCatchUp!.probes} probes`);
  } finally {
    await g.close();
  }
});

test('catch-up without a working index-node: the head is evaluated alone and the skip is reported', async () => {
  const cases: [string | undefined, RegExp][] = [
    [undefined, /no index-node status endpoint/],
    ['http://127.0.0.1:1/graphql', /the index-node failed/], // nothing listens on port 1
  ];
  for (const [statusUrl, why] of cases) {
    const g = await fakeGraphNode((b) => (b >= 23 && b < 41 ? 0.97 : 0.5));
    try {
      const cfg = parseRules(RULES, 'test.yaml');
      const m = new NetworkMonitor(
        { name: 'devnet', subgraphUrl: g.url, ...(statusUrl ? { statusUrl } : {}) },
        cfg,
        new AlertState('devnet'),
        new WebhookDispatcher([]),
      );
      await m.tick();
      g.head = 35;
      await m.tick();
      // opened at the head, the first block it could pin
      const open = m.state.openList().filter((a) => a.rule === 'util');
      assert.deepEqual(
        open.map((a) => [a.subject, a.openedBlock]),
        [['market:WETH', 35]],
      );
      assert.equal(m.status.lastError, null);
      assert.match(m.status.lastCatchUp?.skipped ?? '', why);
    } finally {
      await g.close();
    }
  }
});

test('no block-age alert while the indexed block moves; one once it has stood still', async () => {
  const g = await fakeGraphNode(() => 0.5);
  try {
    const cfg = parseRules(RULES, 'test.yaml');
    const m = new NetworkMonitor(
      { name: 'devnet', subgraphUrl: g.url },
      cfg,
      new AlertState('devnet'),
      new WebhookDispatcher([]),
    );
    const blockAge = () => m.state.openList().filter((a) => a.subject === 'block-age').length;
    for (let i = 0; i < 4; i++) {
      await m.tick();
      assert.equal(
        blockAge(),
        0,
        `poll ${i}: block ${g.head} is years old but moving (catching up)`,
      );
      g.head += 50;
      await new Promise((r) => setTimeout(r, 400));
    }
    // the head stops; past the 3 s window (3 × pollSeconds) the old block is a stalled indexer
    await m.tick();
    await new Promise((r) => setTimeout(r, 3100));
    await m.tick();
    assert.equal(blockAge(), 1);
  } finally {
    await g.close();
  }
});
