// Compiles graph-node query arguments (where / orderBy / first / skip / block) to SQL over the
// store's layout. Every value is a bound parameter passed as text and cast in SQL, so both
// drivers behave identically. Interfaces are queried as a UNION ALL of their implementers.
import { GraphQLError } from 'graphql';
import type { FieldDef, SchemaModel } from '../schema/index.ts';
import type { Column, Layout } from '../store/layout.ts';
import { q, selectExpr, sqlType } from '../store/layout.ts';
import { bytesHex } from './scalars.ts';

export interface Relation {
  name: string; // entity or interface name
  from: string; // SQL FROM item (table or parenthesised UNION)
  columns: Map<string, Column>; // stored (non-derived) fields
  fields: FieldDef[];
  id: Column;
  /** false when every version is open-ended (immutable): blk$hi is absent or always NULL */
  hasHi: boolean;
  isInterface: boolean;
}

export class Params {
  values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

export function buildRelations(schema: SchemaModel, layout: Layout): Map<string, Relation> {
  const rels = new Map<string, Relation>();
  for (const [name, t] of layout.tables) {
    rels.set(name, {
      name,
      from: t.qname,
      columns: new Map(t.columns.map((c) => [c.field.name, c])),
      fields: t.entity.fields,
      id: t.id,
      hasHi: !t.immutable,
      isInterface: false,
    });
  }
  for (const [name, i] of schema.interfaces) {
    const impls = i.implementedBy.map((n) => layout.table(n));
    const stored = i.fields.filter((f) => !f.derivedFrom);
    if (!impls.length) continue;
    const cols = stored.map((f) => impls[0].column(f.name)!).filter(Boolean);
    const parts = impls.map(
      (t) =>
        `SELECT '${t.entity.name}'::text AS "__typename", ${cols.map((c) => q(c.name)).join(', ')}, "blk$lo", ${t.immutable ? 'NULL::int' : '"blk$hi"'} AS "blk$hi" FROM ${t.qname}`,
    );
    // Type names are GraphQL names ([_A-Za-z][_0-9A-Za-z]*): safe inside '…'.
    const from = `(${parts.join(' UNION ALL ')})`;
    rels.set(name, {
      name,
      from,
      columns: new Map(cols.map((c) => [c.field.name, c])),
      fields: i.fields,
      id: cols.find((c) => c.field.name === 'id')!,
      hasHi: true,
      isInterface: true,
    });
  }
  return rels;
}

export function blockCond(rel: Relation, alias: string, block: number): string {
  const b = Math.trunc(block);
  return rel.hasHi
    ? `${alias}."blk$lo" <= ${b} AND (${alias}."blk$hi" IS NULL OR ${alias}."blk$hi" > ${b})`
    : `${alias}."blk$lo" <= ${b}`;
}

/** Columns to read: all, or only those of the requested fields (plus id). */
export function selectList(rel: Relation, alias: string, fields?: Set<string> | null): string {
  const cols = [...rel.columns.values()]
    .filter((c) => !fields || c.field.name === 'id' || fields.has(c.field.name))
    .map((c) => `${selectExpr(c, alias)} AS ${q(c.name)}`);
  if (rel.isInterface) cols.unshift(`${alias}."__typename"`);
  return cols.join(', ');
}

/** A GraphQL input value for a column → its Postgres text literal (validated). */
export function paramText(c: Column, v: unknown, what: string): string {
  switch (c.pg) {
    case 'bytea': {
      const hex = bytesHex(String(v));
      if (typeof hex !== 'string')
        throw new GraphQLError(`Failed to decode \`${what}\` value: \`${hex.error}\``);
      return '\\x' + hex;
    }
    case 'int4':
    case 'int8':
      if (!/^-?\d+$/.test(String(v)))
        throw new GraphQLError(
          `Failed to decode \`${what}\` value: \`${String(v)}\` is not an integer`,
        );
      return String(v);
    case 'numeric':
      if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(String(v)))
        throw new GraphQLError(
          `Failed to decode \`${what}\` value: \`${String(v)}\` is not a number`,
        );
      return String(v);
    case 'bool':
      return v ? 'true' : 'false';
    default:
      return String(v);
  }
}

