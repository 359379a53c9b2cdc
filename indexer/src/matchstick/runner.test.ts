// The matchstick-as runner on the fixture mini-subgraph: passing suite, shouldFail, failure
// details, compile errors and trapping handlers reported as failed tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConfig, runMatchstick } from './cli.ts';
import { FIXTURES } from '../../test-fixtures/compiled-fixtures.ts';

test('fixture suite: every test passes, describe/hook order and shouldFail honoured', async () => {
  const out: string[] = [];
  const s = await runMatchstick(readConfig(join(FIXTURES, 'matchstick.yaml')), [], (l) =>
    out.push(l),
  );
  assert.equal(s.failed, 0, out.join('\n'));
  assert.equal(s.passed, 19);
  const logged = s.results.find((r) => r.name.startsWith('logStore'))!;
  assert.match(logged.logs.join('\n'), /"logged": \{[\s\S]*"balance": "42"/); // logStore
  assert.match(logged.logs.join('\n'), /"transferCount": "2"/); // logEntity
  const names = s.results.map((r) => [...r.path, r.name].join(' › '));
  assert.deepEqual(names.slice(0, 4), [
    'handleTransfer › mint creates token, transfer and accounts',
    'handleTransfer › store is cleared by afterEach',
    'handleTransfer › critical log fails the handler',
    'handleTransfer › a failing assertion is reported',
  ]);
  const assertion = s.results.find((r) => r.name === 'a failing assertion is reported')!;
  assert.ok(assertion.shouldFail && assertion.passed);
});

test('compile errors and trapping handlers become failed tests with clear messages', async () => {
  const out: string[] = [];
  const s = await runMatchstick(readConfig(join(FIXTURES, 'matchstick-broken.yaml')), [], (l) =>
    out.push(l),
  );
  assert.equal(s.passed, 1);
  assert.equal(s.failed, 4);
  const text = out.join('\n');
  assert.match(text, /broken\.test\.ts: compile error/);
  assert.match(text, /TS2322: Type '~lib\/string\/String' is not assignable/);
  assert.match(text, /✘ handler that traps fails the test[\s\S]*with message: token must exist/);
  assert.match(
    text,
    /✘ missing required field fails the test[\s\S]*Entity Account\[bad\]: missing value for non-nullable field `transferCount`/,
  );
  assert.match(text, /✔ still runs after a trap/);
});

test('filter argument and failing assertions show expected vs actual; exit code 1 on failure', async () => {
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(new URL('./cli.ts', import.meta.url)),
      '--config',
      join(FIXTURES, 'matchstick-broken.yaml'),
      'trap',
    ],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.at(-1), '1 passed, 3 failed');
  assert.match(
    r.stdout,
    /✘ failing fieldEquals shows expected and actual[\s\S]*Account\[acc\]: expected field 'balance' to equal '8', but was '7' instead/,
  );
  assert.doesNotMatch(r.stdout, /compile error/);
});
