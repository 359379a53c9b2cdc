// graph-node's query schema generated from the subgraph schema (graph/src/schema/api.rs):
// per type `thing(id, block, subgraphError)` and `things(skip, first, orderBy, orderDirection,
// where, block, subgraphError)`, `Thing_filter` / `Thing_orderBy`, collection arguments on
// list and derived fields, `_meta`. Resolvers compile to SQL and batch each nesting level into
// one query per field (a per-request Batcher collects sibling resolver calls of the same tick).
import {
  GraphQLSchema, GraphQLObjectType, GraphQLInterfaceType, GraphQLInputObjectType, GraphQLEnumType,
  GraphQLList, GraphQLNonNull, GraphQLString, GraphQLInt, GraphQLBoolean, GraphQLID, GraphQLError,
  type GraphQLFieldConfigMap, type GraphQLInputFieldConfigMap, type GraphQLOutputType, type GraphQLInputType,
  type GraphQLFieldConfigArgumentMap, type GraphQLNamedType, type GraphQLFieldResolver, type GraphQLResolveInfo,
  type SelectionSetNode, Kind,
} from 'graphql';
import type { FieldDef, SchemaModel } from '../schema/index.ts';
import type { Store, Column } from '../store/index.ts';
import { q } from '../store/layout.ts';
import { toHex } from '../store/codec.ts';
import { CUSTOM_SCALARS } from './scalars.ts';
import { singularField, pluralField } from './naming.ts';
import { buildRelations, blockCond, compileFilter, compileOrder, joinCond, paramText, selectList, Params, type Relation, type FilterCtx } from './sql.ts';

export interface ApiLimits { maxFirst: number; maxSkip: number }
export const DEFAULT_LIMITS: ApiLimits = { maxFirst: 1000, maxSkip: 5000 };

/** What one request shares: the store, the batcher, the latest block read once. */
export interface RequestContext {
  store: Store;
  deployment: string;
  batch: Batcher;
  latest?: Promise<{ number: number; hash: string } | null>;
}

/** An entity as it travels between resolvers: type, query block, raw row (maybe partial). */
interface Obj { __typename: string; b: number; r: Record<string, unknown>; full: boolean }

// ---- batching -------------------------------------------------------------------------------
type Job = { items: unknown[]; resolve: ((v: unknown) => void)[]; reject: ((e: unknown) => void)[]; run: (items: unknown[]) => Promise<unknown[]> };
export class Batcher {
  private jobs = new Map<string, Job>();
  private scheduled = false;
  queries = 0;
  load<T>(key: string, item: unknown, run: (items: unknown[]) => Promise<T[]>): Promise<T> {
    let j = this.jobs.get(key);
    if (!j) this.jobs.set(key, (j = { items: [], resolve: [], reject: [], run: run as Job['run'] }));
    j.items.push(item);
    const p = new Promise<T>((res, rej) => { j!.resolve.push(res as (v: unknown) => void); j!.reject.push(rej); });
    if (!this.scheduled) {
      this.scheduled = true;
      // nextTick runs after every sibling resolver of this level has been called.
      process.nextTick(() => this.flush());
    }
    return p;
  }
  private flush() {
    this.scheduled = false;
    const jobs = [...this.jobs.values()];
    this.jobs.clear();
    for (const j of jobs) {
      this.queries++;
      j.run(j.items).then((out) => out.forEach((v, i) => j.resolve[i](v)), (e) => j.reject.forEach((r) => r(e)));
    }
  }
}

// ---- output encoding ------------------------------------------------------------------------
function normDecimal(s: string): string {
  if (!s.includes('.') || /e/i.test(s)) return s;
  const t = s.replace(/0+$/, '').replace(/\.$/, '');
  return t === '-0' ? '0' : t;
}
function outScalar(raw: unknown, c: Column): unknown {
  if (raw === null || raw === undefined) return null;
  switch (c.valueKind) {
    case 'Bytes': return toHex(raw instanceof Uint8Array ? raw : new Uint8Array(Buffer.from(String(raw).slice(2), 'hex')));
    case 'Int': return Number(raw);
    case 'Bool': return raw === true || raw === 't';
    case 'BigDecimal': return normDecimal(String(raw));
    default: return String(raw);
  }
}
function outValue(raw: unknown, c: Column): unknown {
  if (raw === null || raw === undefined) return null;
  return c.list ? (raw as unknown[]).map((x) => outScalar(x, c)) : outScalar(raw, c);
}
/** Id of a row as the API string (Bytes → 0x-hex) for map keys. */
const idKey = (raw: unknown, c: Column) => String(outScalar(raw, c));

