// The subgraph path end to end without Next: a fake graph-node (HTTP, port 0) serves a synthetic
// book; the client pages it the way graph-node requires, the handlers answer with the documented
// shapes and errors. Expected account values come from the engine run on the original book, which
// engine.test.ts / tests/e2e/risk-fidelity.test.ts check against math-utils and the chain.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startFakeGraphNode,
  bookToEntities,
  type FakeGraphNode,
} from '@/test-fixtures/fake-graph-node';
import { syntheticBook } from '@/test-fixtures/synthetic-book';
import { evaluate, prepareBook } from '@/lib/risk/engine';
import { SubgraphClient, SubgraphError } from '@/lib/subgraph-client';
import { loadBook } from '@/lib/risk/book-from-subgraph';
import { clearRiskCache } from '@/lib/risk/service';
import {
  accountsHandler,
  shockHandler,
  summaryHandler,
  curveHandler,
  concentrationHandler,
  varHandler,
  accountHandler,
  atRiskHandler,
} from '@/lib/api/risk';

const book = syntheticBook(2600, 5);
const HEAD = { number: 123, hash: '0x' + 'ab'.repeat(32), timestamp: book.block.timestamp };
let g: FakeGraphNode;
// 60 days of prices: ETH-like and BTC-like move, stables flat
const history = new Map<number, Array<[number, number]>>();
book.markets.forEach((m, i) => {
  const s: Array<[number, number]> = [];
  let p = Number(m.priceBase) / 1e8;
  for (let d = 0; d < 60; d++) {
    s.push([20000 + d, p]);
    if (i <= 2) p *= 1 + 0.06 * Math.sin(d * 1.7 + i);
  }
  history.set(i, s);
});

before(async () => {
  g = await startFakeGraphNode(bookToEntities(book, history), HEAD);
  process.env.SUBGRAPH_URLS = `devnet=${g.url},down=http://127.0.0.1:9/subgraphs/name/x`;
  clearRiskCache();
});
after(async () => {
  await g.close();
  delete process.env.SUBGRAPH_URLS;
});

const get = async (h: (r: Request, c?: never) => Promise<Response>, path: string) => {
  const res = await h(new Request(`http://localhost${path}`));
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
};

test('client pages with first: 1000, id_gt cursors and block: { hash } on every collection query', async () => {
  g.requests.length = 0;
  const client = new SubgraphClient(g.url);
  const loaded = await loadBook(client, 'devnet');
  const positions = book.accounts.reduce((s, a) => s + a.positions.length, 0);
  assert.ok(positions > 4000, 'enough positions for several pages');
  assert.equal(loaded.block.hash, HEAD.hash);
  assert.equal(g.requests.filter((q) => q.includes('_meta')).length, 1, '_meta read once');
  for (const q of g.requests.filter((q) => !q.includes('_meta')))
    assert.match(q, new RegExp(`block: \\{ hash: "${HEAD.hash}" \\}`));
  const pos = g.requests.filter((q) => q.includes('positions('));
  assert.ok(
    pos.length >= 5 && pos.every((q) => q.includes('first: 1000') && q.includes('orderBy: id')),
  );
  assert.ok(
    pos.some((q) => q.includes('id_gt:')),
    'cursor paging',
  );
  assert.ok(!g.requests.some((q) => q.includes('skip')), 'no skip-based paging');
  // the loaded book gives the same answers as the original
  const a = evaluate(prepareBook(book)),
    b = evaluate(prepareBook(loaded));
  const byId = new Map(loaded.accounts.map((x, i) => [x.id, i]));
  let n = 0;
  book.accounts.forEach((acc, i) => {
    const j = byId.get(acc.id);
    if (j === undefined) {
      assert.equal(acc.positions.length, 0);
      return;
    }
    assert.equal(b.healthFactor[j], a.healthFactor[i]);
    assert.equal(b.totalDebtBase[j], a.totalDebtBase[i]);
    n++;
  });
  assert.ok(n > 2500);
});

