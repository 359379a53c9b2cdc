// Crashes on PostgreSQL (DATABASE_URL store): SIGKILL the indexer mid-flush (inside the store
// transaction, and at a flush's start) >= 8 times, restarting on the same database schema each
// time; the final state hash equals the reference (a clean PGlite index — the same hash across
// both drivers). Needs TEST_DATABASE_URL (skipped when unset or unreachable).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  diffTables,
  missingPiece,
  referenceIndex,
  rmrf,
  rng,
  root,
  startSmallDevnet,
  stateHash,
  subgraphFor,
  tempDir,
  type StateHash,
} from './harness.ts';
import { openPostgres } from '../../indexer/src/store/driver.ts';
import { schemaNameFor } from '../../indexer/src/store/layout.ts';

const DB = process.env.TEST_DATABASE_URL ?? '';
if (!DB && process.env.CI === 'true')
  throw new Error(
    'crash-postgres: TEST_DATABASE_URL is unset in CI (bash scripts/ci-setup.sh writes it)',
  );
const missing = missingPiece() ?? (DB ? null : 'TEST_DATABASE_URL');
const skip = missing ? `missing piece: ${missing}` : false;

let devnet: Awaited<ReturnType<typeof startSmallDevnet>> | null = null;
let dir = '',
  work = '',
  schema = '';
let reference: StateHash;

before(async () => {
  if (missing) return;
  devnet = await startSmallDevnet(33, 2, 10);
  dir = subgraphFor(devnet.deployment);
  work = tempDir('crash-pg');
  reference = (await referenceIndex(devnet.rpcUrl!, dir, join(work, 'reference'))).state;
});
after(async () => {
  if (schema) {
    const d = await openPostgres(DB);
    await d.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await d.close();
  }
  await devnet?.stop();
  rmrf(work);
  rmrf(dir);
});

function runChild(
  env: Record<string, string>,
  external?: number,
): Promise<{ code: number | null; signal: string | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(root, 'tests/reliability/crash-child.ts'),
        devnet!.rpcUrl!,
        dir,
        join(work, 'unused'),
        '1',
      ],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, DATABASE_URL: DB, ...env },
      },
    );
    let out = '',
      err = '',
      armed = false;
    const guard = setTimeout(() => p.kill('SIGKILL'), 180_000);
    p.stdout.on('data', (c: Buffer) => {
      out += c;
      if (external && !armed && [...out.matchAll(/^tx (\d+)$/gm)].length >= external) {
        armed = true;
        p.kill('SIGKILL');
      }
    });
    p.stderr.on('data', (c: Buffer) => (err += c));
    p.on('exit', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, out, err });
    });
  });
}

test(
  'PostgreSQL store: >= 8 SIGKILLs mid-flush, restarted each time: final state equals the reference',
  { skip, timeout: 1_200_000 },
  async () => {
    const r = rng(Number(process.env.RELIABILITY_SEED ?? 11));
    // Start clean for this deployment (a previous aborted run may have left the schema).
    const first = await runChild({ RESET: '1', KILL_AT_TX: '1', KILL_AT_QUERY: '1' });
    assert.equal(first.signal, 'SIGKILL', first.err.slice(-1000));
    const kills: string[] = ['tx1/stmt1'];
    for (let attempt = 0; kills.length < 8 && attempt < 20; attempt++) {
      const self = r() < 0.6;
      const n = 1 + Math.floor(r() * 4),
        k = 1 + Math.floor(r() * 6);
      const run = self
        ? await runChild({ KILL_AT_TX: String(n), KILL_AT_QUERY: String(k) })
        : await runChild({}, n);
      if (run.signal === 'SIGKILL')
        kills.push(self ? `tx${n}/stmt${k}` : `external at tx${n} start`);
      else {
        assert.equal(run.code, 0, run.err.slice(-1500));
        break;
      }
    }
    const fin = await runChild({});
    assert.equal(fin.code, 0, fin.err.slice(-1500));
    const dep = /^deployment (\S+)$/m.exec(fin.out)![1];
    schema = schemaNameFor(dep);
    const d = await openPostgres(DB);
    let got: StateHash;
    try {
      got = await stateHash(d, schema);
    } finally {
      await d.close();
    }
    console.log(
      `# crash (PostgreSQL): ${kills.length} SIGKILLs survived (${kills.join(', ')}); hash ${got.hash.slice(0, 16)} vs PGlite reference ${reference.hash.slice(0, 16)}`,
    );
    assert.ok(kills.length >= 8, `only ${kills.length} kills landed`);
    assert.equal(got.hash, reference.hash, diffTables(got, reference));
  },
);
