// A fault-injecting JSON-RPC proxy (loopback, ephemeral port) for the reliability suite.
// Per HTTP request, with probability `rate` (seeded, reproducible), one of:
//   timeout   – never answers (the client's timeout must fire)
//   reset     – destroys the socket
//   429       – Too Many Requests with Retry-After: 1
//   5xx       – 500 / 502 / 503
//   truncated – 200 with the real answer cut in half (malformed JSON)
// and, once each when enabled:
//   emptyLogs – a real eth_getLogs answer that HAS logs replaced by [] (a lagging/lying node)
//   badHash   – an eth_getBlockByNumber answer whose `hash` is altered, so it no longer matches
//               its child's parentHash
// It records every eth_getLogs range it delivered untampered (`covered`) so a test can assert
// that no block was skipped.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FaultKind = 'timeout' | 'reset' | '429' | '5xx' | 'truncated' | 'emptyLogs' | 'badHash';

export interface FaultProxyOptions {
  seed?: number;
  /** share of requests answered with a transport fault (0..1) */
  rate?: number;
  kinds?: FaultKind[];
  emptyLogsOnce?: boolean;
  badHashOnce?: boolean;
  /** blocks below this are never tampered with (badHash/emptyLogs) */
  minBlock?: number;
}

export interface FaultProxy {
  url: string;
  injected: Record<FaultKind, number>;
  requests: number;
  /** untampered eth_getLogs [from, to] ranges delivered */
  covered: [number, number][];
  /** details of the one-off faults */
  notes: string[];
  close(): Promise<void>;
}

interface RpcReq {
  id: unknown;
  method: string;
  params?: unknown[];
}

export async function startFaultProxy(
  target: string,
  o: FaultProxyOptions = {},
): Promise<FaultProxy> {
  let s = (o.seed ?? 1) >>> 0;
  const rand = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const kinds = o.kinds ?? ['timeout', 'reset', '429', '5xx', 'truncated'];
  const rate = o.rate ?? 0.1;
  const injected: Record<FaultKind, number> = {
    timeout: 0,
    reset: 0,
    '429': 0,
    '5xx': 0,
    truncated: 0,
    emptyLogs: 0,
    badHash: 0,
  };
  const covered: [number, number][] = [];
  const notes: string[] = [];
  let emptyLogsLeft = o.emptyLogsOnce ? 1 : 0;
  let badHashLeft = o.badHashOnce ? 1 : 0;
  const minBlock = o.minBlock ?? 0;
  const state = { requests: 0 };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      state.requests++;
      const body = Buffer.concat(chunks as Uint8Array[]).toString();
      if (rand() < rate) {
        const kind = kinds[Math.floor(rand() * kinds.length)];
        injected[kind]++;
        if (kind === 'timeout') return; // hold the socket; the client times out
        if (kind === 'reset') {
          req.socket.destroy();
          return;
        }
        if (kind === '429') {
          res
            .writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain' })
            .end('Too Many Requests');
          return;
        }
        if (kind === '5xx') {
          res.writeHead([500, 502, 503][Math.floor(rand() * 3)]).end('upstream error');
          return;
        }
        // truncated: forward, then cut the answer
        try {
          const text = await forward(body);
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
        } catch {
          res.writeHead(502).end();
        }
        return;
      }
      let text: string;
      try {
        text = await forward(body);
      } catch {
        res.writeHead(502).end();
        return;
      }
      try {
        const reqs = JSON.parse(body) as RpcReq | RpcReq[];
        const answers = JSON.parse(text) as
          { id: unknown; result?: unknown } | { id: unknown; result?: unknown }[];
        const rl = Array.isArray(reqs) ? reqs : [reqs];
        const al = Array.isArray(answers) ? answers : [answers];
        let tampered = false;
        for (const r of rl) {
          const a = al.find((x) => x.id === r.id);
          if (!a || a.result === undefined) continue;
          if (r.method === 'eth_getLogs') {
            const f = (r.params?.[0] ?? {}) as { fromBlock?: string; toBlock?: string };
            const from = Number(f.fromBlock),
              to = Number(f.toBlock);
            if (
              emptyLogsLeft > 0 &&
              Array.isArray(a.result) &&
              a.result.length > 0 &&
              from >= minBlock
            ) {
              emptyLogsLeft--;
              injected.emptyLogs++;
              tampered = true;
              notes.push(`eth_getLogs ${from}..${to}: ${a.result.length} logs answered as []`);
              a.result = [];
            } else if (Number.isFinite(from) && Number.isFinite(to)) covered.push([from, to]);
          }
          if (
            r.method === 'eth_getBlockByNumber' &&
            badHashLeft > 0 &&
            a.result &&
            typeof a.result === 'object'
          ) {
            const b = a.result as { number: string; hash: string };
            if (Number(b.number) >= minBlock) {
              badHashLeft--;
              injected.badHash++;
              tampered = true;
              notes.push(
                `block ${Number(b.number)}: hash ${b.hash} answered as 0x${'ba'.repeat(32)}`,
              );
              b.hash = '0x' + 'ba'.repeat(32);
            }
          }
        }
        if (tampered) text = JSON.stringify(Array.isArray(answers) ? al : al[0]);
      } catch {
        /* not JSON-RPC we understand: pass through */
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(text);
    });
  });
  const forward = async (body: string) => {
    const r = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    return r.text();
  };
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    injected,
    covered,
    notes,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Blocks in [lo, hi] not covered by any of the ranges. */
export function uncovered(ranges: [number, number][], lo: number, hi: number): number[] {
  const seen = new Uint8Array(hi - lo + 1);
  for (const [a, b] of ranges)
    for (let n = Math.max(a, lo); n <= Math.min(b, hi); n++) seen[n - lo] = 1;
  const out: number[] = [];
  for (let i = 0; i < seen.length; i++) if (!seen[i]) out.push(lo + i);
  return out;
}
