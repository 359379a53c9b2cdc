// Pure rule evaluation over one network's snapshot at one block (collected by snapshot.ts):
// returns the conditions that hold and the rules that could be evaluated. No I/O here, so the
// rules are unit-testable on hand-made snapshots.
import type { BorrowerStatus } from '@/lib/risk/status';
import { fmtDuration } from '@/lib/format';
import type { Rule } from '@/lib/alerts/rules';
import type { Condition } from '@/lib/alerts/state';
import type { AccountProtection } from '@/lib/data/protection';

export interface SnapshotMarket {
  id: string;
  symbol: string;
  /** borrowed / supplied, 0–1 */
  utilization: number;
  /** whole tokens */
  totalSupply: number;
  totalBorrow: number;
  /** whole tokens; 0 = no cap */
  supplyCap: number;
  borrowCap: number;
  priceUSD: number;
  lastPriceBlock: number;
  lastPriceTimestamp: number;
}

export interface SnapshotAccount {
  id: string;
  /** the shared borrower status (lib/risk/status.ts); insolvent accounts are bad debt, not liquidatable */
  status: BorrowerStatus;
  healthFactor: number;
  collateralUSD: number;
  debtUSD: number;
}

export interface ShockTotals {
  accounts: number;
  collateralAtRisk: number;
  debtAtRisk: number;
  badDebt: number;
}

export interface Snapshot {
  network: string;
  block: { number: number; hash?: string; timestamp: number };
  /** unix seconds "now" for wall-clock rules (indexing lag); the block time when replaying history */
  now: number;
  hasIndexingErrors: boolean;
  /** set when the endpoint could not be read: only `indexing` rules evaluate */
  unreachable?: string;
  /**
   * the indexed block is moving (the indexer is catching up) or has not been watched long enough
   * to tell: an old block then is not a stalled indexer, so no block-age alert
   */
  syncing?: boolean;
  markets?: SnapshotMarket[];
  /** borrowers only (debt > 0) */
  accounts?: SnapshotAccount[];
  /** USD totals if `asset` (symbol/address) or `group`, or every asset, falls by dropPct */
  shock?: (sel: { asset?: string; group?: string }, dropPct: number) => ShockTotals;
  /** an account's protection figures at this block (null: not a borrower here) */
  protection?: (account: string, targetHF: number) => AccountProtection | null;
  /** the watched accounts' predicted P(liquidation within 24 h) (lib/predict; null: no borrower) */
  liquidationOdds?: (
    account: string,
  ) => { pLiquidation: number; expectedHoursToLiquidation: number | null } | null;
  /** liquidated debt USD with its block time, covering at least the longest spike window */
  liquidations?: Array<{ timestamp: number; usd: number }>;
  /** prices (USD) per market id at the previously evaluated block */
  prevPrices?: { block: number; prices: Record<string, number> };
}

const usd = (x: number) => `$${x.toLocaleString('en-US', { maximumFractionDigits: 0 })}`;
const pct = (x: number, d = 1) => `${(x * 100).toFixed(d)}%`;

function pickMarkets(rule: { markets?: string[] }, markets: SnapshotMarket[]): SnapshotMarket[] {
  if (!rule.markets) return markets;
  const want = new Set(rule.markets.map((m) => m.toLowerCase()));
  return markets.filter((m) => want.has(m.symbol.toLowerCase()) || want.has(m.id.toLowerCase()));
}

export interface Evaluation {
  conditions: Condition[];
  evaluated: Set<string>;
  errors: Array<{ rule: string; error: string }>;
}

export function evaluateRules(rules: Rule[], s: Snapshot): Evaluation {
  const conditions: Condition[] = [];
  const evaluated = new Set<string>();
  const errors: Evaluation['errors'] = [];
  for (const rule of rules) {
    if (rule.networks && !rule.networks.includes(s.network)) continue;
    if (s.unreachable && rule.type !== 'indexing') continue; // no data: leave these alerts as they are
    const add: Add = (subject, value, threshold, message, detail) =>
      conditions.push({
        rule: rule.id,
        type: rule.type,
        severity: rule.severity,
        subject,
        value,
        threshold,
        message,
        ...(detail !== undefined ? { detail } : {}),
      });
    try {
      const ok = evalRule(rule, s, add);
      if (ok) evaluated.add(rule.id);
    } catch (e) {
      errors.push({ rule: rule.id, error: (e as Error).message });
    }
  }
  return { conditions, evaluated, errors };
}

type Add = (
  subject: string,
  value: number,
  threshold: number,
  message: string,
  detail?: unknown,
) => void;

