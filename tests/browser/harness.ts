// Test harness: builds the dashboard when its build is missing or older than its sources,
// starts `next start` on an ephemeral port against a given GraphQL endpoint, and measures pages.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

export const ROOT = resolve(__dirname, '..', '..');
export const DASH = join(ROOT, 'dashboard');
export const ARTIFACTS = join(ROOT, 'tests', 'artifacts');

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => ok(p));
    });
  });
}

function newest(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    if (
      name === 'node_modules' ||
      name === '.next' ||
      name.startsWith('.') ||
      name.endsWith('.test.ts')
    )
      continue;
    const p = join(dir, name);
    const st = statSync(p);
    t = Math.max(t, st.isDirectory() ? newest(p) : st.mtimeMs);
  }
  return t;
}

/** `next build` unless .next/BUILD_ID is newer than every source file. */
export function ensureBuild(): { built: boolean; ms: number } {
  const id = join(DASH, '.next', 'BUILD_ID');
  if (existsSync(id) && statSync(id).mtimeMs > newest(DASH) && !process.env.DASHBOARD_REBUILD)
    return { built: false, ms: 0 };
  const t = Date.now();
  const r = spawnSync('npx', ['next', 'build'], {
    cwd: DASH,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (r.status !== 0) throw new Error(`next build failed (exit ${r.status})`);
  return { built: true, ms: Date.now() - t };
}

export interface Dashboard {
  url: string;
  proc: ChildProcess;
  stop(): Promise<void>;
  log: () => string;
}

export async function startDashboard(env: Record<string, string>): Promise<Dashboard> {
  const port = await freePort();
  const proc = spawn(
    join(ROOT, 'node_modules', '.bin', 'next'),
    ['start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: DASH,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  proc.stdout!.on('data', (c) => (out += c));
  proc.stderr!.on('data', (c) => (out += c));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode != null) throw new Error(`next start exited: ${out}`);
    try {
      const r = await fetch(`${url}/alerts`);
      if (r.ok) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`next start did not answer within 60 s: ${out}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url,
    proc,
    log: () => out,
    stop: () =>
      new Promise((ok) => {
        if (proc.exitCode != null) return ok();
        proc.once('exit', () => ok());
        proc.kill('SIGTERM');
        setTimeout(() => proc.kill('SIGKILL'), 5000).unref();
      }),
  };
}

/** Canvases drawn by chart.js and the share of non-transparent pixels of each. */
export async function canvasStats(
  page: Page,
): Promise<Array<{ id: string | null; drawn: boolean; painted: number }>> {
  return page.$$eval('canvas', (els) =>
    els.map((c) => {
      const cv = c as HTMLCanvasElement;
      const ctx = cv.getContext('2d');
      let painted = 0;
      if (ctx && cv.width && cv.height) {
        const d = ctx.getImageData(0, 0, cv.width, cv.height).data;
        for (let i = 3; i < d.length; i += 4) if (d[i] > 0) painted++;
      }
      return {
        id: cv.closest('[data-testid]')?.getAttribute('data-testid') ?? null,
        drawn: cv.dataset.drawn === '1',
        painted,
      };
    }),
  );
}

/** Navigation → first chart drawn (ms, from performance marks), and JS transferred/decoded. */
export async function pageMetrics(page: Page): Promise<{
  firstChartMs: number | null;
  jsEncoded: number;
  jsDecoded: number;
  jsFiles: number;
  domContentLoadedMs: number;
}> {
  return page.evaluate(() => {
    const mark = performance.getEntriesByName('cr-first-chart')[0];
    const js = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter(
      (r) => /\.js(\?|$)/.test(r.name),
    );
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return {
      firstChartMs: mark ? Math.round(mark.startTime) : null,
      jsEncoded: js.reduce((s, r) => s + (r.encodedBodySize || r.transferSize || 0), 0),
      jsDecoded: js.reduce((s, r) => s + (r.decodedBodySize || 0), 0),
      jsFiles: js.length,
      domContentLoadedMs: Math.round(nav?.domContentLoadedEventEnd ?? 0),
    };
  });
}

/** "$1.25M" → 1,250,000: a USD figure as the dashboard prints it. */
export function parseUsd(s: string): number {
  const m = /([\d.]+)([KMBT]?)/.exec(s.replace(/[$,]/g, ''));
  if (!m) return NaN;
  return (
    Number(m[1]) * ({ '': 1, K: 1e3, M: 1e6, B: 1e9, T: 1e12 } as Record<string, number>)[m[2]]
  );
}
