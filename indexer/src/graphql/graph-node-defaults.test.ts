// Query behaviours where graph-node's default configuration differs from a plain GraphQL
// server, each checked against a small hand-written data set whose answers are written out
// below. Every test names the graph-node source it follows (graphprotocol/graph-node).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { graphql } from 'graphql';
import { parseSchema } from '../schema/index.ts';
import { openStore, type Store, type EntityChange } from '../store/index.ts';
import {
  fixtureSchema,
  addr,
  blockHash,
  marketId,
  ent,
  X,
  S,
  I,
  I8,
  BI,
  B,
  BD,
  L,
} from '../../test-fixtures/store/fixture.ts';
import { startGraphQLServer, type GraphQLServer } from './server.ts';
import { IndexingStatus } from './status.ts';
import { buildApi } from './api.ts';

const schema = fixtureSchema();
let store: Store;
let srv: GraphQLServer;

const tok = (n: number) => addr(1, n);
const acc = (n: number) => addr(3, n);
const SYMBOLS = ['ABC', 'A_C', 'AXC', '50%'];
const MARKETS: [number, string, string[]][] = [
  [1, 'ACTIVE', ['core', 'eth']],
  [2, 'FROZEN', ['core']],
  [3, 'ACTIVE', ['usd']],
];

before(async () => {
  store = await openStore({ schema, deployment: 'sem' });
  const c: EntityChange[] = [];
  SYMBOLS.forEach((symbol, k) =>
    c.push({
      entityType: 'Token',
      id: tok(k + 1),
      block: 2,
      data: ent({ id: X(tok(k + 1)), symbol: S(symbol), decimals: I(18) }),
    }),
  );
  for (const [t, status, tags] of MARKETS) {
    c.push({
      entityType: 'Market',
      id: marketId(t - 1),
      block: 2,
      data: ent({
        id: X(marketId(t - 1)),
        inputToken: X(tok(t)),
        status: S(status),
        totalSupply: BI(BigInt(t)),
        liquidationThreshold: I8(8000n),
        isActive: B(true),
        tags: L(...tags.map(S)),
        rates: L(BD('1')),
      }),
    });
  }
  const accountMarkets = [[0, 1], [2], [0]];
  accountMarkets.forEach((ms, a) => {
    c.push({
      entityType: 'Account',
      id: acc(a),
      block: 2,
      data: ent({
        id: X(acc(a)),
        positionCount: I(ms.length),
        markets: L(...ms.map((m) => X(marketId(m)))),
      }),
    });
    for (const m of ms) {
      const id = `${acc(a)}-${m}`;
      c.push({
        entityType: 'Position',
        id,
        block: 2,
        data: ent({
          id: S(id),
          account: X(acc(a)),
          market: X(marketId(m)),
          balance: BI(10n),
          isCollateral: B(true),
        }),
      });
    }
  });
  const blocks = [2, 3, 4].map((n) => ({
    number: n,
    hash: blockHash(n),
    parentHash: blockHash(n - 1),
    timestamp: 1000 + n,
  }));
  await store.commitBatch({ changes: c, blocks, cursor: { number: 4, hash: blockHash(4) } });
  // Manifest start block 3: graph-node's earliest queryable block is its parent, 2.
  const status = new IndexingStatus({ earliestBlock: { number: 3 } });
  srv = await startGraphQLServer({
    store,
    schema,
    subgraphName: 'sem',
    port: 0,
    statusPort: 0,
    status,
  });
});
after(async () => {
  await srv?.close();
  await store?.close();
});

type Reply = { data?: any; errors?: { message: string; locations?: unknown; path?: unknown }[] };
async function gql(
  query: string,
  variables?: object,
  operationName?: string,
  url = srv.url,
): Promise<Reply> {
  const body = JSON.stringify({ query, variables, operationName });
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return r.json() as never;
}
async function data(query: string, variables?: object) {
  const r = await gql(query, variables);
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  return r.data;
}
async function errorOf(query: string): Promise<string> {
  const r = await gql(query);
  assert.equal(r.data, undefined);
  assert.equal(r.errors?.length, 1, JSON.stringify(r));
  return r.errors![0].message;
}
const symbols = (d: { symbol: string }[]) => d.map((t) => t.symbol);

