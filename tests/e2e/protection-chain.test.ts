// The repay / supply that brings an account to a target health factor, done on the chain. On a
// small devnet, for accounts below the target, toTargetHealthFactor (from the book read at the
// head, evaluated at the next block's time) names the least repayment of a debt and the least
// supply of a collateral. Each is sent through the real Pool in the next block (the account mints
// the test token and approves the Pool first, in an earlier block), and getUserAccountData must
// then be at or above the target; the same amount less one smallest unit must leave it below.
// Every attempt runs between a snapshot and a revert, so all start from the same chain.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { encodeFunctionData, maxUint256, parseAbi, type Hex } from 'viem';
import { startDevnet, type Devnet } from '../../devnet/src/index.ts';
import { prepareBook } from '../../dashboard/lib/risk/engine';
import { toTargetHealthFactor, type ProtectionStep } from '../../dashboard/lib/risk/protection';
import type { Book } from '../../dashboard/lib/risk/types';
import { bookFromChain, chainClient } from './risk-chain-book';

const TARGET = 13n * 10n ** 17n; // HF 1.3
const ERC20 = parseAbi([
  'function mint(address, uint256) returns (bool)',
  'function approve(address, uint256) returns (bool)',
]);
const POOL = parseAbi([
  'function repay(address asset, uint256 amount, uint256 interestRateMode, address onBehalfOf) returns (uint256)',
  'function supply(address asset, uint256 amount, address onBehalfOf, uint16 referralCode)',
  'function getUserAccountData(address) view returns (uint256, uint256, uint256, uint256, uint256, uint256)',
]);

let devnet: Devnet;
let client: ReturnType<typeof chainClient>;

before(
  async () => {
    devnet = await startDevnet({
      seed: 'protection',
      accounts: 60,
      days: 3,
      live: false,
      quiet: true,
      writeFiles: false,
      port: 0,
    });
    client = chainClient(devnet.provider);
  },
  { timeout: 600_000 },
);

after(async () => {
  await devnet?.stop();
});

function variableOnly(a: Book['accounts'][number], market: string): boolean {
  const m = devnetMarkets.findIndex((x) => x.id.toLowerCase() === market.toLowerCase());
  return a.positions.some((x) => x.market === m && x.stableDebt === 0n);
}
let devnetMarkets: Book['markets'] = [];

/** Mint and approve `amount` of `asset` for `account`, then mine it. */
async function fund(account: Hex, asset: Hex, amount: bigint): Promise<void> {
  const m = devnet.miner;
  await m.send({
    from: account,
    to: asset,
    data: encodeFunctionData({ abi: ERC20, functionName: 'mint', args: [account, amount] }),
    gas: 200_000n,
  });
  await m.send({
    from: account,
    to: asset,
    data: encodeFunctionData({
      abi: ERC20,
      functionName: 'approve',
      args: [devnet.deployment.pool, maxUint256],
    }),
    gas: 100_000n,
  });
  await m.mine(m.lastTimestamp + 12);
}

/** HF on the chain after `account` repays or supplies `amount` at block time `at`. */
async function hfAfter(
  account: Hex,
  kind: 'repay' | 'supply',
  asset: Hex,
  amount: bigint,
  at: number,
): Promise<bigint> {
  const data =
    kind === 'repay'
      ? encodeFunctionData({
          abi: POOL,
          functionName: 'repay',
          args: [asset, amount, 2n, account],
        })
      : encodeFunctionData({
          abi: POOL,
          functionName: 'supply',
          args: [asset, amount, account, 0],
        });
  await devnet.miner.send({ from: account, to: devnet.deployment.pool, data, gas: 1_500_000n });
  await devnet.miner.mine(at);
  const [, , , , , hf] = await client.readContract({
    address: devnet.deployment.pool,
    abi: POOL,
    functionName: 'getUserAccountData',
    args: [account],
  });
  return hf;
}

test(
  'the least repayment and supply for HF 1.3, done through the Pool, reach it; one unit less does not',
  { timeout: 600_000 },
  async (t) => {
    const head = await client.getBlockNumber();
    const book = await bookFromChain(
      client,
      devnet.deployment.pool,
      devnet.deployment.aaveOracle,
      devnet.users as Hex[],
      head,
    );
    devnetMarkets = book.markets;
    // fund in block head+1, act in head+2: the amounts are evaluated at that block's time
    const at = book.block.timestamp + 24;
    const pb = prepareBook(book, BigInt(at));
    const chosen = book.accounts
      .map((a, i) => ({ a, p: toTargetHealthFactor(pb, i, TARGET) }))
      .filter((x) => x.p.healthFactor < TARGET && x.p.healthFactor > 0n)
      .filter((x) => x.p.repay.some((s) => s.reachesTarget) || x.p.supply.length)
      .slice(0, 3);
    assert.ok(
      chosen.length >= 2,
      `${chosen.length} accounts below HF 1.3 with debt and collateral`,
    );
    let checked = 0;
    for (const { a, p } of chosen) {
      const steps: Array<['repay' | 'supply', ProtectionStep]> = [
        // repay(…, 2): variable debt only
        ...p.repay
          .filter((s) => s.reachesTarget && variableOnly(a, s.market))
          .map((s) => ['repay', s] as ['repay', ProtectionStep]),
        ...p.supply.map((s) => ['supply', s] as ['supply', ProtectionStep]),
      ].slice(0, 2);
      for (const [kind, s] of steps) {
        const account = a.id as Hex;
        const asset = s.market as Hex;
        for (const [amount, reaches] of [
          [s.amount, true],
          [s.amount - 1n, false],
        ] as const) {
          const snap = await devnet.snapshot();
          await fund(account, asset, s.amount);
          const hf = await hfAfter(account, kind, asset, amount, at);
          await devnet.revert(snap);
          if (reaches)
            assert.ok(hf >= TARGET, `${account} ${kind} ${amount} ${s.symbol}: HF ${hf}`);
          else
            assert.ok(hf < TARGET, `${account} ${kind} ${amount} ${s.symbol} (one less): HF ${hf}`);
        }
        checked++;
      }
    }
    t.diagnostic(
      `${checked} repay/supply amounts for ${chosen.length} accounts reach HF 1.3 on the chain, one unit less does not`,
    );
    assert.ok(checked >= 3, `${checked} amounts checked`);
  },
);
