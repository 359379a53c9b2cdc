// Conformance of the query API with graph-node's documented behaviour, over HTTP: ordering,
// paging, time travel and _meta (schema shape and filters: graphql.test.ts; errors and limits:
// graphql-errors.test.ts). Expected values come from the oracle in
// test-fixtures/graphql/conformance.ts.
import assert from 'node:assert/strict';
import { blockHash, marketId, addr } from '../../test-fixtures/store/fixture.ts';
import {
  BLOCKS,
  batches,
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

// ---- ordering, paging ----
tcase(
  'orderBy (scalar, nested one level), orderDirection, first/skip; ties broken by id',
  async () => {
    const pos = entities('Position');
    const cmp = (a: (typeof pos)[number], b: (typeof pos)[number]) => {
      const x = big(a.e, 'balance'),
        y = big(b.e, 'balance');
      return x < y ? 1 : x > y ? -1 : a.id < b.id ? 1 : -1;
    };
    const want = [...pos].sort(cmp).map((p) => p.id);
    const d = await data(
      '{ positions(first: 7, skip: 2, orderBy: balance, orderDirection: desc) { id } }',
    );
    assert.deepEqual(
      d.positions.map((p: any) => p.id),
      want.slice(2, 9),
    );
    const markets = stateAt(BLOCKS).get('Market')!;
    const ts = (p: (typeof pos)[number]) =>
      big(markets.get(val(p.e.get('market')) as string)!.data, 'totalSupply');
    const nested = await data('{ positions(first: 1000, orderBy: market__totalSupply) { id } }');
    const wantN = [...pos]
      .sort((a, b) => (ts(a) < ts(b) ? -1 : ts(a) > ts(b) ? 1 : a.id < b.id ? -1 : 1))
      .map((p) => p.id);
    assert.deepEqual(
      nested.positions.map((p: any) => p.id),
      wantN,
    );
    const sym = await data(
      '{ markets(orderBy: inputToken__symbol, orderDirection: desc) { inputToken { symbol } } }',
    );
    assert.deepEqual(
      sym.markets.map((m: any) => m.inputToken.symbol),
      ['wbtc', 'WETH', 'USDC'],
    ); // byte order (C collation), as graph-node's C-locale database
    const cursor = await data(
      `{ positions(first: 5, where: { id_gt: "${want.sort()[3]}" }) { id } }`,
    );
    assert.deepEqual(
      cursor.positions.map((p: any) => p.id),
      [...pos.map((p) => p.id)].sort().slice(4, 9),
    );
  },
);

tcase('derived and list fields take their own first/skip/orderBy/where', async () => {
  const pos = entities('Position');
  const d = await data(
    `{ accounts(first: 1000) { id positionCount positions(first: 2, orderBy: balance, orderDirection: desc, where: { isCollateral: true }) { id balance } } }`,
  );
  for (const a of d.accounts) {
    const mine = pos
      .filter((p) => val(p.e.get('account')) === a.id && val(p.e.get('isCollateral')) === true)
      .sort((x, y) =>
        big(x.e, 'balance') > big(y.e, 'balance')
          ? -1
          : big(x.e, 'balance') < big(y.e, 'balance')
            ? 1
            : x.id < y.id
              ? 1
              : -1,
      );
    assert.deepEqual(
      a.positions.map((p: any) => p.id),
      mine.slice(0, 2).map((p) => p.id),
      a.id,
    );
  }
  const m = await data(
    `{ market(id: "${marketId(0)}") { positions(skip: 1, first: 3) { id market { id } } inputToken { markets { id } } } }`,
  );
  const mine = pos
    .filter((p) => val(p.e.get('market')) === marketId(0))
    .map((p) => p.id)
    .sort();
  assert.deepEqual(
    m.market.positions.map((p: any) => p.id),
    mine.slice(1, 4),
  );
  assert.ok(m.market.positions.every((p: any) => p.market.id === marketId(0)));
  assert.deepEqual(m.market.inputToken.markets, [{ id: marketId(0) }]);
});

tcase(
  'stored lists of references: nested objects with arguments, list filters, hex-string filters on Bytes refs',
  async () => {
    const st = stateAt(BLOCKS);
    const markets = st.get('Market')!;
    const accs = entities('Account').sort(byId);
    const ts = (id: string) => big(markets.get(id)!.data, 'totalSupply');
    const d = await data(
      '{ accounts(first: 1000) { id markets(orderBy: totalSupply, orderDirection: desc, first: 2) { id } all: markets { id } frozen: markets(where: { status: FROZEN }) { id } } }',
    );
    for (const [i, a] of d.accounts.entries()) {
      const ids = val(accs[i].e.get('markets')) as string[];
      assert.equal(a.id, accs[i].id);
      assert.deepEqual(
        a.all.map((m: any) => m.id),
        [...ids].sort(),
      );
      assert.deepEqual(
        a.markets.map((m: any) => m.id),
        [...ids]
          .sort((x, y) => (ts(x) > ts(y) ? -1 : ts(x) < ts(y) ? 1 : x < y ? 1 : -1))
          .slice(0, 2),
      );
      assert.deepEqual(
        a.frozen.map((m: any) => m.id),
        ids.filter((x) => val(markets.get(x)!.data.get('status')) === 'FROZEN').sort(),
      );
    }
    const c = await data(
      `{ accounts(first: 1000, where: { markets_contains: ["${marketId(2)}"] }) { id } n: accounts(first: 1000, where: { markets_: { status: FROZEN } }) { id } }`,
    );
    assert.deepEqual(
      c.accounts.map((a: any) => a.id),
      accs
        .filter((a) => (val(a.e.get('markets')) as string[]).includes(marketId(2)))
        .map((a) => a.id),
    );
    assert.deepEqual(
      c.n.map((a: any) => a.id),
      accs
        .filter((a) =>
          (val(a.e.get('markets')) as string[]).some(
            (x) => val(markets.get(x)!.data.get('status')) === 'FROZEN',
          ),
        )
        .map((a) => a.id),
    );
    const pos = entities('Position');
    const h = await data(
      `{ positions(first: 1000, where: { market_ends_with: "${marketId(1).slice(-4)}" }) { id } a: positions(first: 1000, where: { account_starts_with_nocase: "${addr(3, 1).slice(0, 41).toUpperCase().replace('0X', '0x')}" }) { id } }`,
    );
    assert.deepEqual(
      h.positions.map((p: any) => p.id),
      pos
        .filter((p) => (val(p.e.get('market')) as string).endsWith(marketId(1).slice(-4)))
        .map((p) => p.id)
        .sort(),
    );
    assert.deepEqual(
      h.a.map((p: any) => p.id),
      pos
        .filter((p) => (val(p.e.get('account')) as string).startsWith(addr(3, 1).slice(0, 41)))
        .map((p) => p.id)
        .sort(),
    );
  },
);

tcase(
  'interfaces: plural across implementers with fragments; derived interface fields',
  async () => {
    const evs = [
      ...entities('Supply').map((e) => ({ ...e, t: 'Supply' })),
      ...entities('Borrow').map((e) => ({ ...e, t: 'Borrow' })),
    ];
    const want = [...evs]
      .sort((a, b) =>
        big(a.e, 'amount') > big(b.e, 'amount')
          ? -1
          : big(a.e, 'amount') < big(b.e, 'amount')
            ? 1
            : a.id < b.id
              ? 1
              : -1,
      )
      .slice(0, 6);
    const d = await data(
      '{ events(first: 6, orderBy: amount, orderDirection: desc) { __typename id amount account { id } ... on Borrow { rate market { id } } ... on Supply { market { id } } } }',
    );
    assert.deepEqual(
      d.events.map((e: any) => [e.__typename, e.id, e.amount]),
      want.map((e) => [e.t, e.id, val(e.e.get('amount'))]),
    );
    for (const [i, e] of d.events.entries()) {
      assert.equal(e.account.id, val(want[i].e.get('account')));
      assert.equal(e.market.id, val(want[i].e.get('market')));
      if (e.__typename === 'Borrow') assert.equal(e.rate, val(want[i].e.get('rate')));
    }
    const acc = val(want[0].e.get('account')) as string;
    const a = await data(
      `{ account(id: "${acc}") { events(first: 1000, orderBy: timestamp) { id } } }`,
    );
    const mine = evs.filter((e) => val(e.e.get('account')) === acc);
    assert.deepEqual(a.account.events.map((e: any) => e.id).sort(), mine.map((e) => e.id).sort());
    const one = await data(`{ event(id: "${want[0].id}") { __typename id } }`);
    assert.deepEqual(one.event, { __typename: want[0].t, id: want[0].id });
  },
);

// ---- time travel, _meta ----
tcase('block: {number}, {hash}, {number_gte} read the state at that block', async () => {
  for (const B of [1, 6, 13]) {
    const d = await data(
      `{ accounts(first: 1000, block: { number: ${B} }) { id positionCount } h: accounts(first: 1000, block: { hash: "${blockHash(B)}" }) { id positionCount } _meta(block: { number: ${B} }) { block { number hash } } }`,
    );
    const want = entities('Account', B)
      .sort(byId)
      .map((a) => ({ id: a.id, positionCount: val(a.e.get('positionCount')) }));
    assert.deepEqual(d.accounts, want, `block ${B}`);
    assert.deepEqual(d.h, want);
    assert.deepEqual(d._meta.block, { number: B, hash: null }); // graph-node knows no hash by number
  }
  const gte = await data('{ _meta(block: { number_gte: 5 }) { block { number } } }');
  assert.equal(gte._meta.block.number, BLOCKS);
  const nested = await data(
    `{ market(id: "${marketId(0)}", block: { number: 4 }) { totalSupply positions(first: 1000) { id } } }`,
  );
  assert.equal(
    nested.market.totalSupply,
    val(stateAt(4).get('Market')!.get(marketId(0))!.data.get('totalSupply')),
  );
  assert.deepEqual(
    nested.market.positions.map((p: any) => p.id),
    entities('Position', 4)
      .filter((p) => val(p.e.get('market')) === marketId(0))
      .map((p) => p.id)
      .sort(),
  );
});

tcase('_meta: latest block, deployment, hasIndexingErrors', async () => {
  const d = await data(
    '{ _meta { block { number hash timestamp parentHash } deployment hasIndexingErrors } }',
  );
  const last = batches.at(-1)!.blocks.at(-1)!;
  assert.deepEqual(d._meta, {
    block: {
      number: BLOCKS,
      hash: blockHash(BLOCKS),
      timestamp: Number(last.timestamp),
      parentHash: blockHash(BLOCKS - 1),
    },
    deployment: 'conformance',
    hasIndexingErrors: false,
  });
});

runConformance();
