// What travels through one GraphQL request: the request context every resolver receives, and
// the entity object passed from a parent resolver to its field resolvers. An entity object
// carries the block it was read at, so nested fields read the same block as their root field.
import type { Store } from '../store/index.ts';
import type { Batcher } from './batcher.ts';

/** What one request shares: the store, the batcher, the latest block read once. */
export interface RequestContext {
  store: Store;
  /** deployment id, shown in `_meta.deployment` and in "not yet available" errors */
  deployment: string;
  batch: Batcher;
  /** first block with data: graph-node's `earliest_block_number`, the start block's parent */
  earliestBlock: number;
  /** the store's cursor, read on first use and shared by every root field of the request */
  latest?: Promise<{ number: number; hash: string } | null>;
}

/** An entity as it travels between resolvers. */
export interface EntityObj {
  /** concrete entity type (interface rows carry theirs in the `__typename` column) */
  __typename: string;
  /** block the row was read at */
  b: number;
  /** the row as the driver returned it, keyed by column name (maybe only some columns) */
  r: Record<string, unknown>;
  /** true when `r` holds every column, false when only the requested ones were read */
  full: boolean;
}
