#!/usr/bin/env node
// JS shipped per page, from the build output (.next): root main files + the page's entry chunks
// (layout, error, not-found, page) from its client reference manifest; raw and gzip bytes.
//   node dashboard/scripts/js-size.mjs   (after `next build`)
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const next = join(new URL('..', import.meta.url).pathname, '.next');
if (!existsSync(join(next, 'BUILD_ID'))) {
  console.error('no build: run `npx next build` in dashboard/ first');
  process.exit(1);
}
const root = JSON.parse(readFileSync(join(next, 'build-manifest.json'), 'utf8')).rootMainFiles;
const size = (f) => {
  const b = readFileSync(join(next, f.replace(/^\/_next\//, '')));
  return [b.length, gzipSync(b).length];
};

function manifests(dir, out = []) {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) manifests(p, out);
    else if (n === 'page_client-reference-manifest.js') out.push(p);
  }
  return out;
}

const rows = [];
for (const m of manifests(join(next, 'server', 'app'))) {
  globalThis.__RSC_MANIFEST = {};
  (0, eval)(readFileSync(m, 'utf8'));
  const [route, man] = Object.entries(globalThis.__RSC_MANIFEST)[0];
  const files = new Set(root);
  for (const list of Object.values(man.entryJSFiles ?? {})) for (const f of list) files.add(f);
  let raw = 0,
    gz = 0;
  for (const f of files) {
    const [r, g] = size(f);
    raw += r;
    gz += g;
  }
  rows.push({ route: route.replace(/\/page$/, '') || '/', files: files.size, raw, gz });
}
rows.sort((a, b) => a.route.localeCompare(b.route));
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
console.log('route'.padEnd(24), 'files', 'raw'.padStart(10), 'gzip'.padStart(10));
for (const r of rows)
  console.log(
    r.route.padEnd(24),
    String(r.files).padStart(5),
    kb(r.raw).padStart(10),
    kb(r.gz).padStart(10),
  );
