import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateRules, type Snapshot, type SnapshotMarket } from '@/lib/alerts/evaluate';
import { parseRules } from '@/lib/alerts/rules';

const rules = (yaml: string) => parseRules(`rules:\n${yaml}`, 't.yaml').rules;
const market = (o: Partial<SnapshotMarket>): SnapshotMarket => ({
  id: '0x1',
  symbol: 'WETH',
  utilization: 0.5,
  totalSupply: 100,
  totalBorrow: 50,
  supplyCap: 0,
  borrowCap: 0,
  priceUSD: 2000,
  lastPriceBlock: 100,
  lastPriceTimestamp: 10_000,
  ...o,
});
const snap = (o: Partial<Snapshot>): Snapshot => ({
  network: 'devnet',
  block: { number: 100, timestamp: 10_000 },
  now: 10_000,
  hasIndexingErrors: false,
  ...o,
});
const subjects = (r: ReturnType<typeof evaluateRules>) =>
  r.conditions.map((c) => `${c.rule}:${c.subject}`).sort();

test('health factor: protocol count and per account; bad debt', () => {
  const accounts = [
    {
      id: '0xa',
      status: 'liquidatable' as const,
      healthFactor: 0.8,
      collateralUSD: 50,
      debtUSD: 80,
    },
    {
      id: '0xb',
      status: 'liquidatable' as const,
      healthFactor: 0.99,
      collateralUSD: 100,
      debtUSD: 90,
    },
    { id: '0xc', status: 'at-risk' as const, healthFactor: 1.02, collateralUSD: 100, debtUSD: 80 },
  ];
  const rs = rules(
    '  - { id: liq, type: health_factor, below: 1 }\n  - { id: acc, type: health_factor, below: 1, scope: account }\n  - { id: many, type: health_factor, below: 1.05, minAccounts: 4 }\n  - { id: bad, type: bad_debt, maxUSD: 10 }\n  - { id: bad2, type: bad_debt, maxUSD: 40 }\n',
  );
  const r = evaluateRules(rs, snap({ accounts }));
  assert.deepEqual(subjects(r), [
    'acc:account:0xa',
    'acc:account:0xb',
    'bad:protocol',
    'liq:protocol',
  ]);
  assert.equal(r.conditions.find((c) => c.rule === 'liq')!.value, 2);
  assert.equal(r.conditions.find((c) => c.rule === 'bad')!.value, 30);
  assert.equal(r.evaluated.size, 5);
  // no account data (risk engine failed): these rules are not evaluated, so their alerts stay
  assert.equal(evaluateRules(rs, snap({})).evaluated.size, 0);
});

test('an insolvent account (debt, nothing to seize) is bad debt, not a liquidatable account', () => {
  const accounts = [
    {
      id: '0xa',
      status: 'liquidatable' as const,
      healthFactor: 0.9,
      collateralUSD: 100,
      debtUSD: 85,
    },
    { id: '0xd', status: 'insolvent' as const, healthFactor: 0, collateralUSD: 0, debtUSD: 30 },
  ];
  const rs = rules(
    '  - { id: liq, type: health_factor, below: 1 }\n  - { id: acc, type: health_factor, below: 1, scope: account }\n  - { id: bad, type: bad_debt, maxUSD: 10 }\n',
  );
  const r = evaluateRules(rs, snap({ accounts }));
  assert.deepEqual(subjects(r), ['acc:account:0xa', 'bad:protocol', 'liq:protocol']);
  assert.equal(r.conditions.find((c) => c.rule === 'liq')!.value, 1);
  assert.equal(r.conditions.find((c) => c.rule === 'bad')!.value, 30);
});

test('utilisation, caps, staleness (minutes and blocks), market filter', () => {
  const markets = [
    market({
      id: '0x1',
      symbol: 'WETH',
      utilization: 0.96,
      totalSupply: 95,
      supplyCap: 100,
      totalBorrow: 10,
      borrowCap: 100,
      lastPriceTimestamp: 10_000 - 3 * 3600,
    }),
    market({
      id: '0x2',
      symbol: 'DAI',
      utilization: 0.2,
      totalBorrow: 99,
      borrowCap: 100,
      lastPriceBlock: 40,
    }),
  ];
  const rs = rules(
    '  - { id: u, type: utilization, max: 0.95 }\n  - { id: u2, type: utilization, max: 0.1, markets: [dai] }\n  - { id: cap, type: cap_usage, max: 0.9 }\n  - { id: scap, type: cap_usage, max: 0.9, cap: supply }\n  - { id: st, type: oracle_staleness, maxAgeMinutes: 120 }\n  - { id: sb, type: oracle_staleness, maxAgeBlocks: 50 }\n',
  );
  assert.deepEqual(subjects(evaluateRules(rs, snap({ markets }))), [
    'cap:market:DAI:borrow-cap',
    'cap:market:WETH:supply-cap',
    'sb:token:DAI',
    'scap:market:WETH:supply-cap',
    'st:token:WETH',
    'u2:market:DAI',
    'u:market:WETH',
  ]);
});

