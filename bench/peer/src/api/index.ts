import { Hono } from 'hono';
import { db } from 'ponder:api';
import schema from 'ponder:schema';
import { count, graphql } from 'ponder';

const app = new Hono();
app.use('/graphql', graphql({ db, schema }));

// Figures for the equivalence check against our GraphQL (bench/equivalence.ts): every market and
// position, the protocol, liquidations, and row counts of the other entities.
const str = (x: unknown) => JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
app.get('/bench/figures', async (c) => {
  const counts: Record<string, number> = {};
  for (const t of ['account', 'supply', 'withdraw', 'borrow', 'repay', 'flashLoan', 'collateralToggle', 'eModeSet', 'riskParameterChange', 'pricePoint', 'marketHourlySnapshot', 'marketDailySnapshot', 'protocolDailySnapshot', 'accountActivityDay', 'token', 'priceFeed', 'eModeCategory'] as const) {
    counts[t] = Number((await db.select({ n: count() }).from((schema as any)[t]))[0]!.n);
  }
  const body = {
    protocol: await db.select().from(schema.protocol),
    markets: await db.select().from(schema.market),
    positions: await db.select().from(schema.position),
    liquidations: await db.select().from(schema.liquidation),
    counts,
  };
  return c.body(str(body), 200, { 'content-type': 'application/json' });
});
export default app;
