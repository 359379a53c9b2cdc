// Pins down how npm test reads a suite's output: cancelled tests fail, skips are counted and named
// with their reasons, todos count as skips, and a suite that ran no test is a failure. The TAP
// sample is the output of Node 20's own tap reporter for a file with those cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCounter, summaryLine } from './test-counts.mjs';

const TAP = `TAP version 13
# Subtest: ok one
ok 1 - ok one
  ---
  duration_ms: 1.37
  ...
ok 2 - skipped one # SKIP no chromium
ok 3 - todo one # TODO later
# Subtest: group
    # Subtest: in group
    not ok 1 - in group
      ---
      failureType: 'cancelledByParent'
      ...
    1..1
not ok 4 - group
# Subtest: nested
    ok 1 - sub skip # SKIP
    ok 2 - name with \\# hash # SKIP devnet down
    ok 3 - sub ok
    1..3
ok 5 - nested
# a child's log line: ok 9 - not a test # SKIP ignored
1..5
# tests 8
# suites 1
# pass 3
# fail 0
# cancelled 1
# skipped 3
# todo 1
# duration_ms 182.97
`;

const count = (text, code, chunkSize = text.length) => {
  const counter = createCounter();
  for (let i = 0; i < text.length; i += chunkSize) counter.push(text.slice(i, i + chunkSize));
  return counter.result(code);
};

test('TAP: cancelled counts as failed, skipped and todo as skipped, each skip named', () => {
  const r = count(TAP, 1);
  assert.equal(r.passed, 3);
  assert.equal(r.failed, 1);
  assert.equal(r.skipped, 4);
  assert.deepEqual(r.skips, [
    { name: 'skipped one', reason: 'no chromium' },
    { name: 'todo one', reason: 'todo: later' },
    { name: 'sub skip', reason: '' },
    { name: 'name with # hash', reason: 'devnet down' },
  ]);
  assert.deepEqual(r.notes, ['1 cancelled (counted as failed)']);
  assert.equal(summaryLine(r), '3 passed, 1 failed, 4 skipped');
});

test('TAP read in small chunks gives the same counts (lines split across chunks)', () => {
  assert.deepEqual(count(TAP, 1, 7), count(TAP, 1));
});

test('a TAP run with no tests is a failure even with exit code 0', () => {
  const r = count('TAP version 13\n1..0\n# tests 0\n# pass 0\n# fail 0\n# cancelled 0\n', 0);
  assert.deepEqual([r.passed, r.failed, r.skipped], [0, 1, 0]);
  assert.deepEqual(r.notes, ['no tests found']);
});

test('matchstick "0 passed, 0 failed" (no test files found) is a failure', () => {
  const r = count('compiling...\n\n0 passed, 0 failed\n', 0);
  assert.equal(r.failed, 1);
  assert.deepEqual(r.notes, ['no tests found']);
});

test('a closing plain line counts, with an optional skipped count and a suite prefix', () => {
  assert.deepEqual(
    [count('x\n12 passed, 0 failed\n', 0)].map((r) => [r.passed, r.failed, r.skipped]),
    [[12, 0, 0]],
  );
  const r = count('typecheck: 3 passed, 1 failed, 2 skipped\n', 1);
  assert.deepEqual([r.passed, r.failed, r.skipped, r.notes], [3, 1, 2, []]);
});

test('no counts in the output: a failure, whatever the exit code', () => {
  assert.equal(count('done\n', 0).failed, 1);
  assert.deepEqual(count('done\n', 0).notes, ['no test counts in its output']);
  assert.equal(count('', 2).failed, 1);
});

test('a non-zero exit with every test passing counts as one failure', () => {
  const r = count('# tests 2\n# pass 2\n# fail 0\n', 1);
  assert.deepEqual([r.passed, r.failed], [2, 1]);
  assert.match(r.notes[0], /exit code 1/);
});

test('the last TAP summary wins over counts echoed earlier in the output', () => {
  const r = count('# pass 99\n# fail 7\nok 1 - a\n# tests 1\n# pass 1\n# fail 0\n', 0);
  assert.deepEqual([r.passed, r.failed], [1, 0]);
});
