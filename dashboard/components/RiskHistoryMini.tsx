// The compact "risk over time" chart of the overview: accounts at risk and liquidatable at the
// end of each day, linking to the full series on /risk. Reads the daily series itself (waiting
// at most PAGE_WAIT_MS for points still being computed), so the page wraps it in Suspense.
import Link from 'next/link';
import { LineBarChart, PALETTE } from '@/components/Chart';
import { Card } from '@/components/ui';
import { pointLabel, progressNote, riskHistory } from '@/lib/history/view';

export async function RiskHistoryMini({ network, href }: { network: string; href: string }) {
  const history = await riskHistory(network, 'day');
  const s = history.data?.series;
  const points = s?.points ?? [];
  const note = s ? progressNote(s) : null;
  return (
    <Card
      title="Risk over time"
      subtitle="Borrowers at risk and liquidatable at the end of each day"
      right={
        <Link href={href} className="small">
          Hourly and more →
        </Link>
      }
    >
      {points.length ? (
        <LineBarChart
          testId="chart-history-mini"
          height={200}
          yFormat="int"
          labels={points.map((p) => pointLabel('day', p.start))}
          series={[
            {
              label: 'At risk',
              data: points.map((p) => p.atRisk),
              color: PALETTE[2],
              fill: true,
            },
            {
              label: 'Liquidatable',
              data: points.map((p) => p.liquidatable),
              color: '#ef4444',
              fill: true,
            },
          ]}
        />
      ) : (
        <p className="muted">{history.error ?? (s ? 'No point computed yet.' : '')}</p>
      )}
      {note ? <p className="muted small">{note}</p> : null}
    </Card>
  );
}
