// Compile AssemblyScript the way graph-cli / matchstick do: graph-cli's asc 0.19 with the stub
// runtime, graph-ts's global entry (exports id_of_type/allocate), explicit start. Tests also get
// `--exportTable` so the runner can call `test(…, () => …)` closures by table index.
// Output is cached by a hash of every input source + flags.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const require = createRequire(import.meta.url);

export interface CompileOptions {
  entry: string;
  /** folder holding @graphprotocol/graph-ts and matchstick-as (usually node_modules) */
  libs: string;
  baseDir?: string;
  exportTable?: boolean;
  /** graph-cli builds mappings with --optimize (matchstick tests are built without) */
  optimize?: boolean;
  cacheDir?: string;
}

export interface CompileResult {
  ok: boolean;
  wasm?: Uint8Array;
  wasmPath?: string;
  diagnostics: string;
  cached: boolean;
}

function findRootNodeModules(from: string): string {
  let d = resolve(from);
  for (;;) {
    if (existsSync(join(d, 'node_modules', 'assemblyscript'))) return join(d, 'node_modules');
    const up = dirname(d);
    if (up === d) throw new Error('assemblyscript not found in any node_modules above ' + from);
    d = up;
  }
}

/** Every .ts file reachable by relative imports from the entry (for the cache key). */
function collectSources(entry: string, seen = new Set<string>()): string[] {
  if (seen.has(entry) || !existsSync(entry)) return [...seen];
  seen.add(entry);
  const src = readFileSync(entry, 'utf8');
  for (const m of src.matchAll(/(?:import|export)[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    let p = resolve(dirname(entry), m[1]!);
    if (!p.endsWith('.ts')) p = existsSync(p + '.ts') ? p + '.ts' : join(p, 'index.ts');
    collectSources(p, seen);
  }
  return [...seen];
}

function libVersion(libs: string, pkg: string): string {
  try {
    return JSON.parse(readFileSync(join(libs, pkg, 'package.json'), 'utf8')).version;
  } catch {
    return '-';
  }
}

let ascReady: Promise<unknown> | null = null;

export async function compileAs(o: CompileOptions): Promise<CompileResult> {
  const entry = resolve(o.entry);
  const libs = resolve(o.libs);
  const nm = findRootNodeModules(dirname(entry));
  const globalEntry = join(libs, '@graphprotocol/graph-ts/global/global.ts');
  if (!existsSync(globalEntry))
    return {
      ok: false,
      diagnostics: `graph-ts global entry not found at ${globalEntry} (libsFolder)`,
      cached: false,
    };
  const flags = [
    '--explicitStart',
    '--exportRuntime',
    '--runtime',
    'stub',
    ...(o.exportTable ? ['--exportTable'] : []),
    ...(o.optimize ? ['--optimize'] : []),
    '--debug',
  ];
  const h = createHash('sha256');
  h.update(
    flags.join(' ') +
      libVersion(libs, '@graphprotocol/graph-ts') +
      libVersion(libs, 'matchstick-as') +
      libVersion(nm, 'assemblyscript'),
  );
  for (const f of collectSources(entry).sort()) h.update(f + '\0' + readFileSync(f));
  const key = h.digest('hex').slice(0, 24);
  const cacheDir = o.cacheDir ?? join(nm, '.cache', 'collateral-radar-asc');
  const out = join(cacheDir, `${key}.wasm`);
  if (existsSync(out))
    return {
      ok: true,
      wasm: new Uint8Array(readFileSync(out)),
      wasmPath: out,
      diagnostics: '',
      cached: true,
    };
  // compile errors are cached too: the same sources fail the same way
  const errFile = join(cacheDir, `${key}.err`);
  if (existsSync(errFile))
    return { ok: false, diagnostics: readFileSync(errFile, 'utf8'), cached: true };

  const asc = require(join(nm, 'assemblyscript/cli/asc.js'));
  ascReady ??= asc.ready;
  await ascReady;
  const baseDir = resolve(o.baseDir ?? dirname(entry));
  let diagnostics = '';
  const sink = {
    write(s: string | Uint8Array) {
      diagnostics += typeof s === 'string' ? s : Buffer.from(s).toString();
      return true;
    },
  };
  let binary: Uint8Array | null = null;
  const argv = [
    relative(baseDir, entry),
    relative(baseDir, globalEntry),
    '--baseDir',
    baseDir,
    '--lib',
    libs,
    ...flags,
    '--outFile',
    'out.wasm',
  ];
  let code = 1;
  // asc reports internal crashes with console.error + process.exit(1): trap both so a test file
  // that crashes the compiler becomes a failed test instead of killing the runner.
  const realExit = process.exit,
    realError = console.error;
  class AscExit extends Error {}
  process.exit = ((c?: number) => {
    throw new AscExit(`asc exited with code ${c}`);
  }) as typeof process.exit;
  console.error = (...a: unknown[]) => {
    diagnostics += a.map(String).join(' ') + '\n';
  };
  try {
    code = asc.main(
      argv,
      {
        stdout: sink,
        stderr: sink,
        writeFile: (name: string, contents: Uint8Array) => {
          if (name.endsWith('.wasm')) binary = contents;
        },
      },
      (err: Error | null) => {
        if (err) diagnostics += String(err.stack ?? err);
        return 0;
      },
    );
  } catch (e) {
    diagnostics += `\nAssemblyScript compiler crashed: ${(e as Error).message}`;
    code = 1;
  } finally {
    process.exit = realExit;
    console.error = realError;
  }
  mkdirSync(cacheDir, { recursive: true });
  if (code !== 0 || !binary) {
    const d = diagnostics || `asc exited with code ${code}`;
    writeFileSync(errFile, d);
    return { ok: false, diagnostics: d, cached: false };
  }
  writeFileSync(out, binary);
  return { ok: true, wasm: binary, wasmPath: out, diagnostics, cached: false };
}

export function findTestFiles(dir: string): string[] {
  const out: string[] = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'node_modules' && name !== '.bin' && !name.startsWith('.'))
        out.push(...findTestFiles(p));
    } else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}