test('orderDirection: desc without orderBy sorts by id ascending (store/query.rs, build_order)', async () => {
  const d = await data('{ tokens(orderDirection: desc) { id } }');
  assert.deepEqual(
    d.tokens.map((t: any) => t.id),
    [tok(1), tok(2), tok(3), tok(4)],
  );
});

test('Bytes input: "" and unprefixed hex are valid (data/store/scalar/bytes.rs, Bytes::from_str)', async () => {
  const d =
    await data(`{ all: tokens(where: { id_gt: "" }) { id } one: token(id: "${tok(2).slice(2)}") { id }
    some: tokens(where: { id_in: ["${tok(3).slice(2).toUpperCase()}"] }) { id } }`);
  assert.equal(d.all.length, 4);
  assert.equal(d.one.id, tok(2));
  assert.deepEqual(d.some, [{ id: tok(3) }]);
  assert.equal(
    await errorOf('{ tokens(where: { id: "abc" }) { id } }'),
    'Failed to decode `Bytes` value: `Odd number of digits`',
  );
});

test('validations off: enum as a string, unknown argument, undeclared and unused variables (execution/query.rs, values/coercion.rs)', async () => {
  const d = await data('{ tokens(orderBy: "symbol", orderDirection: desc) { symbol } }');
  assert.deepEqual(symbols(d.tokens), ['A_C', 'AXC', 'ABC', '50%']); // C collation: _ after X
  const m = await data('{ markets(where: { status: "FROZEN" }) { id } }');
  assert.deepEqual(m.markets, [{ id: marketId(1) }]);
  assert.equal((await data('{ tokens(nope: 1) { id } }')).tokens.length, 4);
  assert.equal(
    (await data('{ tokens(first: $undeclared) { id } }', { undeclared: 1 })).tokens.length,
    4,
  );
  assert.equal((await data('query($unused: Int) { tokens { id } }')).tokens.length, 4);
  // A string that names no enum value is still an error.
  assert.match(
    await errorOf('{ tokens(orderBy: "nope") { id } }'),
    /Enum "Token_orderBy" cannot represent non-enum value: "nope"/,
  );
});

test('list _not_contains: contains none of the values; _contains_nocase: ILIKE any (relational_queries.rs, contains)', async () => {
  const d = await data(`{ n: markets(where: { tags_not_contains: ["eth", "usd"] }) { id }
    c: markets(where: { tags_contains: ["core", "eth"] }) { id }
    i: markets(where: { tags_contains_nocase: ["CORE"] }) { id }
    w: markets(where: { tags_contains_nocase: ["E%"] }) { id }
    x: markets(where: { tags_not_contains_nocase: ["US_"] }) { id } }`);
  assert.deepEqual(d.n, [{ id: marketId(1) }]);
  assert.deepEqual(d.c, [{ id: marketId(0) }]);
  assert.deepEqual(d.i, [{ id: marketId(0) }, { id: marketId(1) }]);
  assert.deepEqual(d.w, [{ id: marketId(0) }]);
  assert.deepEqual(d.x, [{ id: marketId(0) }, { id: marketId(1) }]);
});

test('_starts_with / _contains pass _ and % to LIKE (relational_queries.rs, starts_or_ends_with, contains)', async () => {
  const d = await data(`{ s: tokens(where: { symbol_starts_with: "A_" }) { symbol }
    u: tokens(where: { symbol_contains: "_" }) { symbol }
    p: tokens(where: { symbol_contains: "%C" }) { symbol }
    e: tokens(where: { symbol_ends_with_nocase: "_c" }) { symbol } }`);
  assert.deepEqual(symbols(d.s), ['ABC', 'A_C', 'AXC']);
  assert.deepEqual(symbols(d.u), SYMBOLS);
  assert.deepEqual(symbols(d.p), ['ABC', 'A_C', 'AXC']); // a leading % makes it the whole pattern
  assert.deepEqual(symbols(d.e), ['ABC', 'A_C', 'AXC']);
});

