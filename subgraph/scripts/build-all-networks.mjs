#!/usr/bin/env node
// Builds the subgraph for every network in networks.json (`graph build --network X`), each into
// its own output dir (build/networks/X). Fails loudly naming the network(s) that did not build.
// `graph build --network` rewrites the manifest in place, so the builds run in a scratch copy of
// the subgraph (.cache/build-all-PID/subgraph, gitignored, removed at exit) and the committed subgraph.yaml is never
// touched (other tools read it meanwhile).
//   npm run build:all -w subgraph [-- NETWORK ...]   (default: all networks)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..');
const all = Object.keys(JSON.parse(readFileSync(join(dir, 'networks.json'), 'utf8')));
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
const work = join(scratch, 'subgraph');
rmSync(scratch, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));
for (const f of ['subgraph.yaml', 'schema.graphql', 'networks.json', 'src']) cpSync(join(dir, f), join(work, f), { recursive: true });
// the manifest refers to ../contracts-abi/abis/*.json
if (!existsSync(join(scratch, 'contracts-abi'))) symlinkSync(join(root, 'contracts-abi'), join(scratch, 'contracts-abi'), 'dir');

const run = (args) => spawnSync('npx', ['graph', ...args], { cwd: work, encoding: 'utf8', env: process.env });

const cg = run(['codegen']);
if (cg.status !== 0) {
  console.error(cg.stdout + cg.stderr);
  console.error('build-all: graph codegen FAILED');
  process.exit(1);
}
const failed = [];
for (const net of networks) {
  const t = Date.now();
  const r = run(['build', '--network', net, '--network-file', 'networks.json', '--output-dir', join(dir, 'build/networks', net)]);
  if (r.status !== 0) {
    failed.push(net);
    console.error(`\n--- graph build --network ${net} FAILED ---\n${(r.stdout + r.stderr).split('\n').filter((l) => /error|✖|fail/i.test(l)).join('\n')}`);
  } else {
    console.log(`ok   ${net} (${((Date.now() - t) / 1000).toFixed(1)}s)`);
  }
}
// the closing count line is what `npm test` sums up (one "test" per network build)
if (failed.length) {
  console.error(`\nbuild-all: FAILED for network(s): ${failed.join(', ')}`);
  console.log(`build-all: ${networks.length - failed.length} passed, ${failed.length} failed`);
  process.exit(1);
}
console.log(`build-all: ${networks.length} passed, 0 failed`);
