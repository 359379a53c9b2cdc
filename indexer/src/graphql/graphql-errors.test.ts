// Conformance of the query API with graph-node's documented behaviour, over HTTP: errors in
// graph-node's shape and wording, limits, variables and operationName, read-only (the other
// cases: graphql.test.ts, graphql-paging.test.ts). Expected values come from the oracle in
// test-fixtures/graphql/conformance.ts.
import assert from 'node:assert/strict';
import { blockHash, marketId } from '../../test-fixtures/store/fixture.ts';
import {
  BLOCKS,
  big,
  byId,
  data,
  entities,
  errorOf,
  gql,
  runConformance,
  schema,
  srv,
  stateAt,
  status,
  store,
  tcase,
  val,
} from '../../test-fixtures/graphql/conformance.ts';
import { startGraphQLServer } from './server.ts';
import type { Store } from '../store/index.ts';

// ---- errors ----
tcase('errors in graph-node shape and wording', async () => {
  assert.equal(
    await errorOf('{ markets(first: 5000) { id } }'),
    'The `first` argument must be between 0 and 1000, but is 5000',
  );
  assert.deepEqual((await data('{ markets(skip: 6000) { id } }')).markets, []); // no skip limit
  assert.equal(
    await errorOf('{ markets(block: { number: 99 }) { id } }'),
    'Failed to decode `block.number` value: `subgraph conformance has only indexed up to block number 20 and data for block number 99 is therefore not yet available`',
  );
  assert.equal(
    await errorOf('{ _meta(block: { number_gte: 21 }) { deployment } }'),
    'Failed to decode `block.number_gte` value: `subgraph conformance has only indexed up to block number 20 and data for block number 21 is therefore not yet available`',
  );
  assert.equal(
    await errorOf(`{ markets(block: { hash: "0x${'ee'.repeat(32)}" }) { id } }`),
    'Failed to decode `block.hash` value: `no block with that hash found`',
  );
  const unknown = await gql('{ markets { id nope } }');
  assert.equal(unknown.errors![0].message, 'Type `Market` has no field `nope`');
  assert.deepEqual(unknown.errors![0].locations, [{ line: 1, column: 16 }]);
  assert.match(
    await errorOf('{ markets(where: { nope: 1 }) { id } }'),
    /Field "nope" is not defined by type "Market_filter"/,
  );
  assert.match(
    await errorOf('{ markets(where: { totalSupply_gt: "abc" }) { id } }'),
    /^Failed to decode `BigInt` value: `abc` is not an integer/,
  );
  assert.match(
    await errorOf('{ markets(where: { id: "0xzz" }) { id } }'),
    /Failed to decode `Bytes` value: `Invalid character`/,
  );
  assert.match(
    await errorOf('{ positions(where: { market: "nothex" }) { id } }'),
    /Failed to decode `market` value/,
  );
  assert.match(
    await errorOf('{ markets(orderBy: nope) { id } }'),
    /Value "nope" does not exist in "Market_orderBy" enum/,
  );
  const syntax = await gql('{ markets { id }');
  assert.match(syntax.errors![0].message, /^Syntax Error/);
  assert.deepEqual(syntax.errors![0].locations, [{ line: 1, column: 17 }]);
  assert.match(
    await errorOf('mutation { markets { id } }'),
    /Schema is not configured to execute mutation operation/,
  );
  assert.equal(
    await errorOf(
      '{ markets { positions { market { positions { market { positions { market { positions { id } } } } } } } } }',
    ),
    'query has a depth that exceeds the limit of `8`',
  );
  assert.match(await errorOf('{ markets { inputToken } }'), /must have a selection of subfields/);
});

