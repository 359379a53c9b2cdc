// The chain data of one range [from, to]: one eth_getLogs pass for the active data sources,
// then the blocks that have logs (with transactions), the range's ends, the blocks with block
// triggers and, near the head, every header (parent-hash chain for reorg detection). Every
// eth_getLogs answer, also those for a template created mid-range (the block re-scan and the
// patch-up of the rest of the range), is cross-checked against the headers' logsBloom
// (chain/source.ts crossCheckLogs): an RPC that answers [] or too little is caught, not trusted.
import type { Hex } from '../internal/types.ts';
import type { ChainSource } from '../chain/source.ts';
import type { RawBlock, RawLog } from '../chain/convert.ts';
import type { LogQuery } from '../chain/log-query.ts';
import {
  hasBlockTrigger,
  logQueries,
  needsEveryBlock,
  type DataSourceInstance,
} from './triggers.ts';

/** One range's logs by block and the blocks fetched for it (`full`: with transactions). */
export interface RangeData {
  from: number;
  to: number;
  logs: Map<number, RawLog[]>;
  blocks: Map<number, { raw: RawBlock; full: boolean }>;
}

/** The chain changed under a range fetch (hash mismatch): retry from the cursor. */
export class ChainMoved extends Error {}

const lower = (s: string) => s.toLowerCase() as Hex;
const blockOf = (l: RawLog) => Number(BigInt(l.blockNumber));

export class RangeFetcher {
  constructor(
    private readonly chain: ChainSource,
    private readonly log: (msg: string) => void,
  ) {}

  /**
   * Logs and blocks of [from, to] for the data sources `dss` (those ended before `from` are not
   * asked for); `allHeaders` fetches every header (near the head).
   */
  async fetch(
    from: number,
    to: number,
    dss: DataSourceInstance[],
    allHeaders: boolean,
  ): Promise<RangeData> {
    const queries = logQueries(dss.filter((d) => d.endBlock === null || d.endBlock >= from));
    const logs = new Map<number, RawLog[]>();
    for (const l of await this.chain.getLogs(from, to, queries)) {
      const n = blockOf(l);
      let a = logs.get(n);
      if (!a) logs.set(n, (a = []));
      a.push(l);
    }
    const rd: RangeData = { from, to, logs, blocks: new Map() };
    const headerOnly = new Set<number>([from, to]);
    if (allHeaders || needsEveryBlock(dss)) for (let n = from; n <= to; n++) headerOnly.add(n);
    else
      for (let n = from; n <= to; n++)
        if (dss.some((d) => hasBlockTrigger(d, n))) headerOnly.add(n);
    for (const n of logs.keys()) headerOnly.delete(n);
    await this.fetchBlocks(rd, [...logs.keys()], true);
    await this.fetchBlocks(
      rd,
      [...headerOnly].sort((a, b) => a - b),
      false,
    );
    // The headers fetched above are checked at no extra request (more only when the answer is
    // suspect); what re-asking per block finds is patched in.
    const missed = await this.crossCheck(rd, from, to, queries, new Set(logs.keys()), '');
    if (missed.size) {
      for (const [n, ls] of missed) logs.set(n, ls);
      await this.fetchBlocks(rd, [...missed.keys()], true);
    }
    // Consistency: logs belong to the fetched blocks, consecutive headers link up.
    for (const [n, ls] of logs) {
      const h = lower(rd.blocks.get(n)!.raw.hash);
      if (ls.some((l) => lower(l.blockHash) !== h))
        throw new ChainMoved(`block ${n} changed during fetch`);
    }
    for (const [n, b] of rd.blocks) {
      const prev = rd.blocks.get(n - 1);
      if (prev && lower(b.raw.parentHash) !== lower(prev.raw.hash))
        throw new ChainMoved(`blocks ${n - 1}/${n} do not link`);
    }
    return rd;
  }

  /** Blocks not fetched yet (or only as a header when `full` is asked) are fetched into rd. */
  async fetchBlocks(rd: RangeData, numbers: number[], full: boolean): Promise<void> {
    const need = numbers.filter((n) => {
      const b = rd.blocks.get(n);
      return !b || (full && !b.full);
    });
    if (!need.length) return;
    const got = await this.chain.getBlocks(need, full);
    need.forEach((n, i) => rd.blocks.set(n, { raw: got[i], full }));
  }

