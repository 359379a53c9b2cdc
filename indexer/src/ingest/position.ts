// Where indexing stands: the last processed block, the commit cursor and the recent block
// hashes that reorg detection compares with the chain. The loop moves it forward; the batch
// writer (after a failed commit) and the reorg handler move it back.
import type { BlockPtr } from '../internal/types.ts';

export class ChainPosition {
  /** last processed block number (its hash may be unknown if it had no triggers) */
  processed = -1;
  /** last processed block whose hash is known: the commit cursor */
  cursor: BlockPtr | null = null;
  /** recent block hashes by number (reorg detection); older ones are asked of the store */
  readonly recent = new Map<number, string>();

  /** Block n is processed; with its hash when it was fetched (it then becomes the cursor). */
  advance(n: number, hash: string | null): void {
    this.processed = n;
    if (hash === null) return;
    this.cursor = { number: n, hash };
    this.recent.set(n, hash);
  }

  /** Back to `processed` with `cursor` (null: nothing indexed yet); later hashes forgotten. */
  moveBack(cursor: BlockPtr | null, processed: number): void {
    for (const n of [...this.recent.keys()]) if (n > processed) this.recent.delete(n);
    this.processed = processed;
    this.cursor = cursor;
    if (cursor) this.recent.set(cursor.number, cursor.hash);
  }

  /** Hashes below `n` are only needed from the store (a deep reorg walk asks it). */
  forgetBelow(n: number): void {
    for (const k of this.recent.keys()) if (k < n) this.recent.delete(k);
  }
}
