// Pins down when `npm start` reuses a build: same file contents (whatever the mtimes) → reuse;
// any changed, added or removed input, or a changed version in `extra` → rebuild; no build or no
// stamp → rebuild. Skipped files (tests, node_modules, dot-folders) never count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STAMP_FILE, hashInputs, readStamp, reuseDecision, writeStamp } from './inputs-hash.mjs';

function tree() {
  const root = mkdtempSync(join(tmpdir(), 'cr-inputs-'));
  mkdirSync(join(root, 'app/lib'), { recursive: true });
  writeFileSync(join(root, 'app/page.tsx'), 'export default 1;\n');
  writeFileSync(join(root, 'app/lib/data.ts'), 'export const x = 1;\n');
  writeFileSync(join(root, 'package.json'), '{"name":"a"}\n');
  return root;
}

test('the hash follows contents, not mtimes', (t) => {
  const root = tree();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const before = hashInputs(root, ['app', 'package.json']);
  assert.match(before, /^[0-9a-f]{64}$/);
  utimesSync(join(root, 'app/page.tsx'), new Date(2030, 0, 1), new Date(2030, 0, 1));
  assert.equal(hashInputs(root, ['app', 'package.json']), before, 'touching a file is no change');
  writeFileSync(join(root, 'app/page.tsx'), 'export default 2;\n');
  assert.notEqual(hashInputs(root, ['app', 'package.json']), before, 'an edit is');
});

test('added and removed files, renamed files and extra values change the hash', (t) => {
  const root = tree();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const base = hashInputs(root, ['app']);
  writeFileSync(join(root, 'app/new.ts'), '');
  const added = hashInputs(root, ['app']);
  assert.notEqual(added, base);
  rmSync(join(root, 'app/new.ts'));
  assert.equal(hashInputs(root, ['app']), base);
  rmSync(join(root, 'app/lib/data.ts'));
  writeFileSync(join(root, 'app/lib/other.ts'), 'export const x = 1;\n'); // same bytes, other name
  assert.notEqual(hashInputs(root, ['app']), base);
  assert.notEqual(
    hashInputs(root, ['app'], { extra: { next: '16.4.6' } }),
    hashInputs(root, ['app'], { extra: { next: '16.4.7' } }),
  );
});

test('skipped names, node_modules and dot-folders do not count; missing paths are absent', (t) => {
  const root = tree();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const skip = (name) => name.endsWith('.test.ts');
  const base = hashInputs(root, ['app', 'not-there'], { skip });
  mkdirSync(join(root, 'app/node_modules/x'), { recursive: true });
  writeFileSync(join(root, 'app/node_modules/x/index.js'), '1');
  mkdirSync(join(root, 'app/.next'));
  writeFileSync(join(root, 'app/.next/BUILD_ID'), 'abc');
  writeFileSync(join(root, 'app/lib/data.test.ts'), 'test');
  assert.equal(hashInputs(root, ['app', 'not-there'], { skip }), base);
});

test('reuse only a build whose marker exists and whose stamp equals the inputs hash', (t) => {
  const root = tree();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const out = join(root, 'build');
  const hash = hashInputs(root, ['app']);
  assert.deepEqual(reuseDecision({ outDir: out, marker: 'BUILD_ID', hash }), {
    reuse: false,
    reason: 'no build yet (BUILD_ID missing)',
  });
  mkdirSync(out);
  writeFileSync(join(out, 'BUILD_ID'), 'x');
  assert.equal(
    reuseDecision({ outDir: out, marker: 'BUILD_ID', hash }).reuse,
    false,
    'a build without a stamp (made by hand) is not trusted',
  );
  assert.equal(readStamp(out), null);
  writeStamp(out, hash);
  assert.equal(readStamp(out), hash);
  assert.deepEqual(reuseDecision({ outDir: out, marker: 'BUILD_ID', hash }), {
    reuse: true,
    reason: 'its inputs are unchanged (same content hash)',
  });
  writeFileSync(join(root, 'app/page.tsx'), 'changed');
  const now = hashInputs(root, ['app']);
  assert.deepEqual(reuseDecision({ outDir: out, marker: 'BUILD_ID', hash: now }), {
    reuse: false,
    reason: 'its inputs changed since it was built',
  });
  rmSync(join(out, 'BUILD_ID'));
  assert.equal(
    reuseDecision({ outDir: out, marker: 'BUILD_ID', hash }).reuse,
    false,
    'stamp without the build',
  );
  assert.equal(STAMP_FILE, '.inputs-sha256');
});
