// Conformance of the query API with graph-node's documented behaviour, over HTTP, against
// fixture data committed through the store at several blocks. Expected values come from an
// independent replay of the fixture changes (the "oracle"), never from the code under test.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { EntityData, StoreValue } from '../internal/types.ts';
import { openStore, openPostgres, type Store, type Batch } from '../store/index.ts';
import { fixtureSchema, makeBatches, blockHash, marketId, TOKENS, addr } from '../../test-fixtures/store/fixture.ts';
import { startGraphQLServer, type GraphQLServer } from './server.ts';
import { IndexingStatus } from './status.ts';
import { pluralField, singularField } from './naming.ts';

const schema = fixtureSchema();
const BLOCKS = 20;
const batches: Batch[] = makeBatches({ blocks: BLOCKS, accounts: 15, seed: 11 });
let store: Store;
let srv: GraphQLServer;
const status = new IndexingStatus({ network: 'devnet', chainHead: { number: 25, hash: blockHash(25) }, synced: false });

const pgUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
// Tests are registered here and run once per driver (see the end of the file).
const cases: [string, () => Promise<void>][] = [];
const tcase = (name: string, fn: () => Promise<void>) => cases.push([name, fn]);

// ---- oracle: replay the fixture changes up to a block ----
function stateAt(block: number): Map<string, Map<string, { data: EntityData; changed: number }>> {
  const out = new Map<string, Map<string, { data: EntityData; changed: number }>>();
  for (const b of batches) for (const c of b.changes) {
    if (c.block > block) continue;
    if (!out.has(c.entityType)) out.set(c.entityType, new Map());
    const m = out.get(c.entityType)!;
    if (c.data) m.set(c.id, { data: c.data, changed: c.block }); else m.delete(c.id);
  }
  return out;
}
const val = (v: StoreValue | undefined): unknown => {
  if (!v || v.kind === 'Null') return null;
  switch (v.kind) {
    case 'Bytes': return '0x' + Buffer.from(v.value).toString('hex');
    case 'BigInt': case 'Int8': case 'Timestamp': return v.value.toString();
    case 'Array': return v.value.map(val);
    default: return v.value;
  }
};
const entities = (type: string, block = BLOCKS) => [...(stateAt(block).get(type) ?? new Map()).entries()].map(([id, e]) => ({ id, e: e.data, changed: e.changed }));
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const big = (e: EntityData, f: string) => BigInt((e.get(f) as { value: bigint }).value);

async function gql(query: string, variables?: object, url = srv.url): Promise<{ data?: any; errors?: { message: string; locations?: unknown }[] }> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  assert.equal(r.status, 200);
  return r.json() as never;
}
async function data(query: string, variables?: object) {
  const r = await gql(query, variables);
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  return r.data;
}
async function errorOf(query: string, variables?: object): Promise<string> {
  const r = await gql(query, variables);
  assert.ok(r.errors?.length, `expected an error, got ${JSON.stringify(r.data)}`);
  assert.equal(r.data, undefined);
  return r.errors![0].message;
}

// ---- schema shape ----
tcase('query fields and names follow graph-node (camelCase, pluralised)', async () => {
  assert.equal(pluralField('Supply'), 'supplies');
  assert.equal(singularField('EModeCategory'), 'emodeCategory'); // Inflector: capitals after a capital are lowercased
  assert.equal(pluralField('EModeCategory'), 'emodeCategories');
  assert.equal(singularField('AccountActivityDay'), 'accountActivityDay');
  assert.equal(pluralField('AccountActivityDay'), 'accountActivityDays');
  assert.equal(pluralField('Status'), 'statuses');
  assert.equal(pluralField('MarketDailySnapshot'), 'marketDailySnapshots');
  const d = await data('{ __schema { queryType { fields { name args { name defaultValue type { name kind ofType { name } } } } } } }');
  const fields = new Map<string, any>(d.__schema.queryType.fields.map((f: any) => [f.name, f]));
  for (const n of ['token', 'tokens', 'market', 'markets', 'account', 'accounts', 'position', 'positions', 'supply', 'supplies', 'borrow', 'borrows', 'event', 'events', '_meta']) assert.ok(fields.has(n), n);
  const argNames = (n: string) => fields.get(n).args.map((a: any) => a.name);
  assert.deepEqual(argNames('markets'), ['skip', 'first', 'orderBy', 'orderDirection', 'where', 'block', 'subgraphError']);
  assert.deepEqual(argNames('market'), ['id', 'block', 'subgraphError']);
  const markets = fields.get('markets');
  assert.equal(markets.args.find((a: any) => a.name === 'first').defaultValue, '100');
  assert.equal(markets.args.find((a: any) => a.name === 'skip').defaultValue, '0');
});

