// Helpers for the host's unit tests: compile (cached) the probe module and the fixture mapping,
// and build plain HostServices around an in-memory store.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { compileAs } from '../src/matchstick/compile.ts';
import { MemoryStore } from '../src/runtime/memory-store.ts';
import { parseSchema, type SchemaModel } from '../src/schema/index.ts';
import type { HostServices } from '../src/host/imports.ts';
import { makeValidator } from '../src/host/validate.ts';
import { prepareModuleBytes } from '../src/host/abi/strip.ts';
import type { EntityData, EthValue } from '../src/internal/types.ts';
import type { SmartContractCall } from '../src/host/abi/graph.ts';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'host');
export const LIBS = join(FIXTURES, '../../../node_modules');

const modules = new Map<string, Promise<WebAssembly.Module>>();
export function compiledFixture(rel: string, optimize = false): Promise<WebAssembly.Module> {
  let p = modules.get(rel + optimize);
  if (!p) {
    p = compileAs({ entry: join(FIXTURES, rel), libs: LIBS, optimize }).then((r) => {
      if (!r.ok) throw new Error(`fixture ${rel} failed to compile:\n${r.diagnostics}`);
      return new WebAssembly.Module(prepareModuleBytes(r.wasm!) as Uint8Array<ArrayBuffer>);
    });
    modules.set(rel + optimize, p);
  }
  return p;
}

export function fixtureSchema(rel: string): SchemaModel {
  const p = join(FIXTURES, rel);
  return parseSchema(readFileSync(p, 'utf8'), p);
}

export interface TestServices extends HostServices {
  store: MemoryStore;
  logs: string[];
  calls: SmartContractCall[];
  created: { template: string; params: string[]; context: EntityData | null }[];
}

export function testServices(
  opts: { schema?: SchemaModel; call?: (c: SmartContractCall) => EthValue[] | null } = {},
): TestServices {
  const logs: string[] = [];
  const calls: SmartContractCall[] = [];
  const created: TestServices['created'] = [];
  return {
    store: new MemoryStore(opts.schema),
    logs,
    calls,
    created,
    ethCall: (c) => {
      calls.push(c);
      return opts.call ? opts.call(c) : null;
    },
    getBalance: () => 0n,
    hasCode: () => false,
    dataSource: () => ({
      name: 'Probe',
      network: 'devnet',
      address: '0x00000000000000000000000000000000000000aa',
      context: new Map([['k', { kind: 'String', value: 'v' }]]),
    }),
    createDataSource: (template, params, context) => {
      created.push({ template, params, context });
    },
    log: (level, message) => {
      logs.push(`${level}: ${message}`);
    },
    ipfsCat: () => null,
    validateEntity: opts.schema ? makeValidator(opts.schema) : undefined,
  };
}
