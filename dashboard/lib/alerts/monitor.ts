// The alert monitor: one loop per configured network polls `_meta` every `pollSeconds`; on each
// new indexed block it collects a snapshot, evaluates the rules, advances the state machine and
// queues webhook deliveries (never awaited). Without a new block, wall-clock rules (indexing lag,
// endpoint unreachable) are re-checked every `timerSeconds`, so a stalled or remote endpoint
// still alerts. One monitor per process (kept on globalThis: Next dev re-evaluates modules).
import { join } from 'node:path';
import { getNetworks, type Network } from '@/lib/config';
import { SubgraphClient } from '@/lib/subgraph-client';
import { loadRules, type AlertConfig, type Rule } from '@/lib/alerts/rules';
import { evaluateRules, type Evaluation, type Snapshot } from '@/lib/alerts/evaluate';
import { AlertState, alertKey, type AlertEvent, type EvaluatedBlock } from '@/lib/alerts/state';
import { planCatchUp } from '@/lib/alerts/catch-up';
import {
  BlockNotPinned,
  collectSnapshot,
  pricesOf,
  readMeta,
  readMetaAt,
  type IndexNode,
  type MetaInfo,
} from '@/lib/alerts/snapshot';
import { WebhookDispatcher } from '@/lib/alerts/webhooks';

export interface NetworkStatus {
  lastPollAt: number | null;
  lastEvaluatedAt: number | null;
  lastError: string | null;
  ruleErrors: Array<{ rule: string; error: string }>;
  /** the last catch-up: blocks (from, to] probed at `probes` blocks, sampled every `stride`;
   * `skipped` says why the blocks in between were not evaluated */
  lastCatchUp: {
    from: number;
    to: number;
    probes: number;
    stride: number;
    skipped?: string;
  } | null;
}

/** Rules that describe the chain at a block (not the wall clock, not a change since the last poll): the ones a catch-up evaluates. */
const atBlockRules = (rules: Rule[]) =>
  rules.filter((r) => r.type !== 'indexing' && r.type !== 'price_deviation');

/** Evaluate `rules` at `meta` and apply the result to `state`; returns the events (delivery is up to the caller). */
export async function evaluateAt(
  client: SubgraphClient,
  state: AlertState,
  rules: Rule[],
  meta: MetaInfo,
  opts: { now?: number; prevPrices?: Snapshot['prevPrices']; syncing?: boolean } = {},
): Promise<{
  events: AlertEvent[];
  snapshot: Snapshot;
  ruleErrors: Array<{ rule: string; error: string }>;
}> {
  const snapshot = {
    ...(await collectSnapshot(client, state.network, meta, rules, opts)),
    syncing: opts.syncing,
  };
  const ev = evaluateRules(rules, snapshot);
  const events = state.apply(
    snapshot.block,
    ev.conditions,
    ev.evaluated,
    new Set(rules.map((r) => r.id)),
  );
  return { events, snapshot, ruleErrors: ev.errors };
}

export class NetworkMonitor {
  readonly client: SubgraphClient;
  /** pins past blocks for the catch-up (the network's status endpoint, when it has one) */
  private readonly indexNode: IndexNode | undefined;
  readonly status: NetworkStatus = {
    lastPollAt: null,
    lastEvaluatedAt: null,
    lastError: null,
    ruleErrors: [],
    lastCatchUp: null,
  };
  /** the indexed block last seen and when it last moved (wall clock): a moving block is syncing, not stale */
  private seenBlock: number | null = null;
  private movedAt: number | null = null;
  private watchedSince: number | null = null;
  private prevPrices: Snapshot['prevPrices'];
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private lastTimerEval = 0;
  /** resolves after the first poll (the API waits briefly on it right after start) */
  readonly firstPoll: Promise<void>;
  private markFirst!: () => void;

  constructor(
    readonly net: Network,
    private cfg: AlertConfig,
    readonly state: AlertState,
    private readonly dispatcher: WebhookDispatcher,
  ) {
    // few retries: the next poll is the retry
    this.client = new SubgraphClient(net.subgraphUrl, {
      retries: 1,
      backoffMs: 200,
      timeoutMs: 20_000,
    });
    this.indexNode = net.statusUrl
      ? { client: new SubgraphClient(net.statusUrl, { retries: 1, timeoutMs: 20_000 }) }
      : undefined;
    this.firstPoll = new Promise((r) => {
      this.markFirst = r;
    });
  }