const OPS = [
  'not_contains_nocase',
  'not_starts_with_nocase',
  'not_ends_with_nocase',
  'contains_nocase',
  'starts_with_nocase',
  'ends_with_nocase',
  'not_contains',
  'not_starts_with',
  'not_ends_with',
  'not_in',
  'contains',
  'starts_with',
  'ends_with',
  'not',
  'gte',
  'lte',
  'gt',
  'lt',
  'in',
];

export interface FilterCtx {
  rels: Map<string, Relation>;
  params: Params;
  block: number;
  depth: number;
}

function fieldOf(rel: Relation, name: string): FieldDef | undefined {
  return rel.fields.find((f) => f.name === name);
}

export function compileFilter(
  rel: Relation,
  alias: string,
  filter: Record<string, unknown> | null | undefined,
  ctx: FilterCtx,
): string {
  if (!filter) return 'TRUE';
  if (filter.or !== undefined) checkOrAlone(filter);
  const parts: string[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    if (key === 'and' || key === 'or') {
      const subs = ((value as Record<string, unknown>[] | null) ?? []).map(
        (f) => `(${compileFilter(rel, alias, f, ctx)})`,
      );
      if (subs.length) parts.push(`(${subs.join(key === 'and' ? ' AND ' : ' OR ')})`);
      continue;
    }
    if (key === '_change_block') {
      const n = (value as { number_gte: number }).number_gte;
      parts.push(`${alias}."blk$lo" >= ${Math.trunc(n)}`);
      continue;
    }
    let field = fieldOf(rel, key);
    let op = '';
    if (!field && key.endsWith('_') && fieldOf(rel, key.slice(0, -1))) {
      parts.push(
        childFilter(
          rel,
          alias,
          fieldOf(rel, key.slice(0, -1))!,
          value as Record<string, unknown>,
          ctx,
        ),
      );
      continue;
    }
    if (!field) {
      for (const o of OPS) {
        if (key.endsWith('_' + o) && fieldOf(rel, key.slice(0, -o.length - 1))) {
          op = o;
          field = fieldOf(rel, key.slice(0, -o.length - 1));
          break;
        }
      }
    }
    const col = field && rel.columns.get(field.name);
    if (!field || !col)
      throw new GraphQLError(`Entity \`${rel.name}\` has no attribute \`${key}\``);
    parts.push(columnFilter(col, `${alias}.${q(col.name)}`, op, value, key, ctx.params));
  }
  return parts.length ? parts.join(' AND ') : 'TRUE';
}