/**
 * Field names selected under this field (fragments included, any type condition), so a page of
 * 1000 rows reads only the columns asked for. A column missed here is still served: resolvers
 * fall back to loading the full row (`full: false`).
 */
function requested(info: GraphQLResolveInfo): Set<string> {
  const out = new Set<string>();
  const seen = new Set<string>();
  const visit = (ss: SelectionSetNode | undefined) => {
    if (!ss) return;
    for (const sel of ss.selections) {
      if (sel.kind === Kind.FIELD) out.add(sel.name.value);
      else if (sel.kind === Kind.INLINE_FRAGMENT) visit(sel.selectionSet);
      else if (!seen.has(sel.name.value)) { seen.add(sel.name.value); visit(info.fragments[sel.name.value]?.selectionSet); }
    }
  };
  for (const n of info.fieldNodes) visit(n.selectionSet);
  return out;
}
const coversAll = (rel: Relation, f: Set<string>) => !rel.isInterface && [...rel.columns.keys()].every((k) => f.has(k) || k === 'id');

// ---- schema ---------------------------------------------------------------------------------
export interface Api { schema: GraphQLSchema; rels: Map<string, Relation>; limits: ApiLimits }

export function buildApi(model: SchemaModel, store: Store, limits: ApiLimits = DEFAULT_LIMITS): Api {
  const rels = buildRelations(model, store.layout);
  const types = new Map<string, GraphQLNamedType>();
  const OrderDirection = new GraphQLEnumType({ name: 'OrderDirection', description: 'Defines the order direction, either ascending or descending', values: { asc: {}, desc: {} } });
  const ErrorPolicy = new GraphQLEnumType({ name: '_SubgraphErrorPolicy_', values: {
    allow: { description: 'Data will be returned even if the subgraph has indexing errors' },
    deny: { description: 'If the subgraph has indexing errors, data will be omitted. The default.' } } });
  const BlockHeight = new GraphQLInputObjectType({ name: 'Block_height', fields: { hash: { type: CUSTOM_SCALARS.Bytes }, number: { type: GraphQLInt }, number_gte: { type: GraphQLInt } } });
  const BlockChangedFilter = new GraphQLInputObjectType({ name: 'BlockChangedFilter', fields: { number_gte: { type: new GraphQLNonNull(GraphQLInt) } } });
  for (const [name, values] of model.enums) types.set(name, new GraphQLEnumType({ name, values: Object.fromEntries(values.map((v) => [v, { value: v }])) }));

  const scalarType = (t: string): GraphQLInputType & GraphQLOutputType => {
    switch (t) {
      case 'ID': return GraphQLID; case 'String': return GraphQLString; case 'Int': return GraphQLInt; case 'Boolean': return GraphQLBoolean;
      default: return (CUSTOM_SCALARS as Record<string, GraphQLInputType & GraphQLOutputType>)[t] ?? (types.get(t) as GraphQLEnumType);
    }
  };
  const fieldsOf = (name: string) => model.entities.get(name)?.fields ?? model.interfaces.get(name)!.fields;
  const isEntityish = (f: FieldDef) => f.kind === 'entity' || f.kind === 'interface';
  const idFilterType = (typeName: string) => {
    const idf = fieldsOf(typeName).find((f) => f.name === 'id')!;
    return idf.type === 'Int8' ? GraphQLInt : GraphQLString; // graph-node: refs filter by String (Int for Int8 ids)
  };

  // Filters and orderBy enums, for entities and interfaces.
  const filters = new Map<string, GraphQLInputObjectType>();
  const orderBys = new Map<string, GraphQLEnumType>();
  const typeNames = [...model.entities.keys(), ...model.interfaces.keys()];
  for (const name of typeNames) {
    const filter: GraphQLInputObjectType = new GraphQLInputObjectType({
      name: `${name}_filter`,
      fields: () => {
        const out: GraphQLInputFieldConfigMap = {};
        const add = (n: string, ops: string[], t: GraphQLInputType) => {
          for (const op of ops) out[op ? `${n}_${op}` : n] = { type: op === 'in' || op === 'not_in' ? new GraphQLList(new GraphQLNonNull(t)) : t };
        };
        for (const f of fieldsOf(name)) {
          if (f.list) {
            if (!isEntityish(f) || !f.derivedFrom) {
              const t = isEntityish(f) ? idFilterType(f.type) : scalarType(f.type);
              for (const op of ['', 'not', 'contains', 'contains_nocase', 'not_contains', 'not_contains_nocase']) out[op ? `${f.name}_${op}` : f.name] = { type: new GraphQLList(new GraphQLNonNull(t)) };
            }
            if (isEntityish(f)) out[`${f.name}_`] = { type: filters.get(f.type)! };
            continue;
          }
          if (isEntityish(f)) {
            if (!f.derivedFrom) add(f.name, scalarOps(idFilterType(f.type) === GraphQLInt ? 'Int' : 'String'), idFilterType(f.type));
            out[`${f.name}_`] = { type: filters.get(f.type)! };
          } else if (f.kind === 'enum') add(f.name, ['', 'not', 'in', 'not_in'], scalarType(f.type));
          else add(f.name, scalarOps(f.type), scalarType(f.type));
        }
        out._change_block = { type: BlockChangedFilter, description: 'Filter for the block changed event.' };
        out.and = { type: new GraphQLList(filter) };
        out.or = { type: new GraphQLList(filter) };
        return out;
      },
    });
    filters.set(name, filter);
    const values: Record<string, object> = {};
    for (const f of fieldsOf(name)) {
      values[f.name] = {};
      if (!f.list && isEntityish(f)) {
        for (const cf of fieldsOf(f.type)) if (!cf.list && !isEntityish(cf)) values[`${f.name}__${cf.name}`] = {};
      }
    }
    orderBys.set(name, new GraphQLEnumType({ name: `${name}_orderBy`, values }));
  }

  const collectionArgs = (target: string): GraphQLFieldConfigArgumentMap => ({
    skip: { type: GraphQLInt, defaultValue: 0 },
    first: { type: GraphQLInt, defaultValue: 100 },
    orderBy: { type: orderBys.get(target)! },
    orderDirection: { type: OrderDirection },
    where: { type: filters.get(target)! },
  });

  const outTypes = new Map<string, GraphQLObjectType | GraphQLInterfaceType>();
  const entityFields = (owner: string) => (): GraphQLFieldConfigMap<Obj, RequestContext> => {
    const out: GraphQLFieldConfigMap<Obj, RequestContext> = {};
    for (const f of fieldsOf(owner)) {
      let t: GraphQLOutputType = isEntityish(f) ? outTypes.get(f.type)! : scalarType(f.type);
      if (f.list) t = new GraphQLList(f.itemRequired ? new GraphQLNonNull(t) : t); // as declared in schema.graphql
      if (f.required) t = new GraphQLNonNull(t);
      const listOfEntities = f.list && isEntityish(f);
      out[f.name] = {
        type: t,
        args: listOfEntities ? collectionArgs(f.type) : undefined,
        resolve: model.entities.has(owner) ? fieldResolver(owner, f) : undefined,
      };
    }
    return out;
  };
  for (const [name, i] of model.interfaces) {
    outTypes.set(name, new GraphQLInterfaceType({ name, fields: entityFields(name) as never, resolveType: (o: Obj) => o.__typename }));
    void i;
  }
  for (const [name, e] of model.entities) {
    outTypes.set(name, new GraphQLObjectType({ name, fields: entityFields(name) as never, interfaces: () => e.interfaces.map((n) => outTypes.get(n) as GraphQLInterfaceType) }));
  }

  // -- resolvers --
  const ctxFilter = (block: number, params: Params): FilterCtx => ({ rels, params, block, depth: 0 });
  const toObj = (type: string | null, b: number, r: Record<string, unknown>, full: boolean): Obj => ({ __typename: (type ?? r.__typename) as string, b, r, full });

  function checkRange(args: { first?: number | null; skip?: number | null }) {
    const first = args.first ?? 100, skip = args.skip ?? 0;
    // graph-node: 0 < first <= max, 0 <= skip <= max
    if (first <= 0 || first > limits.maxFirst) throw new GraphQLError(`The \`first\` argument must be between 0 and ${limits.maxFirst}, but is ${first}`);
    if (skip < 0 || skip > limits.maxSkip) throw new GraphQLError(`The \`skip\` argument must be between 0 and ${limits.maxSkip}, but is ${skip}`);
    return { first, skip };
  }

  /** Load full rows of a concrete type by id at a block (for interface objects and refs). */
  function loadById(ctx: RequestContext, typeName: string, block: number, id: string): Promise<Obj | null> {
    const rel = rels.get(typeName)!;
    return ctx.batch.load<Obj | null>(`id:${typeName}:${block}`, id, async (ids) => {
      const p = new Params();
      const idp = p.add([...new Set(ids as string[])].map((x) => paramText(rel.id, x, 'id')));
      const { rows } = await store.driver.query<Record<string, unknown>>(
        `SELECT ${selectList(rel, 't')} FROM ${rel.from} t WHERE t.id = ANY(${idp}::text[]::${rel.id.pg}[]) AND ${blockCond(rel, 't', block)}`, p.values);
      const m = new Map(rows.map((r) => [idKey(r.id, rel.id), r]));
      return (ids as string[]).map((x) => { const r = m.get(x); return r ? toObj(rel.isInterface ? null : typeName, block, r, !rel.isInterface) : null; });
    });
  }

  async function fullRow(o: Obj, ctx: RequestContext): Promise<Record<string, unknown>> {
    if (o.full) return o.r;
    const rel = rels.get(o.__typename)!;
    const x = await loadById(ctx, o.__typename, o.b, idKey(o.r.id, rel.id));
    if (!x) throw new GraphQLError(`entity ${o.__typename}[${idKey(o.r.id, rel.id)}] vanished`);
    o.r = x.r; o.full = true;
    return o.r;
  }

  function fieldResolver(owner: string, f: FieldDef): GraphQLFieldResolver<Obj, RequestContext> {
    const rel = rels.get(owner)!;
    const col = rel.columns.get(f.name);
    if (!isEntityish(f)) {
      // Synchronous on the common path: thousands of rows × fields must not each cost a promise.
      return (o, _a, ctx) => (col!.name in o.r ? outValue(o.r[col!.name], col!) : fullRow(o, ctx).then((r) => outValue(r[col!.name], col!)));
    }
    const child = rels.get(f.type)!;
    // Single reference stored on the parent: one `id = ANY(…)` query per level.
    if (!f.list && !f.derivedFrom) {
      const load = (o: Obj, r: Record<string, unknown>, ctx: RequestContext) => {
        const raw = r[col!.name];
        if (raw === null || raw === undefined) return null;
        return loadById(ctx, f.type, o.b, idKey(raw, col!)).then((x) => {
          if (!x && f.required) throw new GraphQLError(`Null value resolved for non-null field \`${f.name}\``);
          return x;
        });
      };
      return (o, _a, ctx) => (col!.name in o.r ? load(o, o.r, ctx) : fullRow(o, ctx).then((r) => load(o, r, ctx)));
    }
    // Lists and derived fields: one windowed query for all parents of this level.
    return async (o, args: Record<string, unknown>, ctx, info) => {
      const { first, skip } = f.list ? checkRange(args as never) : { first: 1, skip: 0 };
      const want = requested(info);
      const full = coversAll(child, want);
      const key = `rel:${owner}.${f.name}:${o.b}:${JSON.stringify(args)}:${[...want].sort().join(',')}`;
      let parentKey: string | null;
      if (f.derivedFrom) parentKey = idKey(o.r.id, rel.id);
      else {
        const r = col!.name in o.r ? o.r : await fullRow(o, ctx);
        const arr = r[col!.name] as unknown[] | null;
        if (!arr) return f.required ? [] : null;
        parentKey = JSON.stringify(arr.map((x) => idKey(x, col!)));
      }
      const rows = await ctx.batch.load<Obj[]>(key, parentKey, async (items) => {
        const p = new Params();
        const fc = ctxFilter(o.b, p);
        const where = compileFilter(child, 't', args.where as Record<string, unknown>, fc);
        const order = compileOrder(child, 't', args as never, fc);
        if (f.derivedFrom) {
          // graph-node's shape: per parent id a LATERAL subquery using the child's
          // (ref, id) index with its own ORDER BY / LIMIT / OFFSET.
          const back = child.columns.get(f.derivedFrom)!;
          const uniq = [...new Set(items as string[])];
          const ids = p.add(uniq.map((x) => paramText(rel.id, x, 'id')));
          const link = back.list ? `p.pid = ANY(t.${q(back.name)})` : `t.${q(back.name)} = p.pid`;
          const sql = `SELECT c.*, p.pid AS "__parent" FROM unnest(${ids}::text[]::${rel.id.pg}[]) WITH ORDINALITY AS p(pid, ord)
            CROSS JOIN LATERAL (SELECT ${selectList(child, 't', want)} FROM ${child.from} t WHERE ${link} AND ${blockCond(child, 't', o.b)} AND ${where}
              ORDER BY ${order} LIMIT ${first} OFFSET ${skip}) c ORDER BY p.ord`;
          const { rows } = await store.driver.query<Record<string, unknown>>(sql, p.values);
          const by = new Map<string, Obj[]>();
          for (const r of rows) {
            const k = idKey(r.__parent, rel.id);
            if (!by.has(k)) by.set(k, []);
            by.get(k)!.push(toObj(child.isInterface ? null : f.type, o.b, r, full));
          }
          return (items as string[]).map((k) => by.get(k) ?? []);
        }
        // Stored list of ids: fetch the union once (filtered, ordered), then split per parent.
        const lists = (items as string[]).map((s) => JSON.parse(s) as string[]);
        const all = [...new Set(lists.flat())];
        const ids = p.add(all.map((x) => paramText(child.id, x, 'id')));
        const { rows } = await store.driver.query<Record<string, unknown>>(
          `SELECT ${selectList(child, 't', want)} FROM ${child.from} t WHERE t.id = ANY(${ids}::text[]::${child.id.pg}[]) AND ${blockCond(child, 't', o.b)} AND ${where} ORDER BY ${order}`, p.values);
        const objs = rows.map((r) => ({ k: idKey(r.id, child.id), o: toObj(child.isInterface ? null : f.type, o.b, r, full) }));
        return lists.map((l) => { const s = new Set(l); return objs.filter((x) => s.has(x.k)).slice(skip, skip + first).map((x) => x.o); });
      });
      if (!f.list) return rows[0] ?? null;
      return rows;
    };
  }

  // -- root fields --
  const queryFields: GraphQLFieldConfigMap<unknown, RequestContext> = {};
  for (const name of typeNames) {
    const rel = rels.get(name);
    if (!rel) continue; // interface without implementers
    const t = outTypes.get(name)!;
    queryFields[singularField(name)] = {
      type: t,
      args: { id: { type: new GraphQLNonNull(GraphQLID) }, block: { type: BlockHeight, description: BLOCK_DESC }, subgraphError: { type: new GraphQLNonNull(ErrorPolicy), defaultValue: 'deny', description: ERR_DESC } },
      resolve: async (_s, args: { id: string; block?: BlockArg }, ctx) => {
        const b = await resolveBlock(ctx, args.block);
        const p = new Params();
        const idp = p.add(paramText(rel.id, args.id, 'id'));
        const { rows } = await store.driver.query<Record<string, unknown>>(
          `SELECT ${selectList(rel, 't')} FROM ${rel.from} t WHERE t.id = ${idp}::text::${rel.id.pg} AND ${blockCond(rel, 't', b)} LIMIT 1`, p.values);
        return rows[0] ? toObj(rel.isInterface ? null : name, b, rows[0], !rel.isInterface) : null;
      },
    };
    queryFields[pluralField(name)] = {
      type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(t))),
      args: { ...collectionArgs(name), block: { type: BlockHeight, description: BLOCK_DESC }, subgraphError: { type: new GraphQLNonNull(ErrorPolicy), defaultValue: 'deny', description: ERR_DESC } },
      resolve: async (_s, args: Record<string, unknown>, ctx, info) => {
        const { first, skip } = checkRange(args as never);
        const b = await resolveBlock(ctx, args.block as BlockArg | undefined);
        const p = new Params();
        const fc = ctxFilter(b, p);
        const where = compileFilter(rel, 't', args.where as Record<string, unknown>, fc);
        const order = compileOrder(rel, 't', args as never, fc);
        const want = requested(info);
        const { rows } = await store.driver.query<Record<string, unknown>>(
          `SELECT ${selectList(rel, 't', want)} FROM ${rel.from} t WHERE ${blockCond(rel, 't', b)} AND ${where} ORDER BY ${order} LIMIT ${first} OFFSET ${skip}`, p.values);
        const full = coversAll(rel, want);
        return rows.map((r) => toObj(rel.isInterface ? null : name, b, r, full));
      },
    };
  }

  const BlockType = new GraphQLObjectType({ name: '_Block_', fields: {
    hash: { type: CUSTOM_SCALARS.Bytes, description: 'The hash of the block' },
    number: { type: new GraphQLNonNull(GraphQLInt), description: 'The block number' },
    timestamp: { type: GraphQLInt, description: 'Integer representation of the timestamp stored in blocks for the chain' },
    parentHash: { type: CUSTOM_SCALARS.Bytes, description: 'The hash of the parent block' },
  } });
  const MetaType = new GraphQLObjectType({ name: '_Meta_', description: 'The type for the top-level _meta field', fields: {
    block: { type: new GraphQLNonNull(BlockType) },
    deployment: { type: new GraphQLNonNull(GraphQLString), description: 'The deployment ID' },
    hasIndexingErrors: { type: new GraphQLNonNull(GraphQLBoolean), description: 'If `true`, the subgraph encountered indexing errors at some past block' },
  } });
  queryFields._meta = {
    type: MetaType, description: 'Access to subgraph metadata',
    args: { block: { type: BlockHeight } },
    resolve: async (_s, args: { block?: BlockArg }, ctx) => {
      const n = await resolveBlock(ctx, args.block);
      const blk = await store.getBlock({ number: n });
      const h = await store.health();
      return {
        block: { number: n, hash: blk?.hash ?? null, parentHash: blk?.parentHash ?? null, timestamp: blk?.timestamp === null || blk?.timestamp === undefined ? null : Number(blk.timestamp) },
        deployment: ctx.deployment,
        hasIndexingErrors: h.fatalError?.deterministic === true,
      };
    },
  };

  const schema = new GraphQLSchema({ query: new GraphQLObjectType({ name: 'Query', fields: queryFields }), types: [...outTypes.values()] });
  return { schema, rels, limits };
}

