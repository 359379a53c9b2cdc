// Records a devnet chain once, for replay (bench/replay-rpc.ts): every block (hash-only and, where
// the indexer asks, with transactions), every log, the receipts, eth_call/eth_getBalance/eth_getCode
// results the indexer needed. The indexer is run once through a recording proxy to learn which
// calls it makes; the full log set and all block headers are then fetched directly.
//   node --import tsx bench/record.ts --name default --accounts 300 --days 30 [--seed 1]
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevnet } from '../devnet/src/index.ts';
import { subgraphFor } from '../tests/e2e/indexer-helpers.ts';

const arg = (n: string, d: string) => {
  const i = process.argv.indexOf(`--${n}`);
  return i > 0 ? process.argv[i + 1]! : d;
};
const name = arg('name', 'default');
const accounts = Number(arg('accounts', '300'));
const days = Number(arg('days', '30'));
const seed = arg('seed', '1');
const out = arg('out', new URL(`.cache/${name}.json`, import.meta.url).pathname);

const t0 = Date.now();
const devnet = await startDevnet({
  seed,
  accounts,
  days,
  live: false,
  port: 0,
  quiet: true,
  writeFiles: false,
  startTime: 1_760_000_000,
});
const genS = (Date.now() - t0) / 1000;
console.error(
  `[record] devnet ${name}: ${accounts} accounts, ${days} days → block ${devnet.historyEndBlock} in ${genS.toFixed(0)} s`,
);
const upstream = devnet.rpcUrl!;

const calls: Record<string, unknown> = {};
const blocks: Record<string, unknown> = {}; // `${numberHex}|${full}` → block
const receipts: Record<string, unknown> = {};
const other: Record<string, unknown> = {}; // eth_getBalance / eth_getCode: `${method}|${params}` → result
type Req = { id: unknown; method: string; params?: unknown[] };
function note(q: Req, result: unknown) {
  const p = q.params ?? [];
  if (q.method === 'eth_call') {
    const c = p[0] as { to: string; data: string };
    calls[`${c.to.toLowerCase()}|${c.data}|${p[1]}`] = result;
  } else if (q.method === 'eth_getBlockByNumber' && result) blocks[`${p[0]}|${!!p[1]}`] = result;
  else if (q.method === 'eth_getBlockByHash' && result) {
    const b = result as { number: string };
    blocks[`${b.number}|${!!p[1]}`] = result;
  } else if (q.method === 'eth_getTransactionReceipt' && result)
    receipts[String(p[0]).toLowerCase()] = result;
  else if (q.method === 'eth_getBalance' || q.method === 'eth_getCode')
    other[`${q.method}|${JSON.stringify(p)}`] = result;
}
async function up(body: unknown): Promise<any> {
  const r = await fetch(upstream, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return r.json();
}
const proxy = createServer((req, res) => {
  let s = '';
  req.on('data', (c) => (s += c));
  req.on('end', async () => {
    try {
      const body = JSON.parse(s);
      const r = await up(body);
      const qs: Req[] = Array.isArray(body) ? body : [body];
      const rs: any[] = Array.isArray(r) ? r : [r];
      const byId = new Map(rs.map((x) => [JSON.stringify(x.id), x]));
      for (const q of qs) {
        const x = byId.get(JSON.stringify(q.id));
        if (x && !x.error) note(q, x.result);
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(r));
    } catch (e) {
      res.statusCode = 502;
      res.end(String(e));
    }
  });
});
await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
const proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;

const work = mkdtempSync(join(tmpdir(), 'cr-bench-rec-'));
// npm run bench may build the subgraph concurrently with this devnet history: wait for its marker.
const waitFor = process.env.BENCH_WAIT_FOR;
if (waitFor)
  for (let i = 0; !existsSync(waitFor); i++) {
    if (i > 2400) throw new Error(`record: ${waitFor} did not appear`);
    await new Promise((r) => setTimeout(r, 250));
  }
const dir = subgraphFor(devnet.deployment);
const t1 = Date.now();
// The indexer pass in a child process: the devnet (EDR + its JSON-RPC) keeps this process's core.
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '-e',
    `
  const { startIndexerNode } = await import(${JSON.stringify(new URL('../indexer/src/index.ts', import.meta.url).pathname)});
  const node = await startIndexerNode({ rpcUrl: ${JSON.stringify(proxyUrl)}, network: 'devnet', subgraphDir: ${JSON.stringify(dir)}, dataDir: ${JSON.stringify(join(work, 'pg'))}, serve: false, exitWhenSynced: true, progress: false, log: () => {} });
  await node.indexing;
  const ok = node.status.health === 'healthy';
  if (!ok) console.error('recording run failed: ' + JSON.stringify(node.status.fatalError));
  await node.stop();
  process.exit(ok ? 0 : 1);
`,
  ],
  { cwd: new URL('..', import.meta.url).pathname, stdio: ['ignore', 'inherit', 'inherit'] },
);
const code: number | null = await new Promise((r) => child.on('exit', r));
if (code !== 0) throw new Error(`record: the indexer pass exited ${code}`);
console.error(
  `[record] indexer pass through the proxy: ${((Date.now() - t1) / 1000).toFixed(0)} s`,
);

