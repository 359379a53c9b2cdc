// A JSON-RPC client that never gives up on transient faults: timeouts, connection resets,
// HTTP 429 (honouring Retry-After), 5xx, malformed JSON, lagging nodes. It backs a viem
// PublicClient (custom transport, cacheTime 0) and the ingestion hot path (batched requests).
import { createPublicClient, custom, type PublicClient } from 'viem';

export interface RpcOptions {
  url: string;
  /** per-request timeout */
  timeoutMs?: number;
  /** first backoff delay; doubles per attempt up to maxDelayMs (with jitter) */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** give up after this many attempts (default: never — graph-node retries forever) */
  maxAttempts?: number;
  /** called before each retry wait, for logs/status */
  onRetry?: (info: { method: string; attempt: number; delayMs: number; error: Error }) => void;
}

/** The node answered with a JSON-RPC error object: not transient, the caller decides. */
export class RpcResponseError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(`${method}: RPC error ${code}: ${message}`);
    this.name = 'RpcResponseError';
  }
}

/** A transient fault worth retrying; `retryAfterMs` comes from a 429's Retry-After. */
export class TransientRpcError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'TransientRpcError';
  }
}

/** eth_getLogs answers that mean "ask for a smaller range" (provider-specific wordings). */
export function isRangeTooLarge(e: unknown): boolean {
  if (!(e instanceof RpcResponseError) && !(e instanceof TransientRpcError)) return false;
  const m = e.message.toLowerCase();
  return (
    (e instanceof RpcResponseError && e.code === -32005) ||
    /too many|more than \d+ (results|logs)|limit exceeded|range (is )?too (large|wide)|block range|response size|exceed|query timeout|timed out|timeout/.test(
      m,
    )
  );
}

/** JSON-RPC errors that are really the node being behind or overloaded. */
function isTransientRpcMessage(code: number, msg: string): boolean {
  const m = msg.toLowerCase();
  return (
    code === -32029 ||
    code === 429 ||
    /rate limit|too many requests|header not found|unknown block|try again|temporarily|busy|overload|capacity/.test(
      m,
    )
  );
}

export interface RpcCall {
  method: string;
  params: unknown[];
}

export class JsonRpc {
  readonly url: string;
  /** user:password from the URL, sent as HTTP Basic auth (fetch refuses URLs with credentials) */
  private readonly headers: Record<string, string> = { 'content-type': 'application/json' };
  private id = 1;
  private readonly timeoutMs: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxAttempts: number;
  /** counters for status/bench output */
  readonly stats = { requests: 0, retries: 0, httpCalls: 0 };
  private closed = false;
  private wake: (() => void) | null = null;

  constructor(private readonly opts: RpcOptions) {
    this.url = opts.url;
    try {
      const u = new URL(opts.url);
      if (u.username || u.password) {
        const user = decodeURIComponent(u.username),
          pass = decodeURIComponent(u.password);
        this.headers.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
        u.username = '';
        u.password = '';
        this.url = u.toString();
      }
    } catch {
      // not a URL: fetch names the problem on the first request
    }
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.baseDelayMs = opts.baseDelayMs ?? 200;
    this.maxDelayMs = opts.maxDelayMs ?? 30_000;
    this.maxAttempts = opts.maxAttempts ?? Infinity;
  }

  /** Stops retrying: pending and later requests fail fast (shutdown). */
  close(): void {
    this.closed = true;
    this.wake?.();
  }

  private async backoff(ms: number): Promise<void> {
    if (this.closed) throw new Error('JSON-RPC client closed');
    await new Promise<void>((r) => {
      const t = setTimeout(r, ms);
      this.wake = () => {
        clearTimeout(t);
        r();
      };
    });
    this.wake = null;
    if (this.closed) throw new Error('JSON-RPC client closed');
  }

