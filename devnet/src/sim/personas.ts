// Who the accounts are and what they do when they visit. A persona (lender, borrower, looper,
// RWA holder, trader) fixes an account's size, assets, target health factor and visit rate once,
// from the seed; each visit then reads the mirrored position and picks one action by weight,
// falling through the others until one applies.
import type { Hex } from 'viem';
import { ASSETS } from '../core/assets.ts';
import type { Rng } from '../core/rng.ts';
import type { Persona, User } from './account.ts';
import type { AccountMirror } from './account-mirror.ts';
import type { Actions } from './actions.ts';
import { A, STABLES } from './amounts.ts';
import type { BlockPlan } from './block-plan.ts';
import type { VisitCalendar } from './clock.ts';

const PERSONAS: { p: Persona; w: number }[] = [
  { p: 'lender', w: 30 },
  { p: 'borrower', w: 38 },
  { p: 'ethLooper', w: 9 },
  { p: 'stableLooper', w: 8 },
  { p: 'rwa', w: 8 },
  { p: 'trader', w: 7 },
];

/** Draw account `i`'s persona and traits; `hours` is the length of the history. */
export function createUser(r: Rng, i: number, addr: Hex, hours: number): User {
  const persona = PERSONAS[r.weighted(PERSONAS.map((p) => p.w))].p;
  let sizeUsd = Math.min(25_000_000, r.logNormal(25_000, 1.6));
  let collateralAssets: number[] = [];
  let borrowAsset = A.USDC;
  let wantEMode = 0;
  let targetHf = 1.2 + r.logNormal(0.5, 0.7);
  switch (persona) {
    case 'lender':
      sizeUsd *= 3;
      collateralAssets = [
        r.pick([A.USDC, A.USDC, A.USDT, A.USDT, A.DAI, A.WETH, A.WETH, A.WBTC, A.wstETH, A.LINK]),
      ];
      if (r.chance(0.35)) collateralAssets.push(r.pick([A.USDC, A.USDT, A.DAI, A.WETH]));
      break;
    case 'borrower': {
      collateralAssets = [
        [A.WETH, A.WETH, A.WETH, A.wstETH, A.WBTC, A.WBTC, A.LINK, A.DAI][r.int(8)],
      ];
      if (r.chance(0.3)) collateralAssets.push(r.pick([A.WETH, A.WBTC, A.wstETH, A.LINK, A.USDC]));
      const c0 = collateralAssets[0];
      borrowAsset =
        c0 === A.WBTC && r.chance(0.3)
          ? A.WETH
          : c0 === A.DAI
            ? r.pick([A.USDC, A.USDT, A.WETH, A.WBTC])
            : c0 === A.WETH && r.chance(0.1)
              ? r.pick([A.LINK, A.WBTC])
              : r.pick(STABLES);
      // A quarter run close to liquidation; the rest keep a comfortable buffer.
      targetHf = r.chance(0.35) ? r.range(1.03, 1.22) : 1.25 + r.logNormal(0.6, 0.6);
      break;
    }
    case 'ethLooper':
      collateralAssets = [A.wstETH];
      borrowAsset = A.WETH;
      wantEMode = 2;
      targetHf = r.range(1.015, 1.12);
      break;
    case 'stableLooper':
      collateralAssets = [r.chance(0.7) ? A.USDC : A.DAI];
      borrowAsset = collateralAssets[0] === A.USDC ? r.pick([A.USDT, A.DAI]) : A.USDT;
      wantEMode = 1;
      targetHf = r.range(1.01, 1.1);
      break;
    case 'rwa':
      collateralAssets = [A.TBILL];
      borrowAsset = r.pick(STABLES);
      targetHf = r.range(1.15, 1.8);
      break;
    case 'trader':
      collateralAssets = [r.pick([A.WETH, A.USDC, A.WBTC, A.DAI])];
      borrowAsset = r.pick([A.USDC, A.USDT, A.WETH, A.WBTC, A.LINK, A.wstETH]);
      targetHf = 1.5 + r.logNormal(0.5, 0.5);
      break;
  }
  // A quarter of the borrowers of a stablecoin that is not their collateral borrow at the stable
  // rate (chosen by index, so the seed's draws stay as they were).
  const rateMode =
    persona === 'borrower' &&
    ASSETS[borrowAsset].stableBorrowing &&
    !collateralAssets.includes(borrowAsset) &&
    i % 4 === 1
      ? 1
      : 2;
  // Most accounts arrive in the first quarter, some later (growth).
  const joinHour = r.chance(0.75)
    ? Math.floor(r.next() ** 1.5 * hours * 0.25)
    : Math.floor(r.range(0.25, 0.9) * hours);
  return {
    i,
    addr,
    persona,
    sizeUsd,
    targetHf,
    visitsPerDay: r.logNormal(0.28, 0.8),
    joinHour,
    onboarded: false,
    collateralAssets,
    borrowAsset,
    wantEMode,
    rateMode,
    approved: ASSETS.map(() => false),
    mask: [...collateralAssets, borrowAsset].reduce((m, k) => m | (1 << k), 0),
    config: 0n,
    eMode: 0,
    scaledA: ASSETS.map(() => 0n),
    scaledD: ASSETS.map(() => 0n),
    stableD: ASSETS.map(() => 0n),
    wallet: ASSETS.map(() => 0n),
  };
}

