// Merge an account's event lists into one history (pure: unit-tested): Pool actions,
// liquidations, and aToken transfers in and out, so that a position's history adds up (collateral
// seized as aTokens and the liquidation protocol fee leave as transfers of the liquidation's tx).
import { fromUnits } from '@/lib/format';
import { num } from '@/lib/shape';
import { LIQUIDATION_FIGURES as F } from '@/lib/data/liquidation-figures';

interface Ev {
  id: string;
  timestamp: string;
  txHash: string;
  amount: string;
  amountUSD: string;
  market: { symbol: string; decimals: number };
}
interface Transfer {
  id: string;
  timestamp: string;
  txHash: string;
  amount: string;
  amountUSD: string;
  from: { id: string };
  to: { id: string };
  market: { symbol: string; decimals: number };
}
export interface AccountEventsData {
  transfersIn?: Transfer[];
  transfersOut?: Transfer[];
  supplies: Ev[];
  withdraws: Ev[];
  borrows: Ev[];
  repays: Ev[];
  liquidations: Array<{
    id: string;
    timestamp: string;
    txHash: string;
    liquidator: string;
    debtRepaidUSD: string;
    collateralSeizedUSD: string;
    collateralMarket: { symbol: string };
    debtMarket: { symbol: string };
  }>;
}

export function mergeAccountEvents(d: AccountEventsData) {
  const plain = (type: string, list: Ev[]) =>
    list.map((e) => ({
      id: e.id,
      ts: Number(e.timestamp),
      type,
      asset: e.market.symbol,
      amount: fromUnits(e.amount, e.market.decimals),
      usd: num(e.amountUSD),
      detail: '',
      tx: e.txHash,
    }));
  // In a liquidation's tx an aToken leaves either to the liquidator (collateral seized with
  // receiveAToken) or to the treasury (the liquidation protocol fee, taken from the bonus).
  const liquidatorOf = new Map((d.liquidations ?? []).map((l) => [l.txHash, l.liquidator]));
  const liquidationOut = (t: Transfer) => {
    const liquidator = liquidatorOf.get(t.txHash);
    if (liquidator === undefined) return '';
    return liquidator.toLowerCase() === t.to.id.toLowerCase()
      ? ' · seized by the liquidator (as aTokens)'
      : ' · liquidation protocol fee';
  };
  const transfer = (type: string, list: Transfer[], out: boolean) =>
    list.map((t) => ({
      id: t.id,
      ts: Number(t.timestamp),
      type,
      asset: `a${t.market.symbol}`,
      amount: fromUnits(t.amount, t.market.decimals),
      usd: num(t.amountUSD),
      detail:
        (out ? `to ${short(t.to.id)}` : `from ${short(t.from.id)}`) +
        (out ? liquidationOut(t) : ''),
      tx: t.txHash,
    }));
  return [
    ...transfer('Transfer in', d.transfersIn ?? [], false),
    ...transfer('Transfer out', d.transfersOut ?? [], true),
    ...plain('Supply', d.supplies ?? []),
    ...plain('Withdraw', d.withdraws ?? []),
    ...plain('Borrow', d.borrows ?? []),
    ...plain('Repay', d.repays ?? []),
    ...(d.liquidations ?? []).map((l) => ({
      id: l.id,
      ts: Number(l.timestamp),
      type: 'Liquidation',
      asset: `${l.collateralMarket.symbol} → ${l.debtMarket.symbol}`,
      amount: null,
      usd: num(l.debtRepaidUSD),
      detail: `USD: ${F.debtRepaid.toLowerCase()} · ${F.collateralSeized.toLowerCase()} $${num(l.collateralSeizedUSD).toFixed(2)} · by ${l.liquidator.slice(0, 10)}…`,
      tx: l.txHash,
    })),
  ].sort((a, b) => b.ts - a.ts);
}

const short = (a: string) => `${a.slice(0, 10)}…`;
