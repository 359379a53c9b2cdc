// HTTP front of the query API, graph-node's URLs: POST (or GET ?query=) /subgraphs/name/<name>
// and /subgraphs/id/<deployment>; GET without a query serves a small query page (no CDN: the
// machine may be offline). The index-node status API listens on its own port: POST /graphql.
// Read-only by construction (the schema has no Mutation type). Binds 127.0.0.1 by default.
// Repeated queries at the same head block are answered from memory (response-cache.ts).
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse, validate, execute, type GraphQLSchema } from 'graphql';
import type { SchemaModel } from '../schema/index.ts';
import type { Store } from '../store/index.ts';
import {
  buildApi,
  DEFAULT_LIMITS,
  DEFAULT_OPTIONS,
  type ApiLimits,
  type ApiOptions,
} from './api.ts';
import {
  runQuery,
  DEFAULT_EXEC_LIMITS,
  type ExecLimits,
  type GraphQLRequest,
  type GraphQLResponse,
} from './execute.ts';
import { buildStatusSchema, IndexingStatus } from './status.ts';
import { ResponseCache, type ResponseCacheStats } from './response-cache.ts';
import { graphiqlPage } from './page.ts';

export interface GraphQLServerOptions {
  store: Store;
  schema: SchemaModel;
  subgraphName: string;
  /** deployment id shown in `_meta.deployment` and accepted at /subgraphs/id/<id>; default store.deployment */
  deployment?: string;
  /** 0 = ephemeral (tests); production 8000 */
  port?: number;
  host?: string;
  /** index-node status port (production 8030); omitted → no status server */
  statusPort?: number;
  status?: IndexingStatus;
  /** CORS: '*', a list of origins, or a predicate. Default: http(s)://localhost|127.0.0.1 on any port. */
  allowOrigin?: '*' | string[] | ((origin: string) => boolean);
  limits?: Partial<ApiLimits & ExecLimits & { maxBodyBytes: number }>;
  /** departures from graph-node's defaults (api.ts, DEFAULT_OPTIONS) */
  options?: Partial<ApiOptions>;
  /** per-block response cache (response-cache.ts): on by default, 64 MiB; false turns it off */
  responseCache?: false | { maxBytes?: number };
  /** log one line per request (default off) */
  log?: (line: string) => void;
}

export interface GraphQLServer {
  url: string;
  statusUrl: string | null;
  port: number;
  statusPort: number | null;
  status: IndexingStatus;
  /** response cache counters; null when the cache is off */
  cacheStats(): ResponseCacheStats | null;
  close(): Promise<void>;
}

const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

/**
 * Past the size limit the rest of a body is read and dropped, so a client still uploading gets
 * to read the 413 (destroying the socket mid-upload shows as ECONNRESET on its side, not as an
 * answer); only this much is drained, beyond it the connection is closed after the 413.
 */
const DRAIN_BYTES = 64 * 1024 * 1024;

/** 413 error; `close`: the body was not drained, the connection cannot be reused. */
const tooLarge = (max: number, close: boolean) =>
  Object.assign(new Error(`request body larger than ${max} bytes`), { status: 413, close });

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > max + DRAIN_BYTES) {
      reject(tooLarge(max, true));
      return;
    }
    const chunks: Buffer[] = [];
    let n = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      n += c.length;
      if (over) {
        if (n > max + DRAIN_BYTES) {
          req.removeAllListeners('data');
          reject(tooLarge(max, true));
        }
        return; // dropped
      }
      if (n > max) {
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(c);
    });
    req.on('end', () =>
      over
        ? reject(tooLarge(max, false))
        : resolve(Buffer.concat(chunks as Uint8Array[]).toString('utf8')),
    );
    req.on('error', reject);
  });
}

/** A response body already serialized as JSON (answers from the response cache). */
class JsonText {
  constructor(readonly text: string) {}
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const s =
    body instanceof JsonText ? body.text : typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json',
    'content-length': Buffer.byteLength(s),
    ...headers,
  });
  res.end(s);
}