function columnFilter(
  c: Column,
  expr: string,
  op: string,
  value: unknown,
  key: string,
  params: Params,
): string {
  const T = sqlType({ ...c, list: false });
  const one = (v: unknown) => `${params.add(paramText(c, v, key))}::text::${T}`;
  const many = (vs: unknown[]) =>
    `${params.add(vs.map((v) => paramText(c, v, key)))}::text[]::${T}[]`;
  if (c.list) {
    const vs = value as unknown[] | null;
    switch (op) {
      case '':
        return vs === null ? `${expr} IS NULL` : `${expr} = ${many(vs)}`;
      case 'not':
        return vs === null ? `${expr} IS NOT NULL` : `${expr} <> ${many(vs)}`;
      // graph-node: `contains` holds every value, `not_contains` none of them (`NOT col && vs`),
      // `_nocase` some element ILIKE some value (relational_queries.rs, `contains`).
      case 'contains':
        return `${expr} @> ${many(vs ?? [])}`;
      case 'not_contains':
        return `NOT (${expr} && ${many(vs ?? [])})`;
      case 'contains_nocase':
      case 'not_contains_nocase': {
        const p = `${params.add((vs ?? []).map((v) => String(v)))}::text[]`;
        const e = `EXISTS (SELECT 1 FROM unnest(${expr}) AS elem WHERE elem::text ILIKE ANY(${p}))`;
        return op === 'contains_nocase' ? e : `NOT ${e}`;
      }
    }
    throw new GraphQLError(`Filter not supported by value \`${key}\``);
  }
  if (value === null) {
    if (op === '') return `${expr} IS NULL`;
    if (op === 'not') return `${expr} IS NOT NULL`;
    throw new GraphQLError(`Filter \`${key}\` does not accept null`);
  }
  switch (op) {
    case '':
      return `${expr} = ${one(value)}`;
    case 'not':
      return `${expr} <> ${one(value)}`;
    case 'gt':
      return `${expr} > ${one(value)}`;
    case 'gte':
      return `${expr} >= ${one(value)}`;
    case 'lt':
      return `${expr} < ${one(value)}`;
    case 'lte':
      return `${expr} <= ${one(value)}`;
    case 'in':
      return `${expr} = ANY(${many(value as unknown[])})`;
    case 'not_in':
      return `NOT (${expr} = ANY(${many(value as unknown[])}))`;
  }
  if (
    c.pg === 'bytea' &&
    (op === 'contains' || op === 'not_contains') &&
    c.valueKind === 'Bytes' &&
    c.field.kind === 'scalar'
  ) {
    return `position(${one(value)} in ${expr}) ${op === 'contains' ? '>' : '='} 0`;
  }
  // References to Bytes ids get graph-node's String operators: match on the 0x-hex text.
  if (c.pg === 'bytea') expr = `('0x' || encode(${expr}, 'hex'))`;
  // graph-node passes the value to LIKE as it is (`_` and `%` stay wildcards), and a
  // `_contains` value that already starts or ends with `%` is used as the whole pattern
  // (store/postgres/src/relational_queries.rs, `contains` and `starts_or_ends_with`).
  const s = String(value);
  const neg = op.startsWith('not_');
  const base = op.replace(/^not_/, '').replace(/_nocase$/, '');
  const like = op.endsWith('_nocase') ? 'ILIKE' : 'LIKE';
  const wrapped = s.startsWith('%') || s.endsWith('%') ? s : `%${s}%`;
  const pat = base === 'contains' ? wrapped : base === 'starts_with' ? `${s}%` : `%${s}`;
  return `${expr} ${neg ? 'NOT ' : ''}${like} ${params.add(pat)}::text`;
}

/** `field_: {…}`: the parent matches when a child version at the same block matches. */
function childFilter(
  rel: Relation,
  alias: string,
  f: FieldDef,
  value: Record<string, unknown>,
  ctx: FilterCtx,
): string {
  const child = ctx.rels.get(f.type);
  if (!child) throw new GraphQLError(`Filter not supported by value \`${f.name}_\``);
  // graph-node allows a child filter only on the main table (`ColumnQual::allow_child`).
  if (ctx.depth >= 1) {
    const shown = `join on ${f.derivedFrom ?? f.name} with ${f.type}(${JSON.stringify(value)})`;
    throw new GraphQLError(
      `Child filter nesting not supported by value \`${f.name}\`: \`${shown}\``,
    );
  }
  const a = `c${ctx.depth + 1}`;
  const link = joinCond(rel, alias, f, child, a);
  const inner = compileFilter(child, a, value, { ...ctx, depth: ctx.depth + 1 });
  return `EXISTS (SELECT 1 FROM ${child.from} ${a} WHERE ${link} AND ${blockCond(child, a, ctx.block)} AND ${inner})`;
}

