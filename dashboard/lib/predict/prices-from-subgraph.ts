// The oracle price observations the predictor needs, read from the subgraph's PricePoint
// entities (one per AaveOracle read: a feed update or a source change) at the book's block,
// over the last `hours` hours only.
import type { SubgraphClient } from '@/lib/subgraph-client';
import type { Book } from '@/lib/risk/types';
import type { PriceObservations } from '@/lib/predict/price-history';

interface PricePointRow {
  id: string;
  priceBase: string;
  timestamp: string;
  token: { id: string };
}

export async function loadPriceObservations(
  client: SubgraphClient,
  book: Book,
  hours: number,
): Promise<PriceObservations> {
  // one hour more than the window: the price in force at the window's first grid point
  const from = book.block.timestamp - (hours + 1) * 3600;
  const rows = await client.pageAll<PricePointRow>(
    'pricePoints',
    'id priceBase timestamp token { id }',
    book.block.hash,
    { where: `timestamp_gt: ${JSON.stringify(String(from))}` },
  );
  const marketOf = new Map(book.markets.map((m, i) => [m.id, i]));
  const unit = Number(book.baseCurrencyUnit);
  const series = new Map<number, Array<[number, number]>>();
  for (const r of rows) {
    const m = marketOf.get(r.token.id.toLowerCase());
    if (m === undefined) continue;
    if (!series.has(m)) series.set(m, []);
    series.get(m)!.push([Number(r.timestamp), Number(r.priceBase) / unit]);
  }
  return { series };
}
