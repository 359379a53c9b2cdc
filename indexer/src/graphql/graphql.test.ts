// Conformance of the query API with graph-node's documented behaviour, over HTTP: schema shape,
// plural and singular fields, scalars and filters (ordering, paging, time travel and _meta:
// graphql-paging.test.ts; errors and limits: graphql-errors.test.ts). Expected values come from
// the oracle in test-fixtures/graphql/conformance.ts, never from the code under test.
import assert from 'node:assert/strict';
import { marketId, TOKENS, addr } from '../../test-fixtures/store/fixture.ts';
import {
  BLOCKS,
  big,
  byId,
  data,
  entities,
  runConformance,
  schema,
  stateAt,
  status,
  tcase,
  val,
} from '../../test-fixtures/graphql/conformance.ts';
import { pluralField, singularField } from './naming.ts';

// ---- schema shape ----
tcase('query fields and names follow graph-node (camelCase, pluralised)', async () => {
  assert.equal(pluralField('Supply'), 'supplies');
  assert.equal(singularField('EModeCategory'), 'emodeCategory'); // Inflector: capitals after a capital are lowercased
  assert.equal(pluralField('EModeCategory'), 'emodeCategories');
  assert.equal(singularField('AccountActivityDay'), 'accountActivityDay');
  assert.equal(pluralField('AccountActivityDay'), 'accountActivityDays');
  assert.equal(pluralField('Status'), 'statuses');
  assert.equal(pluralField('MarketDailySnapshot'), 'marketDailySnapshots');
  const d = await data(
    '{ __schema { queryType { fields { name args { name defaultValue type { name kind ofType { name } } } } } } }',
  );
  const fields = new Map<string, any>(d.__schema.queryType.fields.map((f: any) => [f.name, f]));
  for (const n of [
    'token',
    'tokens',
    'market',
    'markets',
    'account',
    'accounts',
    'position',
    'positions',
    'supply',
    'supplies',
    'borrow',
    'borrows',
    'event',
    'events',
    '_meta',
  ])
    assert.ok(fields.has(n), n);
  const argNames = (n: string) => fields.get(n).args.map((a: any) => a.name);
  assert.deepEqual(argNames('markets'), [
    'skip',
    'first',
    'orderBy',
    'orderDirection',
    'where',
    'block',
    'subgraphError',
  ]);
  assert.deepEqual(argNames('market'), ['id', 'block', 'subgraphError']);
  const markets = fields.get('markets');
  assert.equal(markets.args.find((a: any) => a.name === 'first').defaultValue, '100');
  assert.equal(markets.args.find((a: any) => a.name === 'skip').defaultValue, '0');
});

tcase('filter inputs have every graph-node suffix; orderBy has one nested level', async () => {
  const d =
    await data(`{ t: __type(name: "Token_filter") { inputFields { name } } m: __type(name: "Market_filter") { inputFields { name type { name kind ofType { name } } } }
    o: __type(name: "Market_orderBy") { enumValues { name } } a: __type(name: "Account_filter") { inputFields { name } }
    mt: __type(name: "Market") { fields { name args { name } } } }`);
  const tf = new Set(d.t.inputFields.map((f: any) => f.name));
  for (const s of [
    '',
    '_not',
    '_gt',
    '_lt',
    '_gte',
    '_lte',
    '_in',
    '_not_in',
    '_contains',
    '_contains_nocase',
    '_not_contains',
    '_not_contains_nocase',
    '_starts_with',
    '_starts_with_nocase',
    '_not_starts_with',
    '_not_starts_with_nocase',
    '_ends_with',
    '_ends_with_nocase',
    '_not_ends_with',
    '_not_ends_with_nocase',
  ]) {
    assert.ok(tf.has('symbol' + s), 'symbol' + s);
  }
  for (const n of [
    'decimals_gte',
    'decimals_in',
    'id_gt',
    'id_contains',
    'markets_',
    '_change_block',
    'and',
    'or',
  ])
    assert.ok(tf.has(n), n);
  assert.ok(!tf.has('decimals_contains'));
  assert.ok(!tf.has('markets')); // derived lists only get the nested filter
  const mf = new Map<string, any>(d.m.inputFields.map((f: any) => [f.name, f]));
  for (const n of [
    'inputToken',
    'inputToken_not',
    'inputToken_starts_with',
    'inputToken_',
    'status',
    'status_in',
    'tags_contains',
    'tags_not_contains_nocase',
    'totalSupply_gte',
    'liquidationThreshold_lt',
    'isActive_not',
    'positions_',
  ])
    assert.ok(mf.has(n), n);
  assert.equal(mf.get('inputToken').type.name, 'String'); // references filter by id strings
  assert.equal(mf.get('status').type.name, 'MarketStatus');
  assert.ok(!mf.has('status_gt') && !mf.has('isActive_gt'));
  const ob = d.o.enumValues.map((v: any) => v.name);
  for (const n of [
    'id',
    'inputToken',
    'inputToken__symbol',
    'inputToken__decimals',
    'totalSupply',
    'positions',
  ])
    assert.ok(ob.includes(n), n);
  assert.ok(!ob.includes('inputToken__markets'));
  assert.ok(new Set(d.a.inputFields.map((f: any) => f.name)).has('events_'));
  const positions = d.mt.fields.find((f: any) => f.name === 'positions');
  assert.deepEqual(
    positions.args.map((a: any) => a.name),
    ['skip', 'first', 'orderBy', 'orderDirection', 'where'],
  );
});

