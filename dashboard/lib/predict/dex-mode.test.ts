// Pins the DEX-priced liquidation mode of the prediction on the hand-worked book and pool
// (test-fixtures): with a price history of a steady 2% fall an hour every path is the same
// deterministic walk, so the hour each borrower crosses HF 1 is known by hand, and its
// liquidation there must be the cascade engine's on the same prices. A pool too thin to pay
// leaves the borrower under water where the oracle mode liquidates it; the grid memo's answers
// are the exact ones at prices within half a step of the path's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { handBook, HAND } from '@/test-fixtures/hand-book';
import { fullRangePool, handVenue } from '@/test-fixtures/hand-pools';
import { predictLiquidations, prepareInput } from '@/lib/predict/predict';
import type { PriceObservations } from '@/lib/predict/price-history';
import { prepareBook } from '@/lib/risk/engine';
import { cascade } from '@/lib/cascade/cascade';
import { dexLiquidator, onGrid } from '@/lib/predict/dex-liquidation';
import { exposuresOf } from '@/lib/predict/exposures';
import type { Book } from '@/lib/risk/types';
import { seededRandom } from '@/lib/risk/random';

const E18 = 10n ** 18n;
const FALL = 0.02;

/** WETH falling 2% (in log) every hour for 48 hours: each residual is −1, each path the same. */
function steadyFall(endTime: number): PriceObservations {
  const weth: Array<[number, number]> = [];
  for (let t = 0; t <= 48; t++) weth.push([endTime - (48 - t) * 3600, 2000 * Math.exp(-FALL * t)]);
  return { series: new Map([[0, weth]]) };
}

/** The hand book with only the given borrowers (and the supplier). */
const bookOf = (...ids: string[]): Book => {
  const b = handBook();
  return { ...b, accounts: b.accounts.filter((a) => ids.includes(a.id) || a.id === HAND.supplier) };
};

/** WETH's oracle price (base units) after h hours of the fall, rounded to the unit. */
const wethAt = (h: number) => BigInt(Math.round(2000e8 * Math.exp(-FALL * h)));
const deep = () => [handVenue(fullRangePool(100_000n * E18))];
const thin = () => [handVenue(fullRangePool(E18 / 10n))];
const dexRun = (book: Book, pools = deep(), priceStep = 0) =>
  predictLiquidations(book, steadyFall(book.block.timestamp), {
    horizon: '1d',
    paths: 50,
    seed: 2,
    liquidation: 'dex',
    dex: { pools, priceStep },
  });
const of = (r: ReturnType<typeof predictLiquidations>, a: string) =>
  r.accounts.find((x) => x.account === a)!;

test('a deterministic fall: each borrower is liquidated at its crossing hour as cascade() does there', () => {
  // at-risk: HF 1.0666… × e^(−0.02 h) < 1 first at h = 4 (0.9847: close factor 50%, 750 DAI);
  // healthy: 1.6 × e^(−0.02 h) < 1 first at h = 24 (0.9903: 500 DAI). A deep pool pays for both.
  const book = bookOf(HAND.atRisk, HAND.healthy);
  const r = dexRun(book);
  assert.equal(r.liquidation, 'dex');
  for (const [id, hour, repaid] of [
    [HAND.atRisk, 4, 750],
    [HAND.healthy, 24, 500],
  ] as const) {
    const a = of(r, id);
    assert.equal(a.pLiquidation, 1, id);
    assert.equal(a.expectedHoursToLiquidation, hour, id);
    assert.equal(a.pUnliquidated, 0);
    assert.equal(a.expectedUnprofitableHours, 0);
    // the cascade engine on the borrower alone at that hour's prices, pools arbitraged there
    const pb = prepareBook(bookOf(id));
    const shocked = pb.basePrices.slice();
    shocked[0] = wethAt(hour);
    const c = cascade(pb, shocked, deep());
    assert.deepEqual(c.liquidatedAccounts, [id]);
    assert.equal(c.debtRepaidBase, BigInt(repaid) * 10n ** 8n);
    assert.equal(a.expectedLiquidatedUSD, Number(c.debtRepaidBase) / 1e8);
    assert.equal(c.badDebtBase, 0n);
  }
  assert.equal(r.protocol.liquidationVolumeUSD.p50, 1250);
  assert.equal(r.protocol.newBadDebtUSD.p99, 0);
  assert.deepEqual(r.protocol.unliquidatedDebtUSD, { mean: 0, p50: 0, p95: 0, p99: 0 });
  assert.equal(r.dex!.pools, 1);
  // the oracle mode crosses at the same hours and repays the same amounts
  const o = predictLiquidations(book, steadyFall(book.block.timestamp), {
    horizon: '1d',
    paths: 50,
    seed: 2,
  });
  assert.equal(o.liquidation, 'oracle');
  assert.equal(o.dex, undefined);
  assert.deepEqual(
    o.accounts.map((a) => [a.account, a.expectedHoursToLiquidation, a.expectedLiquidatedUSD]),
    r.accounts.map((a) => [a.account, a.expectedHoursToLiquidation, a.expectedLiquidatedUSD]),
  );
});

