// What ingestion needs from the chain: logs over ranges (adaptive, split on "too many
// results"), blocks, receipts, and eth_call / balance / code at a block.
import type { Hex } from '../internal/types.ts';
import { isRangeTooLarge, JsonRpc, RpcResponseError, TransientRpcError } from './rpc.ts';
import type { RawBlock, RawLog, RawReceipt } from './convert.ts';
import { bloomMayMatch, parseBloom } from './bloom.ts';
import type { LogQuery } from './log-query.ts';

/** A requested block is above the chain head (the chain reorged to a shorter fork). */
export class BlockBeyondHead extends Error {}

/**
 * An eth_getLogs answer failed the cross-check against the block headers (a block whose
 * logsBloom matches our filter got no logs, and the re-asks did not settle it). Not
 * deterministic: the range is retried (never skipped); the message names the block and range.
 */
export class LogsCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LogsCheckError';
  }
}

/** Cross-check of one range's eth_getLogs answer (see ChainSource.crossCheckLogs). */
export interface LogsCrossCheck {
  from: number;
  to: number;
  /** the queries the range was asked with */
  queries: LogQuery[];
  /** blocks the range answer gave at least one log */
  withLogs: ReadonlySet<number>;
  /** headers the caller has fetched anyway: checked at no extra request */
  header: (n: number) => RawBlock | undefined;
}

export interface LogsCheckOptions {
  /** default true */
  enabled?: boolean;
  /** headers fetched only for the check, per range, before asking for a smaller range instead (default 1000) */
  maxExtraHeaders?: number;
  /** attempts of one batch of re-asks before the range is given up for this round (default 6) */
  reaskAttempts?: number;
}

/**
 * Block-range size for eth_getLogs: halves on "too many results"/timeouts, doubles while
 * answers stay sparse (well under targetLogs and fast), within [1, max].
 */
export class AdaptiveRange {
  size: number;
  constructor(
    initial = 2000,
    readonly max = 100_000,
    readonly targetLogs = 5_000,
    readonly slowMs = 5_000,
  ) {
    this.size = Math.max(1, Math.min(initial, max));
  }
  tooLarge(blocks: number): void {
    this.size = Math.max(1, Math.min(this.size, Math.floor(blocks / 2)));
  }
  success(blocks: number, logs: number, ms: number): void {
    if (blocks < this.size) return; // a short range (e.g. at the head) says nothing about density
    if (logs < this.targetLogs / 4 && ms < this.slowMs / 2)
      this.size = Math.min(this.max, this.size * 2);
    else if (logs > this.targetLogs || ms > this.slowMs)
      this.size = Math.max(1, Math.floor(this.size / 2));
  }
}

const hex = (n: number | bigint) => '0x' + n.toString(16);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Providers cap the address list of one eth_getLogs. */
const ADDRESS_CHUNK = 500;
const BATCH = 50;

export class ChainSource {
  readonly range: AdaptiveRange;
  private readonly check: Required<LogsCheckOptions>;
  /** cross-check counters (status/bench output): headers fetched only for it, blocks whose bloom
   * was tested, blocks re-asked, re-asks that agreed on "no logs" (bloom false positives),
   * blocks whose missed logs were recovered */
  readonly logsCheck = { extraHeaders: 0, checked: 0, reasked: 0, falsePositives: 0, recovered: 0 };
  constructor(
    readonly rpc: JsonRpc,
    range?: AdaptiveRange,
    check: LogsCheckOptions = {},
  ) {
    this.range = range ?? new AdaptiveRange();
    this.check = { enabled: true, maxExtraHeaders: 1000, reaskAttempts: 6, ...check };
  }

  async chainId(): Promise<number> {
    return Number(await this.rpc.request<string>('eth_chainId'));
  }

  async headNumber(): Promise<number> {
    return Number(await this.rpc.request<string>('eth_blockNumber'));
  }

  /**
   * Every log in [from, to] matching one of the queries, sorted by (block, logIndex), deduplicated.
   * Splits the range (and tells the adaptive sizer) when the node says it is too large.
   */
  async getLogs(from: number, to: number, queries: LogQuery[]): Promise<RawLog[]> {
    const out = new Map<string, RawLog>();
    for (const q of queries) {
      if (!q.topics0.length || (q.addresses && !q.addresses.length)) continue;
      const chunks = q.addresses ? chunk(q.addresses, ADDRESS_CHUNK) : [null];
      for (const addrs of chunks) {
        for (const l of await this.logsSplitting(from, to, addrs, q.topics0)) {
          if (l.removed) continue;
          out.set(`${l.blockHash}:${l.logIndex}`, l);
        }
      }
    }
    return [...out.values()].sort(
      (a, b) =>
        Number(BigInt(a.blockNumber) - BigInt(b.blockNumber)) ||
        Number(BigInt(a.logIndex) - BigInt(b.logIndex)),
    );
  }

