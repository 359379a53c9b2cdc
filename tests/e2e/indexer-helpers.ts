// Helpers for the indexer e2e tests: a copy of the built subgraph pointed at a devnet
// deployment (no graph-cli run, no writes into subgraph/), the pieces' availability, and our
// indexer run over a devnet (once to the head, or following it).
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { startIndexerNode } from '../../indexer/src/index.ts';
import { SubgraphClient } from '../../dashboard/lib/subgraph-client';

export const root = join(__dirname, '..', '..') + '/';
export const builtSubgraph = join(root, 'subgraph/build');

/** What the e2e tests need built first (the subgraph build), or null when it is there. */
export function missingPiece(): string | null {
  if (!existsSync(join(builtSubgraph, 'subgraph.yaml')))
    return 'built subgraph (subgraph/build; run `npm run build -w subgraph`)';
  return null;
}

/**
 * Copies subgraph/build to a temp dir with every data source and template on `network`, and
 * the PoolAddressesProvider source at the devnet's address and start block.
 */
/**
 * The built subgraph aimed at a devnet deployment: the Aave sources at its
 * PoolAddressesProvider, the UniswapV3Factory source at its DEX (left out when it has none).
 */
export function subgraphFor(
  deployment: {
    poolAddressesProvider: string;
    startBlock: number | bigint;
    dex?: { factory: string; startBlock: number };
  },
  network = 'devnet',
): string {
  const dir = mkdtempSync(join(tmpdir(), 'cr-subgraph-'));
  cpSync(builtSubgraph, dir, { recursive: true });
  const file = join(dir, 'subgraph.yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  type Node = { get(k: string): unknown; setIn(p: unknown[], v: unknown): void };
  const ds = doc.get('dataSources') as { items: Node[] };
  ds.items = ds.items.filter((d) => d.get('name') !== 'UniswapV3Factory' || deployment.dex);
  for (const d of ds.items) {
    const dex = d.get('name') === 'UniswapV3Factory' ? deployment.dex : undefined;
    d.setIn(['network'], network);
    d.setIn(['source', 'address'], dex ? dex.factory : deployment.poolAddressesProvider);
    d.setIn(['source', 'startBlock'], Number(dex ? dex.startBlock : deployment.startBlock));
  }
  const templates = doc.get('templates') as { items: Node[] } | undefined;
  for (const t of templates?.items ?? []) t.setIn(['network'], network);
  writeFileSync(file, doc.toString());
  return dir;
}

export async function gql<T = any>(url: string, query: string): Promise<T> {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const j = (await r.json()) as { data?: T; errors?: { message: string }[] };
  if (j.errors?.length)
    throw new Error(`GraphQL errors: ${j.errors.map((e) => e.message).join('; ')}`);
  return j.data as T;
}

type IndexerNode = Awaited<ReturnType<typeof startIndexerNode>>;

/** A quiet indexer on ephemeral ports over a devnet. */
const devnetNode = (rpcUrl: string, subgraphDir: string, dataDir: string) => ({
  rpcUrl,
  network: 'devnet',
  subgraphDir,
  dataDir,
  port: 0,
  statusPort: 0,
  progress: false,
  log: () => {},
});

/** Our indexer over a devnet until it is synced, then stopped serving new blocks: asserts healthy. */
export async function indexOnce(
  rpcUrl: string,
  subgraphDir: string,
  dataDir: string,
): Promise<IndexerNode> {
  const node = await startIndexerNode({
    ...devnetNode(rpcUrl, subgraphDir, dataDir),
    exitWhenSynced: true,
  });
  try {
    await node.indexing;
    assert.equal(node.status.health, 'healthy', JSON.stringify(node.status.fatalError));
  } catch (e) {
    await node.stop();
    throw e;
  }
  return node;
}

/** Our indexer following a devnet, once its GraphQL has reached `head` (fails fast if it fails). */
export async function followToBlock(
  rpcUrl: string,
  subgraphDir: string,
  dataDir: string,
  head: number | bigint,
): Promise<{ node: IndexerNode; sg: SubgraphClient }> {
  const node = await startIndexerNode({ ...devnetNode(rpcUrl, subgraphDir, dataDir), pollMs: 200 });
  const sg = new SubgraphClient(node.url!, { retries: 2, backoffMs: 100 });
  const deadline = Date.now() + 600_000;
  try {
    assert.ok(node.url, 'indexer serves GraphQL');
    for (;;) {
      const m = await sg.meta().catch(() => null);
      if (m && BigInt(m.number) >= BigInt(head)) break;
      if (node.status.health === 'failed')
        throw new Error(`indexer failed: ${JSON.stringify(node.status.fatalError)}`);
      if (Date.now() > deadline)
        throw new Error(`indexer did not reach block ${head} (at ${m?.number})`);
      await new Promise((r) => setTimeout(r, 300));
    }
  } catch (e) {
    await node.stop();
    throw e;
  }
  return { node, sg };
}
