// Writing one entity table's changes of a batch inside the batch's transaction: the open
// versions of changed ids are closed at their first change (or replaced when opened in that very
// block), then the new versions are inserted — by COPY where the driver has it, else unnest().
import type { EntityData } from '../internal/types.ts';
import type { Queryable } from './driver.ts';
import { q, sqlType, type Table } from './layout.ts';
import { columnText, idText, serialize } from './codec.ts';
import type { Batch, BlockInfo, EntityChange } from './index.ts';

/** Rows per statement (unnest arrays, id lists). */
export const CHUNK = 5000;

export async function writeTable(
  tx: Queryable,
  t: Table,
  changes: Map<string, EntityChange[]>,
  maxLo: number,
): Promise<void> {
  const where = (id: string) => `${t.entity.name}[${id}]`;
  const rows: { id: string; data: EntityData; lo: number; hi: number | null }[] = [];
  const closeIds: string[] = [],
    closeBlocks: string[] = [];
  let rewrites = false; // some id's first change is at or below a stored blk$lo
  for (const [id, list] of changes) {
    if (t.immutable) {
      for (const ch of list) {
        if (ch.data === null)
          throw new Error(
            `${where(id)}: entity type \`${t.entity.name}\` is immutable; it can not be removed`,
          );
      }
      if (list.length > 1)
        throw new Error(
          `${where(id)}: entity type \`${t.entity.name}\` is immutable; it can not be changed in block ${list[1].block}`,
        );
      rows.push({ id, data: list[0].data!, lo: list[0].block, hi: null });
      continue;
    }
    closeIds.push(idText(id, t.id));
    closeBlocks.push(String(list[0].block));
    if (list[0].block <= maxLo) rewrites = true;
    list.forEach((ch, i) => {
      if (ch.data)
        rows.push({
          id,
          data: ch.data,
          lo: ch.block,
          hi: i + 1 < list.length ? list[i + 1].block : null,
        });
    });
  }
  if (closeIds.length) {
    const idCast = `u.id::${t.id.pg}`;
    for (let i = 0; i < closeIds.length; i += CHUNK) {
      const p = [closeIds.slice(i, i + CHUNK), closeBlocks.slice(i, i + CHUNK)];
      // A version opened in the very block being rewritten is replaced, not closed to [b, b).
      if (rewrites)
        await tx.query(
          `DELETE FROM ${t.qname} t USING unnest($1::text[], $2::text[]) AS u(id, b)
        WHERE t.id = ${idCast} AND t."blk$hi" IS NULL AND t."blk$lo" >= u.b::int`,
          p,
        );
      await tx.query(
        `UPDATE ${t.qname} t SET "blk$hi" = u.b::int FROM unnest($1::text[], $2::text[]) AS u(id, b)
        WHERE t.id = ${idCast} AND t."blk$hi" IS NULL`,
        p,
      );
    }
  }
  const cols = t.columns;
  const names = [...cols.map((c) => q(c.name)), '"blk$lo"', ...(t.immutable ? [] : ['"blk$hi"'])];
  const casts = [
    ...cols.map((c, i) => `u.c${i}::${sqlType(c)}`),
    `u.lo::int`,
    ...(t.immutable ? [] : ['u.hi::int']),
  ];
  const aliases = [...cols.map((_, i) => `c${i}`), 'lo', ...(t.immutable ? [] : ['hi'])];
  const sql = `INSERT INTO ${t.qname} (${names.join(', ')}) SELECT ${casts.join(', ')} FROM unnest(${aliases.map((_, i) => `$${i + 1}::text[]`).join(', ')}) AS u(${aliases.join(', ')})`;
  if (tx.copyIn) return rows.length ? copyRows(tx, t, names, rows, where) : undefined;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    const params: (string | null)[][] = aliases.map(() => []);
    for (const r of part) {
      const w = where(r.id);
      cols.forEach((c, k) => {
        params[k].push(
          c.field.name === 'id' ? idText(r.id, t.id) : columnText(r.data.get(c.field.name), c, w),
        );
      });
      params[cols.length].push(String(r.lo));
      if (!t.immutable) params[cols.length + 1].push(r.hi === null ? null : String(r.hi));
    }
    try {
      await tx.query(sql, params);
    } catch (e) {
      const m = (e as Error).message;
      if (t.immutable && /duplicate key|unique/i.test(m))
        throw new Error(
          `entity type \`${t.entity.name}\` is immutable; an entity with one of these ids already exists: ${m}`,
        );
      throw e;
    }
  }
}