tcase('filter inputs have every graph-node suffix; orderBy has one nested level', async () => {
  const d = await data(`{ t: __type(name: "Token_filter") { inputFields { name } } m: __type(name: "Market_filter") { inputFields { name type { name kind ofType { name } } } }
    o: __type(name: "Market_orderBy") { enumValues { name } } a: __type(name: "Account_filter") { inputFields { name } }
    mt: __type(name: "Market") { fields { name args { name } } } }`);
  const tf = new Set(d.t.inputFields.map((f: any) => f.name));
  for (const s of ['', '_not', '_gt', '_lt', '_gte', '_lte', '_in', '_not_in', '_contains', '_contains_nocase', '_not_contains', '_not_contains_nocase',
    '_starts_with', '_starts_with_nocase', '_not_starts_with', '_not_starts_with_nocase', '_ends_with', '_ends_with_nocase', '_not_ends_with', '_not_ends_with_nocase']) {
    assert.ok(tf.has('symbol' + s), 'symbol' + s);
  }
  for (const n of ['decimals_gte', 'decimals_in', 'id_gt', 'id_contains', 'markets_', '_change_block', 'and', 'or']) assert.ok(tf.has(n), n);
  assert.ok(!tf.has('decimals_contains'));
  assert.ok(!tf.has('markets')); // derived lists only get the nested filter
  const mf = new Map<string, any>(d.m.inputFields.map((f: any) => [f.name, f]));
  for (const n of ['inputToken', 'inputToken_not', 'inputToken_starts_with', 'inputToken_', 'status', 'status_in', 'tags_contains', 'tags_not_contains_nocase', 'totalSupply_gte', 'liquidationThreshold_lt', 'isActive_not', 'positions_']) assert.ok(mf.has(n), n);
  assert.equal(mf.get('inputToken').type.name, 'String'); // references filter by id strings
  assert.equal(mf.get('status').type.name, 'MarketStatus');
  assert.ok(!mf.has('status_gt') && !mf.has('isActive_gt'));
  const ob = d.o.enumValues.map((v: any) => v.name);
  for (const n of ['id', 'inputToken', 'inputToken__symbol', 'inputToken__decimals', 'totalSupply', 'positions']) assert.ok(ob.includes(n), n);
  assert.ok(!ob.includes('inputToken__markets'));
  assert.ok(new Set(d.a.inputFields.map((f: any) => f.name)).has('events_'));
  const positions = d.mt.fields.find((f: any) => f.name === 'positions');
  assert.deepEqual(positions.args.map((a: any) => a.name), ['skip', 'first', 'orderBy', 'orderDirection', 'where']);
});

// ---- plural, singular, scalars ----
tcase('plural default: first 100 by id ascending; scalars encoded like graph-node', async () => {
  const d = await data('{ markets { id inputToken { id } status totalSupply liquidationThreshold isActive tags rates } tokens { id symbol name decimals lastPriceUSD } }');
  const want = entities('Market').sort(byId);
  assert.deepEqual(d.markets.map((m: any) => m.id), want.map((m) => m.id));
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
  assert.deepEqual(weth, { id: TOKENS[0].id, symbol: 'WETH', name: 'Wrapped Ether', decimals: 18, lastPriceUSD: '3000.5' });
  assert.equal(d.tokens.find((t: any) => t.symbol === 'wbtc').name, null);
  const pos = await data('{ positions(first: 1000) { id } }');
  const allPos = entities('Position').map((p) => p.id).sort();
  assert.deepEqual(pos.positions.map((p: any) => p.id), allPos);
  const d100 = await data('{ supplies { id timestamp } }');
  const sup = entities('Supply').sort(byId);
  assert.equal(d100.supplies.length, Math.min(100, sup.length));
  assert.equal(d100.supplies[0].timestamp, val(sup[0].e.get('timestamp'))); // Timestamp → string of µs
});

