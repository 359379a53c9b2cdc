// The dashboard's browser suite against the real local stack: devnet → indexer → dashboard.
// 1. a stack already running (REAL_SUBGRAPH_URL, or GraphQL with data on 127.0.0.1:8000), else
// 2. the devnet and indexer CLIs on ephemeral ports (short seeded history, --no-live; the subgraph
//    is built for devnet in .cache/dsg when subgraph/build targets another network), or with
//    REAL_STACK=start, `node scripts/start.mjs --no-live`.
// A stack that does not come up (devnet, subgraph build, indexer short of the head, `npm start`
// exiting) fails the suite with the piece named; only REAL_STACK=0 skips it.
// REAL_STACK_STORE=postgres runs the indexer CLI on PostgreSQL (DATABASE_URL = TEST_DATABASE_URL,
// from scripts/ci-setup.sh): the same pages over the other store. Without the URL it is skipped
// with the reason, and fails in CI.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineDashboardSuite } from './suite.ts';
import { freePort, ROOT } from './harness.ts';

const URL_ =
  process.env.REAL_SUBGRAPH_URL ?? 'http://127.0.0.1:8000/subgraphs/name/collateral-radar';
const STATUS = process.env.REAL_INDEX_NODE_URL ?? 'http://127.0.0.1:8030/graphql';
const START_TIMEOUT_MS = Number(process.env.REAL_STACK_TIMEOUT_MS ?? 6 * 60_000);
const POSTGRES = process.env.REAL_STACK_STORE === 'postgres';

async function hasData(url: string): Promise<boolean> {
  try {
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      signal: AbortSignal.timeout(3000),
      body: JSON.stringify({
        query:
          '{ _meta { block { number hash } } markets(first: 1) { id } accounts(first: 1) { id } }',
      }),
    });
    const j = (await r.json()) as {
      data?: { _meta?: { block?: { hash?: string } }; markets?: unknown[]; accounts?: unknown[] };
    };
    return !!(j.data?._meta?.block?.hash && j.data.markets?.length && j.data.accounts?.length);
  } catch {
    return false;
  }
}

function spawnGroup(cmd: string, args: string[], logName: string, env: NodeJS.ProcessEnv = {}) {
  const p = spawn(cmd, args, {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', ...env },
  });
  let log = '';
  const on = (c: Buffer) => {
    log = (log + c).slice(-20000);
  };
  p.stdout!.on('data', on);
  p.stderr!.on('data', on);
  const stop = () =>
    new Promise<void>((ok) => {
      if (p.exitCode != null || p.signalCode) return ok();
      p.once('exit', () => ok());
      try {
        process.kill(-p.pid!, 'SIGTERM');
      } catch {
        return ok();
      }
      setTimeout(() => {
        try {
          process.kill(-p.pid!, 'SIGKILL');
        } catch {
          /* gone */
        }
        ok();
      }, 8000).unref();
    });
  return { p, stop, log: () => log, name: logName };
}

function newest(dir: string): number {
  let t = 0;
  for (const n of readdirSync(dir)) {
    const f = join(dir, n);
    const st = statSync(f);
    t = Math.max(t, st.isDirectory() ? newest(f) : st.mtimeMs);
  }
  return t;
}

/** A subgraph build for the devnet: subgraph/build if it targets devnet, else a copy built in .cache/dsg. */
function devnetSubgraphBuild(): string {
  const sg = join(ROOT, 'subgraph');
  if (!existsSync(join(sg, 'subgraph.yaml')))
    throw new Error('The subgraph (subgraph/subgraph.yaml) is missing.');
  // `npm start` / subgraph build-all output for the devnet
  const perNet = join(sg, 'build', 'networks', 'devnet');
  if (
    existsSync(join(perNet, 'subgraph.yaml')) &&
    statSync(join(perNet, 'subgraph.yaml')).mtimeMs >
      Math.max(newest(join(sg, 'src')), statSync(join(sg, 'schema.graphql')).mtimeMs)
  )
    return perNet;
  const own = join(sg, 'build', 'subgraph.yaml');
  if (
    existsSync(own) &&
    /network:\s*devnet/.test(readFileSync(own, 'utf8')) &&
    statSync(own).mtimeMs >
      Math.max(newest(join(sg, 'src')), statSync(join(sg, 'networks.json')).mtimeMs)
  )
    return join(sg, 'build');
  const base = join(ROOT, '.cache', 'dsg');
  const out = join(base, 'subgraph', 'build');
  const stamp = join(out, 'subgraph.yaml');
  const srcNewest = Math.max(
    newest(join(sg, 'src')),
    statSync(join(sg, 'subgraph.yaml')).mtimeMs,
    statSync(join(sg, 'schema.graphql')).mtimeMs,
    statSync(join(sg, 'networks.json')).mtimeMs,
  );
  if (existsSync(stamp) && statSync(stamp).mtimeMs > srcNewest) return out;
  rmSync(join(base, 'subgraph'), { recursive: true, force: true });
  mkdirSync(base, { recursive: true });
  for (const n of ['schema.graphql', 'subgraph.yaml', 'networks.json', 'package.json', 'src'])
    cpSync(join(sg, n), join(base, 'subgraph', n), { recursive: true });
  if (!existsSync(join(base, 'contracts-abi')))
    symlinkSync(join(ROOT, 'contracts-abi'), join(base, 'contracts-abi'));
  for (const args of [
    ['graph', 'codegen'],
    ['graph', 'build', '--network', 'devnet'],
  ]) {
    const r = spawnSync('npx', args, { cwd: join(base, 'subgraph'), encoding: 'utf8' });
    if (r.status !== 0) {
      throw new Error(
        `The devnet build of the subgraph failed (\`${args.join(' ')}\` in .cache/dsg/subgraph): ${(r.stdout + r.stderr).slice(-400)}`,
      );
    }
  }
  return out;
}

