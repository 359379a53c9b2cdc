// The Indexer's options as callers give them, their defaults, and the manifest features the
// indexer refuses up front (call handlers and call-filtered block handlers need traces).
import type { LogLevel } from '../internal/types.ts';
import type { Manifest } from '../manifest/types.ts';
import type { SchemaModel } from '../schema/index.ts';
import type { ChainSource } from '../chain/source.ts';
import type { Progress } from './progress.ts';
import type { IndexerStatus, IngestStore, MappingLoader } from './types.ts';

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
  /** a new store's first commit comes after this long (default 1 s): its first data shows
   * without waiting for a full batch */
  firstFlushMs?: number;
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

type Defaulted =
  | 'pollMs'
  | 'reorgWindow'
  | 'maxReorgDepth'
  | 'flushBlocks'
  | 'flushChanges'
  | 'flushMs'
  | 'firstFlushMs';

export type ResolvedOptions = Required<Pick<IndexerOptions, Defaulted>> & IndexerOptions;

/** Defaults filled in; an option passed as undefined keeps its default (startIndexerNode passes
 * every flush option). */
export function resolveOptions(opts: IndexerOptions): ResolvedOptions {
  const given = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined));
  return {
    pollMs: 1000,
    reorgWindow: 100,
    maxReorgDepth: 1000,
    flushBlocks: 2000,
    flushChanges: 20_000,
    flushMs: 10_000,
    firstFlushMs: 1000,
    ...(given as IndexerOptions),
  };
}

/** Throws, naming the manifest and the data source, for what needs traces (trace_filter). */
export function checkSupported(manifest: Manifest): void {
  for (const m of [...manifest.dataSources, ...manifest.templates]) {
    const where = `${manifest.file}: data source ${m.name}`;
    if (m.mapping.callHandlers.length) {
      const why = 'call handlers need trace_filter, which this indexer does not support';
      throw new Error(`${where} has callHandlers; ${why}`);
    }
    if (m.mapping.blockHandlers.some((h) => h.filter?.kind === 'call')) {
      throw new Error(
        `${where} has a block handler with filter kind call (needs traces), not supported`,
      );
    }
  }
}
