import { onchainTable } from 'ponder';
export const poolEvent = onchainTable('pool_event', (t) => ({
  id: t.text().primaryKey(), kind: t.text().notNull(), reserve: t.hex().notNull(), user: t.hex().notNull(), amount: t.bigint().notNull(), block: t.bigint().notNull(),
}));
export const position = onchainTable('position', (t) => ({ id: t.text().primaryKey(), supplied: t.bigint().notNull(), borrowed: t.bigint().notNull() }));
