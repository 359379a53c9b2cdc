// The dashboard for `npm start`: `next build` into dashboard/.next unless the build there was made
// from the same inputs (content hash in .next/.inputs-sha256), then `next start`. The build runs
// without Next's type-check (NEXT_BUILD_TYPECHECK=0, see dashboard/next.config.ts): `npm run
// typecheck` covers it. Its output stays out of the terminal unless it fails; it is kept in
// .next/build.log.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashInputs, reuseDecision, writeStamp } from './inputs-hash.mjs';

/** Files under dashboard/ that do not shape the build: tests, their fixtures, generated files. */
function notBuildInput(name) {
  return (
    /\.test\.(ts|tsx|mjs)$/.test(name) ||
    name === 'test-fixtures' ||
    name === 'next-env.d.ts' ||
    name.endsWith('.tsbuildinfo') ||
    name.endsWith('.md')
  );
}

export function dashboardInputsHash(root, env = process.env) {
  let next = 'absent';
  try {
    next = JSON.parse(readFileSync(join(root, 'node_modules/next/package.json'), 'utf8')).version;
  } catch {
    /* absent */
  }
  const extra = { next };
  // NEXT_PUBLIC_* values are inlined into the client bundle at build time.
  for (const [k, v] of Object.entries(env)) if (k.startsWith('NEXT_PUBLIC_')) extra[k] = v;
  return hashInputs(root, ['dashboard', 'package-lock.json'], { skip: notBuildInput, extra });
}

/**
 * dashboard/.next up to date (reused or built now). Resolves true when `next start` can serve it,
 * false when the build failed (the tail of its output has been shown).
 */
export async function ensureDashboardBuild({ root, procs, say, warn, env, yieldUntil = null }) {
  const dir = join(root, 'dashboard');
  const out = join(dir, '.next');
  const hash = dashboardInputsHash(root);
  const decision = reuseDecision({ outDir: out, marker: 'BUILD_ID', hash });
  if (decision.reuse) {
    say(`dashboard/.next reused: ${decision.reason}`);
    return true;
  }
  const t0 = Date.now();
  say(`building the dashboard (next build: ${decision.reason})`);
  const next = join(root, 'node_modules/.bin/next');
  const building = procs.runToEnd('dashboard', next, ['build'], {
    cwd: dir,
    env: { ...env, NEXT_BUILD_TYPECHECK: '0' },
    quiet: true,
  });
  // The subgraph build is the first start's longest path (nothing is indexed before it ends); the
  // dashboard is needed only once data is there, so on two cores it yields until `yieldUntil`.
  if (yieldUntil) {
    procs.renice('dashboard', 10);
    void yieldUntil.then(() => procs.renice('dashboard', 0));
  }
  const b = await building;
  if (existsSync(out)) writeFileSync(join(out, 'build.log'), b.tail);
  if (!b.ok) {
    warn(
      `dashboard build failed (dashboard/.next/build.log):\n${b.tail.split('\n').slice(-15).join('\n')}`,
    );
    return false;
  }
  writeStamp(out, hash);
  const warnings = (b.tail.match(/^Warning:/gm) ?? []).length;
  const note = warnings ? `; ${warnings} bundler warning(s) in dashboard/.next/build.log` : '';
  say(
    `dashboard built in ${((Date.now() - t0) / 1000).toFixed(1)} s (type-check left to npm run typecheck${note})`,
  );
  return true;
}
