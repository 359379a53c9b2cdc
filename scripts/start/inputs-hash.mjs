// Content hash of a build's inputs, and the stamp that records it beside the build output.
// `npm start` reuses a build (subgraph/build, dashboard/.next) when the stamp equals the hash of
// the inputs as they are now: file contents, not mtimes, so a fresh clone, a `git checkout` that
// touches files without changing them, or a clock skew do not force a rebuild. The stamp is
// written only after a build succeeds, so an interrupted build is never taken for a good one.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** File name of the stamp inside a build output folder. */
export const STAMP_FILE = '.inputs-sha256';

/**
 * SHA-256 over every file under `paths` (files or folders, relative to `root`), each entered as
 * its path relative to `root` and its bytes, in sorted order; missing paths count as absent.
 * `skip(name, relPath)` leaves out a file or folder; node_modules and dot-entries always are.
 * `extra` (versions, settings) is hashed too, so a change there also means a new build.
 */
export function hashInputs(root, paths, { skip = () => false, extra = {} } = {}) {
  const files = [];
  const walk = (abs) => {
    const rel = relative(root, abs);
    const st = statSync(abs);
    if (!st.isDirectory()) {
      files.push(rel);
      return;
    }
    for (const name of readdirSync(abs)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const child = join(abs, name);
      if (skip(name, relative(root, child))) continue;
      walk(child);
    }
  };
  for (const p of paths) if (existsSync(join(root, p))) walk(join(root, p));
  const h = createHash('sha256');
  for (const rel of [...new Set(files)].sort()) {
    h.update(`file ${rel}\0`);
    h.update(readFileSync(join(root, rel)));
    h.update('\0');
  }
  for (const key of Object.keys(extra).sort()) h.update(`extra ${key}=${extra[key]}\0`);
  return h.digest('hex');
}

/** The hash recorded beside a build, or null when there is no stamp (or no build). */
export function readStamp(outDir) {
  const p = join(outDir, STAMP_FILE);
  return existsSync(p) ? readFileSync(p, 'utf8').trim() : null;
}

export function writeStamp(outDir, hash) {
  writeFileSync(join(outDir, STAMP_FILE), `${hash}\n`);
}

/**
 * Whether the build in `outDir` can be reused: its marker file (the file the build writes last or
 * the one the next step reads) exists and its stamp equals the current inputs' hash.
 * Returns { reuse, reason } where reason is a sentence for the log.
 */
export function reuseDecision({ outDir, marker, hash }) {
  if (!existsSync(join(outDir, marker)))
    return { reuse: false, reason: `no build yet (${marker} missing)` };
  const stamp = readStamp(outDir);
  if (stamp === null)
    return {
      reuse: false,
      reason: `the build has no record of its inputs (${STAMP_FILE} missing)`,
    };
  if (stamp !== hash) return { reuse: false, reason: 'its inputs changed since it was built' };
  return { reuse: true, reason: 'its inputs are unchanged (same content hash)' };
}
