// Pins down what the /api/graphql proxy forwards: exactly one query operation (fragments allowed),
// never a mutation or subscription however the document hides it (a comment, a comma, a second
// operation), and the upstream's answer passed through. A small HTTP server stands in for the
// endpoint and records what reaches it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { graphqlGetHandler, graphqlPostHandler, queryOnlyProblem } from './graphql-proxy';

test('one query operation passes, with or without a name, with fragments', () => {
  assert.equal(queryOnlyProblem('{ markets { id } }'), null);
  assert.equal(
    queryOnlyProblem('query Markets($n: Int) { markets(first: $n) { id } }', 'Markets'),
    null,
  );
  assert.equal(
    queryOnlyProblem('# a comment\nquery { ...F } fragment F on Query { markets { id } }'),
    null,
  );
});

test('a mutation or subscription is refused however the document starts', () => {
  for (const doc of [
    'mutation { x }',
    '# c\nmutation{ x }',
    ', mutation M { x }',
    '\ufeff mutation { x }',
    '  subscription { markets { id } }',
  ]) {
    assert.match(
      queryOnlyProblem(doc) ?? 'passed',
      /^Only queries are allowed; the document holds a (mutation|subscription)\.$/,
      doc,
    );
  }
});

test('two operations are refused, whatever they are and whatever operationName says', () => {
  assert.equal(
    queryOnlyProblem('query A { a } mutation B { b }', 'A'),
    'Only one operation is allowed per request; the document holds 2.',
  );
  assert.equal(
    queryOnlyProblem('query A { a } query B { b }', 'B'),
    'Only one operation is allowed per request; the document holds 2.',
  );
  assert.equal(
    queryOnlyProblem('fragment F on Query { a }'),
    'Only one operation is allowed per request; the document holds 0.',
  );
});

test('no query, a document that does not parse, a type definition, a wrong operationName', () => {
  assert.equal(queryOnlyProblem(undefined), 'The request has no query.');
  assert.equal(queryOnlyProblem({ query: '{ a }' }), 'The request has no query.');
  assert.equal(queryOnlyProblem('  '), 'The request has no query.');
  assert.match(
    queryOnlyProblem('{ markets(first: 5 { id }') ?? '',
    /^The query does not parse: Syntax Error: /,
  );
  assert.equal(
    queryOnlyProblem('type T { a: Int }'),
    'Only queries are allowed; the document holds a ObjectTypeDefinition.',
  );
  assert.equal(
    queryOnlyProblem('query A { a }', 'B'),
    'operationName "B" does not name the document\'s operation.',
  );
});

let upstream: Server;
const received: Array<{ query: string; variables?: unknown; operationName?: string }> = [];

before(async () => {
  upstream = createServer((req, res) => {
    let d = '';
    req.on('data', (c) => (d += c));
    req.on('end', () => {
      received.push(JSON.parse(d));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: { markets: [{ id: '0x01' }] } }));
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/subgraphs/name/x`;
  process.env.SUBGRAPH_URLS = `devnet=${url},down=http://127.0.0.1:9/subgraphs/name/x`;
});
after(async () => {
  delete process.env.SUBGRAPH_URLS;
  await new Promise<void>((r) => upstream.close(() => r()));
});

const post = (body: unknown, network = 'devnet') =>
  graphqlPostHandler(
    new Request(`http://localhost/api/graphql?network=${network}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );

test('POST: a query is forwarded as sent and the answer passed through', async () => {
  received.length = 0;
  const res = await post({
    query: 'query M($n: Int) { markets(first: $n) { id } }',
    variables: { n: 2 },
    operationName: 'M',
  });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { data: { markets: [{ id: '0x01' }] } });
  assert.deepEqual(received, [
    {
      query: 'query M($n: Int) { markets(first: $n) { id } }',
      variables: { n: 2 },
      operationName: 'M',
    },
  ]);
});

test('POST: a hidden mutation and a two-operation document never reach the endpoint', async () => {
  received.length = 0;
  for (const query of [
    '# c\nmutation { createMarket(id: "x") { id } }',
    '{ markets { id } } mutation { x }',
  ]) {
    const res = await post({ query });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { errors: Array<{ message: string }> };
    assert.match(body.errors[0].message, /^Only (queries are allowed|one operation is allowed)/);
  }
  assert.equal(received.length, 0);
});

test('GET: the query from the URL is checked and forwarded the same way', async () => {
  received.length = 0;
  const q = encodeURIComponent('{ markets { id } }');
  const ok = await graphqlGetHandler(
    new Request(`http://localhost/api/graphql?network=devnet&query=${q}&variables=%7B%7D`),
  );
  assert.equal(ok.status, 200);
  assert.deepEqual(
    received.map((r) => r.query),
    ['{ markets { id } }'],
  );
  const m = encodeURIComponent('#\nmutation { x }');
  const refused = await graphqlGetHandler(
    new Request(`http://localhost/api/graphql?network=devnet&query=${m}`),
  );
  assert.equal(refused.status, 400);
  const badVars = await graphqlGetHandler(
    new Request(`http://localhost/api/graphql?network=devnet&query=${q}&variables=%7B`),
  );
  assert.equal(badVars.status, 400);
  assert.equal(received.length, 1);
});

test('unknown network 404, endpoint down 502 without its URL, body not JSON 400', async () => {
  const unknown = await post({ query: '{ a }' }, 'nope');
  assert.equal(unknown.status, 404);
  assert.deepEqual(await unknown.json(), { errors: [{ message: 'unknown network "nope"' }] });
  const down = await post({ query: '{ a }' }, 'down');
  assert.equal(down.status, 502);
  const text = await down.text();
  assert.equal(
    text,
    JSON.stringify({ errors: [{ message: 'The GraphQL endpoint is not reachable.' }] }),
  );
  const notJson = await post('{"query": ');
  assert.equal(notJson.status, 400);
});
