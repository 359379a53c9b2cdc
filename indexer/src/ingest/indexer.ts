// The indexing loop: chain → triggers (graph-node's order) → mappings → batched store commits.
//
// Per range [from, to] the range fetcher brings logs and blocks; blocks are processed in order;
// templates created in block N get block N re-scanned for them after the block's other
// triggers (graph-node's runner loop), and the rest of the range is patched with their logs.
// The roles live in their own classes: RangeFetcher (range-fetcher.ts), CallPrefetcher,
// TriggerRunner, BatchWriter (commits, rewind after a failed one) and ReorgHandler (reorg.ts);
// this file drives them and decides what a failure means (retry, reorg or deployment failure).
import { LOG_LEVELS, type LogLevel } from '../internal/types.ts';
import type { Manifest } from '../manifest/types.ts';
import type { SchemaModel } from '../schema/index.ts';
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
import type { Progress } from './progress.ts';
import { newStatus, type BlockPtr, type DataSourceRecord, type IndexerStatus, type IngestStore, type MappingLoader } from './types.ts';

export interface IndexerOptions {
  manifest: Manifest;
  schema: SchemaModel;
  store: IngestStore;
  chain: ChainSource;
  loadMapping: MappingLoader;
  /** head polling interval */
  pollMs?: number;
  /** blocks this close to the head get every header checked (reorg detection) */
  reorgWindow?: number;
  /** deepest reorg handled before giving up */
  maxReorgDepth?: number;
  /** while catching up, commit at least every flushBlocks blocks (default 2000), flushChanges
   * buffered entity changes (default 20000) or flushMs (default 10 s: graph-node batches its
   * catch-up writes for minutes); at the head every range commits */
  flushBlocks?: number;
  flushChanges?: number;
  flushMs?: number;
  progress?: Progress | null;
  status?: IndexerStatus;
  /** stop once this block is processed and committed (tests, benches) */
  stopAtBlock?: number;
  /** stop as soon as the head is reached */
  exitWhenSynced?: boolean;
  /** handler log lines at or above this level are printed */
  logLevel?: LogLevel;
  log?: (msg: string) => void;
}

