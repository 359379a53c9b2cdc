// Indexing benchmark on one recorded chain (bench/record.ts), replayed by bench/replay-rpc.ts in
// a child process: end-to-end through the real indexer (ChainSource → Indexer → Store, PGlite and,
// when reachable, PostgreSQL) vs the mapping-only limit (the same compiled WASM handlers, fed the
// very trigger stream the indexer ran, MemoryStore, eth_calls answered from the recording).
// With --peer, the peer (bench/peer.ts: Ponder with handlers ported from the subgraph, its own
// PGlite, the same recording over its own replay server) is a fourth run in every round.
// Side by side in one process, repeated, order rotated. Prints JSON on the last line.
//   node --import tsx bench/indexing.ts bench/.cache/default.json [--repeat 3] [--pg URL|--no-pg] [--peer [--peer-figures F]] [--keep DIR]
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadManifest } from '../indexer/src/manifest/index.ts';
import { parseSchema } from '../indexer/src/schema/index.ts';
import { openStore, openPostgres } from '../indexer/src/store/index.ts';
import { schemaNameFor } from '../indexer/src/store/layout.ts';
import { ChainSource, Indexer, JsonRpc, type MappingModule } from '../indexer/src/index.ts';
import { loadMappingModule } from '../indexer/src/runtime/mapping-runtime.ts';
import { MemoryStore } from '../indexer/src/runtime/memory-store.ts';
import type { EthEvent, TriggerContext, DataSourceInfo } from '../indexer/src/internal/types.ts';
import { subgraphFor } from '../tests/e2e/indexer-helpers.ts';

