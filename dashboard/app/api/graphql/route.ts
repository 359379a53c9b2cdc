// GraphQL proxy for client-side urql: the browser only talks to this server, so endpoint URLs
// (which may carry API keys) stay server-side. Queries only; the network is chosen by ?network=.
import { NextResponse, type NextRequest } from 'next/server';
import { getNetwork } from '@/lib/config';

export const dynamic = 'force-dynamic';

export async function GET(req: NextRequest) {
  const sp = req.nextUrl.searchParams;
  let variables: unknown;
  try { variables = JSON.parse(sp.get('variables') ?? '{}'); } catch { return NextResponse.json({ errors: [{ message: 'invalid variables' }] }, { status: 400 }); }
  return forward(sp.get('network'), { query: sp.get('query') ?? undefined, variables, operationName: sp.get('operationName') ?? undefined });
}

export async function POST(req: NextRequest) {
  let body: { query?: string; variables?: unknown; operationName?: string };
  try { body = await req.json(); } catch { return NextResponse.json({ errors: [{ message: 'invalid JSON body' }] }, { status: 400 }); }
  return forward(req.nextUrl.searchParams.get('network'), body);
}

async function forward(network: string | null, body: { query?: string; variables?: unknown; operationName?: string }) {
  let net;
  try { net = getNetwork(network); } catch { net = undefined; }
  if (!net) return NextResponse.json({ errors: [{ message: `unknown network "${network}"` }] }, { status: 404 });
  if (typeof body.query !== 'string' || /^\s*(mutation|subscription)\b/.test(body.query)) {
    return NextResponse.json({ errors: [{ message: 'only queries are allowed' }] }, { status: 400 });
  }
  try {
    const r = await fetch(net.subgraphUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: body.query, variables: body.variables, operationName: body.operationName }), signal: AbortSignal.timeout(10000), cache: 'no-store' });
    const text = await r.text();
    return new NextResponse(text, { status: r.status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
  } catch {
    return NextResponse.json({ errors: [{ message: 'The GraphQL endpoint is not reachable.' }] }, { status: 502 });
  }
}
