// The seeded market simulation: accounts with different behaviours act on the real Pool, price
// feeds follow the generated paths, and liquidation bots liquidate accounts whose on-chain health
// factor is below 1. MarketSim drives the roles beside it (feeds, personas and their actions,
// liquidator, block producer, account mirror) one block at a time; each role gets what it uses
// in its constructor. All draws come from one seeded stream in a fixed order, so the same seed
// always produces the same transactions and blocks. Agents of other venues (a DEX's arbitrageurs
// and LPs) plan into the same BlockPlan from their own files here.
import type { Hex } from 'viem';
import type { Miner } from '../core/chain.ts';
import type { Deployment } from '../core/deploy.ts';
import { generatePrices, type PricePaths } from '../core/prices.ts';
import type { LpPosition } from '../dex/world.ts';
import { Rng } from '../core/rng.ts';
import type { User } from './account.ts';
import { AccountMirror } from './account-mirror.ts';
import { Actions } from './actions.ts';
import { BlockPlan, TxBuilder, type SimCounters } from './block-plan.ts';
import { BlockProducer } from './block-producer.ts';
import { VisitCalendar } from './clock.ts';
import { Feeds } from './feeds.ts';
import { DexAgents } from './dex-agents.ts';
import { DexLiquidator } from './dex-liquidator.ts';
import { Liquidator } from './liquidator.ts';
import { createUser, PersonaBehaviour } from './personas.ts';

export type { SimCounters } from './block-plan.ts';

export interface SimProgress {
  phase: 'history' | 'live';
  day: number;
  days: number;
  block: bigint;
  txs: number;
  liquidations: number;
  txPerSec: number;
  elapsedMs: number;
}

export interface SimOptions {
  seed: string | number;
  days: number;
  /** Unix seconds of the first simulated hour. */
  startTime: number;
  quiet?: boolean;
  onProgress?: (p: SimProgress) => void;
  /** Fetch receipts after every block and count reverted transactions by kind (slow). */
  checkReceipts?: boolean;
  /**
   * DEX agents: arbitrageurs and LPs on the Uniswap pools, and liquidators that follow the
   * quoted rule (dex/liquidation-rule.ts). Off by default: it costs ~3× the history's time
   * (QuoterV2 calls are long eth_calls, whose memory EDR keeps).
   */
  dexAgents?: boolean;
}

/** Hours after the crash starts during which most borrowers stay away, and bots are congested. */
const CRASH_NIGHT_HOURS = 14;
const CONGESTION_START_HOUR = 6;
/** Liquidation blocks at most after each simulated hour or live block. */
const LIQUIDATION_BLOCKS = 3;

export class MarketSim {
  readonly rng: Rng;
  readonly paths: PricePaths;
  readonly users: User[];
  /** Planned calls by kind. */
  readonly counters: SimCounters = {};
  readonly feeds: Feeds;
  readonly mirror: AccountMirror;
  private readonly calendar: VisitCalendar;
  private readonly personas: PersonaBehaviour;
  private readonly liquidator: Liquidator;
  private readonly producer: BlockProducer;
  private started = Date.now();
  private txsAtStart = 0;
  private liveRng?: Rng;
  private dex?: DexAgents;
  private dexLiquidator?: DexLiquidator;

  constructor(
    readonly miner: Miner,
    readonly dep: Deployment,
    userAddrs: Hex[],
    readonly bots: Hex[],
    readonly opts: SimOptions,
  ) {
    this.rng = new Rng(`collateral-radar:${opts.seed}`);
    this.calendar = new VisitCalendar(opts.days, opts.startTime);
    this.paths = generatePrices(this.rng.fork('prices'), this.calendar.hours);
    const txs = new TxBuilder(dep, this.counters);
    this.feeds = new Feeds(miner, dep, txs, opts.startTime);
    const accounts = this.rng.fork('accounts');
    this.users = userAddrs.map((addr, i) => createUser(accounts, i, addr, this.calendar.hours));
    const price = this.feeds.price;
    this.mirror = new AccountMirror(miner, dep, this.users, price);
    const actions = new Actions(dep, this.mirror, price, txs, this.rng, this.users);
    this.personas = new PersonaBehaviour(this.mirror, actions, this.calendar, this.rng);
    this.liquidator = new Liquidator(
      miner,
      dep,
      this.mirror,
      price,
      txs,
      this.rng,
      this.users,
      bots,
    );
    this.producer = new BlockProducer(miner, dep, this.mirror, !!opts.checkReceipts);
  }

