// ChainAccess for the WASM host: synchronous answers from a cache keyed by (block, address,
// data); a miss throws NeedsAsync whose work() fetches the answer, so the runtime can await it
// and re-run the trigger (which then hits the cache).
import { type ChainAccess, type EthBlock, type Hex } from '../internal/types.ts';
import { needsAsync } from '../internal/errors.ts';
import type { ChainSource } from './source.ts';

const MAX_ENTRIES = 200_000;

export class CallCache {
  private readonly calls = new Map<string, Hex | null>();
  private readonly balances = new Map<string, bigint>();
  private readonly codes = new Map<string, boolean>();
  readonly stats = { hits: 0, misses: 0, prefetched: 0 };
  /** calls made by the running trigger (recorded to predict the next run of its handler) */
  recording: { address: Hex; data: Hex }[] | null = null;

  constructor(private readonly chain: ChainSource) {}

  /**
   * A ChainAccess; `wrap` lets the caller run its own step (discarding the trigger's writes)
   * after the fetch and before the re-run.
   */
  access(wrap: (work: () => Promise<void>) => () => Promise<void> = (w) => w): ChainAccess {
    const miss = (reason: string, fetch: () => Promise<void>): never => {
      this.stats.misses++;
      throw needsAsync(wrap(fetch), reason);
    };
    return {
      call: ({ address, data, block }) => {
        this.recording?.push({ address, data });
        const key = `${block.hash}:${address.toLowerCase()}:${data.toLowerCase()}`;
        if (this.calls.has(key)) {
          this.stats.hits++;
          return this.calls.get(key)!;
        }
        return miss(`eth_call ${address} at block ${block.number}`, async () => {
          this.put(this.calls, key, await this.chain.call(address, data, block.number));
        });
      },
      getBalance: (address: Hex, block: EthBlock) => {
        const key = `${block.hash}:${address.toLowerCase()}`;
        const v = this.balances.get(key);
        if (v !== undefined) {
          this.stats.hits++;
          return v;
        }
        return miss(`eth_getBalance ${address} at block ${block.number}`, async () => {
          this.put(this.balances, key, await this.chain.getBalance(address, block.number));
        });
      },
      hasCode: (address: Hex, block: EthBlock) => {
        const key = `${block.hash}:${address.toLowerCase()}`;
        const v = this.codes.get(key);
        if (v !== undefined) {
          this.stats.hits++;
          return v;
        }
        return miss(`eth_getCode ${address} at block ${block.number}`, async () => {
          const code = await this.chain.getCode(address, block.number);
          this.put(this.codes, key, !!code && code !== '0x');
        });
      },
    };
  }

  /**
   * Fetches the given calls at a block in batched round trips (those not cached yet), so the
   * handlers that make them run without a NeedsAsync re-run. Used with predictions from the
   * previous run of the same handler: the Aave mappings ask the same contract the same question
   * at each new block (prices, reserve data).
   */
  async prefetch(
    block: { number: bigint; hash: Hex },
    reqs: { address: Hex; data: Hex }[],
  ): Promise<void> {
    const todo = new Map<string, { to: Hex; data: Hex }>();
    for (const r of reqs) {
      const key = `${block.hash}:${r.address.toLowerCase()}:${r.data.toLowerCase()}`;
      if (!this.calls.has(key)) todo.set(key, { to: r.address, data: r.data });
    }
    if (!todo.size) return;
    const res = await this.chain.callMany([...todo.values()], block.number);
    let i = 0;
    for (const key of todo.keys()) this.put(this.calls, key, res[i++]);
    this.stats.prefetched += todo.size;
  }

  private put<V>(m: Map<string, V>, k: string, v: V): void {
    if (m.size >= MAX_ENTRIES) {
      // Drop the oldest half (insertion order ≈ block order): old blocks are never asked again.
      let n = MAX_ENTRIES / 2;
      for (const key of m.keys()) {
        m.delete(key);
        if (--n <= 0) break;
      }
    }
    m.set(k, v);
  }
}
