// Hourly and daily market snapshots against the chain: each snapshot's state (indexes, rates,
// unscaled totals, oracle price) read from the Pool, the tokens and AaveOracle at the snapshot's
// block, and its flows (supplied, withdrawn, borrowed, repaid, liquidation count) summed from the
// Pool's own event logs over the snapshot's hour or day. Independent of the subgraph's code: the
// expected values come from view calls and raw logs only.
import { parseAbi, type Hex, type PublicClient } from 'viem';
import { POOL_ABI } from './risk-chain-book';

const TOKEN_ABI = parseAbi(['function totalSupply() view returns (uint256)']);
const ORACLE_ABI = parseAbi(['function getAssetPrice(address) view returns (uint256)']);
const POOL_EVENTS = parseAbi([
  'event Supply(address indexed reserve, address user, address indexed onBehalfOf, uint256 amount, uint16 indexed referralCode)',
  'event Withdraw(address indexed reserve, address indexed user, address indexed to, uint256 amount)',
  'event Borrow(address indexed reserve, address user, address indexed onBehalfOf, uint256 amount, uint8 interestRateMode, uint256 borrowRate, uint16 indexed referralCode)',
  'event Repay(address indexed reserve, address indexed user, address indexed repayer, uint256 amount, bool useATokens)',
  'event LiquidationCall(address indexed collateralAsset, address indexed debtAsset, address indexed user, uint256 debtToCover, uint256 liquidatedCollateralAmount, address liquidator, bool receiveAToken)',
]);

export interface SnapshotToken {
  symbol: string;
  address: Hex;
  aToken: Hex;
  variableDebtToken: Hex;
  stableDebtToken: Hex;
}

export interface IndexedSnapshot {
  market: { symbol: string };
  period: number; // hour or day index
  blockNumber: string;
  totalSupply: string;
  totalVariableDebt: string;
  totalStableDebt: string;
  liquidityIndex: string;
  variableBorrowIndex: string;
  liquidityRate: string;
  variableBorrowRate: string;
  priceUSD: string;
  supplied: string;
  withdrawn: string;
  borrowed: string;
  repaid: string;
  liquidationCount: number;
}

type Flows = {
  supplied: bigint;
  withdrawn: bigint;
  borrowed: bigint;
  repaid: bigint;
  liqs: number;
};

/** Flows per `symbol period` from the Pool's logs in [0, head], periods of `seconds`. */
export async function flowsFromLogs(
  client: PublicClient,
  pool: Hex,
  tokens: SnapshotToken[],
  head: bigint,
  seconds: number,
): Promise<Map<string, Flows>> {
  const symbolOf = new Map(tokens.map((t) => [t.address.toLowerCase(), t.symbol]));
  const logs = await client.getContractEvents({
    address: pool,
    abi: POOL_EVENTS,
    fromBlock: 0n,
    toBlock: head,
  });
  const stamps = new Map<bigint, number>();
  for (const n of new Set(logs.map((l) => l.blockNumber!)))
    stamps.set(n, Number((await client.getBlock({ blockNumber: n })).timestamp));
  const out = new Map<string, Flows>();
  for (const l of logs) {
    const a = l.args as Record<string, unknown>;
    const reserve = String(l.eventName === 'LiquidationCall' ? a.collateralAsset : a.reserve);
    const key = `${symbolOf.get(reserve.toLowerCase())} ${Math.floor(stamps.get(l.blockNumber!)! / seconds)}`;
    const f = out.get(key) ?? { supplied: 0n, withdrawn: 0n, borrowed: 0n, repaid: 0n, liqs: 0 };
    if (l.eventName === 'Supply') f.supplied += a.amount as bigint;
    else if (l.eventName === 'Withdraw') f.withdrawn += a.amount as bigint;
    else if (l.eventName === 'Borrow') f.borrowed += a.amount as bigint;
    else if (l.eventName === 'Repay') f.repaid += a.amount as bigint;
    else f.liqs++;
    out.set(key, f);
  }
  return out;
}

