// Hourly USD price paths: correlated random walks for the volatile assets, mean-reverting
// stablecoins, a slowly accruing T-bill, plus two scripted events — an ETH-led crash (−35%
// within a day, with one −12% hour) and a USDC depeg to ~0.87 that recovers over two days.
import { ASSETS } from './assets.ts';
import type { Rng } from './rng.ts';

export interface PriceEvents {
  crashStartHour: number;
  crashEndHour: number;
  depegStartHour: number;
  depegEndHour: number;
}

export interface PricePaths {
  /** prices[hour][assetIndex] in USD, hours 0..hours (inclusive). */
  prices: number[][];
  events: PriceEvents;
}

const idx = (s: string) => ASSETS.findIndex((a) => a.symbol === s);
const HOURS_PER_YEAR = 24 * 365;

/** Log-price shift of ETH during the crash, as a function of hours since its start. */
function crashShift(h: number): number {
  if (h < 0) return 0;
  // 20 hours down to ln(0.62) with the steepest hour at h = 9 (−12%), then a partial recovery.
  const steps = [
    -0.01, -0.015, -0.02, -0.03, -0.025, -0.03, -0.04, -0.05, -0.06, -0.128, -0.03, -0.02, -0.01,
    0.01, -0.015, -0.01, -0.005, 0.005, -0.005, -0.008,
  ];
  if (h <= steps.length) {
    let s = 0;
    for (let i = 0; i < Math.floor(h); i++) s += steps[i];
    return s;
  }
  const bottom = steps.reduce((a, b) => a + b, 0);
  const rec = Math.min(1, (h - steps.length) / 48);
  return bottom + (Math.log(0.75) - bottom) * rec;
}

/** USDC price multiplier during the depeg, by hours since its start. */
function depegLevel(h: number): number {
  if (h < 0) return 1;
  if (h < 8) return 1 - 0.13 * (h / 8);
  if (h < 20) return 0.87;
  if (h < 56) return 0.87 + (0.998 - 0.87) * ((h - 20) / 36);
  return 1;
}

export function generatePrices(rng: Rng, hours: number): PricePaths {
  const crashStartHour = Math.max(2, Math.floor(hours * 0.55));
  const depegStartHour = Math.max(1, Math.floor(hours * 0.3));
  const eth = idx('WETH'),
    wst = idx('wstETH'),
    btc = idx('WBTC'),
    link = idx('LINK'),
    tbill = idx('TBILL');
  const stables = ['USDC', 'USDT', 'DAI'].map(idx);
  const usdc = idx('USDC');
  const sH = (daily: number) => daily / Math.sqrt(24);
  let lEth = 0,
    lBtc = 0,
    lLink = 0,
    stakeDev = 0;
  const stableDev = stables.map(() => 0);
  const prices: number[][] = [];
  for (let h = 0; h <= hours; h++) {
    if (h > 0) {
      const zE = rng.normal();
      lEth += sH(0.035) * zE;
      lBtc += sH(0.025) * (0.75 * zE + Math.sqrt(1 - 0.75 ** 2) * rng.normal());
      lLink += sH(0.05) * (0.65 * zE + Math.sqrt(1 - 0.65 ** 2) * rng.normal());
      stakeDev = 0.9 * stakeDev + 0.0004 * rng.normal();
      for (let i = 0; i < stables.length; i++)
        stableDev[i] = 0.7 * stableDev[i] + 0.0004 * rng.normal();
    }
    const c = crashShift(h - crashStartHour);
    const row: number[] = ASSETS.map((a) => a.price);
    row[eth] = ASSETS[eth].price * Math.exp(lEth + c);
    row[btc] = ASSETS[btc].price * Math.exp(lBtc + 0.55 * c);
    row[link] = ASSETS[link].price * Math.exp(lLink + 1.3 * c);
    // wstETH = ETH × exchange rate (~3%/yr staking yield), with a market discount during the crash.
    const stakeDiscount =
      h >= crashStartHour
        ? -0.035 *
          Math.exp(-Math.max(0, h - crashStartHour - 10) / 36) *
          Math.min(1, (h - crashStartHour) / 10)
        : 0;
    row[wst] =
      row[eth] *
      (ASSETS[wst].price / ASSETS[eth].price) *
      (1 + (0.03 * h) / HOURS_PER_YEAR) *
      Math.exp(stakeDev + stakeDiscount);
    for (const [i, s] of stables.entries())
      row[s] = Math.min(1.004, Math.max(0.994, 1 + stableDev[i]));
    row[usdc] *= depegLevel(h - depegStartHour);
    // The T-bill's NAV accrues ~5%/yr and is published once a day.
    row[tbill] = ASSETS[tbill].price * (1 + (0.05 * Math.floor(h / 24) * 24) / HOURS_PER_YEAR);
    prices.push(row);
  }
  return {
    prices,
    events: {
      crashStartHour,
      crashEndHour: crashStartHour + 20,
      depegStartHour,
      depegEndHour: depegStartHour + 56,
    },
  };
}