// ---- plural, singular, scalars ----
tcase('plural default: first 100 by id ascending; scalars encoded like graph-node', async () => {
  const d = await data(
    '{ markets { id inputToken { id } status totalSupply liquidationThreshold isActive tags rates } tokens { id symbol name decimals lastPriceUSD } }',
  );
  const want = entities('Market').sort(byId);
  assert.deepEqual(
    d.markets.map((m: any) => m.id),
    want.map((m) => m.id),
  );
  const m0 = d.markets.find((m: any) => m.id === marketId(0));
  const e0 = want.find((m) => m.id === marketId(0))!.e;
  assert.equal(m0.totalSupply, val(e0.get('totalSupply'))); // BigInt → string
  assert.equal(typeof m0.totalSupply, 'string');
  assert.equal(m0.liquidationThreshold, val(e0.get('liquidationThreshold'))); // Int8 → string
  assert.equal(typeof m0.liquidationThreshold, 'string');
  assert.equal(m0.isActive, val(e0.get('isActive')));
  assert.deepEqual(m0.tags, val(e0.get('tags')));
  assert.match(m0.id, /^0x[0-9a-f]{40}$/); // Bytes: lowercase 0x-hex
  const weth = d.tokens.find((t: any) => t.symbol === 'WETH');
  assert.deepEqual(weth, {
    id: TOKENS[0].id,
    symbol: 'WETH',
    name: 'Wrapped Ether',
    decimals: 18,
    lastPriceUSD: '3000.5',
  });
  assert.equal(d.tokens.find((t: any) => t.symbol === 'wbtc').name, null);
  const pos = await data('{ positions(first: 1000) { id } }');
  const allPos = entities('Position')
    .map((p) => p.id)
    .sort();
  assert.deepEqual(
    pos.positions.map((p: any) => p.id),
    allPos,
  );
  const d100 = await data('{ supplies { id timestamp } }');
  const sup = entities('Supply').sort(byId);
  assert.equal(d100.supplies.length, Math.min(100, sup.length));
  assert.equal(d100.supplies[0].timestamp, val(sup[0].e.get('timestamp'))); // Timestamp → string of µs
});

tcase('singular by id, with Bytes id case-insensitive input; missing → null', async () => {
  const d = await data(
    `{ a: market(id: "${marketId(1).toUpperCase().replace('0X', '0x')}") { id } b: market(id: "0x${'ab'.repeat(20)}") { id } p: position(id: "${entities('Position')[0].id}") { id } }`,
  );
  assert.equal(d.a.id, marketId(1));
  assert.equal(d.b, null);
  assert.equal(d.p.id, entities('Position')[0].id);
});

