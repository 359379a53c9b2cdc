// Test helper: a tiny graph-node look-alike over HTTP (port 0) serving a Book as subgraph
// entities. It enforces what graph-node enforces for paging — first ≤ 1000, orderBy id,
// where { id_gt / id_gte / id_lt, field_gt }, block { hash } must be the indexed head — and
// records every request, so tests can check the client pages the way graph-node requires.
import { createServer, type Server } from 'node:http';
import {
  parse,
  Kind,
  type ArgumentNode,
  type FieldNode,
  type ValueNode,
  type SelectionSetNode,
} from 'graphql';
import type { Book } from '@/lib/risk/types';

type Row = Record<string, unknown>;

export interface FakeGraphNode {
  url: string;
  requests: string[];
  /** fail the next n requests with this HTTP status */
  failNext(n: number, status: number): void;
  close(): Promise<void>;
}

const hex = (n: number, bytes: number) => '0x' + n.toString(16).padStart(bytes * 2, '0');

export function bookToEntities(
  book: Book,
  dailyPrices?: Map<number, Array<[number, number]>>,
): Record<string, Row[]> {
  const markets = book.markets.map((m) => ({
    id: m.id,
    symbol: m.symbol,
    decimals: m.decimals,
    reserveId: m.reserveId,
    isDropped: false,
    ltv: m.ltv,
    liquidationThreshold: m.liquidationThreshold,
    liquidationBonus: m.liquidationBonus,
    liquidationProtocolFee: m.liquidationProtocolFee,
    debtCeiling: String(m.debtCeiling),
    liquidityIndex: String(m.liquidityIndex),
    variableBorrowIndex: String(m.variableBorrowIndex),
    liquidityRate: String(m.liquidityRate),
    variableBorrowRate: String(m.variableBorrowRate),
    lastUpdateTimestamp: String(m.lastUpdateTimestamp),
    eModeCategory: m.eModeCategoryId ? { id: String(m.eModeCategoryId) } : null,
    underlyingToken: { lastPriceBase: String(m.priceBase) },
  }));
  const eModeCategories = [...book.eModeCategories.values()].map((c) => ({
    id: String(c.id),
    label: c.label,
    ltv: c.ltv,
    liquidationThreshold: c.liquidationThreshold,
    liquidationBonus: c.liquidationBonus,
    priceSource: c.priceSource,
    collateralBitmap: String(c.collateralBitmap),
  }));
  const accounts = book.accounts.map((a) => ({ id: a.id, eModeCategoryId: a.eModeCategoryId }));
  const positions: Row[] = [];
  for (const a of book.accounts)
    for (const p of a.positions) {
      positions.push({
        id: a.id + book.markets[p.market].id.slice(2),
        scaledATokenBalance: String(p.scaledATokenBalance),
        scaledVariableDebt: String(p.scaledVariableDebt),
        stableDebt: String(p.stableDebt),
        stableBorrowRate: String(p.stableBorrowRate),
        stableLastUpdateTimestamp: String(p.stableLastUpdateTimestamp),
        collateralEnabled: p.collateralEnabled,
      });
    }
  const marketDailySnapshots: Row[] = [];
  for (const [mi, series] of dailyPrices ?? [])
    for (const [day, price] of series) {
      marketDailySnapshots.push({
        id: book.markets[mi].id + hex(day, 4).slice(2),
        day,
        priceUSD: String(price),
        market: { id: book.markets[mi].id },
      });
    }
  return {
    protocols: [
      { id: hex(1, 20), baseCurrencyUnit: String(book.baseCurrencyUnit), poolRevision: 1 },
    ],
    markets,
    emodeCategories: eModeCategories,
    accounts,
    positions,
    marketDailySnapshots,
    tokens: [],
  };
}

function value(v: ValueNode): unknown {
  switch (v.kind) {
    case Kind.STRING:
    case Kind.ENUM:
      return v.value;
    case Kind.INT:
      return Number(v.value);
    case Kind.BOOLEAN:
      return v.value;
    case Kind.OBJECT:
      return Object.fromEntries(v.fields.map((f) => [f.name.value, value(f.value)]));
    case Kind.LIST:
      return v.values.map(value);
    default:
      throw new Error(`fake graph-node: unsupported value ${v.kind}`);
  }
}

