// One account's protection figures at a block, for the borrower-protection alert, the account
// page and /api/risk/account: its liquidation prices and the least repayment or supply that
// brings it back to a target health factor (lib/risk/protection.ts, exact to the wei), in whole
// tokens (exact decimal strings) and USD.
import { liquidationPrices } from '@/lib/risk/analysis';
import { hfToNumber } from '@/lib/risk/engine';
import { toTargetHealthFactor } from '@/lib/risk/protection';
import type { RiskContext } from '@/lib/risk/service';
import { hfThresholdWad } from '@/lib/risk/status';

/** What a watched account needs to know (liquidation_protection), in whole tokens and USD. */
export interface AccountProtection {
  healthFactor: number;
  /** the price of each collateral at which HF reaches 1, everything else unchanged */
  liquidationPrices: Array<{
    symbol: string;
    priceUSD: number;
    liquidationPriceUSD: number | null;
    dropPct: number | null;
  }>;
  /** the least repayment of each debt (or supply of each collateral) that reaches the target */
  repay: Array<{ symbol: string; amount: string; usd: number; reachesTarget: boolean }>;
  supply: Array<{ symbol: string; amount: string; usd: number }>;
  target: number;
}

/** `amount` of a token with `decimals` as an exact decimal string (no trailing zeros). */
export function tokenAmount(amount: bigint, decimals: number): string {
  const unit = 10n ** BigInt(decimals);
  const whole = amount / unit;
  const frac = (amount % unit).toString().padStart(decimals, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
}

export function accountProtection(
  c: RiskContext,
  account: string,
  targetHF: number,
): AccountProtection | null {
  const i = c.accountIndex(account);
  if (i < 0 || c.results.totalDebtBase[i] === 0n) return null;
  const unit = Number(c.book.baseCurrencyUnit);
  const decimalsOf = (market: string) =>
    c.book.markets.find((m) => m.id.toLowerCase() === market.toLowerCase())!.decimals;
  const p = toTargetHealthFactor(c.pb, i, hfThresholdWad(targetHF));
  return {
    healthFactor: hfToNumber(p.healthFactor),
    target: targetHF,
    liquidationPrices: liquidationPrices(c.pb, c.fb, i).map((l) => ({
      symbol: l.symbol,
      priceUSD: Number(l.priceBase) / unit,
      liquidationPriceUSD:
        l.liquidationPriceBase === null ? null : Number(l.liquidationPriceBase) / unit,
      dropPct: l.dropPct,
    })),
    repay: p.repay.map((s) => ({
      symbol: s.symbol,
      amount: tokenAmount(s.amount, decimalsOf(s.market)),
      usd: Number(s.valueBase) / unit,
      reachesTarget: s.reachesTarget,
    })),
    supply: p.supply.map((s) => ({
      symbol: s.symbol,
      amount: tokenAmount(s.amount, decimalsOf(s.market)),
      usd: Number(s.valueBase) / unit,
    })),
  };
}
