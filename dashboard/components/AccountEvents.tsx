'use client';
// Account event history: supplies, withdrawals, borrows, repays, liquidations and aToken
// transfers in and out (client urql).
import { useQuery } from 'urql';
import { useEffect, useMemo, useState } from 'react';
import { DataTable, type Row } from '@/components/DataTable';
import { ACCOUNT_EVENTS } from '@/lib/data/queries';
import { mergeAccountEvents, type AccountEventsData } from '@/lib/data/events';

export function AccountEvents({ account, network }: { account: string; network: string }) {
  const [mounted, setMounted] = useState(false);
  const [first, setFirst] = useState(100);
  useEffect(() => setMounted(true), []);
  const [res, reexecute] = useQuery<AccountEventsData>({
    query: ACCOUNT_EVENTS,
    variables: { account, first },
    pause: !mounted,
  });
  const rows: Row[] = useMemo(() => (res.data ? mergeAccountEvents(res.data) : []), [res.data]);
  const full =
    res.data && Object.values(res.data).some((l) => Array.isArray(l) && l.length >= first);
  if (!mounted || (res.fetching && !res.data))
    return <div className="skeleton" style={{ height: 180 }} aria-busy="true" />;
  return (
    <>
      {res.error ? (
        <div className="banner banner-error" role="alert" data-error-state>
          <div>
            <strong>Could not load the event history.</strong>{' '}
            {res.error.networkError
              ? 'The data source is not reachable.'
              : res.error.message.replace(/^\[GraphQL\]\s*/, '')}
          </div>
          <button
            type="button"
            className="btn"
            onClick={() => reexecute({ requestPolicy: 'network-only' })}
          >
            Retry
          </button>
        </div>
      ) : null}
      <DataTable
        id="ev"
        filename={`events-${account}`}
        defaultSort="ts:desc"
        pageSize={20}
        rows={rows}
        filters={[
          {
            key: 'type',
            label: 'Types',
            options: [
              'Supply',
              'Withdraw',
              'Borrow',
              'Repay',
              'Liquidation',
              'Transfer in',
              'Transfer out',
            ],
          },
        ]}
        columns={[
          { key: 'ts', label: 'Time', type: 'time' },
          { key: 'type', label: 'Event' },
          { key: 'asset', label: 'Asset' },
          { key: 'amount', label: 'Amount', type: 'num' },
          { key: 'usd', label: 'USD', type: 'usd' },
          { key: 'detail', label: 'Detail', hideSm: true },
          { key: 'tx', label: 'Tx', type: 'addr', hideSm: true },
        ]}
        emptyText="No events."
      />
      {full ? (
        <button
          type="button"
          className="btn"
          onClick={() => setFirst(Math.min(1000, first * 4))}
          disabled={first >= 1000}
        >
          Load older events
        </button>
      ) : null}
    </>
  );
}
