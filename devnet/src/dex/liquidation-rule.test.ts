// Pins the liquidation rule with values worked by hand: LiquidationLogic's amounts (close
// factor, bonus, protocol fee, the collateral cap), gas in debt units, candidate order, the
// pair chosen, and the ladder's choice with a fake quoter (strict maximum, first on ties,
// nothing when unprofitable or without a pool).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Hex } from 'viem';
import {
  choosePair,
  decide,
  gasInDebtUnits,
  liquidationAmounts,
  orderCandidates,
  WAD,
  type RulePosition,
  type RuleReserve,
} from './liquidation-rule.ts';

const reserve = (over: Partial<RuleReserve>): RuleReserve => ({
  asset: '0x0000000000000000000000000000000000000001',
  decimals: 18,
  price: 10n ** 8n,
  liquidationThreshold: 8000,
  liquidationBonus: 10500,
  liquidationProtocolFee: 1000,
  availableLiquidity: 10n ** 40n,
  ...over,
});
const WETH = reserve({
  asset: '0x00000000000000000000000000000000000000e1',
  price: 2000n * 10n ** 8n,
});
const USDC = reserve({ asset: '0x00000000000000000000000000000000000000c1', decimals: 6 });

test('amounts: half the debt above HF 0.95, bonus and protocol fee on the collateral', () => {
  const hf = (97n * WAD) / 100n;
  const r = liquidationAmounts(1000n * 10n ** 6n, 3000n * 10n ** 6n, hf, 10n * WAD, WETH, USDC);
  // 1,000 USDC = 0.5 WETH, +5% = 0.525; fee = 10% of the 0.025 bonus.
  assert.deepEqual(r, {
    debtRepaid: 1000n * 10n ** 6n,
    collateralReceived: 522_500_000_000_000_000n,
  });
  const capped = liquidationAmounts(
    3000n * 10n ** 6n,
    3000n * 10n ** 6n,
    hf,
    10n * WAD,
    WETH,
    USDC,
  );
  assert.equal(capped.debtRepaid, 1500n * 10n ** 6n); // close factor 50%
  const all = liquidationAmounts(
    3000n * 10n ** 6n,
    3000n * 10n ** 6n,
    hf / 2n,
    10n * WAD,
    WETH,
    USDC,
  );
  assert.equal(all.debtRepaid, 3000n * 10n ** 6n); // below 0.95: all of it
});

test('amounts: collateral short of the bonus caps the debt repaid', () => {
  const r = liquidationAmounts(
    1000n * 10n ** 6n,
    3000n * 10n ** 6n,
    WAD / 2n,
    3n * 10n ** 17n,
    WETH,
    USDC,
  );
  // 0.3 WETH = 600 USDC; / 1.05 = 571.428571 (percentDiv rounds half up, then floors).
  assert.equal(r.debtRepaid, 571_428_571n);
  // bonus part 0.3 − 0.3/1.05 = 0.014285714285714286; 10% of it to the treasury.
  assert.equal(r.collateralReceived, 3n * 10n ** 17n - 1_428_571_428_571_429n);
});

test('gas in debt units: $20 of USDC and of WETH', () => {
  assert.equal(gasInDebtUnits(20, USDC), 20n * 10n ** 6n);
  assert.equal(gasInDebtUnits(20, WETH), 10n ** 16n);
});

const account = (user: string, debt: bigint, hf: bigint) => ({
  user: user as Hex,
  totalDebtBase: debt,
  totalCollateralBase: 1n,
  healthFactor: hf,
});

test('candidates: below HF 1 only, by debt desc then lowercase address asc', () => {
  const out = orderCandidates([
    account('0xB0', 5n, WAD - 1n),
    account('0xa0', 5n, WAD / 2n),
    account('0xc0', 9n, WAD / 2n),
    account('0xd0', 99n, WAD),
    { ...account('0xe0', 99n, 0n), totalCollateralBase: 0n },
  ]);
  assert.deepEqual(
    out.map((a) => a.user),
    ['0xc0', '0xa0', '0xB0'],
  );
});

const position = (over: Partial<RulePosition> = {}): RulePosition => ({
  user: '0x00000000000000000000000000000000000000aa',
  healthFactor: WAD / 2n,
  totalDebtBase: 1n,
  totalCollateralBase: 1n,
  collateral: [10n * WAD, 0n],
  collateralEnabled: [true, true],
  debt: [0n, 6400n * 10n ** 6n],
  ...over,
});

