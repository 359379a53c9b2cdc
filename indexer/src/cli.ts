#!/usr/bin/env node
// `npm run indexer -- [--rpc URL] [--network NAME] [--subgraph DIR] [--data-dir DIR]
//   [--port 8000] [--status-port 8030] [--host 127.0.0.1] [--reset] [--exit-when-synced]
//   [--stop-at N] [--log-level warning]`
// Env: RPC_URL, NETWORK, DATABASE_URL. Loads the built subgraph, opens the store, serves the
// GraphQL API (subgraph name `collateral-radar`) and indexes until Ctrl-C.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { startIndexerNode } from './index.ts';
import { LOG_LEVELS, type LogLevel } from './internal/types.ts';

const root = resolve(new URL('../..', import.meta.url).pathname);

/** subgraph/build/networks/<network> (the subgraph's build-all output) when it exists, else subgraph/build. */
function defaultSubgraphDir(network: string | undefined): string {
  const perNetwork = network && resolve(root, 'subgraph/build/networks', network);
  return perNetwork && existsSync(resolve(perNetwork, 'subgraph.yaml'))
    ? perNetwork
    : resolve(root, 'subgraph/build');
}

const usage = `usage: npm run indexer -- [options]
  --rpc URL            JSON-RPC endpoint (env RPC_URL; default http://127.0.0.1:8545, the devnet)
  --network NAME       network the subgraph was built for (env NETWORK; checked against the manifest)
  --fork-of NAME       the RPC is a local fork of that network (env FORK_OF; chain id 31337 accepted)
  --subgraph DIR       built subgraph (default subgraph/build/networks/NETWORK if built, else subgraph/build)
  --data-dir DIR       PGlite data directory (default .data/pglite); env DATABASE_URL uses PostgreSQL
  --port N             GraphQL port (default 8000); --status-port N index-node status (default 8030)
  --host H             bind address (default 127.0.0.1)
  --reset              drop this deployment's indexed data first
  --exit-when-synced   stop once the chain head is reached; --stop-at N stop after block N
  --log-level L        mapping log level shown: critical|error|warning|info|debug (default warning)
  --no-server          index without serving GraphQL; --flush-blocks N commit at least every N blocks
  --progress-every S   seconds between progress lines when not on a terminal (default 5)`;

async function main() {
  let a;
  try {
    a = parseArgs({
      options: {
        rpc: { type: 'string' },
        network: { type: 'string' },
        'fork-of': { type: 'string' },
        subgraph: { type: 'string' },
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        'status-port': { type: 'string' },
        host: { type: 'string' },
        reset: { type: 'boolean' },
        'exit-when-synced': { type: 'boolean' },
        'stop-at': { type: 'string' },
        'log-level': { type: 'string' },
        'no-server': { type: 'boolean' },
        'flush-blocks': { type: 'string' },
        'progress-every': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
    }).values;
  } catch (e) {
    console.error(`${(e as Error).message}\n${usage}`);
    process.exit(2);
  }
  if (a.help) {
    console.log(usage);
    return;
  }
  const int = (v: string | undefined, name: string, d?: number): number | undefined => {
    if (v === undefined) return d;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) {
      console.error(
        `${/^[A-Z]/.test(name) ? name : `--${name}`} must be a non-negative integer (got ${v})`,
      );
      process.exit(2);
    }
    return n;
  };
  const logLevel = (a['log-level'] ?? 'warning') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    console.error(`--log-level: unknown level ${logLevel}`);
    process.exit(2);
  }

  const node = await startIndexerNode({
    rpcUrl: a.rpc ?? process.env.RPC_URL ?? 'http://127.0.0.1:8545',
    network: a.network ?? process.env.NETWORK,
    forkOf: a['fork-of'] ?? (process.env.FORK_OF || undefined),
    subgraphDir: resolve(a.subgraph ?? defaultSubgraphDir(a.network ?? process.env.NETWORK)),
    dataDir: resolve(a['data-dir'] ?? resolve(root, '.data/pglite')),
    databaseUrl: process.env.DATABASE_URL || undefined,
    port: int(a.port, 'port', 8000)!,
    statusPort: int(a['status-port'], 'status-port', 8030)!,
    host: a.host ?? '127.0.0.1',
    reset: !!a.reset,
    serve: !a['no-server'],
    exitWhenSynced: !!a['exit-when-synced'],
    stopAtBlock: int(a['stop-at'], 'stop-at'),
    logLevel,
    flush: { blocks: int(a['flush-blocks'], 'flush-blocks') },
    progressEverySec: int(a['progress-every'], 'progress-every'),
    // graph-node's environment variables for the query bounds (unset: 1000 and no skip bound)
    limits: {
      maxFirst: int(process.env.GRAPH_GRAPHQL_MAX_FIRST, 'GRAPH_GRAPHQL_MAX_FIRST'),
      maxSkip: int(process.env.GRAPH_GRAPHQL_MAX_SKIP, 'GRAPH_GRAPHQL_MAX_SKIP'),
    },
  });
  let stopping = false;
  const stop = async (sig: string) => {
    if (stopping) {
      console.error('forced exit');
      process.exit(130);
    }
    stopping = true;
    console.error(`\n${sig}: stopping (committing buffered changes)…`);
    await node.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  await node.indexing;
  if (a['exit-when-synced'] || a['stop-at'] !== undefined) {
    await node.stop();
    process.exit(node.indexer.status.health === 'failed' ? 1 : 0);
  }
}

main().catch((e) => {
  console.error(`indexer: ${(e as Error).message}`);
  if (process.env.DEBUG) console.error(e);
  process.exit(1);
});
