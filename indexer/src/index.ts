// The local graph-node, programmatically: built subgraph + JSON-RPC → store → GraphQL API.
// Used by the CLI (src/cli.ts), `npm start`, the e2e tests and benches. It is also the
// package's one re-exporting face: callers outside the indexer that drive ingestion or the
// query API themselves (benches, tests) take the chain source, the RPC client, the Indexer and
// the GraphQL server from here.
import { existsSync, rmSync } from 'node:fs';
import { loadManifest, type Manifest } from './manifest/index.ts';
import { parseSchema, type SchemaModel } from './schema/index.ts';
import { openStore, type Store } from './store/index.ts';
import { schemaNameFor } from './store/layout.ts';
import { ChainSource } from './chain/source.ts';
import { JsonRpc } from './chain/rpc.ts';
import { checkNetworkChainId, redactUrl } from './chain/networks.ts';
import { Indexer } from './ingest/indexer.ts';
import { Progress } from './ingest/progress.ts';
import { newStatus, type IndexerStatus, type MappingLoader } from './ingest/types.ts';
import { deploymentLoader, loadDeploymentMappings } from './runtime/deployment.ts';
import { deploymentId } from './runtime/deployment-id.ts';
import type { LogLevel } from './internal/types.ts';
import { startGraphQLServer, type GraphQLServerOptions } from './graphql/server.ts';
import { IndexingStatus } from './graphql/status.ts';

export { ChainSource, type LogsCheckOptions } from './chain/source.ts';
export { JsonRpc, type RpcOptions } from './chain/rpc.ts';
export { Indexer } from './ingest/indexer.ts';
export type { IndexerOptions } from './ingest/indexer-options.ts';
export type { IndexerStatus, MappingLoader, MappingModule } from './ingest/types.ts';
export {
  startGraphQLServer,
  type GraphQLServer,
  type GraphQLServerOptions,
} from './graphql/server.ts';
export { IndexingStatus } from './graphql/status.ts';
export { buildApi, DEFAULT_LIMITS, type Api } from './graphql/api.ts';
export { runQuery, DEFAULT_EXEC_LIMITS, type GraphQLResponse } from './graphql/execute.ts';

export const SUBGRAPH_NAME = 'collateral-radar';

export interface IndexerNodeOptions {
  rpcUrl: string;
  /** expected network (checked against the manifest) */
  network?: string;
  /** accept a local fork of this network (--fork-of / FORK_OF; must be the manifest's network) */
  forkOf?: string;
  /** built subgraph dir (subgraph/build) */
  subgraphDir: string;
  dataDir?: string;
  databaseUrl?: string;
  port?: number;
  statusPort?: number;
  host?: string;
  reset?: boolean;
  /** start the GraphQL server (default true) */
  serve?: boolean;
  exitWhenSynced?: boolean;
  stopAtBlock?: number;
  logLevel?: LogLevel;
  /** progress line (default: on stderr) */
  progress?: boolean;
  /** seconds between progress lines when stderr is not a TTY (default 5) */
  progressEverySec?: number;
  /** RPC retry tuning (tests) */
  rpc?: { timeoutMs?: number; baseDelayMs?: number; maxDelayMs?: number };
  log?: (msg: string) => void;
  flush?: { blocks?: number; changes?: number; ms?: number };
  pollMs?: number;
  /** query bounds (graph-node's GRAPH_GRAPHQL_MAX_FIRST / MAX_SKIP); undefined keeps the default */
  limits?: GraphQLServerOptions['limits'];
}

export interface IndexerNode {
  manifest: Manifest;
  schema: SchemaModel;
  store: Store;
  indexer: Indexer;
  status: IndexerStatus;
  deployment: string;
  /** GraphQL URL when serving */
  url: string | null;
  statusUrl: string | null;
  /** resolves when indexing ends (stop(), failure, exitWhenSynced/stopAtBlock) */
  indexing: Promise<void>;
  stop(): Promise<void>;
}

function definedOnly<T extends object>(o: T | undefined): Partial<T> | undefined {
  return (
    o && (Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>)
  );
}