function project(row: Row, sel: SelectionSetNode | undefined): unknown {
  if (!sel) return row;
  const out: Row = {};
  for (const s of sel.selections) {
    const f = s as FieldNode;
    const v = row[f.name.value];
    if (v === undefined) throw new Error(`Type has no field \`${f.name.value}\``);
    out[f.name.value] = v && typeof v === 'object' ? project(v as Row, f.selectionSet) : v;
  }
  return out;
}

export async function startFakeGraphNode(
  entities: Record<string, Row[]>,
  head: { number: number; hash: string; timestamp: number },
): Promise<FakeGraphNode> {
  const requests: string[] = [];
  let failures = 0,
    failStatus = 500;
  const sorted = Object.fromEntries(
    Object.entries(entities).map(([k, rows]) => [
      k,
      [...rows].sort((a, b) => (String(a.id) < String(b.id) ? -1 : 1)),
    ]),
  );
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const send = (status: number, obj: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(obj));
      };
      if (failures > 0) {
        failures--;
        return send(failStatus, { error: 'injected failure' });
      }
      try {
        const { query } = JSON.parse(body) as { query: string };
        requests.push(query);
        const doc = parse(query);
        const op = doc.definitions[0];
        if (op.kind !== Kind.OPERATION_DEFINITION) throw new Error('expected an operation');
        const data: Row = {};
        for (const s of op.selectionSet.selections) {
          const f = s as FieldNode;
          const args = Object.fromEntries(
            (f.arguments ?? []).map((a: ArgumentNode) => [a.name.value, value(a.value)]),
          ) as Row;
          const block = args.block as { hash?: string } | undefined;
          if (block?.hash && block.hash !== head.hash)
            return send(200, { errors: [{ message: `block ${block.hash} not found` }] });
          if (f.name.value === '_meta') {
            data[f.alias?.value ?? '_meta'] = { block: head };
            continue;
          }
          const rows = sorted[f.name.value];
          if (!rows)
            return send(200, {
              errors: [{ message: `Type \`Query\` has no field \`${f.name.value}\`` }],
            });
          const first = (args.first as number | undefined) ?? 100;
          if (first > 1000)
            return send(200, {
              errors: [
                { message: 'The `first` argument must be between 0 and 1000, but is ' + first },
              ],
            });
          if (!block?.hash)
            return send(200, {
              errors: [
                { message: 'fake graph-node: collections must be pinned with block: { hash }' },
              ],
            });
          const where = { ...((args.where ?? {}) as Row) };
          // rows are sorted by id: start at the cursor by binary search, then filter forward
          const lower = (where.id_gt ?? where.id_gte) as string | undefined;
          let lo = 0;
          if (lower !== undefined) {
            let hi = rows.length;
            while (lo < hi) {
              const mid = (lo + hi) >> 1;
              if (String(rows[mid].id) < lower) lo = mid + 1;
              else hi = mid;
            }
          }
          if (args.orderBy !== undefined && args.orderBy !== 'id')
            throw new Error('fake graph-node: only orderBy id');
          const out: Row[] = [];
          for (let r = lo; r < rows.length && out.length < first; r++) {
            const row = rows[r];
            const id = String(row.id);
            if (where.id_lt !== undefined && id >= String(where.id_lt)) break;
            const ok = Object.entries(where).every(([k, v]) => {
              if (k === 'id_gt') return id > String(v);
              if (k === 'id_gte') return id >= String(v);
              if (k === 'id_lt') return id < String(v);
              if (k === 'id_in') return (v as string[]).includes(id);
              if (k.endsWith('_gt')) return Number(row[k.slice(0, -3)]) > Number(v);
              throw new Error(`fake graph-node: unsupported filter ${k}`);
            });
            if (ok) out.push(row);
          }
          data[f.alias?.value ?? f.name.value] = out.map((r) => project(r, f.selectionSet));
        }
        send(200, { data });
      } catch (e) {
        send(200, { errors: [{ message: (e as Error).message }] });
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/subgraphs/name/collateral-radar`,
    requests,
    failNext: (n, status) => {
      failures = n;
      failStatus = status;
    },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections?.();
        server.close(() => r());
      }),
  };
}
