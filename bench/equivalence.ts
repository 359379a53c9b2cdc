// Equivalence check of the peer (bench/peer/, Ponder) against our indexer on the same recording:
// our figures through our GraphQL API (indexer/src/graphql/server.ts on the store a benchmark run
// kept), the peer's from its tables (bench/peer.ts --figures). Compares exactly: every position's
// scaled aToken balance, scaled variable debt, stable debt and collateral flag; per market the
// scaled totals, indexes, treasury accrual, counts and cumulative amounts; the protocol's counters;
// every liquidation's amounts and protocol fee; row counts of the other entities. USD decimals
// (BigDecimal in the subgraph, 18-decimal fixed point in the peer) within a relative 1e-9.
// Prints JSON on the last line.
//   node --import tsx bench/equivalence.ts --data-dir DIR --deployment bench-pglite --subgraph-from REC.json --peer FIGURES.json
import { readFileSync } from 'node:fs';
import { loadManifest } from '../indexer/src/manifest/index.ts';
import { parseSchema } from '../indexer/src/schema/index.ts';
import { openStore } from '../indexer/src/store/index.ts';
import { startGraphQLServer } from '../indexer/src/graphql/server.ts';
import { subgraphFor } from '../tests/e2e/indexer-helpers.ts';

const argv = process.argv.slice(2);
const opt = (n: string) => {
  const i = argv.indexOf(`--${n}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const recMeta = (() => {
  const s = readFileSync(opt('subgraph-from')!, 'utf8');
  return JSON.parse(s).meta;
})();
const peer = JSON.parse(readFileSync(opt('peer')!, 'utf8'));
const manifest = loadManifest(subgraphFor(recMeta.deployment));
const schema = parseSchema(manifest.schemaSource, manifest.schemaFile);
const store = await openStore({
  schema,
  deployment: opt('deployment') ?? 'bench-pglite',
  dataDir: opt('data-dir'),
  databaseUrl: opt('database-url'),
});
const server = await startGraphQLServer({
  store,
  schema,
  subgraphName: 'collateral-radar',
  port: 0,
  host: '127.0.0.1',
});
async function post(query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const r = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const j = (await r.json()) as any;
  if (j.errors?.length) throw new Error(j.errors.map((e: any) => e.message).join('; '));
  return j.data;
}
/** Every entity of a collection, 1000 per page by id cursor. */
async function all(field: string, fields: string): Promise<any[]> {
  const out: any[] = [];
  let last = '';
  for (;;) {
    const d = await post(
      `{ page: ${field}(first: 1000, orderBy: id, orderDirection: asc${last ? `, where: { id_gt: ${JSON.stringify(last)} }` : ''}) { ${fields} } }`,
    );
    out.push(...d.page);
    if (d.page.length < 1000) return out;
    last = d.page.at(-1).id;
  }
}
// collection field names of our API, by entity (graph-node pluralisation), from introspection
const q = await post(
  '{ __schema { queryType { fields { name type { ofType { ofType { ofType { name } } } } } } } }',
);
const collection: Record<string, string> = {};
for (const f of q.__schema.queryType.fields) {
  const n = f.type?.ofType?.ofType?.ofType?.name;
  if (n && !f.name.startsWith('_')) collection[n] = f.name;
}

const MARKET_EXACT = [
  'scaledATokenSupply',
  'scaledVariableDebt',
  'totalStableDebt',
  'totalSupply',
  'totalVariableDebt',
  'accruedToTreasury',
  'liquidityIndex',
  'variableBorrowIndex',
  'liquidityRate',
  'variableBorrowRate',
  'isolationModeTotalDebt',
  'reserveId',
  'ltv',
  'liquidationThreshold',
  'liquidationBonus',
  'reserveFactor',
  'liquidationProtocolFee',
  'supplyCap',
  'borrowCap',
  'debtCeiling',
  'cumulativeSupplied',
  'cumulativeWithdrawn',
  'cumulativeBorrowed',
  'cumulativeRepaid',
  'cumulativeLiquidatedCollateral',
  'cumulativeLiquidatedDebt',
  'supplyCount',
  'withdrawCount',
  'borrowCount',
  'repayCount',
  'liquidationCount',
  'flashLoanCount',
  'symbol',
  'decimals',
];
const MARKET_USD = [
  'totalSupplyUSD',
  'totalBorrowUSD',
  'utilization',
  'cumulativeSupplyUSD',
  'cumulativeBorrowUSD',
  'cumulativeLiquidatedCollateralUSD',
];
const PROTOCOL_EXACT = [
  'accountCount',
  'borrowerCount',
  'liquidationCount',
  'flashLoanCount',
  'marketCount',
  'baseCurrencyUnit',
  'poolRevision',
  'flashLoanPremiumTotal',
];
const PROTOCOL_USD = [
  'totalSupplyUSD',
  'totalBorrowUSD',
  'cumulativeSupplyUSD',
  'cumulativeBorrowUSD',
  'cumulativeRepayUSD',
  'cumulativeWithdrawUSD',
  'cumulativeLiquidationUSD',
];
const LIQ_EXACT = ['debtRepaid', 'collateralSeized', 'protocolFee', 'receiveAToken'];
const LIQ_USD = ['debtRepaidUSD', 'collateralSeizedUSD', 'protocolFeeUSD', 'liquidatorBonusUSD'];

const s = (x: unknown) => String(x);
const closeUSD = (a: unknown, b: unknown) => {
  const x = Number(a),
    y = Number(b);
  return x === y || Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y)) + 1e-12;
};
type Check = { name: string; compared: number; mismatches: number; example?: string };
const checks: Check[] = [];
function compare(
  name: string,
  ours: Map<string, any>,
  theirs: Map<string, any>,
  exact: string[],
  usd: string[],
) {
  const c: Check = { name, compared: 0, mismatches: 0 };
  const ids = new Set([...ours.keys(), ...theirs.keys()]);
  for (const id of ids) {
    const a = ours.get(id),
      b = theirs.get(id);
    if (!a || !b) {
      c.mismatches++;
      c.example ??= `${id}: only in ${a ? 'ours' : 'the peer'}`;
      continue;
    }
    for (const f of exact) {
      c.compared++;
      if (s(a[f]) !== s(b[f])) {
        c.mismatches++;
        c.example ??= `${id}.${f}: ours ${a[f]} peer ${b[f]}`;
      }
    }
    for (const f of usd) {
      c.compared++;
      if (!closeUSD(a[f], b[f])) {
        c.mismatches++;
        c.example ??= `${id}.${f}: ours ${a[f]} peer ${b[f]}`;
      }
    }
  }
  checks.push(c);
  return c;
}
const byId = (xs: any[], key = (x: any) => String(x.id).toLowerCase()) =>
  new Map(xs.map((x) => [key(x), x]));

// positions: every one, exactly
const ourPos = await all(
  collection.Position!,
  'id scaledATokenBalance scaledVariableDebt stableDebt collateralEnabled',
);
compare(
  'positions (scaled aToken balance, scaled variable debt, stable debt, collateral flag)',
  byId(ourPos),
  byId(peer.positions),
  ['scaledATokenBalance', 'scaledVariableDebt', 'stableDebt', 'collateralEnabled'],
  [],
);
// markets, protocol, liquidations
const ourMarkets = await all(collection.Market!, ['id', ...MARKET_EXACT, ...MARKET_USD].join(' '));
compare('markets', byId(ourMarkets), byId(peer.markets), MARKET_EXACT, MARKET_USD);
const ourProtocol = await all(
  collection.Protocol!,
  ['id', ...PROTOCOL_EXACT, ...PROTOCOL_USD].join(' '),
);
compare('protocol', byId(ourProtocol), byId(peer.protocol), PROTOCOL_EXACT, PROTOCOL_USD);
const ourLiq = await all(collection.Liquidation!, ['id', ...LIQ_EXACT, ...LIQ_USD].join(' '));
compare(
  'liquidations (amounts, protocol fee, USD values)',
  byId(ourLiq),
  byId(peer.liquidations),
  LIQ_EXACT,
  LIQ_USD,
);

// row counts of the other entities
const ENT: Record<string, string> = {
  account: 'Account',
  supply: 'Supply',
  withdraw: 'Withdraw',
  borrow: 'Borrow',
  repay: 'Repay',
  flashLoan: 'FlashLoan',
  collateralToggle: 'CollateralToggle',
  eModeSet: 'EModeSet',
  riskParameterChange: 'RiskParameterChange',
  pricePoint: 'PricePoint',
  marketHourlySnapshot: 'MarketHourlySnapshot',
  marketDailySnapshot: 'MarketDailySnapshot',
  protocolDailySnapshot: 'ProtocolDailySnapshot',
  accountActivityDay: 'AccountActivityDay',
  token: 'Token',
  priceFeed: 'PriceFeed',
  eModeCategory: 'EModeCategory',
};
const counts: Record<string, { ours: number; peer: number }> = {};
const cc: Check = { name: 'row counts of the other entities', compared: 0, mismatches: 0 };
for (const [k, ent] of Object.entries(ENT)) {
  if (!collection[ent]) continue;
  const ours = (await all(collection[ent]!, 'id')).length;
  counts[ent] = { ours, peer: peer.counts[k] };
  cc.compared++;
  if (ours !== peer.counts[k]) {
    cc.mismatches++;
    cc.example ??= `${ent}: ours ${ours} peer ${peer.counts[k]}`;
  }
}
checks.push(cc);

// headline figures (reported next to the verdict)
const sum = (xs: any[], f: string) => xs.reduce((a, x) => a + BigInt(x[f]), 0n).toString();
const headline = {
  markets: ourMarkets.length,
  positions: ourPos.length,
  peerPositions: peer.positions.length,
  accounts: ourProtocol[0]?.accountCount,
  peerAccounts: peer.protocol[0]?.accountCount,
  liquidations: ourLiq.length,
  peerLiquidations: peer.liquidations.length,
  sumScaledATokenBalance: sum(ourPos, 'scaledATokenBalance'),
  peerSumScaledATokenBalance: sum(peer.positions, 'scaledATokenBalance'),
  sumScaledVariableDebt: sum(ourPos, 'scaledVariableDebt'),
  peerSumScaledVariableDebt: sum(peer.positions, 'scaledVariableDebt'),
};
await server.close();
await store.close();
const ok = checks.every((c) => c.mismatches === 0);
for (const c of checks)
  console.error(
    `[equivalence] ${c.name}: ${c.compared} values compared, ${c.mismatches} mismatches${c.example ? ` (e.g. ${c.example})` : ''}`,
  );
console.log(JSON.stringify({ ok, checks, counts, headline }));
process.exit(0);
