// The liquidation bots: funded once with every asset, they scan the mirror for accounts near
// HF 1, confirm on-chain (Pool.getUserAccountData through the lens), and liquidate the worst
// first, as a searcher would: the largest collateral against the largest debt, up to the close
// factor (LiquidationLogic: 100% below HF 0.95, else 50%), sometimes in full (maxUint256).
import { decodeFunctionResult, encodeFunctionData, maxUint256, type Abi, type Hex } from 'viem';
import { ASSETS } from '../core/assets.ts';
import type { Miner } from '../core/chain.ts';
import { devnetContracts } from '../core/compile.ts';
import type { Deployment } from '../core/deploy.ts';
import type { Rng } from '../core/rng.ts';
import { collateralEnabled, type User } from './account.ts';
import { LENS_CHUNK } from '../core/truth.ts';
import type { AccountMirror } from './account-mirror.ts';
import { largest, units, WAD } from './amounts.ts';
import { GAS, type BlockPlan, type TxBuilder } from './block-plan.ts';

const LENS = devnetContracts().DevnetLens.abi as Abi;
/** Words per account in DevnetLens.accountData (getUserAccountData's six values). */
const ACCOUNT_WORDS = 6;

export class Liquidator {
  /** The bots hold funds and allowances (planned in the first block). */
  funded = false;
  private readonly assets: Hex[];

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

  /** Mint each bot $2bn of every asset and approve the Pool. */
  fund(plan: BlockPlan): void {
    for (const bot of this.bots) {
      for (let i = 0; i < ASSETS.length; i++) {
        const amount = units(2e9 / ASSETS[i].price, ASSETS[i].decimals);
        plan.mints.push({ token: this.assets[i], to: bot, amount });
        this.txs.approvePool(plan, bot, this.assets[i]);
      }
    }
    this.funded = true;
  }

  /** Liquidate accounts below HF 1 (checked on-chain); returns the number of calls planned. */
  async liquidate(plan: BlockPlan, capacity: number): Promise<number> {
    const candidates: number[] = [];
    for (const u of this.users) {
      if (!u.onboarded) continue;
      if (!u.scaledD.some((d) => d > 0n) && !u.stableD.some((d) => d > 0n)) continue;
      const s = this.mirror.state(u);
      if (s.hf < 1.003 && s.collUsd > 0) candidates.push(u.i);
    }
    if (!candidates.length) return 0;
    const out = await this.accountData(candidates);
    const below = candidates.filter(
      (_, k) => out[k * ACCOUNT_WORDS + 5] < WAD && out[k * ACCOUNT_WORDS] > 0n,
    );
    // Worst first, as a real searcher would prioritise.
    const hfOf = new Map(candidates.map((ui, k) => [ui, out[k * ACCOUNT_WORDS + 5]]));
    below.sort((a, b) => {
      const ha = hfOf.get(a)!;
      const hb = hfOf.get(b)!;
      return ha < hb ? -1 : ha > hb ? 1 : a - b;
    });
    let sent = 0;
    for (const ui of below.slice(0, capacity)) {
      const u = this.users[ui];
      const s = this.mirror.state(u);
      const coll = largest(
        s.supply.map((x, i) =>
          collateralEnabled(u, i) && ASSETS[i].liquidationThreshold > 0 ? x * this.price[i] : 0,
        ),
      );
      const debt = largest(s.debt.map((d, i) => d * this.price[i]));
      if (coll < 0 || debt < 0) continue;
      const closeFactor = hfOf.get(ui)! < (95n * WAD) / 100n ? 1 : 0.5;
      const full = this.rng.chance(0.55);
      const amount = full
        ? maxUint256
        : units(s.debt[debt] * closeFactor * this.rng.range(0.2, 0.9), ASSETS[debt].decimals);
      if (amount === 0n) continue;
      const bot = this.rng.pick(this.bots);
      const receiveAToken = this.rng.chance(0.2);
      const args = [this.assets[coll], this.assets[debt], u.addr, amount, receiveAToken];
      this.txs.pool(plan, bot, 'liquidation', 'liquidationCall', args, GAS.liquidation);
      plan.touched.add(ui);
      sent++;
    }
    return sent;
  }

  /** DevnetLens.accountData for these accounts, in chunks, concatenated. */
  private async accountData(candidates: number[]): Promise<bigint[]> {
    const out: bigint[] = [];
    for (let s = 0; s < candidates.length; s += LENS_CHUNK) {
      const addrs = candidates.slice(s, s + LENS_CHUNK).map((i) => this.users[i].addr);
      const data = await this.miner.call(
        this.dep.lens,
        encodeFunctionData({
          abi: LENS,
          functionName: 'accountData',
          args: [this.dep.pool, addrs],
        }),
      );
      const words = decodeFunctionResult({ abi: LENS, functionName: 'accountData', data });
      out.push(...(words as readonly bigint[]));
    }
    return out;
  }
}
