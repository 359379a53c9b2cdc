import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseSchema, SchemaError, snakeCase } from './index.ts';

const fixture = readFileSync(
  new URL('../../test-fixtures/store/schema.graphql', import.meta.url),
  'utf8',
);

test('parses entities, fields, interfaces, enums', () => {
  const m = parseSchema(fixture, 'schema.graphql');
  assert.deepEqual(
    [...m.entities.keys()],
    ['Token', 'Market', 'Account', 'Position', 'Supply', 'Borrow'],
  );
  const market = m.entities.get('Market')!;
  assert.equal(market.idType, 'Bytes');
  assert.equal(market.immutable, false);
  assert.deepEqual(market.field('inputToken'), {
    name: 'inputToken',
    type: 'Token',
    list: false,
    required: true,
    itemRequired: false,
    derivedFrom: null,
    kind: 'entity',
  });
  assert.equal(market.field('status')!.kind, 'enum');
  assert.deepEqual(market.field('tags'), {
    name: 'tags',
    type: 'String',
    list: true,
    required: false,
    itemRequired: true,
    derivedFrom: null,
    kind: 'scalar',
  });
  assert.equal(market.field('positions')!.derivedFrom, 'market');
  assert.equal(m.entities.get('Supply')!.immutable, true);
  assert.deepEqual(m.entities.get('Supply')!.interfaces, ['Event']);
  assert.deepEqual(m.interfaces.get('Event')!.implementedBy, ['Supply', 'Borrow']);
  assert.equal(m.entities.get('Account')!.field('events')!.kind, 'interface');
  assert.deepEqual(m.enums.get('MarketStatus'), ['ACTIVE', 'FROZEN', 'PAUSED']);
});

function err(src: string): string {
  try {
    parseSchema(src, 'sub/schema.graphql');
  } catch (e) {
    assert.ok(e instanceof SchemaError);
    return (e as Error).message;
  }
  assert.fail('expected a SchemaError');
}

test('errors name file and line', () => {
  assert.match(
    err('type A @entity { id: ID! }\n\ntype B @entity { name: String }'),
    /^sub\/schema\.graphql:3: B: .*missing the `id` field/,
  );
  assert.match(
    err('type A @entity {\n  id: ID!\n  x: Foo\n}'),
    /^sub\/schema\.graphql:3: A\.x: unknown type `Foo`/,
  );
  assert.match(err('type A {\n id: ID! }'), /:1: .*missing the @entity directive/);
  assert.match(
    err(
      'type A @entity { id: ID!\n bs: [B!]! @derivedFrom(field: "nope") }\ntype B @entity { id: ID! }',
    ),
    /:2: A\.bs: @derivedFrom field `nope` does not exist on type `B`/,
  );
  assert.match(
    err('type A @entity { id: ID!\n n: Int! @derivedFrom(field: "x") }'),
    /:2: .*@derivedFrom is only allowed/,
  );
  assert.match(
    err('type A @entity { id: Int! }'),
    /`id` must be of type ID!, String!, Bytes! or Int8!/,
  );
  assert.match(err('type A @entity { id: ID! '), /^sub\/schema\.graphql:1: syntax error/);
});

test('snake case as graph-node names tables', () => {
  assert.equal(snakeCase('MarketDailySnapshot'), 'market_daily_snapshot');
  assert.equal(snakeCase('lastPriceUSD'), 'last_price_usd');
  assert.equal(snakeCase('id'), 'id');
});