test('_meta by number has no hash, timestamp or parent hash (store/resolver.rs, locate_blocks and lookup_meta)', async () => {
  // locate_blocks gives a block by number the all-zero hash, which lookup_meta shows as null and
  // finds no timestamp or parent hash for. The index-node's blockHashFromNumber has the hash.
  const d =
    await data(`{ n: _meta(block: { number: 3 }) { block { number hash timestamp parentHash } }
    h: _meta(block: { hash: "${blockHash(3)}" }) { block { number hash timestamp parentHash } }
    l: _meta { block { number hash timestamp } } }`);
  assert.deepEqual(d.n.block, { number: 3, hash: null, timestamp: null, parentHash: null });
  assert.deepEqual(d.h.block, {
    number: 3,
    hash: blockHash(3),
    timestamp: 1003,
    parentHash: blockHash(2),
  });
  assert.deepEqual(d.l.block, { number: 4, hash: blockHash(4), timestamp: 1004 });
  const h = await gql(
    '{ a: blockHashFromNumber(network: "devnet", blockNumber: 3) b: blockHashFromNumber(network: "devnet", blockNumber: 9) c: blockHashFromNumber(network: "mainnet", blockNumber: 3) }',
    undefined,
    undefined,
    srv.statusUrl!,
  );
  assert.deepEqual(h, { data: { a: blockHash(3), b: null, c: null } });
});

test('block constraints: below the earliest block, {}, number_gte (data/subgraph/mod.rs block_queryable, query/ext.rs)', async () => {
  assert.equal((await data('{ markets(block: { number: 2 }) { id } }')).markets.length, 3);
  assert.equal(
    await errorOf('{ markets(block: { number: 1 }) { id } }'),
    'Failed to decode `block.number` value: `subgraph sem only has data starting at block number 2 and data for block number 1 is therefore not available`',
  );
  assert.equal(
    await errorOf('{ markets(block: {}) { id } }'),
    'Invalid value provided for argument `block`: Object({})',
  );
  assert.equal(
    await errorOf('{ markets(block: { number_gte: 9 }) { id } }'),
    'Failed to decode `block.number_gte` value: `subgraph sem has only indexed up to block number 4 and data for block number 9 is therefore not yet available`',
  );
});

test('no skip limit by default (env/graphql.rs, GRAPH_GRAPHQL_MAX_SKIP = u32::MAX)', async () => {
  assert.deepEqual((await data('{ markets(skip: 100000) { id } }')).markets, []);
  assert.deepEqual((await data('{ markets(skip: 2) { id } }')).markets, [{ id: marketId(2) }]);
});

test('orderBy a reference, an enum or a list is an error; a child field is not (store/query.rs, build_order_by)', async () => {
  assert.equal(
    await errorOf('{ markets(orderBy: inputToken) { id } }'),
    'Ordering by `inputToken` is not supported for type `Market`',
  );
  assert.equal(
    await errorOf('{ markets(orderBy: status) { id } }'),
    'Ordering by `status` is not supported for type `Market`',
  );
  assert.equal(
    await errorOf('{ markets(orderBy: tags) { id } }'),
    'Ordering by `tags` is not supported for type `Market`',
  );
  const d = await data('{ markets(orderBy: inputToken__symbol, orderDirection: desc) { id } }');
  assert.deepEqual(
    d.markets.map((m: any) => m.id),
    [marketId(1), marketId(2), marketId(0)],
  ); // A_C, AXC, ABC
});

