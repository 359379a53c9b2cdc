// A stoppable HTTP forwarder between the dashboard and a GraphQL endpoint, so tests can take the
// endpoint "down" (connection refused) and bring it back without touching shared processes.
import { createServer, request, type Server } from 'node:http';

export interface Proxy {
  port: number;
  url: string;
  statusUrl: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** GraphQL requests go to `target` (…/subgraphs/name/X); POST /graphql goes to `statusTarget`. */
export async function startProxy(target: string, statusTarget?: string, port = 0): Promise<Proxy> {
  const t = new URL(target);
  const s = statusTarget ? new URL(statusTarget) : null;
  let server: Server | null = null;
  const make = () =>
    createServer((req, res) => {
      const dest = req.url?.startsWith('/graphql') && s ? s : t;
      const path =
        dest === t
          ? t.pathname + (req.url?.includes('?') ? req.url.slice(req.url.indexOf('?')) : '')
          : s!.pathname;
      const up = request(
        {
          hostname: dest.hostname,
          port: dest.port,
          path,
          method: req.method,
          headers: { ...req.headers, host: dest.host },
        },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      up.on('error', () => {
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end('{"errors":[{"message":"upstream unreachable"}]}');
      });
      req.pipe(up);
    });
  const listen = () =>
    new Promise<void>((ok, fail) => {
      server = make();
      server.once('error', fail);
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        ok();
      });
    });
  await listen();
  const p: Proxy = {
    port,
    get url() {
      return `http://127.0.0.1:${port}/subgraphs/name/${t.pathname.split('/subgraphs/name/')[1] ?? 'collateral-radar'}`;
    },
    get statusUrl() {
      return `http://127.0.0.1:${port}/graphql`;
    },
    stop: () =>
      new Promise((ok) => {
        if (!server) return ok();
        server.closeAllConnections();
        server.close(() => ok());
        server = null;
      }),
    start: listen,
  } as Proxy;
  return p;
}
