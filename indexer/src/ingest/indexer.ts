// The indexing loop: chain → triggers (graph-node's order) → mappings → batched store commits.
//
// Per range [from, to]: one eth_getLogs pass (adaptive size) for the active data sources, then
// the blocks that have triggers (full transactions where logs are), the range's last block
// (cursor hash) and, within `reorgWindow` of the head, every header (parent-hash chain for reorg
// detection). Blocks are processed in order; templates created in block N get block N re-scanned
// for them after the block's other triggers (graph-node's runner loop), and the rest of the
// range is patched with their logs. Changes are buffered and committed with the cursor in one
// transaction every flushBlocks / flushChanges / flushMs, and at the head.
import { LOG_LEVELS, type LogLevel, type EntityData, type EthBlock, type EthEvent, type EthReceipt, type EthTransaction, type Hex, type TriggerContext, type ChainAccess } from '../internal/types.ts';
import { DeterministicError, NeedsAsync } from '../internal/errors.ts';
import type { Manifest, DataSourceTemplate } from '../manifest/types.ts';
import type { SchemaModel } from '../schema/index.ts';
import { BlockBeyondHead, ChainSource } from '../chain/source.ts';
import { CallCache } from '../chain/call-cache.ts';
import { RpcResponseError, TransientRpcError } from '../chain/rpc.ts';
import { toEthBlock, toEthReceipt, toEthTransaction, type RawBlock, type RawLog } from '../chain/convert.ts';
import { EntityCache } from './entity-cache.ts';
import { coalescingCalls } from './call-batcher.ts';
import { decodeEventParams } from './decode.ts';
import { blockTriggers, hasBlockTrigger, logQueries, needsEveryBlock, type DataSourceInstance, type Trigger } from './triggers.ts';
import { Progress } from './progress.ts';
import { newStatus, type BlockPtr, type DataSourceRecord, type IndexerStatus, type IngestStore, type MappingLoader, type MappingModule } from './types.ts';

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

interface RangeData {
  from: number;
  to: number;
  logs: Map<number, RawLog[]>;
  blocks: Map<number, { raw: RawBlock; full: boolean }>;
}

/** A handler failed deterministically: the deployment fails at this block. */
class HandlerFailure extends Error {
  constructor(readonly handler: string, readonly block: number, message: string) {
    super(message);
  }
}
/** The chain changed under a range fetch (hash mismatch): retry from the cursor. */
class ChainMoved extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const lc = (s: string) => s.toLowerCase() as Hex;

export class Indexer {
  readonly status: IndexerStatus;
  readonly cache: EntityCache;
  readonly calls: CallCache;
  private readonly o: Required<Pick<IndexerOptions, 'pollMs' | 'reorgWindow' | 'maxReorgDepth' | 'flushBlocks' | 'flushChanges' | 'flushMs'>> & IndexerOptions;
  private dss: DataSourceInstance[] = [];
  private seq = 0;
  private readonly modules = new Map<string, Promise<MappingModule>>();
  /** last processed block number (its hash may be unknown if it had no triggers) */
  private processed = -1;
  /** last processed block whose hash is known: the commit cursor */
  private cursor: BlockPtr | null = null;
  /** recent block hashes (reorg detection), by number */
  private readonly recent = new Map<number, string>();
  private pendingBlocks: { number: number; hash: string; parentHash: string; timestamp: bigint }[] = [];
  private pendingDs: DataSourceRecord[] = [];
  private lastFlush = Date.now();
  private blocksSinceFlush = 0;
  /** the batch being committed (at most one; the next block's handlers run meanwhile) */
  private committing: Promise<void> | null = null;
  /** cursor of the last batch handed to the store (status.latestBlock: the last committed) */
  private flushedCursor: BlockPtr | null = null;
  /** a commit failed: memory is ahead of the store and must be rewound to it before going on */
  private rewindNeeded = false;
  /** data sources created by the running trigger / by the block's committed triggers */
  private triggerCreated: { template: string; params: string[]; context: EntityData | null }[] = [];
  private blockCreated: { template: string; params: string[]; context: EntityData | null }[] = [];
  private stopping = false;
  private startedAt = Date.now();
  private announcedSync = false;
  /** per (data source, handler): the eth_calls its last run made (prefetch prediction) */
  private readonly predicted = new Map<string, { address: Hex; data: Hex }[]>();
  /** predicted eth_calls of the range's next blocks, fetched while earlier blocks run */
  private readonly callsAhead = new Map<number, Promise<void>>();
  /** the range's blocks with logs, sorted (recomputed when the range is patched) */
  private logBlocks: { rd: RangeData; size: number; list: number[] } | null = null;
  /** the block whose triggers are running (for failure reports) */
  private current: BlockPtr | null = null;
  private head = 0;
  private readonly logLevel: number;
  /** mappingMs: time inside handlers (WASM + host calls on the in-memory cache): the mapping-only share */
  readonly stats = { events: 0, blockTriggers: 0, blocks: 0, reorgs: 0, rangeRetries: 0, mappingMs: 0 };

