'use client';
// Sortable, filterable table with CSV export; sort and filters live in the URL.
import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { useMemo, useState, useTransition } from 'react';
import { toCsv } from '@/lib/csv';
import { cellText, csvHeader, type Col, type ColType, type Row } from '@/lib/table-columns';

export type { Col, ColType, Row } from '@/lib/table-columns';
export interface SelectFilter {
  key: string;
  label: string;
  options: string[];
}

function csvValue(v: Row[string]): string | number | null {
  if (v == null) return null;
  if (Array.isArray(v)) return v.join(' ');
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return v;
}

function hfClass(v: unknown): string {
  const n = Number(v);
  if (!Number.isFinite(n)) return '';
  if (n < 1) return 'neg';
  if (n < 1.1) return 'warn';
  return '';
}

const NUMERIC: ColType[] = [
  'usd',
  'pct',
  'bps',
  'bonus',
  'hf',
  'int',
  'num',
  'time',
  'price',
  'duration',
];

export function DataTable({
  id,
  title,
  columns,
  rows,
  filename,
  pageSize = 25,
  filters = [],
  searchKeys,
  emptyText = 'No rows.',
  defaultSort,
  searchable = true,
}: {
  id: string;
  title?: string;
  columns: Col[];
  rows: Row[];
  filename: string;
  pageSize?: number;
  filters?: SelectFilter[];
  searchKeys?: string[];
  emptyText?: string;
  defaultSort?: string;
  searchable?: boolean;
}) {
  const sp = useSearchParams();
  const pathname = usePathname();
  const [, startTransition] = useTransition();
  const [limit, setLimit] = useState(pageSize);
  const sortParam = sp.get(`${id}.sort`) ?? defaultSort ?? '';
  const [sortKey, sortDir] = sortParam.split(':') as [string, 'asc' | 'desc' | undefined];
  const q = sp.get(`${id}.q`) ?? '';
  const [qLocal, setQLocal] = useState(q);

  const setParam = (k: string, v: string | null) => {
    const next = new URLSearchParams(window.location.search);
    if (v == null || v === '') next.delete(k);
    else next.set(k, v);
    // shallow URL update (no server round trip): Next syncs useSearchParams with history.replaceState
    startTransition(() => window.history.replaceState(null, '', `${pathname}?${next.toString()}`));
  };

  const shown = useMemo(() => {
    let r = rows;
    for (const f of filters) {
      const v = sp.get(`${id}.${f.key}`);
      if (v) r = r.filter((x) => String(x[f.key]) === v);
    }
    if (q) {
      const needle = q.toLowerCase();
      const keys =
        searchKeys ?? columns.filter((c) => !NUMERIC.includes(c.type ?? 'text')).map((c) => c.key);
      r = r.filter((x) =>
        keys.some((k) =>
          String(x[k] ?? '')
            .toLowerCase()
            .includes(needle),
        ),
      );
    }
    if (sortKey) {
      const col = columns.find((c) => c.key === sortKey);
      const numeric = col && NUMERIC.includes(col.type ?? 'text');
      const dir = sortDir === 'asc' ? 1 : -1;
      r = [...r].sort((a, b) => {
        const av = a[sortKey],
          bv = b[sortKey];
        if (av == null && bv == null) return 0;
        if (av == null) return 1;
        if (bv == null) return -1;
        if (numeric) return (Number(av) - Number(bv)) * dir;
        return String(av).localeCompare(String(bv)) * dir;
      });
    }
    return r;
  }, [rows, filters, sp, id, q, searchKeys, columns, sortKey, sortDir]);

  const download = () => {
    const csv = toCsv(
      columns.map(csvHeader),
      shown.map((r) => columns.map((c) => csvValue(r[c.key]))),
    );
    const blob = new Blob([csv], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = filename.endsWith('.csv') ? filename : `${filename}.csv`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const clickSort = (k: string) => {
    const dir = sortKey === k && sortDir === 'desc' ? 'asc' : 'desc';
    setParam(`${id}.sort`, `${k}:${dir}`);
  };

  return (
    <div className="table-wrap" data-table={id}>
      <div className="table-tools">
        {title ? <h3>{title}</h3> : null}
        <div className="spacer" />
        {filters.map((f) => (
          <select
            key={f.key}
            aria-label={f.label}
            data-filter={f.key}
            value={sp.get(`${id}.${f.key}`) ?? ''}
            onChange={(e) => setParam(`${id}.${f.key}`, e.target.value)}
          >
            <option value="">All {f.label.toLowerCase()}</option>
            {f.options.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        ))}
        {searchable ? (
          <input
            type="search"
            placeholder="Filter…"
            aria-label="Filter rows"
            value={qLocal}
            onChange={(e) => {
              setQLocal(e.target.value);
              setParam(`${id}.q`, e.target.value);
            }}
          />
        ) : null}
        <button
          type="button"
          className="btn"
          onClick={download}
          data-csv={id}
          title="Download the filtered rows as CSV"
        >
          ↓ CSV
        </button>
      </div>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              {columns.map((c) => {
                const active = sortKey === c.key;
                const numeric = NUMERIC.includes(c.type ?? 'text');
                return (
                  <th
                    key={c.key}
                    className={`${numeric ? 'num' : ''} ${c.hideSm ? 'hide-sm' : ''}`}
                    aria-sort={active ? (sortDir === 'asc' ? 'ascending' : 'descending') : 'none'}
                    title={c.title}
                  >
                    <button type="button" onClick={() => clickSort(c.key)} data-sort={c.key}>
                      {c.label}
                      <span className="sort-ind">
                        {active ? (sortDir === 'asc' ? '▲' : '▼') : ''}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, limit).map((r, i) => (
              <tr key={String(r.id ?? r[columns[0].key] ?? i) + i}>
                {columns.map((c) => {
                  const t = c.type ?? 'text';
                  const text = cellText(r[c.key], t);
                  const cls = `${NUMERIC.includes(t) ? 'num' : ''} ${t === 'hf' ? hfClass(r[c.key]) : ''} ${t === 'addr' ? 'mono' : ''} ${c.hideSm ? 'hide-sm' : ''} ${c.wrap ? 'wrap' : t === 'flags' ? 'tags' : ''}`;
                  const href = c.href ? (r[c.href] as string | undefined) : undefined;
                  return (
                    <td
                      key={c.key}
                      className={cls}
                      title={t === 'addr' ? String(r[c.key] ?? '') : undefined}
                    >
                      {t === 'flags' && Array.isArray(r[c.key]) ? (
                        (r[c.key] as string[]).map((f) => (
                          <span key={f} className={`tag tag-${f.toLowerCase()}`}>
                            {f}
                          </span>
                        ))
                      ) : href ? (
                        <Link href={href} prefetch={false}>
                          {text}
                        </Link>
                      ) : (
                        text
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
            {!shown.length ? (
              <tr>
                <td colSpan={columns.length} className="empty">
                  {emptyText}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <div className="table-foot">
        <span className="muted" data-rowcount={shown.length}>
          {shown.length.toLocaleString('en-US')} row{shown.length === 1 ? '' : 's'}
          {shown.length !== rows.length ? ` of ${rows.length.toLocaleString('en-US')}` : ''}
        </span>
        {shown.length > limit ? (
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() => setLimit(limit + pageSize * 4)}
          >
            Show more
          </button>
        ) : null}
      </div>
    </div>
  );
}