/**
 * Every snapshot against the chain at its block, and every period with Pool flows against its
 * snapshot (so a missing snapshot is a difference too). Totals are compared where the reserve was
 * updated in the snapshot's block (the indexed totals are "as of the last update").
 */
export async function compareSnapshots(
  client: PublicClient,
  dep: { pool: Hex; aaveOracle: Hex; tokens: SnapshotToken[] },
  snapshots: IndexedSnapshot[],
  flows: Map<string, Flows>,
): Promise<{ diffs: string[]; compared: number; totalsCompared: number }> {
  const diffs: string[] = [];
  let totalsCompared = 0;
  const bySymbol = new Map(dep.tokens.map((t) => [t.symbol, t]));
  const seen = new Set<string>();
  for (const s of snapshots) {
    const t = bySymbol.get(s.market.symbol)!;
    const blockNumber = BigInt(s.blockNumber);
    const at = { blockNumber } as const;
    const [rd, aTs, vTs, sTs, price, blk] = await Promise.all([
      client.readContract({
        ...at,
        address: dep.pool,
        abi: POOL_ABI,
        functionName: 'getReserveData',
        args: [t.address],
      }),
      client.readContract({
        ...at,
        address: t.aToken,
        abi: TOKEN_ABI,
        functionName: 'totalSupply',
      }),
      client.readContract({
        ...at,
        address: t.variableDebtToken,
        abi: TOKEN_ABI,
        functionName: 'totalSupply',
      }),
      client.readContract({
        ...at,
        address: t.stableDebtToken,
        abi: TOKEN_ABI,
        functionName: 'totalSupply',
      }),
      client.readContract({
        ...at,
        address: dep.aaveOracle,
        abi: ORACLE_ABI,
        functionName: 'getAssetPrice',
        args: [t.address],
      }),
      client.getBlock(at),
    ]);
    const where = `${t.symbol} period ${s.period} (block ${blockNumber})`;
    const same = (what: string, chain: bigint | number | string, ours: string | number) => {
      if (String(chain) !== String(ours))
        diffs.push(`${where} ${what}: chain ${chain}, indexed ${ours}`);
    };
    same('liquidity index', rd.liquidityIndex, s.liquidityIndex);
    same('variable borrow index', rd.variableBorrowIndex, s.variableBorrowIndex);
    same('liquidity rate', rd.currentLiquidityRate, s.liquidityRate);
    same('variable borrow rate', rd.currentVariableBorrowRate, s.variableBorrowRate);
    // Oracle prices have 8 decimals (USD base); priceUSD is the same number as a decimal.
    same('oracle price', price, decimalTimes1e8(s.priceUSD));
    if (BigInt(rd.lastUpdateTimestamp) === blk.timestamp) {
      totalsCompared++;
      same('aToken totalSupply()', aTs, s.totalSupply);
      same('variable debt totalSupply()', vTs, s.totalVariableDebt);
      same('stable debt totalSupply()', sTs, s.totalStableDebt);
    }
    const key = `${t.symbol} ${s.period}`;
    seen.add(key);
    const f = flows.get(key) ?? { supplied: 0n, withdrawn: 0n, borrowed: 0n, repaid: 0n, liqs: 0 };
    same('supplied', f.supplied, s.supplied);
    same('withdrawn', f.withdrawn, s.withdrawn);
    same('borrowed', f.borrowed, s.borrowed);
    same('repaid', f.repaid, s.repaid);
    same('liquidations', f.liqs, s.liquidationCount);
  }
  for (const k of flows.keys()) if (!seen.has(k)) diffs.push(`${k}: Pool flows, no snapshot`);
  return { diffs, compared: snapshots.length, totalsCompared };
}

/** "1234.5678" → 123456780000n (exact for prices with at most 8 decimals). */
function decimalTimes1e8(s: string): string {
  const [int, frac = ''] = s.split('.');
  if (frac.length > 8) return s; // more digits than the oracle has: reported as a difference
  return BigInt(int + frac.padEnd(8, '0')).toString();
}
