// Reliability end to end on a small devnet scenario:
//  1. RPC faults (timeouts, resets, 429 with Retry-After, 5xx, malformed JSON) injected by a
//     proxy in front of the devnet: same final state as a fault-free index.
//  2. The indexer process killed (SIGKILL) mid-sync, then restarted: resumes and ends in the
//     same state as an uninterrupted index.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIndexerNode } from '../../indexer/src/index.ts';
import { gql, missingPiece, root, subgraphFor } from './indexer-helpers.ts';
import { startDevnet } from '../../devnet/src/index.ts';

const missing = missingPiece();
const skip = missing ? `missing piece: ${missing}` : false;

const QUERY = `{
  markets(first: 100, orderBy: id) { id liquidityIndex variableBorrowIndex scaledATokenSupply scaledVariableDebt totalSupply totalVariableDebt supplyCount borrowCount liquidationCount }
  tokens(first: 1000, orderBy: id) { id lastPriceBase }
  positions(first: 1000, orderBy: id) { id scaledATokenBalance scaledVariableDebt collateralEnabled }
  liquidations(first: 1000, orderBy: id) { id debtRepaid collateralSeized }
  _meta { block { number hash } }
}`;

let devnet: any = null;
let dir = '';
let work = '';
let reference: unknown = null;

before(async () => {
  if (missing) return;
  devnet = await startDevnet({
    seed: 21,
    accounts: 20,
    days: 2,
    live: false,
    port: 0,
    writeFiles: false,
    quiet: true,
  });
  dir = subgraphFor(devnet.deployment);
  work = mkdtempSync(join(tmpdir(), 'cr-rel-'));
  reference = await indexAndQuery(devnet.rpcUrl, join(work, 'reference'));
});
after(async () => {
  await devnet?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function indexAndQuery(rpcUrl: string, dataDir: string, extra: Record<string, unknown> = {}) {
  const node = await startIndexerNode({
    rpcUrl,
    network: 'devnet',
    subgraphDir: dir,
    dataDir,
    port: 0,
    statusPort: 0,
    exitWhenSynced: true,
    progress: false,
    log: () => {},
    ...extra,
  });
  try {
    await node.indexing;
    assert.equal(node.status.health, 'healthy', JSON.stringify(node.status.fatalError));
    return await gql(node.url!, QUERY);
  } finally {
    await node.stop();
  }
}

/** A JSON-RPC proxy that answers every `every`-th request with a fault instead of forwarding. */
function faultyProxy(
  target: string,
  every: number,
): Promise<{ url: string; server: Server; faults: () => number }> {
  let n = 0,
    faults = 0;
  const kinds = ['timeout', 'reset', '429', '502', 'badjson'] as const;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      if (++n % every === 0) {
        faults++;
        const kind = kinds[(n / every) % kinds.length];
        if (kind === 'timeout') return; // never answers: the client's timeout fires
        if (kind === 'reset') {
          req.socket.destroy();
          return;
        }
        if (kind === '429') {
          res.writeHead(429, { 'retry-after': '1' }).end('slow down');
          return;
        }
        if (kind === '502') {
          res.writeHead(502).end('bad gateway');
          return;
        }
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"jsonrpc":"2.0","id":1,"res');
        return;
      }
      try {
        const r = await fetch(target, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        res.writeHead(r.status, { 'content-type': 'application/json' }).end(await r.text());
      } catch {
        res.writeHead(502).end();
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        server,
        faults: () => faults,
      }),
    ),
  );
}

test(
  'RPC faults (timeouts, resets, 429, 5xx, malformed JSON) give the same final state',
  { skip, timeout: 600_000 },
  async () => {
    const proxy = await faultyProxy(devnet.rpcUrl, 7);
    try {
      const got = await indexAndQuery(proxy.url, join(work, 'faults'), {
        rpc: { timeoutMs: 1500, baseDelayMs: 20, maxDelayMs: 500 },
      });
      assert.ok(proxy.faults() >= 10, `only ${proxy.faults()} faults injected`);
      assert.deepEqual(got, reference);
    } finally {
      proxy.server.closeAllConnections();
      proxy.server.close();
    }
  },
);

test(
  'killed mid-sync (SIGKILL) and restarted: resumes and ends in the same state',
  { skip, timeout: 600_000 },
  async () => {
    const dataDir = join(work, 'crash');
    const cli = (extra: string[]) =>
      spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          join(root, 'indexer/src/cli.ts'),
          '--rpc',
          devnet.rpcUrl,
          '--network',
          'devnet',
          '--subgraph',
          dir,
          '--data-dir',
          dataDir,
          '--no-server',
          ...extra,
        ],
        { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
      );
    // First run: commits every 5 blocks; SIGKILL once it reports block 20+ (mid-sync).
    const first = cli(['--flush-blocks', '5', '--progress-every', '0']);
    let out = '';
    await new Promise<void>((resolve) => {
      const onData = (c: Buffer) => {
        out += c.toString();
        const m = [...out.matchAll(/block (\d+)\/(\d+)/g)].pop();
        if (m && Number(m[1]) >= 20) first.kill('SIGKILL');
      };
      first.stdout.on('data', onData);
      first.stderr.on('data', onData);
      first.on('exit', () => resolve());
      setTimeout(() => first.kill('SIGKILL'), 120_000); // never hang the suite
    });
    assert.match(out, /block \d+\//, out);
    // Second run resumes (no --reset) and exits when synced.
    const second = cli(['--exit-when-synced']);
    let out2 = '';
    second.stderr.on('data', (c) => (out2 += c));
    second.stdout.on('data', (c) => (out2 += c));
    const code = await new Promise((r) => second.on('exit', r));
    assert.equal(code, 0, out2);
    assert.match(out2, /resuming after block \d+/);
    const got = await indexAndQuery(devnet.rpcUrl, dataDir);
    assert.deepEqual(got, reference);
  },
);
