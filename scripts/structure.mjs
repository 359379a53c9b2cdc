// The shape rules of the tree, measured: source files over the line limit, and import cycles
// between folders (a folder that imports another that imports it back, directly or around a
// loop). Generated code, fixtures compiled to WASM and the bench peer are left out.
// `node scripts/structure.mjs` prints the findings; structure.test.mjs holds the tree to them.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export const MAX_LINES = 450;
const SOURCE = /\.(ts|tsx|mjs)$/;
const SKIP_DIRS = new Set([
  'node_modules',
  '.next',
  'generated',
  'build',
  '.data',
  'results',
  'peer',
  'abis',
]);
/** AssemblyScript and fixture trees that are not part of the TypeScript import graph. */
const SKIP_PREFIXES = ['indexer/test-fixtures/host/', 'tests/mappings/'];

export function sourceFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      if (name.startsWith('.') || SKIP_DIRS.has(name)) continue;
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (SOURCE.test(name) && !name.endsWith('.d.ts')) {
        const rel = relative(root, p);
        if (!SKIP_PREFIXES.some((x) => rel.startsWith(x))) out.push(rel);
      }
    }
  };
  for (const top of [
    'subgraph/src',
    'indexer',
    'devnet/src',
    'dashboard',
    'scripts',
    'tests',
    'bench',
    'contracts-abi',
  ]) {
    try {
      walk(join(root, top));
    } catch {
      // a part of the tree without that folder has nothing to check there
    }
  }
  return out.sort();
}

export function longFiles(root, files = sourceFiles(root), limit = MAX_LINES) {
  return files
    .map((f) => ({ file: f, lines: readFileSync(join(root, f), 'utf8').split('\n').length - 1 }))
    .filter((x) => x.lines > limit);
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Folder → folders it imports from (relative and `@/` imports resolved; tests excluded). */
export function folderGraph(root, files = sourceFiles(root)) {
  const graph = new Map();
  for (const f of files) {
    if (/\.test\.(ts|tsx|mjs)$/.test(f) || f.startsWith('tests/')) continue;
    const from = dirname(f);
    const text = readFileSync(join(root, f), 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      let target;
      if (spec.startsWith('.')) target = relative(root, resolve(root, from, spec));
      else if (spec.startsWith('@/') && f.startsWith('dashboard/'))
        target = join('dashboard', spec.slice(2));
      else continue;
      const to = dirname(target);
      if (to === from) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from).add(to);
    }
  }
  return graph;
}

/** Strongly connected groups of more than one folder (Tarjan). */
export function folderCycles(graph) {
  let index = 0;
  const stack = [];
  const onStack = new Set();
  const idx = new Map();
  const low = new Map();
  const out = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const group = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) out.push(group.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
  for (const x of longFiles(root)) console.log(`over ${MAX_LINES} lines: ${x.file} (${x.lines})`);
  for (const c of folderCycles(folderGraph(root)))
    console.log(`import cycle between folders: ${c.join(' ⇄ ')}`);
}