test('liquidatable today: liquidated at hour 0 as cascade() at today’s prices, its bad debt not new', () => {
  const book = bookOf(HAND.liquidatable);
  const r = dexRun(book);
  const pb = prepareBook(book);
  const c = cascade(pb, pb.basePrices, deep());
  assert.deepEqual(c.liquidatedAccounts, [HAND.liquidatable]);
  const a = of(r, HAND.liquidatable);
  assert.equal(a.pLiquidation, 1);
  assert.equal(a.expectedHoursToLiquidation, 0);
  assert.equal(a.expectedLiquidatedUSD, Number(c.debtRepaidBase) / 1e8);
  assert.equal(a.expectedLiquidatedUSD, 1700);
});

test('a pool too thin to pay: the oracle mode liquidates, the dex mode leaves the borrower under water', () => {
  const book = bookOf(HAND.atRisk, HAND.healthy);
  const oracle = predictLiquidations(book, steadyFall(book.block.timestamp), {
    horizon: '1d',
    paths: 50,
    seed: 2,
    liquidation: 'oracle',
  });
  assert.equal(of(oracle, HAND.atRisk).pLiquidation, 1);
  const r = dexRun(book, thin());
  // cascade() agrees at the crossing hour: nobody buys 0.4 WETH from a 0.1 WETH pool at a profit
  const pb = prepareBook(bookOf(HAND.atRisk));
  const shocked = pb.basePrices.slice();
  shocked[0] = wethAt(4);
  assert.deepEqual(cascade(pb, shocked, thin()).unprofitableAccounts, [HAND.atRisk]);
  const atRisk = of(r, HAND.atRisk);
  assert.equal(atRisk.pLiquidation, 0);
  assert.equal(atRisk.expectedHoursToLiquidation, null);
  assert.equal(atRisk.expectedLiquidatedUSD, 0);
  // under HF 1 and unsold from hour 4 to 24: 21 hours; ends with its whole 1,500 DAI debt
  assert.equal(atRisk.expectedUnprofitableHours, 21);
  assert.equal(atRisk.pUnliquidated, 1);
  assert.equal(atRisk.expectedUnliquidatedDebtUSD, 1500);
  const healthy = of(r, HAND.healthy);
  assert.equal(healthy.expectedUnprofitableHours, 1);
  assert.equal(healthy.expectedUnliquidatedDebtUSD, 1000);
  // at hour 24 the 1 WETH is worth 2,000 e^(−0.48) = $1,237.58 against 1,500 DAI: $262.42 of
  // new bad debt on every path (the healthy borrower's $1,237.58 still covers its $1,000)
  const shortfall = 1500 - 2000 * Math.exp(-0.48);
  assert.ok(
    Math.abs(r.protocol.newBadDebtUSD.p50 - shortfall) < 1e-6,
    `${r.protocol.newBadDebtUSD.p50}`,
  );
  assert.ok(Math.abs(r.protocol.newBadDebtUSD.es99 - shortfall) < 1e-6);
  assert.equal(r.protocol.liquidationVolumeUSD.p99, 0);
  assert.deepEqual(r.protocol.unliquidatedDebtUSD, { mean: 2500, p50: 2500, p95: 2500, p99: 2500 });
  assert.equal(r.protocol.unprofitableBorrowerHours, 22);
});

test('no pools or no pools option: dex mode says so', () => {
  const book = bookOf(HAND.atRisk);
  assert.throws(
    () =>
      predictLiquidations(book, steadyFall(book.block.timestamp), {
        horizon: '1d',
        liquidation: 'dex',
      }),
    /needs the pools/,
  );
  const r = dexRun(book, []);
  assert.equal(of(r, HAND.atRisk).pLiquidation, 0);
  assert.equal(of(r, HAND.atRisk).pUnliquidated, 1);
});

