// The vocabulary every indexer stage shares: store values, chain data, the host-store contract.
// The ground floor of the indexer: it imports nothing from the project, and every stage
// (chain, ingest, runtime, host, store, graphql, matchstick) may import it.

/** A store value, tagged as graph-node's `Value` enum is (store.set/get carry these). */
export type StoreValue =
  | { kind: 'String'; value: string }
  | { kind: 'Int'; value: number }
  | { kind: 'Int8'; value: bigint }
  | { kind: 'Timestamp'; value: bigint } // microseconds since epoch, as graph-node
  | { kind: 'BigDecimal'; value: string } // graph-node's canonical string form
  | { kind: 'Bool'; value: boolean }
  | { kind: 'Array'; value: StoreValue[] }
  | { kind: 'Null' }
  | { kind: 'Bytes'; value: Uint8Array }
  | { kind: 'BigInt'; value: bigint };

/** An entity as the mapping sees it: field name → value (insertion order kept). */
export type EntityData = Map<string, StoreValue>;

/** Synchronous view of the entity store for one trigger; writes are buffered by the caller. */
export interface HostStore {
  get(entityType: string, id: string): EntityData | null;
  getInBlock(entityType: string, id: string): EntityData | null;
  set(entityType: string, id: string, data: EntityData): void;
  remove(entityType: string, id: string): void;
  loadRelated(entityType: string, id: string, field: string): EntityData[];
}

export type Hex = `0x${string}`;

/** ethereum.Value as graph-ts models it; `type` is the Solidity ABI type string. */
export type EthValue =
  | { kind: 'address'; value: Hex }
  | { kind: 'fixedBytes'; value: Hex }
  | { kind: 'bytes'; value: Hex }
  | { kind: 'int'; value: bigint }
  | { kind: 'uint'; value: bigint }
  | { kind: 'bool'; value: boolean }
  | { kind: 'string'; value: string }
  | { kind: 'fixedArray'; value: EthValue[] }
  | { kind: 'array'; value: EthValue[] }
  | { kind: 'tuple'; value: EthValue[] };

export interface EthBlock {
  hash: Hex;
  parentHash: Hex;
  unclesHash: Hex;
  author: Hex;
  stateRoot: Hex;
  transactionsRoot: Hex;
  receiptsRoot: Hex;
  number: bigint;
  gasUsed: bigint;
  gasLimit: bigint;
  timestamp: bigint;
  difficulty: bigint;
  totalDifficulty: bigint;
  size: bigint | null;
  baseFeePerGas: bigint | null;
}

export interface EthTransaction {
  hash: Hex;
  index: bigint;
  from: Hex;
  to: Hex | null;
  value: bigint;
  gasLimit: bigint;
  gasPrice: bigint;
  input: Hex;
  nonce: bigint;
}

export interface EthLog {
  address: Hex;
  topics: Hex[];
  data: Hex;
  blockHash: Hex;
  blockNumber: bigint;
  transactionHash: Hex;
  transactionIndex: bigint;
  logIndex: bigint;
  transactionLogIndex: bigint;
  logType: string | null;
  removed: boolean | null;
}

export interface EthReceipt {
  transactionHash: Hex;
  transactionIndex: bigint;
  blockHash: Hex;
  blockNumber: bigint;
  cumulativeGasUsed: bigint;
  gasUsed: bigint;
  contractAddress: Hex | null;
  logs: EthLog[];
  status: bigint;
  root: Hex | null;
  logsBloom: Hex;
}

export interface EthEvent {
  address: Hex;
  logIndex: bigint;
  transactionLogIndex: bigint;
  logType: string | null;
  block: EthBlock;
  transaction: EthTransaction;
  parameters: { name: string; value: EthValue }[];
  receipt: EthReceipt | null;
}

/** A call-handler trigger (graph-ts ethereum.Call): the traced call's decoded inputs/outputs. */
export interface EthCall {
  to: Hex;
  from: Hex;
  block: EthBlock;
  transaction: EthTransaction;
  inputs: { name: string; value: EthValue }[];
  outputs: { name: string; value: EthValue }[];
}

/** What the host asks the chain for; answer synchronously from cache or throw NeedsAsync. */
export interface ChainAccess {
  /** eth_call at the trigger's block; null when the call reverts. */
  call(req: { address: Hex; data: Hex; block: EthBlock }): Hex | null;
  getBalance(address: Hex, block: EthBlock): bigint;
  hasCode(address: Hex, block: EthBlock): boolean;
}

/** A data source as the manifest (or a template instantiation) defines it. */
export interface DataSourceInfo {
  name: string;
  network: string;
  address: Hex | null;
  context: EntityData | null;
  /** template name when created from a template */
  template?: string;
}

/** Everything one trigger execution needs besides the WASM module. */
export interface TriggerContext {
  store: HostStore;
  chain: ChainAccess;
  dataSource: DataSourceInfo;
  /** dataSource.create / createWithContext from a handler */
  createDataSource(template: string, params: string[], context: EntityData | null): void;
  log(level: LogLevel, message: string): void;
  /** ipfs.cat; null when not available (no IPFS here) */
  ipfsCat?(hash: string): Uint8Array | null;
}

/** A block as the store and ingestion point at it. */
export interface BlockPtr {
  number: number;
  hash: string;
}

/** graph-ts log levels, most severe first (graph-node's slog levels). */
export const LOG_LEVELS = ['critical', 'error', 'warning', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