  /**
   * USD each reserve would hold if every account supplied its planned size (the depth the DEX
   * pools are scaled to, known before any account arrives).
   */
  plannedBookUsd(): number[] {
    const out = this.dep.tokens.map(() => 0);
    for (const u of this.users) {
      const shares = u.collateralAssets.length === 1 ? [1] : [0.7, 0.3];
      u.collateralAssets.forEach((i, k) => (out[i] += u.sizeUsd * shares[k]));
    }
    return out;
  }

  /** The DEX world is deployed (dep.dex): its arbitrageur and LPs join, from these positions. */
  async useDex(positions: LpPosition[]): Promise<void> {
    if (!this.dep.dex) throw new Error('useDex: the deployment has no DEX');
    if (!this.opts.dexAgents) return;
    const txs = new TxBuilder(this.dep, this.counters);
    this.dex = new DexAgents(
      this.miner,
      this.dep,
      this.dep.dex,
      txs,
      this.rng.fork('dex'),
      positions,
    );
    await this.dex.init();
    this.dexLiquidator = new DexLiquidator(
      this.miner,
      this.dep,
      this.mirror,
      this.feeds.price,
      txs,
      this.rng,
      this.users,
      this.bots,
    );
  }

  /** Accounts below HF 1 the DEX-aware liquidators left alone, by reason (decisions). */
  get liquidationSkips(): { unprofitable: number; noPool: number } | null {
    return this.dexLiquidator?.skips ?? null;
  }

  /** Each decision of the DEX-aware liquidators to leave an account below HF 1 open. */
  get passedOver(): DexLiquidator['passedOver'] {
    return this.dexLiquidator?.passedOver ?? [];
  }

  /** Prices as last published on the feeds (USD). */
  get feedPrice(): readonly number[] {
    return this.feeds.price;
  }

  /** LiquidationCall events mined so far. */
  get liquidationsOnChain(): number {
    return this.producer.liquidationsOnChain;
  }

  /** Reverted transactions by kind (only with `checkReceipts`). */
  get reverted(): SimCounters {
    return this.producer.reverted;
  }

  /** Re-read every onboarded account and every feed (after a chain revert). */
  async resyncAll(): Promise<void> {
    await this.miner.sync();
    await this.mirror.refreshReserves();
    await this.mirror.refreshUsers(this.users.filter((u) => u.onboarded).map((u) => u.i));
    await this.feeds.readAll();
    await this.dex?.resync();
  }

  /** Run the whole history, one simulated hour at a time. */
  async runHistory(): Promise<void> {
    this.started = Date.now();
    this.txsAtStart = this.miner.txCount;
    this.calendar.bookArrivals(this.users);
    const hours = this.calendar.hours;
    let lastDay = -1;
    for (let h = 0; h < hours; h++) {
      await this.hourStep(h, this.calendar.timeOf(h));
      const day = Math.floor((h + 1) / 24);
      if (day !== lastDay && ((h + 1) % 24 === 0 || h === hours - 1)) {
        lastDay = day;
        this.progress('history', (h + 1) / 24);
      }
    }
  }

  /** One simulated hour: feeds, arrivals and visits in one block, liquidations in the next. */
  private async hourStep(h: number, t: number): Promise<void> {
    const plan = new BlockPlan();
    const bots = this.dexLiquidator ?? this.liquidator;
    if (!bots.funded) bots.fund(plan);
    this.feeds.update(plan, this.paths.prices[h], t);
    for (const ui of this.calendar.arrivals(h)) this.personas.onboard(plan, this.users[ui], h);
    const visits = this.calendar.takeVisits(h);
    const seen = new Set<number>();
    // Most borrowers do not manage their positions during the crash night.
    const crash = this.paths.events.crashStartHour;
    const crashNight = h >= crash && h < crash + CRASH_NIGHT_HOURS;
    for (const ui of visits) {
      const u = this.users[ui];
      if (seen.has(ui) || plan.touched.has(ui)) {
        this.calendar.schedule(u, h + 1);
        continue;
      }
      if (crashNight && this.rng.chance(0.75)) {
        this.calendar.schedule(u, crash + CRASH_NIGHT_HOURS + this.rng.int(12));
        continue;
      }
      seen.add(ui);
      this.personas.visit(plan, u);
      this.calendar.schedule(u, h + Math.max(1, Math.round(this.rng.exp(24 / u.visitsPerDay))));
    }
    await this.planDex(plan, t);
    await this.producer.mineAndRefresh(plan, t);
    await this.dex?.afterBlock();
    if (
      process.env.DEVNET_DEBUG &&
      (h === crash + CONGESTION_START_HOUR || h === crash + CRASH_NIGHT_HOURS)
    ) {
      this.debugLine(h);
    }
    // Liquidation bots react within a block; during the worst crash hours they are congested
    // (Black-Thursday style: gas spikes keep them out for hours), which leaves bad debt.
    const congested = h >= crash + CONGESTION_START_HOUR && h < crash + CRASH_NIGHT_HOURS;
    if (congested) return;
    if (this.dexLiquidator) return this.liquidations(60, h);
    const liq = new BlockPlan();
    if (await this.liquidator.liquidate(liq, 60)) {
      await this.producer.mineAndRefresh(liq, this.miner.lastTimestamp + 12);
    }
  }