test('the grid: each answer is the exact one at prices within half a step of the path’s', () => {
  const step = 1e-3;
  for (let k = 0; k < 1000; k++) {
    const x = (k - 500) * 0.000731;
    assert.ok(Math.abs(onGrid(x, step) - x) <= step / 2 + 1e-15);
  }
  const book = bookOf(HAND.atRisk, HAND.healthy);
  const prepared = prepareInput(book);
  const x = exposuresOf(prepared.pb, prepared.fb, prepared.results);
  const growth = { coll: new Float64Array(50).fill(1), debt: new Float64Array(50).fill(1) };
  const pools = [handVenue(fullRangePool(2n * E18))];
  // $1 of gas against a 2 WETH pool: the sale pays after a small fall, not after a deep one
  const gasCostBase = 1n * 10n ** 8n;
  const gridded = dexLiquidator(prepared.pb, x, pools, growth, { gasCostBase, priceStep: step });
  const exact = dexLiquidator(prepared.pb, x, pools, growth, { gasCostBase, priceStep: 0 });
  const logPrice = new Float64Array(2 * 25);
  let liquidated = 0,
    unprofitable = 0;
  // every move twice, 0.2 bp apart: the second lands on the first's grid point unless a point lies between
  for (let k = 0; k < 800; k++) {
    const h = 1 + (k % 24);
    const move = -0.05 - 1.95 * ((k >> 1) / 400) - 0.0003 * (k % 7) - 0.00002 * (k & 1);
    logPrice[h * 2] = move;
    for (let j = 0; j < x.account.length; j++) {
      const a = gridded.attempt(j, h, logPrice);
      logPrice[h * 2] = onGrid(move, step);
      assert.deepEqual(a, exact.attempt(j, h, logPrice), `move ${move}`);
      logPrice[h * 2] = move;
      if (a.kind === 'liquidated') liquidated++;
      if (a.kind === 'unprofitable') unprofitable++;
    }
  }
  // both outcomes occur over the moves tried, and the grid answered the repeats
  assert.ok(liquidated > 0 && unprofitable > 0, `${liquidated} ${unprofitable}`);
  assert.ok(gridded.stats.memoHits > gridded.stats.attempts / 4, JSON.stringify(gridded.stats));
});

test('the grid against exact pricing over a random walk: the same figures to within the grid', () => {
  // seeded uniform hourly returns of up to ±2%: the paths' prices fall between the grid's points
  const book = bookOf(HAND.atRisk, HAND.healthy);
  const random = seededRandom(9);
  const weth: Array<[number, number]> = [];
  let log = 0;
  for (let t = 0; t <= 48; t++) {
    weth.push([book.block.timestamp - (48 - t) * 3600, 2000 * Math.exp(log)]);
    log += 0.04 * (random() - 0.5);
  }
  // a 1 WETH pool: at $0.85 of gas the sale pays at the crossings, at $0.88 it never does
  const run = (gasCents: bigint, priceStep: number) =>
    predictLiquidations(
      book,
      { series: new Map([[0, weth]]) },
      {
        horizon: '1d',
        paths: 3000,
        seed: 4,
        liquidation: 'dex',
        dex: {
          pools: [handVenue(fullRangePool(E18))],
          gasCostBase: gasCents * 10n ** 6n,
          priceStep,
        },
      },
    );
  for (const gas of [85n, 88n]) {
    const exact = run(gas, 0),
      gridded = run(gas, 1e-3);
    for (const a of exact.accounts) {
      const b = of(gridded, a.account);
      assert.ok(Math.abs(a.pLiquidation - b.pLiquidation) <= 0.005, `${gas}: ${a.account}`);
      assert.ok(
        Math.abs(a.expectedLiquidatedUSD - b.expectedLiquidatedUSD) <=
          0.01 * a.expectedLiquidatedUSD + 1e-9,
      );
      assert.ok(Math.abs(a.expectedUnprofitableHours! - b.expectedUnprofitableHours!) <= 0.05);
    }
    const atRisk = of(exact, HAND.atRisk);
    if (gas === 85n) assert.ok(atRisk.pLiquidation > 0.05, `${atRisk.pLiquidation}`);
    else assert.ok(atRisk.pLiquidation === 0 && atRisk.expectedUnprofitableHours! > 0.1);
    assert.ok(gridded.dex!.memoHits > gridded.dex!.attempts / 2);
  }
});
