// Runs one compiled matchstick-as test file with matchstick 0.6's semantics:
// `_start` registers top-level describe/test/hooks; a describe's body runs when the describe
// is reached (registering its own tests and hooks), then its beforeAll hooks, its items in
// order (each test wrapped by every enclosing beforeEach, outer first, and afterEach, inner
// first), then its afterAll hooks. The store persists across tests of a file (tests call
// clearStore); every file gets a fresh instance and store. A test passes when it returns
// without an abort/trap/failed assertion — or, with shouldFail, when it does fail.
import { instantiate, type HostInstance } from '../host/instance.ts';
import { DeterministicError } from '../runtime/types.ts';
import type { SchemaModel } from '../schema/index.ts';
import { MatchstickEnv, type Registry } from './mock-host.ts';

export interface TestResult { path: string[]; name: string; passed: boolean; shouldFail: boolean; messages: string[]; logs: string[]; ms: number }

interface Test { kind: 'test'; name: string; shouldFail: boolean; fn: number }
interface Group {
  kind: 'group'; name: string; fn: number | null; items: (Test | Group)[];
  beforeAll: number[]; afterAll: number[]; beforeEach: number[]; afterEach: number[];
}
const newGroup = (name: string, fn: number | null): Group => ({ kind: 'group', name, fn, items: [], beforeAll: [], afterAll: [], beforeEach: [], afterEach: [] });

function errorText(e: unknown): string {
  if (e instanceof DeterministicError) return e.message;
  if (e instanceof WebAssembly.RuntimeError) return `trap: ${e.message}`;
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

export interface RunFileOptions { root: string; schema?: SchemaModel; onResult?: (r: TestResult) => void }

export function runTestModule(module: WebAssembly.Module, o: RunFileOptions): TestResult[] {
  const results: TestResult[] = [];
  const root = newGroup('', null);
  let current = root;
  const registry: Registry = {
    onDescribe: (name, fn) => { current.items.push(newGroup(name, fn)); },
    onTest: (name, shouldFail, fn) => { current.items.push({ kind: 'test', name, shouldFail, fn }); },
    onHook: (fn, kind) => {
      const k = kind as 'beforeAll' | 'afterAll' | 'beforeEach' | 'afterEach';
      if (!(k in current) || !Array.isArray(current[k])) throw new DeterministicError(`unknown hook type ${kind}`);
      current[k].push(fn);
    },
  };
  const env = new MatchstickEnv(o.root, o.schema, registry);
  const report = (r: TestResult) => { results.push(r); o.onResult?.(r); };

  let inst: HostInstance;
  try {
    inst = instantiate(module, env.services(), {}, (get) => env.imports(get));
  } catch (e) {
    report({ path: [], name: '(module start: top-level code)', passed: false, shouldFail: false, messages: [errorText(e), ...env.failures], logs: env.output.splice(0), ms: 0 });
    return results;
  }
  const table = inst.exports.table as WebAssembly.Table | undefined;
  if (!table) {
    report({ path: [], name: '(module)', passed: false, shouldFail: false, messages: ['test module has no exported table: compile with --exportTable'], logs: [], ms: 0 });
    return results;
  }
  const call = (idx: number) => {
    const f = table.get(idx) as (() => void) | null;
    if (!f) throw new Error(`no function at table index ${idx}`);
    f();
  };
  /** run fns; return the first error text, or null */
  const runAll = (fns: number[]): string | null => {
    for (const f of fns) {
      try { call(f); } catch (e) { return errorText(e); }
    }
    return null;
  };

  const allTests = (g: Group): Test[] => g.items.flatMap((i) => (i.kind === 'test' ? [i] : allTests(i)));

  const runGroup = (g: Group, path: string[], before: number[], after: number[]): void => {
    const here = g.name ? [...path, g.name] : path;
    if (g.fn !== null) {
      current = g;
      env.failures = [];
      try { call(g.fn); } catch (e) {
        report({ path: here, name: '(describe body)', passed: false, shouldFail: false, messages: [errorText(e), ...env.failures], logs: env.output.splice(0), ms: 0 });
      } finally { current = root; }
    }
    const fb = runAll(g.beforeAll);
    if (fb) {
      for (const t of allTests(g)) report({ path: here, name: t.name, passed: false, shouldFail: t.shouldFail, messages: [`beforeAll hook failed: ${fb}`], logs: env.output.splice(0), ms: 0 });
      return;
    }
    const beforeEach = [...before, ...g.beforeEach];
    const afterEach = [...g.afterEach, ...after];
    for (const item of g.items) {
      if (item.kind === 'group') { runGroup(item, here, beforeEach, afterEach); continue; }
      env.failures = [];
      const t0 = performance.now();
      const messages: string[] = [];
      let failed = false;
      const hb = runAll(beforeEach);
      if (hb) { failed = true; messages.push(`beforeEach hook failed: ${hb}`); }
      let testError: string | null = null;
      if (!hb) {
        try { call(item.fn); } catch (e) { testError = errorText(e); }
      }
      const assertions = env.failures.splice(0);
      const ha = runAll(afterEach);
      let passed: boolean;
      if (hb || ha) passed = false;
      else {
        const didFail = testError !== null || assertions.length > 0;
        passed = item.shouldFail ? didFail : !didFail;
      }
      if (!passed) {
        messages.push(...assertions);
        if (testError) messages.push(testError);
        if (ha) messages.push(`afterEach hook failed: ${ha}`);
        if (item.shouldFail && !failed && !testError && !assertions.length && !ha) messages.push('test was expected to fail (shouldFail) but passed');
      }
      report({ path: here, name: item.name, passed, shouldFail: item.shouldFail, messages, logs: env.output.splice(0), ms: performance.now() - t0 });
    }
    const fa = runAll(g.afterAll);
    if (fa) report({ path: here, name: '(afterAll hook)', passed: false, shouldFail: false, messages: [fa], logs: env.output.splice(0), ms: 0 });
  };

  // Top-level hooks were registered during _start into `root`.
  runGroup(root, [], [], []);
  return results;
}
