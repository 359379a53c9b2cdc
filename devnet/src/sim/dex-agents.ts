// The DEX's agents in the simulation: an arbitrageur that swaps every pool back to the oracle
// price in the block where the feeds move (when it is off by more than the pool's fee plus
// ARBITRAGE_EDGE_BPS, where the trade pays),
// and LPs that now and then re-centre a position the price has left, open a new one or take
// one out. Pool prices are tracked here (they only move by these swaps and by the liquidators'
// sales, whose pools are re-read), so no block needs a read of every pool.
import type { Hex } from 'viem';
import type { Miner } from '../core/chain.ts';
import { usdToPrice, type Deployment, type DexDeployment } from '../core/deploy.ts';
import type { Rng } from '../core/rng.ts';
import { arbitrageSwaps, arbitrageTx, poolTargets, readSqrtPrices } from '../dex/arbitrage.ts';
import { readContract } from '../dex/oracle.ts';
import { approximateTick, rangeAround } from '../dex/price-math.ts';
import { mintCalldata, removePositionCalldata, uniswapAbi } from '../dex/uniswap.ts';
import { DEFAULT_DEX_DEPTH, type LpPosition } from '../dex/world.ts';
import type { BlockPlan, TxBuilder } from './block-plan.ts';

/** The arbitrageur acts when a pool is off the oracle by more than its fee plus this (gas). */
export const ARBITRAGE_EDGE_BPS = 10;
/** Chance per hour that an LP looks at its positions, and of opening / closing one. */
const LP_CHECK = 0.06;
const LP_OPEN = 0.01;
const LP_CLOSE = 0.008;
const NPM = uniswapAbi('NonfungiblePositionManager');

export class DexAgents {
  /** Each pool's sqrtPriceX96 as of the last mined block. */
  sqrtPrice: bigint[] = [];
  private positions: LpPosition[];
  private nextTokenId: bigint;
  private pendingPrices = new Map<number, bigint>();

  constructor(
    private readonly miner: Miner,
    private readonly dep: Deployment,
    private readonly dex: DexDeployment,
    private readonly txs: TxBuilder,
    private readonly rng: Rng,
    positions: LpPosition[],
  ) {
    this.positions = [...positions];
    this.nextTokenId = BigInt(positions.length + 1);
  }

  async init(): Promise<void> {
    this.sqrtPrice = await readSqrtPrices(this.miner, this.dex);
  }

  /** Plan the arbitrage toward the feed prices (after the block's price updates). */
  arbitrage(plan: BlockPlan, feedUsd: readonly number[], now: number): void {
    const targets = poolTargets(this.dep, feedUsd.map(usdToPrice));
    const thresholds = this.dex.pools.map((p) => p.fee / 100 + ARBITRAGE_EDGE_BPS);
    const swaps = arbitrageSwaps(this.sqrtPrice, targets, thresholds);
    if (!swaps.length) return;
    plan.txs.push({ kind: 'arbitrage', tx: arbitrageTx(this.dep, swaps, BigInt(now + 3600)) });
    this.txs.count('arbitrage');
    for (const s of swaps) this.pendingPrices.set(s.pool, s.targetX96);
  }

  /** LPs' seeded moves for this hour, priced at the feeds. */
  async provide(plan: BlockPlan, feedUsd: readonly number[], now: number): Promise<void> {
    const r = this.rng;
    const deadline = BigInt(now + 3600);
    const firstNew = this.nextTokenId; // positions opened in this block cannot be removed in it
    for (const lp of this.dex.liquidityProviders) {
      const mine = this.positions.filter((p) => p.owner === lp);
      if (r.chance(LP_CHECK)) {
        const out = mine.find((p) => !this.inRange(p) && !this.isFull(p) && p.tokenId < firstNew);
        if (out) {
          await this.remove(plan, out, deadline);
          this.open(plan, lp, out.pool, out.tickUpper - out.tickLower, feedUsd, deadline);
        }
      }
      if (r.chance(LP_OPEN)) {
        const pool = r.int(this.dex.pools.length);
        const spacing = this.dex.pools[pool].tickSpacing;
        const width =
          2 *
          Math.max(
            spacing,
            Math.round(Math.log(r.pick([1.01, 1.02, 1.05, 1.1])) / Math.log(1.0001)),
          );
        this.open(plan, lp, pool, width, feedUsd, deadline);
      }
      const closable = this.positions.filter(
        (p) => p.owner === lp && !this.isFull(p) && p.tokenId < firstNew,
      );
      if (closable.length > 1 && r.chance(LP_CLOSE))
        await this.remove(plan, r.pick(closable), deadline);
    }
  }