test('child filters nest one level; a column filter beside `or` is an error (relational_queries.rs allow_child, store/query.rs)', async () => {
  const one = await data('{ positions(where: { market_: { status: FROZEN } }) { id } }');
  assert.deepEqual(one.positions, [{ id: `${acc(0)}-1` }]);
  assert.match(
    await errorOf('{ positions(where: { market_: { inputToken_: { symbol: "ABC" } } }) { id } }'),
    /^Child filter nesting not supported by value `inputToken`: `join on inputToken with Token/,
  );
  assert.equal(
    await errorOf('{ markets(where: { isActive: true, or: [{ status: FROZEN }] }) { id } }'),
    "Cannot mix column filters with 'or' operator at the same level. Found column filter(s) 'isActive' alongside 'or' operator.\n\n" +
      "Instead of:\nwhere: { 'isActive', or: [...] }\n\nUse:\nwhere: { or: [{ 'isActive', ... }, { 'isActive', ... }] }",
  );
  const ok = await data(
    '{ markets(where: { or: [{ status: FROZEN }, { totalSupply: "3" }] }) { id } }',
  );
  assert.deepEqual(ok.markets, [{ id: marketId(1) }, { id: marketId(2) }]);
});

test('_nocase list filters only for String lists and String-id references (schema/api.rs, field_list_supports_nocase)', async () => {
  const d = await data(
    '{ a: __type(name: "Account_filter") { inputFields { name } } m: __type(name: "Market_filter") { inputFields { name } } }',
  );
  const af = new Set(d.a.inputFields.map((f: any) => f.name));
  const mf = new Set(d.m.inputFields.map((f: any) => f.name));
  assert.ok(af.has('markets_contains') && af.has('markets_not_contains'));
  assert.ok(!af.has('markets_contains_nocase') && !af.has('markets_not_contains_nocase')); // Market ids are Bytes
  assert.ok(mf.has('tags_contains_nocase') && mf.has('tags_not_contains_nocase'));
  assert.ok(!mf.has('rates_contains_nocase')); // BigDecimal has no case
  // a list of references to entities with String ids keeps them (graph-node since #6351)
  const small = parseSchema(
    'type Tag @entity { id: ID! } type Post @entity { id: ID! tags: [Tag!]! }',
    'tags.graphql',
  );
  const s = await openStore({ schema: small, deployment: 'tags' });
  try {
    const r = await graphql({
      schema: buildApi(small, s).schema,
      source: '{ __type(name: "Post_filter") { inputFields { name } } }',
    });
    const pf = new Set((r.data as any).__type.inputFields.map((f: any) => f.name));
    assert.ok(pf.has('tags_contains_nocase') && pf.has('tags_not_contains_nocase'));
  } finally {
    await s.close();
  }
});

test('several operations: graph-node requires one, whatever operationName says (execution/query.rs, Query::new)', async () => {
  const r = await gql('query A { tokens { id } } query B { markets { id } }', undefined, 'A');
  assert.deepEqual(r, { errors: [{ message: 'Operation name required' }] });
  assert.equal((await gql('query A { tokens { id } }', undefined, 'Other')).data.tokens.length, 4);
});

test('error objects: message, locations only where graph-node has them, never a path (data/query/error.rs, Serialize)', async () => {
  assert.deepEqual(await gql('{ markets(first: 5000) { id } }'), {
    errors: [{ message: 'The `first` argument must be between 0 and 1000, but is 5000' }],
  });
  // execution/query.rs validate_fields: UnknownField at the field, checked with validations off
  const v = await gql('{ markets { nope } a: tokens { id nada } }');
  assert.deepEqual(v.errors, [
    { message: 'Type `Market` has no field `nope`', locations: [{ line: 1, column: 13 }] },
    { message: 'Type `Token` has no field `nada`', locations: [{ line: 1, column: 35 }] },
  ]);
  // block_constraint's InvalidArgumentError carries q::Pos::default(): line 0, column 0
  assert.deepEqual(await gql('{ markets(block: {}) { id } }'), {
    errors: [
      {
        message: 'Invalid value provided for argument `block`: Object({})',
        locations: [{ line: 0, column: 0 }],
      },
    ],
  });
  // ValueParseError has no position
  assert.deepEqual(
    Object.keys((await gql('{ markets(block: { number: 1 }) { id } }')).errors![0]),
    ['message'],
  );
});

test('Int8 and Timestamp are in the schema even when no field uses them (schema/api.rs)', async () => {
  const small = parseSchema('type Thing @entity { id: ID! name: String! }', 'small.graphql');
  const s = await openStore({ schema: small, deployment: 'small' });
  try {
    const api = buildApi(small, s);
    const r = await graphql({
      schema: api.schema,
      source:
        '{ a: __type(name: "Int8") { kind } b: __type(name: "Timestamp") { kind } c: __type(name: "BigDecimal") { kind } }',
    });
    assert.deepEqual(JSON.parse(JSON.stringify(r.data)), {
      a: { kind: 'SCALAR' },
      b: { kind: 'SCALAR' },
      c: { kind: 'SCALAR' },
    });
  } finally {
    await s.close();
  }
});
