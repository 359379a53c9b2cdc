// Builds the engine's Book from the subgraph (schema: subgraph/schema.graphql) at one block hash.
import { SubgraphClient, SubgraphError, type MetaBlock } from '@/lib/subgraph-client';
import type {
  Book,
  BookAccount,
  BookEModeCategory,
  BookMarket,
  PriceHistory,
} from '@/lib/risk/types';

interface MarketRow {
  id: string;
  symbol: string;
  decimals: number;
  reserveId: number;
  isDropped: boolean;
  ltv: number;
  liquidationThreshold: number;
  liquidationBonus: number;
  liquidationProtocolFee: number;
  debtCeiling: string;
  liquidityIndex: string;
  variableBorrowIndex: string;
  liquidityRate: string;
  variableBorrowRate: string;
  lastUpdateTimestamp: string;
  eModeCategory: { id: string } | null;
  underlyingToken: { lastPriceBase: string };
}
interface CategoryRow {
  id: string;
  label: string;
  ltv: number;
  liquidationThreshold: number;
  liquidationBonus: number;
  priceSource: string | null;
  collateralBitmap: string;
}
interface PositionRow {
  id: string;
  scaledATokenBalance: string;
  scaledVariableDebt: string;
  stableDebt: string;
  stableBorrowRate: string;
  stableLastUpdateTimestamp: string;
  collateralEnabled: boolean;
}

const MARKET_FIELDS = `id symbol decimals reserveId isDropped ltv liquidationThreshold liquidationBonus liquidationProtocolFee
  debtCeiling liquidityIndex variableBorrowIndex liquidityRate variableBorrowRate lastUpdateTimestamp
  eModeCategory { id } underlyingToken { lastPriceBase }`;
const CATEGORY_FIELDS =
  'id label ltv liquidationThreshold liquidationBonus priceSource collateralBitmap';
const POSITION_FIELDS =
  'id scaledATokenBalance scaledVariableDebt stableDebt stableBorrowRate stableLastUpdateTimestamp collateralEnabled';

/**
 * graph-node names the EModeCategory collection `emodeCategories` (Inflector's camel case treats
 * "EM" as an acronym); other servers may say `eModeCategories`: try both.
 */
async function pageCategories(client: SubgraphClient, hash: string): Promise<CategoryRow[]> {
  try {
    return await client.pageAll<CategoryRow>('emodeCategories', CATEGORY_FIELDS, hash);
  } catch (e) {
    if (
      e instanceof SubgraphError &&
      /emodeCategories/.test(e.message) &&
      /Cannot query field|has no field/i.test(e.message)
    ) {
      return client.pageAll<CategoryRow>('eModeCategories', CATEGORY_FIELDS, hash);
    }
    throw e;
  }
}

export interface LoadOptions {
  blockHash?: string;
  shards?: number;
}

