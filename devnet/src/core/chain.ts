// The in-process Hardhat (EDR) chain and a thin, fast transaction layer over it: transactions
// are sent with explicit gas (estimation costs ~10x the execution) and mined in blocks whose
// timestamps we set, so the same inputs always give the same blocks.
import { createRequire } from 'node:module';
import { getContractAddress, keccak256, toHex, type Hex } from 'viem';

const require = createRequire(import.meta.url);

export interface Eip1193 {
  request(args: { method: string; params?: unknown[] | object }): Promise<unknown>;
}

export const CHAIN_ID = 31337;
export const BLOCK_GAS_LIMIT = 60_000_000n;
/** Fees are explicit so eth_sendTransaction never looks at fee history. */
const MAX_FEE = toHex(500_000_000_000n);
const PRIORITY_FEE = toHex(1_000_000_000n);

/** Deterministic key of simulated account `i` (index 0 = deployer). Not a secret: devnet only. */
export function devnetKey(i: number): Hex {
  return keccak256(toHex(`collateral-radar devnet account ${i}`));
}

export interface ChainOptions {
  accounts: number; // funded genesis accounts
  genesisTime: number; // unix seconds of the genesis block
}

export async function createChain(opts: ChainOptions): Promise<{ provider: Eip1193 }> {
  const {
    createHardhatNetworkProvider,
  } = require('hardhat/internal/hardhat-network/provider/provider');
  const keys = Array.from({ length: opts.accounts }, (_, i) => devnetKey(i));
  const provider: Eip1193 = await createHardhatNetworkProvider(
    {
      hardfork: 'prague',
      chainId: CHAIN_ID,
      networkId: CHAIN_ID,
      blockGasLimit: Number(BLOCK_GAS_LIMIT),
      minGasPrice: 0n,
      automine: false,
      intervalMining: 0,
      mempoolOrder: 'fifo',
      chains: new Map(),
      genesisAccounts: keys.map((privateKey) => ({ privateKey, balance: 10n ** 24n })),
      allowUnlimitedContractSize: false,
      throwOnTransactionFailures: true,
      throwOnCallFailures: true,
      allowBlocksWithSameTimestamp: false,
      initialBaseFeePerGas: 1_000_000_000,
      initialDate: new Date(opts.genesisTime * 1000),
      coinbase: '0xc014ba5ec014ba5ec014ba5ec014ba5ec014ba5e',
      enableTransientStorage: false,
      enableRip7212: false,
    },
    { enabled: false },
  );
  // Addresses come from eth_accounts (derived natively; deriving 10k keys in JS takes seconds).
  return { provider };
}

export interface TxRequest {
  from: Hex;
  to?: Hex;
  data: Hex;
  gas: bigint;
  value?: bigint;
}

/**
 * Queues transactions into the mempool (automine off) and mines blocks at explicit timestamps.
 * Tracks nonces locally so deployment addresses are known before the block is mined.
 */
export class Miner {
  private nonces = new Map<string, number>();
  private pendingGas = 0n;
  private pending: Hex[] = [];
  lastTimestamp: number;
  blockNumber = 0n;
  txCount = 0;

  constructor(
    readonly provider: Eip1193,
    genesisTime: number,
  ) {
    this.lastTimestamp = genesisTime;
  }

  async nonceOf(addr: Hex): Promise<number> {
    const k = addr.toLowerCase();
    let n = this.nonces.get(k);
    if (n === undefined) {
      // 'latest', not 'pending': every transaction goes through this class, so pending ones are
      // already counted locally, and asking for 'pending' makes EDR execute the whole mempool.
      n = Number(
        await this.provider.request({
          method: 'eth_getTransactionCount',
          params: [addr, 'latest'],
        }),
      );
      this.nonces.set(k, n);
    }
    return n;
  }

  /** Address the next contract created by `from` will have. */
  async nextContractAddress(from: Hex): Promise<Hex> {
    return getContractAddress({ from, nonce: BigInt(await this.nonceOf(from)) });
  }

  /** Queue a transaction; mines first if the block would overflow. Returns the tx hash. */
  async send(tx: TxRequest, nextTimestamp?: () => number): Promise<Hex> {
    if (this.pendingGas + tx.gas > BLOCK_GAS_LIMIT)
      await this.mine(nextTimestamp ? nextTimestamp() : this.lastTimestamp + 12);
    const nonce = await this.nonceOf(tx.from);
    const hash = (await this.provider.request({
      method: 'eth_sendTransaction',
      params: [
        {
          from: tx.from,
          to: tx.to,
          data: tx.data,
          gas: toHex(tx.gas),
          value: tx.value ? toHex(tx.value) : undefined,
          nonce: toHex(nonce),
          maxFeePerGas: MAX_FEE,
          maxPriorityFeePerGas: PRIORITY_FEE,
        },
      ],
    })) as Hex;
    this.nonces.set(tx.from.toLowerCase(), nonce + 1);
    this.pendingGas += tx.gas;
    this.pending.push(hash);
    this.txCount++;
    return hash;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** Mine one block at `timestamp` (must be later than the previous block). */
  async mine(timestamp: number): Promise<{ number: bigint; txs: Hex[] }> {
    if (timestamp <= this.lastTimestamp) timestamp = this.lastTimestamp + 1;
    await this.provider.request({
      method: 'evm_setNextBlockTimestamp',
      params: [toHex(timestamp)],
    });
    await this.provider.request({ method: 'evm_mine', params: [] });
    this.lastTimestamp = timestamp;
    this.blockNumber += 1n;
    const txs = this.pending;
    this.pending = [];
    this.pendingGas = 0n;
    return { number: this.blockNumber, txs };
  }

  /** Mine until the mempool is empty (blocks 12 s apart from `timestamp`). */
  async mineAll(timestamp: number): Promise<void> {
    await this.mine(timestamp);
  }

  async sync(): Promise<void> {
    this.blockNumber = BigInt(
      (await this.provider.request({ method: 'eth_blockNumber' })) as string,
    );
    const b = (await this.provider.request({
      method: 'eth_getBlockByNumber',
      params: ['latest', false],
    })) as { timestamp: Hex };
    this.lastTimestamp = Number(b.timestamp);
    this.nonces.clear();
  }

  async call(to: Hex, data: Hex, block: bigint | 'latest' = this.blockNumber): Promise<Hex> {
    return (await this.provider.request({
      method: 'eth_call',
      params: [
        { to, data, gas: toHex(1_000_000_000n) },
        typeof block === 'bigint' ? toHex(block) : block,
      ],
    })) as Hex;
  }
}

/** A minimal EIP-1193 provider over HTTP JSON-RPC (used to measure the HTTP path). */
export function httpProvider(url: string): Eip1193 {
  let id = 0;
  return {
    async request({ method, params }) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params: params ?? [] }),
      });
      const body = (await res.json()) as {
        result?: unknown;
        error?: { message: string; data?: unknown };
      };
      if (body.error)
        throw Object.assign(new Error(`${method}: ${body.error.message}`), {
          data: body.error.data,
        });
      return body.result;
    },
  };
}