async function requestOf(
  req: IncomingMessage,
  url: URL,
  maxBody: number,
): Promise<{ query?: unknown; variables?: unknown; operationName?: unknown }> {
  if (req.method === 'GET') {
    const v = url.searchParams.get('variables');
    return {
      query: url.searchParams.get('query') ?? undefined,
      variables: v ? JSON.parse(v) : undefined,
      operationName: url.searchParams.get('operationName') ?? undefined,
    };
  }
  const body = await readBody(req, maxBody);
  if ((req.headers['content-type'] ?? '').startsWith('application/graphql')) return { query: body };
  const parsed = JSON.parse(body);
  if (!parsed || typeof parsed !== 'object') throw new Error('expected a JSON object');
  return parsed;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startGraphQLServer(o: GraphQLServerOptions): Promise<GraphQLServer> {
  const host = o.host ?? '127.0.0.1';
  const deployment = o.deployment ?? o.store.deployment;
  const api = buildApi(
    o.schema,
    o.store,
    { ...DEFAULT_LIMITS, ...o.limits },
    { ...DEFAULT_OPTIONS, ...o.options },
  );
  const exec: ExecLimits = { ...DEFAULT_EXEC_LIMITS, ...o.limits };
  const maxBody = o.limits?.maxBodyBytes ?? 1024 * 1024;
  const status = o.status ?? new IndexingStatus();
  // graph-node's earliest queryable block is the parent of the manifest's start block.
  const target = () => {
    const start = status.earliestBlock?.number ?? 0;
    return { store: o.store, deployment, earliestBlock: Math.max(0, start - 1) };
  };
  const cache = o.responseCache === false ? null : new ResponseCache(o.responseCache?.maxBytes);
  // The head and revert count are read before the query runs and handed to it, so a cached
  // answer always belongs to the head it is filed under. Only `_meta` reads the health.
  const answer = async (r: GraphQLRequest): Promise<GraphQLResponse | JsonText> => {
    const base = target();
    if (!cache || typeof r.query !== 'string') return runQuery(api, base, r, exec);
    const reverts = o.store.reverts;
    const readsMeta = r.query.includes('_meta');
    const [latest, health] = await Promise.all([
      o.store.getCursor(),
      readsMeta ? o.store.health() : null,
    ]);
    const run = () => runQuery(api, { ...base, latest, reverts }, r, exec);
    if (!latest) return run();
    const failed = health?.fatalError?.deterministic === true;
    // graph-node ignores operationName, so it is no part of the key.
    const key = JSON.stringify([r.query, r.variables ?? null, base.earliestBlock, failed]);
    return new JsonText(await cache.answer(key, `${latest.number}:${latest.hash}:${reverts}`, run));
  };
  const allowed = (origin: string) =>
    o.allowOrigin === '*'
      ? true
      : Array.isArray(o.allowOrigin)
        ? o.allowOrigin.includes(origin)
        : typeof o.allowOrigin === 'function'
          ? o.allowOrigin(origin)
          : LOCAL_ORIGIN.test(origin);
  const cors = (req: IncomingMessage): Record<string, string> => {
    const origin = req.headers.origin;
    if (!origin || !allowed(origin)) return {};
    return {
      'access-control-allow-origin': o.allowOrigin === '*' ? '*' : origin,
      vary: 'Origin',
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': 'content-type, accept',
      'access-control-max-age': '600',
    };
  };

  // graph-node also answers on the legacy `<path>/graphql` form.
  const paths = new Set(
    [`/subgraphs/name/${o.subgraphName}`, `/subgraphs/id/${deployment}`].flatMap((p) => [
      p,
      `${p}/graphql`,
    ]),
  );
  const handle = async (
    req: IncomingMessage,
    res: ServerResponse,
    graphqlPath: (p: string) => boolean,
    run: (r: {
      query?: unknown;
      variables?: unknown;
      operationName?: unknown;
    }) => Promise<GraphQLResponse | JsonText>,
    page: string,
  ) => {
    const t0 = performance.now();
    const url = new URL(req.url ?? '/', 'http://x');
    const h = cors(req);
    try {
      if (req.method === 'OPTIONS') return send(res, 204, '', h);
      const path = url.pathname.replace(/\/+$/, '') || '/';
      if (!graphqlPath(path)) {
        if (path.startsWith('/subgraphs/')) {
          const name = decodeURIComponent(
            path.replace(/^\/subgraphs\/(name|id)\//, '').replace(/\/graphql$/, ''),
          );
          return send(
            res,
            404,
            { errors: [{ message: `deployment \`${name}\` does not exist` }] },
            h,
          );
        }
        return send(res, 404, { errors: [{ message: 'Not found' }] }, h);
      }
      if (req.method === 'GET' && !url.searchParams.has('query')) return send(res, 200, page, h);
      if (req.method !== 'GET' && req.method !== 'POST')
        return send(
          res,
          405,
          { errors: [{ message: `method ${req.method} not allowed` }] },
          { ...h, allow: 'GET, POST, OPTIONS' },
        );
      let body;
      try {
        body = await requestOf(req, url, maxBody);
      } catch (e) {
        const st = (e as { status?: number }).status ?? 400;
        // A 413 whose body was not drained closes the connection (the rest is not read).
        const close: Record<string, string> = (e as { close?: boolean }).close
          ? { connection: 'close' }
          : {};
        return send(
          res,
          st,
          {
            errors: [
              {
                message:
                  st === 413
                    ? (e as Error).message
                    : `Invalid request body: ${(e as Error).message}`,
              },
            ],
          },
          { ...h, ...close },
        );
      }
      const out = await run(body);
      send(res, 200, out, h);
    } catch (e) {
      send(res, 500, { errors: [{ message: `Store error: ${(e as Error).message}` }] }, h);
    } finally {
      o.log?.(
        `${req.method} ${url.pathname} ${res.statusCode} ${(performance.now() - t0).toFixed(1)}ms`,
      );
    }
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    void handle(req, res, (p) => paths.has(p), answer, graphiqlPage(o.subgraphName));
  };
  const server = createServer(onRequest);
  // `Expect: 100-continue` (curl does it for large bodies): refuse an oversized body before it is sent.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (Number(req.headers['content-length'] ?? 0) > maxBody) {
      return send(
        res,
        413,
        { errors: [{ message: tooLarge(maxBody, true).message }] },
        { ...cors(req), connection: 'close' },
      );
    }
    res.writeContinue();
    onRequest(req, res);
  });
  server.keepAliveTimeout = 5000;
  const port = await listen(server, o.port ?? 8000, host);

  let statusServer: Server | null = null;
  let statusPort: number | null = null;
  if (o.statusPort !== undefined) {
    const sschema: GraphQLSchema = buildStatusSchema();
    const ctx = { store: o.store, subgraphName: o.subgraphName, deployment, status };
    statusServer = createServer((req, res) => {
      void handle(
        req,
        res,
        (p) => p === '/graphql',
        async (r) => {
          if (typeof r.query !== 'string') return { errors: [{ message: 'The query is empty' }] };
          let doc;
          try {
            doc = parse(r.query);
          } catch (e) {
            return { errors: [{ message: (e as Error).message }] };
          }
          const v = validate(sschema, doc);
          if (v.length)
            return {
              errors: v.map((e) => ({
                message: e.message,
                locations: e.locations ? [...e.locations] : undefined,
              })),
            };
          const out = await execute({
            schema: sschema,
            document: doc,
            contextValue: ctx,
            variableValues: r.variables as Record<string, unknown> | undefined,
          });
          return out.errors?.length
            ? { errors: out.errors.map((e) => ({ message: e.message })) }
            : { data: out.data };
        },
        graphiqlPage(
          'index-node',
          '/graphql',
          '{ indexingStatuses { subgraph synced health fatalError { message block { number hash } handler } chains { network chainHeadBlock { number } latestBlock { number } } entityCount } }',
        ),
      );
    });
    statusPort = await listen(statusServer, o.statusPort, host);
  }

  const h = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${h}:${port}/subgraphs/name/${o.subgraphName}`,
    statusUrl: statusPort !== null ? `http://${h}:${statusPort}/graphql` : null,
    port,
    statusPort,
    status,
    cacheStats: () => cache?.stats() ?? null,
    close: async () => {
      const stop = (s: Server | null) =>
        new Promise<void>((r) => {
          if (!s) return r();
          s.close(() => r());
          s.closeAllConnections();
        });
      await Promise.all([stop(server), stop(statusServer)]);
    },
  };
}

export { IndexingStatus } from './status.ts';