tcase('singular by id, with Bytes id case-insensitive input; missing → null', async () => {
  const d = await data(`{ a: market(id: "${marketId(1).toUpperCase().replace('0X', '0x')}") { id } b: market(id: "0x${'ab'.repeat(20)}") { id } p: position(id: "${entities('Position')[0].id}") { id } }`);
  assert.equal(d.a.id, marketId(1));
  assert.equal(d.b, null);
  assert.equal(d.p.id, entities('Position')[0].id);
});

// ---- filters ----
tcase('every scalar filter suffix selects what graph-node documents', async () => {
  const pos = entities('Position');
  const threshold = pos.map((p) => big(p.e, 'balance')).sort((a, b) => (a < b ? -1 : 1))[Math.floor(pos.length / 2)];
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
    [`market_in: ["${marketId(0)}", "${marketId(2)}"]`, (p) => [marketId(0), marketId(2)].includes(val(p.e.get('market')) as string)],
    ['id_ends_with: "-1"', (p) => p.id.endsWith('-1')],
    ['id_not_ends_with: "-1"', (p) => !p.id.endsWith('-1')],
    [`id_starts_with: "${addr(3, 1)}"`, (p) => p.id.startsWith(addr(3, 1))],
    [`id_gt: "${addr(3, 7)}"`, (p) => p.id > addr(3, 7)],
  ];
  for (const [where, pred] of cases) {
    const d = await data(`{ positions(first: 1000, where: { ${where} }) { id } }`);
    assert.deepEqual(d.positions.map((p: any) => p.id), pos.filter(pred).map((p) => p.id).sort(), where);
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
    assert.deepEqual(d.tokens.map((t: any) => t.symbol).sort(), tok.map((t) => val(t.e.get('symbol')) as string).filter(pred).sort(), where);
  }
  const n = await data('{ tokens(where: { name: null }) { symbol } x: tokens(where: { name_not: null }) { symbol } }');
  assert.deepEqual(n.tokens.map((t: any) => t.symbol), ['wbtc']);
  assert.equal(n.x.length, 2);
  const e = await data('{ markets(where: { status: FROZEN }) { id } l: markets(where: { tags_contains: ["core"] }) { id } l2: markets(where: { tags_not_contains: ["usdc"] }) { id } l3: markets(where: { tags_contains_nocase: ["CORE"] }) { id } }');
  const mk = entities('Market');
  assert.deepEqual(e.markets.map((m: any) => m.id), mk.filter((m) => val(m.e.get('status')) === 'FROZEN').map((m) => m.id).sort());
  assert.deepEqual(e.l.map((m: any) => m.id), mk.filter((m) => (val(m.e.get('tags')) as string[]).includes('core')).map((m) => m.id).sort());
  assert.deepEqual(e.l2.map((m: any) => m.id), mk.filter((m) => !(val(m.e.get('tags')) as string[]).includes('usdc')).map((m) => m.id).sort());
  assert.deepEqual(e.l3.map((m: any) => m.id), e.l.map((m: any) => m.id));
  const bytes = await data(`{ markets(where: { id_contains: "0x03" }) { id } }`);
  assert.deepEqual(bytes.markets.map((m: any) => m.id), mk.filter((m) => m.id.slice(2).match(/^(..)*03/)).map((m) => m.id).sort());
});

