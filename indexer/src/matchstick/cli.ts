// `npm run test:mappings` — matchstick-as test runner in Node.
// Usage: tsx src/matchstick/cli.ts [--config path/to/matchstick.yaml] [--root DIR] [filter…]
// Without --config it looks for matchstick.yaml in the current folder, then subgraph/ of every
// parent folder (the repo layout). Same conventions as matchstick: testsFolder (default
// ./tests), libsFolder (default ./node_modules), manifestPath (default ./subgraph.yaml), all
// relative to the folder holding matchstick.yaml. Exit code 1 when any test fails.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseSchema, type SchemaModel } from '../schema/index.ts';
import { compileAs, findTestFiles } from './compile.ts';
import { ensureGenerated } from './codegen.ts';
import { runTestModule, type TestResult } from './runner.ts';

export interface MatchstickConfig {
  root: string;
  testsFolder: string;
  libsFolder: string;
  manifestPath: string;
}

export function findConfig(start: string): string | null {
  if (existsSync(join(start, 'matchstick.yaml'))) return join(start, 'matchstick.yaml');
  let d = resolve(start);
  for (;;) {
    const p = join(d, 'subgraph', 'matchstick.yaml');
    if (existsSync(p)) return p;
    const up = dirname(d);
    if (up === d) return null;
    d = up;
  }
}

export function readConfig(path: string): MatchstickConfig {
  const root = dirname(resolve(path));
  const y = (parseYaml(readFileSync(path, 'utf8')) ?? {}) as Record<string, string>;
  return {
    root,
    testsFolder: resolve(root, y.testsFolder ?? './tests'),
    libsFolder: resolve(root, y.libsFolder ?? './node_modules'),
    manifestPath: resolve(root, y.manifestPath ?? './subgraph.yaml'),
  };
}

function loadTemplates(manifestPath: string): Set<string> | undefined {
  try {
    const m = parseYaml(readFileSync(manifestPath, 'utf8')) as { templates?: { name?: string }[] };
    return new Set((m?.templates ?? []).map((t) => t.name ?? '').filter((n) => n !== ''));
  } catch {
    return undefined;
  }
}

function loadSchema(manifestPath: string, warn: (s: string) => void): SchemaModel | undefined {
  try {
    const m = parseYaml(readFileSync(manifestPath, 'utf8')) as { schema?: { file?: string } };
    const file = m?.schema?.file;
    if (!file) {
      warn(`no schema.file in ${manifestPath}: store.set is not validated`);
      return undefined;
    }
    const p = resolve(dirname(manifestPath), file);
    return parseSchema(readFileSync(p, 'utf8'), p);
  } catch (e) {
    warn(`schema not loaded (${(e as Error).message}): store.set is not validated`);
    return undefined;
  }
}

export interface RunSummary {
  passed: number;
  failed: number;
  results: TestResult[];
}

export async function runMatchstick(
  cfg: MatchstickConfig,
  filters: string[],
  out: (s: string) => void,
): Promise<RunSummary> {
  const schema = loadSchema(cfg.manifestPath, (s) => out(`warning: ${s}`));
  const templates = loadTemplates(cfg.manifestPath);
  const files = findTestFiles(cfg.testsFolder).filter(
    (f) => filters.length === 0 || filters.some((x) => f.includes(x)),
  );
  const summary: RunSummary = { passed: 0, failed: 0, results: [] };
  if (!files.length) out(`no *.test.ts files in ${cfg.testsFolder}`);
  for (const file of files) {
    const rel = relative(process.cwd(), file) || file;
    out(`\n${rel}`);
    const t0 = performance.now();
    const c = await compileAs({
      entry: file,
      libs: cfg.libsFolder,
      baseDir: cfg.root,
      exportTable: true,
    });
    if (!c.ok) {
      summary.failed++;
      const diag = c.diagnostics
        .split('\n')
        .filter((l) => l.trim() !== '')
        .slice(0, 40)
        .map((l) => '      ' + l)
        .join('\n');
      out(`  ✘ ${rel}: compile error\n${diag}`);
      summary.results.push({
        path: [rel],
        name: 'compile',
        passed: false,
        shouldFail: false,
        messages: [c.diagnostics],
        logs: [],
        ms: 0,
      });
      continue;
    }
    out(`  (compiled in ${Math.round(performance.now() - t0)} ms${c.cached ? ', cached' : ''})`);
    let module: WebAssembly.Module;
    try {
      module = new WebAssembly.Module(c.wasm! as Uint8Array<ArrayBuffer>);
    } catch (e) {
      summary.failed++;
      out(`  ✘ invalid WASM: ${(e as Error).message}`);
      continue;
    }
    let lastPath = '';
    try {
      runTestModule(module, {
        root: cfg.root,
        schema,
        templates,
        onResult: (r) => {
          summary.results.push(r);
          if (r.passed) summary.passed++;
          else summary.failed++;
          const p = r.path.join(' › ');
          if (p !== lastPath) {
            if (p) out(`  ${p}`);
            lastPath = p;
          }
          const indent = p ? '    ' : '  ';
          out(
            `${indent}${r.passed ? '✔' : '✘'} ${r.name}${r.shouldFail ? ' (shouldFail)' : ''}${r.ms >= 1 ? ` (${Math.round(r.ms)} ms)` : ''}`,
          );
          for (const m of r.messages) out(`${indent}    ${m.split('\n').join(`\n${indent}    `)}`);
          for (const l of r.logs) out(`${indent}  │ ${l.split('\n').join(`\n${indent}  │ `)}`);
        },
      });
    } catch (e) {
      // a runner/host bug must not hide the other files' results
      summary.failed++;
      out(`  ✘ ${rel}: runner error: ${(e as Error).stack ?? e}`);
    }
  }
  return summary;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let configPath: string | null = null;
  const filters: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--config') configPath = resolve(args[++i]!);
    else filters.push(args[i]!);
  }
  configPath ??= findConfig(process.cwd());
  const out = (s: string) => process.stdout.write(s + '\n');
  if (!configPath) {
    out('no matchstick.yaml found (looked in ./ and subgraph/ of parent folders)');
    out('0 passed, 0 failed');
    return;
  }
  const cfg = readConfig(configPath);
  out(`matchstick-as runner: ${relative(process.cwd(), configPath) || configPath}`);
  if (!ensureGenerated(cfg.root, cfg.libsFolder, out)) {
    out('0 passed, 1 failed');
    process.exitCode = 1;
    return;
  }
  const s = await runMatchstick(cfg, filters, out);
  out(`\n${s.passed} passed, ${s.failed} failed`);
  process.exitCode = s.failed > 0 ? 1 : 0;
}

if (
  import.meta.url === `file://${process.argv[1]}` ||
  process.argv[1]?.endsWith('matchstick/cli.ts')
) {
  main().catch((e) => {
    process.stderr.write(`matchstick runner crashed: ${(e as Error).stack ?? e}\n`);
    process.stdout.write('0 passed, 1 failed\n');
    process.exitCode = 1;
  });
}
