// The peer, smoke level: Ponder (bench/peer/, installed on demand into bench/peer/node_modules)
// indexing the Pool's Supply/Withdraw/Borrow/Repay events of a recording replayed by
// bench/replay-rpc.ts, its own PGlite store. NOT the subgraph's entities and math (see
// bench/peer/README.md): the figure shows Ponder runs here and its order of magnitude only.
//   node --import tsx bench/peer.ts bench/.cache/default.json
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const peer = join(root, 'bench/peer');
const file = resolve(process.argv[2]!);
if (!existsSync(join(peer, 'node_modules/.bin/ponder'))) {
  const r = spawnSync('npm', ['install', '--prefix', peer, '--no-audit', '--no-fund', '--no-save'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) { console.log(JSON.stringify({ error: `npm install --prefix bench/peer failed (exit ${r.status})` })); process.exit(0); }
}
const version = spawnSync(join(peer, 'node_modules/.bin/ponder'), ['--version'], { cwd: peer }).stdout.toString().trim();
const replay = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench/replay-rpc.ts'), file], { stdio: ['ignore', 'pipe', 'inherit'] });
const rpc: string = await new Promise((ok) => { let s = ''; replay.stdout.on('data', (c) => { s += c; const m = /replay-rpc (\S+)/.exec(s); if (m) ok(m[1]!); }); });
const port: number = await new Promise((ok) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => ok(p)); }); });
const runs: { seconds: number; events: number }[] = [];
let error: string | null = null;
for (let r = 0; r < Number(process.argv[3] ?? 2) && !error; r++) {
  rmSync(join(peer, '.ponder'), { recursive: true, force: true });
  const t0 = performance.now();
  const p = spawn(join(peer, 'node_modules/.bin/ponder'), ['start', '--schema', 'bench', '--port', String(port), '--log-level', 'info'], { cwd: peer, env: { ...process.env, PONDER_TELEMETRY_DISABLED: 'true', PEER_RECORDING: file, PEER_RPC: rpc, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  p.stdout.on('data', (c) => (log = (log + c).slice(-20000))); p.stderr.on('data', (c) => (log = (log + c).slice(-20000)));
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    await new Promise((res) => setTimeout(res, 500));
    if (p.exitCode != null) { error = `ponder exited ${p.exitCode}: ${log.slice(-1500)}`; break; }
    if (Date.now() > deadline) { error = 'ponder not ready within 10 min'; break; }
    try { if ((await fetch(`http://127.0.0.1:${port}/ready`)).status === 200) break; } catch { /* starting */ }
  }
  const seconds = (performance.now() - t0) / 1000;
  let events = 0;
  if (!error) {
    const j = (await (await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ poolEvents(limit: 1) { totalCount } }' }) })).json()) as any;
    events = j.data?.poolEvents?.totalCount ?? 0;
    runs.push({ seconds: +seconds.toFixed(2), events });
    console.error(`[peer] ponder ${version}: ${events} Pool events indexed, ready after ${seconds.toFixed(1)} s (${Math.round(events / seconds)} events/s incl. startup)`);
  }
  await new Promise<void>((ok) => { if (p.exitCode != null) return ok(); p.once('exit', () => ok()); p.kill('SIGTERM'); setTimeout(() => p.kill('SIGKILL'), 8000).unref(); });
}
replay.kill('SIGTERM');
rmSync(join(peer, '.ponder'), { recursive: true, force: true });
console.log(JSON.stringify({ version, runs, error, note: 'smoke: Pool Supply/Withdraw/Borrow/Repay into 2 tables (event rows + summed amounts), not the subgraph entities/math; time = process start to /ready (includes build + startup)' }));
process.exit(0);