  constructor(opts: IndexerOptions) {
    // (an option passed as undefined keeps its default: startIndexerNode passes every flush option)
    const given = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) as IndexerOptions;
    this.o = { pollMs: 1000, reorgWindow: 100, maxReorgDepth: 1000, flushBlocks: 2000, flushChanges: 20_000, flushMs: 10_000, ...given };
    this.status = opts.status ?? newStatus();
    this.cache = new EntityCache(opts.schema, opts.store);
    this.calls = new CallCache(coalescingCalls(opts.chain));
    this.logLevel = LOG_LEVELS.indexOf(opts.logLevel ?? 'warning');
    const discard = (work: () => Promise<void>) => async () => {
      await work();
      // The re-run starts from scratch: nothing of the aborted attempt may survive.
      this.cache.discardTrigger();
      this.triggerCreated = [];
    };
    this.cache.wrapWork = discard;
    this.chainAccess = this.calls.access(discard);
    for (const m of [...opts.manifest.dataSources, ...opts.manifest.templates]) {
      if (m.mapping.callHandlers.length) throw new Error(`${opts.manifest.file}: data source ${m.name} has callHandlers; call handlers need trace_filter, which this indexer does not support`);
      if (m.mapping.blockHandlers.some((h) => h.filter?.kind === 'call')) throw new Error(`${opts.manifest.file}: data source ${m.name} has a block handler with filter kind call (needs traces), not supported`);
    }
  }
  private readonly chainAccess: ChainAccess;

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
    this.dss = manifest.dataSources.map((d) => ({
      name: d.name, address: d.address, startBlock: d.startBlock, endBlock: d.endBlock, context: null, spec: d, seq: this.seq++,
    }));
    for (const r of (await store.loadDataSources()) as DataSourceRecord[]) this.addDynamic(r);
    const cursor = await store.getCursor();
    this.cursor = cursor;
    this.processed = cursor ? cursor.number : Math.min(...this.dss.map((d) => d.startBlock)) - 1;
    if (cursor) this.recent.set(cursor.number, cursor.hash);
    const n = await this.cache.load();
    const h = await store.health();
    this.status.health = h.health;
    this.status.latestBlock = cursor;
    if (h.health === 'failed') {
      const fe = h.fatalError as IndexerStatus['fatalError'];
      this.status.fatalError = fe;
    }
    if (cursor || n) this.log(`resuming after block ${cursor?.number ?? '-'} (${n} mutable entities loaded, ${this.dss.length - manifest.dataSources.length} dynamic data sources)`);
  }

  private addDynamic(r: DataSourceRecord): DataSourceInstance {
    const spec = this.o.manifest.templates.find((t) => t.name === r.template);
    if (!spec) throw new Error(`stored data source refers to template ${r.template}, which the manifest does not have`);
    const ds: DataSourceInstance = {
      name: r.name, template: r.template, address: r.address ? lc(r.address) : null, startBlock: r.block, endBlock: null,
      context: r.context ?? null, spec, seq: this.seq++,
    };
    this.dss.push(ds);
    return ds;
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
        if (this.stopping) { this.cache.abortBlock(); break; }
        this.cache.abortBlock();
        this.blockCreated = [];
        this.triggerCreated = [];
        this.dss = this.dss.filter((d) => !d.template || d.startBlock <= this.processed);
        this.pendingDs = this.pendingDs.filter((d) => d.block <= this.processed);
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
    if ((this.status.health as string) !== 'failed') await this.flush();
    await this.settle();
    this.o.progress?.done();
  }

  /** One range (or one head poll). Returns true when done (stopAtBlock / exitWhenSynced). */
  private async step(): Promise<boolean> {
    const { chain } = this.o;
    if (this.rewindNeeded) await this.rewind();
    this.head = await chain.headNumber();
    this.status.chainHeadBlock = this.head;
    const from = this.processed + 1;
    const stopAt = this.o.stopAtBlock;
    if (stopAt !== undefined && this.processed >= stopAt) { await this.flush(); await this.settle(); return true; }
    if (from > this.head) {
      // At (or past) the head: our last block must still be canonical, or the chain reorged
      // (possibly to a shorter fork) without new blocks on top.
      const probe = Math.min(this.processed, this.head);
      const mine = this.recent.get(probe);
      if (mine) {
        const [b] = await chain.getBlocks([probe], false);
        if (lc(b.hash) !== mine) { await this.handleReorg(); return false; }
      }
      await this.flush();
      if (!this.announcedSync) {
        this.announcedSync = true;
        const secs = (Date.now() - this.startedAt) / 1000;
        const s = this.stats;
        this.o.progress?.done();
        this.log(`synced to block ${this.processed} (head ${this.head}): ${s.blocks} blocks, ${s.events} events in ${secs.toFixed(1)} s — ${(s.blocks / secs).toFixed(1)} blocks/s, ${(s.events / secs).toFixed(1)} events/s end to end; handlers alone ${(s.events / (s.mappingMs / 1000)).toFixed(1)} events/s (${(s.mappingMs / 1000).toFixed(1)} s in handlers)`);
      }
      this.status.synced = true;
      if (this.o.exitWhenSynced) { await this.settle(); return true; }
      await sleep(this.o.pollMs);
      return false;
    }
    const nearHead = from > this.head - this.o.reorgWindow;
    let to = nearHead ? Math.min(this.head, from + 99) : Math.min(this.head - this.o.reorgWindow, from + chain.range.size - 1);
    if (stopAt !== undefined) to = Math.min(to, Math.max(from, stopAt));
    this.callsAhead.clear();
    const rd = await this.fetchRange(from, to, nearHead);
    // Reorg: the first block must extend what we processed.
    const first = rd.blocks.get(from)!.raw;
    const prevHash = this.recent.get(from - 1);
    if (prevHash && lc(first.parentHash) !== prevHash) {
      await this.handleReorg();
      return false;
    }
    for (let n = from; n <= to && !this.stopping; n++) {
      await this.processBlock(n, rd);
    }
    if (to >= this.head) this.status.synced = true;
    else if (this.head - to > 1) this.status.synced = false;
    await this.maybeFlush(to >= this.head);
    return false;
  }

  private async fetchRange(from: number, to: number, allHeaders: boolean): Promise<RangeData> {
    const { chain } = this.o;
    const queries = logQueries(this.dss.filter((d) => d.endBlock === null || d.endBlock >= from));
    const raw = await chain.getLogs(from, to, queries);
    const logs = new Map<number, RawLog[]>();
    for (const l of raw) {
      const n = Number(BigInt(l.blockNumber));
      let a = logs.get(n);
      if (!a) logs.set(n, (a = []));
      a.push(l);
    }
    const rd: RangeData = { from, to, logs, blocks: new Map() };
    const headerOnly = new Set<number>([from, to]);
    if (allHeaders || needsEveryBlock(this.dss)) for (let n = from; n <= to; n++) headerOnly.add(n);
    else for (let n = from; n <= to; n++) if (this.dss.some((d) => hasBlockTrigger(d, n))) headerOnly.add(n);
    for (const n of logs.keys()) headerOnly.delete(n);
    await this.fetchBlocks(rd, [...logs.keys()], true);
    await this.fetchBlocks(rd, [...headerOnly].sort((a, b) => a - b), false);
    // An RPC may answer [] (or too little) for blocks that have logs: cross-check the answer
    // against the logsBloom of the headers (those fetched above; more only when the answer is
    // suspect) and patch in what re-asking per block finds (chain/source.ts crossCheckLogs).
    const missed = await chain.crossCheckLogs({ from, to, queries, withLogs: new Set(logs.keys()), header: (n) => rd.blocks.get(n)?.raw });
    if (missed.size) {
      for (const [n, ls] of missed) logs.set(n, ls);
      const list = [...missed].map(([n, ls]) => `${n} (${ls.length})`).join(', ');
      this.log(`eth_getLogs ${from}..${to} answered no logs for block(s) ${list} although their logsBloom matches; re-asking by blockHash found them: the RPC's range answer was incomplete`);
      await this.fetchBlocks(rd, [...missed.keys()], true);
    }
    // Consistency: logs belong to the fetched blocks, consecutive headers link up.
    for (const [n, ls] of logs) {
      const h = lc(rd.blocks.get(n)!.raw.hash);
      if (ls.some((l) => lc(l.blockHash) !== h)) throw new ChainMoved(`block ${n} changed during fetch`);
    }
    for (const [n, b] of rd.blocks) {
      const prev = rd.blocks.get(n - 1);
      if (prev && lc(b.raw.parentHash) !== lc(prev.raw.hash)) throw new ChainMoved(`blocks ${n - 1}/${n} do not link`);
    }
    return rd;
  }

  private async fetchBlocks(rd: RangeData, numbers: number[], full: boolean): Promise<void> {
    const need = numbers.filter((n) => { const b = rd.blocks.get(n); return !b || (full && !b.full); });
    if (!need.length) return;
    const got = await this.o.chain.getBlocks(need, full);
    need.forEach((n, i) => rd.blocks.set(n, { raw: got[i], full }));
  }

  private async processBlock(n: number, rd: RangeData): Promise<void> {
    const logs = rd.logs.get(n) ?? [];
    const triggers = blockTriggers(n, logs, this.dss);
    let blk = rd.blocks.get(n);
    if (triggers.length) {
      if (!blk || (logs.length && !blk.full)) {
        await this.fetchBlocks(rd, [n], logs.length > 0);
        blk = rd.blocks.get(n)!;
        if (logs.some((l) => lc(l.blockHash) !== lc(blk!.raw.hash))) throw new ChainMoved(`block ${n} changed during fetch`);
      }
      const ctx = new BlockCtx(blk.raw, this.o.chain);
      this.current = { number: n, hash: lc(blk.raw.hash) };
      this.cache.beginBlock(n);
      const ahead = this.callsAhead.get(n);
      this.callsAhead.delete(n);
      this.prefetchAhead(n, rd);
      if (ahead) await ahead;
      await this.prefetchCalls(triggers, ctx.block);
      let events = 0;
      for (const t of triggers) events += await this.runTrigger(t, ctx);
      // Templates created in this block: re-scan this block for them, then patch the range.
      while (this.blockCreated.length) {
        const created = this.blockCreated.splice(0);
        const fresh = created.map((c) => this.instantiate(c, n));
        const q = logQueries(fresh);
        const again = q.length ? await this.o.chain.getLogs(n, n, q) : [];
        if (again.length && !blk.full) {
          await this.fetchBlocks(rd, [n], true);
          blk = rd.blocks.get(n)!;
          ctx.raw = blk.raw;
        }
        if (again.some((l) => lc(l.blockHash) !== lc(blk!.raw.hash))) throw new ChainMoved(`block ${n} changed during re-scan`);
        for (const t of blockTriggers(n, again, fresh)) events += await this.runTrigger(t, ctx);
        if (q.length && n < rd.to) {
          const patched = new Set<number>();
          for (const l of await this.o.chain.getLogs(n + 1, rd.to, q)) {
            const ln = Number(BigInt(l.blockNumber));
            const a = rd.logs.get(ln) ?? [];
            if (!a.some((x) => x.logIndex === l.logIndex)) a.push(l);
            rd.logs.set(ln, a);
            patched.add(ln);
          }
          await this.fetchPatched(rd, patched);
        }
      }
      this.cache.endBlock();
      this.stats.events += events;
      this.o.progress?.update(n, this.head, events, 0);
    }
    this.processed = n;
    this.stats.blocks++;
    this.blocksSinceFlush++;
    if (blk) {
      const b = blk.raw;
      const hash = lc(b.hash);
      this.cursor = { number: n, hash };
      this.recent.set(n, hash);
      this.pendingBlocks.push({ number: n, hash, parentHash: lc(b.parentHash), timestamp: BigInt(b.timestamp) });
      await this.maybeFlush(false);
    }
    this.o.progress?.update(n, this.head, 0, 1);
  }

  /**
   * Blocks of the range that got logs from data sources created in it: fetched with their
   * transactions in batched round trips now, not one at a time when the loop reaches them.
   * A header fetched earlier must keep its hash, and the logs must belong to the block.
   */
  private async fetchPatched(rd: RangeData, patched: Set<number>): Promise<void> {
    const need = [...patched].filter((ln) => !rd.blocks.get(ln)?.full).sort((a, b) => a - b);
    if (!need.length) return;
    const before = new Map(need.map((ln) => [ln, rd.blocks.get(ln)?.raw.hash]));
    await this.fetchBlocks(rd, need, true);
    for (const ln of need) {
      const h = lc(rd.blocks.get(ln)!.raw.hash);
      const prev = before.get(ln);
      if ((prev && lc(prev) !== h) || rd.logs.get(ln)!.some((l) => lc(l.blockHash) !== h)) throw new ChainMoved(`block ${ln} changed during fetch`);
    }
  }

  /**
   * Keeps the predicted eth_calls of the next blocks with logs in flight, so their round trips
   * overlap the handlers of this block instead of following them: when fewer than CALLS_AHEAD
   * blocks ahead are requested, the next CALLS_AHEAD_BATCH are requested together (one JSON-RPC
   * batch, see call-batcher.ts). Predictions are those known now; processBlock still fetches
   * (prefetchCalls) what a block needs beyond them.
   */
  private prefetchAhead(n: number, rd: RangeData): void {
    let lb = this.logBlocks;
    if (!lb || lb.rd !== rd || lb.size !== rd.logs.size) lb = this.logBlocks = { rd, size: rd.logs.size, list: [...rd.logs.keys()].sort((a, b) => a - b) };
    const list = lb.list;
    let lo = 0, hi = list.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (list[mid]! <= n) lo = mid + 1; else hi = mid; }
    let inFlight = 0;
    for (let i = lo; i < Math.min(list.length, lo + CALLS_AHEAD); i++) if (this.callsAhead.has(list[i]!)) inFlight++;
    if (inFlight >= CALLS_AHEAD / 2) return;
    for (let i = lo; i < Math.min(list.length, lo + CALLS_AHEAD_BATCH); i++) {
      const m = list[i]!;
      const blk = rd.blocks.get(m);
      if (this.callsAhead.has(m) || !blk?.full) continue;
      const reqs: { address: Hex; data: Hex }[] = [];
      for (const t of blockTriggers(m, rd.logs.get(m)!, this.dss)) {
        const p = this.predicted.get(predictKey(t));
        if (p) reqs.push(...p);
      }
      if (!reqs.length) continue;
      const p = this.calls.prefetch({ number: BigInt(blk.raw.number), hash: lc(blk.raw.hash) }, reqs);
      p.catch(() => {}); // awaited (and its error thrown) when block m is processed
      this.callsAhead.set(m, p);
    }
  }

  /** The eth_calls each trigger's handler made last time, fetched for this block in one batch. */
  private async prefetchCalls(triggers: Trigger[], block: EthBlock): Promise<void> {
    const reqs: { address: Hex; data: Hex }[] = [];
    for (const t of triggers) {
      const p = this.predicted.get(predictKey(t));
      if (p) reqs.push(...p);
    }
    if (reqs.length) await this.calls.prefetch(block, reqs);
  }

  private instantiate(c: { template: string; params: string[]; context: EntityData | null }, n: number): DataSourceInstance {
    const addr = c.params[0] ?? null;
    const rec: DataSourceRecord = { name: c.template, template: c.template, address: addr ? lc(addr) : null, context: c.context, block: n, seq: this.seq };
    this.pendingDs.push(rec);
    return this.addDynamic(rec);
  }

  private module(spec: DataSourceTemplate): Promise<MappingModule> {
    let m = this.modules.get(spec.mapping.file);
    if (!m) {
      m = this.o.loadMapping(spec);
      this.modules.set(spec.mapping.file, m);
      m.catch(() => this.modules.delete(spec.mapping.file));
    }
    return m;
  }

  /** Runs one trigger to completion (NeedsAsync → fetch, discard, re-run). Returns 1 for an event. */
  private async runTrigger(t: Trigger, bctx: BlockCtx): Promise<number> {
    const mod = await this.module(t.ds.spec);
    const block = bctx.block;
    let event: EthEvent | null = null;
    if (t.kind === 'log') {
      const params = decodeEventParams(t.handler.abiEvent, t.log.topics as Hex[], t.log.data as Hex);
      if (!params) {
        this.log(`block ${block.number}: skipping log ${t.logIndex} of ${t.log.address}: does not decode as ${t.handler.event}`);
        return 0;
      }
      const receipt = t.handler.receipt ? await bctx.receipt(t.log.transactionHash as Hex) : null;
      event = {
        address: lc(t.log.address), logIndex: BigInt(t.log.logIndex),
        transactionLogIndex: t.log.transactionLogIndex ? BigInt(t.log.transactionLogIndex) : BigInt(t.log.logIndex),
        logType: t.log.logType ?? null, block, transaction: bctx.tx(t.log), parameters: params, receipt,
      };
    }
    const ds = t.ds;
    const ctx: TriggerContext = {
      store: this.cache.host,
      chain: this.chainAccess,
      dataSource: { name: ds.name, network: ds.spec.network, address: ds.address, context: ds.context, template: ds.template },
      createDataSource: (template, params, context) => {
        if (!this.o.manifest.templates.some((x) => x.name === template)) throw new DeterministicError(`dataSource.create: no template named ${template}`);
        if (!params.length || !/^0x[0-9a-fA-F]{40}$/.test(params[0])) throw new DeterministicError(`dataSource.create(${template}): first parameter must be an address, got ${JSON.stringify(params[0])}`);
        this.triggerCreated.push({ template, params, context });
      },
      log: (level, message) => {
        if (LOG_LEVELS.indexOf(level) <= this.logLevel) this.log(`[${level}] ${ds.name} ${t.handler.handler} block ${block.number}: ${message}`);
      },
    };
    const recorded: { address: Hex; data: Hex }[] = [];
    for (;;) {
      try {
        recorded.length = 0;
        this.calls.recording = recorded;
        const t0 = performance.now();
        try {
          if (event) await mod.runEvent(t.handler.handler, event, ctx);
          else await mod.runBlock(t.handler.handler, block, ctx);
        } finally {
          this.calls.recording = null;
          this.stats.mappingMs += performance.now() - t0;
        }
        this.predicted.set(predictKey(t), dedupCalls(recorded));
        this.cache.commitTrigger();
        this.blockCreated.push(...this.triggerCreated);
        this.triggerCreated = [];
        if (event) return 1;
        this.stats.blockTriggers++;
        return 0;
      } catch (e) {
        this.cache.discardTrigger();
        this.triggerCreated = [];
        if (e instanceof NeedsAsync) { await e.work(); continue; }
        if (e instanceof TransientRpcError || e instanceof RpcResponseError) throw e;
        if (e instanceof DeterministicError) throw new HandlerFailure(e.handler ?? t.handler.handler, Number(block.number), `${ds.name}.${t.handler.handler}: ${e.message}`);
        // Anything else out of a handler (trap, host bug) also fails the deployment: retrying
        // would loop forever on the same input; the message says which handler and block.
        throw new HandlerFailure(t.handler.handler, Number(block.number), `${ds.name}.${t.handler.handler}: ${(e as Error)?.message ?? String(e)}`);
      }
    }
  }

  private async maybeFlush(atHead: boolean): Promise<void> {
    if (!this.cursor) return;
    const due = atHead || this.cache.pendingCount >= this.o.flushChanges || this.blocksSinceFlush >= this.o.flushBlocks ||
      (Date.now() - this.lastFlush >= this.o.flushMs && (this.cache.pendingCount > 0 || this.pendingBlocks.length > 0));
    if (due) await this.flush();
  }

  /**
   * Hands buffered changes, block pointers, new data sources and the cursor to the store as one
   * atomic batch, once the previous batch is committed. The commit runs while indexing goes on
   * (a database in another process works in parallel with the handlers); settle() waits for it.
   * status.latestBlock moves when it is committed.
   */
  async flush(): Promise<void> {
    if (!this.cursor || this.rewindNeeded) return;
    const last = this.flushedCursor ?? this.status.latestBlock;
    if (last && last.number === this.cursor.number && last.hash === this.cursor.hash && !this.cache.pendingCount && !this.pendingDs.length) return;
    await this.settle();
    const changes = this.cache.takePending();
    const blocks = this.pendingBlocks;
    const dataSources = this.pendingDs;
    this.pendingBlocks = [];
    this.pendingDs = [];
    const cursor = { ...this.cursor };
    this.flushedCursor = cursor;
    const commit = this.o.store.commitBatch({ changes, blocks, cursor, dataSources }).then(() => {
      this.status.latestBlock = cursor;
    });
    commit.catch(() => {}); // settle() reports it
    this.committing = commit;
    // Hashes older than the reorg window are only needed in the store (deep reorg walk).
    const keepFrom = cursor.number - this.o.reorgWindow * 2;
    for (const n of this.recent.keys()) if (n < keepFrom) this.recent.delete(n);
    this.lastFlush = Date.now();
    this.blocksSinceFlush = 0;
  }

  /**
   * Waits for the batch being committed. If the commit failed, the blocks after the store's
   * cursor exist only in memory (their changes went with the batch): the next step rewinds to
   * the store and indexes them again, nothing is skipped.
   */
  private async settle(): Promise<void> {
    const c = this.committing;
    if (!c) return;
    this.committing = null;
    try {
      await c;
    } catch (e) {
      this.rewindNeeded = true;
      throw e;
    }
  }

  /** After a failed commit: cursor, data sources and entities back to what the store has. */
  private async rewind(): Promise<void> {
    const cursor = await this.o.store.getCursor();
    this.cache.takePending();
    this.pendingBlocks = [];
    this.pendingDs = [];
    this.blockCreated = [];
    this.triggerCreated = [];
    this.processed = cursor ? cursor.number : Math.min(...this.o.manifest.dataSources.map((d) => d.startBlock)) - 1;
    this.cursor = cursor;
    this.flushedCursor = cursor;
    this.status.latestBlock = cursor;
    for (const n of [...this.recent.keys()]) if (n > this.processed) this.recent.delete(n);
    if (cursor) this.recent.set(cursor.number, cursor.hash);
    this.dss = this.dss.filter((d) => !d.template || d.startBlock <= this.processed);
    this.blocksSinceFlush = 0;
    await this.cache.load();
    this.rewindNeeded = false;
    this.log(`commit failed: indexing again after block ${cursor?.number ?? '-'} (the last committed)`);
  }

  private async fail(e: HandlerFailure): Promise<void> {
    // Everything before the failing block is kept; the failing block's writes are dropped.
    this.cache.abortBlock();
    await this.flush();
    await this.settle();
    const hash = this.current?.number === e.block ? this.current.hash : this.recent.get(e.block) ?? null;
    await this.o.store.setFailed({ block: hash ? { number: e.block, hash } : e.block, handler: e.handler, message: e.message, deterministic: true });
    this.status.health = 'failed';
    this.status.fatalError = { block: hash ? { number: e.block, hash } : null, handler: e.handler, message: e.message, deterministic: true };
    this.log(`subgraph failed at block ${e.block}: ${e.message} (indexing stopped; data up to block ${this.cursor?.number ?? '-'} is served)`);
  }

  /** Finds the common ancestor, reverts the store to it, reloads state and drops later data sources. */
  private async handleReorg(): Promise<void> {
    const { chain, store } = this.o;
    await this.flush();
    await this.settle();
    const top = this.processed;
    let ancestor: BlockPtr | null = null;
    // Below the first block we index nothing is ours: the block before it is always "common".
    const floor = Math.min(...this.o.manifest.dataSources.map((d) => d.startBlock)) - 1;
    for (let n = Math.min(top, this.head); n >= Math.max(floor, top - this.o.maxReorgDepth); n--) {
      const mine = n === floor ? null : this.recent.get(n) ?? (await store.getBlockHash(n));
      if (!mine && n > floor) continue;
      if (n < 0) { ancestor = { number: -1, hash: '0x' }; break; }
      const [b] = await chain.getBlocks([n], false);
      if (n === floor || lc(b.hash) === lc(mine!)) { ancestor = { number: n, hash: lc(b.hash) }; break; }
    }
    if (!ancestor) throw new Error(`reorg deeper than ${this.o.maxReorgDepth} blocks below ${top}; re-index with --reset`);
    this.stats.reorgs++;
    this.log(`reorg: reverting to block ${ancestor.number} (was at ${top})`);
    await store.revertTo(ancestor.number, ancestor.hash);
    for (const n of [...this.recent.keys()]) if (n > ancestor.number) this.recent.delete(n);
    this.dss = this.dss.filter((d) => !d.template || d.startBlock <= ancestor!.number);
    this.processed = ancestor.number;
    this.cursor = ancestor.number >= 0 ? ancestor : null;
    if (ancestor.number >= 0) this.recent.set(ancestor.number, ancestor.hash);
    this.status.latestBlock = this.cursor;
    this.flushedCursor = this.cursor;
    this.status.synced = false;
    await this.cache.load();
  }
}

