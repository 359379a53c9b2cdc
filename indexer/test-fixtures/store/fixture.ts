// Deterministic test data for the fixture schema (indexer/test-fixtures/store/schema.graphql):
// a few tokens/markets and many accounts, positions and events changing over blocks.
import { readFileSync } from 'node:fs';
import type { EntityData, StoreValue } from '../../src/internal/types.ts';
import { parseSchema, type SchemaModel } from '../../src/schema/index.ts';
import type { Batch, EntityChange, Store } from '../../src/store/index.ts';
import { q } from '../../src/store/layout.ts';

export const fixtureSchemaPath = new URL('./schema.graphql', import.meta.url);
export function fixtureSchema(): SchemaModel {
  return parseSchema(readFileSync(fixtureSchemaPath, 'utf8'), 'test-fixtures/store/schema.graphql');
}

export const S = (value: string): StoreValue => ({ kind: 'String', value });
export const I = (value: number): StoreValue => ({ kind: 'Int', value });
export const I8 = (value: bigint): StoreValue => ({ kind: 'Int8', value });
export const BI = (value: bigint): StoreValue => ({ kind: 'BigInt', value });
export const BD = (value: string): StoreValue => ({ kind: 'BigDecimal', value });
export const B = (value: boolean): StoreValue => ({ kind: 'Bool', value });
export const TS = (value: bigint): StoreValue => ({ kind: 'Timestamp', value });
export const X = (hex: string): StoreValue => ({
  kind: 'Bytes',
  value: new Uint8Array(Buffer.from(hex.replace(/^0x/, ''), 'hex')),
});
export const L = (...value: StoreValue[]): StoreValue => ({ kind: 'Array', value });
export const ent = (o: Record<string, StoreValue>): EntityData => new Map(Object.entries(o));

export const addr = (prefix: number, n: number) =>
  '0x' + prefix.toString(16).padStart(2, '0') + n.toString(16).padStart(38, '0');
export const blockHash = (n: number, fork = 0) =>
  '0x' +
  (fork ? 'f' + fork.toString(16) : '') +
  n
    .toString(16)
    .padStart(fork ? 62 : 64, '0')
    .slice(-64 + (fork ? 2 : 0));

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export const TOKENS = [
  { id: addr(1, 1), symbol: 'WETH', name: 'Wrapped Ether', decimals: 18, price: '3000.5' },
  { id: addr(1, 2), symbol: 'USDC', name: 'USD Coin', decimals: 6, price: '1' },
  { id: addr(1, 3), symbol: 'wbtc', name: null, decimals: 8, price: null },
];
export const marketId = (k: number) => addr(2, k + 1);

