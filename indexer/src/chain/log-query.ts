// One eth_getLogs filter as ingestion asks for it: which addresses, which event signatures.
// Shared by the log fetcher (source.ts) and the logsBloom pre-check (bloom.ts).
import type { Hex } from '../internal/types.ts';

export interface LogQuery {
  /** lowercase addresses; null = any address */
  addresses: Hex[] | null;
  /** topic0 alternatives (empty → nothing to ask) */
  topics0: Hex[];
}
