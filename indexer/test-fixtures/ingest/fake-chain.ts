// An in-memory chain behind a real HTTP JSON-RPC server (port 0), with fault injection and
// reorgs, for the chain and ingestion tests. It is the ground truth those tests compare with.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { keccak256, toBytes, type Hex } from 'viem';

export interface FakeLog {
  address: Hex;
  topics: Hex[];
  data: Hex;
}
export interface FakeBlock {
  number: number;
  hash: Hex;
  parentHash: Hex;
  timestamp: number;
  /** one transaction per log group; logs get consecutive log indexes */
  txs: { hash: Hex; from: Hex; to: Hex | null; logs: FakeLog[] }[];
}

export type Fault =
  | { kind: 'timeout'; ms: number }
  | { kind: 'reset' }
  | { kind: 'status'; status: number; retryAfter?: string; body?: string }
  | { kind: 'badjson' }
  | { kind: 'null-block' }
  | { kind: 'rpc-error'; code: number; message: string };

const hex = (n: number | bigint) => ('0x' + n.toString(16)) as Hex;
const ZERO = ('0x' + '0'.repeat(40)) as Hex;

export class FakeChain {
  blocks: FakeBlock[] = [];
  /** queued faults, applied to the next matching requests */
  faults: { method?: string; fault: Fault }[] = [];
  /** eth_getLogs answers "too many results" when the range is longer than this */
  maxLogRange = Infinity;
  /** eth_call answers: (to, data, block) → result | 'revert' */
  callFn: (to: Hex, data: Hex, block: number) => Hex | 'revert' = () => '0x';
  readonly calls = new Map<string, number>();
  private fork = 0;
  private server: Server | null = null;
  url = '';

  constructor(length = 1) {
    for (let i = 0; i < length; i++) this.mine([]);
  }

  /** Appends a block whose transactions emit the given logs (one tx per entry). */
  mine(txLogs: FakeLog[][]): FakeBlock {
    const number = this.blocks.length;
    const parentHash = number ? this.blocks[number - 1].hash : (('0x' + '0'.repeat(64)) as Hex);
    const hash = keccak256(toBytes(`block:${this.fork}:${number}:${parentHash}`));
    const txs = txLogs.map((logs, i) => ({
      hash: keccak256(toBytes(`tx:${hash}:${i}`)),
      from: ('0x' + '11'.repeat(20)) as Hex,
      to: logs[0]?.address ?? null,
      logs,
    }));
    const b: FakeBlock = { number, hash, parentHash, timestamp: 1_700_000_000 + number * 12, txs };
    this.blocks.push(b);
    return b;
  }

  /** Drops the last `depth` blocks; later mine() calls build a different fork. */
  reorg(depth: number): void {
    this.blocks.length -= depth;
    this.fork++;
  }

  get head(): number {
    return this.blocks.length - 1;
  }

