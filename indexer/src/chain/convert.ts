// Raw JSON-RPC objects → the runtime contract's Eth* shapes (quantities as bigint, hex lowercased).
import type { EthBlock, EthLog, EthReceipt, EthTransaction, Hex } from '../internal/types.ts';

export interface RawLog {
  address: string;
  topics: string[];
  data: string;
  blockHash: string;
  blockNumber: string;
  transactionHash: string;
  transactionIndex: string;
  logIndex: string;
  transactionLogIndex?: string;
  logType?: string;
  removed?: boolean;
}
export interface RawTx {
  hash: string;
  transactionIndex: string;
  from: string;
  to: string | null;
  value: string;
  gas: string;
  gasPrice?: string;
  maxFeePerGas?: string;
  input: string;
  nonce: string;
}
export interface RawBlock {
  hash: string;
  parentHash: string;
  sha3Uncles: string;
  miner: string;
  stateRoot: string;
  transactionsRoot: string;
  receiptsRoot: string;
  number: string;
  gasUsed: string;
  gasLimit: string;
  timestamp: string;
  difficulty?: string;
  totalDifficulty?: string;
  size?: string;
  baseFeePerGas?: string;
  /** absent on some RPCs; used to cross-check eth_getLogs answers (chain/source.ts) */
  logsBloom?: string;
  transactions: (RawTx | string)[];
}
export interface RawReceipt {
  transactionHash: string;
  transactionIndex: string;
  blockHash: string;
  blockNumber: string;
  cumulativeGasUsed: string;
  gasUsed: string;
  contractAddress: string | null;
  logs: RawLog[];
  status?: string;
  root?: string;
  logsBloom: string;
}

const q = (v: string | undefined | null): bigint => (v == null || v === '0x' ? 0n : BigInt(v));
const h = (v: string): Hex => v.toLowerCase() as Hex;
const ZERO32 = ('0x' + '0'.repeat(64)) as Hex;

export function toEthBlock(b: RawBlock): EthBlock {
  return {
    hash: h(b.hash),
    parentHash: h(b.parentHash),
    unclesHash: h(b.sha3Uncles ?? ZERO32),
    author: h(b.miner),
    stateRoot: h(b.stateRoot),
    transactionsRoot: h(b.transactionsRoot),
    receiptsRoot: h(b.receiptsRoot),
    number: q(b.number),
    gasUsed: q(b.gasUsed),
    gasLimit: q(b.gasLimit),
    timestamp: q(b.timestamp),
    difficulty: q(b.difficulty),
    totalDifficulty: q(b.totalDifficulty),
    size: b.size ? q(b.size) : null,
    baseFeePerGas: b.baseFeePerGas ? q(b.baseFeePerGas) : null,
  };
}

export function toEthTransaction(t: RawTx): EthTransaction {
  return {
    hash: h(t.hash),
    index: q(t.transactionIndex),
    from: h(t.from),
    to: t.to ? h(t.to) : null,
    value: q(t.value),
    gasLimit: q(t.gas),
    gasPrice: q(t.gasPrice ?? t.maxFeePerGas),
    input: h(t.input),
    nonce: q(t.nonce),
  };
}

export function toEthLog(l: RawLog): EthLog {
  const logIndex = q(l.logIndex);
  return {
    address: h(l.address),
    topics: l.topics.map(h),
    data: h(l.data),
    blockHash: h(l.blockHash),
    blockNumber: q(l.blockNumber),
    transactionHash: h(l.transactionHash),
    transactionIndex: q(l.transactionIndex),
    logIndex,
    transactionLogIndex: l.transactionLogIndex ? q(l.transactionLogIndex) : logIndex,
    logType: l.logType ?? null,
    removed: l.removed ?? null,
  };
}

export function toEthReceipt(r: RawReceipt): EthReceipt {
  return {
    transactionHash: h(r.transactionHash),
    transactionIndex: q(r.transactionIndex),
    blockHash: h(r.blockHash),
    blockNumber: q(r.blockNumber),
    cumulativeGasUsed: q(r.cumulativeGasUsed),
    gasUsed: q(r.gasUsed),
    contractAddress: r.contractAddress ? h(r.contractAddress) : null,
    logs: r.logs.map(toEthLog),
    status: q(r.status ?? '0x1'),
    root: r.root ? h(r.root) : null,
    logsBloom: h(r.logsBloom),
  };
}
