// Interfaces the ingestion loop needs from its neighbours (store, WASM runtime, server status).
import type { DataSourceTemplate } from '../manifest/types.ts';
import type {
  BlockPtr,
  EntityData,
  EthBlock,
  EthEvent,
  TriggerContext,
} from '../internal/types.ts';

export type { BlockPtr };
import type { EntitySource, PendingChange } from './entity-cache.ts';

/** One loaded mapping (WASM module) able to run its handlers. */
export interface MappingModule {
  runEvent(handler: string, event: EthEvent, ctx: TriggerContext): Promise<unknown>;
  runBlock(handler: string, block: EthBlock, ctx: TriggerContext): Promise<unknown>;
}

/** Loads the mapping of a data source or template (called once per mapping file). */
export type MappingLoader = (spec: DataSourceTemplate) => Promise<MappingModule>;

/** The subset of the store (indexer/src/store) that ingestion uses. */
export interface IngestStore extends EntitySource {
  getCursor(): Promise<BlockPtr | null>;
  getBlockHash(n: number): Promise<string | null>;
  commitBatch(b: {
    changes: PendingChange[];
    blocks: {
      number: number;
      hash: string;
      parentHash?: string | null;
      timestamp?: bigint | null;
    }[];
    cursor: BlockPtr;
    dataSources?: unknown[];
  }): Promise<void>;
  revertTo(block: number, hash?: string): Promise<void>;
  setFailed(e: {
    block: number | BlockPtr;
    handler?: string | null;
    message: string;
    deterministic: boolean;
  }): Promise<void>;
  health(): Promise<{ health: 'healthy' | 'unhealthy' | 'failed'; fatalError: unknown }>;
  loadDataSources(): Promise<unknown[]>;
}

/** A template instantiation as persisted with the batch (restored on restart, dropped by revertTo). */
export interface DataSourceRecord {
  name: string;
  template: string;
  address: string | null;
  context: EntityData | null;
  /** creation block (revertTo drops records above the target block) */
  block: number;
  seq: number;
}

/** Live status shared with the GraphQL/status server (mutated in place). */
export interface IndexerStatus {
  chainHeadBlock: number | null;
  latestBlock: BlockPtr | null;
  synced: boolean;
  health: 'healthy' | 'unhealthy' | 'failed';
  fatalError: {
    block: BlockPtr | null;
    handler: string | null;
    message: string;
    deterministic: boolean;
  } | null;
  /** last non-fatal problem (RPC retries), for the status page */
  lastError?: string | null;
}

export const newStatus = (): IndexerStatus => ({
  chainHeadBlock: null,
  latestBlock: null,
  synced: false,
  health: 'healthy',
  fatalError: null,
  lastError: null,
});
