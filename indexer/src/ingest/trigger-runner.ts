// Runs one trigger's handler to completion on the entity cache: a NeedsAsync (an eth_call or
// entity not in memory yet) fetches, discards the attempt and re-runs it from scratch; a
// deterministic error (or any other throw out of a handler) becomes a HandlerFailure, which
// fails the deployment at that block; RPC errors propagate and the loop retries the range.
import {
  LOG_LEVELS,
  type ChainAccess,
  type EthEvent,
  type Hex,
  type LogLevel,
  type TriggerContext,
} from '../internal/types.ts';
import { DeterministicError, NeedsAsync } from '../internal/errors.ts';
import type { DataSourceTemplate, Manifest } from '../manifest/types.ts';
import type { CallCache } from '../chain/call-cache.ts';
import { RpcResponseError, TransientRpcError } from '../chain/rpc.ts';
import type { EntityCache } from './entity-cache.ts';
import type { CallPrefetcher, CallRequest } from './call-prefetcher.ts';
import type { BlockCtx } from './block-ctx.ts';
import type { CreatedDataSource } from './data-sources.ts';
import { decodeEventParams } from './decode.ts';
import type { Trigger } from './triggers.ts';
import type { MappingLoader, MappingModule } from './types.ts';

/** A handler failed deterministically: the deployment fails at this block. */
export class HandlerFailure extends Error {
  constructor(
    readonly handler: string,
    readonly block: number,
    message: string,
  ) {
    super(message);
  }
}

export interface TriggerRunnerDeps {
  manifest: Manifest;
  cache: EntityCache;
  calls: CallCache;
  prefetcher: CallPrefetcher;
  loadMapping: MappingLoader;
  /** handler log lines at or above this level are printed */
  logLevel: LogLevel;
  log: (msg: string) => void;
  /** mappingMs grows by the time spent inside handlers; blockTriggers counts block handler runs */
  stats: { mappingMs: number; blockTriggers: number };
}

export class TriggerRunner {
  /** the host's chain access: its NeedsAsync work discards the running attempt */
  private readonly chainAccess: ChainAccess;
  private readonly modules = new Map<string, Promise<MappingModule>>();
  private readonly logLevel: number;
  /** data sources created by the running trigger / by the block's completed triggers */
  private triggerCreated: CreatedDataSource[] = [];
  private blockCreated: CreatedDataSource[] = [];

  constructor(private readonly deps: TriggerRunnerDeps) {
    this.logLevel = LOG_LEVELS.indexOf(deps.logLevel);
    const discard = (work: () => Promise<void>) => async () => {
      await work();
      // The re-run starts from scratch: nothing of the aborted attempt may survive.
      deps.cache.discardTrigger();
      this.triggerCreated = [];
    };
    deps.cache.wrapWork = discard;
    this.chainAccess = deps.calls.access(discard);
  }

  /** The data sources the block's triggers created since the last call. */
  takeCreated(): CreatedDataSource[] {
    return this.blockCreated.splice(0);
  }

  /** Forgets data sources created by triggers whose block is being dropped. */
  dropCreated(): void {
    this.blockCreated = [];
    this.triggerCreated = [];
  }

  /** Runs one trigger to completion (NeedsAsync → fetch, discard, re-run); 1 for an event. */
  async run(t: Trigger, bctx: BlockCtx): Promise<number> {
    const { cache, calls, stats } = this.deps;
    const mod = await this.module(t.ds.spec);
    const block = bctx.block;
    let event: EthEvent | null = null;
    if (t.kind === 'log') {
      const params = decodeEventParams(
        t.handler.abiEvent,
        t.log.topics as Hex[],
        t.log.data as Hex,
      );
      if (!params) {
        const log = `log ${t.logIndex} of ${t.log.address}`;
        this.deps.log(
          `block ${block.number}: skipping ${log}: does not decode as ${t.handler.event}`,
        );
        return 0;
      }
      const receipt = t.handler.receipt ? await bctx.receipt(t.log.transactionHash as Hex) : null;
      const logIndex = BigInt(t.log.logIndex);
      event = {
        address: t.log.address.toLowerCase() as Hex,
        logIndex,
        transactionLogIndex: t.log.transactionLogIndex
          ? BigInt(t.log.transactionLogIndex)
          : logIndex,
        logType: t.log.logType ?? null,
        block,
        transaction: bctx.tx(t.log),
        parameters: params,
        receipt,
      };
    }
    const ctx = this.context(t, Number(block.number));
    const recorded: CallRequest[] = [];
    for (;;) {
      try {
        recorded.length = 0;
        calls.recording = recorded;
        const t0 = performance.now();
        try {
          if (event) await mod.runEvent(t.handler.handler, event, ctx);
          else await mod.runBlock(t.handler.handler, block, ctx);
        } finally {
          calls.recording = null;
          stats.mappingMs += performance.now() - t0;
        }
        this.deps.prefetcher.record(t, recorded);
        cache.commitTrigger();
        this.blockCreated.push(...this.triggerCreated);
        this.triggerCreated = [];
        if (event) return 1;
        stats.blockTriggers++;
        return 0;
      } catch (e) {
        cache.discardTrigger();
        this.triggerCreated = [];
        if (e instanceof NeedsAsync) {
          await e.work();
          continue;
        }
        if (e instanceof TransientRpcError || e instanceof RpcResponseError) throw e;
        const where = `${t.ds.name}.${t.handler.handler}`;
        if (e instanceof DeterministicError)
          throw new HandlerFailure(
            e.handler ?? t.handler.handler,
            Number(block.number),
            `${where}: ${e.message}`,
          );
        // Anything else out of a handler (trap, host bug) also fails the deployment: retrying
        // would loop forever on the same input; the message says which handler and block.
        throw new HandlerFailure(
          t.handler.handler,
          Number(block.number),
          `${where}: ${(e as Error)?.message ?? String(e)}`,
        );
      }
    }
  }

  /** What the handler of `t` sees of the store, the chain and its data source in block n. */
  private context(t: Trigger, n: number): TriggerContext {
    const ds = t.ds;
    const { manifest, cache } = this.deps;
    return {
      store: cache.host,
      chain: this.chainAccess,
      dataSource: {
        name: ds.name,
        network: ds.spec.network,
        address: ds.address,
        context: ds.context,
        template: ds.template,
      },
      createDataSource: (template, params, context) => {
        if (!manifest.templates.some((x) => x.name === template))
          throw new DeterministicError(`dataSource.create: no template named ${template}`);
        if (!params.length || !/^0x[0-9a-fA-F]{40}$/.test(params[0])) {
          const got = JSON.stringify(params[0]);
          throw new DeterministicError(
            `dataSource.create(${template}): first parameter must be an address, got ${got}`,
          );
        }
        this.triggerCreated.push({ template, params, context });
      },
      log: (level, message) => {
        if (LOG_LEVELS.indexOf(level) <= this.logLevel)
          this.deps.log(`[${level}] ${ds.name} ${t.handler.handler} block ${n}: ${message}`);
      },
    };
  }

  /** One load per mapping file (a failed load is retried on next use). */
  private module(spec: DataSourceTemplate): Promise<MappingModule> {
    let m = this.modules.get(spec.mapping.file);
    if (!m) {
      m = this.deps.loadMapping(spec);
      this.modules.set(spec.mapping.file, m);
      m.catch(() => this.modules.delete(spec.mapping.file));
    }
    return m;
  }
}
