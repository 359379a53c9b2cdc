// Pins down what the mapping-test runner does about a missing subgraph/generated (a fresh clone):
// it runs `graph codegen` in the subgraph folder, or names the command when it cannot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureGenerated, type RunCommand } from './codegen.ts';

function layout(withGraph: boolean) {
  const root = mkdtempSync(join(tmpdir(), 'cr-codegen-'));
  const subgraph = join(root, 'subgraph');
  const libs = join(root, 'node_modules');
  mkdirSync(subgraph, { recursive: true });
  mkdirSync(join(libs, '.bin'), { recursive: true });
  if (withGraph) writeFileSync(join(libs, '.bin', 'graph'), '#!/bin/sh\n');
  return { root, subgraph, libs };
}

test('generated/ present: nothing is run', (t) => {
  const { root, subgraph, libs } = layout(true);
  t.after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(subgraph, 'generated'));
  const calls: string[][] = [];
  const run: RunCommand = (cmd, args) => {
    calls.push([cmd, ...args]);
    return { status: 0, output: '' };
  };
  assert.equal(
    ensureGenerated(subgraph, libs, () => {}, run),
    true,
  );
  assert.deepEqual(calls, []);
});

test('generated/ missing: graph codegen runs in the subgraph folder', (t) => {
  const { root, subgraph, libs } = layout(true);
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const calls: [string, string[], string][] = [];
  const run: RunCommand = (cmd, args, cwd) => {
    calls.push([cmd, args, cwd]);
    mkdirSync(join(cwd, 'generated'));
    return { status: 0, output: '' };
  };
  const lines: string[] = [];
  assert.equal(
    ensureGenerated(subgraph, libs, (s) => lines.push(s), run),
    true,
  );
  assert.deepEqual(calls, [[join(libs, '.bin', 'graph'), ['codegen'], subgraph]]);
  assert.match(lines[0], /generated is missing: running graph codegen/);
});

test('codegen failing or graph-cli absent: false, with the one command to run', (t) => {
  const failing = layout(true);
  const absent = layout(false);
  t.after(() => {
    rmSync(failing.root, { recursive: true, force: true });
    rmSync(absent.root, { recursive: true, force: true });
  });
  const lines: string[] = [];
  const run: RunCommand = () => ({ status: 1, output: 'Failed to load subgraph\n' });
  assert.equal(
    ensureGenerated(failing.subgraph, failing.libs, (s) => lines.push(s), run),
    false,
  );
  assert.match(
    lines.at(-1)!,
    /graph codegen failed .*npm run codegen -w subgraph.*\nFailed to load subgraph/s,
  );
  const never: RunCommand = () => {
    throw new Error('must not run');
  };
  assert.equal(
    ensureGenerated(absent.subgraph, absent.libs, (s) => lines.push(s), never),
    false,
  );
  assert.match(lines.at(-1)!, /graph-cli is not installed .*`npm run codegen -w subgraph`/);
});
