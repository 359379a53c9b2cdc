#!/usr/bin/env node
// Builds the subgraph for every network in networks.json (`graph build --network X`), each into
// its own output dir (build/networks/X). Fails loudly naming the network(s) that did not build.
// `graph build --network` rewrites the manifest in place, so the builds run in scratch copies of
// the subgraph (.cache/build-all-PID/wN/subgraph, gitignored, removed at exit), one per worker, and
// the committed subgraph.yaml is never touched (other tools read it meanwhile).
// A network whose entry has no UniswapV3Factory (no Uniswap V3 there, or a devnet without one) is
// built without that data source, and the output says so.
// BUILD_ALL_JOBS=N sets the number of parallel builds (default: the number of cores).
//   npm run build:all -w subgraph [-- NETWORK ...]   (default: all networks)
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { manifestFor } from './manifest-for-network.mjs';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..');
const networksJson = JSON.parse(readFileSync(join(dir, 'networks.json'), 'utf8'));
const all = Object.keys(networksJson);
const wanted = process.argv.slice(2);
const unknown = wanted.filter((n) => !all.includes(n));
if (unknown.length) {
  console.error(`build-all: not in networks.json: ${unknown.join(', ')}`);
  process.exit(2);
}
const networks = wanted.length ? wanted : all;

const root = join(dir, '..');
// one scratch dir per run, so concurrent runs (CI, another shell) never pull files from each other
const scratch = join(root, '.cache', `build-all-${process.pid}`);
rmSync(scratch, { recursive: true, force: true });
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

// each asc compile is single-threaded: one worker per core, each with its own scratch copy of the
// subgraph (graph build --network rewrites that copy's manifest)
const workers = Math.max(
  1,
  Math.min(networks.length, Number(process.env.BUILD_ALL_JOBS) || availableParallelism()),
);
function scratchCopy(i) {
  const work = join(scratch, `w${i}`, 'subgraph');
  mkdirSync(work, { recursive: true });
  for (const f of ['subgraph.yaml', 'schema.graphql', 'networks.json', 'src'])
    cpSync(join(dir, f), join(work, f), { recursive: true });
  // the manifest refers to ../contracts-abi/abis/*.json
  symlinkSync(join(root, 'contracts-abi'), join(scratch, `w${i}`, 'contracts-abi'), 'dir');
  return work;
}

const manifestText = readFileSync(join(dir, 'subgraph.yaml'), 'utf8');

function run(work, args) {
  return new Promise((resolve) => {
    const child = spawn('npx', ['graph', ...args], { cwd: work, env: process.env });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (status) => resolve({ status, out }));
  });
}

const dirs = Array.from({ length: workers }, (_, i) => scratchCopy(i));
const codegens = await Promise.all(dirs.map((w) => run(w, ['codegen'])));
const badCodegen = codegens.find((r) => r.status !== 0);
if (badCodegen) {
  console.error(badCodegen.out);
  console.error('build-all: graph codegen FAILED');
  process.exit(1);
}
const failed = [];
const queue = [...networks];
async function worker(work) {
  for (let net = queue.shift(); net; net = queue.shift()) {
    const t = Date.now();
    // graph build --network rewrites the copy's manifest: each build starts from the committed one
    const manifest = manifestFor(manifestText, networksJson[net]);
    writeFileSync(join(work, 'subgraph.yaml'), manifest.text);
    const without = manifest.left.length
      ? ` without ${manifest.left.join(', ')} (not in its networks.json entry)`
      : '';
    const r = await run(work, [
      'build',
      '--network',
      net,
      '--network-file',
      'networks.json',
      '--output-dir',
      join(dir, 'build/networks', net),
    ]);
    if (r.status !== 0) {
      failed.push(net);
      console.error(
        `\n--- graph build --network ${net} FAILED ---\n${r.out
          .split('\n')
          .filter((l) => /error|✖|fail/i.test(l))
          .join('\n')}`,
      );
    } else {
      console.log(`ok   ${net}${without} (${((Date.now() - t) / 1000).toFixed(1)}s)`);
    }
  }
}
await Promise.all(dirs.map(worker));
// the closing count line is what `npm test` sums up (one "test" per network build)
if (failed.length) {
  console.error(`\nbuild-all: FAILED for network(s): ${failed.join(', ')}`);
  console.log(`build-all: ${networks.length - failed.length} passed, ${failed.length} failed`);
  process.exit(1);
}
console.log(`build-all: ${networks.length} passed, 0 failed`);