  /** The arbitrageur and LPs plan into the block after the feeds moved. */
  private async planDex(plan: BlockPlan, now: number): Promise<void> {
    if (!this.dex) return;
    this.dex.arbitrage(plan, this.feeds.price, now);
    await this.dex.provide(plan, this.feeds.price, now);
  }

  /**
   * Liquidation blocks after the hour's block: one sale per pool per block, so accounts whose
   * pool is taken wait for the next block (at most LIQUIDATION_BLOCKS of them).
   */
  private async liquidations(capacity: number, hour: number, gapSeconds = 12): Promise<void> {
    let only: Set<number> | undefined;
    for (let k = 0; k < LIQUIDATION_BLOCKS && capacity > 0; k++) {
      const liq = new BlockPlan();
      const pass = await this.dexLiquidator!.liquidate(liq, capacity, hour, this.dex!, only);
      if (!pass.sent) return;
      await this.producer.mineAndRefresh(liq, this.miner.lastTimestamp + gapSeconds);
      await this.dex?.afterBlock(pass.soldInto);
      if (!pass.deferred.size) return;
      only = pass.deferred;
      capacity -= pass.sent;
    }
  }

  private debugLine(h: number): void {
    const states = this.users.filter((u) => u.onboarded).map((u) => this.mirror.state(u));
    const st = states.filter((x) => x.debtUsd > 0);
    const count = (f: (x: (typeof st)[number]) => boolean) => st.filter(f).length;
    const underwater = count((x) => x.collUsd < x.debtUsd * 1.05);
    console.log(
      `h=${h} borrowers ${st.length} hf<1 ${count((x) => x.hf < 1)} underwater ${underwater}` +
        ` hf<1.2 ${count((x) => x.hf < 1.2)}`,
    );
  }

  progress(phase: 'history' | 'live', day: number): void {
    const elapsedMs = Date.now() - this.started;
    const txs = this.miner.txCount;
    const p: SimProgress = {
      phase,
      day,
      days: this.opts.days,
      block: this.miner.blockNumber,
      txs,
      liquidations: this.liquidationsOnChain,
      txPerSec: (txs - this.txsAtStart) / Math.max(0.001, elapsedMs / 1000),
      elapsedMs,
    };
    this.opts.onProgress?.(p);
    if (!this.opts.quiet) {
      const dayText = `${day.toFixed(phase === 'live' ? 3 : 0)}/${this.opts.days}`;
      console.log(
        `[devnet] ${phase} day ${dayText} | block ${p.block} | txs ${p.txs}` +
          ` | liquidations ${p.liquidations} | ${p.txPerSec.toFixed(0)} tx/s`,
      );
    }
  }

  /** One live block at `now`: small price moves, a few visits, then liquidations. */
  async liveStep(now: number): Promise<void> {
    const r = (this.liveRng ??= this.rng.fork('live'));
    const dt = Math.max(1, now - this.miner.lastTimestamp);
    const target = this.feeds.liveTargets(r, dt);
    const plan = new BlockPlan();
    this.feeds.update(plan, target, now);
    const active = this.users.filter((u) => u.onboarded);
    for (let k = 0, n = r.int(4); k < n && active.length; k++) {
      const u = r.pick(active);
      if (!plan.touched.has(u.i)) this.personas.visit(plan, u);
    }
    await this.planDex(plan, now);
    await this.producer.mineAndRefresh(plan, now);
    await this.dex?.afterBlock();
    if (this.dexLiquidator) {
      await this.liquidations(20, Math.floor((now - this.opts.startTime) / 3600), 1);
      return;
    }
    const liq = new BlockPlan();
    if (await this.liquidator.liquidate(liq, 20)) {
      await this.producer.mineAndRefresh(liq, Math.max(now + 1, this.miner.lastTimestamp + 1));
    }
  }

  /** Publish new prices (USD) on the feeds and mine them in one block. */
  async publishPrices(usd: Map<number, number>, now: number): Promise<bigint> {
    const plan = new BlockPlan();
    for (const [i, p] of usd) this.feeds.transmit(plan, i, p, now);
    return this.producer.mineAndRefresh(plan, now);
  }

  async mineEmpty(now: number): Promise<bigint> {
    return this.producer.mineAndRefresh(new BlockPlan(), now);
  }
}
