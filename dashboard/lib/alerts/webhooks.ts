// Webhook delivery: enqueue() returns at once, so a slow or failing receiver never holds up rule
// evaluation. Each target has its own FIFO queue (events arrive in order: opened before
// resolved) worked by one async loop; each POST has a timeout and is retried with exponential
// backoff on network errors, timeouts, 429 and 5xx. Bounded queues drop the oldest event.
// With a `file`, the queues and the ids already delivered are kept on disk (outbox), so a
// restart sends what was still queued and never sends a delivered event again. With a target
// `secret`, each body is signed: `x-signature-sha256: sha256=<hex HMAC-SHA256 of the body>`.
import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AlertEvent } from '@/lib/alerts/state';
import type { WebhookTarget } from '@/lib/alerts/rules';

/** Header carrying the body's HMAC-SHA256 (hex, `sha256=` prefix) when the target has a secret. */
export const SIGNATURE_HEADER = 'x-signature-sha256';

/** `sha256=` + hex HMAC-SHA256 of the exact body bytes, keyed with the target's secret. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

interface Outbox {
  version: 1;
  delivered: string[];
  pending: Array<{ url: string; body: WebhookBody }>;
}

/** Body POSTed to every webhook (documented in README.md). */
export interface WebhookBody extends AlertEvent {
  deliveryId: string;
  sentAt: string;
}

interface Job {
  body: WebhookBody;
  attempt: number;
}

export interface DeliveryStats {
  delivered: number;
  failed: number;
  retries: number;
  dropped: number;
  pending: number;
  /** events not queued because that target already got them (or has them queued) */
  duplicates: number;
}

export class WebhookDispatcher {
  private queues = new Map<string, Job[]>();
  private running = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();
  readonly stats: DeliveryStats = {
    delivered: 0,
    failed: 0,
    retries: 0,
    dropped: 0,
    pending: 0,
    duplicates: 0,
  };
  /** `url \0 deliveryId` of delivered events, oldest first (bounded by deliveredLimit) */
  private delivered: string[] = [];
  private deliveredSet = new Set<string>();

  constructor(
    private targets: WebhookTarget[],
    private readonly opts: {
      fetch?: typeof fetch;
      maxQueue?: number;
      maxBackoffMs?: number;
      log?: (msg: string) => void;
      /** outbox file: queued events and delivered ids survive a restart */
      file?: string;
      /** delivered ids remembered (default 20,000) */
      deliveredLimit?: number;
    } = {},
  ) {
    if (opts.file) this.load(opts.file);
  }

  setTargets(targets: WebhookTarget[]): void {
    this.targets = targets;
  }

  enqueue(ev: AlertEvent): void {
    for (const t of this.targets)
      this.push(t, { ...ev, deliveryId: `${ev.alert.id}:${ev.event}`, sentAt: '' });
    this.save();
  }

  private push(t: WebhookTarget, body: WebhookBody): void {
    let q = this.queues.get(t.url);
    if (!q) this.queues.set(t.url, (q = []));
    if (
      this.deliveredSet.has(`${t.url}\u0000${body.deliveryId}`) ||
      q.some((j) => j.body.deliveryId === body.deliveryId)
    ) {
      this.stats.duplicates++;
      return;
    }
    q.push({ body, attempt: 0 });
    this.stats.pending++;
    if (q.length > (this.opts.maxQueue ?? 1000)) {
      q.shift();
      this.stats.dropped++;
      this.stats.pending--;
      this.log(`webhook ${t.url}: queue full, dropped the oldest event`);
    }
    if (!this.running.has(t.url)) {
      const p = this.work(t).finally(() => this.running.delete(t.url));
      this.running.set(t.url, p);
    }
  }

  /** Drop what is queued and abort what is in flight (shutdown, tests); the outbox file keeps them. */
  stop(): void {
    for (const q of this.queues.values()) {
      this.stats.pending -= q.length;
      q.length = 0;
    }
    this.abort.abort();
  }

