// Pins down which files make `npm start` rebuild: for the dashboard its app code, config and the
// lockfile, not its tests, fixtures, READMEs or next-env.d.ts (which `next build` rewrites); for
// the subgraph its mappings, manifest, schema and ABIs, and for codegen not the mappings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { dashboardInputsHash } from './dashboard-build.mjs';
import { buildInputsHash, codegenInputsHash } from './subgraph-build.mjs';

function repo(files) {
  const root = mkdtempSync(join(tmpdir(), 'cr-build-inputs-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}
const write = (root, rel, text) => {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
};

test('dashboard: app code, config and lockfile count; tests, fixtures, docs and next-env.d.ts do not', (t) => {
  const root = repo({
    'package-lock.json': '{}',
    'dashboard/app/page.tsx': 'a',
    'dashboard/lib/format.ts': 'b',
    'dashboard/next.config.ts': 'c',
  });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const env = {};
  const base = dashboardInputsHash(root, env);
  for (const rel of [
    'dashboard/lib/format.test.ts',
    'dashboard/test-fixtures/book.json',
    'dashboard/README.md',
    'dashboard/next-env.d.ts',
    'dashboard/tsconfig.tsbuildinfo',
    'dashboard/.next/BUILD_ID',
  ]) {
    write(root, rel, 'x');
    assert.equal(dashboardInputsHash(root, env), base, `${rel} is not a build input`);
  }
  write(root, 'dashboard/lib/format.ts', 'b2');
  const edited = dashboardInputsHash(root, env);
  assert.notEqual(edited, base);
  write(root, 'package-lock.json', '{"v":2}');
  assert.notEqual(dashboardInputsHash(root, env), edited, 'the lockfile is');
  const locked = dashboardInputsHash(root, env);
  assert.notEqual(
    dashboardInputsHash(root, { NEXT_PUBLIC_X: '1' }),
    locked,
    'NEXT_PUBLIC_* values are inlined, so they count',
  );
  assert.equal(
    dashboardInputsHash(root, { SUBGRAPH_URL: 'http://x' }),
    locked,
    'runtime settings do not',
  );
});

test('subgraph: mappings change the build but not codegen; the schema and ABIs change both', (t) => {
  const root = repo({
    'subgraph/subgraph.yaml': 'm',
    'subgraph/schema.graphql': 's',
    'subgraph/package.json': '{}',
    'subgraph/src/pool.ts': 'p',
    'contracts-abi/abis/Pool.json': '[]',
  });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const build = buildInputsHash(root);
  const codegen = codegenInputsHash(root);
  write(root, 'tests/mappings/pool.test.ts', 't');
  write(root, 'subgraph/networks.json', '{}');
  assert.equal(
    buildInputsHash(root),
    build,
    'mapping tests and networks.json are not build inputs',
  );
  write(root, 'subgraph/src/pool.ts', 'p2');
  assert.notEqual(buildInputsHash(root), build);
  assert.equal(codegenInputsHash(root), codegen);
  const afterMapping = buildInputsHash(root);
  write(root, 'contracts-abi/abis/Pool.json', '[{}]');
  assert.notEqual(buildInputsHash(root), afterMapping);
  assert.notEqual(codegenInputsHash(root), codegen);
});
