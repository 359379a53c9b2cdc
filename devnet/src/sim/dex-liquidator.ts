// The liquidation bots of the DEX-aware simulation (`dexAgents`): they scan the mirror for accounts near HF 1, confirm on-chain
// (Pool.getUserAccountData through the lens) and follow the devnet's liquidation rule
// (dex/liquidation-rule.ts): the largest debt against the largest collateral, the ladder of
// debtToCover quoted with QuoterV2 on the pair's Uniswap pools, liquidated only when the sale
// pays back more than the debt and gas. Most go through a bot's DevnetLiquidator (repay and
// sell in one transaction); a fifth are taken by a bot that keeps the aTokens (receiveAToken)
// on the same decision. Accounts below HF 1 that do not pay stay open, and are counted.
// One block sells at most once into a pool, so every quote holds when the block is mined.
import type { Hex } from 'viem';
import { ASSETS, E_MODE_CATEGORIES } from '../core/assets.ts';
import type { Miner } from '../core/chain.ts';
import { RAY, usdToPrice, type Deployment, type DexDeployment } from '../core/deploy.ts';
import type { Rng } from '../core/rng.ts';
import { accountData, liquidateCall, quoterVenue } from '../dex/liquidation-bot.ts';
import {
  choosePair,
  decide,
  orderCandidates,
  type RulePosition,
  type RuleReserve,
} from '../dex/liquidation-rule.ts';
import { collateralEnabled, type User } from './account.ts';
import type { AccountMirror } from './account-mirror.ts';
import { units } from './amounts.ts';
import { GAS, type BlockPlan, type TxBuilder } from './block-plan.ts';

/** Gas a liquidation costs the bot, in USD (the rule's gasCostUsd). */
export const LIQUIDATION_GAS_USD = 20;
/**
 * An account found unprofitable is decided again after this many hours, or as soon as its
 * position or its pair's price (by 1%) changes: a searcher does not re-quote a position it
 * passed over while nothing it depends on moved.
 */
const REQUOTE_HOURS = 12;
const rayMul = (a: bigint, b: bigint) => (a * b + RAY / 2n) / RAY;

export interface LiquidationPass {
  sent: number;
  /** Pools the planned liquidations sell into. */
  soldInto: number[];
  /** Accounts left for the next block because their pool is already sold into in this one. */
  deferred: Set<number>;
}

export class DexLiquidator {
  /** The bots hold funds and allowances (planned in the first block). */
  funded = false;
  /** Accounts below HF 1 the rule left alone, counted once per decision. */
  readonly skips = { unprofitable: 0, noPool: 0 };
  /** Each decision to leave an account below HF 1 open, with the block whose state it saw. */
  readonly passedOver: Array<{ account: Hex; block: bigint; kind: 'unprofitable' | 'no-pool' }> =
    [];
  private readonly assets: Hex[];
  private readonly lastSkip = new Map<number, { key: string; at: number }>();

  constructor(
    private readonly miner: Miner,
    private readonly dep: Deployment,
    private readonly mirror: AccountMirror,
    private readonly price: readonly number[],
    private readonly txs: TxBuilder,
    private readonly rng: Rng,
    private readonly users: User[],
    private readonly bots: Hex[],
  ) {
    this.assets = dep.tokens.map((t) => t.address);
  }

  private get dex(): DexDeployment {
    if (!this.dep.dex) throw new Error('liquidator: the deployment has no DEX');
    return this.dep.dex;
  }

  /** Mint each bot and each executor $2bn of every asset; the bots approve the Pool. */
  fund(plan: BlockPlan): void {
    const holders = [...this.bots, ...this.dex.liquidators.map((l) => l.contract)];
    for (const to of holders) {
      for (let i = 0; i < ASSETS.length; i++) {
        const amount = units(2e9 / ASSETS[i].price, ASSETS[i].decimals);
        plan.mints.push({ token: this.assets[i], to, amount });
        if (this.bots.includes(to)) this.txs.approvePool(plan, to, this.assets[i]);
      }
    }
    this.funded = true;
  }

  /** The rule's reserves at the feed prices, for an account in e-mode `eMode`. */
  private reserves(eMode: number, plan: BlockPlan): RuleReserve[] {
    return ASSETS.map((a, i) => ({
      asset: this.assets[i],
      decimals: a.decimals,
      price: usdToPrice(this.price[i]),
      liquidationThreshold: a.liquidationThreshold,
      liquidationBonus:
        eMode && a.eModeCategory === eMode
          ? E_MODE_CATEGORIES[eMode - 1].liquidationBonus
          : a.liquidationBonus,
      liquidationProtocolFee: a.liquidationProtocolFee,
      availableLiquidity:
        this.mirror.liquidity[i] - units(plan.liquidityUse[i], a.decimals) > 0n
          ? this.mirror.liquidity[i] - units(plan.liquidityUse[i], a.decimals)
          : 0n,
    }));
  }

