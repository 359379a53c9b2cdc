// Alert state machine per (rule, subject), one instance per network: a condition that starts to
// hold opens an alert, it stays open (value refreshed, no event) while the condition holds and
// resolves at the first evaluated block where it no longer does. Blocks only move forward: an
// evaluation at an older block is ignored and a (rule, subject) opens at most once per block.
// Persisted as a small JSON file so a restart does not re-fire the alerts that are still open.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Severity } from '@/lib/alerts/rules';

export interface Alert {
  /** network:rule:subject:openedBlock — stable, unique per opening */
  id: string;
  rule: string;
  type: string;
  severity: Severity;
  network: string;
  subject: string;
  message: string;
  value: number;
  threshold: number;
  openedBlock: number;
  /** unix seconds: block timestamp of openedBlock */
  openedAt: number;
  resolvedBlock: number | null;
  resolvedAt: number | null;
  /** last block at which the condition was seen holding */
  lastBlock: number;
  /**
   * the evaluated block before openedBlock (resolvedBlock): the change happened in
   * (openedAfter, openedBlock]; null when openedBlock was the first block evaluated
   */
  openedAfter: number | null;
  resolvedAfter: number | null;
  /** structured data of the condition (liquidation_protection: prices and amounts) */
  detail?: unknown;
}

/** One rule firing for one subject at the evaluated block. */
export interface Condition {
  rule: string;
  type: string;
  severity: Severity;
  subject: string;
  value: number;
  threshold: number;
  message: string;
  detail?: unknown;
}

export interface AlertEvent {
  event: 'alert.opened' | 'alert.resolved';
  alert: Alert;
}

export interface EvaluatedBlock {
  number: number;
  hash?: string;
  timestamp: number;
}

export interface StateFile {
  version: 1;
  network: string;
  block: EvaluatedBlock | null;
  open: Alert[];
  recent: Alert[];
}

/** map key of one (rule, subject) */
export const alertKey = (rule: string, subject: string) => `${rule}\u0000${subject}`;
const key = alertKey;

export class AlertState {
  block: EvaluatedBlock | null = null;
  readonly open = new Map<string, Alert>();
  /** resolved alerts, newest first */
  recent: Alert[] = [];
  /** (rule, subject) keys resolved at `block.number`: they must not re-open at that same block */
  private resolvedHere = new Set<string>();

  constructor(
    readonly network: string,
    private readonly opts: { recentLimit?: number; file?: string } = {},
  ) {
    if (opts.file) this.load(opts.file);
  }

  /**
   * Apply the conditions found at `block` for the rules in `evaluated` (rules that failed to
   * evaluate are left out so their open alerts neither resolve nor re-open). Alerts of rules no
   * longer configured (`activeRules`) resolve. Returns the events to deliver, in order.
   */
  apply(
    block: EvaluatedBlock,
    conditions: Condition[],
    evaluated: Set<string>,
    activeRules?: Set<string>,
  ): AlertEvent[] {
    if (this.block && block.number < this.block.number) return []; // never go back (late or duplicate poll)
    if (!this.block || block.number > this.block.number) this.resolvedHere.clear();
    const events: AlertEvent[] = [];
    const holding = new Map<string, Condition>();
    for (const c of conditions) if (evaluated.has(c.rule)) holding.set(key(c.rule, c.subject), c);
    for (const [k, a] of this.open) {
      const c = holding.get(k);
      if (c) {
        a.value = c.value;
        a.threshold = c.threshold;
        a.message = c.message;
        a.severity = c.severity;
        if (c.detail !== undefined) a.detail = c.detail;
        a.lastBlock = block.number;
        continue;
      }
      if (evaluated.has(a.rule) || (activeRules && !activeRules.has(a.rule))) {
        a.resolvedBlock = block.number;
        a.resolvedAt = block.timestamp;
        a.resolvedAfter = this.block?.number ?? null;
        this.open.delete(k);
        this.resolvedHere.add(k);
        this.recent.unshift(a);
        events.push({ event: 'alert.resolved', alert: { ...a } });
      }
    }
    for (const [k, c] of holding) {
      if (this.open.has(k) || this.resolvedHere.has(k)) continue;
      const a: Alert = {
        id: `${this.network}:${c.rule}:${c.subject}:${block.number}`,
        rule: c.rule,
        type: c.type,
        severity: c.severity,
        network: this.network,
        subject: c.subject,
        message: c.message,
        value: c.value,
        threshold: c.threshold,
        openedBlock: block.number,
        openedAt: block.timestamp,
        resolvedBlock: null,
        resolvedAt: null,
        lastBlock: block.number,
        openedAfter: this.block?.number ?? null,
        resolvedAfter: null,
        ...(c.detail !== undefined ? { detail: c.detail } : {}),
      };
      this.open.set(k, a);
      events.push({ event: 'alert.opened', alert: { ...a } });
    }
    const limit = this.opts.recentLimit ?? 200;
    if (this.recent.length > limit) this.recent.length = limit;
    this.block = block;
    if (this.opts.file) this.save(this.opts.file);
    return events;
  }

  /**
   * The endpoint went back far beyond any reorg (a fresh devnet or re-index): forget the block
   * cursor and resolve what is open at `block`, since those alerts belong to the old chain.
   */
  reset(block: EvaluatedBlock): AlertEvent[] {
    const events: AlertEvent[] = [];
    for (const a of this.open.values()) {
      a.resolvedBlock = block.number;
      a.resolvedAt = block.timestamp;
      a.resolvedAfter = null;
      a.message += ' (resolved: chain reset)';
      this.recent.unshift(a);
      events.push({ event: 'alert.resolved', alert: { ...a } });
    }
    this.open.clear();
    this.resolvedHere.clear();
    this.block = null;
    if (this.opts.file) this.save(this.opts.file);
    return events;
  }

  /** open alerts, most severe then newest first */
  openList(): Alert[] {
    const rank: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
    return [...this.open.values()].sort(
      (a, b) =>
        rank[a.severity] - rank[b.severity] ||
        b.openedBlock - a.openedBlock ||
        a.subject.localeCompare(b.subject),
    );
  }

  toJSON(): StateFile {
    return {
      version: 1,
      network: this.network,
      block: this.block,
      open: [...this.open.values()],
      recent: this.recent,
    };
  }

  private save(file: string): void {
    try {
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(this.toJSON()));
      renameSync(tmp, file); // atomic: a crash leaves the old or the new file, never half of one
    } catch (e) {
      console.error(`alerts: cannot save state to ${file}: ${(e as Error).message}`);
    }
  }

  private load(file: string): void {
    let s: StateFile;
    try {
      s = JSON.parse(readFileSync(file, 'utf8')) as StateFile;
    } catch {
      return;
    } // none yet or unreadable: start empty
    if (s?.version !== 1 || s.network !== this.network) return;
    this.block = s.block ?? null;
    const filled = (a: Alert): Alert => ({
      ...a,
      openedAfter: a.openedAfter ?? null,
      resolvedAfter: a.resolvedAfter ?? null,
    });
    for (const a of s.open ?? []) this.open.set(key(a.rule, a.subject), filled(a));
    this.recent = (s.recent ?? []).map(filled);
  }
}
