// The liquidations page's view of the liquidation events in a window: totals per figure
// (liquidation-figures.ts names them), per-day series, top liquidators and the table rows.
// Pure: the page fetches, this shapes, unit-tested in liquidations.test.ts.
import { DAY, num, perDay, topLiquidators } from '@/lib/shape';

export interface LiquidationEntity {
  id: string;
  timestamp: string;
  blockNumber: string;
  txHash: string;
  liquidator: string;
  account: { id: string };
  collateralMarket: { id: string; symbol: string };
  debtMarket: { id: string; symbol: string };
  debtRepaidUSD: string;
  collateralSeizedUSD: string;
  liquidatorBonusUSD: string;
  protocolFeeUSD: string;
  receiveAToken: boolean;
}

export interface LiquidationTotals {
  count: number;
  debtRepaidUSD: number;
  collateralSeizedUSD: number;
  liquidatorBonusUSD: number;
  protocolFeeUSD: number;
  accounts: number;
  liquidators: number;
}

/** Events of the last `days` UTC days ending at `nowS`, newest first, shaped for the page. */
export function liquidationsView(events: LiquidationEntity[], days: number, nowS: number) {
  const liqs = [...events].sort((a, b) => Number(b.timestamp) - Number(a.timestamp));
  const today = Math.floor(nowS / DAY);
  const ts = (l: LiquidationEntity) => Number(l.timestamp);
  const sum = (f: (l: LiquidationEntity) => string) => liqs.reduce((s, l) => s + num(f(l)), 0);
  const totals: LiquidationTotals = {
    count: liqs.length,
    debtRepaidUSD: sum((l) => l.debtRepaidUSD),
    collateralSeizedUSD: sum((l) => l.collateralSeizedUSD),
    liquidatorBonusUSD: sum((l) => l.liquidatorBonusUSD),
    protocolFeeUSD: sum((l) => l.protocolFeeUSD),
    accounts: new Set(liqs.map((l) => l.account.id)).size,
    liquidators: new Set(liqs.map((l) => l.liquidator)).size,
  };
  const rows = liqs.map((l) => ({
    id: l.id,
    ts: ts(l),
    block: Number(l.blockNumber),
    account: l.account.id,
    liquidator: l.liquidator,
    collateral: l.collateralMarket.symbol,
    debt: l.debtMarket.symbol,
    debtRepaid: num(l.debtRepaidUSD),
    seized: num(l.collateralSeizedUSD),
    bonus: num(l.liquidatorBonusUSD),
    fee: num(l.protocolFeeUSD),
    tx: l.txHash,
  }));
  const tops = topLiquidators(liqs, 15).map((t) => ({
    ...t,
    id: t.liquidator,
    share: totals.debtRepaidUSD ? t.debtRepaidUSD / totals.debtRepaidUSD : 0,
  }));
  return {
    totals,
    rows,
    tops,
    debtRepaidPerDay: perDay(liqs, ts, (l) => num(l.debtRepaidUSD), today - days + 1, today),
    bonusPerDay: perDay(liqs, ts, (l) => num(l.liquidatorBonusUSD), today - days + 1, today),
    collateralSymbols: [...new Set(rows.map((r) => r.collateral))].sort(),
    debtSymbols: [...new Set(rows.map((r) => r.debt))].sort(),
  };
}
