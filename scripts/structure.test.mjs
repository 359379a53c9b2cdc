// Holds the tree to its shape rules (issue: the house as the data flows): no source file over
// 450 lines outside generated code, no import cycle between folders. The checker itself is
// pinned on small synthetic graphs first, so a green result means something.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dirname, resolve } from 'node:path';
import { MAX_LINES, folderCycles, folderGraph, longFiles } from './structure.mjs';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const graph = (edges) => {
  const g = new Map();
  for (const [a, b] of edges) (g.get(a) ?? g.set(a, new Set()).get(a)).add(b);
  return g;
};

test('folderCycles finds direct and indirect loops and nothing in a layered graph', () => {
  assert.deepEqual(
    folderCycles(
      graph([
        ['a', 'b'],
        ['b', 'a'],
      ]),
    ),
    [['a', 'b']],
  );
  assert.deepEqual(
    folderCycles(
      graph([
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'a'],
        ['c', 'd'],
      ]),
    ),
    [['a', 'b', 'c']],
  );
  assert.deepEqual(
    folderCycles(
      graph([
        ['ingest', 'internal'],
        ['host', 'internal'],
        ['runtime', 'host'],
        ['ingest', 'runtime'],
      ]),
    ),
    [],
  );
});

test(`no source file is over ${MAX_LINES} lines`, () => {
  assert.deepEqual(
    longFiles(root).map((x) => `${x.file} (${x.lines} lines)`),
    [],
  );
});

test('no import cycle between folders', () => {
  const found = folderCycles(folderGraph(root))
    .map((c) => c.join(' ⇄ '))
    .sort();
  assert.deepEqual(found, []);
});
