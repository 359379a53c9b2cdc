// GET /api/sandbox over HTTP-shaped requests, against a fake graph-node serving the hand-worked
// book (test-fixtures/hand-book.ts). WETH −20% puts WETH at $1,600 (LT 80%: $1,280 of borrowing
// power per account), which works out by hand to:
//   at-risk       HF 1,280 / 1,500 = 0.8533  liquidatable; repays all 1,500, seizes 1,575
//   liquidatable  HF 1,280 / 1,700 = 0.7529  liquidatable; repays 1,600 / 1.05 = 1,523.81
//   insolvent     no collateral: $500 of bad debt; healthy stays at HF 1.28
// bonus 5%, 10% of it to the protocol: fee 7.5 + 7.619, liquidators 67.5 + 68.571;
// bad debt 500 + (1,700 − 1,600) = 600.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { NextRequest } from 'next/server';
import {
  startFakeGraphNode,
  bookToEntities,
  type FakeGraphNode,
} from '@/test-fixtures/fake-graph-node';
import { handBook, HAND, HAND_BLOCK_HASH } from '@/test-fixtures/hand-book';
import { clearRiskCache } from '@/lib/risk/service';
import { GET } from './route';

let g: FakeGraphNode;
before(async () => {
  const book = handBook('devnet');
  g = await startFakeGraphNode(bookToEntities(book), {
    number: 100,
    hash: HAND_BLOCK_HASH,
    timestamp: book.block.timestamp,
  });
  process.env.SUBGRAPH_URLS = `devnet=${g.url},down=http://127.0.0.1:9/subgraphs/name/secret-key-123`;
  clearRiskCache();
});
after(async () => {
  await g.close();
  delete process.env.SUBGRAPH_URLS;
});

const get = async (query: string) => {
  const res = await GET(new NextRequest(`http://localhost/api/sandbox?${query}`));
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
};
const near = (actual: number, expected: number, what: string) =>
  assert.ok(
    Math.abs(actual - expected) < 1e-6 * Math.max(1, Math.abs(expected)),
    `${what}: ${actual}, expected ${expected}`,
  );

test('WETH −20% on the hand-worked book: the accounts, amounts and bad debt worked out by hand', async () => {
  const { status, body } = await get('network=devnet&drops=WETH:20');
  assert.equal(status, 200);
  assert.equal(body.block, 100);
  assert.deepEqual(body.drops, { WETH: 20 });
  assert.equal(body.accounts, 2);
  assert.equal(body.insolventAccounts, 1);
  near(body.collateralAtRisk, 3200, 'collateral at risk');
  near(body.debtAtRisk, 3200, 'debt at risk');
  near(body.liquidatableDebt, 1500 + 1600 / 1.05, 'liquidatable debt');
  near(body.protocolFee, 7.5 + (1600 - 1600 / 1.05) * 0.1, 'protocol fee');
  near(body.liquidatorBonus, 67.5 + (1600 - 1600 / 1.05) * 0.9, 'liquidator bonus');
  near(body.badDebt, 600, 'bad debt');
  assert.deepEqual(
    body.top.map((t: { account: string }) => t.account),
    [HAND.liquidatable, HAND.atRisk],
    'largest debt first',
  );
  near(body.top[0].hf, 1280 / 1700, 'HF of the liquidatable account');
  near(body.top[1].hf, 1280 / 1500, 'HF of the at-risk account');
  assert.deepEqual(
    body.top.map((t: { debtUSD: number }) => t.debtUSD),
    [1700, 1500],
  );
  assert.deepEqual(
    body.top.map((t: { collateralUSD: number }) => t.collateralUSD),
    [1600, 1600],
  );
});

test("no drop: today's book (one liquidatable at HF 0.94, one insolvent); unknown symbols ignored", async () => {
  const { status, body } = await get('network=devnet&drops=NOPE:50');
  assert.equal(status, 200);
  assert.deepEqual(body.drops, {});
  assert.equal(body.accounts, 1);
  assert.equal(body.insolventAccounts, 1);
  assert.deepEqual(
    body.top.map((t: { account: string }) => t.account),
    [HAND.liquidatable],
  );
  near(body.top[0].hf, 1600 / 1700, 'HF of the liquidatable account');
  near(body.badDebt, 500, 'bad debt');
});

test('drops above 100% are capped; the symbol matches in any case', async () => {
  const { body } = await get('network=devnet&drops=weth:150');
  assert.deepEqual(body.drops, { WETH: 100 });
  // WETH worthless: every account with debt is insolvent, all 4,700 of debt is bad debt
  assert.equal(body.accounts, 0);
  assert.equal(body.insolventAccounts, 4);
  near(body.badDebt, 1000 + 1500 + 1700 + 500, 'bad debt');
});

test('unknown network 404; endpoint down 503 without its URL', async () => {
  const unknown = await get('network=nope&drops=WETH:20');
  assert.equal(unknown.status, 404);
  assert.deepEqual(unknown.body, { error: 'unknown network "nope"' });
  const down = await get('network=down&drops=WETH:20');
  assert.equal(down.status, 503);
  assert.match(down.body.error, /^risk engine unavailable: /);
  assert.doesNotMatch(JSON.stringify(down.body), /127\.0\.0\.1|secret-key-123/);
});
