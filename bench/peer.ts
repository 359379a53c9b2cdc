// The peer: Ponder (bench/peer/, installed on demand into bench/peer/node_modules) indexing a
// recording replayed by bench/replay-rpc.ts with handlers ported from the subgraph (same entities,
// same math; bench/peer/README.md), its own PGlite store. Per round: a fresh .ponder dir, `ponder
// start`, time from process start to /ready and from the HTTP server being up (/health) to /ready
// (= sync + indexing, without Ponder's build and database setup), events from its
// ponder_indexing_completed_events metric. After the last round, the figures of its tables
// (GET /bench/figures) are written to --figures FILE for the equivalence check. Prints JSON last.
//   node --import tsx bench/peer.ts bench/.cache/default.json [--repeat 2] [--figures FILE]
import { spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/** The recording's `meta` object, read from the file's start without parsing the rest. */
function readMeta(f: string): any {
  const fd = openSync(f, 'r');
  const buf = new Uint8Array(1 << 20);
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  const s = Buffer.from(buf.buffer, 0, n).toString('utf8');
  const start = s.indexOf('{', s.indexOf('"meta"'));
  let depth = 0,
    inStr = false;
  for (let i = start; i < s.length; i++) {
    const ch = s[i];
    if (inStr) {
      if (ch === '\\') i++;
      else if (ch === '"') inStr = false;
      continue;
    }
    if (ch === '"') inStr = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return JSON.parse(s.slice(start, i + 1));
  }
  throw new Error(`no meta in ${f}`);
}
const root = new URL('..', import.meta.url).pathname;
const peer = join(root, 'bench/peer');
const argv = process.argv.slice(2);
const opt = (n: string) => {
  const i = argv.indexOf(`--${n}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const file = resolve(argv.find((a) => a.endsWith('.json'))!);
const repeat = Number(opt('repeat') ?? 2);
const figuresOut = opt('figures');

if (!existsSync(join(peer, 'node_modules/.bin/ponder'))) {
  // the committed lockfile pins every version (npm install honours it; `npm ci` rejects it over
  // rollup's optional platform packages, an npm quirk); --no-save leaves it untouched; ~25 s
  const r = spawnSync(
    'npm',
    ['install', '--prefix', peer, '--no-save', '--no-audit', '--no-fund'],
    { cwd: root, stdio: ['ignore', 2, 2] },
  );
  if (r.status !== 0) {
    console.log(
      JSON.stringify({ error: `npm install --prefix bench/peer failed (exit ${r.status})` }),
    );
    process.exit(0);
  }
}
const version = spawnSync(join(peer, 'node_modules/.bin/ponder'), ['--version'], { cwd: peer })
  .stdout.toString()
  .trim();

// the recording's meta only (the file can be hundreds of MB; the replay server parses it)
const meta = readMeta(file);
const dep = meta.deployment;

const replay = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    join(root, 'bench/replay-rpc.ts'),
    file,
    '--pad-latest',
    opt('pad-latest') ?? '100',
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
// stopped early (bench timeout, Ctrl-C): take the replay server and a running ponder along
let ponderProc: ReturnType<typeof spawn> | null = null;
const stopChildren = () => {
  try {
    replay.kill('SIGTERM');
  } catch {}
  try {
    ponderProc?.kill('SIGTERM');
  } catch {}
};
process.on('exit', stopChildren);
for (const sig of ['SIGTERM', 'SIGINT'] as const)
  process.on(sig, () => {
    stopChildren();
    process.exit(1);
  });
const rpc: string = await new Promise((ok, no) => {
  let s = '';
  replay.stdout.on('data', (c) => {
    s += c;
    const m = /replay-rpc (\S+)/.exec(s);
    if (m) ok(m[1]!);
  });
  replay.on('exit', (c) => no(new Error(`replay exited ${c}`)));
});
const headTimestamp: number = await (async () => {
  const r = await fetch(rpc, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'eth_getBlockByNumber',
      params: ['0x' + Number(meta.head).toString(16), false],
    }),
  });
  return Number(((await r.json()) as any).result.timestamp);
})();
const port: number = await new Promise((ok) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => {
    const p = (s.address() as { port: number }).port;
    s.close(() => ok(p));
  });
});
const env = {
  ...process.env,
  PONDER_TELEMETRY_DISABLED: 'true',
  FORCE_COLOR: '0',
  PEER_RPC: rpc,
  PEER_CHAIN_ID: String(Number(meta.chainId ?? 31337)),
  PEER_PROVIDER: dep.poolAddressesProvider,
  PEER_POOL: dep.pool,
  PEER_CONFIGURATOR: dep.poolConfigurator,
  PEER_ORACLE: dep.aaveOracle,
  PEER_START_BLOCK: String(dep.startBlock),
  PEER_END_BLOCK: String(meta.head),
};

type Run = {
  seconds: number;
  indexingSeconds: number;
  events: number;
  byEvent: Record<string, number>;
  cpuSeconds: number | null;
  afterReadySeconds: number;
};
const runs: Run[] = [];
let error: string | null = null;
let figures: unknown = null;
const get = async (path: string) => {
  try {
    return await fetch(`http://127.0.0.1:${port}${path}`);
  } catch {
    return null;
  }
};
for (let r = 0; r < repeat && !error; r++) {
  rmSync(join(peer, '.ponder'), { recursive: true, force: true });
  const t0 = performance.now();
  const p = spawn(
    join(peer, 'node_modules/.bin/ponder'),
    ['start', '--schema', 'bench', '--port', String(port), '--log-level', 'warn'],
    { cwd: peer, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  ponderProc = p;
  let log = '';
  const logFile = opt('log');
  const keepLog = (c: Buffer) => {
    log = (log + c).slice(-20000);
    if (logFile) appendFileSync(logFile, String(c));
  };
  p.stdout.on('data', keepLog);
  p.stderr.on('data', keepLog);
  const deadline = Date.now() + Number(opt('timeout-min') ?? 40) * 60_000;
  let tUp: number | null = null;
  for (;;) {
    await new Promise((res) => setTimeout(res, 250));
    if (p.exitCode != null) {
      const plain = log.replace(/\x1b\[[0-9;]*m/g, '');
      const at = plain.search(/ERROR|Error:/);
      error = `ponder exited ${p.exitCode}: ${plain.slice(at >= 0 ? Math.max(0, at - 200) : -1500).slice(0, 1500)}`;
      break;
    }
    if (Date.now() > deadline) {
      error = `ponder not ready within ${opt('timeout-min') ?? 40} min: ${log.slice(-800)}`;
      break;
    }
    const res = await get('/ready');
    if (res && tUp === null) tUp = performance.now();
    if (res?.status === 200) break;
  }
  // /ready means "historical indexing complete". The replay pads latest by 100 blocks so the whole
  // recording is final history for Ponder (latest − 30); still, the run ends only when its indexing
  // checkpoint has reached the head block's timestamp (Ponder 1.0.0 once stopped one block short).
  let realtimeTail = 0;
  for (let tReady = performance.now(), lastTs = -1, tMoved = performance.now(); !error;) {
    const m = (await (await get('/metrics'))?.text()) ?? '';
    const ts = Number(/^ponder_indexing_timestamp\{[^}]*\} (\d+)/m.exec(m)?.[1] ?? 0);
    const block = Number(/^ponder_sync_block\{[^}]*\} (\d+)/m.exec(m)?.[1] ?? 0);
    if (ts >= headTimestamp) {
      realtimeTail = (performance.now() - tReady) / 1000;
      break;
    }
    if (ts !== lastTs) {
      lastTs = ts;
      tMoved = performance.now();
    }
    if (p.exitCode != null) {
      error = `ponder exited ${p.exitCode} after /ready: ${log.slice(-800)}`;
      break;
    }
    // Ponder 1.0.0 can mark its sync complete short of the end block (seen: history to head − 1);
    // it then never indexes the rest
    if (performance.now() - tMoved > 20_000) {
      error = `ponder reported ready but stopped short of the recording's head: indexed to timestamp ${ts} (head ${headTimestamp}), sync block ${block}, ${/^ponder_sync_is_complete\{[^}]*\} 1/m.test(m) ? 'sync marked complete' : 'sync not complete'}`;
      break;
    }
    await new Promise((res) => setTimeout(res, 250));
  }
  const seconds = (performance.now() - t0) / 1000;
  if (!error) {
    const metrics = await (await get('/metrics'))!.text();
    if (opt('metrics')) writeFileSync(`${opt('metrics')}.${r + 1}.txt`, metrics);
    const byEvent: Record<string, number> = {};
    for (const m of metrics.matchAll(
      /^ponder_indexing_completed_events\{[^}]*event="([^"]+)"[^}]*\} (\d+)/gm,
    ))
      byEvent[m[1]!] = (byEvent[m[1]!] ?? 0) + Number(m[2]);
    const events = Object.values(byEvent).reduce((a, b) => a + b, 0);
    // CPU of the ponder process tree (its node process is the child of the bin shim or the bin itself)
    let cpuSeconds: number | null = null;
    try {
      const tick = Number(spawnSync('getconf', ['CLK_TCK']).stdout.toString()) || 100;
      const pids = [
        p.pid!,
        ...spawnSync('pgrep', ['-P', String(p.pid)])
          .stdout.toString()
          .split('\n')
          .filter(Boolean)
          .map(Number),
      ];
      cpuSeconds = pids.reduce((s, pid) => {
        try {
          const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
          return s + (Number(f[11]) + Number(f[12])) / tick;
        } catch {
          return s;
        }
      }, 0);
    } catch {
      /* no /proc */
    }
    const indexingSeconds = seconds - ((tUp ?? t0) - t0) / 1000;
    runs.push({
      seconds: +seconds.toFixed(2),
      indexingSeconds: +indexingSeconds.toFixed(2),
      events,
      byEvent,
      cpuSeconds: cpuSeconds === null ? null : +cpuSeconds.toFixed(1),
      afterReadySeconds: +realtimeTail.toFixed(2),
    });
    console.error(
      `[peer] ponder ${version} round ${r + 1}: ${events} events, ready after ${seconds.toFixed(1)} s (${indexingSeconds.toFixed(1)} s after its server was up): ${Math.round(events / indexingSeconds)} events/s`,
    );
    if (r === repeat - 1 && figuresOut) {
      const res = await get('/bench/figures');
      figures = res?.ok ? await res.json() : null;
      if (figures) writeFileSync(figuresOut, JSON.stringify(figures));
      else error = `GET /bench/figures failed: ${res?.status} ${await res?.text()}`;
    }
  }
  await new Promise<void>((ok) => {
    if (p.exitCode != null) return ok();
    p.once('exit', () => ok());
    p.kill('SIGTERM');
    setTimeout(() => p.kill('SIGKILL'), 8000).unref();
  });
}
replay.kill('SIGTERM');
if (!argv.includes('--keep-ponder'))
  rmSync(join(peer, '.ponder'), { recursive: true, force: true }); // --keep-ponder: its PGlite dir stays for inspection
console.log(
  JSON.stringify({
    version,
    scenario: meta.name,
    runs,
    error,
    figures: figuresOut && figures ? figuresOut : null,
  }),
);
process.exit(0);
