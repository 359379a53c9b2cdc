#!/usr/bin/env node
// Runs every test suite of the project and ends with one summary line
// "N passed, N failed, N skipped", the skipped tests listed above it with their reasons.
// Suites are plain commands; scripts/test-counts.mjs reads their counts (node:test's TAP summary
// or a closing "N passed, N failed" line) and counts cancelled tests, a suite without tests and
// a non-zero exit as failures.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createCounter, summaryLine } from './test-counts.mjs';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2); // e.g. `npm test -- unit mappings`

function findTests(dir, pattern = /\.test\.(ts|mjs)$/) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === '.next' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p, pattern));
    else if (pattern.test(name)) out.push(relative(root, p));
  }
  return out.sort();
}

/**
 * e2e files left to `npm run test:long` (keep package.json's script in step) so npm test stays
 * under 20 minutes on 2 cores: the cascade proved on a fork (a 300-account, 8-day devnet and 8
 * shocks at two blocks) and the default devnet scenario's coverage.
 */
const LONG_E2E = ['tests/e2e/cascade-fork.test.ts', 'tests/e2e/devnet-scenario.test.ts'];

const nodeTest = (files, extra = []) =>
  files.length
    ? ['node', ['--import', 'tsx', '--test', '--test-reporter=tap', ...extra, ...files]]
    : null;

const suites = [
  // graph codegen + graph build (subgraph/build, used by the e2e suites), then the per-network
  // builds of the devnet (the alerts and risk e2e tests use build/networks/devnet) and a real
  // network, as a graph-node deployment would build them. The mappings compile the same for
  // every network; `npm run test:networks` builds all of networks.json (~5 min on 2 cores).
  {
    name: 'build',
    cmd: () => [
      'bash',
      [
        '-c',
        'npm run -s build -w subgraph > /tmp/cr-subgraph-build.log 2>&1 || { cat /tmp/cr-subgraph-build.log; echo "build: 0 passed, 1 failed"; exit 1; }; npm run -s build:all -w subgraph -- devnet mainnet',
      ],
    ],
  },
  {
    name: 'unit',
    cmd: () =>
      nodeTest([
        ...findTests(join(root, 'contracts-abi')),
        ...findTests(join(root, 'indexer/src')),
        ...findTests(join(root, 'devnet/src')),
        ...findTests(join(root, 'dashboard/lib')),
        ...findTests(join(root, 'dashboard/app')),
        ...findTests(join(root, 'subgraph/scripts')),
        ...findTests(join(root, 'scripts')),
      ]),
  },
  // tsc over the four projects (root: scripts, tests, bench; indexer; devnet; dashboard), each a test.
  {
    name: 'typecheck',
    cmd: () => [
      'bash',
      [
        '-c',
        [
          'passed=0; failed=0',
          'for p in tsconfig.json indexer devnet dashboard; do',
          '  if npx tsc -p "$p"; then passed=$((passed+1)); else failed=$((failed+1)); echo "typecheck: tsc -p $p failed"; fi',
          'done',
          'echo "typecheck: $passed passed, $failed failed"',
          '[ "$failed" = 0 ]',
        ].join('\n'),
      ],
    ],
  },
  // Prettier over the tree (.prettierrc.json, .prettierignore): `npm run format` writes.
  {
    name: 'format',
    cmd: () => [
      'bash',
      [
        '-c',
        'if npx prettier --check --log-level warn .; then echo "format: 1 passed, 0 failed"; else echo "format: files above need npm run format"; echo "format: 0 passed, 1 failed"; exit 1; fi',
      ],
    ],
  },
  { name: 'mappings', cmd: () => ['npm', ['run', '-s', 'test:mappings']] },
  // The longest e2e files (LONG_E2E) run in `npm run test:long`, which CI runs after npm test.
  {
    name: 'e2e',
    cmd: () =>
      nodeTest(
        findTests(join(root, 'tests/e2e')).filter((f) => !LONG_E2E.includes(f)),
        ['--test-concurrency=1'],
      ),
  },
  {
    name: 'browser',
    cmd: () => nodeTest(findTests(join(root, 'tests/browser')), ['--test-concurrency=1']),
  },
  // The reliability suite as strong as `npm run test:reliability` on the crash, reorg and RPC
  // fault paths, at npm test's size: state hashes over every entity version and data source on
  // the real contracts; SIGKILLs mid-flush on one data dir and the CLI (the full suite: 4 dirs,
  // >= 20 kills); reorgs of depth 5 (removes a liquidation) and 20 (removes a template's
  // creation) while following the head (the full suite adds 1, 2, 50); every RPC fault kind
  // with a bad block hash, and an empty eth_getLogs (the full suite adds 15 % faults alone). Plus bad input, a failing handler and API security.
  // The 200-client load, the soak and the bundle scan are `npm run test:reliability` only.
  {
    name: 'reliability',
    env: {
      RELIABILITY_CRASH_CHAINS: '1',
      RELIABILITY_REORG_DEPTHS: '5,20',
      RELIABILITY_RPC_TESTS: 'empty-logs,all',
    },
    cmd: () =>
      nodeTest(
        ['bad-input', 'handler-failure', 'security', 'crash', 'rpc-faults', 'reorg'].map(
          (f) => `tests/reliability/${f}.test.ts`,
        ),
        ['--test-concurrency=1'],
      ),
  },
  // The same crash, reorg and RPC-fault checks with the indexer writing to PostgreSQL
  // (TEST_DATABASE_URL, from scripts/ci-setup.sh; skipped with the reason when unset, a failure
  // in CI), compared with PGlite references.
  {
    name: 'reliability-postgres',
    env: {
      RELIABILITY_STORE: 'postgres',
      RELIABILITY_REORG_DEPTHS: '5,20',
      RELIABILITY_RPC_TESTS: 'empty-logs,all',
    },
    cmd: () =>
      nodeTest(
        ['crash-postgres', 'rpc-faults', 'reorg'].map((f) => `tests/reliability/${f}.test.ts`),
        ['--test-concurrency=1'],
      ),
  },
  // The dashboard in Chromium over the devnet indexed into PostgreSQL (the same pages and checks
  // as the real-stack browser suite on PGlite).
  {
    name: 'browser-postgres',
    env: { REAL_STACK_STORE: 'postgres' },
    cmd: () => nodeTest(['tests/browser/real-stack.test.ts']),
  },
];

