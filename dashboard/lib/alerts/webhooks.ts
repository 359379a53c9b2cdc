// Webhook delivery: enqueue() returns at once, so a slow or failing receiver never holds up rule
// evaluation. Each target has its own FIFO queue (events arrive in order: opened before
// resolved) worked by one async loop; each POST has a timeout and is retried with exponential
// backoff on network errors, timeouts, 429 and 5xx. Bounded queues drop the oldest event.
import type { AlertEvent } from '@/lib/alerts/state';
import type { WebhookTarget } from '@/lib/alerts/rules';

/** Body POSTed to every webhook (documented in README.md). */
export interface WebhookBody extends AlertEvent { deliveryId: string; sentAt: string }

interface Job { body: WebhookBody; attempt: number }

export interface DeliveryStats { delivered: number; failed: number; retries: number; dropped: number; pending: number }

export class WebhookDispatcher {
  private queues = new Map<string, Job[]>();
  private running = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();
  readonly stats: DeliveryStats = { delivered: 0, failed: 0, retries: 0, dropped: 0, pending: 0 };

  constructor(
    private targets: WebhookTarget[],
    private readonly opts: { fetch?: typeof fetch; maxQueue?: number; maxBackoffMs?: number; log?: (msg: string) => void } = {},
  ) {}

  setTargets(targets: WebhookTarget[]): void { this.targets = targets; }

  enqueue(ev: AlertEvent): void {
    for (const t of this.targets) {
      const body: WebhookBody = { ...ev, deliveryId: `${ev.alert.id}:${ev.event}`, sentAt: '' };
      let q = this.queues.get(t.url);
      if (!q) this.queues.set(t.url, (q = []));
      q.push({ body, attempt: 0 });
      this.stats.pending++;
      if (q.length > (this.opts.maxQueue ?? 1000)) { q.shift(); this.stats.dropped++; this.stats.pending--; this.log(`webhook ${t.url}: queue full, dropped the oldest event`); }
      if (!this.running.has(t.url)) {
        const p = this.work(t).finally(() => this.running.delete(t.url));
        this.running.set(t.url, p);
      }
    }
  }

  /** Drop what is queued and abort what is in flight (shutdown, tests). */
  stop(): void {
    for (const q of this.queues.values()) { this.stats.pending -= q.length; q.length = 0; }
    this.abort.abort();
  }

  /** Resolves when every queue is empty (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running.values()]);
  }

  private log(msg: string) { (this.opts.log ?? console.warn)(`alerts: ${msg}`); }

  private async work(t: WebhookTarget): Promise<void> {
    const q = this.queues.get(t.url)!;
    while (q.length && !this.abort.signal.aborted) {
      const job = q[0];
      const ok = await this.send(t, job);
      if (this.abort.signal.aborted) break;
      if (ok === 'retry' && job.attempt < t.retries) {
        job.attempt++;
        this.stats.retries++;
        const wait = Math.min(t.backoffMs * 2 ** (job.attempt - 1), this.opts.maxBackoffMs ?? 60_000);
        await new Promise<void>((r) => {
          const timer = setTimeout(r, wait);
          this.abort.signal.addEventListener('abort', () => { clearTimeout(timer); r(); }, { once: true });
        });
        continue;
      }
      q.shift();
      this.stats.pending--;
      if (ok === true) this.stats.delivered++;
      else { this.stats.failed++; this.log(`webhook ${t.url}: giving up on ${job.body.deliveryId} after ${job.attempt + 1} attempt(s)`); }
    }
  }

  private async send(t: WebhookTarget, job: Job): Promise<true | 'retry' | 'fail'> {
    job.body.sentAt = new Date().toISOString();
    // own controller + timer (strongly held): AbortSignal.any(AbortSignal.timeout(…)) can be
    // garbage-collected on Node 20 and then never fires, leaving a hung request forever
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(new DOMException(`timed out after ${t.timeoutMs} ms`, 'TimeoutError')), t.timeoutMs);
    const onStop = () => ctl.abort(new DOMException('dispatcher stopped', 'AbortError'));
    this.abort.signal.addEventListener('abort', onStop, { once: true });
    try {
      const res = await (this.opts.fetch ?? fetch)(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'collateral-radar-alerts', 'x-delivery-id': job.body.deliveryId, 'x-delivery-attempt': String(job.attempt + 1) },
        body: JSON.stringify(job.body),
        signal: ctl.signal,
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return true;
      this.log(`webhook ${t.url}: HTTP ${res.status} for ${job.body.deliveryId} (attempt ${job.attempt + 1})`);
      return res.status === 429 || res.status >= 500 || res.status === 408 ? 'retry' : 'fail';
    } catch (e) {
      const reason = ctl.signal.aborted ? String((ctl.signal.reason as Error)?.message ?? 'aborted') : (e as Error).message;
      this.log(`webhook ${t.url}: ${reason} for ${job.body.deliveryId} (attempt ${job.attempt + 1})`);
      return 'retry';
    } finally {
      clearTimeout(timer);
      this.abort.signal.removeEventListener('abort', onStop);
    }
  }
}
