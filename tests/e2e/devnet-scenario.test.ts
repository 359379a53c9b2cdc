// The default devnet scenario (300 accounts, 30 days) exercises everything the indexer and the
// risk engine must handle: counted from the chain's logs, not from the simulator's own tallies.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  createPublicClient,
  custom,
  parseAbiItem,
  parseEventLogs,
  type Hex,
  type Log,
  type PublicClient,
} from 'viem';
import { aaveAbi } from '../../devnet/src/core/artifacts.ts';
import { dumpTruth, startDevnet, type Devnet } from '../../devnet/src/index.ts';

let devnet: Devnet;
let client: PublicClient;
let poolEvents: ReturnType<typeof parseEventLogs<ReturnType<typeof aaveAbi>>>;
let wallSeconds = 0;
const ACCOUNTS = Number(process.env.DEVNET_SCENARIO_ACCOUNTS ?? 300);
const DAYS = Number(process.env.DEVNET_SCENARIO_DAYS ?? 30);

before(
  async () => {
    const t0 = Date.now();
    devnet = await startDevnet({
      seed: 1,
      accounts: ACCOUNTS,
      days: DAYS,
      quiet: true,
      writeFiles: false,
      startTime: 1_760_000_000,
    });
    wallSeconds = (Date.now() - t0) / 1000;
    client = createPublicClient({
      transport: custom(devnet.provider),
      cacheTime: 0,
    }) as PublicClient;
    const logs = await client.getLogs({
      address: devnet.deployment.pool,
      fromBlock: 0n,
      toBlock: devnet.historyEndBlock,
    });
    poolEvents = parseEventLogs({ abi: aaveAbi('Pool'), logs: logs as Log[] });
    console.log(
      `# default scenario: ${ACCOUNTS} accounts, ${DAYS} days, ${devnet.historyEndBlock} blocks, ${poolEvents.length} Pool events in ${wallSeconds.toFixed(1)} s`,
    );
  },
  { timeout: 600_000 },
);
after(async () => devnet?.stop());

const byName = (name: string) =>
  poolEvents.filter((e) => e.eventName === name) as unknown as {
    args: Record<string, unknown>;
    transactionHash: Hex;
  }[];

test('core activity: supplies, borrows, repays, withdrawals', () => {
  const n = (k: string) => byName(k).length;
  assert.ok(n('Supply') >= ACCOUNTS, `Supply ${n('Supply')}`);
  assert.ok(n('Borrow') >= ACCOUNTS / 3, `Borrow ${n('Borrow')}`);
  assert.ok(n('Repay') >= 50, `Repay ${n('Repay')}`);
  assert.ok(n('Withdraw') >= 50, `Withdraw ${n('Withdraw')}`);
});

test('liquidations: many, by several liquidators, with and without receiveAToken, repeated (partial) ones', () => {
  const liq = byName('LiquidationCall');
  assert.ok(liq.length >= 30, `only ${liq.length} liquidations`);
  assert.ok(
    liq.some((e) => e.args.receiveAToken === true) &&
      liq.some((e) => e.args.receiveAToken === false),
  );
  assert.ok(new Set(liq.map((e) => e.args.liquidator)).size >= 2);
  const perUser = new Map<unknown, number>();
  for (const e of liq) perUser.set(e.args.user, (perUser.get(e.args.user) ?? 0) + 1);
  assert.ok(
    [...perUser.values()].some((c) => c >= 2),
    'no account liquidated more than once',
  );
});

test('stable-rate debt: stable borrows, repays and rate swaps both ways, stable debt open at the end', async () => {
  const stableBorrows = byName('Borrow').filter((e) => Number(e.args.interestRateMode) === 1);
  assert.ok(stableBorrows.length >= 10, `only ${stableBorrows.length} stable borrows`);
  assert.ok(
    byName('Repay').some((e) =>
      stableBorrows.some(
        (b) => b.args.onBehalfOf === e.args.user && b.args.reserve === e.args.reserve,
      ),
    ),
    'no repay of a stable borrower',
  );
  const swaps = byName('SwapBorrowRateMode').map((e) => Number(e.args.interestRateMode));
  // The event carries the mode the debt is swapped from (both directions must occur).
  for (const m of [1, 2]) assert.ok(swaps.includes(m), `no swap to rate mode ${m} (${swaps})`);
  const truth = await dumpTruth(client, devnet.deployment, devnet.historyEndBlock);
  const open = truth.accounts.filter((a) => a.positions.some((p) => p.stableDebtPrincipal !== '0'));
  assert.ok(open.length >= 3, `${open.length} accounts hold stable debt at the end`);
  const total = truth.reserves.reduce((s, r) => s + BigInt(r.stableDebtTotalSupply), 0n);
  assert.ok(total > 0n, 'stable debt totalSupply() is 0 on every reserve');
});

