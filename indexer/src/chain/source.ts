// What ingestion needs from the chain: logs over ranges (adaptive, split on "too many
// results"), blocks, receipts, and eth_call / balance / code at a block.
import type { Hex } from '../runtime/types.ts';
import { isRangeTooLarge, JsonRpc, RpcResponseError, TransientRpcError } from './rpc.ts';
import type { RawBlock, RawLog, RawReceipt } from './convert.ts';

/** A requested block is above the chain head (the chain reorged to a shorter fork). */
export class BlockBeyondHead extends Error {}

/**
 * Block-range size for eth_getLogs: halves on "too many results"/timeouts, doubles while
 * answers stay sparse (well under targetLogs and fast), within [1, max].
 */
export class AdaptiveRange {
  size: number;
  constructor(initial = 2000, readonly max = 100_000, readonly targetLogs = 5_000, readonly slowMs = 5_000) {
    this.size = Math.max(1, Math.min(initial, max));
  }
  tooLarge(blocks: number): void {
    this.size = Math.max(1, Math.min(this.size, Math.floor(blocks / 2)));
  }
  success(blocks: number, logs: number, ms: number): void {
    if (blocks < this.size) return; // a short range (e.g. at the head) says nothing about density
    if (logs < this.targetLogs / 4 && ms < this.slowMs / 2) this.size = Math.min(this.max, this.size * 2);
    else if (logs > this.targetLogs || ms > this.slowMs) this.size = Math.max(1, Math.floor(this.size / 2));
  }
}

export interface LogQuery {
  /** lowercase addresses; null = any address */
  addresses: Hex[] | null;
  /** topic0 alternatives (empty → nothing to ask) */
  topics0: Hex[];
}

const hex = (n: number | bigint) => '0x' + n.toString(16);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Providers cap the address list of one eth_getLogs. */
const ADDRESS_CHUNK = 500;
const BATCH = 50;

export class ChainSource {
  readonly range: AdaptiveRange;
  constructor(readonly rpc: JsonRpc, range?: AdaptiveRange) {
    this.range = range ?? new AdaptiveRange();
  }

  async chainId(): Promise<number> {
    return Number(await this.rpc.request<string>('eth_chainId'));
  }

  async headNumber(): Promise<number> {
    return Number(await this.rpc.request<string>('eth_blockNumber'));
  }

  /**
   * Every log in [from, to] matching one of the queries, sorted by (block, logIndex), deduplicated.
   * Splits the range (and tells the adaptive sizer) when the node says it is too large.
   */
  async getLogs(from: number, to: number, queries: LogQuery[]): Promise<RawLog[]> {
    const out = new Map<string, RawLog>();
    for (const q of queries) {
      if (!q.topics0.length || (q.addresses && !q.addresses.length)) continue;
      const chunks = q.addresses ? chunk(q.addresses, ADDRESS_CHUNK) : [null];
      for (const addrs of chunks) {
        for (const l of await this.logsSplitting(from, to, addrs, q.topics0)) {
          if (l.removed) continue;
          out.set(`${l.blockHash}:${l.logIndex}`, l);
        }
      }
    }
    return [...out.values()].sort((a, b) => Number(BigInt(a.blockNumber) - BigInt(b.blockNumber)) || Number(BigInt(a.logIndex) - BigInt(b.logIndex)));
  }

  private async logsSplitting(from: number, to: number, addrs: Hex[] | null, topics0: Hex[]): Promise<RawLog[]> {
    const filter: Record<string, unknown> = { fromBlock: hex(from), toBlock: hex(to), topics: [topics0] };
    if (addrs) filter.address = addrs;
    const t0 = Date.now();
    try {
      const logs = await this.rpc.request<RawLog[]>('eth_getLogs', [filter]);
      if (!Array.isArray(logs)) throw new TransientRpcError('eth_getLogs: result is not an array');
      this.range.success(to - from + 1, logs.length, Date.now() - t0);
      return logs;
    } catch (e) {
      if (!isRangeTooLarge(e)) throw e;
      if (from === to) {
        // A single block can't be split: a "too large" answer here is the node struggling; wait and retry.
        await sleep(500);
        return this.logsSplitting(from, to, addrs, topics0);
      }
      this.range.tooLarge(to - from + 1);
      const mid = from + Math.floor((to - from) / 2);
      return [...(await this.logsSplitting(from, mid, addrs, topics0)), ...(await this.logsSplitting(mid + 1, to, addrs, topics0))];
    }
  }

