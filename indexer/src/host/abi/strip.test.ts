// The load-time module rewrites must not change what an instance looks like.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { compileAs } from '../../matchstick/compile.ts';
import { FIXTURES, LIBS } from '../../../test-fixtures/compiled-fixtures.ts';
import {
  GLOBAL_EXPORT_PREFIX,
  mergeDataSegments,
  prepareModuleBytes,
  stripExportedGlobals,
} from './strip.ts';

function instantiateBare(bytes: Uint8Array): WebAssembly.Instance {
  const m = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
  const imports: Record<string, Record<string, () => number>> = {};
  for (const i of WebAssembly.Module.imports(m)) (imports[i.module] ??= {})[i.name] = () => 0;
  return new WebAssembly.Instance(m, imports);
}

test('prepareModuleBytes: same functions and initial memory, no exported enum globals, mutable globals exported', async () => {
  for (const optimize of [false, true]) {
    const r = await compileAs({ entry: join(FIXTURES, 'src/mapping.ts'), libs: LIBS, optimize });
    assert.ok(r.ok, r.diagnostics);
    const raw = r.wasm!;
    const prepared = prepareModuleBytes(raw);
    assert.ok(WebAssembly.validate(prepared as Uint8Array<ArrayBuffer>));
    const a = instantiateBare(raw),
      b = instantiateBare(prepared);
    const kinds = (i: WebAssembly.Instance, k: string) =>
      Object.entries(i.exports)
        .filter(
          ([n, v]) =>
            (k === 'function' ? typeof v === 'function' : v instanceof WebAssembly.Global) &&
            !n.startsWith(GLOBAL_EXPORT_PREFIX),
        )
        .map(([n]) => n)
        .sort();
    assert.deepEqual(kinds(b, 'function'), kinds(a, 'function'));
    assert.ok(kinds(a, 'global').length > 100); // TypeId.* enum members
    assert.deepEqual(kinds(b, 'global'), []);
    assert.ok(Object.keys(b.exports).some((n) => n.startsWith(GLOBAL_EXPORT_PREFIX)));
    const ma = new Uint8Array((a.exports.memory as WebAssembly.Memory).buffer);
    const mb = new Uint8Array((b.exports.memory as WebAssembly.Memory).buffer);
    assert.equal(mb.length, ma.length);
    assert.ok(Buffer.compare(ma, mb) === 0, 'initial memory differs');
    // merging is a no-op on an already merged module; stripping is idempotent
    assert.equal(mergeDataSegments(mergeDataSegments(raw)).length, mergeDataSegments(raw).length);
    assert.equal(
      stripExportedGlobals(stripExportedGlobals(raw)).length,
      stripExportedGlobals(raw).length,
    );
  }
});
