#!/usr/bin/env node
// Runs every test suite of the project and ends with one summary line "N passed, N failed".
// Suites are plain commands; their counts are read from node:test's TAP summary ("# pass N",
// "# fail N") or from a closing "N passed, N failed" line (the matchstick-as runner).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2); // e.g. `npm test -- unit mappings`

function findTests(dir, pattern = /\.test\.(ts|mjs)$/) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === '.next' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p, pattern));
    else if (pattern.test(name)) out.push(relative(root, p));
  }
  return out.sort();
}

const nodeTest = (files, extra = []) =>
  files.length ? ['node', ['--import', 'tsx', '--test', '--test-reporter=tap', ...extra, ...files]] : null;

const suites = [
  // graph codegen + graph build (subgraph/build, used by the e2e suites), then one build per
  // network in networks.json, as a graph-node deployment would build it.
  {
    name: 'build',
    cmd: () => ['bash', ['-c', 'npm run -s build -w subgraph > /tmp/cr-subgraph-build.log 2>&1 || { cat /tmp/cr-subgraph-build.log; echo "build: 0 passed, 1 failed"; exit 1; }; npm run -s build:all -w subgraph']],
  },
  {
    name: 'unit',
    cmd: () => nodeTest([
      ...findTests(join(root, 'contracts-abi')),
      ...findTests(join(root, 'indexer/src')),
      ...findTests(join(root, 'devnet/src')),
      ...findTests(join(root, 'dashboard/lib')),
      ...findTests(join(root, 'subgraph/scripts')),
      ...findTests(join(root, 'scripts')),
    ]),
  },
  { name: 'mappings', cmd: () => (existsSync(join(root, 'indexer/src/matchstick/cli.ts')) ? ['npm', ['run', '-s', 'test:mappings']] : null) },
  { name: 'e2e', cmd: () => nodeTest(findTests(join(root, 'tests/e2e')), ['--test-concurrency=1']) },
  { name: 'browser', cmd: () => nodeTest(findTests(join(root, 'tests/browser')), ['--test-concurrency=1']) },
  // The reliability files that fit npm test's time budget (~1.5 min): bad input, handler failure,
  // API security. Crashes, RPC faults and reorgs have shorter versions in e2e; the whole suite
  // (kill -9 x 20, reorg depths to 50, 200-client load, soak) is `npm run test:reliability`.
  {
    name: 'reliability',
    cmd: () => nodeTest(['bad-input', 'handler-failure', 'security'].map((f) => `tests/reliability/${f}.test.ts`), ['--test-concurrency=1']),
  },
];

function run(name, [bin, args]) {
  return new Promise((resolve) => {
    const started = Date.now();
    console.log(`\n=== suite ${name}: ${bin} ${args.join(' ')}`);
    const child = spawn(bin, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let tail = '';
    const onData = (stream) => (chunk) => {
      stream.write(chunk);
      tail = (tail + chunk.toString()).slice(-20000);
    };
    child.stdout.on('data', onData(process.stdout));
    child.stderr.on('data', onData(process.stderr));
    child.on('close', (code) => {
      let passed = 0, failed = 0, counted = false;
      const tap = [...tail.matchAll(/^# (pass|fail) (\d+)$/gm)];
      if (tap.length) {
        counted = true;
        for (const [, kind, n] of tap) kind === 'pass' ? (passed = +n) : (failed = +n);
      } else {
        const plain = [...tail.matchAll(/^(?:[\w-]+: )?(\d+) passed, (\d+) failed/gm)].pop();
        if (plain) { counted = true; passed = +plain[1]; failed = +plain[2]; }
      }
      // A suite that exits non-zero without a failing count still counts as one failure.
      if (code !== 0 && failed === 0) failed = 1;
      if (!counted && code === 0) console.log(`suite ${name}: no counts found in its output`);
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`=== suite ${name}: ${passed} passed, ${failed} failed (${secs}s, exit ${code})`);
      resolve({ name, passed, failed });
    });
  });
}

let passed = 0, failed = 0;
for (const suite of suites) {
  if (only.length && !only.includes(suite.name)) continue;
  const cmd = suite.cmd();
  if (!cmd) { console.log(`\n=== suite ${suite.name}: no tests yet`); continue; }
  const r = await run(suite.name, cmd);
  passed += r.passed; failed += r.failed;
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