/** Same rows as the unnest() INSERT, as COPY text format (the values are already Postgres text literals). */
async function copyRows(
  tx: Queryable,
  t: Table,
  names: string[],
  rows: { id: string; data: EntityData; lo: number; hi: number | null }[],
  where: (id: string) => string,
): Promise<void> {
  const special = /[\\\t\n\r]/;
  const esc = (v: string | null) =>
    v === null
      ? '\\N'
      : !special.test(v)
        ? v
        : v
            .replace(/\\/g, '\\\\')
            .replace(/\t/g, '\\t')
            .replace(/\n/g, '\\n')
            .replace(/\r/g, '\\r');
  const lines: string[] = [];
  for (const r of rows) {
    const w = where(r.id);
    const vals = t.columns.map((c) => {
      const v =
        c.field.name === 'id' ? idText(r.id, t.id) : columnText(r.data.get(c.field.name), c, w);
      // a bytea literal is \x + hex: its one backslash doubled is all the escaping it needs
      return c.pg === 'bytea' && !c.list && v !== null ? '\\' + v : esc(v);
    });
    vals.push(String(r.lo));
    if (!t.immutable) vals.push(r.hi === null ? '\\N' : String(r.hi));
    lines.push(vals.join('\t'));
  }
  try {
    await tx.copyIn!(`COPY ${t.qname} (${names.join(', ')}) FROM STDIN`, lines.join('\n') + '\n');
  } catch (e) {
    const m = (e as Error).message;
    if (t.immutable && /duplicate key|unique/i.test(m))
      throw new Error(
        `entity type \`${t.entity.name}\` is immutable; an entity with one of these ids already exists: ${m}`,
      );
    throw e;
  }
}

/** The batch's block pointers, the cursor block always among them (for reorgs and `_meta`). */
export async function writeBlocks(tx: Queryable, schemaName: string, batch: Batch): Promise<void> {
  const blocks = new Map<number, BlockInfo>();
  for (const b of batch.blocks) blocks.set(b.number, b);
  if (!blocks.has(batch.cursor.number))
    blocks.set(batch.cursor.number, { number: batch.cursor.number, hash: batch.cursor.hash });
  const bl = [...blocks.values()];
  for (let i = 0; i < bl.length; i += CHUNK) {
    const part = bl.slice(i, i + CHUNK);
    await tx.query(
      `INSERT INTO ${q(schemaName)}."block$" (number, hash, parent_hash, timestamp)
      SELECT u.n::int, u.h, u.p, u.t::numeric FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(n, h, p, t)
      ON CONFLICT (number) DO UPDATE SET hash = EXCLUDED.hash,
        parent_hash = COALESCE(EXCLUDED.parent_hash, "block$".parent_hash), timestamp = COALESCE(EXCLUDED.timestamp, "block$".timestamp)`,
      [
        part.map((b) => String(b.number)),
        part.map((b) => b.hash.toLowerCase()),
        part.map((b) => b.parentHash?.toLowerCase() ?? null),
        part.map((b) =>
          b.timestamp === null || b.timestamp === undefined ? null : b.timestamp.toString(),
        ),
      ],
    );
  }
}

/** Templates instantiated in the batch, in creation order; their block decides a revert. */
export async function writeDataSources(
  tx: Queryable,
  schemaName: string,
  batch: Batch,
): Promise<void> {
  if (batch.dataSources?.length) {
    const ds = batch.dataSources;
    await tx.query(
      `INSERT INTO ${q(schemaName)}."data_source$" (block, data) SELECT u.b::int, u.d FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(b, d, o) ORDER BY u.o`,
      [
        ds.map((d) =>
          String(
            typeof (d as { block?: unknown })?.block === 'number'
              ? (d as { block: number }).block
              : batch.cursor.number,
          ),
        ),
        ds.map(serialize),
      ],
    );
  }
}
