// The indexing loop: chain → triggers (graph-node's order) → mappings → batched commits.
//
// Per range [from, to] the range fetcher brings logs and blocks; blocks are processed in order;
// templates created in block N get block N re-scanned for them after the block's other
// triggers (graph-node's runner loop), and the rest of the range is patched with their logs.
// The roles live in their own classes: RangeFetcher (range-fetcher.ts), CallPrefetcher,
// TriggerRunner, BatchWriter (commits, rewind after a failed one) and ReorgHandler (reorg.ts);
// this file drives them and decides what a failure means (retry, reorg or deployment failure).
import { BlockBeyondHead, type ChainSource } from '../chain/source.ts';
import { CallCache } from '../chain/call-cache.ts';
import { EntityCache } from './entity-cache.ts';
import { coalescingCalls } from './call-batcher.ts';
import { BlockCtx } from './block-ctx.ts';
import { BatchWriter } from './batch-writer.ts';
import { CallPrefetcher } from './call-prefetcher.ts';
import { DataSources } from './data-sources.ts';
import { ChainPosition } from './position.ts';
import { ChainMoved, RangeFetcher, type RangeData } from './range-fetcher.ts';
import { ReorgHandler } from './reorg.ts';
import { HandlerFailure, TriggerRunner } from './trigger-runner.ts';
import { blockTriggers, logQueries } from './triggers.ts';
import {
  checkSupported,
  resolveOptions,
  type IndexerOptions,
  type ResolvedOptions,
} from './indexer-options.ts';
import {
  newStatus,
  type BlockPtr,
  type DataSourceRecord,
  type IndexerStatus,
  type IngestStore,
  type MappingLoader,
} from './types.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Indexer {
  readonly status: IndexerStatus;
  readonly cache: EntityCache;
  readonly calls: CallCache;
  /** mappingMs: time inside handlers (WASM + host calls on the in-memory cache) */
  readonly stats = {
    events: 0,
    blockTriggers: 0,
    blocks: 0,
    reorgs: 0,
    rangeRetries: 0,
    mappingMs: 0,
  };
  private readonly o: ResolvedOptions;
  private readonly position = new ChainPosition();
  private readonly dataSources: DataSources;
  private readonly fetcher: RangeFetcher;
  private readonly prefetcher: CallPrefetcher;
  private readonly runner: TriggerRunner;
  private readonly writer: BatchWriter;
  private readonly reorgs: ReorgHandler;
  /** the block before the first one indexed */
  private readonly floor: number;
  /** the block whose triggers are running (for failure reports) */
  private current: BlockPtr | null = null;
  private head = 0;
  private stopping = false;
  private startedAt = Date.now();
  private announcedSync = false;

  constructor(opts: IndexerOptions) {
    const o = (this.o = resolveOptions(opts));
    checkSupported(opts.manifest);
    const log = (msg: string) => this.log(msg);
    this.status = opts.status ?? newStatus();
    this.cache = new EntityCache(opts.schema, opts.store);
    this.calls = new CallCache(coalescingCalls(opts.chain));
    this.floor = Math.min(...opts.manifest.dataSources.map((d) => d.startBlock)) - 1;
    this.dataSources = new DataSources(opts.manifest);
    this.fetcher = new RangeFetcher(opts.chain, log);
    this.prefetcher = new CallPrefetcher(this.calls);
    // Each role takes what it needs of these (structurally): the options and the shared parts.
    const deps = {
      ...o,
      cache: this.cache,
      calls: this.calls,
      position: this.position,
      dataSources: this.dataSources,
      status: this.status,
      stats: this.stats,
      floor: this.floor,
      log,
    };
    const logLevel = o.logLevel ?? 'warning';
    this.runner = new TriggerRunner({ ...deps, prefetcher: this.prefetcher, logLevel });
    this.writer = new BatchWriter(deps);
    this.reorgs = new ReorgHandler({ ...deps, writer: this.writer });
  }

  private log(msg: string) {
    if (this.o.log) this.o.log(msg);
    else if (this.o.progress) this.o.progress.log(msg);
    else console.error(msg);
  }

  stop(): void {
    this.stopping = true;
  }

  /** Restores cursor, data sources and entity cache from the store. */
  async init(): Promise<void> {
    const { manifest, store } = this.o;
    this.dataSources.reset();
    for (const r of (await store.loadDataSources()) as DataSourceRecord[])
      this.dataSources.restore(r);
    const cursor = await store.getCursor();
    this.position.moveBack(cursor, cursor ? cursor.number : this.floor);
    const n = await this.cache.load();
    const h = await store.health();
    this.status.health = h.health;
    this.status.latestBlock = cursor;
    if (h.health === 'failed') this.status.fatalError = h.fatalError as IndexerStatus['fatalError'];
    const dynamic = this.dataSources.list.length - manifest.dataSources.length;
    const loaded = `${n} mutable entities loaded, ${dynamic} dynamic data sources`;
    if (cursor || n) this.log(`resuming after block ${cursor?.number ?? '-'} (${loaded})`);
  }

  /** Indexes until stop(), a fatal error, or stopAtBlock / exitWhenSynced. */
  async run(): Promise<void> {
    await this.init();
    this.startedAt = Date.now();
    if (this.status.health === 'failed') {
      const why = this.status.fatalError?.message ?? '';
      this.log(`deployment failed earlier; not indexing (serving data). ${why}`);
      return;
    }
    let backoff = 500;
    while (!this.stopping) {
      try {
        if (await this.step()) break;
        backoff = 500;
        this.status.lastError = null;
      } catch (e) {
        if (e instanceof HandlerFailure) {
          await this.fail(e);
          break;
        }
        this.cache.abortBlock();
        if (this.stopping) break;
        // The range is redone from the first block not processed.
        const processed = this.position.processed;
        this.runner.dropCreated();
        this.dataSources.dropAbove(processed);
        this.writer.dropDataSourcesAbove(processed);
        if (e instanceof ChainMoved || e instanceof BlockBeyondHead) {
          this.stats.rangeRetries++;
          await sleep(200);
          continue;
        }
        // Non-deterministic (RPC and the like): retried with backoff, never skipped.
        const msg = (e as Error).message;
        this.status.lastError = msg;
        this.log(`indexing error (retrying in ${backoff} ms): ${msg}`);
        await sleep(backoff);
        backoff = Math.min(30_000, backoff * 2);
      }
    }
    if ((this.status.health as string) !== 'failed') await this.writer.flush();
    await this.writer.settle();
    this.o.progress?.done();
  }

  /** Hands what is buffered to the store (see BatchWriter.flush). */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  /** One range (or one head poll). Returns true when done (stopAtBlock / exitWhenSynced). */
  private async step(): Promise<boolean> {
    const { chain } = this.o;
    if (this.writer.rewindNeeded) {
      await this.writer.rewind();
      this.runner.dropCreated();
    }
    this.head = await chain.headNumber();
    this.status.chainHeadBlock = this.head;
    const processed = this.position.processed;
    const from = processed + 1;
    const stopAt = this.o.stopAtBlock;
    if (stopAt !== undefined && processed >= stopAt) {
      await this.writer.flush();
      await this.writer.settle();
      return true;
    }
    if (from > this.head) return this.atHead();
    const nearHead = from > this.head - this.o.reorgWindow;
    let to = nearHead
      ? Math.min(this.head, from + 99)
      : Math.min(this.head - this.o.reorgWindow, from + chain.range.size - 1);
    if (stopAt !== undefined) to = Math.min(to, Math.max(from, stopAt));
    this.prefetcher.newRange();
    const rd = await this.fetcher.fetch(from, to, this.dataSources.list, nearHead);
    // Reorg: the first block must extend what we processed.
    if (!this.reorgs.extendsProcessed(rd.blocks.get(from)!.raw)) {
      await this.reorgs.revert(this.head);
      return false;
    }
    for (let n = from; n <= to && !this.stopping; n++) await this.processBlock(n, rd);
    if (to >= this.head) this.status.synced = true;
    else if (this.head - to > 1) this.status.synced = false;
    await this.writer.maybeFlush(to >= this.head);
    return false;
  }

  /** Nothing new above the processed block: check it is still canonical, commit, wait. */
  private async atHead(): Promise<boolean> {
    if (!(await this.reorgs.tipIsCanonical(this.head))) {
      await this.reorgs.revert(this.head);
      return false;
    }
    await this.writer.flush();
    if (!this.announcedSync) {
      this.announcedSync = true;
      this.o.progress?.done();
      this.log(this.syncedLine());
    }
    this.status.synced = true;
    if (this.o.exitWhenSynced) {
      await this.writer.settle();
      return true;
    }
    await sleep(this.o.pollMs);
    return false;
  }

  private syncedLine(): string {
    const secs = (Date.now() - this.startedAt) / 1000;
    const s = this.stats;
    const inHandlers = s.mappingMs / 1000;
    const perSec = (x: number, t: number) => (x / t).toFixed(1);
    const rates = `${perSec(s.blocks, secs)} blocks/s, ${perSec(s.events, secs)} events/s end to end`;
    const handlers = `handlers alone ${perSec(s.events, inHandlers)} events/s (${inHandlers.toFixed(1)} s in handlers)`;
    const done = `${s.blocks} blocks, ${s.events} events in ${secs.toFixed(1)} s`;
    return `synced to block ${this.position.processed} (head ${this.head}): ${done} — ${rates}; ${handlers}`;
  }

  private async processBlock(n: number, rd: RangeData): Promise<void> {
    const dss = this.dataSources;
    const triggers = blockTriggers(n, rd.logs.get(n) ?? [], dss.list);
    let blk = rd.blocks.get(n);
    if (triggers.length) {
      blk = await this.fetcher.ensureBlock(rd, n);
      const ctx = new BlockCtx(blk.raw, this.o.chain);
      this.current = { number: n, hash: blk.raw.hash.toLowerCase() };
      this.cache.beginBlock(n);
      await this.prefetcher.beforeBlock(n, rd, dss.list, triggers, ctx.block);
      let events = 0;
      for (const t of triggers) events += await this.runner.run(t, ctx);
      // Templates created in this block: re-scan this block for them, then patch the range.
      for (
        let created = this.runner.takeCreated();
        created.length;
        created = this.runner.takeCreated()
      ) {
        const fresh = created.map((c) => {
          const { instance, record } = dss.instantiate(c, n);
          this.writer.addDataSource(record);
          return instance;
        });
        const queries = logQueries(fresh);
        const again = await this.fetcher.rescan(rd, n, queries);
        blk = rd.blocks.get(n)!;
        ctx.raw = blk.raw;
        for (const t of blockTriggers(n, again, fresh)) events += await this.runner.run(t, ctx);
        await this.fetcher.patch(rd, n, queries);
      }
      this.cache.endBlock();
      this.stats.events += events;
      this.o.progress?.update(n, this.head, events, 0);
    }
    this.stats.blocks++;
    const hash = blk ? blk.raw.hash.toLowerCase() : null;
    this.position.advance(n, hash);
    if (blk) {
      const b = blk.raw;
      this.writer.addBlock({
        number: n,
        hash: hash!,
        parentHash: b.parentHash.toLowerCase(),
        timestamp: BigInt(b.timestamp),
      });
      await this.writer.maybeFlush(false);
    } else this.writer.addBlock(null);
    this.o.progress?.update(n, this.head, 0, 1);
  }

  /** A deterministic handler failure: the blocks before the failing one are kept, it is dropped. */
  private async fail(e: HandlerFailure): Promise<void> {
    this.cache.abortBlock();
    await this.writer.flush();
    await this.writer.settle();
    const hash =
      this.current?.number === e.block
        ? this.current.hash
        : (this.position.recent.get(e.block) ?? null);
    const block = hash ? { number: e.block, hash } : null;
    await this.o.store.setFailed({
      block: block ?? e.block,
      handler: e.handler,
      message: e.message,
      deterministic: true,
    });
    this.status.health = 'failed';
    this.status.fatalError = { block, handler: e.handler, message: e.message, deterministic: true };
    const served = `data up to block ${this.position.cursor?.number ?? '-'} is served`;
    this.log(`subgraph failed at block ${e.block}: ${e.message} (indexing stopped; ${served})`);
  }
}