test('client retries transient HTTP failures and names the endpoint in errors', async () => {
  const client = new SubgraphClient(g.url, { backoffMs: 5 });
  g.failNext(2, 503);
  assert.equal((await client.meta()).hash, HEAD.hash);
  g.failNext(10, 502);
  await assert.rejects(
    client.meta(),
    (e: SubgraphError) =>
      e instanceof SubgraphError && e.message.includes(g.url) && /HTTP 502/.test(e.message),
  );
  g.failNext(0, 200);
  await assert.rejects(
    client.query('{ nope { id } }'),
    (e: Error) =>
      e.message.includes(g.url) &&
      e.message.includes('GraphQL error') &&
      e.message.includes('nope'),
  );
  const dead = new SubgraphClient('http://127.0.0.1:9/subgraphs/name/x', {
    retries: 1,
    backoffMs: 5,
  });
  await assert.rejects(
    dead.meta(),
    (e: SubgraphError) => e.kind === 'network' && e.message.includes('127.0.0.1:9'),
  );
});

test('GET /api/risk/accounts: every account with debt, integer strings, block', async () => {
  const { status, body } = await get(accountsHandler, '/api/risk/accounts?network=devnet');
  assert.equal(status, 200);
  assert.deepEqual(body.block, HEAD);
  const r = evaluate(prepareBook(book));
  const withDebt = book.accounts.filter((_, i) => r.totalDebtBase[i] > 0n);
  assert.equal(body.accounts.length, withDebt.length);
  const i = book.accounts.indexOf(withDebt[7]);
  const row = body.accounts.find((x: { account: string }) => x.account === withDebt[7].id);
  assert.deepEqual(
    {
      healthFactor: row.healthFactor,
      totalCollateralBase: row.totalCollateralBase,
      totalDebtBase: row.totalDebtBase,
    },
    {
      healthFactor: r.healthFactor[i].toString(),
      totalCollateralBase: r.totalCollateralBase[i].toString(),
      totalDebtBase: r.totalDebtBase[i].toString(),
    },
  );
  for (const x of body.accounts) assert.match(x.healthFactor, /^\d+$/);
  // lowest HF first; the same block by hash gives the same answer
  assert.ok(
    BigInt(body.accounts[0].healthFactor) <=
      BigInt(body.accounts[body.accounts.length - 1].healthFactor),
  );
  const pinned = await get(accountsHandler, `/api/risk/accounts?network=devnet&block=${HEAD.hash}`);
  assert.equal(pinned.body.accounts.length, body.accounts.length);
});

test('GET /api/risk/shock: asset and group drops, monotone in the drop', async () => {
  const s10 = (await get(shockHandler, '/api/risk/shock?network=devnet&group=eth&drop=10')).body;
  const s40 = (await get(shockHandler, '/api/risk/shock?network=devnet&group=eth&drop=40')).body;
  assert.deepEqual(s40.scenario.shocks.map((x: { symbol: string }) => x.symbol).sort(), [
    'WETH',
    'wstETH',
  ]);
  assert.ok(s40.accounts.length > s10.accounts.length && s10.accounts.length > 0);
  assert.equal(s40.liquidatableCount, s40.accounts.length);
  assert.ok(BigInt(s40.debtAtRisk) > BigInt(s10.debtAtRisk));
  for (const k of [
    'collateralAtRisk',
    'debtAtRisk',
    'liquidatableDebt',
    'liquidatorBonus',
    'protocolFee',
    'badDebt',
  ])
    assert.match(s40[k], /^\d+$/, k);
  for (const a of s40.accounts) assert.ok(BigInt(a.healthFactor) < 10n ** 18n);
  const wbtc = (await get(shockHandler, '/api/risk/shock?network=devnet&asset=WBTC&drop=30')).body;
  assert.equal(
    wbtc.scenario.shocks[0].shockedPriceBase,
    String((60000_00000000n * 7000n) / 10000n),
  );
  const multi = (
    await get(shockHandler, '/api/risk/shock?network=devnet&shocks=WETH:25,WBTC:30,stablecoin:5')
  ).body;
  assert.deepEqual(
    multi.scenario.shocks
      .map((x: { symbol: string; dropPct: number }) => `${x.symbol}:${x.dropPct}`)
      .sort(),
    ['DAI:5', 'USDC:5', 'WBTC:30', 'WETH:25'],
  );
});

