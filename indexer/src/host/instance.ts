// WASM instances with the graph-ts host wired in. A HostLinker is made once per compiled
// Module: it resolves the imports once and re-points them at the current instance/services
// for each instantiation (instantiation and the handler run synchronously, so there is exactly
// one current instance at a time).
//
// Every trigger must see the state of a freshly started instance, as in graph-node. With
// `reuse` (default for the indexing runtime) the linker keeps one instance and, instead of
// re-instantiating, restores it to its post-`_start` state: memory bytes from a snapshot, the
// heap above it zeroed up to the allocator's high-water mark, and every mutable global (made
// visible by prepareModuleBytes' `__cr_g<i>` exports). That is byte-for-byte the state of a
// new instance (only memory.size may stay larger), at a fraction of V8's instantiation cost.
import { AscMemory, probeStubOffset, type AscExports } from './abi/memory.ts';
import { GLOBAL_EXPORT_PREFIX } from './abi/strip.ts';
import { GraphAbi } from './abi/graph.ts';
import { hostFunctions, resolveImports, type HostServices, type HostState } from './imports.ts';

export interface HostInstance extends HostState {
  instance: WebAssembly.Instance;
  memory: AscMemory;
}

type Fn = (...args: never[]) => unknown;

export class HostLinker {
  private current: HostInstance | null = null;
  /** the services object the host functions see; its fields are swapped per instantiation */
  private readonly svc = {} as HostServices;
  private readonly imports: WebAssembly.Imports;
  /** rtIds resolved through id_of_type are the same for every instance of one module */
  private readonly rtIds = new Map<number, number>();

  /** export name of the stub allocator's `offset` global (undefined: not probed yet) */
  private stubOffset: string | null | undefined;
  private pooled: {
    inst: HostInstance;
    snapshot: Uint8Array;
    globals: [WebAssembly.Global, number | bigint][];
  } | null = null;
  readonly reuse: boolean;

  constructor(
    readonly module: WebAssembly.Module,
    extraFor?: (inst: () => HostInstance) => Record<string, Fn>,
    opts: { reuse?: boolean } = {},
  ) {
    this.reuse =
      (opts.reuse ?? false) &&
      WebAssembly.Module.exports(module).some((e) => e.name.startsWith(GLOBAL_EXPORT_PREFIX));
    const get = (): HostInstance => {
      const inst = this.current;
      if (!inst) throw new Error('host function called outside of an instance');
      inst.memory.sync(); // the WASM code that called in may have grown memory
      return inst;
    };
    const fns = { ...hostFunctions(get, this.svc), ...(extraFor ? extraFor(get) : {}) };
    this.imports = resolveImports(module, fns, {
      before: () => {
        if (this.probing) throw new Error('host function called while probing the allocator');
        this.current?.memory.enter();
      },
      after: () => this.current?.memory.flush(),
    });
  }

  instantiate(services: HostServices): HostInstance {
    this.svc.store = services.store;
    this.svc.ethCall = services.ethCall;
    this.svc.getBalance = services.getBalance;
    this.svc.hasCode = services.hasCode;
    this.svc.dataSource = services.dataSource;
    this.svc.createDataSource = services.createDataSource;
    this.svc.log = services.log;
    this.svc.ipfsCat = services.ipfsCat;
    this.svc.validateEntity = services.validateEntity;
    this.svc.ipfsMapFormat = services.ipfsMapFormat;
    if (this.pooled) {
      this.restore(this.pooled);
      this.current = this.pooled.inst;
      return this.pooled.inst;
    }
    this.current = null;
    if (this.stubOffset === undefined) this.stubOffset = this.probe();
    const instance = new WebAssembly.Instance(this.module, this.imports);
    const exports = instance.exports as unknown as AscExports;
    const offset = this.stubOffset
      ? (instance.exports[this.stubOffset] as WebAssembly.Global)
      : null;
    const memory = new AscMemory(exports, this.rtIds, offset);
    const inst: HostInstance = {
      instance,
      exports: instance.exports,
      memory,
      abi: new GraphAbi(memory),
    };
    this.current = inst;
    const start = instance.exports._start as (() => void) | undefined;
    if (typeof start === 'function') start();
    memory.sync();
    if (this.reuse) {
      const globals: [WebAssembly.Global, number | bigint][] = [];
      for (const [name, v] of Object.entries(instance.exports)) {
        if (name.startsWith(GLOBAL_EXPORT_PREFIX))
          globals.push([v as WebAssembly.Global, (v as WebAssembly.Global).value]);
      }
      this.pooled = { inst, snapshot: memory.bytes.slice(), globals };
    }
    return inst;
  }

  /** Which global is the stub runtime's allocation offset, found on a throwaway instance
   * that is not started (the probe allocates; host functions refuse to run meanwhile, so
   * nothing outside sees it); null keeps allocations going through `__new`. */
  private probe(): string | null {
    this.probing = true;
    try {
      const instance = new WebAssembly.Instance(this.module, this.imports);
      return probeStubOffset(instance.exports, GLOBAL_EXPORT_PREFIX);
    } catch {
      return null;
    } finally {
      this.probing = false;
    }
  }
  private probing = false;

  /** Back to the post-_start state (see the header comment). */
  private restore(p: NonNullable<HostLinker['pooled']>): void {
    const bytes = p.inst.memory.bytes;
    // the stub allocator's bump pointer is one of the mutable i32 globals and bounds every
    // write since the snapshot: zero up to the largest global value that lies inside memory
    let dirty = p.snapshot.length;
    for (const [g] of p.globals) {
      const v = g.value;
      if (typeof v === 'number' && v > dirty && v <= bytes.length) dirty = v;
    }
    bytes.set(p.snapshot);
    if (dirty > p.snapshot.length)
      bytes.fill(0, p.snapshot.length, Math.min(bytes.length, dirty + 64));
    for (const [g, v] of p.globals) g.value = v;
    p.inst.memory.discardTop();
    p.inst.abi.reset();
  }

  /** Drop the pooled instance (next instantiate creates a new one). */
  reset(): void {
    this.pooled = null;
  }
}

/** One-off instantiation (tests, the matchstick runner). */
export function instantiate(
  module: WebAssembly.Module,
  svc: HostServices,
  extra: Record<string, Fn> = {},
  extraFor?: (inst: () => HostInstance) => Record<string, Fn>,
): HostInstance {
  return new HostLinker(module, (get) => ({
    ...extra,
    ...(extraFor ? extraFor(get) : {}),
  })).instantiate(svc);
}
