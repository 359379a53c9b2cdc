// GET /api/risk/cascade and /api/risk/liquidity: the liquidity-aware shock (lib/cascade) next to
// the liquidity-free one, and the depth a seller of each asset meets on the indexed Uniswap V3
// pools. USD figures are base-currency values (8 decimals for Aave V3's USD oracles) as numbers;
// totals also come as exact integer strings (`…Base`).
import {
  BadParam,
  blockJson,
  cachedJson,
  context,
  handle,
  marketByParam,
  numParam,
  parseScenario,
} from '@/lib/api/handler';
import type { RiskContext } from '@/lib/risk/service';
import { exactScenario } from '@/lib/risk/analysis';
import { cascade, type DexPool } from '@/lib/cascade/cascade';
import { loadDexPools, type IndexedPools } from '@/lib/cascade/pools-from-subgraph';
import { depth, DEPTH_IMPACTS_BPS } from '@/lib/dex/depth';

/** Gas of one liquidation and sale, in USD: the devnet liquidator's figure. */
export const DEFAULT_GAS_USD = 20;
/**
 * The oracle follows none of the DEX move by default: Aave's Chainlink feeds price from many
 * venues, and the devnet's feeds (the ground truth the fork proof compares with) do not follow
 * its pools at all. `feedback=` models an oracle that does.
 */
export const DEFAULT_FEEDBACK = 0;

/** The pools at the context's block, read once per block (primed directly in tests). */
export function indexedPools(c: RiskContext): Promise<IndexedPools> {
  return c.get('dexPools', () =>
    c.subgraph
      ? loadDexPools(c.subgraph, c.book)
      : Promise.resolve<IndexedPools>({ indexed: false, pools: [] }),
  );
}

const usdOf = (c: RiskContext) => {
  const unit = Number(c.book.baseCurrencyUnit);
  return (base: bigint | number) => Math.round((Number(base) / unit) * 100) / 100;
};

export const pairLabel = (c: RiskContext, p: DexPool) =>
  `${c.book.markets[p.market0].symbol}/${c.book.markets[p.market1].symbol} ${p.state.fee / 10000}%`;

/** What the reader must know about the venues: missing DEX data, markets without a pool. */
function venueNotes(c: RiskContext, dex: IndexedPools): string[] {
  if (!dex.indexed)
    return [
      'this subgraph indexes no DEX pools: no seized collateral can be sold, so the cascade ' +
        'liquidates nothing (zero depth); the naive figures assume unlimited buyers at the oracle price',
    ];
  const notes: string[] = [];
  if (!dex.pools.length) notes.push('no initialised Uniswap V3 pool between two markets');
  const pooled = new Set(dex.pools.flatMap((p) => [p.market0, p.market1]));
  const collateral = new Set<number>();
  for (let k = 0; k < c.pb.posMarket.length; k++)
    if (c.pb.posColl[k] > 0n) collateral.add(c.pb.posMarket[k]);
  const without = [...collateral].filter((m) => !pooled.has(m));
  if (without.length && dex.pools.length)
    notes.push(
      `no pool for ${without.map((m) => c.book.markets[m].symbol).join(', ')}: ` +
        'that collateral cannot be sold (zero depth), so accounts whose largest collateral it ' +
        'is are not liquidated',
    );
  for (const p of dex.pools)
    if (p.state.liquidity === 0n && p.state.ticks.length === 0)
      notes.push(`pool ${p.address} (${pairLabel(c, p)}) holds no liquidity`);
  return notes;
}

/**
 * GET /api/risk/cascade?network&asset|group|shocks&drop[&feedback=0–1][&gas=USD][&limit=N]:
 * rounds of profitable liquidation through the DEX after the shock, with the naive result.
 */
