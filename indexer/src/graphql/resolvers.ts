// Resolvers of the query schema: root `thing` / `things` / `_meta` and entity fields. Each
// compiles to SQL over the store's layout (sql.ts) and batches one nesting level into one
// query per field (batcher.ts), as graph-node's prefetch does (graphql/src/store/prefetch.rs).
// The schema they plug into is built apart, in query-schema.ts.
import { GraphQLError, type GraphQLFieldResolver } from 'graphql';
import type { FieldDef } from '../schema/index.ts';
import type { Store } from '../store/index.ts';
import { q } from '../store/layout.ts';
import type { EntityObj, RequestContext } from './context.ts';
import { locateBlock, resolveBlock, type BlockArg } from './block.ts';
import { outValue, idKey } from './output.ts';
import { requested, coversAll } from './selection.ts';
import {
  blockCond,
  compileFilter,
  compileOrder,
  paramText,
  selectList,
  Params,
  type Relation,
  type FilterCtx,
} from './sql.ts';

/** How the API departs from graph-node's defaults, where a client needs it to. */
export interface ApiOptions {
  /**
   * `_meta(block: { number })`: 'graph-node' leaves hash, timestamp and parentHash null as
   * graph-node does; 'stored' reads them from the store's block table.
   */
  metaBlockByNumber: 'graph-node' | 'stored';
}

/** graph-node's `GRAPH_GRAPHQL_MAX_FIRST` and `GRAPH_GRAPHQL_MAX_SKIP`. */
export interface ApiLimits {
  maxFirst: number;
  maxSkip: number;
}

type Resolver<S> = GraphQLFieldResolver<S, RequestContext>;

/** What the schema builder needs from the resolver side (see query-schema.ts). */
export interface Resolvers {
  /** resolver of an entity type's field; undefined for interface fields (resolved by type) */
  field(owner: string, f: FieldDef): Resolver<EntityObj> | undefined;
  /** root `thing(id, block)` */
  single(typeName: string): Resolver<unknown>;
  /** root `things(skip, first, orderBy, orderDirection, where, block)` */
  collection(typeName: string): Resolver<unknown>;
  /** root `_meta(block)` */
  meta: Resolver<unknown>;
}

const isEntityish = (f: FieldDef) => f.kind === 'entity' || f.kind === 'interface';

