// graph-node's relational layout: one table per entity type, snake_case names, one row per
// entity version. Mutable entities carry a block range [blk$lo, blk$hi) (hi NULL = current);
// immutable ones only blk$lo (their creation block). Values travel as Postgres text literals
// (see codec.ts) so both drivers take exactly the same parameters.
import type { EntityDef, FieldDef, SchemaModel } from '../schema/index.ts';
import { snakeCase } from '../schema/index.ts';

export type PgScalar = 'text' | 'int4' | 'int8' | 'numeric' | 'bytea' | 'bool';

export interface Column {
  field: FieldDef;
  name: string; // SQL column name (snake_case)
  pg: PgScalar;
  list: boolean;
  /** the StoreValue kind values of this column decode to */
  valueKind: 'String' | 'Int' | 'Int8' | 'BigInt' | 'BigDecimal' | 'Bytes' | 'Bool' | 'Timestamp';
}

export interface Table {
  entity: EntityDef;
  name: string; // unqualified
  qname: string; // "schema"."table"
  immutable: boolean;
  id: Column;
  columns: Column[]; // stored columns incl. id; derived fields excluded
  column(field: string): Column | undefined;
}

export interface Layout {
  schemaName: string;
  tables: Map<string, Table>;
  table(entityType: string): Table;
}

export const q = (ident: string) => `"${ident.replace(/"/g, '""')}"`;

function idTypeOf(schema: SchemaModel, typeName: string): 'ID' | 'String' | 'Bytes' | 'Int8' {
  const e = schema.entities.get(typeName);
  if (e) return e.idType;
  const i = schema.interfaces.get(typeName);
  const f = i?.fields.find((x) => x.name === 'id');
  return (f?.type as 'ID' | 'String' | 'Bytes' | 'Int8') ?? 'String';
}

function scalarOf(
  schema: SchemaModel,
  f: FieldDef,
): { pg: PgScalar; valueKind: Column['valueKind'] } {
  let t = f.type;
  if (f.kind === 'enum') return { pg: 'text', valueKind: 'String' };
  if (f.kind === 'entity' || f.kind === 'interface') t = idTypeOf(schema, f.type);
  switch (t) {
    case 'ID':
    case 'String':
      return { pg: 'text', valueKind: 'String' };
    case 'Int':
      return { pg: 'int4', valueKind: 'Int' };
    case 'Int8':
      return { pg: 'int8', valueKind: 'Int8' };
    case 'Timestamp':
      return { pg: 'int8', valueKind: 'Timestamp' };
    case 'BigInt':
      return { pg: 'numeric', valueKind: 'BigInt' };
    case 'BigDecimal':
      return { pg: 'numeric', valueKind: 'BigDecimal' };
    case 'Bytes':
      return { pg: 'bytea', valueKind: 'Bytes' };
    case 'Boolean':
      return { pg: 'bool', valueKind: 'Bool' };
    default:
      throw new Error(`no column type for ${f.name}: ${f.type}`);
  }
}

/** Postgres schema name for a deployment: graph-node uses sgdNNN; we derive it from the name. */
export function schemaNameFor(deployment: string): string {
  return (
    'sgd_' +
    deployment
      .toLowerCase()
      .replace(/[^a-z0-9_]/g, '_')
      .slice(0, 50)
  );
}

export function buildLayout(schema: SchemaModel, deployment: string): Layout {
  const schemaName = schemaNameFor(deployment);
  const tables = new Map<string, Table>();
  const used = new Set<string>();
  for (const e of schema.entities.values()) {
    let name = snakeCase(e.name);
    if (used.has(name)) name = `${name}_${used.size}`; // Foo and foo would clash
    used.add(name);
    const columns: Column[] = e.fields
      .filter((f) => !f.derivedFrom)
      .map((f) => ({ field: f, name: snakeCase(f.name), list: f.list, ...scalarOf(schema, f) }));
    const byField = new Map(columns.map((c) => [c.field.name, c]));
    tables.set(e.name, {
      entity: e,
      name,
      qname: `${q(schemaName)}.${q(name)}`,
      immutable: e.immutable,
      id: byField.get('id')!,
      columns,
      column: (f) => byField.get(f),
    });
  }
  return {
    schemaName,
    tables,
    table(t) {
      const x = tables.get(t);
      if (!x) throw new Error(`unknown entity type \`${t}\``);
      return x;
    },
  };
}

