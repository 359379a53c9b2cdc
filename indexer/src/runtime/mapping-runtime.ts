// Runs compiled subgraph mappings (graph-cli WASM) for the indexer: one compiled
// WebAssembly.Module, a fresh instance per trigger attempt (as graph-node does).
//
// NeedsAsync protocol: host services answer synchronously or throw NeedsAsync. The runtime
// then awaits `work()` and re-runs the trigger from scratch on a fresh instance. Each attempt
// writes into its own AttemptStore overlay; only a successful attempt commits its writes (in
// mapping order, each set carrying the complete merged entity) to `ctx.store`, then its
// dataSource.create calls to `ctx.createDataSource`, then its log lines to `ctx.log`. So the
// caller's HostStore never sees an abandoned attempt; on DeterministicError nothing is
// committed except the attempt's log lines (so `log.critical` messages are visible).
import { readFileSync } from 'node:fs';
import { AttemptStore } from './attempt-store.ts';
import {
  type EntityData,
  type EthBlock,
  type EthEvent,
  type Hex,
  type TriggerContext,
} from '../internal/types.ts';
import { DeterministicError, NeedsAsync } from '../internal/errors.ts';
import type { SchemaModel } from '../schema/index.ts';
import { HostLinker, type HostInstance } from '../host/instance.ts';
import { prepareModuleBytes } from '../host/abi/strip.ts';
import { AbortError, type HostServices } from '../host/imports.ts';
import type { LogLevel } from '../internal/types.ts';
import { makeValidator } from '../host/validate.ts';
import { decodeOutputs, encodeCall } from '../host/semantics/ethabi.ts';
import type { EthCallTrigger, GraphAbi } from '../host/abi/graph.ts';

export type { EthCallTrigger } from '../host/abi/graph.ts';

export interface MappingModuleOptions {
  /** mapping.apiVersion from the manifest (informational: the ABI written is graph-ts 0.38's) */
  apiVersion?: string;
  /** when given, store.set is validated against it and loadRelated sees this trigger's writes */
  schema?: SchemaModel;
  /** give up after this many NeedsAsync rounds for one trigger (default 1000) */
  maxRetries?: number;
  /** true: a new WebAssembly.Instance per trigger attempt, literally as graph-node. Default
   * false: one instance reset to its post-_start state before each attempt (same observable
   * state, much cheaper; see host/instance.ts). */
  freshInstances?: boolean;
}

export interface TriggerStats {
  attempts: number;
  instantiateMs: number;
  handlerMs: number;
}

export class MappingModule {
  readonly handlers: ReadonlySet<string>;
  private readonly validate?: ReturnType<typeof makeValidator>;
  /** cumulative counters, e.g. for benchmarks */
  readonly totals = { triggers: 0, attempts: 0, instantiateMs: 0, handlerMs: 0 };

  private readonly linker: HostLinker;

  constructor(
    readonly module: WebAssembly.Module,
    private readonly opts: MappingModuleOptions = {},
  ) {
    const exports = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
    if (!exports.has('id_of_type') || !(exports.has('__new') || exports.has('allocate'))) {
      // apiVersion ≤ 0.0.4 mappings (AssemblyScript 0.6 layout) lack these exports
      throw new Error(
        'mapping module does not export id_of_type and __new/allocate: it was not built by graph-cli ' +
          'for apiVersion ≥ 0.0.5 (graph-ts global entry, --exportRuntime); older AssemblyScript layouts are not supported',
      );
    }
    this.linker = new HostLinker(module, undefined, { reuse: !opts.freshInstances });
    this.handlers = new Set(
      WebAssembly.Module.exports(module)
        .filter((e) => e.kind === 'function')
        .map((e) => e.name),
    );
    if (opts.schema) this.validate = makeValidator(opts.schema);
  }

  /**
   * Instantiates once, running the module's start function, so a module that cannot link or
   * traps while starting fails at load time (naming its file) instead of at its first trigger.
   * Host services are inert; the instance is dropped, so the first trigger starts from scratch.
   */
  checkStart(): void {
    const none = () => {
      throw new DeterministicError(
        'host function called while the module starts (before any trigger)',
      );
    };
    try {
      this.linker.instantiate({
        store: {
          get: () => null,
          getInBlock: () => null,
          set: none,
          remove: none,
          loadRelated: () => [],
        },
        ethCall: none,
        getBalance: none,
        hasCode: none,
        dataSource: none,
        createDataSource: none,
        log: () => {},
        ipfsCat: () => null,
      });
    } finally {
      this.linker.reset();
    }
  }

  runEvent(handler: string, event: EthEvent, ctx: TriggerContext): Promise<TriggerStats> {
    return this.run(handler, ctx, (abi) => abi.newEvent(event), event.block);
  }
  runBlock(handler: string, block: EthBlock, ctx: TriggerContext): Promise<TriggerStats> {
    return this.run(handler, ctx, (abi) => abi.newBlock(block), block);
  }
  runCall(handler: string, call: EthCallTrigger, ctx: TriggerContext): Promise<TriggerStats> {
    return this.run(handler, ctx, (abi) => abi.newCall(call), call.block);
  }

