// The last block of a period: a binary search by number over the blocks the index-node can pin
// (graph-node's `blockHashFromNumber`, then the block's timestamp from `_meta(block: { hash })`).
// Block timestamps never decrease with the number, so "timestamp ≤ the period's end" holds for a
// prefix of [lowest, highest]. A block the index-node does not know (our indexer keeps the
// headers of blocks with triggers and of batch ends) cannot be queried either; the search skips
// it and finds the last known block of the period.

export interface BlockRef {
  number: number;
  hash: string;
  timestamp: number;
}

/** A block by number, or null when the index-node does not know it. */
export type BlockProbe = (blockNumber: number) => Promise<BlockRef | null>;

/** The first known block in [from, to], or null. */
async function firstKnown(probe: BlockProbe, from: number, to: number): Promise<BlockRef | null> {
  for (let n = from; n <= to; n++) {
    const b = await probe(n);
    if (b) return b;
  }
  return null;
}

/**
 * The last known block in [lowest.number, highest] with timestamp ≤ `end`. `lowest` must
 * qualify (a block at or before the period's end).
 */
export async function lastBlockAtOrBefore(
  probe: BlockProbe,
  lowest: BlockRef,
  highest: number,
  end: number,
): Promise<BlockRef> {
  let best = lowest;
  let lo = lowest.number + 1,
    hi = highest;
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    const b = await firstKnown(probe, mid, hi);
    if (b && b.timestamp <= end) {
      best = b;
      lo = b.number + 1;
    } else hi = mid - 1;
  }
  return best;
}
