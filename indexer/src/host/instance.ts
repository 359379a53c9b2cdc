// One WASM instance with the graph-ts host wired in: instantiate from a compiled Module (cheap),
// bind the memory ABI, run `_start` (graph-cli builds with --explicitStart).
import { AscMemory, type AscExports } from './abi/memory.ts';
import { GraphAbi } from './abi/graph.ts';
import { hostFunctions, resolveImports, type HostServices, type HostState } from './imports.ts';

export interface HostInstance extends HostState {
  instance: WebAssembly.Instance;
  memory: AscMemory;
}

type Fn = (...args: never[]) => unknown;

export function instantiate(module: WebAssembly.Module, svc: HostServices, extra: Record<string, Fn> = {},
  extraFor?: (inst: () => HostInstance) => Record<string, Fn>): HostInstance {
  let current: HostInstance | null = null;
  const get = (): HostInstance => {
    if (!current) throw new Error('host function called before instantiation finished');
    return current;
  };
  const fns = { ...hostFunctions(get, svc), ...extra, ...(extraFor ? extraFor(get) : {}) };
  const instance = new WebAssembly.Instance(module, resolveImports(module, fns));
  const exports = instance.exports as unknown as AscExports & Record<string, unknown>;
  const memory = new AscMemory(exports);
  current = { instance, exports: instance.exports, memory, abi: new GraphAbi(memory) };
  const start = instance.exports._start as (() => void) | undefined;
  if (typeof start === 'function') start();
  return current;
}