type Defaulted = 'pollMs' | 'reorgWindow' | 'maxReorgDepth' | 'flushBlocks' | 'flushChanges' | 'flushMs';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Indexer {
  readonly status: IndexerStatus;
  readonly cache: EntityCache;
  readonly calls: CallCache;
  /** mappingMs: time inside handlers (WASM + host calls on the in-memory cache): the mapping-only share */
  readonly stats = { events: 0, blockTriggers: 0, blocks: 0, reorgs: 0, rangeRetries: 0, mappingMs: 0 };
  private readonly o: Required<Pick<IndexerOptions, Defaulted>> & IndexerOptions;
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
    // (an option passed as undefined keeps its default: startIndexerNode passes every flush option)
    const given = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) as IndexerOptions;
    const o = (this.o = { pollMs: 1000, reorgWindow: 100, maxReorgDepth: 1000, flushBlocks: 2000, flushChanges: 20_000, flushMs: 10_000, ...given });
    for (const m of [...opts.manifest.dataSources, ...opts.manifest.templates]) {
      if (m.mapping.callHandlers.length) throw new Error(`${opts.manifest.file}: data source ${m.name} has callHandlers; call handlers need trace_filter, which this indexer does not support`);
      if (m.mapping.blockHandlers.some((h) => h.filter?.kind === 'call')) throw new Error(`${opts.manifest.file}: data source ${m.name} has a block handler with filter kind call (needs traces), not supported`);
    }
    const log = (msg: string) => this.log(msg);
    this.status = opts.status ?? newStatus();
    this.cache = new EntityCache(opts.schema, opts.store);
    this.calls = new CallCache(coalescingCalls(opts.chain));
    this.floor = Math.min(...opts.manifest.dataSources.map((d) => d.startBlock)) - 1;
    this.dataSources = new DataSources(opts.manifest);
    this.fetcher = new RangeFetcher(opts.chain, log);
    this.prefetcher = new CallPrefetcher(this.calls);
    this.runner = new TriggerRunner({
      manifest: opts.manifest, cache: this.cache, calls: this.calls, prefetcher: this.prefetcher,
      loadMapping: opts.loadMapping, logLevel: opts.logLevel ?? 'warning', log, stats: this.stats,
    });
    this.writer = new BatchWriter(opts.store, this.cache, this.position, this.dataSources, this.status, {
      flushBlocks: o.flushBlocks, flushChanges: o.flushChanges, flushMs: o.flushMs, reorgWindow: o.reorgWindow, floor: this.floor,
    }, log);
    this.reorgs = new ReorgHandler({
      chain: opts.chain, store: opts.store, position: this.position, dataSources: this.dataSources, writer: this.writer,
      cache: this.cache, status: this.status, stats: this.stats, maxReorgDepth: o.maxReorgDepth, floor: this.floor, log,
    });
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
    for (const r of (await store.loadDataSources()) as DataSourceRecord[]) this.dataSources.restore(r);
    const cursor = await store.getCursor();
    this.position.moveBack(cursor, cursor ? cursor.number : this.floor);
    const n = await this.cache.load();
    const h = await store.health();
    this.status.health = h.health;
    this.status.latestBlock = cursor;
    if (h.health === 'failed') this.status.fatalError = h.fatalError as IndexerStatus['fatalError'];
    const dynamic = this.dataSources.list.length - manifest.dataSources.length;
    if (cursor || n) this.log(`resuming after block ${cursor?.number ?? '-'} (${n} mutable entities loaded, ${dynamic} dynamic data sources)`);
  }

  /** Indexes until stop(), a fatal error, or stopAtBlock / exitWhenSynced. */
  async run(): Promise<void> {
    await this.init();
    this.startedAt = Date.now();
    if (this.status.health === 'failed') {
      this.log(`deployment failed earlier; not indexing (serving data). ${this.status.fatalError?.message ?? ''}`);
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
    let to = nearHead ? Math.min(this.head, from + 99) : Math.min(this.head - this.o.reorgWindow, from + chain.range.size - 1);
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
    const rates = `${(s.blocks / secs).toFixed(1)} blocks/s, ${(s.events / secs).toFixed(1)} events/s end to end`;
    const handlers = `handlers alone ${(s.events / (s.mappingMs / 1000)).toFixed(1)} events/s (${(s.mappingMs / 1000).toFixed(1)} s in handlers)`;
    return `synced to block ${this.position.processed} (head ${this.head}): ${s.blocks} blocks, ${s.events} events in ${secs.toFixed(1)} s — ${rates}; ${handlers}`;
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
      for (let created = this.runner.takeCreated(); created.length; created = this.runner.takeCreated()) {
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
      this.writer.addBlock({ number: n, hash: hash!, parentHash: b.parentHash.toLowerCase(), timestamp: BigInt(b.timestamp) });
      await this.writer.maybeFlush(false);
    } else this.writer.addBlock(null);
    this.o.progress?.update(n, this.head, 0, 1);
  }

  /** A deterministic handler failure: everything before the failing block is kept, its writes dropped. */
  private async fail(e: HandlerFailure): Promise<void> {
    this.cache.abortBlock();
    await this.writer.flush();
    await this.writer.settle();
    const hash = this.current?.number === e.block ? this.current.hash : this.position.recent.get(e.block) ?? null;
    const block = hash ? { number: e.block, hash } : null;
    await this.o.store.setFailed({ block: block ?? e.block, handler: e.handler, message: e.message, deterministic: true });
    this.status.health = 'failed';
    this.status.fatalError = { block, handler: e.handler, message: e.message, deterministic: true };
    this.log(`subgraph failed at block ${e.block}: ${e.message} (indexing stopped; data up to block ${this.position.cursor?.number ?? '-'} is served)`);
  }
}