// ---- filters ----
tcase('every scalar filter suffix selects what graph-node documents', async () => {
  const pos = entities('Position');
  const threshold = pos.map((p) => big(p.e, 'balance')).sort((a, b) => (a < b ? -1 : 1))[
    Math.floor(pos.length / 2)
  ];
  const cases: [string, (p: (typeof pos)[number]) => boolean][] = [
    [`balance: "${threshold}"`, (p) => big(p.e, 'balance') === threshold],
    [`balance_not: "${threshold}"`, (p) => big(p.e, 'balance') !== threshold],
    [`balance_gt: "${threshold}"`, (p) => big(p.e, 'balance') > threshold],
    [`balance_gte: "${threshold}"`, (p) => big(p.e, 'balance') >= threshold],
    [`balance_lt: "${threshold}"`, (p) => big(p.e, 'balance') < threshold],
    [`balance_lte: "${threshold}"`, (p) => big(p.e, 'balance') <= threshold],
    [`balance_in: ["${threshold}", "1"]`, (p) => big(p.e, 'balance') === threshold],
    [`balance_not_in: ["${threshold}"]`, (p) => big(p.e, 'balance') !== threshold],
    ['isCollateral: true', (p) => val(p.e.get('isCollateral')) === true],
    ['isCollateral_not: true', (p) => val(p.e.get('isCollateral')) !== true],
    [`market: "${marketId(2)}"`, (p) => val(p.e.get('market')) === marketId(2)],
    [
      `market_in: ["${marketId(0)}", "${marketId(2)}"]`,
      (p) => [marketId(0), marketId(2)].includes(val(p.e.get('market')) as string),
    ],
    ['id_ends_with: "-1"', (p) => p.id.endsWith('-1')],
    ['id_not_ends_with: "-1"', (p) => !p.id.endsWith('-1')],
    [`id_starts_with: "${addr(3, 1)}"`, (p) => p.id.startsWith(addr(3, 1))],
    [`id_gt: "${addr(3, 7)}"`, (p) => p.id > addr(3, 7)],
  ];
  for (const [where, pred] of cases) {
    const d = await data(`{ positions(first: 1000, where: { ${where} }) { id } }`);
    assert.deepEqual(
      d.positions.map((p: any) => p.id),
      pos
        .filter(pred)
        .map((p) => p.id)
        .sort(),
      where,
    );
  }
  const tok = entities('Token');
  const tcases: [string, (s: string) => boolean][] = [
    ['symbol_contains: "T"', (s) => s.includes('T')],
    ['symbol_contains_nocase: "t"', (s) => s.toLowerCase().includes('t')],
    ['symbol_not_contains: "T"', (s) => !s.includes('T')],
    ['symbol_not_contains_nocase: "w"', (s) => !s.toLowerCase().includes('w')],
    ['symbol_starts_with: "W"', (s) => s.startsWith('W')],
    ['symbol_starts_with_nocase: "w"', (s) => s.toLowerCase().startsWith('w')],
    ['symbol_not_starts_with: "W"', (s) => !s.startsWith('W')],
    ['symbol_not_starts_with_nocase: "w"', (s) => !s.toLowerCase().startsWith('w')],
    ['symbol_ends_with: "C"', (s) => s.endsWith('C')],
    ['symbol_ends_with_nocase: "c"', (s) => s.toLowerCase().endsWith('c')],
    ['symbol_not_ends_with: "C"', (s) => !s.endsWith('C')],
    ['symbol_not_ends_with_nocase: "c"', (s) => !s.toLowerCase().endsWith('c')],
    ['symbol_gt: "V"', (s) => s > 'V'],
    ['symbol_contains: "%"', () => true], // graph-node: a value starting with % is the pattern
  ];
  for (const [where, pred] of tcases) {
    const d = await data(`{ tokens(where: { ${where} }) { symbol } }`);
    assert.deepEqual(
      d.tokens.map((t: any) => t.symbol).sort(),
      tok
        .map((t) => val(t.e.get('symbol')) as string)
        .filter(pred)
        .sort(),
      where,
    );
  }
  const n = await data(
    '{ tokens(where: { name: null }) { symbol } x: tokens(where: { name_not: null }) { symbol } }',
  );
  assert.deepEqual(
    n.tokens.map((t: any) => t.symbol),
    ['wbtc'],
  );
  assert.equal(n.x.length, 2);
  const e = await data(
    '{ markets(where: { status: FROZEN }) { id } l: markets(where: { tags_contains: ["core"] }) { id } l2: markets(where: { tags_not_contains: ["usdc"] }) { id } l3: markets(where: { tags_contains_nocase: ["CORE"] }) { id } }',
  );
  const mk = entities('Market');
  assert.deepEqual(
    e.markets.map((m: any) => m.id),
    mk
      .filter((m) => val(m.e.get('status')) === 'FROZEN')
      .map((m) => m.id)
      .sort(),
  );
  assert.deepEqual(
    e.l.map((m: any) => m.id),
    mk
      .filter((m) => (val(m.e.get('tags')) as string[]).includes('core'))
      .map((m) => m.id)
      .sort(),
  );
  assert.deepEqual(
    e.l2.map((m: any) => m.id),
    mk
      .filter((m) => !(val(m.e.get('tags')) as string[]).includes('usdc'))
      .map((m) => m.id)
      .sort(),
  );
  assert.deepEqual(
    e.l3.map((m: any) => m.id),
    e.l.map((m: any) => m.id),
  );
  const bytes = await data(`{ markets(where: { id_contains: "0x03" }) { id } }`);
  assert.deepEqual(
    bytes.markets.map((m: any) => m.id),
    mk
      .filter((m) => m.id.slice(2).match(/^(..)*03/))
      .map((m) => m.id)
      .sort(),
  );
});