/** blocks whose predicted eth_calls are fetched ahead of the one running (at least half of
 * them in flight), and how many are requested together when they run low */
const CALLS_AHEAD = 4;
const CALLS_AHEAD_BATCH = 12;
const predictKey = (t: Trigger) => `${t.ds.name}|${t.ds.address}|${t.handler.handler}`;

function dedupCalls(xs: { address: Hex; data: Hex }[]): { address: Hex; data: Hex }[] {
  const seen = new Set<string>();
  return xs.filter((x) => { const k = `${x.address}:${x.data}`; if (seen.has(k)) return false; seen.add(k); return true; });
}

/** Per-block lazily converted data: EthBlock, transactions by hash, receipts on demand. */
class BlockCtx {
  private _block: EthBlock | null = null;
  private txs: Map<string, EthTransaction> | null = null;
  private readonly receipts = new Map<string, EthReceipt>();
  constructor(public raw: RawBlock, private readonly chain: ChainSource) {}
  get block(): EthBlock {
    return (this._block ??= toEthBlock(this.raw));
  }
  tx(log: RawLog): EthTransaction {
    if (!this.txs || this.txs.size < this.raw.transactions.length) {
      this.txs = new Map();
      for (const t of this.raw.transactions) if (typeof t === 'object') this.txs.set(lc(t.hash), toEthTransaction(t));
    }
    return this.txs.get(lc(log.transactionHash)) ?? {
      hash: lc(log.transactionHash), index: BigInt(log.transactionIndex), from: ('0x' + '0'.repeat(40)) as Hex, to: null,
      value: 0n, gasLimit: 0n, gasPrice: 0n, input: '0x', nonce: 0n,
    };
  }
  async receipt(hash: Hex): Promise<EthReceipt> {
    let r = this.receipts.get(hash);
    if (!r) {
      // Fetch every receipt of the block's transactions at once: handlers with receipt: true
      // usually fire for several logs of the block.
      const hashes = this.raw.transactions.map((t) => lc(typeof t === 'string' ? t : t.hash)).filter((h) => !this.receipts.has(h));
      if (!hashes.includes(lc(hash))) hashes.push(lc(hash));
      for (const raw of await this.chain.getReceipts(hashes)) this.receipts.set(lc(raw.transactionHash), toEthReceipt(raw));
      r = this.receipts.get(lc(hash))!;
    }
    return r;
  }
}
