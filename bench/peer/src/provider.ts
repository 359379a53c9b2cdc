// Port of subgraph/src/addresses-provider.ts. The subgraph starts Pool / PoolConfigurator /
// AaveOracle templates here; the peer's config lists those contracts (addresses of the recorded
// deployment) and these handlers keep the same Protocol state.
import { ponder } from 'ponder:registry';
import { eq } from 'ponder';
import { market as Market, token as Token } from 'ponder:schema';
import { AaveOracle, Pool, PoolAddressesProvider } from '../lib/abis.ts';
import { type Ctx, type Ev, type Hex, type Row, ZERO_ADDRESS, getOrCreateProtocol, load, lower, saveProtocol, tryCall } from '../lib/entities.ts';
import { trackPriceSource } from '../lib/prices.ts';
import { runPendingOracleEvents } from '../lib/oracle-handlers.ts';

const ID_POOL = '0x504f4f4c00000000000000000000000000000000000000000000000000000000';
const ID_POOL_CONFIGURATOR = '0x504f4f4c5f434f4e464947555241544f52000000000000000000000000000000';
const ID_PRICE_ORACLE = '0x50524943455f4f5241434c450000000000000000000000000000000000000000';

async function readMarketId(ctx: Ctx, p: Row, provider: Hex) {
  if (p.marketId !== null) return;
  const r = await tryCall(ctx, PoolAddressesProvider, provider, 'getMarketId');
  if (r !== null) p.marketId = r;
}
async function readPoolRevision(ctx: Ctx, p: Row) {
  if (p.pool === null) return;
  const r = await tryCall(ctx, Pool, p.pool, 'POOL_REVISION');
  if (r !== null) p.poolRevision = Number(r);
}
async function startPool(ctx: Ctx, p: Row, pool: Hex, provider: Hex) {
  pool = lower(pool);
  if (pool === ZERO_ADDRESS || p.pool === pool) return;
  p.pool = pool;
  await readMarketId(ctx, p, provider);
  await readPoolRevision(ctx, p);
}
function startConfigurator(p: Row, configurator: Hex) {
  configurator = lower(configurator);
  if (configurator === ZERO_ADDRESS || p.poolConfigurator === configurator) return;
  p.poolConfigurator = configurator;
}
async function startOracle(ctx: Ctx, p: Row, oracle: Hex, e: Ev) {
  oracle = lower(oracle);
  if (oracle === ZERO_ADDRESS || p.oracle === oracle) return;
  p.oracle = oracle;
  const unit = await tryCall(ctx, AaveOracle, oracle, 'BASE_CURRENCY_UNIT');
  if (unit !== null && unit !== 0n) p.baseCurrencyUnit = unit;
  const markets: Row[] = await ctx.db.sql.select().from(Market).where(eq(Market.protocol, p.id));
  for (const m of markets) {
    const token = await load(ctx, Token, m.underlyingToken);
    if (!token) continue;
    const src = await tryCall(ctx, AaveOracle, oracle, 'getSourceOfAsset', [token.id]);
    if (src !== null) await trackPriceSource(ctx, token, src, p, e);
  }
}
const provider = (event: any) => lower(event.log.address);

ponder.on('PoolAddressesProvider:ProxyCreated', async ({ event, context }: any) => {
  const p = await getOrCreateProtocol(context, provider(event), event);
  if (event.args.id === ID_POOL) await startPool(context, p, event.args.proxyAddress, provider(event));
  else if (event.args.id === ID_POOL_CONFIGURATOR) startConfigurator(p, event.args.proxyAddress);
  await saveProtocol(context, p, event);
});

ponder.on('PoolAddressesProvider:PoolUpdated', async ({ event, context }: any) => {
  const p = await getOrCreateProtocol(context, provider(event), event);
  p.poolImplementation = lower(event.args.newAddress);
  if (lower(event.args.oldAddress) !== ZERO_ADDRESS && p.poolUpgradedBlock === null) p.poolUpgradedBlock = event.block.number;
  if (p.pool === null) {
    const r = await tryCall(context, PoolAddressesProvider, provider(event), 'getPool');
    if (r !== null) await startPool(context, p, r, provider(event));
  } else await readPoolRevision(context, p);
  await readMarketId(context, p, provider(event));
  await saveProtocol(context, p, event);
});

ponder.on('PoolAddressesProvider:PoolConfiguratorUpdated', async ({ event, context }: any) => {
  const p = await getOrCreateProtocol(context, provider(event), event);
  if (p.poolConfigurator === null) {
    const r = await tryCall(context, PoolAddressesProvider, provider(event), 'getPoolConfigurator');
    if (r !== null) startConfigurator(p, r);
  }
  await saveProtocol(context, p, event);
});

ponder.on('PoolAddressesProvider:PriceOracleUpdated', async ({ event, context }: any) => {
  const p = await getOrCreateProtocol(context, provider(event), event);
  await startOracle(context, p, event.args.newAddress, event);
  await saveProtocol(context, p, event);
  if (p.oracle !== null) await runPendingOracleEvents(context, p.oracle, event.block); // the new data source's earlier events in this block
});

ponder.on('PoolAddressesProvider:AddressSet', async ({ event, context }: any) => {
  const p = await getOrCreateProtocol(context, provider(event), event);
  const id = event.args.id;
  if (id === ID_POOL) await startPool(context, p, event.args.newAddress, provider(event));
  else if (id === ID_POOL_CONFIGURATOR) startConfigurator(p, event.args.newAddress);
  else if (id === ID_PRICE_ORACLE) await startOracle(context, p, event.args.newAddress, event);
  await saveProtocol(context, p, event);
  if (id === ID_PRICE_ORACLE && p.oracle !== null) await runPendingOracleEvents(context, p.oracle, event.block);
});