/** How a row of `child` (alias a) belongs to parent `alias` through field f. */
export function joinCond(
  parent: Relation,
  alias: string,
  f: FieldDef,
  child: Relation,
  a: string,
): string {
  if (f.derivedFrom) {
    const back = child.columns.get(f.derivedFrom);
    if (!back)
      throw new GraphQLError(
        `derived field \`${f.name}\` has no column \`${f.derivedFrom}\` on \`${child.name}\``,
      );
    return back.list
      ? `${alias}.id = ANY(${a}.${q(back.name)})`
      : `${a}.${q(back.name)} = ${alias}.id`;
  }
  const col = parent.columns.get(f.name)!;
  return col.list ? `${a}.id = ANY(${alias}.${q(col.name)})` : `${a}.id = ${alias}.${q(col.name)}`;
}

export interface OrderSpec {
  orderBy?: string | null;
  orderDirection?: string | null;
}

export function compileOrder(rel: Relation, alias: string, o: OrderSpec, ctx: FilterCtx): string {
  // graph-node requires a C-locale database; COLLATE "C" gives the same order on any Postgres.
  const C = (c: Column) => (c.pg === 'text' ? ' COLLATE "C"' : '');
  // Without orderBy graph-node sorts by id ascending whatever the direction
  // (graphql/src/store/query.rs, `build_order`: `(None, _) => EntityOrder::Default`).
  if (!o.orderBy) return `${alias}.id${C(rel.id)} ASC`;
  const dir = o.orderDirection === 'desc' ? 'DESC' : 'ASC';
  const idOrder = `${alias}.id${C(rel.id)} ${dir}`;
  const [fname, sub] = o.orderBy.split('__');
  const f = fieldOf(rel, fname);
  if (!f)
    throw new GraphQLError(
      `Ordering by \`${o.orderBy}\` is not supported for type \`${rel.name}\``,
    );
  let expr: string;
  if (sub !== undefined) {
    const child = ctx.rels.get(f.type);
    const cc = child?.columns.get(sub);
    if (!child || !cc || f.list)
      throw new GraphQLError(
        `Ordering by \`${o.orderBy}\` is not supported for type \`${rel.name}\``,
      );
    if (!sortable(cc.field)) throw orderNotSupported(child.name, sub);
    const a = 'o1';
    expr = `(SELECT ${a}.${q(cc.name)} FROM ${child.from} ${a} WHERE ${joinCond(rel, alias, f, child, a)} AND ${blockCond(child, a, ctx.block)} LIMIT 1)${C(cc)}`;
  } else {
    const c = rel.columns.get(fname);
    if (!c)
      throw new GraphQLError(
        `Ordering by \`${o.orderBy}\` is not supported for type \`${rel.name}\``,
      );
    if (!sortable(f)) throw orderNotSupported(rel.name, fname);
    expr = `${alias}.${q(c.name)}${C(c)}`;
  }
  return `${expr} ${dir}, ${idOrder}`;
}

/**
 * graph-node sorts only by fields of a built-in scalar type: a reference, an enum or a list
 * fails (`build_order_by` → `get_field_value_type` → `OrderByNotSupportedError`).
 */
const sortable = (f: FieldDef) => f.kind === 'scalar' && !f.list;
const orderNotSupported = (type: string, field: string) =>
  new GraphQLError(`Ordering by \`${field}\` is not supported for type \`${type}\``);

/** graph-node refuses column filters beside `or` (query.rs, `InvalidOrFilterStructure`). */
function checkOrAlone(filter: Record<string, unknown>) {
  const cols = Object.keys(filter).filter(
    (k) => k !== 'or' && k !== 'and' && k !== '_change_block',
  );
  if (!cols.length) return;
  const list = cols.map((k) => `'${k}'`).join(', ');
  const example =
    `Instead of:\nwhere: { ${list}, or: [...] }\n\n` +
    `Use:\nwhere: { or: [{ ${list}, ... }, { ${list}, ... }] }`;
  throw new GraphQLError(
    "Cannot mix column filters with 'or' operator at the same level. " +
      `Found column filter(s) ${list} alongside 'or' operator.\n\n${example}`,
  );
}
