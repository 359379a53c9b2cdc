// Control-flow and failure errors shared by the host, the runtime, the caches and ingestion.
// `NeedsAsync` is not a failure: it asks the runtime to do I/O and re-run the trigger.

/**
 * Thrown by a host-side service (store miss, eth_call not yet fetched) when the answer needs
 * async work. The runtime awaits `work()` and re-runs the trigger from scratch on a fresh
 * instance with that trigger's writes discarded: handlers are deterministic, so the re-run is
 * identical up to the point that needed the answer, which is now served from cache.
 */
export class NeedsAsync extends Error {
  constructor(
    readonly work: () => Promise<void>,
    reason: string,
  ) {
    super(`needs async: ${reason}`);
  }
}

/** Deterministic handler failure: the deployment fails at this block (graph-node semantics). */
export class DeterministicError extends Error {
  constructor(
    message: string,
    readonly handler?: string,
  ) {
    super(message);
  }
}

/** NeedsAsync without a stack trace: it is control flow, thrown and caught per cache miss. */
export function needsAsync(work: () => Promise<void>, reason: string): NeedsAsync {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new NeedsAsync(work, reason);
  } finally {
    Error.stackTraceLimit = limit;
  }
}