/** Batches over blocks 1..blocks (two blocks per batch); accounts ids addr(3, n). */
export function makeBatches(opts: {
  blocks: number;
  accounts: number;
  seed?: number;
  perBlock?: number;
}): Batch[] {
  const r = rng(opts.seed ?? 1);
  const batches: Batch[] = [];
  const counts = new Map<string, number>();
  const balances = new Map<string, bigint>();
  const accMarkets = new Map<string, Set<number>>();
  let event = 0;
  let changes: EntityChange[] = [];
  let blocks: Batch['blocks'] = [];
  for (let b = 1; b <= opts.blocks; b++) {
    const ts = 1_700_000_000n + BigInt(b) * 12n;
    if (b === 1) {
      TOKENS.forEach((t) =>
        changes.push({
          entityType: 'Token',
          id: t.id,
          block: b,
          data: ent({
            id: X(t.id),
            symbol: S(t.symbol),
            decimals: I(t.decimals),
            ...(t.name ? { name: S(t.name) } : {}),
            ...(t.price ? { lastPriceUSD: BD(t.price) } : {}),
          }),
        }),
      );
      TOKENS.forEach((t, k) =>
        changes.push({
          entityType: 'Market',
          id: marketId(k),
          block: b,
          data: ent({
            id: X(marketId(k)),
            inputToken: X(t.id),
            status: S('ACTIVE'),
            totalSupply: BI(0n),
            liquidationThreshold: I8(8000n + BigInt(k)),
            isActive: B(true),
            tags: L(S(t.symbol.toLowerCase()), S('core')),
            rates: L(BD('0.05'), BD(String(k))),
          }),
        }),
      );
    }
    const n = opts.perBlock ?? 5;
    for (let j = 0; j < n; j++) {
      const a = Math.floor(r() * opts.accounts);
      const m = Math.floor(r() * TOKENS.length);
      const acc = addr(3, a);
      const pos = `${acc}-${m}`;
      const amount = BigInt(Math.floor(r() * 1e6)) * 10n ** 12n;
      const bal = (balances.get(pos) ?? 0n) + amount;
      balances.set(pos, bal);
      if (!counts.has(acc)) counts.set(acc, 0);
      const isNewPos = bal === amount;
      if (isNewPos) counts.set(acc, counts.get(acc)! + 1);
      if (!accMarkets.has(acc)) accMarkets.set(acc, new Set());
      accMarkets.get(acc)!.add(m);
      changes.push({
        entityType: 'Account',
        id: acc,
        block: b,
        data: ent({
          id: X(acc),
          positionCount: I(counts.get(acc)!),
          markets: L(...[...accMarkets.get(acc)!].sort().map((k) => X(marketId(k)))),
        }),
      });
      if (r() < 0.1 && !isNewPos) {
        changes.push({ entityType: 'Position', id: pos, block: b, data: null });
        balances.delete(pos);
      } else {
        changes.push({
          entityType: 'Position',
          id: pos,
          block: b,
          data: ent({
            id: S(pos),
            account: X(acc),
            market: X(marketId(m)),
            balance: BI(bal),
            isCollateral: B(r() < 0.7),
          }),
        });
      }
      const evId = '0x' + (++event).toString(16).padStart(8, '0');
      if (r() < 0.6) {
        changes.push({
          entityType: 'Supply',
          id: evId,
          block: b,
          data: ent({
            id: X(evId),
            account: X(acc),
            market: X(marketId(m)),
            amount: BI(amount),
            timestamp: TS(ts * 1_000_000n),
          }),
        });
      } else {
        changes.push({
          entityType: 'Borrow',
          id: evId,
          block: b,
          data: ent({
            id: X(evId),
            account: X(acc),
            market: X(marketId(m)),
            amount: BI(amount),
            rate: BD('0.0' + (j + 1)),
            timestamp: TS(ts * 1_000_000n),
          }),
        });
      }
    }
    changes.push({
      entityType: 'Market',
      id: marketId(b % 3),
      block: b,
      data: ent({
        id: X(marketId(b % 3)),
        inputToken: X(TOKENS[b % 3].id),
        status: S(b % 4 === 0 ? 'FROZEN' : 'ACTIVE'),
        totalSupply: BI(BigInt(b) * 10n ** 18n),
        liquidationThreshold: I8(8000n + BigInt(b)),
        isActive: B(b % 4 !== 0),
        tags: L(S('core')),
        rates: L(BD('0.05')),
      }),
    });
    blocks.push({ number: b, hash: blockHash(b), parentHash: blockHash(b - 1), timestamp: ts });
    if (b % 2 === 0 || b === opts.blocks) {
      batches.push({
        changes,
        blocks,
        cursor: { number: b, hash: blockHash(b) },
        dataSources:
          b === 4
            ? [
                {
                  template: 'AToken',
                  address: addr(9, 1),
                  block: 3,
                  context: new Map([['k', S('v')]]),
                },
              ]
            : [],
      });
      changes = [];
      blocks = [];
    }
  }
  return batches;
}

/** All versions of all tables as comparable JSON (vid excluded: it only counts inserts). */
export async function dumpStore(s: Store): Promise<string> {
  const out: Record<string, unknown[]> = {};
  for (const t of s.layout.tables.values()) {
    const cols = t.columns.map((c) => `${q(c.name)}::text`).join(', ');
    const { rows } = await s.driver.query(
      `SELECT ${cols}, "blk$lo"${t.immutable ? '' : ', "blk$hi"'} FROM ${t.qname} ORDER BY id, "blk$lo"`,
    );
    out[t.name] = rows;
  }
  return JSON.stringify(out);
}