tcase('limits: result size and timeout; variables, operationName; read-only', async () => {
  // A store whose every SQL query takes 200 ms, behind a server with a 50 ms timeout.
  const d = store.driver;
  // resolves when a query first reaches the slow driver (no wall-clock guess under load)
  let entered = () => {};
  const slowStore = Object.create(store, {
    driver: {
      value: {
        ...d,
        query: async (sql: string, p?: unknown[]) => {
          entered();
          await new Promise((r) => setTimeout(r, 200));
          return d.query(sql, p);
        },
      },
    },
  }) as Store;
  const small = await startGraphQLServer({
    store: slowStore,
    schema,
    subgraphName: 'collateral-radar',
    port: 0,
    limits: { timeoutMs: 50 },
  });
  try {
    const r = await gql('{ positions(first: 1000) { id balance } }', undefined, small.url);
    assert.equal(r.errors![0].message, 'Query timed out');
    assert.equal(r.data, undefined);
  } finally {
    await small.close();
  }
  // A revert while a query reads gives graph-node's reorg error (here a no-op revert to the head).
  const slow = await startGraphQLServer({
    store: slowStore,
    schema,
    subgraphName: 'collateral-radar',
    port: 0,
  });
  try {
    const reading = new Promise<void>((r) => (entered = r));
    const pending = gql('{ markets { id } }', undefined, slow.url);
    await reading;
    await store.revertTo(BLOCKS);
    assert.deepEqual((await pending).errors, [
      { message: 'the chain was reorganized while executing the query' },
    ]);
  } finally {
    await slow.close();
  }
  const big = await startGraphQLServer({
    store,
    schema,
    subgraphName: 'collateral-radar',
    port: 0,
    limits: { maxResultBytes: 200, timeoutMs: 60_000 },
  });
  try {
    const r = await gql('{ positions(first: 1000) { id balance } }', undefined, big.url);
    assert.match(
      r.errors![0].message,
      /^the result size of \d+ is larger than the allowed limit of 200$/,
    );
  } finally {
    await big.close();
  }
  const body = {
    query: 'query A($id: Bytes!, $n: Int!) { markets(where: { id: $id }, first: $n) { id } }',
    variables: { id: marketId(2), n: 5 },
    operationName: 'A',
  };
  const v = (await (
    await fetch(srv.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  ).json()) as any;
  assert.deepEqual(v, { data: { markets: [{ id: marketId(2) }] } });
  const badVar = await gql('query($v: BigInt!) { markets(where: { totalSupply_gt: $v }) { id } }', {
    v: '1.5',
  });
  assert.match(
    badVar.errors![0].message,
    /Failed to decode `BigInt` value: `1.5` is not an integer/,
  );
  assert.match(
    await errorOf('{ markets(first: 0) { id } }'),
    /The `first` argument must be between 0 and 1000, but is 0/,
  );
  assert.match(
    await errorOf('subscription { markets { id } }'),
    /Schema is not configured to execute subscription operation/,
  );
});

tcase(
  'HTTP: GET page, GET ?query=, CORS for local origins, 404 for other subgraphs, id route',
  async () => {
    const page = await fetch(srv.url);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type')!, /text\/html/);
    assert.match(await page.text(), /<textarea/);
    const g = await fetch(srv.url + '?query=' + encodeURIComponent('{ _meta { deployment } }'));
    assert.deepEqual(await g.json(), { data: { _meta: { deployment: 'conformance' } } });
    const pre = await fetch(srv.url, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST' },
    });
    assert.equal(pre.headers.get('access-control-allow-origin'), 'http://localhost:3000');
    const evil = await fetch(srv.url, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ _meta { deployment } }' }),
    });
    assert.equal(evil.headers.get('access-control-allow-origin'), null);
    const other = await fetch(srv.url.replace('collateral-radar', 'other'), {
      method: 'POST',
      body: '{}',
    });
    assert.equal(other.status, 404);
    assert.deepEqual(await other.json(), {
      errors: [{ message: 'deployment `other` does not exist' }],
    });
    const viaId = await fetch(srv.url.replace('/name/collateral-radar', '/id/conformance'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ tokens(first: 1) { symbol } }' }),
    });
    assert.deepEqual(await viaId.json(), {
      data: { tokens: [{ symbol: val(entities('Token').sort(byId)[0].e.get('symbol')) }] },
    });
    const legacy = await fetch(srv.url + '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ _meta { deployment } }' }),
    });
    assert.deepEqual(await legacy.json(), { data: { _meta: { deployment: 'conformance' } } });
    const nested = await fetch(srv.url.replace('collateral-radar', 'org/other'), {
      method: 'POST',
      body: '{}',
    });
    assert.deepEqual(await nested.json(), {
      errors: [{ message: 'deployment `org/other` does not exist' }],
    });
    const bad = await fetch(srv.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as any).errors[0].message, /^Invalid request body/);
    assert.equal(new URL(srv.url).hostname, '127.0.0.1');
  },
);

tcase(
  'index-node status API reports synced, health, chain head, latest block, fatal error',
  async () => {
    const q =
      '{ indexingStatuses { subgraph synced health fatalError { message block { number hash } handler } chains { network chainHeadBlock { number } latestBlock { number hash } } entityCount } }';
    const r1 = await gql(q, undefined, srv.statusUrl!);
    const total = [...stateAt(BLOCKS).values()].reduce((n, m) => n + m.size, 0);
    assert.deepEqual(r1.data.indexingStatuses, [
      {
        subgraph: 'conformance',
        synced: false,
        health: 'healthy',
        fatalError: null,
        chains: [
          {
            network: 'devnet',
            chainHeadBlock: { number: '25' },
            latestBlock: { number: String(BLOCKS), hash: blockHash(BLOCKS) },
          },
        ],
        entityCount: String(total),
      },
    ]);
    status.synced = true;
    await store.setFailed({
      block: { number: 21, hash: blockHash(21) },
      handler: 'handleSupply',
      message: 'boom',
      deterministic: true,
    });
    try {
      const r2 = await gql(
        '{ indexingStatusForCurrentVersion(subgraphName: "collateral-radar") { synced health fatalError { message block { number hash } handler } } }',
        undefined,
        srv.statusUrl!,
      );
      assert.deepEqual(r2.data.indexingStatusForCurrentVersion, {
        synced: true,
        health: 'failed',
        fatalError: {
          message: 'boom',
          block: { number: '21', hash: blockHash(21) },
          handler: 'handleSupply',
        },
      });
      const meta = await data('{ _meta { hasIndexingErrors } }');
      assert.equal(meta._meta.hasIndexingErrors, true);
      const none = await gql(
        '{ indexingStatuses(subgraphs: ["QmOther"]) { subgraph } }',
        undefined,
        srv.statusUrl!,
      );
      assert.deepEqual(none.data.indexingStatuses, []);
    } finally {
      await store.clearFailure();
    }
  },
);

runConformance();