test('price deviation between evaluated blocks; nothing on the first evaluation', () => {
  const rs = rules('  - { id: p, type: price_deviation, maxPct: 5 }\n');
  const markets = [
    market({ id: '0x1', symbol: 'WETH', priceUSD: 1880 }),
    market({ id: '0x2', symbol: 'DAI', priceUSD: 1.0 }),
  ];
  const first = evaluateRules(rs, snap({ markets }));
  assert.deepEqual([first.conditions.length, first.evaluated.has('p')], [0, true]);
  const r = evaluateRules(
    rs,
    snap({ markets, prevPrices: { block: 99, prices: { '0x1': 2000, '0x2': 1.04 } } }),
  );
  assert.deepEqual(subjects(r), ['p:token:WETH']); // −6% vs −3.8%
  assert.equal(r.conditions[0].value, -6);
});

test('liquidation spike vs trailing average', () => {
  const rs = rules(
    '  - { id: s, type: liquidation_spike, windowMinutes: 60, trailingWindows: 4, factor: 3, minUSD: 100 }\n',
  );
  const t = 100_000;
  const base = [
    { timestamp: t - 2 * 3600, usd: 100 },
    { timestamp: t - 4 * 3600, usd: 100 },
    { timestamp: t - 6 * 3600, usd: 1e9 },
  ]; // last one outside 5 windows
  assert.equal(
    evaluateRules(
      rs,
      snap({
        block: { number: 1, timestamp: t },
        liquidations: [...base, { timestamp: t - 60, usd: 140 }],
      }),
    ).conditions.length,
    0,
    '140 < 3 × 50',
  );
  const r = evaluateRules(
    rs,
    snap({
      block: { number: 1, timestamp: t },
      liquidations: [...base, { timestamp: t - 60, usd: 150 }],
    }),
  );
  assert.deepEqual([r.conditions.length, r.conditions[0]?.value], [1, 150]);
  assert.equal(
    evaluateRules(
      rs,
      snap({ block: { number: 1, timestamp: t }, liquidations: [{ timestamp: t, usd: 99 }] }),
    ).conditions.length,
    0,
    'below minUSD',
  );
});

test('indexing: block age, errors, unreachable endpoint (only indexing rules evaluate then)', () => {
  const rs = rules(
    '  - { id: i, type: indexing, maxBlockAgeMinutes: 30 }\n  - { id: u, type: utilization, max: 0.1 }\n',
  );
  assert.deepEqual(
    subjects(
      evaluateRules(rs.slice(0, 1), snap({ now: 10_000 + 31 * 60, hasIndexingErrors: true })),
    ),
    ['i:block-age', 'i:indexing-errors'],
  );
  assert.deepEqual(subjects(evaluateRules(rs.slice(0, 1), snap({ now: 10_000 + 29 * 60 }))), []);
  const down = evaluateRules(
    rs,
    snap({ unreachable: 'ECONNREFUSED', markets: [market({ utilization: 0.9 })] }),
  );
  assert.deepEqual(subjects(down), ['i:endpoint']);
  assert.deepEqual([...down.evaluated], ['i']);
});

test('collateral at risk uses the shock of the selected asset/group; networks filter', () => {
  const calls: string[] = [];
  const shock = (sel: { asset?: string; group?: string }, drop: number) => {
    calls.push(`${sel.asset ?? sel.group ?? 'all'}@${drop}`);
    return {
      accounts: 2,
      collateralAtRisk: sel.group === 'eth' ? 2e6 : 10,
      debtAtRisk: 1,
      badDebt: 0,
    };
  };
  const rs = rules(
    '  - { id: e, type: collateral_at_risk, group: eth, dropPct: 20, maxUSD: 1000000 }\n  - { id: w, type: collateral_at_risk, asset: WBTC, dropPct: 30, maxUSD: 1000000 }\n  - { id: m, type: collateral_at_risk, dropPct: 10, maxUSD: 0, networks: [mainnet] }\n',
  );
  const r = evaluateRules(rs, snap({ shock }));
  assert.deepEqual(subjects(r), ['e:group:eth']);
  assert.deepEqual(calls, ['eth@20', 'WBTC@30']);
  assert.ok(!r.evaluated.has('m'));
});
