import { DataTable, type Col } from '@/components/DataTable';
import { Card, Kpi, Notice, PageHeader } from '@/components/ui';
import { RetryButton } from '@/components/Shell';
import { fmtAge, fmtInt, fmtTime } from '@/lib/format';
import { pageNetwork, type SP } from '@/lib/data/page';
import { ensureAlertMonitor, waitFirstPoll, type NetworkStatus } from '@/lib/alerts/monitor';
import { publicError } from '@/lib/alerts/rules';
import { basename } from 'node:path';
import type { Alert } from '@/lib/alerts/state';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Alerts' };

const OPEN_COLS: Col[] = [
  { key: 'severity', label: 'Severity' },
  { key: 'rule', label: 'Rule' },
  { key: 'subject', label: 'Subject' },
  { key: 'value', label: 'Value', type: 'num', hideSm: true },
  { key: 'threshold', label: 'Threshold', type: 'num', hideSm: true },
  { key: 'openedBlock', label: 'Opened block', type: 'int' },
  { key: 'openedAt', label: 'Opened', type: 'time' },
  { key: 'message', label: 'Message', wrap: true },
];
const RECENT_COLS: Col[] = [
  { key: 'severity', label: 'Severity' },
  { key: 'rule', label: 'Rule' },
  { key: 'subject', label: 'Subject' },
  { key: 'openedBlock', label: 'Opened block', type: 'int' },
  { key: 'openedAt', label: 'Opened', type: 'time', hideSm: true },
  { key: 'resolvedBlock', label: 'Resolved block', type: 'int' },
  { key: 'resolvedAt', label: 'Resolved', type: 'time' },
  { key: 'message', label: 'Message', wrap: true },
];

const row = (a: Alert) => ({
  id: a.id,
  severity: a.severity,
  rule: a.rule,
  subject: a.subject,
  value: a.value,
  threshold: a.threshold,
  openedBlock: a.openedBlock,
  openedAt: a.openedAt,
  resolvedBlock: a.resolvedBlock,
  resolvedAt: a.resolvedAt,
  message: a.message,
});

/** What "opened block" means, with the resolution of the last catch-up when there was one. */
function openedSubtitle(c: NetworkStatus['lastCatchUp']): string {
  const base = 'Open while the condition holds; opened at the first evaluated block where it held';
  if (!c) return base;
  if (c.skipped)
    return `${base}. Blocks ${fmtInt(c.from)} to ${fmtInt(c.to)} were not evaluated one by one (${c.skipped}): changes in between show at block ${fmtInt(c.to)}`;
  return `${base}. Catching up from block ${fmtInt(c.from)} to ${fmtInt(c.to)}, changes were found at the exact block (${fmtInt(c.probes)} blocks evaluated; a condition lasting under ${fmtInt(c.stride)} blocks may be missed)`;
}

export default async function AlertsPage({ searchParams }: { searchParams: Promise<SP> }) {
  const { net } = await pageNetwork(searchParams);
  const slot = ensureAlertMonitor();
  const subtitle =
    'Rule-based alerts on health factors, collateral at risk, utilisation, caps, oracles, liquidations and indexing';
  if (!slot.monitor) {
    return (
      <>
        <PageHeader title="Alerts" subtitle={subtitle} />
        <div className="banner banner-error" role="alert" data-error-state>
          <div>
            <strong>The alert monitor is not running.</strong>
            <pre className="small" style={{ whiteSpace: 'pre-wrap' }}>
              {slot.error ? publicError(slot.error) : null}
            </pre>
            <div className="small">
              Fix the rules file (or ALERT_RULES) and restart the dashboard.
            </div>
          </div>
        </div>
      </>
    );
  }
  const m = slot.monitor.networks.get(net.name);
  if (!m)
    return (
      <>
        <PageHeader title="Alerts" subtitle={subtitle} />
        <Notice tone="warn">Network “{net.name}” is not configured.</Notice>
      </>
    );
  // right after server start, give the first poll a moment
  await waitFirstPoll(m, 3000);
  const open = m.state.openList();
  const recent = m.state.recent;
  const blk = m.state.block;
  const cfg = slot.monitor.cfg;
  const sev = (s: string) => open.filter((a) => a.severity === s).length;
  return (
    <>
      <PageHeader
        title="Alerts"
        subtitle={`Network ${net.name} · ${subtitle}`}
        right={
          blk ? (
            <span className="badge" data-alerts-block={blk.number}>
              ● evaluated at block {fmtInt(blk.number)}
              {blk.timestamp ? ` · ${fmtAge(blk.timestamp)} ago` : ''}
            </span>
          ) : (
            <span className="badge badge-warn">● not evaluated yet</span>
          )
        }
      />
      {m.status.lastError ? (
        <div className="banner banner-error" role="alert" data-error-state>
          <div>
            <strong>Could not read the subgraph endpoint for {net.name}.</strong>{' '}
            {m.status.lastError}
            <div className="small">
              {blk ? (
                <>
                  Alerts below are as of block {fmtInt(blk.number)} ({fmtTime(blk.timestamp)});
                  rules resume on the next indexed block.
                </>
              ) : (
                <>No block evaluated yet.</>
              )}
            </div>
          </div>
          <RetryButton />
        </div>
      ) : null}
      {m.status.ruleErrors.length ? (
        <Notice tone="warn">
          Rules that could not be evaluated at the last block (their alerts are kept as they were):{' '}
          {m.status.ruleErrors.map((e) => `${e.rule}: ${e.error}`).join('; ')}
        </Notice>
      ) : null}
      <div className="kpis">
        <Kpi
          label="Open alerts"
          testId="open"
          value={fmtInt(open.length)}
          tone={sev('critical') ? 'neg' : open.length ? 'warn' : 'pos'}
        />
        <Kpi
          label="Critical"
          testId="critical"
          value={fmtInt(sev('critical'))}
          tone={sev('critical') ? 'neg' : undefined}
          sub={`${sev('warning')} warning · ${sev('info')} info`}
        />
        <Kpi label="Resolved (recent)" testId="recent" value={fmtInt(recent.length)} />
        <Kpi
          label="Rules"
          testId="rules"
          value={fmtInt(cfg.rules.length)}
          sub={`${cfg.webhooks.length} webhook${cfg.webhooks.length === 1 ? '' : 's'} · poll ${cfg.pollSeconds} s`}
        />
      </div>
      <Card title="Open alerts" subtitle={openedSubtitle(m.status.lastCatchUp)}>
        <DataTable
          id="open"
          filename={`alerts-open-${net.name}`}
          columns={OPEN_COLS}
          rows={open.map(row)}
          emptyText="No open alerts."
          filters={[
            { key: 'severity', label: 'Severity', options: ['critical', 'warning', 'info'] },
          ]}
        />
      </Card>
      <Card
        title="Recently resolved"
        subtitle={`Last ${cfg.recentLimit} resolved alerts, newest first`}
      >
        <DataTable
          id="recent"
          filename={`alerts-recent-${net.name}`}
          columns={RECENT_COLS}
          rows={recent.map(row)}
          emptyText="No resolved alerts yet."
          filters={[
            { key: 'severity', label: 'Severity', options: ['critical', 'warning', 'info'] },
          ]}
        />
      </Card>
      <p className="muted small">
        Same data as JSON: <code>GET /api/alerts?network={net.name}</code>. Rules:{' '}
        <code>{basename(cfg.source)}</code>.
      </p>
    </>
  );
}