export function createResolvers(
  rels: Map<string, Relation>,
  entityTypes: Set<string>,
  store: Store,
  limits: ApiLimits,
  options: ApiOptions,
): Resolvers {
  const ctxFilter = (block: number, params: Params): FilterCtx => ({
    rels,
    params,
    block,
    depth: 0,
  });
  const toObj = (
    type: string | null,
    b: number,
    r: Record<string, unknown>,
    full: boolean,
  ): EntityObj => ({ __typename: (type ?? r.__typename) as string, b, r, full });

  function checkRange(args: { first?: number | null; skip?: number | null }) {
    const first = args.first ?? 100;
    const skip = args.skip ?? 0;
    // graph-node: 0 < first <= max, 0 <= skip <= max
    if (first <= 0 || first > limits.maxFirst) {
      throw new GraphQLError(
        `The \`first\` argument must be between 0 and ${limits.maxFirst}, but is ${first}`,
      );
    }
    if (skip < 0 || skip > limits.maxSkip) {
      throw new GraphQLError(
        `The \`skip\` argument must be between 0 and ${limits.maxSkip}, but is ${skip}`,
      );
    }
    return { first, skip };
  }

  /** Load full rows of a concrete type by id at a block (for interface objects and refs). */
  function loadById(ctx: RequestContext, typeName: string, block: number, id: string) {
    const rel = rels.get(typeName)!;
    return ctx.batch.load<EntityObj | null>(`id:${typeName}:${block}`, id, async (ids) => {
      const p = new Params();
      const idp = p.add([...new Set(ids as string[])].map((x) => paramText(rel.id, x, 'id')));
      const { rows } = await store.driver.query<Record<string, unknown>>(
        `SELECT ${selectList(rel, 't')} FROM ${rel.from} t ` +
          `WHERE t.id = ANY(${idp}::text[]::${rel.id.pg}[]) AND ${blockCond(rel, 't', block)}`,
        p.values,
      );
      const m = new Map(rows.map((r) => [idKey(r.id, rel.id), r]));
      return (ids as string[]).map((x) => {
        const r = m.get(x);
        return r ? toObj(rel.isInterface ? null : typeName, block, r, !rel.isInterface) : null;
      });
    });
  }

  async function fullRow(o: EntityObj, ctx: RequestContext): Promise<Record<string, unknown>> {
    if (o.full) return o.r;
    const rel = rels.get(o.__typename)!;
    const x = await loadById(ctx, o.__typename, o.b, idKey(o.r.id, rel.id));
    if (!x) throw new GraphQLError(`entity ${o.__typename}[${idKey(o.r.id, rel.id)}] vanished`);
    o.r = x.r;
    o.full = true;
    return o.r;
  }

  function field(owner: string, f: FieldDef): Resolver<EntityObj> | undefined {
    if (!entityTypes.has(owner)) return undefined;
    const rel = rels.get(owner)!;
    const col = rel.columns.get(f.name);
    if (!isEntityish(f)) {
      // Synchronous on the common path: thousands of rows × fields must not each cost a promise.
      return (o, _a, ctx) =>
        col!.name in o.r
          ? outValue(o.r[col!.name], col!)
          : fullRow(o, ctx).then((r) => outValue(r[col!.name], col!));
    }
    const child = rels.get(f.type)!;
    // Single reference stored on the parent: one `id = ANY(…)` query per level.
    if (!f.list && !f.derivedFrom) {
      const load = (o: EntityObj, r: Record<string, unknown>, ctx: RequestContext) => {
        const raw = r[col!.name];
        if (raw === null || raw === undefined) return null;
        return loadById(ctx, f.type, o.b, idKey(raw, col!)).then((x) => {
          if (!x && f.required) {
            throw new GraphQLError(`Null value resolved for non-null field \`${f.name}\``);
          }
          return x;
        });
      };
      return (o, _a, ctx) =>
        col!.name in o.r ? load(o, o.r, ctx) : fullRow(o, ctx).then((r) => load(o, r, ctx));
    }
    // Lists and derived fields: one windowed query for all parents of this level.
    return async (o, args: Record<string, unknown>, ctx, info) => {
      const { first, skip } = f.list ? checkRange(args as never) : { first: 1, skip: 0 };
      const want = requested(info);
      const full = coversAll(child, want);
      const wanted = [...want].sort().join(',');
      const key = `rel:${owner}.${f.name}:${o.b}:${JSON.stringify(args)}:${wanted}`;
      let parentKey: string | null;
      if (f.derivedFrom) parentKey = idKey(o.r.id, rel.id);
      else {
        const r = col!.name in o.r ? o.r : await fullRow(o, ctx);
        const arr = r[col!.name] as unknown[] | null;
        if (!arr) return f.required ? [] : null;
        parentKey = JSON.stringify(arr.map((x) => idKey(x, col!)));
      }
      const childType = child.isInterface ? null : f.type;
      const rows = await ctx.batch.load<EntityObj[]>(key, parentKey, async (items) => {
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
          const sql =
            `SELECT c.*, p.pid AS "__parent" ` +
            `FROM unnest(${ids}::text[]::${rel.id.pg}[]) WITH ORDINALITY AS p(pid, ord) ` +
            `CROSS JOIN LATERAL (SELECT ${selectList(child, 't', want)} FROM ${child.from} t ` +
            `WHERE ${link} AND ${blockCond(child, 't', o.b)} AND ${where} ` +
            `ORDER BY ${order} LIMIT ${first} OFFSET ${skip}) c ORDER BY p.ord`;
          const { rows } = await store.driver.query<Record<string, unknown>>(sql, p.values);
          const by = new Map<string, EntityObj[]>();
          for (const r of rows) {
            const k = idKey(r.__parent, rel.id);
            if (!by.has(k)) by.set(k, []);
            by.get(k)!.push(toObj(childType, o.b, r, full));
          }
          return (items as string[]).map((k) => by.get(k) ?? []);
        }
        // Stored list of ids: fetch the union once (filtered, ordered), then split per parent.
        const lists = (items as string[]).map((s) => JSON.parse(s) as string[]);
        const all = [...new Set(lists.flat())];
        const ids = p.add(all.map((x) => paramText(child.id, x, 'id')));
        const { rows } = await store.driver.query<Record<string, unknown>>(
          `SELECT ${selectList(child, 't', want)} FROM ${child.from} t ` +
            `WHERE t.id = ANY(${ids}::text[]::${child.id.pg}[]) ` +
            `AND ${blockCond(child, 't', o.b)} AND ${where} ORDER BY ${order}`,
          p.values,
        );
        const objs = rows.map((r) => ({
          k: idKey(r.id, child.id),
          o: toObj(childType, o.b, r, full),
        }));
        return lists.map((l) => {
          const s = new Set(l);
          return objs
            .filter((x) => s.has(x.k))
            .slice(skip, skip + first)
            .map((x) => x.o);
        });
      });
      if (!f.list) return rows[0] ?? null;
      return rows;
    };
  }

  function single(name: string): Resolver<unknown> {
    const rel = rels.get(name)!;
    return async (_s, args: { id: string; block?: BlockArg }, ctx) => {
      const b = await resolveBlock(ctx, args.block);
      const p = new Params();
      const idp = p.add(paramText(rel.id, args.id, 'id'));
      const { rows } = await store.driver.query<Record<string, unknown>>(
        `SELECT ${selectList(rel, 't')} FROM ${rel.from} t ` +
          `WHERE t.id = ${idp}::text::${rel.id.pg} AND ${blockCond(rel, 't', b)} LIMIT 1`,
        p.values,
      );
      return rows[0] ? toObj(rel.isInterface ? null : name, b, rows[0], !rel.isInterface) : null;
    };
  }

  function collection(name: string): Resolver<unknown> {
    const rel = rels.get(name)!;
    return async (_s, args: Record<string, unknown>, ctx, info) => {
      const { first, skip } = checkRange(args as never);
      const b = await resolveBlock(ctx, args.block as BlockArg | undefined);
      const p = new Params();
      const fc = ctxFilter(b, p);
      const where = compileFilter(rel, 't', args.where as Record<string, unknown>, fc);
      const order = compileOrder(rel, 't', args as never, fc);
      const want = requested(info);
      const { rows } = await store.driver.query<Record<string, unknown>>(
        `SELECT ${selectList(rel, 't', want)} FROM ${rel.from} t ` +
          `WHERE ${blockCond(rel, 't', b)} AND ${where} ` +
          `ORDER BY ${order} LIMIT ${first} OFFSET ${skip}`,
        p.values,
      );
      const full = coversAll(rel, want);
      return rows.map((r) => toObj(rel.isInterface ? null : name, b, r, full));
    };
  }

  // graph-node (resolver.rs, `lookup_meta`) knows no hash for a block given by number, so no
  // timestamp or parent hash either; `metaBlockByNumber: 'stored'` reads them from the store.
  const meta: Resolver<unknown> = async (_s, args: { block?: BlockArg }, ctx) => {
    const at = await locateBlock(ctx, args.block);
    let blk = at.hash === null ? null : await store.getBlock({ hash: at.hash });
    if (at.hash === null && options.metaBlockByNumber === 'stored') {
      blk = await store.getBlock({ number: at.number });
    }
    const h = await store.health();
    const ts = blk?.timestamp;
    return {
      block: {
        number: at.number,
        hash: at.hash ?? blk?.hash ?? null,
        parentHash: blk?.parentHash ?? null,
        timestamp: ts === null || ts === undefined ? null : Number(ts),
      },
      deployment: ctx.deployment,
      hasIndexingErrors: h.fatalError?.deterministic === true,
    };
  };

  return { field, single, collection, meta };
}