  start(): void {
    if (this.timer) return;
    const loop = async () => {
      await this.tick();
      this.markFirst();
      if (this.timer) {
        this.timer = setTimeout(loop, this.cfg.pollSeconds * 1000);
        this.timer.unref?.();
      }
    };
    this.timer = setTimeout(loop, 0);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** One poll; never throws. Overlapping calls are skipped (a slow evaluation delays, never doubles). */
  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    const now = Date.now() / 1000;
    this.status.lastPollAt = now;
    try {
      let meta: MetaInfo;
      try {
        meta = await readMeta(this.client);
      } catch (e) {
        this.status.lastError = (e as Error).message;
        // endpoint down: re-check only the wall-clock rules, at the last evaluated block
        if (this.state.block && now - this.lastTimerEval >= this.cfg.timerSeconds) {
          this.lastTimerEval = now;
          const rules = this.cfg.rules.filter((r) => r.type === 'indexing');
          const snap: Snapshot = {
            network: this.net.name,
            block: this.state.block,
            now,
            hasIndexingErrors: false,
            unreachable: (e as Error).message,
          };
          const ev = evaluateRules(rules, snap);
          this.deliver(this.state.apply(this.state.block, ev.conditions, ev.evaluated));
        }
        return;
      }
      const syncing = this.observe(meta.block.number, now);
      // far behind the last evaluated block: a new chain / fresh index, not a reorg (≤ 50 blocks)
      if (this.state.block && meta.block.number < this.state.block.number - 64) {
        console.warn(
          `alerts: ${this.net.name}: indexed block ${meta.block.number} is far behind the last evaluated ${this.state.block.number}: starting over`,
        );
        this.deliver(this.state.reset(meta.block));
        this.prevPrices = undefined;
      }
      const last = this.state.block;
      if (!last || meta.block.number > last.number) {
        if (last && meta.block.number > last.number + 1) await this.catchUp(last, meta);
        const r = await evaluateAt(this.client, this.state, this.cfg.rules, meta, {
          now,
          prevPrices: this.prevPrices,
          syncing,
        });
        this.prevPrices = pricesOf(r.snapshot);
        this.status.ruleErrors = r.ruleErrors;
        for (const x of r.ruleErrors)
          console.warn(
            `alerts: ${this.net.name}: rule "${x.rule}" failed at block ${meta.block.number}: ${x.error}`,
          );
        this.deliver(r.events);
        this.status.lastEvaluatedAt = now;
        this.lastTimerEval = now;
      } else if (now - this.lastTimerEval >= this.cfg.timerSeconds) {
        this.lastTimerEval = now;
        const rules = this.cfg.rules.filter((r) => r.type === 'indexing');
        const snap: Snapshot = {
          network: this.net.name,
          block: { ...last, timestamp: meta.block.timestamp },
          now,
          hasIndexingErrors: meta.hasIndexingErrors,
          syncing,
        };
        const ev = evaluateRules(rules, snap);
        this.deliver(this.state.apply(last, ev.conditions, ev.evaluated));
      }
      this.status.lastError = null;
    } catch (e) {
      this.status.lastError = (e as Error).message;
      console.warn(`alerts: ${this.net.name}: evaluation failed: ${(e as Error).message}`);
    } finally {
      this.busy = false;
    }
  }

  /**
   * Whether the indexed block counts as syncing at this poll: it moved within the last
   * `timerSeconds` (at least three polls), or the monitor has not watched it that long yet.
   */
  private observe(block: number, now: number): boolean {
    this.watchedSince ??= now;
    if (this.seenBlock !== null && block > this.seenBlock) this.movedAt = now;
    this.seenBlock = block;
    const window = Math.max(this.cfg.timerSeconds, 3 * this.cfg.pollSeconds);
    return now - (this.movedAt ?? this.watchedSince) < window;
  }