test('pair: largest debt value and largest enabled collateral value', () => {
  const p = position({ collateral: [WAD, 5000n * 10n ** 6n], debt: [WAD / 10n, 100n * 10n ** 6n] });
  assert.deepEqual(choosePair(p, [WETH, USDC]), { collateral: 1, debt: 0 });
  assert.deepEqual(choosePair({ ...p, collateralEnabled: [true, false] }, [WETH, USDC]), {
    collateral: 0,
    debt: 0,
  });
});

/** A fake venue: each amount's proceeds by `f`, counting the batches it answers. */
let batches = 0;
const venue =
  (f: (amountIn: bigint) => bigint | null) => () => async (_pool: number, amounts: bigint[]) => {
    batches++;
    return amounts.map(f);
  };

test('ladder: the strictly greatest profit wins, first on ties; none when unprofitable', async () => {
  // A venue paying the oracle value minus 1%: the largest step is the most profitable.
  const fair = (amountIn: bigint) => (amountIn * 2000n * 99n) / 100n / 10n ** 12n;
  const one = () => 1;
  let r = await decide(position(), [WETH, USDC], one, venue(fair), 20);
  assert.equal(r.kind, 'liquidate');
  if (r.kind === 'liquidate') {
    assert.equal(r.choice.ladderStep, 64);
    assert.equal(r.choice.debtRepaid, 6400n * 10n ** 6n);
    assert.equal(r.choice.profit, r.choice.quotedProceeds - r.choice.debtRepaid - 20n * 10n ** 6n);
  }
  // A venue that pays a flat amount: every step ties on proceeds, the smallest repay wins.
  r = await decide(
    position(),
    [WETH, USDC],
    one,
    venue(() => 500n * 10n ** 6n),
    20,
  );
  assert.ok(r.kind === 'liquidate' && r.choice.ladderStep === 1);
  // Proceeds never cover repay + gas.
  r = await decide(
    position(),
    [WETH, USDC],
    one,
    venue((a) => fair(a) / 2n),
    20,
  );
  assert.equal(r.kind, 'unprofitable');
  r = await decide(
    position(),
    [WETH, USDC],
    () => 0,
    venue(() => 0n),
    20,
  );
  assert.deepEqual(r, { kind: 'no-pool', collateral: 0, debt: 1 });
});

test('ladder: a step whose collateral the reserve cannot pay out is passed over', async () => {
  const thin = { ...WETH, availableLiquidity: 2n * WAD };
  const fair = (a: bigint) => (a * 2000n * 99n) / 100n / 10n ** 12n;
  const r = await decide(position(), [thin, USDC], () => 1, venue(fair), 20);
  assert.ok(r.kind === 'liquidate');
  if (r.kind === 'liquidate') assert.ok(r.choice.collateralReceived <= 2n * WAD);
});

test('ladder: a quote bound that rules steps out changes nothing but the quotes asked', async () => {
  const fair = (a: bigint) => (a * 2000n * 98n) / 100n / 10n ** 12n;
  const asked: bigint[] = [];
  const counting = () => async (_k: number, amounts: bigint[]) => {
    asked.push(...amounts);
    return amounts.map(fair);
  };
  const plain = await decide(position(), [WETH, USDC], () => 1, counting, 20);
  const all = asked.length;
  asked.length = 0;
  // Spot 1% above what the venue pays: no step is ruled out wrongly.
  const spot = () => (_k: number, a: bigint) => (a * 2000n * 99n) / 100n / 10n ** 12n;
  const bounded = await decide(position(), [WETH, USDC], () => 1, counting, 20, spot);
  assert.deepEqual(bounded, plain);
  // A bound below repay + gas everywhere: unprofitable, with nothing quoted.
  asked.length = 0;
  const none = await decide(
    position(),
    [WETH, USDC],
    () => 1,
    counting,
    20,
    () => () => 0n,
  );
  assert.equal(none.kind, 'unprofitable');
  assert.equal(asked.length, 0);
  assert.ok(all >= 8, `${all} amounts quoted without a bound`);
});

test('ladder: one batch per pool, the first pool wins a tie', async () => {
  batches = 0;
  const r = await decide(
    position(),
    [WETH, USDC],
    () => 2,
    venue(() => 7000n * 10n ** 6n),
    20,
  );
  assert.equal(batches, 2);
  assert.ok(r.kind === 'liquidate' && r.choice.pool === 0);
});