/** The weighted menu of a visit: [weight, plan the action if it applies]. */
type Menu = [number, () => boolean][];

export class PersonaBehaviour {
  constructor(
    private readonly mirror: AccountMirror,
    private readonly actions: Actions,
    private readonly calendar: VisitCalendar,
    private readonly rng: Rng,
  ) {}

  /** First arrival: e-mode if wanted, the initial supply, and the first visit's hour. */
  onboard(plan: BlockPlan, u: User, hour: number): void {
    u.onboarded = true;
    if (u.wantEMode) this.actions.setEMode(plan, u, u.wantEMode);
    const shares = u.collateralAssets.length === 1 ? [1] : [0.7, 0.3];
    u.collateralAssets.forEach((i, k) => this.actions.supply(plan, u, i, u.sizeUsd * shares[k]));
    const first = u.persona === 'lender' ? 24 / u.visitsPerDay : this.rng.range(1, 12);
    this.calendar.schedule(u, hour + Math.max(1, Math.round(first)));
  }

  visit(plan: BlockPlan, u: User): void {
    const r = this.rng;
    const act = this.actions;
    const s = this.mirror.state(u);
    if (s.collUsd === 0 && s.debtUsd === 0 && s.supply.every((x) => x === 0)) {
      // Came back after leaving (or after being wiped out): start over.
      if (r.chance(0.6)) {
        if (u.wantEMode && u.eMode !== u.wantEMode) act.setEMode(plan, u, u.wantEMode);
        act.supply(plan, u, u.collateralAssets[0], u.sizeUsd * r.range(0.3, 1));
      }
      return;
    }
    // Underwater (debt worth more than the collateral): walk away and never come back.
    if (s.debtUsd > 0 && s.collUsd < s.debtUsd) return;
    if (u.persona !== 'lender' && u.persona !== 'trader') {
      // Borrowers steer toward their target health factor first.
      if ((s.debtUsd === 0 || s.hf > u.targetHf * 1.1) && s.collUsd > 0 && r.chance(0.85)) {
        if (act.borrow(plan, u, s)) return;
      }
      if (s.debtUsd > 0 && s.hf < u.targetHf * 0.85) {
        if (r.chance(0.6)) {
          const fraction = Math.min(1, 1 - s.ltUsd / u.targetHf / s.debtUsd + 0.05);
          if (act.repay(plan, u, s, fraction)) return;
        } else if (act.supply(plan, u, u.collateralAssets[0], s.debtUsd * 0.3)) return;
      }
    }
    const x = r.next();
    const trader = u.persona === 'trader';
    const choose: Menu =
      u.persona === 'lender' || trader
        ? [
            [
              0.32,
              () => act.supply(plan, u, r.pick(u.collateralAssets), u.sizeUsd * r.range(0.05, 0.4)),
            ],
            [0.22, () => act.withdraw(plan, u, s, r.range(0.1, 0.6))],
            [0.1, () => act.transferATokens(plan, u, s)],
            [0.1, () => act.toggleCollateral(plan, u, s)],
            [trader ? 0.4 : 0.08, () => act.flashLoan(plan, u)],
            [0.06, () => act.switchEMode(plan, u, s)],
            [0.04, () => act.exit(plan, u, s)],
            [trader ? 0.2 : 0.02, () => act.borrow(plan, u, s, 0.5)],
            [0.06, () => s.debtUsd > 0 && act.repay(plan, u, s, r.range(0.2, 1.2))],
          ]
        : [
            [
              0.2,
              () => act.supply(plan, u, r.pick(u.collateralAssets), u.sizeUsd * r.range(0.05, 0.3)),
            ],
            [0.2, () => act.repay(plan, u, s, r.range(0.1, 0.6))],
            [0.15, () => act.borrow(plan, u, s, r.range(0.2, 0.8))],
            [0.1, () => act.withdraw(plan, u, s, r.range(0.05, 0.3))],
            [0.05, () => act.exit(plan, u, s)],
            [0.1, () => act.toggleCollateral(plan, u, s)],
            [0.06, () => act.switchEMode(plan, u, s)],
            [0.08, () => act.transferATokens(plan, u, s)],
            [0.06, () => act.flashLoan(plan, u)],
            [u.persona === 'borrower' ? 0.03 : 0, () => act.swapRateMode(plan, u, s)],
          ];
    const total = choose.reduce((sum, [w]) => sum + w, 0);
    let acc = x * total;
    let start = choose.length - 1;
    for (let k = 0; k < choose.length; k++) {
      acc -= choose[k][0];
      if (acc < 0) {
        start = k;
        break;
      }
    }
    // Try the chosen action, then fall through the others until one applies.
    for (let k = 0; k < choose.length; k++) if (choose[(start + k) % choose.length][1]()) return;
  }
}
