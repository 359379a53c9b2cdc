// The simulation's view of the chain: reserve indexes, liquidity and isolation debt, and each
// account's position, read through DevnetLens after every block. Decisions are made from this
// mirror, so it is exact up to rounding (scaled balance × index) and never a guess.
import { decodeFunctionResult, encodeFunctionData, type Abi, type Hex } from 'viem';
import { ASSETS } from '../core/assets.ts';
import type { Miner } from '../core/chain.ts';
import { devnetContracts } from '../core/compile.ts';
import { RAY, type Deployment } from '../core/deploy.ts';
import { LENS_CHUNK } from '../core/truth.ts';
import {
  collateralEnabled,
  liquidationThreshold,
  loanToValue,
  type AccountState,
  type User,
} from './account.ts';
import { toFloat } from './amounts.ts';

const LENS = devnetContracts().DevnetLens.abi as Abi;

export class AccountMirror {
  /** Reserve normalized income (ray), per asset. */
  normIncome: bigint[] = ASSETS.map(() => RAY);
  /** Reserve normalized variable debt (ray), per asset. */
  normDebt: bigint[] = ASSETS.map(() => RAY);
  /** Underlying held by each aToken (base units). */
  liquidity: bigint[] = ASSETS.map(() => 0n);
  /** Isolation-mode total debt of the isolated asset (2 decimals). */
  isoDebt = 0n;
  private readonly assets: Hex[];
  private readonly aTokens: Hex[];
  private readonly debtTokens: Hex[];
  private readonly stableDebtTokens: Hex[];

  constructor(
    private readonly miner: Miner,
    private readonly dep: Deployment,
    private readonly users: User[],
    private readonly price: readonly number[],
  ) {
    this.assets = dep.tokens.map((t) => t.address);
    this.aTokens = dep.tokens.map((t) => t.aToken);
    this.debtTokens = dep.tokens.map((t) => t.variableDebtToken);
    this.stableDebtTokens = dep.tokens.map((t) => t.stableDebtToken);
  }

  async refreshReserves(): Promise<void> {
    const data = await this.miner.call(
      this.dep.lens,
      encodeFunctionData({
        abi: LENS,
        functionName: 'reserves',
        args: [this.dep.pool, this.assets, this.aTokens, ASSETS.map((a) => !!a.debtCeilingUsd)],
      }),
    );
    const out = decodeFunctionResult({
      abi: LENS,
      functionName: 'reserves',
      data,
    }) as readonly bigint[];
    for (let i = 0; i < ASSETS.length; i++) {
      this.normIncome[i] = out[i * 4];
      this.normDebt[i] = out[i * 4 + 1];
      this.liquidity[i] = out[i * 4 + 2];
      if (ASSETS[i].debtCeilingUsd) this.isoDebt = out[i * 4 + 3];
    }
  }

  /** Re-read configuration, e-mode, scaled balances and wallet of these accounts. */
  async refreshUsers(idx: Iterable<number>): Promise<void> {
    const list = [...idx];
    const n = ASSETS.length;
    const width = 2 + 5 * n;
    for (let s = 0; s < list.length; s += LENS_CHUNK) {
      const chunk = list.slice(s, s + LENS_CHUNK).map((i) => this.users[i]);
      const data = await this.miner.call(
        this.dep.lens,
        encodeFunctionData({
          abi: LENS,
          functionName: 'usersMasked',
          args: [
            this.dep.pool,
            this.assets,
            this.aTokens,
            this.debtTokens,
            this.stableDebtTokens,
            chunk.map((u) => u.addr),
            chunk.map((u) => BigInt(u.mask)),
          ],
        }),
      );
      const out = decodeFunctionResult({ abi: LENS, functionName: 'usersMasked', data });
      const words = out as readonly bigint[];
      chunk.forEach((u, k) => {
        const b = k * width;
        u.config = words[b];
        u.eMode = Number(words[b + 1]);
        for (let i = 0; i < n; i++) {
          u.scaledA[i] = words[b + 2 + 5 * i];
          u.scaledD[i] = words[b + 3 + 5 * i];
          u.stableD[i] = words[b + 4 + 5 * i];
          u.wallet[i] = words[b + 6 + 5 * i];
        }
      });
    }
  }

  /** The position at the feed prices (GenericLogic.calculateUserAccountData, in floats). */
  state(u: User): AccountState {
    const s: AccountState = {
      supply: [],
      debt: [],
      collUsd: 0,
      ltUsd: 0,
      ltvUsd: 0,
      debtUsd: 0,
      hf: Infinity,
      isolated: false,
      collateralCount: 0,
    };
    for (let i = 0; i < ASSETS.length; i++) {
      const dec = ASSETS[i].decimals;
      const sup = u.scaledA[i] ? toFloat((u.scaledA[i] * this.normIncome[i]) / RAY, dec) : 0;
      // Variable debt at the block's index plus stable debt as read (interest to the block).
      const variable = u.scaledD[i] ? (u.scaledD[i] * this.normDebt[i]) / RAY : 0n;
      const debt = toFloat(variable + u.stableD[i], dec);
      s.supply.push(sup);
      s.debt.push(debt);
      const p = this.price[i];
      if (sup > 0 && collateralEnabled(u, i)) {
        s.collUsd += sup * p;
        s.ltUsd += sup * p * liquidationThreshold(u, i);
        s.ltvUsd += sup * p * loanToValue(u, i);
        s.collateralCount++;
        if (ASSETS[i].debtCeilingUsd) s.isolated = true;
      }
      s.debtUsd += debt * p;
    }
    s.hf = s.debtUsd > 0 ? s.ltUsd / s.debtUsd : Infinity;
    return s;
  }

  /** Tokens of asset i still in the reserve once this plan's own withdrawals are counted. */
  available(i: number, planned: number): number {
    return toFloat(this.liquidity[i], ASSETS[i].decimals) - planned;
  }
}