  /** The account's balances now, from the mirror (scaled balance × index, as balanceOf). */
  private position(u: User, data: { hf: bigint; debt: bigint; coll: bigint }): RulePosition {
    return {
      user: u.addr,
      healthFactor: data.hf,
      totalDebtBase: data.debt,
      totalCollateralBase: data.coll,
      collateral: u.scaledA.map((s, i) => rayMul(s, this.mirror.normIncome[i])),
      collateralEnabled: ASSETS.map((_, i) => collateralEnabled(u, i)),
      debt: u.scaledD.map((s, i) => rayMul(s, this.mirror.normDebt[i]) + u.stableD[i]),
    };
  }

  /**
   * One block of liquidations (at most `capacity`) by the rule; `only` restricts it to the
   * accounts deferred by the previous block. `hour` dates the skips; the DEX agents' pool
   * prices bound each quote (a step that cannot pay at the spot price is not quoted).
   */
  async liquidate(
    plan: BlockPlan,
    capacity: number,
    hour: number,
    dex: { sqrtPrice: readonly bigint[] },
    only?: Set<number>,
  ): Promise<LiquidationPass> {
    const pass: LiquidationPass = { sent: 0, soldInto: [], deferred: new Set() };
    const near: number[] = [];
    for (const u of this.users) {
      if (!u.onboarded || (only && !only.has(u.i))) continue;
      if (!u.scaledD.some((d) => d > 0n) && !u.stableD.some((d) => d > 0n)) continue;
      const s = this.mirror.state(u);
      if (s.hf < 1.003 && s.collUsd > 0) near.push(u.i);
    }
    if (!near.length) return pass;
    const byAddr = new Map(near.map((ui) => [this.users[ui].addr, ui]));
    const candidates = orderCandidates(
      await accountData(
        this.miner,
        this.dep,
        near.map((ui) => this.users[ui].addr),
      ),
    );
    const used = new Set<number>();
    for (const c of candidates) {
      if (pass.sent >= capacity) break;
      const ui = byAddr.get(c.user)!;
      const u = this.users[ui];
      const reserves = this.reserves(u.eMode, plan);
      const venue = quoterVenue(this.miner, this.dex, reserves, this.dep.lens);
      const position = this.position(u, {
        hf: c.healthFactor,
        debt: c.totalDebtBase,
        coll: c.totalCollateralBase,
      });
      const key = this.skipKey(u, position, reserves);
      const last = this.lastSkip.get(ui);
      if (last && last.key === key && hour - last.at < REQUOTE_HOURS) continue;
      const outcome = await decide(
        position,
        reserves,
        venue.poolCount,
        venue.quote,
        LIQUIDATION_GAS_USD,
        venue.bound(dex.sqrtPrice),
      );
      if (outcome.kind !== 'liquidate') {
        if (outcome.kind === 'no-pool') this.skips.noPool++;
        else this.skips.unprofitable++;
        this.passedOver.push({
          account: u.addr,
          block: this.miner.blockNumber,
          kind: outcome.kind === 'no-pool' ? 'no-pool' : 'unprofitable',
        });
        this.lastSkip.set(ui, { key, at: hour });
        continue;
      }
      this.lastSkip.delete(ui);
      const choice = outcome.choice;
      const pool = venue.pools(choice.collateral, choice.debt)[choice.pool];
      if (used.has(pool)) {
        pass.deferred.add(ui);
        continue;
      }
      if (this.rng.chance(0.2)) {
        // The inventory bot takes the aTokens instead of selling (the same decision).
        const args = [
          this.assets[choice.collateral],
          this.assets[choice.debt],
          u.addr,
          choice.debtToCover,
          true,
        ];
        this.txs.pool(plan, this.bots[2], 'liquidation', 'liquidationCall', args, GAS.liquidation);
      } else {
        const executor = this.rng.pick(this.dex.liquidators.slice(0, 2));
        const data = liquidateCall(this.dex, u.addr, reserves, choice, pool);
        plan.txs.push({
          kind: 'liquidation',
          tx: { from: executor.owner, to: executor.contract, data, gas: 2_500_000n },
        });
        this.txs.count('liquidation');
        plan.liquidityUse[choice.collateral] +=
          Number(choice.collateralReceived) / 10 ** ASSETS[choice.collateral].decimals;
        used.add(pool);
        pass.soldInto.push(pool);
      }
      plan.touched.add(ui);
      pass.sent++;
    }
    return pass;
  }

  /**
   * What an unprofitable decision is kept for: the position, and the price of its largest
   * collateral in its largest debt to the nearest 1% (a move past that decides it again).
   */
  private skipKey(u: User, p: RulePosition, reserves: RuleReserve[]): string {
    const pair = choosePair(p, reserves);
    const ratio = pair
      ? Math.round(
          Math.log(Number(reserves[pair.collateral].price) / Number(reserves[pair.debt].price)) /
            0.01,
        )
      : 0;
    return `${u.scaledA.join(',')}|${u.scaledD.join(',')}|${u.stableD.join(',')}|${u.config}|${ratio}`;
  }
}