export async function loadBook(
  client: SubgraphClient,
  network: string,
  opts: LoadOptions = {},
): Promise<Book> {
  const block: MetaBlock = await client.meta(opts.blockHash);
  const hash = block.hash;
  const [protocols, marketRows, categoryRows, emodeAccounts, positions] = await Promise.all([
    client.query<{
      protocols: Array<{ id: string; baseCurrencyUnit: string; poolRevision: number | null }>;
    }>(
      `{ protocols(first: 2, block: { hash: ${JSON.stringify(hash)} }) { id baseCurrencyUnit poolRevision } }`,
    ),
    client.pageAll<MarketRow>('markets', MARKET_FIELDS, hash),
    pageCategories(client, hash),
    client.pageAll<{ id: string; eModeCategoryId: number }>(
      'accounts',
      'id eModeCategoryId',
      hash,
      { where: 'eModeCategoryId_gt: 0' },
    ),
    client.pageAll<PositionRow>('positions', POSITION_FIELDS, hash, { shards: opts.shards ?? 4 }),
  ]);
  if (protocols.protocols.length > 1) {
    throw new SubgraphError(
      `subgraph ${client.endpoint} indexes ${protocols.protocols.length} protocols; one deployment per PoolAddressesProvider expected`,
      client.endpoint,
      'graphql',
    );
  }
  const baseCurrencyUnit = BigInt(protocols.protocols[0]?.baseCurrencyUnit ?? '100000000');

  const markets: BookMarket[] = marketRows
    .filter((m) => !m.isDropped)
    .map((m) => ({
      id: m.id.toLowerCase(),
      symbol: m.symbol,
      decimals: Number(m.decimals),
      reserveId: Number(m.reserveId),
      ltv: Number(m.ltv),
      liquidationThreshold: Number(m.liquidationThreshold),
      liquidationBonus: Number(m.liquidationBonus),
      liquidationProtocolFee: Number(m.liquidationProtocolFee),
      eModeCategoryId: m.eModeCategory ? Number(m.eModeCategory.id) : 0,
      debtCeiling: BigInt(m.debtCeiling),
      liquidityIndex: BigInt(m.liquidityIndex),
      variableBorrowIndex: BigInt(m.variableBorrowIndex),
      liquidityRate: BigInt(m.liquidityRate),
      variableBorrowRate: BigInt(m.variableBorrowRate),
      lastUpdateTimestamp: BigInt(m.lastUpdateTimestamp),
      priceBase: BigInt(m.underlyingToken.lastPriceBase),
    }))
    .sort((a, b) => a.reserveId - b.reserveId);
  const marketIdx = new Map(markets.map((m, i) => [m.id, i]));

  const eModeCategories = new Map<number, BookEModeCategory>();
  for (const c of categoryRows) {
    const id = Number(c.id);
    if (id === 0) continue;
    eModeCategories.set(id, {
      id,
      label: c.label,
      ltv: Number(c.ltv),
      liquidationThreshold: Number(c.liquidationThreshold),
      liquidationBonus: Number(c.liquidationBonus),
      priceSource: c.priceSource,
      collateralBitmap: BigInt(c.collateralBitmap ?? '0'),
    });
  }
  // category price sources that are not markets: read the Token's AaveOracle price
  const extraSources = [...eModeCategories.values()].filter(
    (c) =>
      c.priceSource &&
      !/^0x0{40}$/i.test(c.priceSource) &&
      !marketIdx.has(c.priceSource.toLowerCase()),
  );
  if (extraSources.length) {
    const ids = extraSources.map((c) => JSON.stringify(c.priceSource!.toLowerCase())).join(',');
    const t = await client.query<{ tokens: Array<{ id: string; lastPriceBase: string }> }>(
      `{ tokens(first: 1000, where: { id_in: [${ids}] }, block: { hash: ${JSON.stringify(hash)} }) { id lastPriceBase } }`,
    );
    const px = new Map(t.tokens.map((r) => [r.id.toLowerCase(), BigInt(r.lastPriceBase)]));
    for (const c of extraSources) c.priceSourcePriceBase = px.get(c.priceSource!.toLowerCase());
  }

  const emode = new Map(emodeAccounts.map((a) => [a.id.toLowerCase(), Number(a.eModeCategoryId)]));
  const byAccount = new Map<string, BookAccount>();
  for (const p of positions) {
    // Position.id = account address ++ market address (schema), 0x + 40 + 40 hex
    const id = p.id.toLowerCase();
    if (id.length !== 82)
      throw new SubgraphError(
        `subgraph ${client.endpoint}: Position id ${p.id} is not account ++ market`,
        client.endpoint,
        'graphql',
      );
    const accountId = id.slice(0, 42),
      marketId = '0x' + id.slice(42);
    const mi = marketIdx.get(marketId);
    if (mi === undefined) continue; // dropped reserve
    const scaledATokenBalance = BigInt(p.scaledATokenBalance),
      scaledVariableDebt = BigInt(p.scaledVariableDebt),
      stableDebt = BigInt(p.stableDebt);
    if (scaledATokenBalance === 0n && scaledVariableDebt === 0n && stableDebt === 0n) continue;
    let acc = byAccount.get(accountId);
    if (!acc)
      byAccount.set(
        accountId,
        (acc = { id: accountId, eModeCategoryId: emode.get(accountId) ?? 0, positions: [] }),
      );
    acc.positions.push({
      market: mi,
      scaledATokenBalance,
      scaledVariableDebt,
      stableDebt,
      stableBorrowRate: BigInt(p.stableBorrowRate),
      stableLastUpdateTimestamp: BigInt(p.stableLastUpdateTimestamp),
      collateralEnabled: p.collateralEnabled,
    });
  }
  const accounts = [...byAccount.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const poolRevision = protocols.protocols[0]?.poolRevision ?? undefined;
  // Pool revision 7 = Aave 3.3: 100% close factor for small positions
  return {
    network,
    block,
    baseCurrencyUnit,
    markets,
    eModeCategories,
    accounts,
    poolRevision,
    smallPositionRules: (poolRevision ?? 0) >= 7,
  };
}

/** Daily closing prices (MarketDailySnapshot.priceUSD) per market index of `book`. */
export async function loadPriceHistory(client: SubgraphClient, book: Book): Promise<PriceHistory> {
  const rows = await client.pageAll<{
    id: string;
    day: number;
    priceUSD: string;
    market: { id: string };
  }>('marketDailySnapshots', 'id day priceUSD market { id }', book.block.hash);
  const idx = new Map(book.markets.map((m, i) => [m.id, i]));
  const series = new Map<number, Array<[number, number]>>();
  for (const r of rows) {
    const i = idx.get(r.market.id.toLowerCase());
    if (i === undefined) continue;
    let s = series.get(i);
    if (!s) series.set(i, (s = []));
    s.push([Number(r.day), Number(r.priceUSD)]);
  }
  for (const s of series.values()) s.sort((a, b) => a[0] - b[0]);
  return { series };
}
