// No configured secret reaches the dashboard's client bundle: the dashboard is copied (without
// .next) to a scratch dir inside the repo (so the root node_modules resolve), built with fake
// secrets in RPC_URL / SUBGRAPH_URLS / SUBGRAPH_URL / ALERT webhook env, and every file under
// .next/static is grepped for them. `next build` is heavy: skipped with RELIABILITY_SKIP_BUNDLE=1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rmrf, root } from './harness.ts';

const skip =
  process.env.RELIABILITY_SKIP_BUNDLE === '1'
    ? 'RELIABILITY_SKIP_BUNDLE=1'
    : !existsSync(join(root, 'node_modules/next'))
      ? 'next is not installed'
      : false;

const SECRET = 'sekr3t-' + Math.random().toString(36).slice(2, 12);
const ENV = {
  RPC_URL: `https://eth-mainnet.example/v2/${SECRET}-rpc`,
  SUBGRAPH_URLS: `devnet=http://127.0.0.1:8000/subgraphs/name/collateral-radar?key=${SECRET}-sg,mainnet=https://gateway.example/api/${SECRET}-gw/subgraphs/id/x`,
  SUBGRAPH_URL: `https://gateway.example/api/${SECRET}-single/subgraphs/id/y`,
  ALERT_WEBHOOK_URL: `https://hooks.example/${SECRET}-hook`,
  GRAPH_API_KEY: `${SECRET}-apikey`,
};

function* files(d: string): Generator<string> {
  for (const e of readdirSync(d)) {
    const p = join(d, e);
    if (statSync(p).isDirectory()) yield* files(p);
    else yield p;
  }
}

test(
  'dashboard client bundle (.next/static) contains no configured secret',
  { skip, timeout: 1_200_000 },
  async () => {
    const scratch = join(root, 'tests/reliability/.scratch-dashboard-' + process.pid);
    try {
      cpSync(join(root, 'dashboard'), scratch, {
        recursive: true,
        filter: (s) =>
          !/[/\\](\.next|node_modules)([/\\]|$)/.test(s.slice(join(root, 'dashboard').length)),
      });
      // The copy sits two levels deeper: point turbopack / file tracing at the repo root again.
      const cfg = join(scratch, 'next.config.ts');
      writeFileSync(
        cfg,
        readFileSync(cfg, 'utf8').replaceAll(
          "path.join(__dirname, '..')",
          JSON.stringify(root.replace(/\/$/, '')),
        ),
      );
      // app/layout.tsx loads its font file relative to the repo root's node_modules: two levels more.
      const layout = join(scratch, 'app/layout.tsx');
      if (existsSync(layout))
        writeFileSync(
          layout,
          readFileSync(layout, 'utf8').replaceAll(
            "'../../node_modules/",
            "'../../../../node_modules/",
          ),
        );
      const out = await new Promise<{ code: number | null; log: string }>((resolve) => {
        const p = spawn(
          process.execPath,
          [join(root, 'node_modules/next/dist/bin/next'), 'build'],
          {
            cwd: scratch,
            env: { ...process.env, ...ENV, NEXT_TELEMETRY_DISABLED: '1' },
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        let log = '';
        p.stdout.on('data', (c) => (log += c));
        p.stderr.on('data', (c) => (log += c));
        p.on('exit', (code) => resolve({ code, log }));
      });
      assert.equal(out.code, 0, `next build failed: ${out.log.slice(-3000)}`);
      const staticDir = join(scratch, '.next/static');
      assert.ok(existsSync(staticDir), 'no .next/static after the build');
      let n = 0;
      const leaks: string[] = [];
      for (const f of files(staticDir)) {
        n++;
        const s = readFileSync(f).toString('latin1');
        if (s.includes(SECRET))
          leaks.push(
            `${f.slice(scratch.length)}: …${s.slice(Math.max(0, s.indexOf(SECRET) - 80), s.indexOf(SECRET) + 40)}…`,
          );
      }
      console.log(
        `# bundle: ${n} client files grepped for ${Object.keys(ENV).length} configured secrets: ${leaks.length} leaks`,
      );
      assert.ok(n > 0);
      assert.deepEqual(leaks, []);
    } finally {
      rmrf(scratch);
    }
  },
);