tcase('nested filters (reference, derived, interface-derived), and/or, _change_block', async () => {
  const st = stateAt(BLOCKS);
  const markets = st.get('Market')!;
  const frozen = new Set([...markets].filter(([, m]) => val(m.data.get('status')) === 'FROZEN').map(([id]) => id));
  const pos = entities('Position');
  const d = await data('{ positions(first: 1000, where: { market_: { status: FROZEN } }) { id } }');
  assert.deepEqual(d.positions.map((p: any) => p.id), pos.filter((p) => frozen.has(val(p.e.get('market')) as string)).map((p) => p.id).sort());
  const big1 = 700000n * 10n ** 12n;
  const acc = await data(`{ accounts(first: 1000, where: { positions_: { balance_gt: "${big1}" } }) { id } }`);
  const wantAcc = new Set(pos.filter((p) => big(p.e, 'balance') > big1).map((p) => val(p.e.get('account')) as string));
  assert.deepEqual(acc.accounts.map((a: any) => a.id), [...wantAcc].sort());
  const tk = await data('{ tokens(where: { markets_: { status: FROZEN } }) { id } }');
  assert.deepEqual(tk.tokens.map((t: any) => t.id), [...frozen].map((m) => val(markets.get(m)!.data.get('inputToken'))).sort());
  const ev = await data(`{ accounts(first: 1000, where: { events_: { amount_gt: "${980000n * 10n ** 12n}" } }) { id } }`);
  const evs = [...entities('Supply'), ...entities('Borrow')].filter((e) => big(e.e, 'amount') > 980000n * 10n ** 12n);
  assert.deepEqual(ev.accounts.map((a: any) => a.id), [...new Set(evs.map((e) => val(e.e.get('account')) as string))].sort());
  const or = await data(`{ positions(first: 1000, where: { or: [{ market: "${marketId(0)}" }, { isCollateral: false }] }) { id } }`);
  assert.deepEqual(or.positions.map((p: any) => p.id), pos.filter((p) => val(p.e.get('market')) === marketId(0) || val(p.e.get('isCollateral')) === false).map((p) => p.id).sort());
  const and = await data(`{ positions(first: 1000, where: { and: [{ market: "${marketId(0)}" }, { isCollateral: false }] }) { id } }`);
  assert.deepEqual(and.positions.map((p: any) => p.id), pos.filter((p) => val(p.e.get('market')) === marketId(0) && val(p.e.get('isCollateral')) === false).map((p) => p.id).sort());
  const cb = await data('{ accounts(first: 1000, where: { _change_block: { number_gte: 15 } }) { id } }');
  assert.deepEqual(cb.accounts.map((a: any) => a.id), entities('Account').filter((a) => a.changed >= 15).map((a) => a.id).sort());
});

// ---- ordering, paging ----
tcase('orderBy (scalar, nested one level), orderDirection, first/skip; ties broken by id', async () => {
  const pos = entities('Position');
  const cmp = (a: (typeof pos)[number], b: (typeof pos)[number]) => { const x = big(a.e, 'balance'), y = big(b.e, 'balance'); return x < y ? 1 : x > y ? -1 : a.id < b.id ? 1 : -1; };
  const want = [...pos].sort(cmp).map((p) => p.id);
  const d = await data('{ positions(first: 7, skip: 2, orderBy: balance, orderDirection: desc) { id } }');
  assert.deepEqual(d.positions.map((p: any) => p.id), want.slice(2, 9));
  const markets = stateAt(BLOCKS).get('Market')!;
  const ts = (p: (typeof pos)[number]) => big(markets.get(val(p.e.get('market')) as string)!.data, 'totalSupply');
  const nested = await data('{ positions(first: 1000, orderBy: market__totalSupply) { id } }');
  const wantN = [...pos].sort((a, b) => (ts(a) < ts(b) ? -1 : ts(a) > ts(b) ? 1 : a.id < b.id ? -1 : 1)).map((p) => p.id);
  assert.deepEqual(nested.positions.map((p: any) => p.id), wantN);
  const sym = await data('{ markets(orderBy: inputToken__symbol, orderDirection: desc) { inputToken { symbol } } }');
  assert.deepEqual(sym.markets.map((m: any) => m.inputToken.symbol), ['wbtc', 'WETH', 'USDC']); // byte order (C collation), as graph-node's C-locale database
  const cursor = await data(`{ positions(first: 5, where: { id_gt: "${want.sort()[3]}" }) { id } }`);
  assert.deepEqual(cursor.positions.map((p: any) => p.id), [...pos.map((p) => p.id)].sort().slice(4, 9));
});

