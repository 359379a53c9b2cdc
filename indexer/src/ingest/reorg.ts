// Reorg handling: detects that the chain no longer extends what was indexed (a range's first
// block does not link to the last processed one, or the last processed block at the head is no
// longer canonical), walks back to the common ancestor (memory first, then the store's block
// hashes, at most maxReorgDepth blocks), reverts the store to it and moves indexing back there.
import type { BlockPtr, Hex } from '../internal/types.ts';
import type { ChainSource } from '../chain/source.ts';
import type { RawBlock } from '../chain/convert.ts';
import type { BatchWriter } from './batch-writer.ts';
import type { DataSources } from './data-sources.ts';
import type { EntityCache } from './entity-cache.ts';
import type { ChainPosition } from './position.ts';
import type { IndexerStatus, IngestStore } from './types.ts';

export interface ReorgDeps {
  chain: ChainSource;
  store: IngestStore;
  position: ChainPosition;
  dataSources: DataSources;
  writer: BatchWriter;
  cache: EntityCache;
  status: IndexerStatus;
  /** reorgs grows by one per revert */
  stats: { reorgs: number };
  /** deepest reorg handled before giving up */
  maxReorgDepth: number;
  /** the block before the first one indexed: nothing at or below it is ours */
  floor: number;
  log: (msg: string) => void;
}

const lower = (s: string) => s.toLowerCase() as Hex;

export class ReorgHandler {
  constructor(private readonly deps: ReorgDeps) {}

  /** Does a range starting with `first` extend the last processed block (if its hash is known)? */
  extendsProcessed(first: RawBlock): boolean {
    const prevHash = this.deps.position.recent.get(Number(BigInt(first.number)) - 1);
    return !prevHash || lower(first.parentHash) === prevHash;
  }

  /**
   * At (or past) the head: is the last processed block still canonical? The chain may have
   * reorged (possibly to a shorter fork) without new blocks on top.
   */
  async tipIsCanonical(head: number): Promise<boolean> {
    const { position, chain } = this.deps;
    const probe = Math.min(position.processed, head);
    const mine = position.recent.get(probe);
    if (!mine) return true;
    const [b] = await chain.getBlocks([probe], false);
    return lower(b.hash) === mine;
  }

  /** Finds the common ancestor, reverts the store to it, reloads state, drops later data sources. */
  async revert(head: number): Promise<void> {
    const { chain, store, position, writer, maxReorgDepth, floor } = this.deps;
    await writer.flush();
    await writer.settle();
    const top = position.processed;
    let ancestor: BlockPtr | null = null;
    // Below the first block we index nothing is ours: the block before it is always "common".
    for (let n = Math.min(top, head); n >= Math.max(floor, top - maxReorgDepth); n--) {
      const mine = n === floor ? null : (position.recent.get(n) ?? (await store.getBlockHash(n)));
      if (!mine && n > floor) continue;
      if (n < 0) {
        ancestor = { number: -1, hash: '0x' };
        break;
      }
      const [b] = await chain.getBlocks([n], false);
      if (n === floor || lower(b.hash) === lower(mine!)) {
        ancestor = { number: n, hash: lower(b.hash) };
        break;
      }
    }
    if (!ancestor)
      throw new Error(
        `reorg deeper than ${maxReorgDepth} blocks below ${top}; re-index with --reset`,
      );
    this.deps.stats.reorgs++;
    this.deps.log(`reorg: reverting to block ${ancestor.number} (was at ${top})`);
    await store.revertTo(ancestor.number, ancestor.hash);
    const cursor = ancestor.number >= 0 ? ancestor : null;
    position.moveBack(cursor, ancestor.number);
    this.deps.dataSources.dropAbove(ancestor.number);
    writer.restartAt(cursor);
    this.deps.status.synced = false;
    await this.deps.cache.load();
  }
}
