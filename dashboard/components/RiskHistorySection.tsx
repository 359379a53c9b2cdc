// The risk history's block on /risk: the series card (interval from `?history=hour|day`, days by
// default) and the predictor's live reliability (always over the daily points). Reads both
// itself, waiting at most PAGE_WAIT_MS for points still being computed; the page wraps it in
// Suspense so the rest of the page does not wait for it.
import { RiskHistoryCard } from '@/components/RiskHistoryCard';
import { ReliabilityCard } from '@/components/ReliabilityCard';
import { one, type SP } from '@/lib/data/page';
import { riskHistory } from '@/lib/history/view';

export async function RiskHistorySection({ network, sp }: { network: string; sp: SP }) {
  const interval = one(sp, 'history') === 'hour' ? 'hour' : 'day';
  const [series, daily] = await Promise.all([
    riskHistory(network, interval),
    riskHistory(network, 'day', true),
  ]);
  return (
    <>
      <RiskHistoryCard history={series} interval={interval} sp={sp} />
      <ReliabilityCard history={daily} />
    </>
  );
}