tcase('derived and list fields take their own first/skip/orderBy/where', async () => {
  const pos = entities('Position');
  const d = await data(`{ accounts(first: 1000) { id positionCount positions(first: 2, orderBy: balance, orderDirection: desc, where: { isCollateral: true }) { id balance } } }`);
  for (const a of d.accounts) {
    const mine = pos.filter((p) => val(p.e.get('account')) === a.id && val(p.e.get('isCollateral')) === true)
      .sort((x, y) => (big(x.e, 'balance') > big(y.e, 'balance') ? -1 : big(x.e, 'balance') < big(y.e, 'balance') ? 1 : x.id < y.id ? 1 : -1));
    assert.deepEqual(a.positions.map((p: any) => p.id), mine.slice(0, 2).map((p) => p.id), a.id);
  }
  const m = await data(`{ market(id: "${marketId(0)}") { positions(skip: 1, first: 3) { id market { id } } inputToken { markets { id } } } }`);
  const mine = pos.filter((p) => val(p.e.get('market')) === marketId(0)).map((p) => p.id).sort();
  assert.deepEqual(m.market.positions.map((p: any) => p.id), mine.slice(1, 4));
  assert.ok(m.market.positions.every((p: any) => p.market.id === marketId(0)));
  assert.deepEqual(m.market.inputToken.markets, [{ id: marketId(0) }]);
});

tcase('stored lists of references: nested objects with arguments, list filters, hex-string filters on Bytes refs', async () => {
  const st = stateAt(BLOCKS);
  const markets = st.get('Market')!;
  const accs = entities('Account').sort(byId);
  const ts = (id: string) => big(markets.get(id)!.data, 'totalSupply');
  const d = await data('{ accounts(first: 1000) { id markets(orderBy: totalSupply, orderDirection: desc, first: 2) { id } all: markets { id } frozen: markets(where: { status: FROZEN }) { id } } }');
  for (const [i, a] of d.accounts.entries()) {
    const ids = (val(accs[i].e.get('markets')) as string[]);
    assert.equal(a.id, accs[i].id);
    assert.deepEqual(a.all.map((m: any) => m.id), [...ids].sort());
    assert.deepEqual(a.markets.map((m: any) => m.id), [...ids].sort((x, y) => (ts(x) > ts(y) ? -1 : ts(x) < ts(y) ? 1 : x < y ? 1 : -1)).slice(0, 2));
    assert.deepEqual(a.frozen.map((m: any) => m.id), ids.filter((x) => val(markets.get(x)!.data.get('status')) === 'FROZEN').sort());
  }
  const c = await data(`{ accounts(first: 1000, where: { markets_contains: ["${marketId(2)}"] }) { id } n: accounts(first: 1000, where: { markets_: { status: FROZEN } }) { id } }`);
  assert.deepEqual(c.accounts.map((a: any) => a.id), accs.filter((a) => (val(a.e.get('markets')) as string[]).includes(marketId(2))).map((a) => a.id));
  assert.deepEqual(c.n.map((a: any) => a.id), accs.filter((a) => (val(a.e.get('markets')) as string[]).some((x) => val(markets.get(x)!.data.get('status')) === 'FROZEN')).map((a) => a.id));
  const pos = entities('Position');
  const h = await data(`{ positions(first: 1000, where: { market_ends_with: "${marketId(1).slice(-4)}" }) { id } a: positions(first: 1000, where: { account_starts_with_nocase: "${addr(3, 1).slice(0, 41).toUpperCase().replace('0X', '0x')}" }) { id } }`);
  assert.deepEqual(h.positions.map((p: any) => p.id), pos.filter((p) => (val(p.e.get('market')) as string).endsWith(marketId(1).slice(-4))).map((p) => p.id).sort());
  assert.deepEqual(h.a.map((p: any) => p.id), pos.filter((p) => (val(p.e.get('account')) as string).startsWith(addr(3, 1).slice(0, 41))).map((p) => p.id).sort());
});