  /** Block n with transactions when it has logs (a header otherwise), fetched if it is not yet. */
  async ensureBlock(rd: RangeData, n: number): Promise<{ raw: RawBlock; full: boolean }> {
    const logs = rd.logs.get(n) ?? [];
    let blk = rd.blocks.get(n);
    if (!blk || (logs.length && !blk.full)) {
      await this.fetchBlocks(rd, [n], logs.length > 0);
      blk = rd.blocks.get(n)!;
      const hash = lower(blk.raw.hash);
      if (logs.some((l) => lower(l.blockHash) !== hash))
        throw new ChainMoved(`block ${n} changed during fetch`);
    }
    return blk;
  }

  /**
   * Block n's logs for data sources created in it (graph-node re-scans the block for them);
   * the block is fetched with transactions when there are any.
   */
  async rescan(rd: RangeData, n: number, queries: LogQuery[]): Promise<RawLog[]> {
    if (!queries.length) return [];
    let logs = await this.chain.getLogs(n, n, queries);
    const missed = await this.crossCheck(
      rd,
      n,
      n,
      queries,
      new Set(logs.length ? [n] : []),
      ' (re-scan for new data sources)',
    );
    if (missed.size) logs = missed.get(n)!;
    if (logs.length) await this.fetchBlocks(rd, [n], true);
    const hash = lower(rd.blocks.get(n)!.raw.hash);
    if (logs.some((l) => lower(l.blockHash) !== hash))
      throw new ChainMoved(`block ${n} changed during re-scan`);
    return logs;
  }

  /**
   * The rest of the range after block n, patched with the logs of data sources created in n.
   * Blocks that got logs are fetched with their transactions in batched round trips now, not
   * one at a time when the loop reaches them; a header fetched earlier must keep its hash.
   */
  async patch(rd: RangeData, n: number, queries: LogQuery[]): Promise<void> {
    if (!queries.length || n >= rd.to) return;
    const found = new Map<number, RawLog[]>();
    for (const l of await this.chain.getLogs(n + 1, rd.to, queries)) {
      const ln = blockOf(l);
      let a = found.get(ln);
      if (!a) found.set(ln, (a = []));
      a.push(l);
    }
    const missed = await this.crossCheck(
      rd,
      n + 1,
      rd.to,
      queries,
      new Set(found.keys()),
      ' (patch-up for new data sources)',
    );
    for (const [ln, ls] of missed) found.set(ln, ls);
    for (const [ln, ls] of found) {
      const a = rd.logs.get(ln) ?? [];
      for (const l of ls) if (!a.some((x) => x.logIndex === l.logIndex)) a.push(l);
      rd.logs.set(ln, a);
    }
    const need = [...found.keys()].filter((ln) => !rd.blocks.get(ln)?.full).sort((a, b) => a - b);
    if (!need.length) return;
    const before = new Map(need.map((ln) => [ln, rd.blocks.get(ln)?.raw.hash]));
    await this.fetchBlocks(rd, need, true);
    for (const ln of need) {
      const h = lower(rd.blocks.get(ln)!.raw.hash);
      const prev = before.get(ln);
      if ((prev && lower(prev) !== h) || rd.logs.get(ln)!.some((l) => lower(l.blockHash) !== h)) {
        throw new ChainMoved(`block ${ln} changed during fetch`);
      }
    }
  }

  /**
   * An RPC may answer [] (or too little) for blocks that have logs: the answer for [from, to]
   * is checked against the logsBloom of the headers in rd; the logs re-asking per block found
   * are returned (and logged, naming the blocks and the fetch).
   */
  private async crossCheck(
    rd: RangeData,
    from: number,
    to: number,
    queries: LogQuery[],
    withLogs: Set<number>,
    what: string,
  ): Promise<Map<number, RawLog[]>> {
    const missed = await this.chain.crossCheckLogs({
      from,
      to,
      queries,
      withLogs,
      header: (n) => rd.blocks.get(n)?.raw,
    });
    if (missed.size) {
      const list = [...missed].map(([n, ls]) => `${n} (${ls.length})`).join(', ');
      const found = "re-asking by blockHash found them: the RPC's range answer was incomplete";
      const claim = `answered no logs for block(s) ${list} although their logsBloom matches`;
      this.log(`eth_getLogs ${from}..${to}${what} ${claim}; ${found}`);
    }
    return missed;
  }
}