  /** Blocks by number; a null answer (node not there yet / load-balanced lag) is retried, never skipped. */
  async getBlocks(numbers: number[], fullTx: boolean): Promise<RawBlock[]> {
    const out: RawBlock[] = [];
    for (const part of chunk(numbers, BATCH)) {
      let got = await this.rpc.batch<RawBlock | null>(part.map((n) => ({ method: 'eth_getBlockByNumber', params: [hex(n), fullTx] })));
      for (let attempt = 1; got.some((b) => !b || !b.hash); attempt++) {
        const missing = part.filter((_, i) => !got[i] || !got[i]!.hash);
        // Past the head: the chain got shorter (reorg) — the caller must re-plan, not wait.
        const head = await this.headNumber();
        if (missing.some((n) => n > head)) throw new BlockBeyondHead(`block ${missing.find((n) => n > head)} is beyond the head ${head}`);
        if (attempt > 60) throw new TransientRpcError(`eth_getBlockByNumber: blocks ${missing.join(',')} still null after ${attempt} tries`);
        await sleep(Math.min(5000, 100 * 2 ** attempt));
        const again = await this.rpc.batch<RawBlock | null>(missing.map((n) => ({ method: 'eth_getBlockByNumber', params: [hex(n), fullTx] })));
        let k = 0;
        got = got.map((b) => (b && b.hash ? b : again[k++]));
      }
      out.push(...(got as RawBlock[]));
    }
    return out;
  }

  async getBlockByHash(hash: Hex, fullTx: boolean): Promise<RawBlock | null> {
    return this.rpc.request<RawBlock | null>('eth_getBlockByHash', [hash, fullTx]);
  }

  /** Receipts of the given transactions (retried until present: the block is known to exist). */
  async getReceipts(txHashes: Hex[]): Promise<RawReceipt[]> {
    const out: RawReceipt[] = [];
    for (const part of chunk(txHashes, BATCH)) {
      for (let attempt = 1; ; attempt++) {
        const got = await this.rpc.batch<RawReceipt | null>(part.map((h) => ({ method: 'eth_getTransactionReceipt', params: [h] })));
        if (got.every(Boolean)) { out.push(...(got as RawReceipt[])); break; }
        if (attempt > 30) throw new TransientRpcError(`eth_getTransactionReceipt: null receipt after ${attempt} tries`);
        await sleep(Math.min(5000, 100 * 2 ** attempt));
      }
    }
    return out;
  }

  /** eth_call at a block; null when the call reverts (deterministic), other errors propagate. */
  async call(to: Hex, data: Hex, blockNumber: bigint): Promise<Hex | null> {
    try {
      return await this.rpc.request<Hex>('eth_call', [{ to, data }, hex(blockNumber)]);
    } catch (e) {
      if (e instanceof RpcResponseError && isRevert(e)) return null;
      throw e;
    }
  }

  /** Many eth_calls at one block in one round trip; null for reverts. */
  async callMany(reqs: { to: Hex; data: Hex }[], blockNumber: bigint): Promise<(Hex | null)[]> {
    const out: (Hex | null)[] = [];
    for (const part of chunk(reqs, BATCH)) {
      const r = await this.rpc.batchSettled<Hex>(part.map((q) => ({ method: 'eth_call', params: [{ to: q.to, data: q.data }, hex(blockNumber)] })));
      for (const x of r) {
        if (x.ok) out.push(x.result);
        else if (isRevert(x.error)) out.push(null);
        else throw x.error;
      }
    }
    return out;
  }

  async getBalance(address: Hex, blockNumber: bigint): Promise<bigint> {
    return BigInt(await this.rpc.request<string>('eth_getBalance', [address, hex(blockNumber)]));
  }

  async getCode(address: Hex, blockNumber: bigint): Promise<Hex> {
    return this.rpc.request<Hex>('eth_getCode', [address, hex(blockNumber)]);
  }
}

/** An execution failure of the call itself (as opposed to the node failing to answer). */
export function isRevert(e: RpcResponseError): boolean {
  return e.code === 3 || /revert|vm exception|invalid opcode|out of gas|stack (underflow|overflow)|invalid jump|execution error|static call|invalid instruction/i.test(e.message);
}

function chunk<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}