export async function startIndexerNode(o: IndexerNodeOptions): Promise<IndexerNode> {
  const log = o.log ?? ((m: string) => console.error(m));
  const manifest = loadManifest(o.subgraphDir);
  if (o.network && manifest.network !== o.network)
    throw new Error(
      `${manifest.file}: built for network ${manifest.network}, but --network/NETWORK is ${o.network}; rebuild with \`graph build --network ${o.network}\` in subgraph/`,
    );
  if (manifest.graft)
    throw new Error(`${manifest.file}: grafting is not supported by this indexer`);
  const schema = parseSchema(manifest.schemaSource, manifest.schemaFile);
  // Every data source's and template's WASM compiled and checked now: a broken file stops the
  // start naming it, instead of failing (and being retried) when its first trigger comes.
  const mappings = await loadDeploymentMappings(manifest, { schema });

  const status = newStatus();
  const rpc = new JsonRpc({
    url: o.rpcUrl,
    ...o.rpc,
    onRetry: ({ method, attempt, delayMs, error }) => {
      status.lastError = error.message;
      if (attempt === 1 || attempt % 5 === 0)
        log(
          `rpc ${redactUrl(o.rpcUrl)}: ${method} failed (${error.message}); retry ${attempt} in ${delayMs} ms`,
        );
    },
  });
  const chain = new ChainSource(rpc);
  let chainId: number, genesis: string;
  try {
    chainId = await chain.chainId();
    const [g] = await chain.getBlocks([0], false);
    genesis = g.hash;
  } catch (e) {
    throw new Error(`cannot reach JSON-RPC at ${redactUrl(o.rpcUrl)}: ${(e as Error).message}`);
  }
  // The manifest's network must be the RPC's chain (unknown network names: a warning).
  const { warning, fork } = checkNetworkChainId(manifest.network, chainId, o.rpcUrl, o.forkOf);
  if (warning) log(`warning: ${warning}`);
  if (fork)
    log(
      `indexing a local fork of ${fork.of} (RPC chain id ${fork.chainId}): data past the fork block is the fork's, not ${fork.of}'s`,
    );
  const deployment = deploymentId(manifest, chainId, genesis);

  if (o.reset) {
    if (o.databaseUrl) {
      const { openPostgres } = await import('./store/driver.ts');
      const d = await openPostgres(o.databaseUrl);
      await d.exec(`DROP SCHEMA IF EXISTS "${schemaNameFor(deployment)}" CASCADE`);
      await d.close();
    } else if (o.dataDir && existsSync(o.dataDir)) {
      rmSync(o.dataDir, { recursive: true, force: true });
    }
    log(`reset: removed indexed data of ${o.databaseUrl ? deployment : o.dataDir}`);
  }
  const store = await openStore({
    schema,
    deployment,
    dataDir: o.databaseUrl ? undefined : o.dataDir,
    databaseUrl: o.databaseUrl,
  });

  const loadMapping: MappingLoader = deploymentLoader(manifest, mappings, { schema });
  const progress =
    o.progress === false
      ? null
      : new Progress({ label: `[indexer] ${manifest.network}`, everySec: o.progressEverySec });
  const indexer = new Indexer({
    manifest,
    schema,
    store,
    chain,
    loadMapping,
    status,
    progress,
    exitWhenSynced: o.exitWhenSynced,
    stopAtBlock: o.stopAtBlock,
    logLevel: o.logLevel,
    flushBlocks: o.flush?.blocks,
    flushChanges: o.flush?.changes,
    flushMs: o.flush?.ms,
    pollMs: o.pollMs,
    log: progress ? undefined : log,
  });

  let server: { close(): Promise<void> | void } | null = null;
  let url: string | null = null,
    statusUrl: string | null = null;
  if (o.serve !== false) {
    const host = o.host ?? '127.0.0.1';
    // The server's status object reads the ingestion's live status (chain head, synced).
    const st = new IndexingStatus({
      network: manifest.network,
      forkOf: fork?.of ?? null,
      earliestBlock: { number: Math.min(...manifest.dataSources.map((d) => d.startBlock)) },
    });
    Object.defineProperty(st, 'chainHead', {
      get: () => (status.chainHeadBlock === null ? null : { number: status.chainHeadBlock }),
      set: () => {},
      configurable: true,
    });
    Object.defineProperty(st, 'synced', {
      get: () => status.synced,
      set: () => {},
      configurable: true,
    });
    const s = await startGraphQLServer({
      store,
      schema,
      subgraphName: SUBGRAPH_NAME,
      deployment,
      port: o.port ?? 8000,
      host,
      statusPort: o.statusPort ?? 8030,
      status: st,
      limits: definedOnly(o.limits),
    });
    server = s;
    url = s.url;
    statusUrl = s.statusUrl;
    log(`GraphQL: ${url}  status: ${statusUrl}`);
  }
  log(
    `indexing ${manifest.file} (network ${manifest.network}, chain id ${chainId}) from ${redactUrl(o.rpcUrl)} as deployment ${deployment}`,
  );

  const indexing = indexer.run().catch((e) => {
    status.health = 'failed';
    status.fatalError = {
      block: null,
      handler: null,
      message: (e as Error).message,
      deterministic: false,
    };
    log(`indexer stopped: ${(e as Error).message}`);
  });
  let stopped: Promise<void> | null = null;
  return {
    manifest,
    schema,
    store,
    indexer,
    status,
    deployment,
    url,
    statusUrl,
    indexing,
    stop: () =>
      (stopped ??= (async () => {
        indexer.stop();
        rpc.close(); // no retry loops on the way out (the chain may already be gone)
        await indexing;
        if (server) await server.close();
        await store.close();
      })()),
  };
}