const rpc = async (method: string, params: unknown[]) => {
  const j = await up({ jsonrpc: '2.0', id: 1, method, params });
  if (j.error) throw new Error(`${method}: ${j.error.message}`);
  return j.result;
};
const head = Number(await rpc('eth_blockNumber', []));
const chainId = await rpc('eth_chainId', []);
const logs: unknown[] = [];
const STEP = 2000;
for (let f = 0; f <= head; f += STEP)
  for (const l of await rpc('eth_getLogs', [
    { fromBlock: '0x' + f.toString(16), toBlock: '0x' + Math.min(head, f + STEP - 1).toString(16) },
  ]))
    logs.push(l); // (no spread: 200k+ logs)
for (let n = 0; n <= head; n += 100) {
  const batch = [];
  for (let k = n; k <= Math.min(head, n + 99); k++)
    if (!blocks[`0x${k.toString(16)}|false`])
      batch.push({
        jsonrpc: '2.0',
        id: k,
        method: 'eth_getBlockByNumber',
        params: ['0x' + k.toString(16), false],
      });
  if (!batch.length) continue;
  const r = await up(batch);
  for (const x of r) blocks[`0x${Number(x.id).toString(16)}|false`] = x.result;
}
// blocks with transactions for every block that has logs (other indexers, e.g. the peer, ask for them)
const withLogs = [...new Set(logs.map((l) => (l as { blockNumber: string }).blockNumber))].filter(
  (h) => !blocks[`${h}|true`],
);
for (let i = 0; i < withLogs.length; i += 50) {
  const r = await up(
    withLogs.slice(i, i + 50).map((h, k) => ({
      jsonrpc: '2.0',
      id: i + k,
      method: 'eth_getBlockByNumber',
      params: [h, true],
    })),
  );
  for (const x of r) if (x.result) blocks[`${x.result.number}|true`] = x.result;
}
await devnet.stop();
proxy.close();
rmSync(work, { recursive: true, force: true });
rmSync(dir, { recursive: true, force: true });

const rec = {
  meta: {
    name,
    seed,
    accounts,
    days,
    startTime: 1_760_000_000,
    head,
    chainId,
    generatedSeconds: +genS.toFixed(1),
    recordedAt: new Date().toISOString(),
    deployment: devnet.deployment,
    logs: logs.length,
    blocks: head + 1,
  },
  chainId,
  head,
  logs,
  blocks,
  receipts,
  calls,
  other,
};
mkdirSync(join(out, '..'), { recursive: true });
writeFileSync(
  out,
  JSON.stringify(rec, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)),
);
console.error(
  `[record] ${out}: ${head + 1} blocks, ${logs.length} logs, ${Object.keys(calls).length} eth_calls, ${Object.keys(receipts).length} receipts`,
);
process.exit(0);
