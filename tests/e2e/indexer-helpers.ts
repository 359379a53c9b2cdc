// Helpers for the indexer e2e tests: a copy of the built subgraph pointed at a devnet
// deployment (no graph-cli run, no writes into subgraph/), and the pieces' availability.
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

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