  private async run(
    handler: string,
    ctx: TriggerContext,
    write: (abi: GraphAbi) => number,
    block: EthBlock,
  ): Promise<TriggerStats> {
    if (!this.handlers.has(handler))
      throw new DeterministicError(
        `handler \`${handler}\` is not exported by the mapping module`,
        handler,
      );
    const stats: TriggerStats = { attempts: 0, instantiateMs: 0, handlerMs: 0 };
    const max = this.opts.maxRetries ?? 1000;
    for (;;) {
      stats.attempts++;
      const attempt = new Attempt(ctx, block, this.opts.schema, this.validate);
      try {
        const t0 = performance.now();
        const inst = this.linker.instantiate(attempt.services);
        const t1 = performance.now();
        const arg = write(inst.abi);
        callExport(inst, handler, arg);
        const t2 = performance.now();
        stats.instantiateMs += t1 - t0;
        stats.handlerMs += t2 - t1;
        attempt.commit();
        this.totals.triggers++;
        this.totals.attempts += stats.attempts;
        this.totals.instantiateMs += stats.instantiateMs;
        this.totals.handlerMs += stats.handlerMs;
        return stats;
      } catch (e) {
        if (e instanceof NeedsAsync) {
          if (stats.attempts > max)
            throw new Error(
              `handler ${handler}: gave up after ${max} NeedsAsync retries (${e.message})`,
            );
          await e.work();
          continue;
        }
        attempt.flushLogs();
        throw toDeterministic(e, handler);
      }
    }
  }
}

function callExport(inst: HostInstance, name: string, arg: number): void {
  const fn = inst.exports[name] as (p: number) => void;
  inst.memory.flush(); // the trigger object was written by the JS allocator
  fn(arg);
}

/** Traps, aborts and host errors → DeterministicError naming the handler; host bugs pass through. */
export function toDeterministic(e: unknown, handler: string): Error {
  if (e instanceof DeterministicError) {
    const msg = e.message.startsWith(`handler ${handler}`)
      ? e.message
      : `handler ${handler}: ${e.message}`;
    const out = new DeterministicError(msg, handler);
    if (e instanceof AbortError) (out as { cause?: unknown }).cause = e;
    return out;
  }
  if (e instanceof WebAssembly.RuntimeError) {
    return new DeterministicError(`handler ${handler}: mapping trapped: ${e.message}`, handler);
  }
  if (e instanceof WebAssembly.LinkError || e instanceof WebAssembly.CompileError) {
    // The module itself is unusable: the same on every retry.
    return new DeterministicError(
      `handler ${handler}: mapping module cannot be instantiated: ${e.message}`,
      handler,
    );
  }
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return new DeterministicError(
      `handler ${handler}: mapping exceeded the stack: ${e.message}`,
      handler,
    );
  }
  return e instanceof Error ? e : new Error(String(e));
}

/** Host services for one attempt, buffering every side effect until commit. */
class Attempt {
  readonly store: AttemptStore;
  private readonly created: { template: string; params: string[]; context: EntityData | null }[] =
    [];
  private readonly logs: { level: LogLevel; message: string }[] = [];
  readonly services: HostServices;

  constructor(
    private readonly ctx: TriggerContext,
    block: EthBlock,
    schema?: SchemaModel,
    validate?: HostServices['validateEntity'],
  ) {
    this.store = new AttemptStore(ctx.store, schema);
    const chain = ctx.chain;
    this.services = {
      store: this.store,
      ethCall: (call) => {
        if (!call.functionSignature)
          throw new DeterministicError(
            `ethereum.call of ${call.contractName}.${call.functionName}: no function signature (rebuild with a current graph-cli)`,
          );
        let enc: ReturnType<typeof encodeCall>;
        try {
          enc = encodeCall(call.functionSignature, call.args);
        } catch (e) {
          throw new DeterministicError(
            `ethereum.call ${call.contractName}.${call.functionSignature}: cannot encode the arguments: ${(e as Error).message.split('\n')[0]}`,
          );
        }
        const { data, outputs } = enc;
        const ret = chain.call({ address: call.address, data, block });
        if (ret === null || ret === '0x') return null;
        try {
          return decodeOutputs(outputs, ret as Hex);
        } catch {
          return null; // undecodable return data is treated like a revert, as graph-node does
        }
      },
      getBalance: (a) => chain.getBalance(a, block),
      hasCode: (a) => chain.hasCode(a, block),
      dataSource: () => ctx.dataSource,
      createDataSource: (template, params, context) => {
        this.created.push({ template, params, context });
      },
      log: (level, message) => {
        this.logs.push({ level: level === 'success' ? 'info' : level, message });
      },
      ipfsCat: (hash) => (ctx.ipfsCat ? ctx.ipfsCat(hash) : null),
      validateEntity: validate,
    };
  }

  commit(): void {
    this.store.commit();
    for (const c of this.created) this.ctx.createDataSource(c.template, c.params, c.context);
    this.flushLogs();
  }
  flushLogs(): void {
    for (const l of this.logs) this.ctx.log(l.level, l.message);
    this.logs.length = 0;
  }
}

/** Compile once; instantiate per trigger. Accepts a .wasm path or bytes. */
export async function loadMappingModule(
  wasm: string | Uint8Array,
  opts: MappingModuleOptions = {},
): Promise<MappingModule> {
  const bytes = typeof wasm === 'string' ? new Uint8Array(readFileSync(wasm)) : wasm;
  const module = await WebAssembly.compile(prepareModuleBytes(bytes) as Uint8Array<ArrayBuffer>);
  return new MappingModule(module, opts);
}
