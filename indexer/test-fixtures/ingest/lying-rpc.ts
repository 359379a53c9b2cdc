// A JSON-RPC proxy in front of a FakeChain for the logsBloom cross-check tests: headers carry
// the exact logsBloom and eth_getLogs answers can be made to lie (dropped blocks, empty answers,
// blooms that claim more, failing re-asks).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Hex } from 'viem';
import { makeBloom } from '../../src/chain/bloom.ts';
import type { RawLog } from '../../src/chain/convert.ts';
import type { FakeChain } from './fake-chain.ts';

const hex = (n: number) => '0x' + n.toString(16);

/** The fixture subgraph's source contract and the token its template follows. */
export const SRC = '0x00000000000000000000000000000000000000aa' as Hex;
export const TOK = ('0x' + '0b'.repeat(20)) as Hex;

/** JSON-RPC proxy in front of the fake chain: exact logsBloom on headers, EIP-234, and lies. */
export class LyingRpc {
  url = '';
  /** range answers always leave out the logs of these blocks */
  dropBlocks = new Set<number>();
  /** the next N range answers that have logs come back as [] */
  emptyNext = 0;
  /** extra bloom items per block: a bloom that claims what the block does not have */
  bloomExtra = new Map<number, Hex[]>();
  /** per-block re-asks of these blocks (by blockHash, or a range of just that block) fail */
  failReask = new Set<number>();
  /** the next N answers with logs to the Tok template's own fetches come back as []: the
   * patch-up of the rest of the range (several blocks), the re-scan of its creation block */
  emptyPatchNext = 0;
  emptyRescanNext = 0;
  readonly stats = { byHash: 0, ranges: 0, emptied: 0, patchEmptied: 0, rescanEmptied: 0 };
  private server: Server | null = null;
  constructor(readonly chain: FakeChain) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', async () => {
        const parsed = JSON.parse(body);
        const items = Array.isArray(parsed) ? parsed : [parsed];
        const out = [];
        for (const it of items) out.push(await this.one(it));
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(Array.isArray(parsed) ? out : out[0]));
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }
  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }

  private async forward(it: {
    id: unknown;
    method: string;
    params?: unknown[];
  }): Promise<{ id: unknown; result?: any; error?: unknown }> {
    const r = await fetch(this.chain.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', ...it }),
    });
    return r.json() as never;
  }

  private async one(it: { id: unknown; method: string; params: any[] }) {
    const err = (message: string, code = -32602) => ({
      jsonrpc: '2.0',
      id: it.id,
      error: { code, message },
    });
    if (it.method === 'eth_getLogs') {
      const f = it.params[0];
      if (f.blockHash) {
        this.stats.byHash++;
        const n = this.chain.blocks.findIndex((b) => b.hash === f.blockHash);
        if (n < 0) return err('blockHash cannot be found');
        if (this.failReask.has(n)) return err('backend unavailable for this block', -32099);
        const { blockHash: _, ...rest } = f;
        return this.forward({ ...it, params: [{ ...rest, fromBlock: hex(n), toBlock: hex(n) }] });
      }
      this.stats.ranges++;
      // A single-block re-ask of our factory's events (not the template re-scans, which the
      // indexer does per block too).
      const srcOnly = [f.address ?? []].flat().includes(SRC);
      if (f.fromBlock === f.toBlock && srcOnly && this.failReask.has(Number(f.fromBlock)))
        return err('backend unavailable for this block', -32099);
      const a = await this.forward(it);
      if (Array.isArray(a.result)) {
        a.result = a.result.filter((l: RawLog) => !this.dropBlocks.has(Number(l.blockNumber)));
        if (this.emptyNext > 0 && a.result.length) {
          this.emptyNext--;
          this.stats.emptied++;
          a.result = [];
        }
        // The main ranges ask for SRC and TOK together: TOK alone is the template's own fetch.
        const tokOnly = [f.address ?? []].flat().join() === TOK;
        if (tokOnly && a.result.length && f.fromBlock !== f.toBlock && this.emptyPatchNext > 0) {
          this.emptyPatchNext--;
          this.stats.patchEmptied++;
          a.result = [];
        }
        if (tokOnly && a.result.length && f.fromBlock === f.toBlock && this.emptyRescanNext > 0) {
          this.emptyRescanNext--;
          this.stats.rescanEmptied++;
          a.result = [];
        }
      }
      return a;
    }
    const a = await this.forward(it);
    if ((it.method === 'eth_getBlockByNumber' || it.method === 'eth_getBlockByHash') && a.result) {
      const n = Number(a.result.number);
      const items = this.chain.blocks[n].txs.flatMap((t) =>
        t.logs.flatMap((l) => [l.address, ...l.topics]),
      );
      a.result.logsBloom = makeBloom([...items, ...(this.bloomExtra.get(n) ?? [])]);
    }
    return a;
  }
}
