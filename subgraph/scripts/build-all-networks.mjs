#!/usr/bin/env node
// Builds the subgraph for every network in networks.json (`graph build --network X`), each into
// its own output dir (build/networks/X). Fails loudly naming the network(s) that did not build.
//   npm run build:all -w subgraph [-- NETWORK ...]   (default: all networks)
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
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

const run = (args) => spawnSync('npx', ['graph', ...args], { cwd: dir, encoding: 'utf8', env: process.env });

// `graph build --network X` rewrites subgraph.yaml in place (network, address, startBlock):
// keep the committed manifest and put it back afterwards, whatever happens.
const manifestPath = join(dir, 'subgraph.yaml');
const manifest = readFileSync(manifestPath, 'utf8');
process.on('exit', () => writeFileSync(manifestPath, manifest));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

const cg = run(['codegen']);
if (cg.status !== 0) {
  console.error(cg.stdout + cg.stderr);
  console.error('build-all: graph codegen FAILED');
  process.exit(1);
}
const failed = [];
for (const net of networks) {
  const t = Date.now();
  const r = run(['build', '--network', net, '--network-file', 'networks.json', '--output-dir', `build/networks/${net}`]);
  if (r.status !== 0) {
    failed.push(net);
    console.error(`\n--- graph build --network ${net} FAILED ---\n${(r.stdout + r.stderr).split('\n').filter((l) => /error|✖|fail/i.test(l)).join('\n')}`);
  } else {
    console.log(`ok   ${net} (${((Date.now() - t) / 1000).toFixed(1)}s)`);
  }
}
if (failed.length) {
  console.error(`\nbuild-all: FAILED for network(s): ${failed.join(', ')}`);
  process.exit(1);
}
console.log(`build-all: ${networks.length} network(s) built`);