const BLOCK_DESC = 'The block at which the query should be executed. Can either be a `{ hash: Bytes }` value containing a block hash, a `{ number: Int }` containing the block number, or a `{ number_gte: Int }` containing the minimum block number. In the case of `number_gte`, the query will be executed on the latest block only if the subgraph has progressed to or past the minimum block number. Defaults to the latest block when omitted.';
const ERR_DESC = 'Set to `allow` to receive data even if the subgraph has skipped over errors while syncing.';

function scalarOps(t: string): string[] {
  const num = ['', 'not', 'gt', 'lt', 'gte', 'lte', 'in', 'not_in'];
  switch (t) {
    case 'Boolean': return ['', 'not', 'in', 'not_in'];
    case 'Bytes': return [...num, 'contains', 'not_contains'];
    case 'String': return [...num, 'contains', 'contains_nocase', 'not_contains', 'not_contains_nocase', 'starts_with', 'starts_with_nocase',
      'not_starts_with', 'not_starts_with_nocase', 'ends_with', 'ends_with_nocase', 'not_ends_with', 'not_ends_with_nocase'];
    default: return num; // ID, Int, Int8, BigInt, BigDecimal, Timestamp
  }
}

type BlockArg = { hash?: string | null; number?: number | null; number_gte?: number | null };

