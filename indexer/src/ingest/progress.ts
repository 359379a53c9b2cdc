// Sync progress on the terminal: block, target, blocks/s, events/s, ETA — one updating line on
// a TTY, a line every few seconds otherwise; at the head, "synced, following head" instead.
export interface ProgressOptions {
  stream?: NodeJS.WriteStream;
  /** seconds between lines when not a TTY */
  everySec?: number;
  label?: string;
}

export class Progress {
  private readonly stream: NodeJS.WriteStream;
  private readonly tty: boolean;
  private readonly everyMs: number;
  private lastDraw = 0;
  private lastLine = 0;
  private drawn = false;
  private wasSynced = false;
  /** samples for a sliding-window rate: [timeMs, block, events] */
  private samples: [number, number, number][] = [];
  totalEvents = 0;
  totalBlocks = 0;
  readonly startedAt = Date.now();

  constructor(private readonly o: ProgressOptions = {}) {
    this.stream = o.stream ?? process.stderr;
    this.tty = !!this.stream.isTTY;
    this.everyMs = (o.everySec ?? 5) * 1000;
  }

  /** Called after each processed block (cheap unless it's time to draw). */
  update(block: number, target: number, newEvents: number, newBlocks: number): void {
    this.totalEvents += newEvents;
    this.totalBlocks += newBlocks;
    const now = Date.now();
    if (now - this.lastDraw < (this.tty ? 250 : 1000)) return;
    this.lastDraw = now;
    this.samples.push([now, block, this.totalEvents]);
    while (this.samples.length > 2 && now - this.samples[0][0] > 10_000) this.samples.shift();
    const [t0, b0, e0] = this.samples[0];
    const dt = Math.max(0.001, (now - t0) / 1000);
    const bps = this.samples.length > 1 ? (block - b0) / dt : 0;
    const eps = this.samples.length > 1 ? (this.totalEvents - e0) / dt : 0;
    const left = Math.max(0, target - block);
    const eta = bps > 0 ? fmtDuration(left / bps) : '–';
    const pct = target > 0 ? ((100 * block) / target).toFixed(1) : '100';
    const label = this.o.label ?? 'indexing';
    const synced = left === 0;
    const line = synced
      ? `${label} synced, following head: block ${block}`
      : `${label} block ${block}/${target} (${pct}%) ${bps.toFixed(1)} blocks/s ${eps.toFixed(1)} events/s ETA ${eta}`;
    // Off a TTY a synced node says so when it gets there and then once a minute, not every line.
    const every = synced && this.wasSynced ? Math.max(this.everyMs, 60_000) : this.everyMs;
    const changed = synced && !this.wasSynced;
    this.wasSynced = synced;
    if (this.tty) {
      this.stream.write(`\r\x1b[2K${line}`);
      this.drawn = true;
    } else if (changed || now - this.lastLine >= every) {
      this.lastLine = now;
      this.stream.write(line + '\n');
    }
  }

  /** Prints a message without garbling the TTY progress line. */
  log(msg: string): void {
    if (this.tty && this.drawn) {
      this.stream.write('\r\x1b[2K');
      this.drawn = false;
    }
    this.stream.write(msg + '\n');
  }

  /** Overall averages since start (for reports and benches). */
  summary(): {
    seconds: number;
    blocks: number;
    events: number;
    blocksPerSec: number;
    eventsPerSec: number;
  } {
    const seconds = (Date.now() - this.startedAt) / 1000;
    return {
      seconds,
      blocks: this.totalBlocks,
      events: this.totalEvents,
      blocksPerSec: this.totalBlocks / seconds,
      eventsPerSec: this.totalEvents / seconds,
    };
  }

  done(msg?: string): void {
    if (this.tty && this.drawn) {
      this.stream.write('\n');
      this.drawn = false;
    }
    if (msg) this.stream.write(msg + '\n');
  }
}

export function fmtDuration(s: number): string {
  if (!Number.isFinite(s)) return '–';
  if (s < 60) return `${Math.ceil(s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
