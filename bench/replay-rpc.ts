// JSON-RPC replay of a recording made by bench/record.ts: the same chain every run, no devnet.
// Serves eth_chainId, eth_blockNumber, eth_getBlockByNumber/ByHash, eth_getLogs (address/topic
// filters), eth_getTransactionReceipt, eth_call, eth_getBalance, eth_getCode, net_version; batches.
//   node --import tsx bench/replay-rpc.ts bench/.cache/default.json [--port 0] [--pad-latest N]  → prints `replay-rpc URL`
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';

type Log = {
  address: string;
  topics: string[];
  blockNumber: string;
  blockHash: string;
  logIndex: string;
};
export interface Recording {
  meta: Record<string, any>;
  chainId: string;
  head: number;
  logs: Log[];
  blocks: Record<string, any>;
  receipts: Record<string, any>;
  calls: Record<string, string>;
  other: Record<string, unknown>;
}

export function loadRecording(file: string): Recording {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * `padLatest`: report `latest` as head + N, answering those N blocks with empty synthetic blocks
 * (no logs). For indexers that only treat `latest − finality` as final history (Ponder: 30 blocks
 * on unknown chains), so that they index the whole recording as history; their end block is head
 * (bench/peer.ts pads by 100: the end block well inside the final range).
 */
export function replayHandler(rec: Recording, opts: { padLatest?: number } = {}) {
  const pad = opts.padLatest ?? 0;
  const fakeHash = (n: number) => '0x' + 'fa'.repeat(24) + n.toString(16).padStart(16, '0');
  const byBlock: Log[][] = Array.from({ length: rec.head + 1 }, () => []);
  for (const l of rec.logs) byBlock[Number(l.blockNumber)]!.push(l);
  const hashToNumber = new Map<string, string>();
  for (const [k, b] of Object.entries(rec.blocks))
    if (b) hashToNumber.set(String(b.hash).toLowerCase(), k.split('|')[0]!);
  const num = (t: unknown) => {
    if (t === 'latest' || t === 'pending') return rec.head + pad;
    if (t === 'safe' || t === 'finalized' || t === undefined || t === null) return rec.head;
    if (t === 'earliest') return 0;
    return Number(t);
  };
  const blockAt = (nHex: string, full: boolean) => {
    const b = rec.blocks[`${nHex}|${full}`];
    if (b || full) return b ?? null;
    return null;
  };
  function getBlock(n: number, full: boolean): any {
    if (n > rec.head + pad) return null;
    if (n > rec.head) {
      const h = getBlock(rec.head, false);
      return {
        ...h,
        number: '0x' + n.toString(16),
        hash: fakeHash(n),
        parentHash: n === rec.head + 1 ? h.hash : fakeHash(n - 1),
        timestamp: '0x' + (Number(h.timestamp) + 12 * (n - rec.head)).toString(16),
        transactions: [],
        logsBloom: '0x' + '0'.repeat(512),
      };
    }
    const h = '0x' + n.toString(16);
    const b = rec.blocks[`${h}|${full}`];
    if (b) return b;
    if (full)
      throw Object.assign(new Error(`replay: block ${n} with transactions not in the recording`), {
        code: -32000,
      });
    const f = rec.blocks[`${h}|true`];
    return f ? { ...f, transactions: f.transactions.map((t: any) => t.hash) } : null;
  }
  function getLogs(f: {
    fromBlock?: string;
    toBlock?: string;
    blockHash?: string;
    address?: string | string[];
    topics?: (string | string[] | null)[];
  }) {
    let from: number, to: number;
    if (f.blockHash) {
      const n = hashToNumber.get(f.blockHash.toLowerCase());
      if (n === undefined) return [];
      from = to = Number(n);
    } else {
      from = num(f.fromBlock ?? 'latest');
      to = Math.min(rec.head, num(f.toBlock ?? 'latest'));
    }
    const addrs =
      f.address === undefined || f.address === null
        ? null
        : new Set((Array.isArray(f.address) ? f.address : [f.address]).map((a) => a.toLowerCase()));
    const topics = (f.topics ?? []).map((t) =>
      t === null ? null : new Set((Array.isArray(t) ? t : [t]).map((x) => x.toLowerCase())),
    );
    const out: Log[] = [];
    for (let n = from; n <= to; n++)
      for (const l of byBlock[n] ?? []) {
        if (addrs && !addrs.has(l.address.toLowerCase())) continue;
        let ok = true;
        for (let i = 0; i < topics.length; i++) {
          const s = topics[i];
          if (s && !(l.topics[i] && s.has(l.topics[i]!.toLowerCase()))) {
            ok = false;
            break;
          }
        }
        if (ok) out.push(l);
      }
    return out;
  }
  function one(method: string, p: any[]): unknown {
    switch (method) {
      case 'eth_chainId':
        return rec.chainId;
      case 'net_version':
        return String(Number(rec.chainId));
      case 'eth_blockNumber':
        return '0x' + (rec.head + pad).toString(16);
      case 'eth_getBlockByNumber':
        return getBlock(num(p[0]), !!p[1]);
      case 'eth_getBlockByHash': {
        const hs = String(p[0]).toLowerCase();
        if (pad && hs.startsWith('0x' + 'fa'.repeat(24)))
          return getBlock(Number('0x' + hs.slice(50)), !!p[1]);
        const n = hashToNumber.get(hs);
        return n === undefined ? null : getBlock(Number(n), !!p[1]);
      }
      case 'eth_getLogs':
        return getLogs(p[0] ?? {});
      case 'eth_getTransactionReceipt':
        return rec.receipts[String(p[0]).toLowerCase()] ?? null;
      case 'eth_call': {
        const k = `${String(p[0]?.to).toLowerCase()}|${p[0]?.data ?? p[0]?.input}|${p[1]}`;
        if (k in rec.calls) return rec.calls[k];
        throw Object.assign(
          new Error(`replay: eth_call not in the recording: ${k.slice(0, 120)}`),
          { code: -32000 },
        );
      }
      case 'eth_getBalance':
      case 'eth_getCode': {
        const k = `${method}|${JSON.stringify(p)}`;
        if (k in rec.other) return rec.other[k];
        throw Object.assign(new Error(`replay: ${method} not in the recording`), { code: -32000 });
      }
      default:
        throw Object.assign(new Error(`replay: method ${method} not supported`), { code: -32601 });
    }
  }
  const misses = { count: 0 };
  const answer = (q: any) => {
    try {
      return { jsonrpc: '2.0', id: q.id, result: one(q.method, q.params ?? []) };
    } catch (e: any) {
      misses.count++;
      return { jsonrpc: '2.0', id: q.id, error: { code: e.code ?? -32000, message: e.message } };
    }
  };
  return { answer, misses };
}

export function startReplayServer(
  rec: Recording,
  port = 0,
  opts: { padLatest?: number } = {},
): Promise<{ url: string; server: Server; misses: { count: number } }> {
  const { answer, misses } = replayHandler(rec, opts);
  const server = createServer((req, res) => {
    const chunks: Uint8Array[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let body: any;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.statusCode = 400;
        res.end('{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error"}}');
        return;
      }
      const r = Array.isArray(body) ? body.map(answer) : answer(body);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(r));
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((r) =>
    server.listen(port, '127.0.0.1', () =>
      r({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server, misses }),
    ),
  );
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: replay-rpc.ts RECORDING.json [--port N]');
    process.exit(2);
  }
  const pi = process.argv.indexOf('--port');
  const rec = loadRecording(file);
  const pl = process.argv.indexOf('--pad-latest');
  const s = await startReplayServer(rec, pi > 0 ? Number(process.argv[pi + 1]) : 0, {
    padLatest: pl > 0 ? Number(process.argv[pl + 1]) : 0,
  });
  console.log(`replay-rpc ${s.url} head=${rec.head} logs=${rec.logs.length}`);
  process.on('SIGTERM', () => {
    console.error(`replay-rpc: ${s.misses.count} misses`);
    process.exit(0);
  });
}
