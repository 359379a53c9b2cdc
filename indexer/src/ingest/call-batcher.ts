// The eth_call prefetches the indexer starts for several upcoming blocks at once, sent as shared
// JSON-RPC batches instead of one HTTP round trip per block: a ChainSource for the call cache
// whose callMany collects the requests made in the same synchronous run (any blocks) and sends
// them together after it. Answers and errors are those of ChainSource.callMany: a revert is
// null, any other JSON-RPC error fails the blocks whose calls were in that batch.
import { isRevert, type ChainSource } from '../chain/source.ts';
import type { Hex } from '../internal/types.ts';

/** eth_calls per HTTP request (ChainSource.callMany's batch size: providers cap batches) */
const BATCH = 50;

interface Pending {
  reqs: { to: Hex; data: Hex }[];
  block: bigint;
  out: (Hex | null)[];
  error: unknown;
  resolve: (r: (Hex | null)[]) => void;
  reject: (e: unknown) => void;
}

export function coalescingCalls(chain: ChainSource): ChainSource {
  let queue: Pending[] = [];
  const send = async (items: Pending[]) => {
    const flat = items.flatMap((p) => p.reqs.map((r, i) => ({ p, i, r })));
    for (let k = 0; k < flat.length; k += BATCH) {
      const part = flat.slice(k, k + BATCH).filter((x) => x.p.error === undefined);
      if (!part.length) continue;
      try {
        const answers = await chain.rpc.batchSettled<Hex>(
          part.map((x) => ({
            method: 'eth_call',
            params: [{ to: x.r.to, data: x.r.data }, '0x' + x.p.block.toString(16)],
          })),
        );
        answers.forEach((a, j) => {
          const x = part[j]!;
          if (a.ok) x.p.out[x.i] = a.result;
          else if (isRevert(a.error)) x.p.out[x.i] = null;
          else if (x.p.error === undefined) x.p.error = a.error;
        });
      } catch (e) {
        for (const x of part) if (x.p.error === undefined) x.p.error = e;
      }
    }
    for (const p of items)
      if (p.error === undefined) p.resolve(p.out);
      else p.reject(p.error);
  };
  const batching = Object.create(chain) as ChainSource;
  batching.callMany = (reqs, blockNumber) => {
    if (!reqs.length) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      if (!queue.length)
        queueMicrotask(() => {
          const items = queue;
          queue = [];
          void send(items);
        });
      queue.push({
        reqs,
        block: blockNumber,
        out: new Array(reqs.length),
        error: undefined,
        resolve,
        reject,
      });
    });
  };
  return batching;
}
