// Runs one compiled matchstick-as test file with matchstick 0.6's semantics (test_suite.rs):
// `_start` registers the top-level describe/test/hooks. The whole tree is collected before
// anything runs: each describe() body is executed in a separate, throwaway instance (as
// matchstick does with a cloned instance), so its side effects do not reach the tests. Then
// each group runs its beforeAll hooks, its items in order (each test wrapped by every
// enclosing beforeEach, outer first, and afterEach, inner first), then its afterAll hooks.
// The store persists across the tests of a file (tests call clearStore); every file gets a
// fresh instance and store. A test passes when it returns without an abort/trap/failed
// assertion — or, with shouldFail, when it does fail.
import { instantiate, type HostInstance } from '../host/instance.ts';
import { DeterministicError } from '../internal/errors.ts';
import type { SchemaModel } from '../schema/index.ts';
import { MatchstickEnv, type Registry } from './mock-host.ts';

export interface TestResult {
  path: string[];
  name: string;
  passed: boolean;
  shouldFail: boolean;
  messages: string[];
  logs: string[];
  ms: number;
}

interface Test {
  kind: 'test';
  name: string;
  shouldFail: boolean;
  fn: number;
}
interface Group {
  kind: 'group';
  name: string;
  fn: number | null;
  items: (Test | Group)[];
  beforeAll: number[];
  afterAll: number[];
  beforeEach: number[];
  afterEach: number[];
}
const newGroup = (name: string, fn: number | null): Group => ({
  kind: 'group',
  name,
  fn,
  items: [],
  beforeAll: [],
  afterAll: [],
  beforeEach: [],
  afterEach: [],
});

function errorText(e: unknown): string {
  if (e instanceof DeterministicError) return e.message;
  if (e instanceof WebAssembly.RuntimeError) return `trap: ${e.message}`;
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

export interface RunFileOptions {
  root: string;
  schema?: SchemaModel;
  templates?: ReadonlySet<string>;
  onResult?: (r: TestResult) => void;
}

export function runTestModule(module: WebAssembly.Module, o: RunFileOptions): TestResult[] {
  const results: TestResult[] = [];
  const root = newGroup('', null);
  const current = root;
  const registry: Registry = {
    onDescribe: (name, fn) => {
      current.items.push(newGroup(name, fn));
    },
    onTest: (name, shouldFail, fn) => {
      current.items.push({ kind: 'test', name, shouldFail, fn });
    },
    onHook: (fn, kind) => {
      const k = kind as 'beforeAll' | 'afterAll' | 'beforeEach' | 'afterEach';
      if (!(k in current) || !Array.isArray(current[k]))
        throw new DeterministicError(`unknown hook type ${kind}`);
      current[k].push(fn);
    },
  };
  const env = new MatchstickEnv(o.root, o.schema, registry, o.templates);
  const report = (r: TestResult) => {
    results.push(r);
    o.onResult?.(r);
  };

  let inst: HostInstance;
  try {
    inst = instantiate(module, env.services(), {}, (get) => env.imports(get));
  } catch (e) {
    report({
      path: [],
      name: '(module start: top-level code)',
      passed: false,
      shouldFail: false,
      messages: [errorText(e), ...env.failures],
      logs: env.output.splice(0),
      ms: 0,
    });
    return results;
  }
  const table = inst.exports.table as WebAssembly.Table | undefined;
  if (!table) {
    report({
      path: [],
      name: '(module)',
      passed: false,
      shouldFail: false,
      messages: ['test module has no exported table: compile with --exportTable'],
      logs: [],
      ms: 0,
    });
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
      try {
        call(f);
      } catch (e) {
        return errorText(e);
      }
    }
    return null;
  };

  const allTests = (g: Group): Test[] =>
    g.items.flatMap((i) => (i.kind === 'test' ? [i] : allTests(i)));

  /** Fill a describe group by running its body in a fresh instance (registrations only). */
  const collect = (g: Group, path: string[]): void => {
    const here = [...path, g.name];
    let collecting = false;
    const tmpRegistry: Registry = {
      onDescribe: (name, fn) => {
        if (collecting) g.items.push(newGroup(name, fn));
      },
      onTest: (name, shouldFail, fn) => {
        if (collecting) g.items.push({ kind: 'test', name, shouldFail, fn });
      },
      onHook: (fn, kind) => {
        if (!collecting) return;
        const k = kind as 'beforeAll' | 'afterAll' | 'beforeEach' | 'afterEach';
        if (!Array.isArray(g[k])) throw new DeterministicError(`unknown hook type ${kind}`);
        g[k].push(fn);
      },
    };
    const tmpEnv = new MatchstickEnv(o.root, o.schema, tmpRegistry, o.templates);
    try {
      const tmp = instantiate(module, tmpEnv.services(), {}, (get) => tmpEnv.imports(get));
      const f = (tmp.exports.table as WebAssembly.Table).get(g.fn!) as () => void;
      collecting = true;
      f();
    } catch (e) {
      g.items.length = 0;
      report({
        path: here,
        name: '(describe body)',
        passed: false,
        shouldFail: false,
        messages: [errorText(e), ...tmpEnv.failures],
        logs: tmpEnv.output.splice(0),
        ms: 0,
      });
      return;
    }
    for (const item of g.items) if (item.kind === 'group') collect(item, here);
  };

  const runGroup = (g: Group, path: string[], before: number[], after: number[]): void => {
    const here = g.name ? [...path, g.name] : path;
    const fb = runAll(g.beforeAll);
    if (fb) {
      for (const t of allTests(g))
        report({
          path: here,
          name: t.name,
          passed: false,
          shouldFail: t.shouldFail,
          messages: [`beforeAll hook failed: ${fb}`],
          logs: env.output.splice(0),
          ms: 0,
        });
      return;
    }
    const beforeEach = [...before, ...g.beforeEach];
    const afterEach = [...g.afterEach, ...after];
    for (const item of g.items) {
      if (item.kind === 'group') {
        runGroup(item, here, beforeEach, afterEach);
        continue;
      }
      env.failures = [];
      const t0 = performance.now();
      const messages: string[] = [];
      let failed = false;
      const hb = runAll(beforeEach);
      if (hb) {
        failed = true;
        messages.push(`beforeEach hook failed: ${hb}`);
      }
      let testError: string | null = null;
      if (!hb) {
        try {
          call(item.fn);
        } catch (e) {
          testError = errorText(e);
        }
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
        if (item.shouldFail && !failed && !testError && !assertions.length && !ha)
          messages.push('test was expected to fail (shouldFail) but passed');
      }
      report({
        path: here,
        name: item.name,
        passed,
        shouldFail: item.shouldFail,
        messages,
        logs: env.output.splice(0),
        ms: performance.now() - t0,
      });
    }
    const fa = runAll(g.afterAll);
    if (fa)
      report({
        path: here,
        name: '(afterAll hook)',
        passed: false,
        shouldFail: false,
        messages: [fa],
        logs: env.output.splice(0),
        ms: 0,
      });
  };

  // Top-level items and hooks were registered during _start into `root`.
  for (const item of root.items) if (item.kind === 'group') collect(item, []);
  runGroup(root, [], [], []);
  return results;
}
