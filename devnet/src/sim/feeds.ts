// The oracle transmitter: publishes prices on the devnet aggregators the way Chainlink nodes do,
// when the target moves past the feed's deviation threshold or the heartbeat is due. `price` is
// what the feeds last published (what AaveOracle returns), not the target path.
import { decodeFunctionResult, encodeFunctionData, type Abi } from 'viem';
import { ASSETS } from '../core/assets.ts';
import type { Miner } from '../core/chain.ts';
import { devnetContracts } from '../core/compile.ts';
import { usdToPrice, type Deployment } from '../core/deploy.ts';
import type { Rng } from '../core/rng.ts';
import { GAS, type BlockPlan, type TxBuilder } from './block-plan.ts';

const AGG = devnetContracts().DevnetAggregator.abi as Abi;

export class Feeds {
  /** Prices as last published on the feeds (USD). */
  readonly price: number[] = ASSETS.map((a) => a.price);
  /** Unix seconds of each feed's last update. */
  readonly updatedAt: number[];

  constructor(
    private readonly miner: Miner,
    private readonly dep: Deployment,
    private readonly txs: TxBuilder,
    startTime: number,
  ) {
    this.updatedAt = ASSETS.map(() => startTime - 3600);
  }

  /** Transmit each feed whose target deviates enough or whose heartbeat is due (or any move). */
  update(plan: BlockPlan, target: number[], now: number, force = false): void {
    for (let i = 0; i < ASSETS.length; i++) {
      const dev = Math.abs(target[i] / this.price[i] - 1);
      const stale = now - this.updatedAt[i] >= ASSETS[i].feed.heartbeatHours * 3600 - 60;
      if (!force && dev < ASSETS[i].feed.deviation && !stale) continue;
      if (force && dev === 0) continue;
      this.transmit(plan, i, target[i], now);
    }
  }

  /** A price update for asset i, placed first in the block (oracle before users). */
  transmit(plan: BlockPlan, i: number, usd: number, now: number): void {
    const answer = usdToPrice(usd);
    const data = encodeFunctionData({ abi: AGG, functionName: 'transmit', args: [answer] });
    plan.txs.unshift({
      kind: 'priceUpdate',
      tx: {
        from: this.dep.oracleTransmitter,
        to: this.dep.tokens[i].aggregator,
        data,
        gas: GAS.transmit,
      },
    });
    this.price[i] = Number(answer) / 1e8;
    this.updatedAt[i] = now;
    this.txs.count('priceUpdate');
  }

  /**
   * Live-mode targets `dt` seconds on: stables revert to 1, the RWA stays, the others move with
   * one common shock (correlated by group) and one of their own.
   */
  liveTargets(r: Rng, dt: number): number[] {
    const z = r.normal();
    const sigma = (daily: number) => daily * Math.sqrt(dt / 86400);
    return this.price.map((p, i) => {
      const a = ASSETS[i];
      if (a.group === 'stable') return 1 + (p - 1) * 0.9 + 0.0003 * r.normal();
      if (a.group === 'rwa') return p;
      const vol = a.group === 'btc' ? 0.025 : a.group === 'other' ? 0.05 : 0.035;
      const corr = a.group === 'btc' ? 0.75 : a.group === 'other' ? 0.65 : 0.98;
      return p * Math.exp(sigma(vol) * 3 * (corr * z + Math.sqrt(1 - corr * corr) * r.normal()));
    });
  }

  /** Re-read every feed's latestRoundData (after a chain revert). */
  async readAll(): Promise<void> {
    for (let i = 0; i < ASSETS.length; i++) {
      const data = await this.miner.call(
        this.dep.tokens[i].priceFeed,
        encodeFunctionData({ abi: AGG, functionName: 'latestRoundData' }),
      );
      const round = decodeFunctionResult({ abi: AGG, functionName: 'latestRoundData', data });
      const r = round as readonly bigint[];
      this.price[i] = Number(r[1]) / 1e8;
      this.updatedAt[i] = Number(r[3]);
    }
  }
}
