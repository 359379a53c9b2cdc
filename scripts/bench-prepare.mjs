// The benchmark run's preparation and its process helpers: running node scripts and commands,
// the recorded chains (cached under bench/.cache by a key over every input that shapes them) and
// prepare(), which builds and records what the wanted benchmarks need before any measurement.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  writeFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';

/** The helpers bound to one run: its root, cache dir, arguments, wanted benchmarks and log. */
export function benchPreparation({ root, cache, argv, wanted, say, SCENARIOS }) {
  const ver = (p) => {
    try {
      return JSON.parse(readFileSync(join(root, 'node_modules', p, 'package.json'), 'utf8'))
        .version;
    } catch {
      return null;
    }
  };
  /** Runs a node script; resolves { code, stdout, stderr, json (last stdout line parsed) }. Stderr streamed. */
  function runNode(args, { timeoutMs = 20 * 60_000, env = {} } = {}) {
    return new Promise((resolve) => {
      const p = spawn(process.execPath, args, {
        cwd: root,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '',
        err = '';
      p.stdout.on('data', (c) => {
        out += c;
      });
      p.stderr.on('data', (c) => {
        err += c;
        process.stderr.write(c);
      });
      const timer = setTimeout(() => {
        err += `\n(timed out after ${timeoutMs / 1000} s)`;
        p.kill('SIGTERM');
        setTimeout(() => p.kill('SIGKILL'), 5000).unref();
      }, timeoutMs);
      p.on('exit', (code) => {
        clearTimeout(timer);
        let json = null;
        const last = out.trim().split('\n').pop();
        try {
          json = JSON.parse(last);
        } catch {
          /* not JSON */
        }
        resolve({ code, stdout: out, stderr: err, json });
      });
    });
  }
  const tsx = (file, ...a) => ['--import', 'tsx', file, ...a];

  function filesUnder(rel) {
    const out = [];
    const walk = (d) => {
      for (const e of readdirSync(join(root, d), { withFileTypes: true })) {
        const p = `${d}/${e.name}`;
        if (e.isDirectory()) walk(p);
        else if (!e.name.endsWith('.test.ts')) out.push(p);
      }
    };
    if (existsSync(join(root, rel))) walk(rel);
    return out;
  }
  /** Cache key of a scenario's recording: the scenario + every input that shapes the recorded chain or calls. */
  function recordingKey(name) {
    const h = createHash('sha256');
    h.update(
      JSON.stringify({
        name,
        ...SCENARIOS[name],
        hardhat: ver('hardhat'),
        edr: ver('@nomicfoundation/edr'),
      }),
    );
    const files = [
      ...filesUnder('devnet/src'),
      ...filesUnder('devnet/contracts'),
      'devnet/package.json',
      'bench/record.ts',
      ...filesUnder('subgraph/src'),
      'subgraph/subgraph.yaml',
      'subgraph/schema.graphql',
      ...filesUnder('contracts-abi/abis'),
    ].sort();
    for (const f of files) {
      h.update(f);
      h.update(readFileSync(join(root, f)));
    }
    return h.digest('hex').slice(0, 12);
  }
  const recordings = {};
  async function record(name, waitFor) {
    if (recordings[name]) {
      if (recordings[name].error) throw new Error(recordings[name].error);
      return recordings[name];
    }
    const key = recordingKey(name);
    const sc = SCENARIOS[name];
    const file = join(cache, `${name}-${key}.json`);
    if (existsSync(file) && !argv.includes('--rerecord'))
      return (recordings[name] = {
        file,
        key,
        cached: true,
        sizeMB: Math.round(statSync(file).size / 2 ** 20),
      });
    say(
      `recording the ${name} chain (devnet seed ${sc.seed}, ${sc.accounts} accounts, ${sc.days} days) → ${file}`,
    );
    const t = Date.now();
    const r = await runNode(
      tsx(
        'bench/record.ts',
        '--name',
        name,
        '--seed',
        sc.seed,
        '--accounts',
        String(sc.accounts),
        '--days',
        String(sc.days),
        '--out',
        file,
      ),
      { timeoutMs: 40 * 60_000, env: waitFor ? { BENCH_WAIT_FOR: waitFor } : {} },
    );
    if (r.code !== 0) {
      recordings[name] = { error: `recording ${name} failed: ${r.stderr.slice(-800)}` };
      throw new Error(recordings[name].error);
    }
    for (const f of readdirSync(cache))
      if (f !== `${name}-${key}.json` && new RegExp(`^${name}-[0-9a-f]{12}\\.json$`).test(f))
        rmSync(join(cache, f)); // older keys (a legacy <name>.json is left alone)
    const m = /\[record\] devnet .* in (\d+) s/.exec(r.stderr);
    const pass = /\[record\] indexer pass through the proxy: (\d+) s/.exec(r.stderr);
    say(`recorded ${name} in ${Math.round((Date.now() - t) / 1000)} s`);
    return (recordings[name] = {
      file,
      key,
      cached: false,
      seconds: Math.round((Date.now() - t) / 1000),
      generateSeconds: m ? Number(m[1]) : undefined,
      indexerPassSeconds: pass ? Number(pass[1]) : undefined,
      sizeMB: Math.round(statSync(file).size / 2 ** 20),
    });
  }

  /** Runs a command; resolves { code, seconds }. Output to stderr. */
  function runCmd(cmd, args, env = {}) {
    const t = Date.now();
    return new Promise((resolve) => {
      const p = spawn(cmd, args, {
        cwd: root,
        env: { ...process.env, ...env },
        stdio: ['ignore', 2, 2],
      });
      p.on('exit', (code) => resolve({ code, seconds: Math.round((Date.now() - t) / 1000) }));
      p.on('error', () => resolve({ code: -1, seconds: 0 }));
    });
  }
  /**
   * Preparation, before any measurement (its time counts in the total, not in any figure): the
   * subgraph build when there is none, the recordings not in the cache, the dashboard's production
   * build when there is none — in two lanes, since the large recording's devnet history is
   * single-threaded: [large recording] ‖ [subgraph build → default recording → dashboard build].
   * The large recording waits for the subgraph build only at its indexer pass.
   */
  async function prepare() {
    const t = Date.now();
    const prep = {};
    mkdirSync(cache, { recursive: true });
    const needs = (...xs) => xs.some((x) => wanted.includes(x));
    const marker = join(cache, `.subgraph-ready-${process.pid}`);
    rmSync(marker, { force: true });
    const subgraphBuilt = existsSync(join(root, 'subgraph/build/subgraph.yaml'));
    const laneA = async () => {
      if (needs('indexing-large'))
        await record('large', marker).catch((e) => {
          prep.largeError = e.message.slice(0, 300);
        });
    };
    const laneB = async () => {
      if (!subgraphBuilt) {
        say('preparing: building the subgraph (none in subgraph/build)');
        const r = await runCmd('npm', ['run', 'build', '-w', 'subgraph']);
        prep.subgraphBuild = r;
      }
      writeFileSync(marker, '');
      if (needs('indexing', 'graphql', 'dashboard', 'peer'))
        await record('default', marker).catch((e) => {
          prep.defaultError = e.message.slice(0, 300);
        });
      if (
        needs('indexing', 'indexing-large', 'peer') &&
        !existsSync(join(root, 'bench/peer/node_modules/.bin/ponder'))
      ) {
        say(
          'preparing: installing the peer (npm install --prefix bench/peer, versions from its lockfile)',
        );
        prep.peerInstall = await runCmd('npm', [
          'install',
          '--prefix',
          'bench/peer',
          '--no-save',
          '--no-audit',
          '--no-fund',
        ]);
      }
      if (needs('dashboard') && !existsSync(join(root, 'dashboard/.next/BUILD_ID'))) {
        say('preparing: building the dashboard (no dashboard/.next)');
        prep.dashboardBuild = await runCmd('npm', ['run', 'build', '-w', 'dashboard'], {
          NEXT_TELEMETRY_DISABLED: '1',
        });
      }
    };
    await Promise.all([laneA(), laneB()]);
    rmSync(marker, { force: true });
    // the measured WASM is subgraph/build; say so when it is older than the mappings' sources
    const built = join(root, 'subgraph/build/subgraph.yaml');
    if (existsSync(built)) {
      const bt = statSync(built).mtimeMs;
      const newer = [
        ...filesUnder('subgraph/src'),
        'subgraph/subgraph.yaml',
        'subgraph/schema.graphql',
      ].filter((f) => statSync(join(root, f)).mtimeMs > bt);
      if (newer.length) prep.subgraphBuildOlderThan = newer.slice(0, 5);
    }
    prep.recordings = Object.fromEntries(
      Object.entries(recordings).map(([k, v]) => [
        k,
        v.error
          ? { error: v.error.slice(0, 300) }
          : {
              cached: v.cached,
              seconds: v.seconds,
              generateSeconds: v.generateSeconds,
              indexerPassSeconds: v.indexerPassSeconds,
              sizeMB: v.sizeMB,
            },
      ]),
    );
    prep.seconds = Math.round((Date.now() - t) / 1000);
    return prep;
  }
  return { ver, runNode, tsx, filesUnder, recordingKey, record, recordings, runCmd, prepare };
}
