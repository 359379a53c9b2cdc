// Batched commits: buffered entity changes, block pointers, new data sources and the cursor go
// to the store as one atomic batch every flushBlocks / flushChanges / flushMs while catching
// up, and every range at the head. The commit runs while the next blocks' handlers do (a
// database in another process works in parallel with them); at most one is in flight. A failed
// commit leaves memory ahead of the store: rewind() brings both back to the store's cursor.
import type { BlockPtr } from '../internal/types.ts';
import type { EntityCache } from './entity-cache.ts';
import type { DataSources } from './data-sources.ts';
import type { ChainPosition } from './position.ts';
import type { DataSourceRecord, IndexerStatus, IngestStore } from './types.ts';

export interface BatchWriterDeps {
  store: IngestStore;
  cache: EntityCache;
  position: ChainPosition;
  dataSources: DataSources;
  status: IndexerStatus;
  /** while catching up, commit at least every flushBlocks blocks, flushChanges buffered entity
   * changes or flushMs */
  flushBlocks: number;
  flushChanges: number;
  flushMs: number;
  /** a store with nothing committed yet commits after this long (a new index shows its first
   * data in about a second instead of a whole flushMs later) */
  firstFlushMs: number;
  /** hashes this many blocks (times two) below the cursor stay in memory after a commit */
  reorgWindow: number;
  /** the block before the first one indexed: where a rewind lands with no cursor stored */
  floor: number;
  log: (msg: string) => void;
  /** clock (tests) */
  now?: () => number;
}

interface BlockRow {
  number: number;
  hash: string;
  parentHash: string;
  timestamp: bigint;
}

export class BatchWriter {
  private pendingBlocks: BlockRow[] = [];
  private pendingDataSources: DataSourceRecord[] = [];
  private readonly now: () => number;
  private lastFlush: number;
  private blocksSinceFlush = 0;
  /** the batch being committed (at most one; the next block's handlers run meanwhile) */
  private committing: Promise<void> | null = null;
  /** cursor of the last batch handed to the store (status.latestBlock: the last committed) */
  private flushedCursor: BlockPtr | null = null;
  /** a commit failed: memory is ahead of the store and must be rewound to it before going on */
  private rewindPending = false;

  constructor(private readonly deps: BatchWriterDeps) {
    this.now = deps.now ?? Date.now;
    this.lastFlush = this.now();
  }

  get rewindNeeded(): boolean {
    return this.rewindPending;
  }

  /** One more block processed (with its pointer when its hash is known). */
  addBlock(row: BlockRow | null): void {
    this.blocksSinceFlush++;
    if (row) this.pendingBlocks.push(row);
  }

  addDataSource(record: DataSourceRecord): void {
    this.pendingDataSources.push(record);
  }

  /** Data sources created above block n are not written (the blocks are being redone). */
  dropDataSourcesAbove(n: number): void {
    this.pendingDataSources = this.pendingDataSources.filter((d) => d.block <= n);
  }

  /** Flushes when a threshold is reached, or always at the head. */
  async maybeFlush(atHead: boolean): Promise<void> {
    if (!this.deps.position.cursor) return;
    const { flushChanges, flushBlocks, flushMs, firstFlushMs } = this.deps;
    const pending = this.deps.cache.pendingCount;
    const nothingCommitted = !this.flushedCursor && !this.deps.status.latestBlock;
    const interval = nothingCommitted ? Math.min(firstFlushMs, flushMs) : flushMs;
    const due =
      atHead ||
      pending >= flushChanges ||
      this.blocksSinceFlush >= flushBlocks ||
      (this.now() - this.lastFlush >= interval && (pending > 0 || this.pendingBlocks.length > 0));
    if (due) await this.flush();
  }

  /**
   * Hands buffered changes, block pointers, new data sources and the cursor to the store as one
   * atomic batch, once the previous batch is committed; settle() waits for it. status.latestBlock
   * moves when it is committed.
   */
  async flush(): Promise<void> {
    const current = this.deps.position.cursor;
    if (!current || this.rewindPending) return;
    const last = this.flushedCursor ?? this.deps.status.latestBlock;
    const unchanged = last && last.number === current.number && last.hash === current.hash;
    if (unchanged && !this.deps.cache.pendingCount && !this.pendingDataSources.length) return;
    await this.settle();
    const changes = this.deps.cache.takePending();
    const blocks = this.pendingBlocks;
    const dataSources = this.pendingDataSources;
    this.pendingBlocks = [];
    this.pendingDataSources = [];
    const cursor = { ...current };
    this.flushedCursor = cursor;
    const commit = this.deps.store
      .commitBatch({ changes, blocks, cursor, dataSources })
      .then(() => {
        this.deps.status.latestBlock = cursor;
      });
    commit.catch(() => {}); // settle() reports it
    this.committing = commit;
    this.deps.position.forgetBelow(cursor.number - this.deps.reorgWindow * 2);
    this.lastFlush = this.now();
    this.blocksSinceFlush = 0;
  }

  /**
   * Waits for the batch being committed. If the commit failed, the blocks after the store's
   * cursor exist only in memory (their changes went with the batch): the next step rewinds to
   * the store and indexes them again, nothing is skipped.
   */
  async settle(): Promise<void> {
    const c = this.committing;
    if (!c) return;
    this.committing = null;
    try {
      await c;
    } catch (e) {
      this.rewindPending = true;
      throw e;
    }
  }

  /** The store was moved to `cursor` (a reorg's revert): the batches start from there. */
  restartAt(cursor: BlockPtr | null): void {
    this.deps.status.latestBlock = cursor;
    this.flushedCursor = cursor;
  }

  /** After a failed commit: cursor, data sources and entities back to what the store has. */
  async rewind(): Promise<void> {
    const cursor = await this.deps.store.getCursor();
    this.deps.cache.takePending();
    this.pendingBlocks = [];
    this.pendingDataSources = [];
    this.deps.position.moveBack(cursor, cursor ? cursor.number : this.deps.floor);
    this.restartAt(cursor);
    this.deps.dataSources.dropAbove(this.deps.position.processed);
    this.blocksSinceFlush = 0;
    await this.deps.cache.load();
    this.rewindPending = false;
    this.deps.log(
      `commit failed: indexing again after block ${cursor?.number ?? '-'} (the last committed)`,
    );
  }
}
