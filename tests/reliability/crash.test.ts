// Crashes: the indexer is SIGKILLed at >= 20 points during the sync of a small devnet (inside a
// store transaction — deterministically after the K-th statement of a flush —, right as a flush
// starts, and at random times, plus the real CLI), restarted on the same data dir each time;
// the final state hash equals the reference (a clean uninterrupted index).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  diffTables,
  hashDataDir,
  missingPiece,
  referenceIndex,
  rmrf,
  rng,
  root,
  startSmallDevnet,
  subgraphFor,
  tempDir,
  type StateHash,
} from './harness.ts';

const missing = missingPiece();
const skip = missing ? `missing piece: ${missing}` : false;
const SEED = Number(process.env.RELIABILITY_SEED ?? 7);
// Data dirs killed repeatedly (>= 6 kills each; 1-, 2- and 3-block flushes in turn), then the CLI
// 3 times. 4 data dirs: >= 20 kills. npm test runs 1 (1-block flushes): >= 5 kills mid-flush.
const CHAINS = Number(process.env.RELIABILITY_CRASH_CHAINS ?? 4);
const MIN_KILLS = CHAINS * 5;

let devnet: Awaited<ReturnType<typeof startSmallDevnet>> | null = null;
let dir = '',
  work = '';
let reference: StateHash;

before(async () => {
  if (missing) return;
  devnet = await startSmallDevnet(31, 2, 10);
  dir = subgraphFor(devnet.deployment);
  work = tempDir('crash');
  reference = (await referenceIndex(devnet.rpcUrl!, dir, join(work, 'reference'))).state;
});
after(async () => {
  await devnet?.stop();
  rmrf(work);
  rmrf(dir);
});

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
  txs: number;
}

/** One child run; `external(txNo)` returns a delay after which the parent SIGKILLs (or null). */
function runChild(
  dataDir: string,
  env: Record<string, string>,
  flushBlocks: number,
  external?: { atTx: number; delayMs: number },
): Promise<Run> {
  return new Promise((resolve) => {
    const p = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(root, 'tests/reliability/crash-child.ts'),
        devnet!.rpcUrl!,
        dir,
        dataDir,
        String(flushBlocks),
      ],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, DATABASE_URL: '', ...env },
      },
    ); // PGlite data dir (crash-postgres.test.ts covers PostgreSQL)
    let out = '',
      err = '',
      txs = 0,
      armed = false;
    const guard = setTimeout(() => p.kill('SIGKILL'), 180_000);
    p.stdout.on('data', (c: Buffer) => {
      out += c;
      txs = [...out.matchAll(/^tx (\d+)$/gm)].length;
      if (external && !armed && txs >= external.atTx) {
        armed = true;
        if (external.delayMs === 0) p.kill('SIGKILL');
        else setTimeout(() => p.kill('SIGKILL'), external.delayMs);
      }
    });
    p.stderr.on('data', (c: Buffer) => (err += c));
    p.on('exit', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, out, err, txs });
    });
  });
}

test(
  `SIGKILL at >= ${MIN_KILLS} points during sync (mid-flush included), restarted each time: final state equals the reference`,
  { skip, timeout: 1_500_000 },
  async () => {
    const r = rng(SEED);
    const kills: string[] = [];
    for (let c = 0; c < CHAINS; c++) {
      const dataDir = join(work, `chain-${c}`);
      const flushBlocks = 1 + (c % 3);
      // Kill repeatedly on one data dir until >= 6 kills landed, then a clean finishing run.
      for (let attempt = 0, landed = 0; landed < 6 && attempt < 15; attempt++) {
        const kind = Math.floor(r() * 3);
        let run: Run, what: string;
        if (kind === 0) {
          // Deterministic: inside the N-th transaction, after the K-th statement (before COMMIT).
          const n = 1 + Math.floor(r() * 4),
            k = 1 + Math.floor(r() * 6);
          what = `self tx${n}/stmt${k}`;
          run = await runChild(
            dataDir,
            { KILL_AT_TX: String(n), KILL_AT_QUERY: String(k) },
            flushBlocks,
          );
        } else if (kind === 1) {
          const n = 1 + Math.floor(r() * 5);
          what = `external at tx${n} start`;
          run = await runChild(dataDir, {}, flushBlocks, { atTx: n, delayMs: 0 });
        } else {
          const n = 1 + Math.floor(r() * 3),
            ms = 1 + Math.floor(r() * 400);
          what = `external ${ms} ms after tx${n}`;
          run = await runChild(dataDir, {}, flushBlocks, { atTx: n, delayMs: ms });
        }
        if (run.signal === 'SIGKILL') {
          landed++;
          kills.push(`chain${c} ${what} (after ${run.txs} txs)`);
        } else
          assert.equal(
            run.code,
            0,
            `run ended without the kill and not cleanly: ${run.err.slice(-2000)}`,
          );
        if (run.out.includes('done healthy')) break; // synced before the kill point: chain done
      }
      const fin = await runChild(dataDir, {}, flushBlocks);
      assert.equal(fin.code, 0, `final run failed: ${fin.err.slice(-2000)}`);
      const got = await hashDataDir(dataDir);
      assert.equal(got.hash, reference.hash, `chain ${c}: ${diffTables(got, reference)}`);
    }
    // The real CLI too: SIGKILL after a random delay, then --exit-when-synced.
    const cliDir = join(work, 'cli');
    const cli = (extra: string[]) =>
      spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          join(root, 'indexer/src/cli.ts'),
          '--rpc',
          devnet!.rpcUrl!,
          '--network',
          'devnet',
          '--subgraph',
          dir,
          '--data-dir',
          cliDir,
          '--no-server',
          ...extra,
        ],
        { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: '' } },
      );
    for (let i = 0; i < 3; i++) {
      const p = cli([]);
      let out = '';
      p.stderr.on('data', (c) => (out += c));
      const ms = 2500 + Math.floor(r() * 3000);
      const t = setTimeout(() => p.kill('SIGKILL'), ms);
      const [, signal] = await new Promise<[number | null, string | null]>((res) =>
        p.on('exit', (c, s) => res([c, s])),
      );
      clearTimeout(t);
      if (signal === 'SIGKILL') kills.push(`cli after ${ms} ms`);
    }
    const fin = cli(['--exit-when-synced']);
    let finOut = '';
    fin.stderr.on('data', (c) => (finOut += c));
    const code = await new Promise((res) => fin.on('exit', res));
    assert.equal(code, 0, finOut.slice(-2000));
    const got = await hashDataDir(cliDir);
    assert.equal(got.hash, reference.hash, `cli: ${diffTables(got, reference)}`);

    console.log(
      `# crash: ${kills.length} SIGKILLs survived, final state == reference (${reference.hash.slice(0, 16)}, ${Object.values(reference.counts).reduce((a, b) => a + b, 0)} versions, cursor ${reference.cursor?.number})`,
    );
    for (const k of kills) console.log(`#   ${k}`);
    assert.ok(kills.length >= MIN_KILLS, `only ${kills.length} kills landed`);
  },
);

test(
  'flush size does not change the state hash (a 1-block-flush index equals the reference)',
  { skip, timeout: 600_000 },
  async () => {
    const got = (
      await referenceIndex(devnet!.rpcUrl!, dir, join(work, 'flush1'), {
        flush: { blocks: 1, ms: 10 },
      })
    ).state;
    assert.equal(got.hash, reference.hash, diffTables(got, reference));
  },
);
