// Security defaults of the API: read-only (no mutations, POST/GET only), CORS only for
// loopback origins by default, GraphQL and status servers bound to loopback by default, and
// query cost limits (first/skip bounds, depth limit, body size) apply.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import {
  missingPiece,
  referenceIndex,
  rmrf,
  startSmallDevnet,
  subgraphFor,
  tempDir,
  type IndexerNode,
} from './harness.ts';
import { startIndexerNode } from '../../indexer/src/index.ts';

const missing = missingPiece();
const skip = missing ? `missing piece: ${missing}` : false;

let devnet: Awaited<ReturnType<typeof startSmallDevnet>> | null = null;
let dir = '',
  work = '';
let node: IndexerNode | null = null;

before(async () => {
  if (missing) return;
  devnet = await startSmallDevnet(91, 1, 4);
  dir = subgraphFor(devnet.deployment);
  work = tempDir('sec');
  const dataDir = join(work, 'data');
  await referenceIndex(devnet.rpcUrl!, dir, dataDir);
  // No host / CORS options: the defaults are under test. graph-node has no skip bound by default;
  // the bound an operator sets (GRAPH_GRAPHQL_MAX_SKIP=5000) is under test here.
  node = await startIndexerNode({
    rpcUrl: devnet.rpcUrl!,
    network: 'devnet',
    subgraphDir: dir,
    dataDir,
    port: 0,
    statusPort: 0,
    progress: false,
    log: () => {},
    pollMs: 500,
    limits: { maxSkip: 5000 },
  });
});
after(async () => {
  await node?.stop();
  await devnet?.stop();
  rmrf(work);
  rmrf(dir);
});

const post = (url: string, query: string, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });

test('read-only: mutations are rejected, nothing changes', { skip }, async () => {
  const before = await (
    await post(node!.url!, '{ markets(first: 1000, orderBy: id) { id totalSupply } }')
  ).json();
  for (const m of [
    'mutation { createMarket(id: "0x01") { id } }',
    'mutation { __typename }',
    'mutation M { deleteMarket(id: "x") }',
  ]) {
    const r = await post(node!.url!, m);
    const j = (await r.json()) as { errors?: { message: string }[]; data?: unknown };
    assert.ok(j.errors?.length, `mutation accepted: ${JSON.stringify(j)}`);
    assert.ok(!j.data, `mutation produced data: ${JSON.stringify(j.data)}`);
  }
  for (const method of ['PUT', 'DELETE', 'PATCH']) {
    const r = await fetch(node!.url!, {
      method,
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ markets { id } }"}',
    });
    assert.ok(r.status >= 400, `${method} answered ${r.status}`);
  }
  const after = await (
    await post(node!.url!, '{ markets(first: 1000, orderBy: id) { id totalSupply } }')
  ).json();
  assert.deepEqual(after, before);
});

test(
  'CORS: loopback origins allowed, others get no Access-Control-Allow-Origin',
  { skip },
  async () => {
    const evil = await post(node!.url!, '{ _meta { block { number } } }', {
      origin: 'https://evil.example',
    });
    assert.equal(
      evil.headers.get('access-control-allow-origin'),
      null,
      'a foreign origin was allowed',
    );
    const pre = await fetch(node!.url!, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    assert.equal(
      pre.headers.get('access-control-allow-origin'),
      null,
      'preflight of a foreign origin allowed',
    );
    assert.notEqual(pre.headers.get('access-control-allow-origin'), '*');
    const local = await post(node!.url!, '{ _meta { block { number } } }', {
      origin: 'http://localhost:3000',
    });
    assert.equal(local.headers.get('access-control-allow-origin'), 'http://localhost:3000');
    const st = await fetch(node!.statusUrl!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ query: '{ indexingStatuses { health } }' }),
    });
    assert.notEqual(st.headers.get('access-control-allow-origin'), '*');
    assert.notEqual(st.headers.get('access-control-allow-origin'), 'https://evil.example');
  },
);

test(
  'bind address: GraphQL and status servers listen on loopback only by default',
  { skip },
  async () => {
    for (const u of [node!.url!, node!.statusUrl!]) {
      const { hostname, port } = new URL(u);
      assert.equal(hostname, '127.0.0.1');
      const external = Object.values(networkInterfaces())
        .flat()
        .filter((i) => i && !i.internal && i.family === 'IPv4')
        .map((i) => i!.address);
      for (const ip of external) {
        const reached = await new Promise<boolean>((res) => {
          const s = connect({ host: ip, port: Number(port) });
          s.setTimeout(2000, () => {
            s.destroy();
            res(false);
          });
          s.on('connect', () => {
            s.destroy();
            res(true);
          });
          s.on('error', () => res(false));
        });
        assert.equal(reached, false, `${u} is reachable on ${ip}:${port}`);
      }
    }
  },
);