  /** After the block: arbitraged pools sit at their targets; pools sold into are re-read. */
  async afterBlock(soldInto: Iterable<number> = []): Promise<void> {
    for (const [pool, price] of this.pendingPrices) {
      this.sqrtPrice[pool] = price;
    }
    this.pendingPrices.clear();
    const pools = [...new Set(soldInto)];
    if (!pools.length) return;
    const POOL = uniswapAbi('UniswapV3Pool');
    for (const k of pools) {
      const slot0 = await readContract<readonly [bigint]>(
        this.miner,
        this.dex.pools[k].address,
        POOL,
        'slot0',
      );
      this.sqrtPrice[k] = slot0[0];
    }
  }

  /** Re-read pool prices and the LPs' open positions (after a chain revert). */
  async resync(): Promise<void> {
    this.pendingPrices.clear();
    await this.init();
    const minted = await readContract<bigint>(
      this.miner,
      this.dex.positionManager,
      NPM,
      'totalSupply',
    );
    const positions: LpPosition[] = [];
    for (let id = 1n; id <= minted; id++) {
      const p = await readContract<readonly unknown[]>(
        this.miner,
        this.dex.positionManager,
        NPM,
        'positions',
        [id],
      );
      const owner = await readContract<Hex>(this.miner, this.dex.positionManager, NPM, 'ownerOf', [
        id,
      ]);
      const pool = this.dex.pools.findIndex(
        (x) => x.token0 === p[2] && x.token1 === p[3] && x.fee === Number(p[4]),
      );
      if ((p[7] as bigint) > 0n && pool >= 0)
        positions.push({
          tokenId: id,
          owner,
          pool,
          tickLower: Number(p[5]),
          tickUpper: Number(p[6]),
        });
    }
    this.positions = positions;
    this.nextTokenId = minted + 1n;
  }

  private tick(pool: number): number {
    return approximateTick(this.sqrtPrice[pool]);
  }

  private inRange(p: LpPosition): boolean {
    const t = this.tick(p.pool);
    return t >= p.tickLower && t < p.tickUpper;
  }

  private isFull(p: LpPosition): boolean {
    return p.tickUpper - p.tickLower > 1_000_000;
  }

  private async remove(plan: BlockPlan, p: LpPosition, deadline: bigint): Promise<void> {
    const info = await readContract<readonly unknown[]>(
      this.miner,
      this.dex.positionManager,
      NPM,
      'positions',
      [p.tokenId],
    );
    const liquidity = info[7] as bigint;
    this.positions = this.positions.filter((x) => x !== p);
    if (liquidity === 0n) return;
    const data = removePositionCalldata(p.tokenId, liquidity, p.owner, deadline);
    plan.txs.push({
      kind: 'lpRemove',
      tx: { from: p.owner, to: this.dex.positionManager, data, gas: 600_000n },
    });
    this.txs.count('lpRemove');
  }

  /** A new position `width` ticks wide around the pool's price, sized like its neighbours. */
  private open(
    plan: BlockPlan,
    owner: Hex,
    pool: number,
    width: number,
    feedUsd: readonly number[],
    deadline: bigint,
  ): void {
    const p = this.dex.pools[pool];
    const [lower, upper] = rangeAround(
      this.tick(pool),
      Math.exp((width / 2) * Math.log(1.0001)) - 1,
      p.tickSpacing,
    );
    const i0 = this.dep.tokens.findIndex((t) => t.address === p.token0);
    const i1 = this.dep.tokens.findIndex((t) => t.address === p.token1);
    // Value: seeded, $10k to $400k at the default depth (scaled with dexDepth).
    const usd = this.rng.range(10_000, 400_000) * (this.dex.dexDepth / DEFAULT_DEX_DEPTH);
    const amount = (i: number) =>
      (BigInt(Math.floor((usd / 2 / feedUsd[i]) * 1e6)) *
        10n ** BigInt(this.dep.tokens[i].decimals)) /
      1_000_000n;
    const [a0, a1] = [amount(i0), amount(i1)];
    if (a0 === 0n || a1 === 0n) return;
    plan.mints.push(
      { token: p.token0, to: owner, amount: a0 },
      { token: p.token1, to: owner, amount: a1 },
    );
    const data = mintCalldata({
      from: owner,
      tokenA: p.token0,
      tokenB: p.token1,
      fee: p.fee,
      tickLower: lower,
      tickUpper: upper,
      amountA: a0,
      amountB: a1,
      deadline,
    });
    plan.txs.push({
      kind: 'lpAdd',
      tx: { from: owner, to: this.dex.positionManager, data, gas: 1_000_000n },
    });
    this.txs.count('lpAdd');
    this.positions.push({
      tokenId: this.nextTokenId++,
      owner,
      pool,
      tickLower: lower,
      tickUpper: upper,
    });
  }
}