  /** Resolves when every queue is empty (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running.values()]);
  }

  private log(msg: string) {
    (this.opts.log ?? console.warn)(`alerts: ${msg}`);
  }

  private async work(t: WebhookTarget): Promise<void> {
    const q = this.queues.get(t.url)!;
    while (q.length && !this.abort.signal.aborted) {
      const job = q[0];
      const ok = await this.send(t, job);
      if (this.abort.signal.aborted) break;
      if (ok === 'retry' && job.attempt < t.retries) {
        job.attempt++;
        this.stats.retries++;
        const wait = Math.min(
          t.backoffMs * 2 ** (job.attempt - 1),
          this.opts.maxBackoffMs ?? 60_000,
        );
        await new Promise<void>((r) => {
          const timer = setTimeout(r, wait);
          this.abort.signal.addEventListener(
            'abort',
            () => {
              clearTimeout(timer);
              r();
            },
            { once: true },
          );
        });
        continue;
      }
      q.shift();
      this.stats.pending--;
      if (ok === true) {
        this.stats.delivered++;
        this.remember(`${t.url}\u0000${job.body.deliveryId}`);
      } else {
        this.stats.failed++;
        this.log(
          `webhook ${t.url}: giving up on ${job.body.deliveryId} after ${job.attempt + 1} attempt(s)`,
        );
      }
      this.save();
    }
  }

  private async send(t: WebhookTarget, job: Job): Promise<true | 'retry' | 'fail'> {
    job.body.sentAt = new Date().toISOString();
    const payload = JSON.stringify(job.body);
    // own controller + timer (strongly held): AbortSignal.any(AbortSignal.timeout(…)) can be
    // garbage-collected on Node 20 and then never fires, leaving a hung request forever
    const ctl = new AbortController();
    const timer = setTimeout(
      () => ctl.abort(new DOMException(`timed out after ${t.timeoutMs} ms`, 'TimeoutError')),
      t.timeoutMs,
    );
    const onStop = () => ctl.abort(new DOMException('dispatcher stopped', 'AbortError'));
    this.abort.signal.addEventListener('abort', onStop, { once: true });
    try {
      const res = await (this.opts.fetch ?? fetch)(t.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'collateral-radar-alerts',
          'x-delivery-id': job.body.deliveryId,
          'x-delivery-attempt': String(job.attempt + 1),
          ...(t.secret ? { [SIGNATURE_HEADER]: signBody(payload, t.secret) } : {}),
        },
        body: payload,
        signal: ctl.signal,
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return true;
      this.log(
        `webhook ${t.url}: HTTP ${res.status} for ${job.body.deliveryId} (attempt ${job.attempt + 1})`,
      );
      return res.status === 429 || res.status >= 500 || res.status === 408 ? 'retry' : 'fail';
    } catch (e) {
      const reason = ctl.signal.aborted
        ? String((ctl.signal.reason as Error)?.message ?? 'aborted')
        : (e as Error).message;
      this.log(
        `webhook ${t.url}: ${reason} for ${job.body.deliveryId} (attempt ${job.attempt + 1})`,
      );
      return 'retry';
    } finally {
      clearTimeout(timer);
      this.abort.signal.removeEventListener('abort', onStop);
    }
  }

  private remember(id: string): void {
    this.delivered.push(id);
    this.deliveredSet.add(id);
    const limit = this.opts.deliveredLimit ?? 20_000;
    while (this.delivered.length > limit) this.deliveredSet.delete(this.delivered.shift()!);
  }

  /** Write queues and delivered ids (atomic rename: a crash leaves the old or the new file). */
  private save(): void {
    const file = this.opts.file;
    if (!file || this.abort.signal.aborted) return;
    const pending = [...this.queues].flatMap(([url, q]) => q.map((j) => ({ url, body: j.body })));
    const out: Outbox = { version: 1, delivered: this.delivered, pending };
    try {
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(out));
      renameSync(tmp, file);
    } catch (e) {
      this.log(`cannot save the webhook outbox to ${file}: ${(e as Error).message}`);
    }
  }

  /** Delivered ids, and the events still queued for targets that are still configured. */
  private load(file: string): void {
    let o: Outbox;
    try {
      o = JSON.parse(readFileSync(file, 'utf8')) as Outbox;
    } catch {
      return;
    } // none yet: start empty
    if (o?.version !== 1) return;
    for (const id of o.delivered ?? []) this.remember(id);
    for (const p of o.pending ?? []) {
      const t = this.targets.find((x) => x.url === p.url);
      if (t) this.push(t, p.body);
    }
  }
}