export const cascadeHandler = handle(async (q) => {
  const feedback = numParam(q, 'feedback', DEFAULT_FEEDBACK, 0, 1);
  const gasUsd = numParam(q, 'gas', DEFAULT_GAS_USD, 0, 1e6);
  const limit = numParam(q, 'limit', 100, 0, 1e6);
  const c = await context(q);
  const dex = await indexedPools(c);
  return cachedJson(c, 'cascade', q, () => {
    const { drops, label } = parseScenario(c, q);
    const naive = exactScenario(c.pb, c.fb, drops);
    const gasCostBase = (BigInt(Math.round(gasUsd * 100)) * c.book.baseCurrencyUnit) / 100n;
    const r = cascade(c.pb, naive.prices, dex.pools, { feedback, gasCostBase });
    const usd = usdOf(c);
    const sym = (m: number) => c.book.markets[m].symbol;
    const moved = new Set([...drops.keys()].filter((k) => k < c.book.markets.length));
    for (const round of r.rounds) for (const m of round.impactBpsByMarket.keys()) moved.add(m);
    const priceBySymbol = (prices: bigint[]) =>
      Object.fromEntries([...moved].map((m) => [sym(m), usd(prices[m])]));
    const list = (ids: string[]) => ids.slice(0, limit);
    return {
      network: c.book.network,
      block: blockJson(c),
      scenario: {
        label,
        shocks: [...drops].map(([m, bps]) => ({ symbol: sym(m), dropPct: bps / 100 })),
      },
      feedback,
      gasCostUSD: gasUsd,
      dex: { indexed: dex.indexed, pools: dex.pools.length, arbitragedPools: r.arbitragedPools },
      shockedPriceBySymbol: priceBySymbol(naive.prices),
      rounds: r.rounds.map((x) => ({
        round: x.round,
        liquidations: x.liquidations,
        debtRepaidUSD: usd(x.debtRepaidBase),
        collateralSoldUSD: usd(x.collateralSoldBase),
        liquidatorProfitUSD: usd(x.liquidatorProfitBase),
        priceBySymbol: priceBySymbol(x.prices),
        impactPctBySymbol: Object.fromEntries(
          [...x.impactBpsByMarket].map(([m, bps]) => [sym(m), bps / 100]),
        ),
      })),
      stoppedAtMaxRounds: r.stoppedAtMaxRounds,
      liquidatedAccounts: r.liquidatedAccounts.length,
      debtRepaidUSD: usd(r.debtRepaidBase),
      collateralSoldUSD: usd(r.collateralSoldBase),
      liquidatorProfitUSD: usd(r.liquidatorProfitBase),
      badDebtUSD: usd(r.badDebtBase),
      unprofitableDebtUSD: usd(r.unprofitableDebtBase),
      unprofitableAccountCount: r.unprofitableAccounts.length,
      noPoolAccountCount: r.noPoolAccounts.length,
      debtRepaidBase: r.debtRepaidBase.toString(),
      badDebtBase: r.badDebtBase.toString(),
      unprofitableDebtBase: r.unprofitableDebtBase.toString(),
      naive: {
        liquidatedAccounts: naive.liquidatable.length,
        insolventAccounts: naive.insolvent.length,
        liquidatableDebtUSD: usd(naive.totals.liquidatableDebt),
        badDebtUSD: usd(naive.totals.badDebt),
      },
      accounts: {
        firstRound: list(r.firstRoundAccounts),
        liquidated: list(r.liquidatedAccounts),
        unprofitable: list(r.unprofitableAccounts),
        noPool: list(r.noPoolAccounts),
      },
      notes: venueNotes(c, dex),
    };
  });
});

/**
 * GET /api/risk/liquidity?network[&asset=SYM]: per pool of the asset, how much of it sells before
 * its pool price falls by 1, 2, 5 and 10% (from the indexed pool state; exhausted when the
 * pool's liquidity ends first). Without `asset`, every market with a pool.
 */
export const liquidityHandler = handle(async (q) => {
  const c = await context(q);
  const dex = await indexedPools(c);
  return cachedJson(c, 'liquidity', q, () => {
    const asset = q.get('asset');
    if (asset === '') throw new BadParam('asset', 'asset must be a market symbol or address');
    const markets =
      asset !== null
        ? [marketByParam(c, asset)]
        : c.book.markets
            .map((_, i) => i)
            .filter((m) => dex.pools.some((p) => p.market0 === m || p.market1 === m));
    const usd = usdOf(c);
    return {
      network: c.book.network,
      block: blockJson(c),
      indexed: dex.indexed,
      impactsPct: DEPTH_IMPACTS_BPS.map((b) => b / 100),
      assets: markets.map((m) => {
        const market = c.book.markets[m];
        const unit = c.pb.units[m];
        const pools = dex.pools.filter((p) => p.market0 === m || p.market1 === m);
        return {
          symbol: market.symbol,
          asset: market.id,
          priceUSD: usd(c.pb.basePrices[m]),
          note: pools.length
            ? undefined
            : dex.indexed
              ? `no pool for ${market.symbol}: zero depth`
              : 'no DEX pools indexed',
          pools: pools.map((p) => {
            const sellsToken0 = p.market0 === m;
            const quote = sellsToken0 ? p.market1 : p.market0;
            return {
              address: p.address,
              pair: pairLabel(c, p),
              quote: c.book.markets[quote].symbol,
              fee: p.state.fee,
              liquidity: p.state.liquidity.toString(),
              depth: DEPTH_IMPACTS_BPS.map((bps) => {
                const d = depth(p.state, sellsToken0, bps);
                return {
                  impactPct: bps / 100,
                  amountIn: d.amountIn.toString(),
                  amountOut: d.amountOut.toString(),
                  amountInUSD: usd((d.amountIn * c.pb.basePrices[m]) / unit),
                  exhausted: d.exhausted,
                };
              }),
            };
          }),
        };
      }),
    };
  });
});