/** SQL type of a column, e.g. numeric[] */
export const sqlType = (c: Column) => c.pg + (c.list ? '[]' : '');

/** Select expression that both drivers return losslessly (PGlite turns int8 into a JS number). */
export function selectExpr(c: Column, alias = ''): string {
  const col = (alias ? `${alias}.` : '') + q(c.name);
  return c.pg === 'int8' ? `${col}::text${c.list ? '[]' : ''}` : col;
}

/** Tables with more stored columns than this index only their references (see ddl). */
export const WIDE_TABLE_COLUMNS = 20;

export function ddl(layout: Layout): string {
  const s = q(layout.schemaName);
  const out: string[] = [`CREATE SCHEMA IF NOT EXISTS ${s};`];
  out.push(`CREATE TABLE IF NOT EXISTS ${s}."meta$" (k text PRIMARY KEY, v text);`);
  out.push(
    `CREATE TABLE IF NOT EXISTS ${s}."block$" (number int PRIMARY KEY, hash text NOT NULL, parent_hash text, timestamp numeric);`,
  );
  out.push(
    `CREATE TABLE IF NOT EXISTS ${s}."data_source$" (vid bigserial PRIMARY KEY, block int NOT NULL, data text NOT NULL);`,
  );
  for (const t of layout.tables.values()) {
    // Text in C collation whatever the database locale: graph-node requires a C-locale
    // database, so string order and comparisons (`id_gt` cursors) are byte order.
    const cols = t.columns.map(
      (c) =>
        `${q(c.name)} ${sqlType(c)}${c.pg === 'text' ? ' COLLATE "C"' : ''}${c.field.name === 'id' ? ' NOT NULL' : ''}`,
    );
    const range = t.immutable
      ? ['"blk$lo" int NOT NULL']
      : ['"blk$lo" int NOT NULL', '"blk$hi" int'];
    out.push(
      `CREATE TABLE IF NOT EXISTS ${t.qname} (vid bigserial PRIMARY KEY, ${[...cols, ...range].join(', ')});`,
    );
    const ix = (suffix: string, body: string, unique = false) =>
      out.push(
        `CREATE ${unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${q(`${t.name}_${suffix}`.slice(0, 63))} ON ${t.qname} ${body};`,
      );
    if (t.immutable) ix('id', '(id)', true);
    else {
      ix('id_lo', '(id, "blk$lo")');
      ix('current', '(id) WHERE "blk$hi" IS NULL', true); // at most one open version per id
      ix('hi', '("blk$hi") WHERE "blk$hi" IS NOT NULL');
    }
    ix('lo', '("blk$lo")');
    // graph-node indexes every attribute (prefix for long text/bytes) so filters and sorts scale.
    // Wide tables (Market-like: few entities, a new version on almost every block) would pay
    // dozens of index updates per version for sorts over a handful of rows, so they only get
    // indexes on references (derived fields and nested filters need those).
    const wide = t.columns.length > WIDE_TABLE_COLUMNS;
    for (const c of t.columns) {
      if (c.field.name === 'id' || c.list) continue;
      const isRef = c.field.kind === 'entity' || c.field.kind === 'interface'; // ids are short: plain index
      if (wide && !isRef) continue;
      const expr = isRef
        ? q(c.name)
        : c.pg === 'text'
          ? `left(${q(c.name)}, 256)`
          : c.pg === 'bytea'
            ? `substring(${q(c.name)}, 1, 64)`
            : q(c.name);
      ix(`${c.name}`, `(${expr}, id)`);
    }
  }
  return out.join('\n');
}
