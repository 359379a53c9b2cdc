// The transactions planned for one block, and the builder that appends them. Roles write into a
// plan; BlockProducer sends it (faucet mints first, then the transactions in order) and mines
// it. Each planned call is counted by kind in the simulation's counters.
import { encodeFunctionData, maxUint256, type Hex } from 'viem';
import { aaveAbi } from '../core/artifacts.ts';
import { ASSETS } from '../core/assets.ts';
import type { TxRequest } from '../core/chain.ts';
import type { Deployment } from '../core/deploy.ts';
import type { User } from './account.ts';

const POOL = aaveAbi('Pool');
const ERC20 = aaveAbi('MintableERC20');

/** Explicit gas per call (estimation costs ~10x the execution). */
export const GAS = {
  approve: 80_000n,
  supply: 350_000n,
  withdraw: 400_000n,
  borrow: 500_000n,
  repay: 350_000n,
  collateral: 250_000n,
  emode: 250_000n,
  transfer: 400_000n,
  flash: 450_000n,
  liquidation: 800_000n,
  transmit: 150_000n,
};

export interface SimCounters {
  [kind: string]: number;
}

export class BlockPlan {
  /** Faucet mints ("bought elsewhere"), sent before the transactions. */
  mints: { token: Hex; to: Hex; amount: bigint }[] = [];
  txs: { tx: TxRequest; kind: string }[] = [];
  /** Accounts whose position the block may change (re-read after it is mined). */
  touched = new Set<number>();
  /** Tokens of each asset this plan already takes out of the reserves. */
  liquidityUse: number[] = ASSETS.map(() => 0);
  /** Isolation-mode debt (USD) this plan already adds. */
  isoDebtUsd = 0;
}

export class TxBuilder {
  constructor(
    private readonly dep: Deployment,
    private readonly counters: SimCounters,
  ) {}

  count(kind: string): void {
    this.counters[kind] = (this.counters[kind] ?? 0) + 1;
  }

  /** A Pool call from an account (marked touched) or a bare address, counted as `kind`. */
  pool(
    plan: BlockPlan,
    u: User | Hex,
    kind: string,
    fn: string,
    args: unknown[],
    gas: bigint,
  ): void {
    const from = typeof u === 'string' ? u : u.addr;
    const data = encodeFunctionData({ abi: POOL, functionName: fn, args } as never);
    plan.txs.push({ kind, tx: { from, to: this.dep.pool, data, gas } });
    if (typeof u !== 'string') plan.touched.add(u.i);
    this.count(kind);
  }

  /** An unlimited ERC-20 approval of the Pool (not counted). */
  approvePool(plan: BlockPlan, from: Hex, token: Hex): void {
    const data = encodeFunctionData({
      abi: ERC20,
      functionName: 'approve',
      args: [this.dep.pool, maxUint256],
    });
    plan.txs.push({ kind: 'approve', tx: { from, to: token, data, gas: GAS.approve } });
  }

  /** An ERC-20 transfer (aTokens between accounts), counted as `kind`. */
  transfer(plan: BlockPlan, kind: string, from: Hex, token: Hex, to: Hex, amount: bigint): void {
    const data = encodeFunctionData({ abi: ERC20, functionName: 'transfer', args: [to, amount] });
    plan.txs.push({ kind, tx: { from, to: token, data, gas: GAS.transfer } });
    this.count(kind);
  }
}
