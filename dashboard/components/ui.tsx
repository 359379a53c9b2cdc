// Server-renderable UI pieces: page header, KPI cards, cards, error/stale banner, freshness badge.
import type { ReactNode } from 'react';
import { fmtAge } from '@/lib/format';
import { RetryButton } from '@/components/Shell';
import { FreshnessBadge } from '@/components/FreshnessBadge';

export function PageHeader({
  title,
  subtitle,
  right,
}: {
  title: string;
  subtitle?: ReactNode;
  right?: ReactNode;
}) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle ? <p className="muted">{subtitle}</p> : null}
      </div>
      {right ? <div className="page-header-right">{right}</div> : null}
    </div>
  );
}

export function Kpi({
  label,
  value,
  sub,
  tone,
  testId,
}: {
  label: string;
  value: ReactNode;
  sub?: ReactNode;
  tone?: 'neg' | 'warn' | 'pos';
  testId?: string;
}) {
  return (
    <div className={`kpi ${tone ?? ''}`} data-kpi={testId ?? label}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value">{value}</div>
      {sub ? <div className="kpi-sub">{sub}</div> : null}
    </div>
  );
}

export function Card({
  title,
  subtitle,
  children,
  right,
  className,
  id,
}: {
  title?: string;
  subtitle?: ReactNode;
  children: ReactNode;
  right?: ReactNode;
  className?: string;
  id?: string;
}) {
  return (
    <section className={`card ${className ?? ''}`} id={id}>
      {title ? (
        <div className="card-head">
          <div>
            <h2>{title}</h2>
            {subtitle ? <p className="muted small">{subtitle}</p> : null}
          </div>
          {right}
        </div>
      ) : null}
      {children}
    </section>
  );
}

/** Error banner: clear message, age of the data still shown, retry. */
export function DataState({
  error,
  stale,
  fetchedAt,
  what = 'data',
}: {
  error: string | null;
  stale: boolean;
  fetchedAt: number;
  what?: string;
}) {
  if (!error) return null;
  return (
    <div className="banner banner-error" role="alert" data-error-state>
      <div>
        <strong>Could not load the latest {what}.</strong> {error}
        <div className="small">
          {stale && fetchedAt ? (
            <>
              Showing the last data received {fmtAge(fetchedAt / 1000)} ago (
              {new Date(fetchedAt).toISOString().slice(11, 19)} UTC).
            </>
          ) : (
            <>No earlier data to show yet.</>
          )}
        </div>
      </div>
      <RetryButton />
    </div>
  );
}

export function Notice({
  children,
  tone = 'info',
}: {
  children: ReactNode;
  tone?: 'info' | 'warn';
}) {
  return <div className={`banner banner-${tone}`}>{children}</div>;
}

export interface Meta {
  block: { number: number; hash: string; timestamp: number | null };
  hasIndexingErrors: boolean;
  deployment: string;
}

/** Freshness badge of the block the page's data is from (its age ticks on the client). */
export function Freshness({
  meta,
  error,
}: {
  meta: Meta | null | undefined;
  error?: string | null;
}) {
  if (!meta)
    return (
      <span className="badge badge-neg" data-freshness="down">
        ● endpoint unavailable
      </span>
    );
  return (
    <FreshnessBadge
      meta={{
        ...meta.block,
        hasIndexingErrors: meta.hasIndexingErrors,
        deployment: meta.deployment,
      }}
      error={!!error}
    />
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty-box">{children}</div>;
}