test(
  'cost limits: first/skip bounds and depth limit apply, fan-out stays bounded',
  { skip },
  async () => {
    const msg = async (query: string) =>
      ((await (await post(node!.url!, query)).json()) as { errors?: { message: string }[] })
        .errors?.[0]?.message ?? '';
    assert.match(await msg('{ positions(first: 1001) { id } }'), /first/);
    assert.match(await msg('{ positions(skip: 5001) { id } }'), /skip/);
    let nest = 'id';
    for (let i = 0; i < 70; i++)
      nest = i % 2 ? `positions(first: 1) { ${nest} }` : `market { ${nest} }`; // outermost: Market.positions
    assert.match(await msg(`{ markets(first: 1) { ${nest} } }`), /depth/);
    // Fan-out: the first limit applies at every level, not only at the top.
    assert.match(await msg('{ markets(first: 1) { positions(first: 1001) { id } } }'), /first/);
    assert.match(
      await msg(
        '{ markets(first: 1) { positions(first: 1) { account { positions(skip: 5001) { id } } } } }',
      ),
      /skip/,
    );
    // A 1000 × 1000 × 1000 fan-out answers with exactly the rows the flat lists hold.
    const t0 = Date.now();
    const fan = await post(
      node!.url!,
      '{ markets(first: 1000) { id positions(first: 1000) { id account { id positions(first: 1000) { id } } } } }',
    );
    const fanMs = Date.now() - t0;
    assert.equal(fan.status, 200);
    type Fan = {
      data?: {
        markets: Array<{
          id: string;
          positions: Array<{
            id: string;
            account: { id: string; positions: Array<{ id: string }> };
          }>;
        }>;
      };
      errors?: unknown;
    };
    const fanJson = (await fan.json()) as Fan;
    assert.equal(fanJson.errors, undefined, JSON.stringify(fanJson.errors));
    const flat = await allPositions();
    assert.ok(flat.length > 0, 'the devnet has positions');
    const byMarket = groupIds(flat, (p) => p.market.id);
    const byAccount = groupIds(flat, (p) => p.account.id);
    const markets = fanJson.data!.markets;
    assert.ok(markets.length > 0 && markets.length <= 1000, `${markets.length} markets`);
    let rows = 0;
    for (const m of markets) {
      assert.deepEqual(
        m.positions.map((p) => p.id).sort(),
        byMarket.get(m.id) ?? [],
        `positions of market ${m.id}`,
      );
      for (const p of m.positions) {
        assert.deepEqual(
          p.account.positions.map((q) => q.id).sort(),
          byAccount.get(p.account.id),
          `positions of account ${p.account.id}`,
        );
        rows += 1 + p.account.positions.length;
      }
    }
    assert.equal(
      markets.reduce((n, m) => n + m.positions.length, 0),
      flat.length,
      'every position once under its market',
    );
    assert.ok(fanMs < 10_000, `fan-out of ${rows} rows answered in ${fanMs} ms (limit 10 s)`);
  },
);

type FlatPosition = { id: string; market: { id: string }; account: { id: string } };
/** Every Position, paged by id (each page within the first limit). */
async function allPositions(): Promise<FlatPosition[]> {
  const out: FlatPosition[] = [];
  for (let last = ''; ;) {
    const where = last ? `, where: { id_gt: "${last}" }` : '';
    const r = await post(
      node!.url!,
      `{ positions(first: 1000, orderBy: id${where}) { id market { id } account { id } } }`,
    );
    const page = ((await r.json()) as { data: { positions: FlatPosition[] } }).data.positions;
    out.push(...page);
    if (page.length < 1000) return out;
    last = page[page.length - 1].id;
  }
}

function groupIds(rows: FlatPosition[], key: (p: FlatPosition) => string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of rows) out.set(key(p), [...(out.get(key(p)) ?? []), p.id]);
  for (const ids of out.values()) ids.sort();
  return out;
}

test('body size limit: an oversized request gets a 413 answer', { skip }, async () => {
  const big = await fetch(node!.url!, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `{ markets(where: { symbol: "${'z'.repeat(3_000_000)}" }) { id } }`,
    }),
  }).catch((e) => ({
    status: `no answer (${(e as Error).message}: ${String((e as { cause?: unknown }).cause ?? '')})`,
  }));
  assert.equal(big.status, 413, 'an oversized body gets a 413 answer, not a dropped connection');
  const still = await post(node!.url!, '{ _meta { block { number } } }');
  assert.equal(still.status, 200, 'still serving');
});
