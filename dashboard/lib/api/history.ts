// GET /api/risk/history: the risk figures at the end of each hour or day (lib/history), computed
// in the background; the answer says how many points are done (`complete`, `pointsDone`,
// `pointsTotal`). The daily series carries the predictor's live reliability (`reliability`).
import { BadParam, handle, numParam } from '@/lib/api/handler';
import { atRiskThreshold } from '@/lib/config';
import type { Interval } from '@/lib/history/periods';
import { historySeries } from '@/lib/history/series';
import { HISTORY_DROPS, HISTORY_PATHS, HISTORY_SEED } from '@/lib/history/figures';
import { reliabilityOf } from '@/lib/history/view';
import { networkHistorySource, HistoryUnavailable } from '@/lib/history/source';

/** how long a request waits for points still being computed */
export const HISTORY_WAIT_MS = 2_000;

const optionalTime = (q: URLSearchParams, name: string) =>
  q.get(name) === null || q.get(name) === '' ? undefined : numParam(q, name, undefined, 0, 2 ** 40);

export const historyHandler = handle(async (q) => {
  const interval = q.get('interval') ?? 'day';
  if (interval !== 'hour' && interval !== 'day')
    throw new BadParam('interval', `interval must be hour or day, got "${interval}"`);
  const from = optionalTime(q, 'from'),
    to = optionalTime(q, 'to');
  if (from !== undefined && to !== undefined && from > to)
    throw new BadParam('from', `from (${from}) is after to (${to})`);
  const source = networkHistorySource(q.get('network'));
  try {
    return await historyAnswer(source, interval, from, to);
  } catch (e) {
    if (e instanceof HistoryUnavailable) throw new BadParam('network', e.message);
    throw e;
  }
});

async function historyAnswer(
  source: ReturnType<typeof networkHistorySource>,
  interval: Interval,
  from: number | undefined,
  to: number | undefined,
) {
  const s = await historySeries(source, interval, { from, to, waitMs: HISTORY_WAIT_MS });
  const body = {
    network: source.network,
    interval,
    head: s.head,
    complete: s.complete,
    pointsDone: s.pointsDone,
    pointsTotal: s.pointsTotal,
    error: s.error,
    method: {
      threshold: atRiskThreshold(),
      drops: HISTORY_DROPS,
      healthFactorPercentiles: 'nearest rank over the borrowers (accounts with debt)',
      prediction: { horizon: '1d', paths: HISTORY_PATHS, seed: HISTORY_SEED },
    },
    points: s.points,
  };
  if (interval !== 'day') return body;
  return { ...body, reliability: await reliabilityOf(source, s) };
}
