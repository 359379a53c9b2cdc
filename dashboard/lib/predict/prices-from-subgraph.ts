// The oracle price observations the predictor needs, read from the subgraph's PricePoint
// entities (one per AaveOracle read: a feed update or a source change) at the book's block,
// over the last `hours` hours only. `observationsOf` cuts rows read once (at a later block) to
// what a past book's block had seen, for the risk history's predictions.
import type { SubgraphClient } from '@/lib/subgraph-client';
import type { Book } from '@/lib/risk/types';
import type { PriceObservations } from '@/lib/predict/price-history';

export interface PricePointRow {
  id: string;
  priceBase: string;
  timestamp: string;
  blockNumber: string;
  token: { id: string };
}

/** PricePoints after `fromTimestamp` at block `hash`. */
export function loadPricePoints(
  client: SubgraphClient,
  hash: string,
  fromTimestamp: number,
): Promise<PricePointRow[]> {
  return client.pageAll<PricePointRow>(
    'pricePoints',
    'id priceBase timestamp blockNumber token { id }',
    hash,
    { where: `timestamp_gt: ${JSON.stringify(String(fromTimestamp))}` },
  );
}

/** The window's first second: one hour more than `hours`, for the price in force at its start. */
export const windowStart = (book: Book, hours: number) => book.block.timestamp - (hours + 1) * 3600;

/** The rows observed at or before the book's block and inside its window, per market index. */
export function observationsOf(
  book: Book,
  rows: PricePointRow[],
  hours: number,
): PriceObservations {
  const from = windowStart(book, hours);
  const marketOf = new Map(book.markets.map((m, i) => [m.id, i]));
  const unit = Number(book.baseCurrencyUnit);
  const series = new Map<number, Array<[number, number]>>();
  for (const r of rows) {
    if (Number(r.blockNumber) > book.block.number || Number(r.timestamp) <= from) continue;
    const m = marketOf.get(r.token.id.toLowerCase());
    if (m === undefined) continue;
    if (!series.has(m)) series.set(m, []);
    series.get(m)!.push([Number(r.timestamp), Number(r.priceBase) / unit]);
  }
  return { series };
}

export async function loadPriceObservations(
  client: SubgraphClient,
  book: Book,
  hours: number,
): Promise<PriceObservations> {
  const rows = await loadPricePoints(client, book.block.hash, windowStart(book, hours));
  return observationsOf(book, rows, hours);
}