test('e-mode: accounts enter both categories and some leave e-mode', () => {
  const cats = byName('UserEModeSet').map((e) => Number(e.args.categoryId));
  for (const c of [0, 1, 2]) assert.ok(cats.includes(c), `no UserEModeSet to category ${c}`);
});

test('isolation mode: borrowing against the T-bill moves its isolation-mode total debt', () => {
  const tbill = devnet.deployment.tokens.find((t) => t.symbol === 'TBILL')!;
  const upd = byName('IsolationModeTotalDebtUpdated').filter(
    (e) => (e.args.asset as string).toLowerCase() === tbill.address.toLowerCase(),
  );
  assert.ok(upd.length >= 5, `only ${upd.length} isolation debt updates`);
  assert.ok(upd.some((e) => (e.args.totalDebt as bigint) > 0n));
});

test('flash loans and explicit collateral toggles (both directions) happen', () => {
  assert.ok(byName('FlashLoan').length >= 10, `FlashLoan ${byName('FlashLoan').length}`);
  // A toggle transaction emits exactly one Pool event: the collateral flag change.
  const perTx = new Map<Hex, string[]>();
  for (const e of poolEvents as unknown as { eventName: string; transactionHash: Hex }[])
    perTx.set(e.transactionHash, [...(perTx.get(e.transactionHash) ?? []), e.eventName]);
  const toggles = [...perTx.values()].filter(
    (names) => names.length === 1 && names[0].startsWith('ReserveUsedAsCollateral'),
  );
  assert.ok(
    toggles.some((n) => n[0] === 'ReserveUsedAsCollateralDisabled'),
    'no collateral disabled by toggle',
  );
  assert.ok(
    toggles.some((n) => n[0] === 'ReserveUsedAsCollateralEnabled'),
    'no collateral enabled by toggle',
  );
});

test('aTokens change hands (BalanceTransfer between accounts)', async () => {
  const logs = await client.getLogs({
    address: devnet.deployment.tokens.map((t) => t.aToken),
    event: parseAbiItem(
      'event BalanceTransfer(address indexed from, address indexed to, uint256 value, uint256 index)',
    ),
    fromBlock: 0n,
    toBlock: devnet.historyEndBlock,
  });
  assert.ok(logs.length >= 10, `only ${logs.length} aToken transfers`);
});

test('the crash and the depeg are on the feeds, and leave bad debt', async () => {
  const dep = devnet.deployment;
  const ev = parseAbiItem(
    'event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt)',
  );
  const series = async (sym: string) =>
    (
      await client.getLogs({
        address: dep.tokens.find((t) => t.symbol === sym)!.aggregator,
        event: ev,
        fromBlock: 0n,
        toBlock: devnet.historyEndBlock,
      })
    ).map((l) => ({ p: Number(l.args.current) / 1e8, t: Number(l.args.updatedAt) }));
  const eth = await series('WETH');
  const worstDay = Math.min(
    ...eth.map(
      (a) => Math.min(...eth.filter((b) => b.t >= a.t && b.t <= a.t + 86400).map((b) => b.p)) / a.p,
    ),
  );
  assert.ok(worstDay <= 0.7, `worst 24h ETH move ${((worstDay - 1) * 100).toFixed(1)}%`);
  const usdc = await series('USDC');
  assert.ok(Math.min(...usdc.map((x) => x.p)) < 0.9, 'no USDC depeg on the feed');
  const truth = await dumpTruth(client, dep, devnet.historyEndBlock);
  const bad = truth.accounts.filter(
    (a) => a.totalCollateralBase === '0' && a.totalDebtBase !== '0',
  );
  const badUsd = bad.reduce((s, a) => s + Number(a.totalDebtBase) / 1e8, 0);
  console.log(
    `# bad debt: ${bad.length} accounts, $${badUsd.toFixed(0)}; ${truth.accounts.length} accounts in truth`,
  );
  assert.ok(bad.length >= 1, 'no bad debt');
});

test('an ETH −25% shock on the feeds makes more accounts liquidatable (on-chain HF < 1)', async () => {
  const dep = devnet.deployment;
  const users = devnet.users;
  const hfs = async (block: bigint) =>
    Promise.all(
      users.map(
        async (u) =>
          (
            (await client.readContract({
              address: dep.pool,
              abi: aaveAbi('Pool'),
              functionName: 'getUserAccountData',
              args: [u],
              blockNumber: block,
            })) as readonly bigint[]
          )[5],
      ),
    );
  const snap = await devnet.snapshot();
  try {
    const before = (await hfs(devnet.historyEndBlock)).filter((h) => h < 10n ** 18n).length;
    const block = await devnet.setPrices({ eth: 0.75 }, { multiply: true });
    const after = (await hfs(block)).filter((h) => h < 10n ** 18n).length;
    console.log(`# ETH -25%: ${before} -> ${after} accounts with HF < 1`);
    assert.ok(after > before);
  } finally {
    await devnet.revert(snap);
  }
});