  private async logsSplitting(
    from: number,
    to: number,
    addrs: Hex[] | null,
    topics0: Hex[],
  ): Promise<RawLog[]> {
    const filter: Record<string, unknown> = {
      fromBlock: hex(from),
      toBlock: hex(to),
      topics: [topics0],
    };
    if (addrs) filter.address = addrs;
    const t0 = Date.now();
    try {
      const logs = await this.rpc.request<RawLog[]>('eth_getLogs', [filter]);
      if (!Array.isArray(logs)) throw new TransientRpcError('eth_getLogs: result is not an array');
      this.range.success(to - from + 1, logs.length, Date.now() - t0);
      return logs;
    } catch (e) {
      if (!isRangeTooLarge(e)) throw e;
      if (from === to) {
        // A single block can't be split: a "too large" answer here is the node struggling; wait and retry.
        await sleep(500);
        return this.logsSplitting(from, to, addrs, topics0);
      }
      this.range.tooLarge(to - from + 1);
      const mid = from + Math.floor((to - from) / 2);
      return [
        ...(await this.logsSplitting(from, mid, addrs, topics0)),
        ...(await this.logsSplitting(mid + 1, to, addrs, topics0)),
      ];
    }
  }

  /**
   * Cross-checks a range's eth_getLogs answer against block headers: a node that lags behind a
   * load balancer, has pruned receipts or simply misbehaves may answer [] (or too little) for
   * blocks that have logs, and nothing else would notice. A header's logsBloom has no false
   * negatives, so a block without logs in the answer whose bloom could match one of our
   * queries is re-asked per block by blockHash (EIP-234, batched): logs there are returned as
   * recovered (the caller patches its range with them); an empty re-ask agrees with the range
   * answer and is accepted (a bloom false positive, frequent on busy chains).
   *
   * Cost: only headers the caller fetched anyway are checked (near the head that is every block;
   * far from it the range ends and blocks with block handlers). Extra headers are fetched only
   * when the answer is suspect — entirely empty, or proven incomplete by a re-ask — and at most
   * `maxExtraHeaders` per range; beyond that the range is re-asked (in halves), and a proven
   * miss makes the caller retry a smaller range (LogsCheckError). Never skips: unresolvable
   * disagreement throws LogsCheckError naming the block and the range.
   */
  async crossCheckLogs(c: LogsCrossCheck): Promise<Map<number, RawLog[]>> {
    const recovered = new Map<number, RawLog[]>();
    const queries = c.queries.filter(
      (q) => q.topics0.length && (!q.addresses || q.addresses.length),
    );
    if (!this.check.enabled || !queries.length) return recovered;
    const known = new Map<number, RawBlock>();
    const unknown: number[] = [];
    for (let n = c.from; n <= c.to; n++) {
      if (c.withLogs.has(n)) continue;
      const h = c.header(n);
      if (h) known.set(n, h);
      else unknown.push(n);
    }
    await this.recheck(c, queries, known, recovered);
    const allEmpty = c.withLogs.size === 0;
    if (!unknown.length || (!allEmpty && !recovered.size)) return recovered;
    // Suspect answer and blocks we could not check yet: check them too, within the budget.
    const range = `${c.from}..${c.to}`;
    if (unknown.length <= this.check.maxExtraHeaders) {
      const got = await this.getBlocks(unknown, false);
      this.logsCheck.extraHeaders += got.length;
      await this.recheck(c, queries, new Map(unknown.map((n, i) => [n, got[i]])), recovered);
      return recovered;
    }
    if (recovered.size) {
      // Proven incomplete, too long to check block by block: ask again with a smaller range.
      this.range.tooLarge(c.to - c.from + 1);
      throw new LogsCheckError(
        `eth_getLogs ${range} missed the logs of block${recovered.size > 1 ? 's' : ''} ${[...recovered.keys()].join(', ')} (found by re-asking by blockHash); retrying with a smaller range`,
      );
    }
    // Entirely empty and long: a second opinion asked differently (two halves) must agree.
    const mid = c.from + Math.floor((c.to - c.from) / 2);
    const again = [
      ...(await this.getLogs(c.from, mid, queries)),
      ...(await this.getLogs(mid + 1, c.to, queries)),
    ];
    if (again.length) {
      this.range.tooLarge(c.to - c.from + 1);
      const n = Number(BigInt(again[0].blockNumber));
      throw new LogsCheckError(
        `eth_getLogs ${range} answered no logs, but asking again in halves returned ${again.length} (first in block ${n}); retrying with a smaller range`,
      );
    }
    return recovered;
  }

