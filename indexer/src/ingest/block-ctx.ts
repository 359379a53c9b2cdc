// One block as its handlers see it, converted lazily from the raw JSON-RPC block: the
// EthBlock, its transactions by hash, and receipts fetched on first demand.
import type { EthBlock, EthReceipt, EthTransaction, Hex } from '../internal/types.ts';
import type { ChainSource } from '../chain/source.ts';
import {
  toEthBlock,
  toEthReceipt,
  toEthTransaction,
  type RawBlock,
  type RawLog,
} from '../chain/convert.ts';

const lower = (s: string) => s.toLowerCase() as Hex;

export class BlockCtx {
  private converted: EthBlock | null = null;
  private txs: Map<string, EthTransaction> | null = null;
  private readonly receipts = new Map<string, EthReceipt>();
  /** `raw` is replaced by the full block when a template re-scan needs its transactions */
  constructor(
    public raw: RawBlock,
    private readonly chain: ChainSource,
  ) {}

  get block(): EthBlock {
    return (this.converted ??= toEthBlock(this.raw));
  }

  /** The log's transaction; a placeholder (zero sender) when the block came without them. */
  tx(log: RawLog): EthTransaction {
    if (!this.txs || this.txs.size < this.raw.transactions.length) {
      this.txs = new Map();
      for (const t of this.raw.transactions)
        if (typeof t === 'object') this.txs.set(lower(t.hash), toEthTransaction(t));
    }
    return (
      this.txs.get(lower(log.transactionHash)) ?? {
        hash: lower(log.transactionHash),
        index: BigInt(log.transactionIndex),
        from: ('0x' + '0'.repeat(40)) as Hex,
        to: null,
        value: 0n,
        gasLimit: 0n,
        gasPrice: 0n,
        input: '0x',
        nonce: 0n,
      }
    );
  }

  async receipt(hash: Hex): Promise<EthReceipt> {
    let r = this.receipts.get(hash);
    if (!r) {
      // Fetch every receipt of the block's transactions at once: handlers with receipt: true
      // usually fire for several logs of the block.
      const hashes = this.raw.transactions
        .map((t) => lower(typeof t === 'string' ? t : t.hash))
        .filter((h) => !this.receipts.has(h));
      if (!hashes.includes(lower(hash))) hashes.push(lower(hash));
      for (const raw of await this.chain.getReceipts(hashes))
        this.receipts.set(lower(raw.transactionHash), toEthReceipt(raw));
      r = this.receipts.get(lower(hash))!;
    }
    return r;
  }
}