function run(name, [bin, args], env = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    console.log(`\n=== suite ${name}: ${bin} ${args.join(' ')}`);
    const child = spawn(bin, args, {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    const counter = createCounter();
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      counter.push(chunk.toString());
    });
    child.stderr.on('data', (chunk) => process.stderr.write(chunk));
    child.on('close', (code, signal) => {
      const r = counter.result(code ?? 1);
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      const how = signal ? `signal ${signal}` : `exit ${code}`;
      for (const note of r.notes) console.log(`suite ${name}: ${note}`);
      console.log(`=== suite ${name}: ${summaryLine(r)} (${secs}s, ${how})`);
      resolve({ name, ...r });
    });
  });
}

const unknown = only.filter((n) => !suites.some((s) => s.name === n));
if (unknown.length) {
  console.error(
    `unknown suite ${unknown.join(', ')}; suites: ${suites.map((s) => s.name).join(', ')}`,
  );
  process.exit(2);
}

const total = { passed: 0, failed: 0, skipped: 0 };
const skips = [];
for (const suite of suites) {
  if (only.length && !only.includes(suite.name)) continue;
  const cmd = suite.cmd();
  if (!cmd) {
    console.log(`\n=== suite ${suite.name}: no tests found (counted as 1 failed)`);
    total.failed += 1;
    continue;
  }
  const r = await run(suite.name, cmd, suite.env);
  for (const k of Object.keys(total)) total[k] += r[k];
  skips.push(...r.skips.map((s) => ({ suite: suite.name, ...s })));
}
if (skips.length) {
  console.log(`\nskipped:`);
  for (const s of skips) console.log(`  ${s.suite}: ${s.name}${s.reason ? ` (${s.reason})` : ''}`);
}
console.log(`\n${summaryLine(total)}`);
process.exit(total.failed ? 1 : 0);
