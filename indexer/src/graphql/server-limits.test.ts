// Request body size limit: an oversized POST gets a graph-node-shaped 413 answer (not a reset
// connection while the client is still uploading), and the server keeps serving — also on the
// same keep-alive connection, and for `Expect: 100-continue` clients before they upload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request, Agent } from 'node:http';
import { openStore, type Store } from '../store/index.ts';
import { fixtureSchema, makeBatches } from '../../test-fixtures/store/fixture.ts';
import { startGraphQLServer, type GraphQLServer } from './server.ts';

const schema = fixtureSchema();
let store: Store;
let srv: GraphQLServer;
before(async () => {
  store = await openStore({ schema, deployment: 'limits' });
  for (const b of makeBatches({ blocks: 2, accounts: 2, seed: 1 })) await store.commitBatch(b);
  srv = await startGraphQLServer({
    store,
    schema,
    subgraphName: 'collateral-radar',
    port: 0,
    limits: { maxBodyBytes: 64 * 1024 },
  });
});
after(async () => {
  await srv?.close();
  await store?.close();
});

const body = (bytes: number) =>
  JSON.stringify({ query: `{ tokens(where: { symbol: "${'z'.repeat(bytes)}" }) { id } }` });

/** POST over node:http with a given agent (keep-alive control); status, JSON, and the socket used. */
function post(
  data: string,
  agent: Agent,
  headers: Record<string, string | number> = {},
): Promise<{ status: number; json: any; socket: unknown }> {
  return new Promise((resolve, reject) => {
    const u = new URL(srv.url);
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, json: JSON.parse(text), socket: req.socket }),
        );
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

test('an oversized body gets 413 with a graph-node-style error; the server keeps serving', async () => {
  const big = await fetch(srv.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body(3_000_000),
  });
  assert.equal(big.status, 413);
  assert.deepEqual(await big.json(), {
    errors: [{ message: 'request body larger than 65536 bytes' }],
  });
  const ok = await fetch(srv.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ _meta { deployment } }' }),
  });
  assert.equal(ok.status, 200);
  assert.deepEqual(await ok.json(), { data: { _meta: { deployment: 'limits' } } });
  // Many at once, then still serving.
  const many = await Promise.all(
    Array.from({ length: 8 }, () =>
      fetch(srv.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: body(500_000),
      }).then((r) => r.status),
    ),
  );
  assert.deepEqual(many, Array(8).fill(413));
});

test('the 413 leaves a keep-alive connection usable (the rest of the body was drained)', async () => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const a = await post(body(300_000), agent);
    assert.equal(a.status, 413);
    const b = await post(JSON.stringify({ query: '{ _meta { deployment } }' }), agent);
    assert.equal(b.status, 200);
    assert.deepEqual(b.json, { data: { _meta: { deployment: 'limits' } } });
    assert.equal(a.socket, b.socket, 'same connection');
  } finally {
    agent.destroy();
  }
});

test('Expect: 100-continue with an oversized Content-Length is refused before the upload', async () => {
  const u = new URL(srv.url);
  const r = await new Promise<{ status: number; text: string; sentBody: boolean }>(
    (resolve, reject) => {
      let sentBody = false;
      const req = request(
        {
          host: u.hostname,
          port: u.port,
          path: u.pathname,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': 10_000_000,
            expect: '100-continue',
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => {
            resolve({ status: res.statusCode!, text, sentBody });
            req.destroy();
          });
        },
      );
      req.on('continue', () => {
        sentBody = true;
        req.end('x'.repeat(10_000_000));
      });
      req.on('error', reject);
      req.flushHeaders();
    },
  );
  assert.equal(r.status, 413);
  assert.equal(r.sentBody, false);
  assert.deepEqual(JSON.parse(r.text), {
    errors: [{ message: 'request body larger than 65536 bytes' }],
  });
});
