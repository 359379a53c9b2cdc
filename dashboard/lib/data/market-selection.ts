// Which markets a request or a rule means: an asset by symbol or address, a correlated group
// (eth, btc, stablecoin, rwa, other), or everything. One resolver for the JSON API's shock and
// curve parameters, the alerts' collateral-at-risk rules and the pages' default shock.
import { marketsOfClass } from '@/lib/risk/analysis';
import { assetClassOf, resolveGroup } from '@/lib/risk/classes';
import type { PreparedBook } from '@/lib/risk/engine';
import type { Book } from '@/lib/risk/types';

/** A selection that names no market of the book; `param` is the request field at fault. */
export class UnknownSelection extends Error {
  constructor(
    readonly param: 'asset' | 'group',
    message: string,
  ) {
    super(message);
    this.name = 'UnknownSelection';
  }
}

export const GROUP_NAMES = 'eth, btc, stablecoin, rwa, other';

/** Index of the market with this symbol or underlying address (any case), else -1. */
export function findMarket(book: Book, value: string): number {
  const v = value.trim().toLowerCase();
  return book.markets.findIndex((m) => m.symbol.toLowerCase() === v || m.id === v);
}

/** The market with this symbol or address; throws UnknownSelection listing the known symbols. */
export function marketOf(book: Book, value: string): number {
  const i = findMarket(book, value);
  if (i < 0) {
    const known = book.markets.map((m) => m.symbol).join(', ');
    throw new UnknownSelection(
      'asset',
      `asset "${value}" is not a market of ${book.network} (known: ${known})`,
    );
  }
  return i;
}

/** The markets of a group name; throws UnknownSelection for a name that is no group. */
export function marketsOfGroup(pb: PreparedBook, group: string): number[] {
  const cls = resolveGroup(group);
  if (!cls) throw new UnknownSelection('group', `unknown group "${group}" (${GROUP_NAMES})`);
  return marketsOfClass(pb, cls);
}

/** An asset, else a group, else every market. */
export function selectMarkets(pb: PreparedBook, sel: { asset?: string; group?: string }): number[] {
  if (sel.asset) return [marketOf(pb.book, sel.asset)];
  if (sel.group) return marketsOfGroup(pb, sel.group);
  return pb.book.markets.map((_, i) => i);
}

/** A symbol that is a market's wins over a group of the same name (a market called "ETH"). */
export function marketsOfSymbolOrGroup(pb: PreparedBook, name: string): number[] {
  const i = findMarket(pb.book, name);
  if (i >= 0 || !resolveGroup(name)) return [marketOf(pb.book, name)];
  return marketsOfGroup(pb, name);
}

/** Every market that is not a stablecoin (the pages' "all non-stable assets fall" shock). */
export function nonStableMarkets(book: Book): number[] {
  const out: number[] = [];
  book.markets.forEach((m, i) => {
    if (assetClassOf(book.network, m) !== 'stablecoin') out.push(i);
  });
  return out;
}