tcase('nested filters (reference, derived, interface-derived), and/or, _change_block', async () => {
  const st = stateAt(BLOCKS);
  const markets = st.get('Market')!;
  const frozen = new Set(
    [...markets].filter(([, m]) => val(m.data.get('status')) === 'FROZEN').map(([id]) => id),
  );
  const pos = entities('Position');
  const d = await data('{ positions(first: 1000, where: { market_: { status: FROZEN } }) { id } }');
  assert.deepEqual(
    d.positions.map((p: any) => p.id),
    pos
      .filter((p) => frozen.has(val(p.e.get('market')) as string))
      .map((p) => p.id)
      .sort(),
  );
  const big1 = 700000n * 10n ** 12n;
  const acc = await data(
    `{ accounts(first: 1000, where: { positions_: { balance_gt: "${big1}" } }) { id } }`,
  );
  const wantAcc = new Set(
    pos.filter((p) => big(p.e, 'balance') > big1).map((p) => val(p.e.get('account')) as string),
  );
  assert.deepEqual(
    acc.accounts.map((a: any) => a.id),
    [...wantAcc].sort(),
  );
  const tk = await data('{ tokens(where: { markets_: { status: FROZEN } }) { id } }');
  assert.deepEqual(
    tk.tokens.map((t: any) => t.id),
    [...frozen].map((m) => val(markets.get(m)!.data.get('inputToken'))).sort(),
  );
  const ev = await data(
    `{ accounts(first: 1000, where: { events_: { amount_gt: "${980000n * 10n ** 12n}" } }) { id } }`,
  );
  const evs = [...entities('Supply'), ...entities('Borrow')].filter(
    (e) => big(e.e, 'amount') > 980000n * 10n ** 12n,
  );
  assert.deepEqual(
    ev.accounts.map((a: any) => a.id),
    [...new Set(evs.map((e) => val(e.e.get('account')) as string))].sort(),
  );
  const or = await data(
    `{ positions(first: 1000, where: { or: [{ market: "${marketId(0)}" }, { isCollateral: false }] }) { id } }`,
  );
  assert.deepEqual(
    or.positions.map((p: any) => p.id),
    pos
      .filter(
        (p) => val(p.e.get('market')) === marketId(0) || val(p.e.get('isCollateral')) === false,
      )
      .map((p) => p.id)
      .sort(),
  );
  const and = await data(
    `{ positions(first: 1000, where: { and: [{ market: "${marketId(0)}" }, { isCollateral: false }] }) { id } }`,
  );
  assert.deepEqual(
    and.positions.map((p: any) => p.id),
    pos
      .filter(
        (p) => val(p.e.get('market')) === marketId(0) && val(p.e.get('isCollateral')) === false,
      )
      .map((p) => p.id)
      .sort(),
  );
  const cb = await data(
    '{ accounts(first: 1000, where: { _change_block: { number_gte: 15 } }) { id } }',
  );
  assert.deepEqual(
    cb.accounts.map((a: any) => a.id),
    entities('Account')
      .filter((a) => a.changed >= 15)
      .map((a) => a.id)
      .sort(),
  );
});

runConformance();
