// Sends a block plan and mines it, then brings the mirror up to date: reserves always, accounts
// the plan touched. A large plan becomes several blocks of at most MAX_TXS_PER_BLOCK, 12 s apart,
// because EDR's mempool insertion cost grows with the number of pending transactions (huge
// blocks are quadratic). It also counts the LiquidationCall events that actually happened.
import { encodeFunctionData, type Abi, type Hex } from 'viem';
import type { Miner, TxRequest } from '../core/chain.ts';
import { devnetContracts } from '../core/compile.ts';
import type { Deployment } from '../core/deploy.ts';
import type { AccountMirror } from './account-mirror.ts';
import type { BlockPlan, SimCounters } from './block-plan.ts';

const FAUCET = devnetContracts().DevnetFaucet.abi as Abi;
export const MAX_TXS_PER_BLOCK = 64;
/** Mints per DevnetFaucet.mintMany call. */
const MINTS_PER_CALL = 150;
// keccak256("LiquidationCall(address,address,address,uint256,uint256,address,bool)")
const LIQUIDATION_TOPIC = '0xe413a321e8681d831f4dbccbca790d2952b56f977908e45be37335533e005286';

export class BlockProducer {
  /** LiquidationCall events mined so far. */
  liquidationsOnChain = 0;
  /** Reverted transactions by kind (only with `checkReceipts`). */
  readonly reverted: SimCounters = {};
  private readonly kinds = new Map<Hex, string>();

  constructor(
    private readonly miner: Miner,
    private readonly dep: Deployment,
    private readonly mirror: AccountMirror,
    /** Fetch receipts after every block and count reverted transactions by kind (slow). */
    private readonly checkReceipts: boolean,
  ) {}

  /** Mine the plan (the first block at `timestamp`), refresh the mirror; returns the last block. */
  async mineAndRefresh(plan: BlockPlan, timestamp: number): Promise<bigint> {
    const first = this.miner.blockNumber + 1n;
    const { number, txs } = await this.sendAndMine(plan, timestamp);
    await this.mirror.refreshReserves();
    if (plan.touched.size) await this.mirror.refreshUsers(plan.touched);
    if (plan.txs.some((t) => t.kind === 'liquidation')) {
      const logs = (await this.miner.provider.request({
        method: 'eth_getLogs',
        params: [
          {
            fromBlock: `0x${first.toString(16)}`,
            toBlock: `0x${number.toString(16)}`,
            address: this.dep.pool,
            topics: [LIQUIDATION_TOPIC],
          },
        ],
      })) as unknown[];
      this.liquidationsOnChain += logs.length;
    }
    if (this.checkReceipts) await this.countReverted(txs);
    return number;
  }

  private async sendAndMine(
    plan: BlockPlan,
    timestamp: number,
  ): Promise<{ number: bigint; txs: Hex[] }> {
    let ts = timestamp;
    const nextTs = () => {
      const x = ts;
      ts += 12;
      return x;
    };
    const mined: Hex[] = [];
    const send = async (tx: TxRequest, kind: string) => {
      if (this.miner.pendingCount >= MAX_TXS_PER_BLOCK) {
        mined.push(...(await this.miner.mine(nextTs())).txs);
      }
      const hash = await this.miner.send(tx, nextTs);
      if (this.checkReceipts) this.kinds.set(hash, kind);
    };
    for (let s = 0; s < plan.mints.length; s += MINTS_PER_CALL) {
      const m = plan.mints.slice(s, s + MINTS_PER_CALL);
      const data = encodeFunctionData({
        abi: FAUCET,
        functionName: 'mintMany',
        args: [m.map((x) => x.token), m.map((x) => x.to), m.map((x) => x.amount)],
      });
      const gas = 60_000n + 60_000n * BigInt(m.length);
      await send({ from: this.dep.deployer, to: this.dep.faucet, gas, data }, 'faucet');
    }
    for (const { tx, kind } of plan.txs) await send(tx, kind);
    const last = await this.miner.mine(nextTs());
    return { number: last.number, txs: [...mined, ...last.txs] };
  }

  private async countReverted(txs: Hex[]): Promise<void> {
    for (const h of txs) {
      const r = (await this.miner.provider.request({
        method: 'eth_getTransactionReceipt',
        params: [h],
      })) as { status: Hex } | null;
      if (r?.status !== '0x1') {
        const k = this.kinds.get(h) ?? 'unknown';
        this.reverted[k] = (this.reverted[k] ?? 0) + 1;
      }
      this.kinds.delete(h);
    }
  }
}
