// /api/graphql: the GraphQL proxy the browser's urql client talks to, so endpoint URLs (which may
// carry API keys) stay on the server. The network is chosen by ?network=. Only a document with
// exactly one operation, a query, is forwarded: the document is parsed (graphql-js), so a comment
// or a comma before `mutation` and a second operation after the query are caught, which a look
// at the first word is not. Plain handlers (the route file re-exports them) for tests without Next.
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { getNetwork } from '@/lib/config';

const UPSTREAM_TIMEOUT_MS = 10_000;

interface ProxyBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

const json = (body: unknown, status: number) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
const error = (message: string, status: number) => json({ errors: [{ message }] }, status);

/** Why `query` may not be forwarded, or null when it is one query operation (fragments allowed). */
export function queryOnlyProblem(query: unknown, operationName?: unknown): string | null {
  if (typeof query !== 'string' || !query.trim()) return 'The request has no query.';
  let operations: OperationDefinitionNode[];
  try {
    const doc = parse(query, { noLocation: true });
    operations = doc.definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
    const other = doc.definitions.find(
      (d) => d.kind !== Kind.OPERATION_DEFINITION && d.kind !== Kind.FRAGMENT_DEFINITION,
    );
    if (other) return `Only queries are allowed; the document holds a ${other.kind}.`;
  } catch (e) {
    return `The query does not parse: ${(e as Error).message}`;
  }
  if (operations.length !== 1)
    return `Only one operation is allowed per request; the document holds ${operations.length}.`;
  const [op] = operations;
  if (op.operation !== 'query')
    return `Only queries are allowed; the document holds a ${op.operation}.`;
  if (operationName != null && operationName !== (op.name?.value ?? null)) {
    return `operationName "${String(operationName)}" does not name the document's operation.`;
  }
  return null;
}

/** GET /api/graphql?network=N&query=…&variables=…&operationName=… */
export async function graphqlGetHandler(req: Request): Promise<Response> {
  const sp = new URL(req.url).searchParams;
  let variables: unknown;
  try {
    variables = JSON.parse(sp.get('variables') ?? '{}');
  } catch {
    return error('The variables parameter is not JSON.', 400);
  }
  const body = {
    query: sp.get('query') ?? undefined,
    variables,
    operationName: sp.get('operationName') ?? undefined,
  };
  return forward(sp.get('network'), body);
}

/** POST /api/graphql?network=N with a JSON body { query, variables, operationName } */
export async function graphqlPostHandler(req: Request): Promise<Response> {
  let body: ProxyBody;
  try {
    body = (await req.json()) as ProxyBody;
  } catch {
    return error('The request body is not JSON.', 400);
  }
  if (!body || typeof body !== 'object')
    return error('The request body is not a JSON object.', 400);
  return forward(new URL(req.url).searchParams.get('network'), body);
}

async function forward(network: string | null, body: ProxyBody): Promise<Response> {
  let net;
  try {
    net = getNetwork(network);
  } catch {
    return error("The dashboard's network configuration (SUBGRAPH_URLS) does not parse.", 500);
  }
  if (!net) return error(`unknown network "${network}"`, 404);
  const problem = queryOnlyProblem(body.query, body.operationName);
  if (problem) return error(problem, 400);
  try {
    const r = await fetch(net.subgraphUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: body.query,
        variables: body.variables,
        operationName: body.operationName,
      }),
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
      cache: 'no-store',
    });
    const text = await r.text();
    return new Response(text, {
      status: r.status,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    });
  } catch {
    return error('The GraphQL endpoint is not reachable.', 502);
  }
}