/** Returns false when the snapshot lacks the data this rule needs (its alerts stay as they are). */
function evalRule(rule: Rule, s: Snapshot, add: Add): boolean {
  switch (rule.type) {
    case 'indexing': {
      if (s.unreachable) {
        if (rule.unreachable)
          add('endpoint', 1, 0, `subgraph endpoint unreachable: ${s.unreachable}`);
        return true;
      }
      if (rule.errors && s.hasIndexingErrors)
        add('indexing-errors', 1, 0, `subgraph reports indexing errors at block ${s.block.number}`);
      if (rule.maxBlockAgeMinutes !== undefined && !s.syncing) {
        const ageMin = (s.now - s.block.timestamp) / 60;
        if (ageMin > rule.maxBlockAgeMinutes)
          add(
            'block-age',
            round(ageMin, 1),
            rule.maxBlockAgeMinutes,
            `latest indexed block ${s.block.number} is ${round(ageMin, 1)} min old (limit ${rule.maxBlockAgeMinutes} min)`,
          );
      }
      return true;
    }
    case 'health_factor': {
      if (!s.accounts) return false;
      // an insolvent account (nothing to seize) is bad debt: the bad_debt rule reports it
      const below = s.accounts.filter(
        (a) => a.status !== 'insolvent' && a.healthFactor < rule.below,
      );
      if (rule.scope === 'account') {
        for (const a of below)
          add(
            `account:${a.id}`,
            round(a.healthFactor, 4),
            rule.below,
            `account ${a.id} health factor ${a.healthFactor.toFixed(4)} < ${rule.below} (debt ${usd(a.debtUSD)}, collateral ${usd(a.collateralUSD)})`,
          );
      } else if (below.length >= rule.minAccounts) {
        const debt = below.reduce((t, a) => t + a.debtUSD, 0);
        add(
          'protocol',
          below.length,
          rule.minAccounts,
          `${below.length} account${below.length === 1 ? '' : 's'} with health factor < ${rule.below} (debt ${usd(debt)})`,
        );
      }
      return true;
    }
    case 'liquidation_protection': {
      if (!s.protection) return false;
      if (rule.pLiquidationAbove !== undefined && !s.liquidationOdds) return false;
      for (const account of rule.accounts) {
        const p = s.protection(account, rule.target);
        if (!p) continue;
        const odds = rule.pLiquidationAbove !== undefined ? s.liquidationOdds!(account) : null;
        const lowHf = rule.below !== undefined && p.healthFactor < rule.below;
        const likely = odds !== null && odds.pLiquidation > rule.pLiquidationAbove!;
        if (!lowHf && !likely) continue;
        const repay = p.repay.find((r) => r.reachesTarget);
        const supply = p.supply[0];
        const ways = [
          ...(repay ? [`repay ${repay.amount} ${repay.symbol} (${usd(repay.usd)})`] : []),
          ...(supply ? [`supply ${supply.amount} ${supply.symbol} (${usd(supply.usd)})`] : []),
        ];
        const why = [
          ...(lowHf ? [`health factor ${p.healthFactor.toFixed(4)} < ${rule.below}`] : []),
          ...(likely
            ? [
                `P(liquidation within 24 h) ${pct(odds!.pLiquidation)} > ${pct(rule.pLiquidationAbove!)}` +
                  (odds!.expectedHoursToLiquidation !== null
                    ? ` (expected in ${odds!.expectedHoursToLiquidation.toFixed(1)} h)`
                    : ''),
              ]
            : []),
        ];
        add(
          `account:${account}`,
          lowHf ? round(p.healthFactor, 4) : round(odds!.pLiquidation, 4),
          lowHf ? rule.below! : rule.pLiquidationAbove!,
          `watched account ${account} ${why.join(', ')}` +
            (ways.length ? `; to reach ${rule.target}: ${ways.join(' or ')}` : ''),
          odds ? { ...p, ...odds } : p,
        );
      }
      return true;
    }
    case 'bad_debt': {
      if (!s.accounts) return false;
      let bad = 0;
      // liquidatable and insolvent accounts (shared status, exact HF < 1) with debt above collateral
      for (const a of s.accounts)
        if (a.status !== 'healthy' && a.status !== 'at-risk' && a.debtUSD > a.collateralUSD)
          bad += a.debtUSD - a.collateralUSD;
      if (bad > rule.maxUSD)
        add(
          'protocol',
          round(bad, 2),
          rule.maxUSD,
          `bad debt ${usd(bad)} (debt not covered by collateral) > ${usd(rule.maxUSD)}`,
        );
      return true;
    }
    case 'collateral_at_risk': {
      if (!s.shock) return false;
      const sel = {
        ...(rule.asset ? { asset: rule.asset } : {}),
        ...(rule.group ? { group: rule.group } : {}),
      };
      const t = s.shock(sel, rule.dropPct);
      const what = rule.asset ?? (rule.group ? `group ${rule.group}` : 'all assets');
      if (t.collateralAtRisk > rule.maxUSD) {
        add(
          rule.asset ? `asset:${rule.asset}` : rule.group ? `group:${rule.group}` : 'protocol',
          round(t.collateralAtRisk, 2),
          rule.maxUSD,
          `${usd(t.collateralAtRisk)} collateral (${t.accounts} accounts) liquidatable if ${what} falls ${rule.dropPct}% (limit ${usd(rule.maxUSD)})`,
        );
      }
      return true;
    }
    case 'utilization': {
      if (!s.markets) return false;
      for (const m of pickMarkets(rule, s.markets))
        if (m.utilization > rule.max) {
          add(
            `market:${m.symbol}`,
            round(m.utilization, 4),
            rule.max,
            `${m.symbol} utilisation ${pct(m.utilization)} > ${pct(rule.max)}`,
          );
        }
      return true;
    }
    case 'cap_usage': {
      if (!s.markets) return false;
      for (const m of pickMarkets(rule, s.markets)) {
        if (rule.cap !== 'borrow' && m.supplyCap > 0 && m.totalSupply / m.supplyCap > rule.max) {
          const u = m.totalSupply / m.supplyCap;
          add(
            `market:${m.symbol}:supply-cap`,
            round(u, 4),
            rule.max,
            `${m.symbol} supply at ${pct(u)} of its cap (${Math.round(m.totalSupply)} / ${m.supplyCap})`,
          );
        }
        if (rule.cap !== 'supply' && m.borrowCap > 0 && m.totalBorrow / m.borrowCap > rule.max) {
          const u = m.totalBorrow / m.borrowCap;
          add(
            `market:${m.symbol}:borrow-cap`,
            round(u, 4),
            rule.max,
            `${m.symbol} borrows at ${pct(u)} of the cap (${Math.round(m.totalBorrow)} / ${m.borrowCap})`,
          );
        }
      }
      return true;
    }
    case 'oracle_staleness': {
      if (!s.markets) return false;
      for (const m of pickMarkets(rule, s.markets)) {
        const ageMin = (s.block.timestamp - m.lastPriceTimestamp) / 60;
        const ageBlocks = s.block.number - m.lastPriceBlock;
        const byTime = rule.maxAgeMinutes !== undefined && ageMin > rule.maxAgeMinutes;
        const byBlocks = rule.maxAgeBlocks !== undefined && ageBlocks > rule.maxAgeBlocks;
        if (byTime || byBlocks) {
          add(
            `token:${m.symbol}`,
            byTime ? round(ageMin, 1) : ageBlocks,
            byTime ? rule.maxAgeMinutes! : rule.maxAgeBlocks!,
            `${m.symbol} price not updated for ${fmtDuration(ageMin * 60)} / ${ageBlocks} blocks (last at block ${m.lastPriceBlock})`,
          );
        }
      }
      return true;
    }
    case 'price_deviation': {
      if (!s.markets) return false;
      if (!s.prevPrices) return true; // first evaluation: nothing to compare with, nothing open
      for (const m of pickMarkets(rule, s.markets)) {
        const prev = s.prevPrices.prices[m.id];
        if (!prev || !m.priceUSD) continue;
        const change = m.priceUSD / prev - 1;
        if (Math.abs(change) * 100 > rule.maxPct) {
          add(
            `token:${m.symbol}`,
            round(change * 100, 3),
            rule.maxPct,
            `${m.symbol} price ${change > 0 ? '+' : ''}${(change * 100).toFixed(2)}% since block ${s.prevPrices.block} ($${prev} → $${m.priceUSD})`,
          );
        }
      }
      return true;
    }
    case 'liquidation_spike': {
      if (!s.liquidations) return false;
      const w = rule.windowMinutes * 60;
      const t0 = s.block.timestamp;
      let current = 0,
        trailing = 0;
      for (const l of s.liquidations) {
        const age = t0 - l.timestamp;
        if (age < 0) continue;
        if (age < w) current += l.usd;
        else if (age < w * (rule.trailingWindows + 1)) trailing += l.usd;
      }
      const avg = trailing / rule.trailingWindows;
      if (current > 0 && current >= rule.minUSD && current >= rule.factor * avg) {
        add(
          'protocol',
          round(current, 2),
          round(Math.max(rule.factor * avg, rule.minUSD), 2),
          `liquidations ${usd(current)} in the last ${rule.windowMinutes} min vs trailing average ${usd(avg)} per window (×${avg > 0 ? (current / avg).toFixed(1) : '∞'})`,
        );
      }
      return true;
    }
  }
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