  /** All logs of the canonical chain with their positions (ground truth for tests). */
  allLogs(): (FakeLog & { block: number; logIndex: number; txIndex: number; txHash: Hex })[] {
    const out = [];
    for (const b of this.blocks) {
      let li = 0;
      for (const [ti, tx] of b.txs.entries())
        for (const l of tx.logs)
          out.push({ ...l, block: b.number, logIndex: li++, txIndex: ti, txHash: tx.hash });
    }
    return out;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        let parsed: any;
        try {
          parsed = JSON.parse(body);
        } catch {
          res.writeHead(400).end('bad request');
          return;
        }
        const items = Array.isArray(parsed) ? parsed : [parsed];
        const method = items[0]?.method;
        const fi = this.faults.findIndex((f) => !f.method || f.method === method);
        if (fi >= 0) {
          const { fault } = this.faults.splice(fi, 1)[0];
          switch (fault.kind) {
            case 'timeout':
              setTimeout(() => {
                if (!res.writableEnded) res.destroy();
              }, fault.ms);
              return;
            case 'reset':
              req.socket.destroy();
              return;
            case 'status':
              res
                .writeHead(
                  fault.status,
                  fault.retryAfter ? { 'retry-after': fault.retryAfter } : {},
                )
                .end(fault.body ?? 'error');
              return;
            case 'badjson':
              res
                .writeHead(200, { 'content-type': 'application/json' })
                .end('{"jsonrpc":"2.0","id":');
              return;
            case 'null-block': {
              const out = items.map((it) => ({
                jsonrpc: '2.0',
                id: it.id,
                result:
                  it.method === 'eth_getBlockByNumber' ? null : this.answer(it.method, it.params),
              }));
              res
                .writeHead(200, { 'content-type': 'application/json' })
                .end(JSON.stringify(Array.isArray(parsed) ? out : out[0]));
              return;
            }
            case 'rpc-error': {
              const out = items.map((it) => ({
                jsonrpc: '2.0',
                id: it.id,
                error: { code: fault.code, message: fault.message },
              }));
              res
                .writeHead(200, { 'content-type': 'application/json' })
                .end(JSON.stringify(Array.isArray(parsed) ? out : out[0]));
              return;
            }
          }
        }
        const out = items.map((it) => {
          this.calls.set(it.method, (this.calls.get(it.method) ?? 0) + 1);
          try {
            return { jsonrpc: '2.0', id: it.id, result: this.answer(it.method, it.params ?? []) };
          } catch (e) {
            const err = e as Error & { code?: number };
            return {
              jsonrpc: '2.0',
              id: it.id,
              error: { code: err.code ?? -32000, message: err.message },
            };
          }
        });
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(Array.isArray(parsed) ? out : out[0]));
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise((r) => this.server!.close(r));
    this.server = null;
  }

  private blockJson(b: FakeBlock, full: boolean) {
    return {
      hash: b.hash,
      parentHash: b.parentHash,
      sha3Uncles: '0x' + '1d'.repeat(32),
      miner: ZERO,
      stateRoot: '0x' + '00'.repeat(32),
      transactionsRoot: '0x' + '00'.repeat(32),
      receiptsRoot: '0x' + '00'.repeat(32),
      number: hex(b.number),
      gasUsed: '0x0',
      gasLimit: hex(30_000_000),
      timestamp: hex(b.timestamp),
      difficulty: '0x0',
      totalDifficulty: '0x0',
      size: '0x100',
      baseFeePerGas: '0x7',
      transactions: b.txs.map((t, i) =>
        full
          ? {
              hash: t.hash,
              transactionIndex: hex(i),
              from: t.from,
              to: t.to,
              value: '0x0',
              gas: hex(100000),
              gasPrice: '0x7',
              input: '0x',
              nonce: hex(i),
              blockHash: b.hash,
              blockNumber: hex(b.number),
            }
          : t.hash,
      ),
    };
  }

  private logsOf(b: FakeBlock) {
    const out = [];
    let li = 0;
    for (const [ti, tx] of b.txs.entries()) {
      for (const l of tx.logs) {
        out.push({
          address: l.address.toLowerCase(),
          topics: l.topics,
          data: l.data,
          blockHash: b.hash,
          blockNumber: hex(b.number),
          transactionHash: tx.hash,
          transactionIndex: hex(ti),
          logIndex: hex(li++),
          removed: false,
        });
      }
    }
    return out;
  }

  private answer(method: string, params: any[]): unknown {
    const num = (v: string) => (v === 'latest' ? this.head : Number(v));
    switch (method) {
      case 'eth_chainId':
        return '0x7a69';
      case 'eth_blockNumber':
        return hex(this.head);
      case 'eth_getBlockByNumber': {
        const b = this.blocks[num(params[0])];
        return b ? this.blockJson(b, !!params[1]) : null;
      }
      case 'eth_getBlockByHash': {
        const b = this.blocks.find((x) => x.hash === params[0]);
        return b ? this.blockJson(b, !!params[1]) : null;
      }
      case 'eth_getLogs': {
        const f = params[0];
        const from = num(f.fromBlock),
          to = Math.min(num(f.toBlock), this.head);
        if (to - from + 1 > this.maxLogRange)
          throw Object.assign(new Error('query returned more than 10000 results'), {
            code: -32005,
          });
        const addrs: string[] | null = f.address
          ? (Array.isArray(f.address) ? f.address : [f.address]).map((a: string) => a.toLowerCase())
          : null;
        const t0: string[] | null = f.topics?.[0]
          ? Array.isArray(f.topics[0])
            ? f.topics[0]
            : [f.topics[0]]
          : null;
        const out = [];
        for (let n = from; n <= to; n++) {
          for (const l of this.logsOf(this.blocks[n])) {
            if (addrs && !addrs.includes(l.address)) continue;
            if (t0 && !t0.includes(l.topics[0])) continue;
            out.push(l);
          }
        }
        return out;
      }
      case 'eth_getTransactionReceipt': {
        for (const b of this.blocks) {
          const i = b.txs.findIndex((t) => t.hash === params[0]);
          if (i < 0) continue;
          return {
            transactionHash: b.txs[i].hash,
            transactionIndex: hex(i),
            blockHash: b.hash,
            blockNumber: hex(b.number),
            cumulativeGasUsed: hex(21000 * (i + 1)),
            gasUsed: hex(21000),
            contractAddress: null,
            status: '0x1',
            logsBloom: '0x' + '00'.repeat(256),
            logs: this.logsOf(b).filter((l) => l.transactionHash === b.txs[i].hash),
          };
        }
        return null;
      }
      case 'eth_call': {
        const r = this.callFn(params[0].to, params[0].data, num(params[1]));
        if (r === 'revert') throw Object.assign(new Error('execution reverted'), { code: 3 });
        return r;
      }
      case 'eth_getBalance':
        return '0x64';
      case 'eth_getCode':
        return '0x60';
      default:
        throw Object.assign(new Error(`method ${method} not found`), { code: -32601 });
    }
  }
}