tcase('interfaces: plural across implementers with fragments; derived interface fields', async () => {
  const evs = [...entities('Supply').map((e) => ({ ...e, t: 'Supply' })), ...entities('Borrow').map((e) => ({ ...e, t: 'Borrow' }))];
  const want = [...evs].sort((a, b) => (big(a.e, 'amount') > big(b.e, 'amount') ? -1 : big(a.e, 'amount') < big(b.e, 'amount') ? 1 : a.id < b.id ? 1 : -1)).slice(0, 6);
  const d = await data('{ events(first: 6, orderBy: amount, orderDirection: desc) { __typename id amount account { id } ... on Borrow { rate market { id } } ... on Supply { market { id } } } }');
  assert.deepEqual(d.events.map((e: any) => [e.__typename, e.id, e.amount]), want.map((e) => [e.t, e.id, val(e.e.get('amount'))]));
  for (const [i, e] of d.events.entries()) {
    assert.equal(e.account.id, val(want[i].e.get('account')));
    assert.equal(e.market.id, val(want[i].e.get('market')));
    if (e.__typename === 'Borrow') assert.equal(e.rate, val(want[i].e.get('rate')));
  }
  const acc = val(want[0].e.get('account')) as string;
  const a = await data(`{ account(id: "${acc}") { events(first: 1000, orderBy: timestamp) { id } } }`);
  const mine = evs.filter((e) => val(e.e.get('account')) === acc);
  assert.deepEqual(a.account.events.map((e: any) => e.id).sort(), mine.map((e) => e.id).sort());
  const one = await data(`{ event(id: "${want[0].id}") { __typename id } }`);
  assert.deepEqual(one.event, { __typename: want[0].t, id: want[0].id });
});

// ---- time travel, _meta ----
tcase('block: {number}, {hash}, {number_gte} read the state at that block', async () => {
  for (const B of [1, 6, 13]) {
    const d = await data(`{ accounts(first: 1000, block: { number: ${B} }) { id positionCount } h: accounts(first: 1000, block: { hash: "${blockHash(B)}" }) { id positionCount } _meta(block: { number: ${B} }) { block { number hash } } }`);
    const want = entities('Account', B).sort(byId).map((a) => ({ id: a.id, positionCount: val(a.e.get('positionCount')) }));
    assert.deepEqual(d.accounts, want, `block ${B}`);
    assert.deepEqual(d.h, want);
    assert.deepEqual(d._meta.block, { number: B, hash: blockHash(B) });
  }
  const gte = await data('{ _meta(block: { number_gte: 5 }) { block { number } } }');
  assert.equal(gte._meta.block.number, BLOCKS);
  const nested = await data(`{ market(id: "${marketId(0)}", block: { number: 4 }) { totalSupply positions(first: 1000) { id } } }`);
  assert.equal(nested.market.totalSupply, val(stateAt(4).get('Market')!.get(marketId(0))!.data.get('totalSupply')));
  assert.deepEqual(nested.market.positions.map((p: any) => p.id), entities('Position', 4).filter((p) => val(p.e.get('market')) === marketId(0)).map((p) => p.id).sort());
});

tcase('_meta: latest block, deployment, hasIndexingErrors', async () => {
  const d = await data('{ _meta { block { number hash timestamp parentHash } deployment hasIndexingErrors } }');
  const last = batches.at(-1)!.blocks.at(-1)!;
  assert.deepEqual(d._meta, { block: { number: BLOCKS, hash: blockHash(BLOCKS), timestamp: Number(last.timestamp), parentHash: blockHash(BLOCKS - 1) }, deployment: 'conformance', hasIndexingErrors: false });
});

// ---- errors ----
tcase('errors in graph-node shape and wording', async () => {
  assert.equal(await errorOf('{ markets(first: 5000) { id } }'), 'The `first` argument must be between 0 and 1000, but is 5000');
  assert.deepEqual((await data('{ markets(skip: 6000) { id } }')).markets, []); // no skip limit
  assert.equal(await errorOf('{ markets(block: { number: 99 }) { id } }'),
    'Failed to decode `block.number` value: `subgraph conformance has only indexed up to block number 20 and data for block number 99 is therefore not yet available`');
  assert.equal(await errorOf('{ _meta(block: { number_gte: 21 }) { deployment } }'),
    'Failed to decode `block.number_gte` value: `subgraph conformance has only indexed up to block number 20 and data for block number 21 is therefore not yet available`');
  assert.equal(await errorOf(`{ markets(block: { hash: "0x${'ee'.repeat(32)}" }) { id } }`), 'Failed to decode `block.hash` value: `no block with that hash found`');
  const unknown = await gql('{ markets { id nope } }');
  assert.equal(unknown.errors![0].message, 'Cannot query field "nope" on type "Market".');
  assert.deepEqual(unknown.errors![0].locations, [{ line: 1, column: 16 }]);
  assert.match(await errorOf('{ markets(where: { nope: 1 }) { id } }'), /Field "nope" is not defined by type "Market_filter"/);
  assert.match(await errorOf('{ markets(where: { totalSupply_gt: "abc" }) { id } }'), /^Failed to decode `BigInt` value: `abc` is not an integer/);
  assert.match(await errorOf('{ markets(where: { id: "0xzz" }) { id } }'), /Failed to decode `Bytes` value: `Invalid character`/);
  assert.match(await errorOf('{ positions(where: { market: "nothex" }) { id } }'), /Failed to decode `market` value/);
  assert.match(await errorOf('{ markets(orderBy: nope) { id } }'), /Value "nope" does not exist in "Market_orderBy" enum/);
  const syntax = await gql('{ markets { id }');
  assert.match(syntax.errors![0].message, /^Syntax Error/);
  assert.deepEqual(syntax.errors![0].locations, [{ line: 1, column: 17 }]);
  assert.match(await errorOf('mutation { markets { id } }'), /Schema is not configured to execute mutation operation/);
  assert.equal(await errorOf('{ markets { positions { market { positions { market { positions { market { positions { id } } } } } } } } }'), 'query has a depth that exceeds the limit of `8`');
  assert.match(await errorOf('{ markets { inputToken } }'), /must have a selection of subfields/);
});

