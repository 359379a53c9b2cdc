// Crash safety: a process SIGKILLed while committing batches into a PGlite data dir leaves a
// store whose data equals indexing exactly up to its cursor; resuming ends in the same state as
// an uninterrupted run (nothing lost, nothing doubled).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from './index.ts';
import { fixtureSchema, makeBatches, dumpStore } from '../../test-fixtures/store/fixture.ts';

const BLOCKS = 60;
const child = new URL('../../test-fixtures/store/crash-child.ts', import.meta.url).pathname;
const cwd = new URL('../..', import.meta.url).pathname;

function run(
  dir: string,
  killAfterCommits: number | null,
): Promise<{ committed: number[]; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, dir, String(BLOCKS)], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const committed: number[] = [];
    let buf = '',
      err = '',
      killed = false;
    p.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      for (let i; (i = buf.indexOf('\n')) >= 0; buf = buf.slice(i + 1)) {
        const m = /^committed (\d+)/.exec(buf.slice(0, i));
        if (m) committed.push(Number(m[1]));
        if (killAfterCommits !== null && committed.length === killAfterCommits && !killed) {
          killed = true;
          // Kill in the middle of a following batch (a few ms into it).
          setTimeout(() => p.kill('SIGKILL'), 3 + Math.floor(Math.random() * 15));
        }
      }
    });
    p.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    p.on('exit', (code, sig) =>
      sig === 'SIGKILL' || code === 0
        ? resolve({ committed, killed: sig === 'SIGKILL' })
        : reject(new Error(`child exited ${code}: ${err}`)),
    );
  });
}

test(
  'SIGKILL mid-commit: store equals indexing up to its cursor; resume completes identically',
  { timeout: 240_000 },
  async () => {
    const schema = fixtureSchema();
    const batches = makeBatches({ blocks: BLOCKS, accounts: 40, seed: 9, perBlock: 40 });
    const dir = mkdtempSync(join(tmpdir(), 'cr-crash-'));
    try {
      const first = await run(dir, 4);
      assert.ok(first.killed, 'child was killed');
      let s = await openStore({ schema, deployment: 'crash', dataDir: dir });
      const cursor = (await s.getCursor())!;
      assert.ok(
        cursor.number >= first.committed.at(-1)!,
        `cursor ${cursor.number} not behind the last reported commit`,
      );
      if (process.env.DEBUG_CRASH)
        console.log(
          `killed after commits ${first.committed.join(',')}; cursor on reopen ${cursor.number}`,
        );
      const got = await dumpStore(s);
      await s.close();
      // Reference: an uninterrupted in-memory store indexed exactly up to that cursor.
      const ref = await openStore({ schema, deployment: 'ref' });
      for (const b of batches) if (b.cursor.number <= cursor.number) await ref.commitBatch(b);
      assert.equal(got, await dumpStore(ref), `state at cursor ${cursor.number}`);
      for (const b of batches) if (b.cursor.number > cursor.number) await ref.commitBatch(b);
      const second = await run(dir, null);
      assert.equal(second.committed[0], cursor.number + 2, 'resumed right after the cursor');
      s = await openStore({ schema, deployment: 'crash', dataDir: dir });
      assert.equal(
        await dumpStore(s),
        await dumpStore(ref),
        'final state equals the uninterrupted run',
      );
      assert.equal((await s.getCursor())!.number, BLOCKS);
      await s.close();
      await ref.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
