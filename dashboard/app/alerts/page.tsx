import { Card, PageHeader } from '@/components/ui';

export const metadata = { title: 'Alerts' };

export default function AlertsPage() {
  return (
    <>
      <PageHeader title="Alerts" subtitle="Rule-based alerts on health factors, utilisation, oracle staleness and indexing" />
      <Card>
        <div className="empty-box" data-alerts-placeholder>
          <p><strong>Alerts are coming.</strong></p>
          <p>This page will list open and recent alerts from <code>GET /api/alerts?network=…</code> (rule, severity, opened/resolved block and time, message).</p>
        </div>
      </Card>
    </>
  );
}