  /** One request, retried on transient faults. JSON-RPC errors throw RpcResponseError. */
  async request<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const [r] = await this.batch<T>([{ method, params }]);
    return r;
  }

  /**
   * Several requests in one HTTP round trip (JSON-RPC batch). Results in input order; the first
   * item that failed with a JSON-RPC error throws RpcResponseError (after transient retries).
   */
  async batch<T = unknown>(calls: RpcCall[]): Promise<T[]> {
    if (!calls.length) return [];
    const label =
      calls.length === 1 ? calls[0].method : `batch(${calls.length}×${calls[0].method})`;
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.once(calls)) as T[];
      } catch (e) {
        const err = e as Error;
        if (!(err instanceof TransientRpcError) || attempt >= this.maxAttempts) throw err;
        const backoff = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
        const delayMs = Math.max(
          err.retryAfterMs ?? 0,
          Math.round(backoff * (0.75 + Math.random() * 0.5)),
        );
        this.stats.retries++;
        this.opts.onRetry?.({ method: label, attempt, delayMs, error: err });
        await this.backoff(delayMs);
      }
    }
  }

  /**
   * Like batch(), but JSON-RPC errors are returned per item instead of thrown (e.g. a batch of
   * eth_calls where some revert). Transient faults still retry the whole batch.
   */
  async batchSettled<T = unknown>(
    calls: RpcCall[],
    opts: { maxAttempts?: number } = {},
  ): Promise<({ ok: true; result: T } | { ok: false; error: RpcResponseError })[]> {
    if (!calls.length) return [];
    // A caller with a fallback (e.g. the eth_getLogs cross-check) may bound the retries itself.
    const maxAttempts = Math.min(this.maxAttempts, opts.maxAttempts ?? Infinity);
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.once(calls, true)) as (
          { ok: true; result: T } | { ok: false; error: RpcResponseError }
        )[];
      } catch (e) {
        const err = e as Error;
        if (!(err instanceof TransientRpcError) || attempt >= maxAttempts) throw err;
        const backoff = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
        const delayMs = Math.max(
          err.retryAfterMs ?? 0,
          Math.round(backoff * (0.75 + Math.random() * 0.5)),
        );
        this.stats.retries++;
        this.opts.onRetry?.({
          method: `batch(${calls.length}×${calls[0].method})`,
          attempt,
          delayMs,
          error: err,
        });
        await this.backoff(delayMs);
      }
    }
  }

  private async once(calls: RpcCall[], settled = false): Promise<unknown[]> {
    const single = calls.length === 1;
    const first = this.id;
    this.id += calls.length;
    const body = calls.map((c, i) => ({
      jsonrpc: '2.0',
      id: first + i,
      method: c.method,
      params: c.params,
    }));
    this.stats.requests += calls.length;
    this.stats.httpCalls++;
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), this.timeoutMs);
    let text: string;
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: this.headers,
        body: JSON.stringify(single ? body[0] : body),
        signal: ac.signal,
      });
      text = await res.text();
    } catch (e) {
      const msg = ac.signal.aborted
        ? `timeout after ${this.timeoutMs} ms`
        : `${(e as Error).message}${(e as any).cause ? ` (${(e as any).cause.code ?? (e as any).cause.message})` : ''}`;
      throw new TransientRpcError(`${calls[0].method}: ${msg}`);
    } finally {
      clearTimeout(timer);
    }
    if (res.status === 429)
      throw new TransientRpcError(
        `${calls[0].method}: HTTP 429`,
        parseRetryAfter(res.headers.get('retry-after')),
      );
    if (res.status >= 500) throw new TransientRpcError(`${calls[0].method}: HTTP ${res.status}`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      if (res.status >= 400)
        throw new RpcResponseError(
          calls[0].method,
          res.status,
          `HTTP ${res.status}: ${text.slice(0, 200)}`,
        );
      throw new TransientRpcError(
        `${calls[0].method}: malformed JSON response: ${text.slice(0, 80)}`,
      );
    }
    const items = Array.isArray(json) ? json : [json];
    if (!single && !Array.isArray(json)) {
      // Some nodes answer a whole batch with one error object.
      const e = (json as any)?.error;
      if (e) throw classify(calls[0].method, e);
      throw new TransientRpcError(`${calls[0].method}: batch answered with a non-array`);
    }
    const byId = new Map<number, any>();
    for (const it of items)
      if (it && typeof it === 'object' && typeof it.id === 'number') byId.set(it.id, it);
    const out: unknown[] = [];
    for (let i = 0; i < calls.length; i++) {
      const it = byId.get(first + i) ?? (single && items.length === 1 ? items[0] : undefined);
      if (!it || typeof it !== 'object' || it.jsonrpc !== '2.0')
        throw new TransientRpcError(`${calls[i].method}: malformed JSON-RPC response`);
      if (it.error) {
        const err = classify(calls[i].method, it.error);
        if (!settled || err instanceof TransientRpcError) throw err;
        out.push({ ok: false, error: err });
        continue;
      }
      if (!('result' in it))
        throw new TransientRpcError(`${calls[i].method}: response without result`);
      out.push(settled ? { ok: true, result: it.result } : it.result);
    }
    return out;
  }

  /** A viem client over this transport (cacheTime 0: block numbers must never be stale). */
  viem(): PublicClient {
    return createPublicClient({
      cacheTime: 0,
      transport: custom(
        { request: ({ method, params }) => this.request(method, (params as unknown[]) ?? []) },
        { retryCount: 0 },
      ),
    });
  }
}

function classify(method: string, e: any): Error {
  const code = typeof e?.code === 'number' ? e.code : 0;
  const msg = typeof e?.message === 'string' ? e.message : JSON.stringify(e);
  if (isTransientRpcMessage(code, msg))
    return new TransientRpcError(`${method}: RPC error ${code}: ${msg}`);
  return new RpcResponseError(method, code, msg, e?.data);
}

function parseRetryAfter(v: string | null): number | undefined {
  if (!v) return undefined;
  const s = Number(v);
  if (Number.isFinite(s)) return Math.min(60_000, Math.max(0, s * 1000));
  const t = Date.parse(v);
  return Number.isFinite(t) ? Math.min(60_000, Math.max(0, t - Date.now())) : undefined;
}