  /**
   * The head is more than one block past the last evaluated block: evaluate the at-block rules
   * where their conditions change in between (catch-up.ts) and apply those blocks in order, so
   * alerts open and resolve at the block where they did. The head itself is evaluated after.
   */
  private async catchUp(last: EvaluatedBlock, head: MetaInfo): Promise<void> {
    const rules = atBlockRules(this.cfg.rules);
    if (!rules.length) return;
    const ids = new Set(rules.map((r) => r.id));
    const found = new Map<number, { block: EvaluatedBlock; ev: Evaluation }>();
    const keysOf = (ev: Evaluation) =>
      new Set(
        ev.conditions
          .filter((c) => ev.evaluated.has(c.rule))
          .map((c) => alertKey(c.rule, c.subject)),
      );
    const from = {
      number: last.number,
      keys: new Set(
        [...this.state.open.values()]
          .filter((a) => ids.has(a.rule))
          .map((a) => alertKey(a.rule, a.subject)),
      ),
    };
    const plan = await planCatchUp(from, head.block.number, async (n) => {
      const meta =
        n === head.block.number ? head : await readMetaAt(this.client, n, this.indexNode);
      // the block's own time stands for "now" at a past block
      const snap = await collectSnapshot(this.client, this.net.name, meta, rules, {
        now: meta.block.timestamp,
      });
      const ev = evaluateRules(rules, snap);
      found.set(n, { block: snap.block, ev });
      return { number: n, keys: keysOf(ev) };
    }).catch((e: unknown) => {
      if (!(e instanceof BlockNotPinned)) throw e;
      // evaluate the head alone: alerts open or resolve there, a few blocks late
      console.warn(
        `alerts: ${this.net.name}: catch-up to ${head.block.number} skipped: ${e.message}`,
      );
      const skipped = { from: last.number, to: head.block.number, probes: 0, stride: 0 };
      this.status.lastCatchUp = { ...skipped, skipped: e.message };
      return null;
    });
    if (!plan) return;
    const active = new Set(this.cfg.rules.map((r) => r.id));
    for (const p of plan.probes) {
      if (p.number >= head.block.number) break;
      const r = found.get(p.number)!;
      this.deliver(this.state.apply(r.block, r.ev.conditions, r.ev.evaluated, active));
    }
    this.status.lastCatchUp = {
      from: last.number,
      to: head.block.number,
      probes: plan.probes.length,
      stride: plan.stride,
    };
  }

  private deliver(events: AlertEvent[]) {
    for (const e of events) this.dispatcher.enqueue(e);
  }
}

export class AlertMonitor {
  readonly networks = new Map<string, NetworkMonitor>();
  readonly dispatcher: WebhookDispatcher;

  constructor(
    readonly cfg: AlertConfig,
    nets: Network[],
    dataDir: string,
  ) {
    // the outbox beside the alert state: a restart resends what was queued, never what was delivered
    this.dispatcher = new WebhookDispatcher(cfg.webhooks, {
      file: join(dataDir, 'webhook-outbox.json'),
    });
    for (const n of nets) {
      const file = join(dataDir, `${n.name.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);
      this.networks.set(
        n.name,
        new NetworkMonitor(
          n,
          cfg,
          new AlertState(n.name, { recentLimit: cfg.recentLimit, file }),
          this.dispatcher,
        ),
      );
    }
  }

  start(): void {
    for (const m of this.networks.values()) m.start();
  }
  stop(): void {
    for (const m of this.networks.values()) m.stop();
    this.dispatcher.stop();
  }
}

/** Wait for the network's first poll, at most `ms` (right after start, so the first page load has data). */
export async function waitFirstPoll(m: NetworkMonitor, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    m.firstPoll,
    new Promise<void>((r) => {
      timer = setTimeout(r, ms);
    }),
  ]);
  clearTimeout(timer);
}

/** `.data/alerts/` under the dashboard's working directory, or ALERTS_DATA_DIR. */
export function alertsDataDir(env: Record<string, string | undefined> = process.env): string {
  return env.ALERTS_DATA_DIR || join(process.cwd(), '.data', 'alerts');
}

interface Slot {
  monitor?: AlertMonitor;
  error?: Error;
}
const g = globalThis as unknown as { __collateralRadarAlerts?: Slot };

/**
 * The process-wide monitor, started on first use (instrumentation.ts calls this at server start;
 * the API and page call it too, so it also runs where instrumentation is off). A bad rules file
 * is remembered and reported by the API instead of crashing the dashboard.
 * ALERTS=off disables it.
 */
export function ensureAlertMonitor(): Slot {
  if (process.env.ALERTS === 'off') return { error: new Error('alerts disabled (ALERTS=off)') };
  let slot = g.__collateralRadarAlerts;
  if (slot) return slot;
  slot = {};
  try {
    const cfg = loadRules();
    slot.monitor = new AlertMonitor(cfg, getNetworks(), alertsDataDir());
    slot.monitor.start();
    console.log(
      `alerts: ${cfg.rules.length} rules from ${cfg.source}, ${cfg.webhooks.length} webhook(s), networks ${[...slot.monitor.networks.keys()].join(', ')}`,
    );
  } catch (e) {
    slot.error = e as Error;
    console.error(`alerts: not started: ${(e as Error).message}`);
  }
  g.__collateralRadarAlerts = slot;
  return slot;
}

/** Tests: stop and forget the process-wide monitor. */
export function resetAlertMonitor(): void {
  g.__collateralRadarAlerts?.monitor?.stop();
  delete g.__collateralRadarAlerts;
}