  /** Bloom test of the given logless blocks; re-asks (by blockHash) those that may match. */
  private async recheck(
    c: LogsCrossCheck,
    queries: LogQuery[],
    headers: Map<number, RawBlock>,
    recovered: Map<number, RawLog[]>,
  ): Promise<void> {
    const suspects: { n: number; hash: Hex; queries: LogQuery[] }[] = [];
    for (const [n, h] of headers) {
      const bloom = parseBloom(h.logsBloom);
      if (!bloom) continue; // no bloom from this RPC: nothing to check against
      this.logsCheck.checked++;
      const qs = queries.filter((q) => bloomMayMatch(bloom, q));
      if (qs.length) suspects.push({ n, hash: h.hash.toLowerCase() as Hex, queries: qs });
    }
    if (!suspects.length) return;
    const calls: { n: number; hash: Hex; filter: Record<string, unknown> }[] = [];
    for (const s of suspects) {
      for (const q of s.queries) {
        for (const addrs of q.addresses ? chunk(q.addresses, ADDRESS_CHUNK) : [null]) {
          calls.push({
            n: s.n,
            hash: s.hash,
            filter: {
              blockHash: s.hash,
              ...(addrs ? { address: addrs } : {}),
              topics: [q.topics0],
            },
          });
        }
      }
    }
    this.logsCheck.reasked += suspects.length;
    const found = new Map<number, Map<string, RawLog>>();
    const range = `${c.from}..${c.to}`;
    for (const part of chunk(calls, BATCH)) {
      let answers;
      try {
        answers = await this.rpc.batchSettled<RawLog[]>(
          part.map((x) => ({ method: 'eth_getLogs', params: [x.filter] })),
          { maxAttempts: this.check.reaskAttempts },
        );
      } catch (e) {
        throw new LogsCheckError(
          `eth_getLogs ${range}: block ${part[0].n} (${part[0].hash}) has a logsBloom matching our filter but no logs in the range answer, and re-asking by blockHash failed: ${(e as Error).message}`,
        );
      }
      for (const [i, a] of answers.entries()) {
        const { n, hash, filter } = part[i];
        let logs: RawLog[];
        if (a.ok && Array.isArray(a.result)) logs = a.result;
        else {
          // No EIP-234 on this node (or the hash is gone): ask for the single block by number;
          // its logs must carry the header's hash, else the chain moved under us.
          const { blockHash: _, ...byNumber } = filter;
          try {
            logs = await this.rpc.request<RawLog[]>('eth_getLogs', [
              { ...byNumber, fromBlock: hex(n), toBlock: hex(n) },
            ]);
          } catch (e) {
            throw new LogsCheckError(
              `eth_getLogs ${range}: block ${n} (${hash}) has a logsBloom matching our filter but no logs in the range answer; re-asking by blockHash failed (${a.ok ? 'not an array' : a.error.message}) and by number too: ${(e as Error).message}`,
            );
          }
          if (!Array.isArray(logs))
            throw new LogsCheckError(
              `eth_getLogs ${range}: re-asking block ${n} by number: result is not an array`,
            );
        }
        for (const l of logs) {
          if (l.removed) continue;
          if (l.blockHash.toLowerCase() !== hash || Number(BigInt(l.blockNumber)) !== n) {
            throw new LogsCheckError(
              `eth_getLogs ${range}: re-asking block ${n} (${hash}) returned a log of block ${Number(BigInt(l.blockNumber))} (${l.blockHash}); the chain moved or the node is inconsistent`,
            );
          }
          let m = found.get(n);
          if (!m) found.set(n, (m = new Map()));
          m.set(`${l.blockHash}:${l.logIndex}`, l);
        }
      }
    }
    for (const s of suspects) {
      const m = found.get(s.n);
      if (!m?.size) {
        this.logsCheck.falsePositives++;
        continue;
      }
      this.logsCheck.recovered++;
      recovered.set(
        s.n,
        [...m.values()].sort((a, b) => Number(BigInt(a.logIndex) - BigInt(b.logIndex))),
      );
    }
  }