/** The block a root field reads at, validated as graph-node does. Latest is read once per request. */
export async function resolveBlock(ctx: RequestContext, arg: BlockArg | undefined | null): Promise<number> {
  ctx.latest ??= ctx.store.getCursor();
  const latest = await ctx.latest;
  if (!latest) throw new GraphQLError('Subgraph has not started syncing yet. Wait for it to ingest a few blocks before querying it');
  if (!arg || (arg.hash == null && arg.number == null && arg.number_gte == null)) return latest.number;
  if (arg.hash != null) {
    const b = await ctx.store.getBlock({ hash: arg.hash });
    if (!b) throw new GraphQLError('Failed to decode `block.hash` value: `no block with that hash found`');
    if (b.number > latest.number) throw notYet(ctx, latest.number, b.number, 'block.hash');
    return b.number;
  }
  if (arg.number != null) {
    if (arg.number < 0) throw new GraphQLError(`Failed to decode \`block.number\` value: \`invalid block number ${arg.number}\``);
    if (arg.number > latest.number) throw notYet(ctx, latest.number, arg.number, 'block.number');
    return arg.number;
  }
  if (arg.number_gte! > latest.number) throw notYet(ctx, latest.number, arg.number_gte!, 'block.number');
  return latest.number;
}

function notYet(ctx: RequestContext, latest: number, wanted: number, what: string): GraphQLError {
  return new GraphQLError(`Failed to decode \`${what}\` value: \`subgraph ${ctx.deployment} has only indexed up to block number ${latest} and data for block number ${wanted} is therefore not yet available\``);
}