/** The devnet and indexer CLIs on ephemeral ports; throws, naming the piece, when one fails. */
async function startViaClis(): Promise<{
  url: string;
  statusUrl: string;
  close: () => Promise<void>;
}> {
  const rpcPort = await freePort();
  const devnet = spawnGroup(
    'npx',
    [
      'tsx',
      'devnet/src/cli.ts',
      '--seed',
      '3',
      '--accounts',
      '40',
      '--days',
      '4',
      '--no-live',
      '--port',
      String(rpcPort),
      '--quiet',
    ],
    'devnet',
  );
  const stopAll: Array<() => Promise<void>> = [devnet.stop];
  const close = async () => {
    for (const f of stopAll.reverse()) await f();
  };
  let endBlock = 0;
  const t0 = Date.now();
  while (!(endBlock = Number(/history end block (\d+)/.exec(devnet.log())?.[1] ?? 0))) {
    if (devnet.p.exitCode != null || Date.now() - t0 > START_TIMEOUT_MS) {
      await close();
      throw new Error(
        `The devnet did not start (exit ${devnet.p.exitCode}): ${devnet.log().slice(-500)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  let build: string;
  try {
    build = devnetSubgraphBuild();
  } catch (e) {
    await close();
    throw e;
  }
  const [gqlPort, statusPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), 'cr-indexer-'));
  const indexer = spawnGroup(
    'npx',
    [
      'tsx',
      'indexer/src/cli.ts',
      '--rpc',
      `http://127.0.0.1:${rpcPort}`,
      '--network',
      'devnet',
      '--subgraph',
      build,
      '--data-dir',
      dataDir,
      '--port',
      String(gqlPort),
      '--status-port',
      String(statusPort),
      '--reset',
    ],
    'indexer',
    POSTGRES ? { DATABASE_URL: process.env.TEST_DATABASE_URL } : {},
  );
  stopAll.push(async () => {
    await indexer.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const url = `http://127.0.0.1:${gqlPort}/subgraphs/name/collateral-radar`;
  for (;;) {
    const head = await metaBlock(url);
    if (head >= endBlock) break;
    if (indexer.p.exitCode != null || Date.now() - t0 > START_TIMEOUT_MS) {
      await close();
      const how =
        indexer.p.exitCode != null
          ? `exited with ${indexer.p.exitCode}`
          : `not there within ${START_TIMEOUT_MS / 1000} s`;
      throw new Error(
        `The indexer did not reach the devnet head (block ${head} of ${endBlock}, ${how}): ${indexer.log().slice(-600)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  return { url, statusUrl: `http://127.0.0.1:${statusPort}/graphql`, close };
}

async function metaBlock(url: string): Promise<number> {
  try {
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      signal: AbortSignal.timeout(3000),
      body: JSON.stringify({ query: '{ _meta { block { number } } }' }),
    });
    return Number(
      ((await r.json()) as { data?: { _meta?: { block?: { number?: number } } } }).data?._meta
        ?.block?.number ?? -1,
    );
  } catch {
    return -1;
  }
}

/** `node scripts/start.mjs --no-live` until the endpoint has data; throws when it exits or times out. */
async function startViaNpmStart(): Promise<{
  url: string;
  statusUrl: string;
  close: () => Promise<void>;
}> {
  let proc: ChildProcess | null = spawn('node', ['scripts/start.mjs', '--no-live'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env },
  });
  let log = '';
  proc.stdout!.on('data', (c) => (log = (log + c).slice(-4000)));
  proc.stderr!.on('data', (c) => (log = (log + c).slice(-4000)));
  const stop = async () => {
    if (!proc || proc.exitCode != null) return;
    const p = proc;
    proc = null;
    await new Promise<void>((ok) => {
      p.once('exit', () => ok());
      try {
        process.kill(-p.pid!, 'SIGTERM');
      } catch {
        ok();
      }
      setTimeout(() => {
        try {
          process.kill(-p.pid!, 'SIGKILL');
        } catch {
          /* gone */
        }
        ok();
      }, 10_000).unref();
    });
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await hasData(URL_))) {
    if (proc.exitCode != null)
      throw new Error(
        `\`npm start -- --no-live\` exited with ${proc.exitCode}: ${log.slice(-600)}`,
      );
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `No indexed data at ${URL_} within ${START_TIMEOUT_MS / 1000} s of \`npm start -- --no-live\`: ${log.slice(-600)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
  return { url: URL_, statusUrl: STATUS, close: stop };
}

defineDashboardSuite({
  name: POSTGRES ? 'real stack: devnet → indexer on PostgreSQL' : 'real stack: devnet → indexer',
  prefix: POSTGRES ? 'real-pg-' : 'real-',
  fixture: false,
  start: async () => {
    if (process.env.REAL_STACK === '0') return 'real stack disabled (REAL_STACK=0)';
    if (POSTGRES) {
      if (!process.env.TEST_DATABASE_URL) {
        const why =
          'REAL_STACK_STORE=postgres needs TEST_DATABASE_URL (bash scripts/ci-setup.sh writes it)';
        if (process.env.CI === 'true') throw new Error(why);
        return why;
      }
      // Our own indexer on PostgreSQL, never a stack that happens to be running.
      return { ...(await startViaClis()), network: 'devnet' };
    }
    if (await hasData(URL_))
      return {
        url: URL_,
        statusUrl: STATUS,
        network: process.env.REAL_NETWORK ?? 'devnet',
        close: async () => {},
      };
    const stack =
      process.env.REAL_STACK === 'start' ? await startViaNpmStart() : await startViaClis();
    return { ...stack, network: 'devnet' };
  },
});
