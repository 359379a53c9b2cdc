import { Fragment } from 'react';
import { DataTable } from '@/components/DataTable';
import { Card, DataState, Freshness, Kpi, Notice, PageHeader, type Meta } from '@/components/ui';
import { fmtAge, fmtInt, fmtTime, shortAddr } from '@/lib/format';
import { INDEX_NODE_FORK, INDEX_NODE_STATUS, STATUS_META } from '@/lib/data/queries';
import { gql, postJson } from '@/lib/data/server';
import { subgraphName } from '@/lib/config';
import { pageNetwork, type SP } from '@/lib/data/page';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Status' };

interface IdxErr {
  message: string;
  handler: string | null;
  block: { number: string; hash: string } | null;
}
interface IdxStatus {
  subgraph: string;
  synced: boolean;
  health: string;
  entityCount: string;
  node: string | null;
  fatalError: IdxErr | null;
  nonFatalErrors: IdxErr[];
  chains: Array<{
    network: string;
    chainHeadBlock: { number: string } | null;
    earliestBlock: { number: string } | null;
    latestBlock: { number: string } | null;
  }>;
}

export default async function StatusPage({ searchParams }: { searchParams: Promise<SP> }) {
  const { net } = await pageNetwork(searchParams);
  const name = subgraphName(net.subgraphUrl);
  const [meta, idx] = await Promise.all([
    gql<{
      _meta: Meta;
      protocols: Array<{
        id: string;
        network: string;
        lastUpdateBlock: string;
        lastUpdateTimestamp: string;
        marketCount: number;
        accountCount: number;
      }>;
    }>(net, STATUS_META),
    net.statusUrl && name
      ? postJson<{ indexingStatusForCurrentVersion: IdxStatus | null }>(net.statusUrl, {
          query: INDEX_NODE_STATUS,
          variables: { name },
        })
      : Promise.resolve(null),
  ]);
  const m = meta.data?._meta;
  const s = idx?.data?.indexingStatusForCurrentVersion ?? null;
  // only our indexer knows forkOf; a graph-node's error here just means "not a fork"
  const fork =
    s && net.statusUrl
      ? await postJson<{
          indexingStatusForCurrentVersion: { chains: Array<{ forkOf: string | null }> } | null;
        }>(net.statusUrl, { query: INDEX_NODE_FORK, variables: { name } })
      : null;
  const forkOf = fork?.data?.indexingStatusForCurrentVersion?.chains?.[0]?.forkOf ?? null;
  const chain = s?.chains?.[0];
  const head = Number(chain?.chainHeadBlock?.number ?? 0),
    latest = Number(chain?.latestBlock?.number ?? m?.block.number ?? 0);
  const lag = head && latest ? head - latest : null;
  const errors = [
    ...(s?.fatalError ? [{ ...s.fatalError, fatal: true }] : []),
    ...(s?.nonFatalErrors ?? []).map((e) => ({ ...e, fatal: false })),
  ];
  return (
    <>
      <PageHeader
        title="Indexing status"
        subtitle={`Network ${net.name}${name ? ` · subgraph ${name}` : ''}`}
        right={<Freshness meta={m} error={meta.error} />}
      />
      <DataState
        error={meta.error}
        stale={meta.stale}
        fetchedAt={meta.fetchedAt}
        what="subgraph metadata"
      />
      <div className="kpis">
        <Kpi
          label="GraphQL endpoint"
          testId="endpoint"
          value={meta.error ? 'down' : 'up'}
          tone={meta.error ? 'neg' : undefined}
          sub={meta.error ?? 'answering queries'}
        />
        <Kpi
          label="Latest indexed block"
          value={m ? fmtInt(m.block.number) : '—'}
          sub={
            m?.block.timestamp
              ? `${fmtTime(m.block.timestamp)} · ${fmtAge(m.block.timestamp)} ago`
              : undefined
          }
        />
        <Kpi
          label="Indexing errors"
          value={m ? (m.hasIndexingErrors ? 'yes' : 'none') : '—'}
          tone={m?.hasIndexingErrors ? 'neg' : undefined}
        />
        <Kpi
          label="Health"
          value={s ? s.health : '—'}
          tone={s && s.health !== 'healthy' ? 'neg' : undefined}
          sub={
            s
              ? s.synced
                ? 'synced'
                : 'syncing'
              : (idx?.error ?? 'index-node status not configured')
          }
        />
        <Kpi
          label="Chain head"
          value={head ? fmtInt(head) : '—'}
          sub={lag != null ? `${fmtInt(lag)} block${lag === 1 ? '' : 's'} behind` : undefined}
          tone={lag != null && lag > 50 ? 'warn' : undefined}
        />
        <Kpi label="Entities" value={s ? fmtInt(s.entityCount) : '—'} />
      </div>
      {forkOf ? (
        <Notice tone="warn">
          This index follows a local fork of {forkOf} (indexer --fork-of): blocks after the fork
          point are the fork&apos;s, not {forkOf}&apos;s.
        </Notice>
      ) : null}
      {idx?.error ? (
        <Notice tone="warn">
          Index-node status endpoint: {idx.error} The GraphQL metadata above still reflects the
          subgraph&apos;s state.
        </Notice>
      ) : null}
      <div className="cols-2">
        <Card title="Deployment">
          <dl className="kv">
            <dt>Deployment</dt>
            <dd className="mono">{m?.deployment ?? '—'}</dd>
            <dt>Block hash</dt>
            <dd className="mono">{m?.block.hash ?? '—'}</dd>
            <dt>Chain</dt>
            <dd>
              {chain?.network ?? '—'}
              {forkOf ? ` (local fork of ${forkOf})` : ''}
            </dd>
            <dt>Start block</dt>
            <dd>{chain?.earliestBlock ? fmtInt(chain.earliestBlock.number) : '—'}</dd>
            <dt>Node</dt>
            <dd>{s?.node ?? '—'}</dd>
            {(meta.data?.protocols ?? []).map((p) => (
              <Fragment key={p.id}>
                <dt title={p.id}>PoolAddressesProvider {shortAddr(p.id)}</dt>
                <dd>
                  {p.marketCount} markets · {fmtInt(p.accountCount)} accounts · last event block{' '}
                  {fmtInt(p.lastUpdateBlock)}
                </dd>
              </Fragment>
            ))}
          </dl>
        </Card>
        <Card title="Errors">
          {errors.length ? (
            <div data-indexing-errors>
              <DataTable
                id="ie"
                filename={`indexing-errors-${net.name}`}
                pageSize={20}
                rows={errors.map((e, i) => ({
                  id: String(i),
                  kind: e.fatal ? 'fatal' : 'non-fatal',
                  block: e.block ? Number(e.block.number) : null,
                  handler: e.handler ?? '',
                  message: e.message,
                }))}
                columns={[
                  { key: 'kind', label: 'Kind' },
                  { key: 'block', label: 'Block', type: 'int' },
                  { key: 'handler', label: 'Handler' },
                  { key: 'message', label: 'Message' },
                ]}
              />
            </div>
          ) : (
            <p className="muted">
              {s
                ? 'No indexing errors reported.'
                : m
                  ? m.hasIndexingErrors
                    ? 'The subgraph reports indexing errors; details need the index-node status endpoint.'
                    : 'No indexing errors reported by the subgraph.'
                  : '—'}
            </p>
          )}
        </Card>
      </div>
    </>
  );
}
