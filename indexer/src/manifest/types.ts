// Typed view of a built subgraph (build/subgraph.yaml + the files it references).
import type { Abi, AbiEvent } from 'viem';
import type { Hex } from '../internal/types.ts';

export interface ManifestAbi {
  name: string;
  /** absolute path of the ABI JSON file */
  file: string;
  abi: Abi;
}

export interface EventHandler {
  /** signature as written in the manifest, e.g. `Transfer(indexed address,indexed address,uint256)` */
  event: string;
  handler: string;
  /** keccak256 of the canonical signature (without `indexed`) */
  topic0: Hex;
  /** the ABI event the signature resolved to (used to decode logs) */
  abiEvent: AbiEvent;
  receipt: boolean;
  /** optional topic filters (specVersion >= 1.2.0): each entry is an OR-list of 32-byte topics */
  topic1?: Hex[];
  topic2?: Hex[];
  topic3?: Hex[];
  /** declared eth_calls (specVersion >= 1.2.0), kept verbatim; prefetching is optional */
  calls?: Record<string, string>;
}

export interface CallHandler {
  function: string;
  handler: string;
  /** 4-byte selector of the function */
  selector: Hex;
}

export type BlockHandlerFilter =
  { kind: 'call' } | { kind: 'polling'; every: number } | { kind: 'once' };

export interface BlockHandler {
  handler: string;
  filter: BlockHandlerFilter | null;
}

export interface Mapping {
  kind: string;
  apiVersion: string;
  language: string;
  entities: string[];
  abis: ManifestAbi[];
  eventHandlers: EventHandler[];
  callHandlers: CallHandler[];
  blockHandlers: BlockHandler[];
  /** absolute path of the WASM module */
  file: string;
}

export interface DataSourceTemplate {
  kind: string;
  name: string;
  network: string;
  /** ABI name used for the source contract */
  abi: string;
  mapping: Mapping;
  /** context declared in the manifest (rare; templates get theirs at creation) */
  context?: Record<string, { type: string; data: unknown }>;
}

export interface DataSource extends DataSourceTemplate {
  address: Hex | null;
  startBlock: number;
  endBlock: number | null;
}

export interface Manifest {
  /** absolute path of the directory holding subgraph.yaml */
  dir: string;
  /** absolute path of subgraph.yaml */
  file: string;
  specVersion: string;
  /** absolute path of schema.graphql */
  schemaFile: string;
  schemaSource: string;
  description?: string;
  features: string[];
  dataSources: DataSource[];
  templates: DataSourceTemplate[];
  /** every data source's network (they must all agree) */
  network: string;
  /** graft base, if any (not supported by this indexer; kept so callers can refuse clearly) */
  graft?: { base: string; block: number };
}

/** Error for malformed subgraph input; the message always names the file and the problem. */
export class ManifestError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'ManifestError';
  }
}
