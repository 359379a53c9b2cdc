// Stress sandbox: exact multi-asset scenario from the risk engine (drops per asset symbol).
// GET /api/sandbox?network=N&drops=WETH:20,WBTC:10
import { NextResponse, type NextRequest } from 'next/server';
import { sandbox } from '@/lib/data/risk-sandbox';
import { parseScenario } from '@/lib/scenario';
import { getNetwork } from '@/lib/config';

export const dynamic = 'force-dynamic';

export async function GET(req: NextRequest) {
  const name = req.nextUrl.searchParams.get('network');
  let net;
  try {
    net = getNetwork(name);
  } catch {
    net = undefined;
  }
  if (!net) return NextResponse.json({ error: `unknown network "${name}"` }, { status: 404 });
  try {
    const r = await sandbox(net.name, parseScenario(req.nextUrl.searchParams.get('drops')));
    return NextResponse.json(r, { headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    const msg = (e as Error).message.replace(/\s*https?:\/\/\S+/g, '');
    return NextResponse.json({ error: `risk engine unavailable: ${msg}` }, { status: 503 });
  }
}
