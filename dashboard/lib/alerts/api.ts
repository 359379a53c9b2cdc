// GET /api/alerts?network=N[&limit=100]: the network's open alerts and recent (resolved) ones
// from the in-process monitor. Plain handler (the route file re-exports it) so tests call it
// without a Next server.
import { getNetwork, getNetworks } from '@/lib/config';
import { ensureAlertMonitor, waitFirstPoll } from '@/lib/alerts/monitor';
import { publicError } from '@/lib/alerts/rules';
import type { Alert } from '@/lib/alerts/state';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });

export interface AlertsResponse {
  network: string;
  /** last evaluated block, null before the first evaluation */
  block: { number: number; hash?: string; timestamp: number } | null;
  open: Alert[];
  recent: Alert[];
  status: {
    rules: number;
    webhooks: number;
    lastPollAt: number | null;
    lastEvaluatedAt: number | null;
    error: string | null;
    ruleErrors: Array<{ rule: string; error: string }>;
  };
}

const KNOWN = new Set(['network', 'limit']);

export async function alertsHandler(req: Request): Promise<Response> {
  const q = new URL(req.url).searchParams;
  for (const k of q.keys())
    if (!KNOWN.has(k))
      return json({ error: `unknown parameter "${k}" (allowed: network, limit)`, param: k }, 400);
  const limitRaw = q.get('limit');
  const limit = limitRaw === null || limitRaw === '' ? 100 : Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 0 || limit > 10_000)
    return json(
      { error: `limit must be an integer in [0, 10000], got "${limitRaw}"`, param: 'limit' },
      400,
    );
  let net;
  try {
    net = getNetwork(q.get('network'));
  } catch (e) {
    return json({ error: (e as Error).message }, 500);
  }
  if (!net)
    return json(
      {
        error: `unknown network "${q.get('network')}" (configured: ${getNetworks()
          .map((n) => n.name)
          .join(', ')})`,
        param: 'network',
      },
      400,
    );
  const slot = ensureAlertMonitor();
  if (!slot.monitor)
    return json(
      {
        error: `alert monitor not running: ${slot.error ? publicError(slot.error) : 'unknown error'}`,
      },
      503,
    );
  const m = slot.monitor.networks.get(net.name)!;
  // right after start, give the first poll a moment so the first page load has data
  await waitFirstPoll(m, 3000);
  const body: AlertsResponse = {
    network: net.name,
    block: m.state.block,
    open: m.state.openList(),
    recent: m.state.recent.slice(0, limit),
    status: {
      rules: slot.monitor.cfg.rules.length,
      webhooks: slot.monitor.cfg.webhooks.length,
      lastPollAt: m.status.lastPollAt,
      lastEvaluatedAt: m.status.lastEvaluatedAt,
      error: m.status.lastError,
      ruleErrors: m.status.ruleErrors,
    },
  };
  return json(body);
}
