// The subgraph for `npm start`: one network-neutral `graph codegen && graph build` into
// subgraph/build (reused while its inputs' content hash is unchanged), then a copy re-targeted to
// the network in .data/subgraph/<network>. Re-targeting sets each data source's network, address
// and startBlock from networks.json, which is all `graph build --network N` changes, so the build
// can start before the devnet has deployed and written its addresses.
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { hashInputs, reuseDecision, writeStamp } from './inputs-hash.mjs';
import { OPTIONAL_SOURCES } from '../../subgraph/scripts/manifest-for-network.mjs';

const version = (root, pkg) => {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8'))
      .version;
  } catch {
    return 'absent';
  }
};

/** Inputs of `graph codegen`: the manifest, the schema and the ABIs it names. */
export function codegenInputsHash(root) {
  const paths = ['subgraph/subgraph.yaml', 'subgraph/schema.graphql', 'contracts-abi/abis'];
  return hashInputs(root, paths, {
    extra: { graphCli: version(root, '@graphprotocol/graph-cli') },
  });
}

/** Inputs of `graph build`: codegen's, the mappings and the AssemblyScript library. */
export function buildInputsHash(root) {
  const paths = [
    'subgraph/src',
    'subgraph/subgraph.yaml',
    'subgraph/schema.graphql',
    'subgraph/package.json',
    'contracts-abi/abis',
  ];
  const extra = {
    graphCli: version(root, '@graphprotocol/graph-cli'),
    graphTs: version(root, '@graphprotocol/graph-ts'),
  };
  return hashInputs(root, paths, { extra });
}

/**
 * subgraph/build up to date: reused, or built now. `procs` runs the commands; resolves the build
 * folder, or null (said why) when it cannot be built.
 */
export async function ensureSubgraphBuild({ root, procs, say, warn, rebuild = false }) {
  const dir = join(root, 'subgraph');
  const out = join(dir, 'build');
  if (!existsSync(join(dir, 'subgraph.yaml'))) {
    warn('subgraph/subgraph.yaml is missing: nothing to index');
    return null;
  }
  const hash = buildInputsHash(root);
  const decision = reuseDecision({ outDir: out, marker: 'subgraph.yaml', hash });
  if (decision.reuse && !rebuild) {
    say(`subgraph/build reused: ${decision.reason}`);
    return out;
  }
  const graph = join(root, 'node_modules/.bin/graph');
  if (!existsSync(graph)) {
    warn('graph-cli is not installed (node_modules/.bin/graph): run npm install');
    return null;
  }
  const t0 = Date.now();
  say(`building the subgraph (${rebuild ? '--rebuild' : decision.reason})`);
  const generated = join(dir, 'generated');
  const codegenHash = codegenInputsHash(root);
  if (
    rebuild ||
    !reuseDecision({ outDir: generated, marker: 'schema.ts', hash: codegenHash }).reuse
  ) {
    const c = await procs.runToEnd('subgraph', graph, ['codegen'], { cwd: dir, quiet: true });
    if (!c.ok) {
      warn(`graph codegen failed in subgraph/ (not indexing):\n${c.tail}`);
      return null;
    }
    writeStamp(generated, codegenHash);
  }
  rmSync(join(out, 'subgraph.yaml'), { force: true }); // a half-written build never looks reusable
  const b = await procs.runToEnd('subgraph', graph, ['build'], { cwd: dir, quiet: true });
  if (!b.ok || !existsSync(join(out, 'subgraph.yaml'))) {
    warn(`graph build failed in subgraph/ (not indexing):\n${b.tail}`);
    return null;
  }
  writeStamp(out, hash);
  say(
    `subgraph built in ${((Date.now() - t0) / 1000).toFixed(1)} s (graph codegen && graph build)`,
  );
  return out;
}

/** Copies `built` to .data/subgraph/<network> with the manifest re-targeted; resolves its path. */
export function retarget({ root, built, network }) {
  const net = JSON.parse(readFileSync(join(root, 'subgraph/networks.json'), 'utf8'))[network];
  if (!net) throw new Error(`subgraph/networks.json has no entry for ${network}`);
  const out = join(root, '.data/subgraph', network);
  rmSync(out, { recursive: true, force: true });
  cpSync(built, out, {
    recursive: true,
    filter: (src) => !src.startsWith(join(built, 'networks')),
  });
  const doc = parseDocument(readFileSync(join(out, 'subgraph.yaml'), 'utf8'));
  // a network without Uniswap V3 (or a devnet without its DEX) goes without that source
  const sources = doc.get('dataSources');
  sources.items = sources.items.filter(
    (ds) => net[ds.get('name')] || !OPTIONAL_SOURCES.includes(ds.get('name')),
  );
  for (const ds of sources.items) {
    const cfg = net[ds.get('name')];
    if (!cfg)
      throw new Error(`subgraph/networks.json configures no ${ds.get('name')} for ${network}`);
    ds.set('network', network);
    for (const [k, v] of Object.entries(cfg)) ds.setIn(['source', k], v);
  }
  for (const t of doc.get('templates')?.items ?? []) t.set('network', network);
  writeFileSync(join(out, 'subgraph.yaml'), doc.toString());
  return out;
}
