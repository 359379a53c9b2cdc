import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alertsHandler, type AlertsResponse } from '@/lib/alerts/api';
import { resetAlertMonitor } from '@/lib/alerts/monitor';

// a graph-node look-alike with one market above the utilisation limit
const gql = createServer((req, res) => {
  let d = '';
  req.on('data', (c) => (d += c));
  req.on('end', () => {
    const q = (JSON.parse(d) as { query: string }).query;
    const out: Record<string, unknown> = {};
    if (q.includes('_meta'))
      out._meta = {
        block: {
          number: 42,
          hash: `0x${'42'.padStart(64, '0')}`,
          timestamp: Math.floor(Date.now() / 1000),
        },
        hasIndexingErrors: false,
      };
    if (q.includes('markets'))
      out.markets = [
        {
          id: '0xaa',
          symbol: 'USDC',
          decimals: 6,
          utilization: '0.99',
          totalSupply: '1',
          totalVariableDebt: '0',
          totalStableDebt: '0',
          supplyCap: '0',
          borrowCap: '0',
          underlyingToken: { lastPriceUSD: '1', lastPriceBlock: '42', lastPriceTimestamp: '0' },
        },
      ];
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ data: out }));
  });
});
const env = { ...process.env };
after(() => {
  resetAlertMonitor();
  process.env = env;
  gql.close();
});

async function setup(rules: string) {
  if (!gql.listening) await new Promise<void>((r) => gql.listen(0, '127.0.0.1', r));
  const dir = mkdtempSync(join(tmpdir(), 'alerts-api-'));
  writeFileSync(join(dir, 'rules.yaml'), rules);
  process.env.ALERT_RULES = join(dir, 'rules.yaml');
  process.env.ALERTS_DATA_DIR = join(dir, 'state');
  process.env.SUBGRAPH_URLS = `devnet=http://127.0.0.1:${(gql.address() as AddressInfo).port}/,other=http://127.0.0.1:1/`;
  delete process.env.ALERT_WEBHOOKS;
  resetAlertMonitor();
}
const get = (q: string) => alertsHandler(new Request(`http://localhost/api/alerts${q}`));

test('GET /api/alerts: open alerts of the network with block and status', async () => {
  await setup(
    'evaluation: { pollSeconds: 60 }\nrules:\n  - { id: util, type: utilization, max: 0.9, severity: critical }\n',
  );
  const res = await get('?network=devnet');
  assert.equal(res.status, 200);
  const body = (await res.json()) as AlertsResponse;
  assert.equal(body.network, 'devnet');
  assert.equal(body.block?.number, 42);
  assert.deepEqual(
    body.open.map((a) => [a.rule, a.severity, a.subject, a.openedBlock, a.value]),
    [['util', 'critical', 'market:USDC', 42, 0.99]],
  );
  assert.deepEqual(body.recent, []);
  assert.equal(body.status.rules, 1);
  // a network whose endpoint is down: 200 with no block and the error named
  const down = (await (await get('?network=other')).json()) as AlertsResponse;
  assert.equal(down.block, null);
  assert.match(String(down.status.error), /127\.0\.0\.1:1/);
});

test('GET /api/alerts: 400 names the bad parameter; 503 names the rules problem', async () => {
  await setup('rules: []\n');
  const cases: Array<[string, string]> = [
    ['?network=nope', 'network'],
    ['?limit=-1', 'limit'],
    ['?limit=abc', 'limit'],
    ['?netwrk=devnet', 'netwrk'],
  ];
  for (const [q, param] of cases) {
    const res = await get(q);
    assert.equal(res.status, 400, q);
    const b = (await res.json()) as { error: string; param: string };
    assert.equal(b.param, param, q);
    assert.ok(b.error.length > 10, b.error);
  }
  await setup('rules:\n  - { id: x, type: nope }\n');
  const res = await get('?network=devnet');
  assert.equal(res.status, 503);
  assert.match(
    ((await res.json()) as { error: string }).error,
    /rules\.yaml[\s\S]*rule "x": field "type" must be one of/,
  );
});