test('curve, summary, at-risk, concentration, var and account respond with their shapes', async () => {
  const curve = (await get(curveHandler, '/api/risk/curve?network=devnet')).body;
  assert.equal(curve.drops.length, 19);
  const eth = curve.series.find((s: { name: string }) => s.name === 'ETH-like');
  assert.ok(eth && eth.points[18].accounts >= eth.points[2].accounts);
  const sum = (await get(summaryHandler, '/api/risk/summary?network=devnet')).body;
  assert.equal(
    sum.hfDistribution.reduce((s: number, b: { accounts: number }) => s + b.accounts, 0),
    sum.borrowers,
  );
  const atRisk = (
    await get(atRiskHandler, '/api/risk/at-risk?network=devnet&threshold=1.2&limit=5')
  ).body;
  assert.ok(atRisk.accounts.length <= 5 && atRisk.accounts[0].liquidationPrices.length >= 1);
  const conc = (await get(concentrationHandler, '/api/risk/concentration?network=devnet')).body;
  assert.ok(
    conc.debt.top10Share > 0 && conc.debt.top10Share <= conc.debt.top100Share && conc.debt.hhi > 0,
  );
  const v = (await get(varHandler, '/api/risk/var?network=devnet&window=30')).body;
  assert.equal(v.window.scenarios, 30);
  assert.ok(BigInt(v.liquidationVolume.p99) >= BigInt(v.liquidationVolume.p95));
  const someone = book.accounts.find((a) => a.positions.length > 1)!;
  const res = await accountHandler(
    new Request(`http://localhost/api/risk/account/${someone.id}?network=devnet`),
    { params: Promise.resolve({ address: someone.id }) } as never,
  );
  const acc = (await res.json()) as {
    positions: unknown[];
    account: string;
    totalDebtBase: string;
    toTarget: { target: number; repay: unknown[] } | null;
  };
  assert.equal(res.status, 200);
  assert.equal(acc.positions.length, someone.positions.length);
  // toTarget (amounts checked by hand in lib/risk/protection.test.ts): null without debt
  assert.equal(acc.toTarget === null, acc.totalDebtBase === '0');
  if (acc.toTarget) assert.equal(acc.toTarget.target, 1.5);
  const bad = await accountHandler(
    new Request(`http://localhost/api/risk/account/${someone.id}?network=devnet&target=0.5`),
    { params: Promise.resolve({ address: someone.id }) } as never,
  );
  assert.equal(bad.status, 400);
  assert.equal(((await bad.json()) as { param: string }).param, 'target');
});

test('errors: 400 naming the parameter, 502 naming the endpoint', async () => {
  let r = await get(shockHandler, '/api/risk/shock?network=devnet&asset=WETH');
  assert.equal(r.status, 400);
  assert.equal(r.body.param, 'drop');
  r = await get(shockHandler, '/api/risk/shock?network=devnet&asset=NOPE&drop=10');
  assert.equal(r.status, 400);
  assert.equal(r.body.param, 'asset');
  r = await get(shockHandler, '/api/risk/shock?network=devnet&group=weird&drop=10');
  assert.equal(r.status, 400);
  assert.equal(r.body.param, 'group');
  r = await get(shockHandler, '/api/risk/shock?network=devnet&asset=WETH&drop=120');
  assert.equal(r.status, 400);
  assert.equal(r.body.param, 'drop');
  r = await get(accountsHandler, '/api/risk/accounts?network=nope');
  assert.equal(r.status, 400);
  assert.equal(r.body.param, 'network');
  r = await get(accountsHandler, '/api/risk/accounts?network=devnet&block=latest');
  assert.equal(r.status, 400);
  assert.equal(r.body.param, 'block');
  r = await get(accountsHandler, '/api/risk/accounts?network=down');
  assert.equal(r.status, 502);
  assert.match(r.body.error, /127\.0\.0\.1:9/);
  assert.equal(r.body.endpoint, 'http://127.0.0.1:9/subgraphs/name/x');
});