tcase('limits: result size and timeout; variables, operationName; read-only', async () => {
  // A store whose every SQL query takes 200 ms, behind a server with a 50 ms timeout.
  const d = store.driver;
  const slowStore = Object.create(store, { driver: { value: { ...d, query: async (sql: string, p?: unknown[]) => { await new Promise((r) => setTimeout(r, 200)); return d.query(sql, p); } } } }) as Store;
  const small = await startGraphQLServer({ store: slowStore, schema, subgraphName: 'collateral-radar', port: 0, limits: { timeoutMs: 50 } });
  try {
    const r = await gql('{ positions(first: 1000) { id balance } }', undefined, small.url);
    assert.equal(r.errors![0].message, 'Query timed out');
    assert.equal(r.data, undefined);
  } finally {
    await small.close();
  }
  // A revert while a query reads gives graph-node's reorg error (here a no-op revert to the head).
  const slow = await startGraphQLServer({ store: slowStore, schema, subgraphName: 'collateral-radar', port: 0 });
  try {
    const pending = gql('{ markets { id } }', undefined, slow.url);
    await new Promise((r) => setTimeout(r, 50));
    await store.revertTo(BLOCKS);
    assert.deepEqual((await pending).errors, [{ message: 'the chain was reorganized while executing the query' }]);
  } finally {
    await slow.close();
  }
  const big = await startGraphQLServer({ store, schema, subgraphName: 'collateral-radar', port: 0, limits: { maxResultBytes: 200, timeoutMs: 60_000 } });
  try {
    const r = await gql('{ positions(first: 1000) { id balance } }', undefined, big.url);
    assert.match(r.errors![0].message, /^the result size of \d+ is larger than the allowed limit of 200$/);
  } finally {
    await big.close();
  }
  const body = { query: 'query A($id: Bytes!, $n: Int!) { markets(where: { id: $id }, first: $n) { id } }', variables: { id: marketId(2), n: 5 }, operationName: 'A' };
  const v = await (await fetch(srv.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as any;
  assert.deepEqual(v, { data: { markets: [{ id: marketId(2) }] } });
  const badVar = await gql('query($v: BigInt!) { markets(where: { totalSupply_gt: $v }) { id } }', { v: '1.5' });
  assert.match(badVar.errors![0].message, /Failed to decode `BigInt` value: `1.5` is not an integer/);
  assert.match(await errorOf('{ markets(first: 0) { id } }'), /The `first` argument must be between 0 and 1000, but is 0/);
  assert.match(await errorOf('subscription { markets { id } }'), /Schema is not configured to execute subscription operation/);
});

tcase('HTTP: GET page, GET ?query=, CORS for local origins, 404 for other subgraphs, id route', async () => {
  const page = await fetch(srv.url);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type')!, /text\/html/);
  assert.match(await page.text(), /<textarea/);
  const g = await fetch(srv.url + '?query=' + encodeURIComponent('{ _meta { deployment } }'));
  assert.deepEqual(await g.json(), { data: { _meta: { deployment: 'conformance' } } });
  const pre = await fetch(srv.url, { method: 'OPTIONS', headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST' } });
  assert.equal(pre.headers.get('access-control-allow-origin'), 'http://localhost:3000');
  const evil = await fetch(srv.url, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ _meta { deployment } }' }) });
  assert.equal(evil.headers.get('access-control-allow-origin'), null);
  const other = await fetch(srv.url.replace('collateral-radar', 'other'), { method: 'POST', body: '{}' });
  assert.equal(other.status, 404);
  assert.deepEqual(await other.json(), { errors: [{ message: 'deployment `other` does not exist' }] });
  const viaId = await fetch(srv.url.replace('/name/collateral-radar', '/id/conformance'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ tokens(first: 1) { symbol } }' }) });
  assert.deepEqual(await viaId.json(), { data: { tokens: [{ symbol: val(entities('Token').sort(byId)[0].e.get('symbol')) }] } });
  const legacy = await fetch(srv.url + '/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ _meta { deployment } }' }) });
  assert.deepEqual(await legacy.json(), { data: { _meta: { deployment: 'conformance' } } });
  const nested = await fetch(srv.url.replace('collateral-radar', 'org/other'), { method: 'POST', body: '{}' });
  assert.deepEqual(await nested.json(), { errors: [{ message: 'deployment `org/other` does not exist' }] });
  const bad = await fetch(srv.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as any).errors[0].message, /^Invalid request body/);
  assert.equal(new URL(srv.url).hostname, '127.0.0.1');
});

tcase('index-node status API reports synced, health, chain head, latest block, fatal error', async () => {
  const q = '{ indexingStatuses { subgraph synced health fatalError { message block { number hash } handler } chains { network chainHeadBlock { number } latestBlock { number hash } } entityCount } }';
  const r1 = await gql(q, undefined, srv.statusUrl!);
  const total = [...stateAt(BLOCKS).values()].reduce((n, m) => n + m.size, 0);
  assert.deepEqual(r1.data.indexingStatuses, [{ subgraph: 'conformance', synced: false, health: 'healthy', fatalError: null,
    chains: [{ network: 'devnet', chainHeadBlock: { number: '25' }, latestBlock: { number: String(BLOCKS), hash: blockHash(BLOCKS) } }], entityCount: String(total) }]);
  status.synced = true;
  await store.setFailed({ block: { number: 21, hash: blockHash(21) }, handler: 'handleSupply', message: 'boom', deterministic: true });
  try {
    const r2 = await gql('{ indexingStatusForCurrentVersion(subgraphName: "collateral-radar") { synced health fatalError { message block { number hash } handler } } }', undefined, srv.statusUrl!);
    assert.deepEqual(r2.data.indexingStatusForCurrentVersion, { synced: true, health: 'failed', fatalError: { message: 'boom', block: { number: '21', hash: blockHash(21) }, handler: 'handleSupply' } });
    const meta = await data('{ _meta { hasIndexingErrors } }');
    assert.equal(meta._meta.hasIndexingErrors, true);
    const none = await gql('{ indexingStatuses(subgraphs: ["QmOther"]) { subgraph } }', undefined, srv.statusUrl!);
    assert.deepEqual(none.data.indexingStatuses, []);
  } finally {
    await store.clearFailure();
  }
});

for (const kind of ['pglite', 'postgres'] as const) {
  const skip = kind === 'postgres' && !pgUrl ? 'PostgreSQL run needs TEST_DATABASE_URL or DATABASE_URL' : false;
  describe(`query API on ${kind}`, { skip }, () => {
    before(async () => {
      const driver = kind === 'postgres' ? await openPostgres(pgUrl!) : undefined;
      if (driver) await driver.exec('DROP SCHEMA IF EXISTS sgd_conformance CASCADE');
      store = await openStore({ schema, deployment: 'conformance', driver });
      for (const b of batches) await store.commitBatch(b);
      srv = await startGraphQLServer({ store, schema, subgraphName: 'collateral-radar', port: 0, statusPort: 0, status, limits: { maxDepth: 8 } });
      status.synced = false;
    });
    after(async () => {
      await srv?.close();
      await store?.close();
      if (kind === 'postgres') { await store.driver.exec('DROP SCHEMA IF EXISTS sgd_conformance CASCADE'); await store.driver.close(); }
    });
    for (const [name, fn] of cases) test(name, fn);
  });
}