  /** Blocks by number; a null answer (node not there yet / load-balanced lag) is retried, never skipped. */
  async getBlocks(numbers: number[], fullTx: boolean): Promise<RawBlock[]> {
    const out: RawBlock[] = [];
    for (const part of chunk(numbers, BATCH)) {
      let got = await this.rpc.batch<RawBlock | null>(
        part.map((n) => ({ method: 'eth_getBlockByNumber', params: [hex(n), fullTx] })),
      );
      for (let attempt = 1; got.some((b) => !b || !b.hash); attempt++) {
        const missing = part.filter((_, i) => !got[i] || !got[i]!.hash);
        // Past the head: the chain got shorter (reorg) — the caller must re-plan, not wait.
        const head = await this.headNumber();
        if (missing.some((n) => n > head))
          throw new BlockBeyondHead(
            `block ${missing.find((n) => n > head)} is beyond the head ${head}`,
          );
        if (attempt > 60)
          throw new TransientRpcError(
            `eth_getBlockByNumber: blocks ${missing.join(',')} still null after ${attempt} tries`,
          );
        await sleep(Math.min(5000, 100 * 2 ** attempt));
        const again = await this.rpc.batch<RawBlock | null>(
          missing.map((n) => ({ method: 'eth_getBlockByNumber', params: [hex(n), fullTx] })),
        );
        let k = 0;
        got = got.map((b) => (b && b.hash ? b : again[k++]));
      }
      out.push(...(got as RawBlock[]));
    }
    return out;
  }

  async getBlockByHash(hash: Hex, fullTx: boolean): Promise<RawBlock | null> {
    return this.rpc.request<RawBlock | null>('eth_getBlockByHash', [hash, fullTx]);
  }

  /** Receipts of the given transactions (retried until present: the block is known to exist). */
  async getReceipts(txHashes: Hex[]): Promise<RawReceipt[]> {
    const out: RawReceipt[] = [];
    for (const part of chunk(txHashes, BATCH)) {
      for (let attempt = 1; ; attempt++) {
        const got = await this.rpc.batch<RawReceipt | null>(
          part.map((h) => ({ method: 'eth_getTransactionReceipt', params: [h] })),
        );
        if (got.every(Boolean)) {
          out.push(...(got as RawReceipt[]));
          break;
        }
        if (attempt > 30)
          throw new TransientRpcError(
            `eth_getTransactionReceipt: null receipt after ${attempt} tries`,
          );
        await sleep(Math.min(5000, 100 * 2 ** attempt));
      }
    }
    return out;
  }

  /** eth_call at a block; null when the call reverts (deterministic), other errors propagate. */
  async call(to: Hex, data: Hex, blockNumber: bigint): Promise<Hex | null> {
    try {
      return await this.rpc.request<Hex>('eth_call', [{ to, data }, hex(blockNumber)]);
    } catch (e) {
      if (e instanceof RpcResponseError && isRevert(e)) return null;
      throw e;
    }
  }

  /** Many eth_calls at one block in one round trip; null for reverts. */
  async callMany(reqs: { to: Hex; data: Hex }[], blockNumber: bigint): Promise<(Hex | null)[]> {
    const out: (Hex | null)[] = [];
    for (const part of chunk(reqs, BATCH)) {
      const r = await this.rpc.batchSettled<Hex>(
        part.map((q) => ({
          method: 'eth_call',
          params: [{ to: q.to, data: q.data }, hex(blockNumber)],
        })),
      );
      for (const x of r) {
        if (x.ok) out.push(x.result);
        else if (isRevert(x.error)) out.push(null);
        else throw x.error;
      }
    }
    return out;
  }

  async getBalance(address: Hex, blockNumber: bigint): Promise<bigint> {
    return BigInt(await this.rpc.request<string>('eth_getBalance', [address, hex(blockNumber)]));
  }

  async getCode(address: Hex, blockNumber: bigint): Promise<Hex> {
    return this.rpc.request<Hex>('eth_getCode', [address, hex(blockNumber)]);
  }
}

/** An execution failure of the call itself (as opposed to the node failing to answer). */
export function isRevert(e: RpcResponseError): boolean {
  return (
    e.code === 3 ||
    /revert|vm exception|invalid opcode|out of gas|stack (underflow|overflow)|invalid jump|execution error|static call|invalid instruction/i.test(
      e.message,
    )
  );
}

function chunk<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}