const argv = process.argv.slice(2);
const file = argv.find((a) => a.endsWith('.json'));
if (!file) {
  console.error('usage: indexing.ts RECORDING.json [--repeat N] [--pg URL|--no-pg]');
  process.exit(2);
}
const opt = (n: string) => {
  const i = argv.indexOf(`--${n}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const repeat = Number(opt('repeat') ?? 3);
const keep = opt('keep'); // keep the last PGlite run's data dir here (for bench/graphql.ts, bench/equivalence.ts)
// --deployment-prefix P: deployments bench-P-pglite / bench-P-postgres (a second scenario leaves the first's alone)

// ---- replay server (child process: its CPU is not the indexer's event loop) ----
const child = spawn(
  process.execPath,
  ['--import', 'tsx', new URL('replay-rpc.ts', import.meta.url).pathname, file],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const rpcUrl: string = await new Promise((res, rej) => {
  let s = '';
  child.stdout.on('data', (c) => {
    s += c;
    const m = /replay-rpc (\S+)/.exec(s);
    if (m) res(m[1]!);
  });
  child.on('exit', (c) => rej(new Error(`replay server exited ${c}`)));
});
const cleanup = () => {
  try {
    child.kill('SIGTERM');
  } catch {}
};
process.on('exit', cleanup);

const rec = JSON.parse(readFileSync(file, 'utf8'));
const calls: Record<string, string> = rec.calls;
const recMeta = rec.meta;
const subDir = subgraphFor(recMeta.deployment);
const manifest = loadManifest(subDir);
const schema = parseSchema(manifest.schemaSource, manifest.schemaFile);
const startBlock = Math.min(...manifest.dataSources.map((d) => d.startBlock));
const blocks = rec.head - startBlock + 1;

// ---- PostgreSQL reachable? ----
let pgUrl: string | undefined = argv.includes('--no-pg')
  ? undefined
  : (opt('pg') ??
    process.env.DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    'postgres://radar:radar@127.0.0.1:5432/radar_test');
if (pgUrl) {
  try {
    const d = await openPostgres(pgUrl);
    await d.exec('SELECT 1');
    await d.close();
  } catch (e) {
    console.error(
      `[indexing] PostgreSQL at ${pgUrl} not reachable (${(e as Error).message}); PGlite only`,
    );
    pgUrl = undefined;
  }
}

type Captured = {
  file: string;
  apiVersion: string;
  handler: string;
  event: EthEvent;
  ds: DataSourceInfo;
};
let capture: Captured[] | null = null;

async function endToEnd(kind: 'pglite' | 'postgres', doCapture: boolean) {
  const deployment = `bench-${opt('deployment-prefix') ? opt('deployment-prefix') + '-' : ''}${kind}`;
  const work = mkdtempSync(join(tmpdir(), 'cr-bench-idx-'));
  if (kind === 'postgres') {
    const d = await openPostgres(pgUrl!);
    await d.exec(`DROP SCHEMA IF EXISTS "${schemaNameFor(deployment)}" CASCADE`);
    await d.close();
  }
  const cap: Captured[] = [];
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const store = await openStore({
    schema,
    deployment,
    dataDir: kind === 'pglite' ? join(work, 'pg') : undefined,
    databaseUrl: kind === 'postgres' ? pgUrl : undefined,
  });
  const chain = new ChainSource(new JsonRpc({ url: rpcUrl }));
  let events = 0;
  const indexer = new Indexer({
    manifest,
    schema,
    store,
    chain,
    progress: null,
    exitWhenSynced: true,
    log: () => {},
    loadMapping: async (spec) => {
      const m = await loadMappingModule(spec.mapping.file, {
        apiVersion: spec.mapping.apiVersion,
        schema,
      });
      const wrapped: MappingModule = {
        runEvent: async (handler, event, ctx) => {
          const r = await m.runEvent(handler, event, ctx); // throws NeedsAsync before success: counted once
          events++;
          if (doCapture)
            cap.push({
              file: spec.mapping.file,
              apiVersion: spec.mapping.apiVersion,
              handler,
              event,
              ds: { ...ctx.dataSource },
            });
          return r;
        },
        runBlock: (h, b, ctx) => m.runBlock(h, b, ctx),
      };
      return wrapped;
    },
  });
  await indexer.run();
  const s = (performance.now() - t0) / 1000;
  const cu = process.cpuUsage(c0);
  if (indexer.status.health !== 'healthy')
    throw new Error(`${kind}: ${JSON.stringify(indexer.status.fatalError)}`);
  await (store as unknown as { close(): Promise<void> }).close?.();
  if (keep && kind === 'pglite') {
    rmSync(keep, { recursive: true, force: true });
    cpSync(join(work, 'pg'), keep, { recursive: true });
  }
  rmSync(work, { recursive: true, force: true });
  if (doCapture) capture = cap;
  return {
    events,
    blocks,
    seconds: s,
    cpuSeconds: (cu.user + cu.system) / 1e6,
    mappingMs: indexer.stats.mappingMs,
  };
}

async function mappingOnly() {
  if (!capture) throw new Error('no captured trigger stream');
  const store = new MemoryStore(schema);
  const mods = new Map<string, MappingModule>();
  for (const c of capture)
    if (!mods.has(c.file))
      mods.set(c.file, await loadMappingModule(c.file, { apiVersion: c.apiVersion, schema }));
  let misses = 0;
  const chainAccess = {
    call: ({
      address,
      data,
      block,
    }: {
      address: string;
      data: string;
      block: { number: bigint };
    }) => {
      const k = `${address.toLowerCase()}|${data}|0x${block.number.toString(16)}`;
      const r = calls[k];
      if (r === undefined) {
        misses++;
        return null;
      }
      return r as `0x${string}`;
    },
    getBalance: () => 0n,
    hasCode: () => true,
  };
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let ok = 0,
    failed = 0;
  for (const c of capture) {
    const ctx: TriggerContext = {
      store: store as never,
      chain: chainAccess as never,
      dataSource: c.ds,
      createDataSource: () => {},
      log: () => {},
    };
    try {
      await mods.get(c.file)!.runEvent(c.handler, c.event, ctx);
      ok++;
    } catch {
      failed++;
    }
  }
  const s = (performance.now() - t0) / 1000;
  const cu = process.cpuUsage(c0);
  return {
    events: ok,
    failed,
    callMisses: misses,
    blocks,
    seconds: s,
    cpuSeconds: (cu.user + cu.system) / 1e6,
  };
}

// The peer: one `bench/peer.ts --repeat 1` per round (its startup and the replay server's JSON parse
// are outside its timing). `seconds` = from its HTTP server being up to /ready (sync + indexing);
// `secondsWithStartup` = from process start (adds Ponder's build and database setup).
const peerFigures = opt('peer-figures');
async function peerRun(last: boolean) {
  const out: string = await new Promise((res, rej) => {
    const p = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        new URL('peer.ts', import.meta.url).pathname,
        file!,
        '--repeat',
        '1',
        ...(last && peerFigures ? ['--figures', peerFigures] : []),
        ...(opt('peer-log') ? ['--log', opt('peer-log')!] : []),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let o = '';
    p.stdout.on('data', (c) => (o += c));
    p.on('exit', () => res(o));
    p.on('error', rej);
  });
  const j = JSON.parse(out.trim().split('\n').pop()!);
  if (j.error || !j.runs?.[0]) throw new Error(`peer: ${j.error ?? 'no run'}`);
  peerVersion = j.version;
  const x = j.runs[0];
  return {
    events: x.events,
    blocks,
    seconds: x.indexingSeconds,
    secondsWithStartup: x.seconds,
    cpuSeconds: x.cpuSeconds ?? NaN,
    eventsPerSecondWithStartup: Math.round(x.events / x.seconds),
    afterReadySeconds: x.afterReadySeconds,
  };
}
let peerVersion: string | undefined;
const peerErrors: string[] = [];

type Kind = 'mapping' | 'pglite' | 'postgres' | 'peer';
const kinds: Kind[] = [
  'pglite',
  'mapping',
  ...(pgUrl ? ['postgres' as const] : []),
  ...(argv.includes('--peer') ? ['peer' as const] : []),
];
const runs: Record<string, any[]> = { mapping: [], pglite: [], postgres: [], peer: [] };
const tAll = performance.now();
for (let r = 0; r < repeat; r++) {
  // first round: pglite first (captures the trigger stream); later rounds rotate the order
  const order =
    r === 0 ? kinds : [...kinds.slice(r % kinds.length), ...kinds.slice(0, r % kinds.length)];
  for (const k of order) {
    let x: any;
    if (k === 'peer') {
      // a failing peer round is reported, not fatal to our figures
      // (Ponder 1.0.0 aborted once here mid-run on the large recording, PGlite "current transaction is
      // aborted"; the same run passed on retry) — one retry, and every failure is reported.
      for (let attempt = 1; attempt <= 2 && !x; attempt++) {
        try {
          x = await peerRun(r === repeat - 1);
        } catch (e) {
          peerErrors.push(
            `round ${r + 1}, attempt ${attempt}: ${(e as Error).message.slice(0, 1200)}`,
          );
          console.error(
            `[indexing] peer round ${r + 1} attempt ${attempt} failed: ${(e as Error).message.slice(0, 400)}`,
          );
        }
      }
      if (!x) continue;
    } else x = k === 'mapping' ? await mappingOnly() : await endToEnd(k, r === 0 && k === 'pglite');
    const row = {
      ...x,
      eventsPerSecond: Math.round(x.events / x.seconds),
      blocksPerSecond: +(x.blocks / x.seconds).toFixed(1),
      eventsPerCpuSecond: Math.round(x.events / x.cpuSeconds),
    };
    runs[k]!.push({ ...row, round: r });
    console.error(
      `[indexing] ${recMeta.name} round ${r + 1} ${k}: ${row.events} events, ${row.seconds.toFixed(2)} s, ${row.eventsPerSecond} events/s, ${row.blocksPerSecond} blocks/s`,
    );
  }
}
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const med = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return { min: s[0]!, median: +med.toFixed(3), max: s[s.length - 1]!, n: s.length };
};
const summary: any = {
  scenario: recMeta.name,
  accounts: recMeta.accounts,
  days: recMeta.days,
  blocks,
  logs: rec.logs.length,
  repeat,
  totalSeconds: +((performance.now() - tAll) / 1000).toFixed(1),
  peerVersion,
};
for (const k of Object.keys(runs))
  if (runs[k]!.length) {
    summary[k] = {
      events: runs[k]![0].events,
      eventsPerSecond: stats(runs[k]!.map((x) => x.eventsPerSecond)),
      blocksPerSecond: stats(runs[k]!.map((x) => x.blocksPerSecond)),
      seconds: stats(runs[k]!.map((x) => +x.seconds.toFixed(3))),
      eventsPerCpuSecond: stats(
        runs[k]!.map((x) => x.eventsPerCpuSecond).filter((x) => Number.isFinite(x)),
      ),
      runs: runs[k],
    };
  }
if (peerErrors.length) summary.peerErrors = peerErrors;
if (runs.peer!.length) {
  summary.peer.eventsPerSecondWithStartup = stats(
    runs.peer!.map((x) => x.eventsPerSecondWithStartup),
  );
  summary.peer.secondsWithStartup = stats(runs.peer!.map((x) => x.secondsWithStartup));
  // the peer per round against ours in the same round
  const same = (k: string, round: number) => runs[k]!.find((y) => y.round === round)!;
  summary.peer.ratioToMappingOnly = stats(
    runs.peer!.map(
      (x) => +(x.eventsPerSecond / same('mapping', x.round).eventsPerSecond).toFixed(3),
    ),
  );
  summary.peer.ratioToPglite = stats(
    runs.peer!.map(
      (x) => +(x.eventsPerSecond / same('pglite', x.round).eventsPerSecond).toFixed(3),
    ),
  );
  if (runs.postgres!.length)
    summary.peer.ratioToPostgres = stats(
      runs.peer!.map(
        (x) => +(x.eventsPerSecond / same('postgres', x.round).eventsPerSecond).toFixed(3),
      ),
    );
}
// ratio per round (side by side), then its min/median/max
for (const k of ['pglite', 'postgres'])
  if (runs[k]!.length) {
    const ratios = runs[k]!.map(
      (x, i) => +(x.eventsPerSecond / runs.mapping![i].eventsPerSecond).toFixed(3),
    );
    summary[k].ratioToMappingOnly = stats(ratios);
  }
cleanup();
console.log(JSON.stringify(summary));
process.exit(0);
