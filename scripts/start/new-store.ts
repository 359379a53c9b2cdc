// An empty PGlite cluster for a new index, made while the builds run: a new cluster costs initdb
// (seconds on two cores, the longest part of the indexer's start), and nothing about it depends on
// the subgraph. The indexer then opens it as an existing store, without --reset.
//   tsx scripts/start/new-store.ts --data-dir DIR
// Removes DIR first. Prints one JSON line: { dataDir, ms }.
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openPglite } from '../../indexer/src/store/driver.ts';

const { values: a } = parseArgs({ options: { 'data-dir': { type: 'string' } } });
if (!a['data-dir']) {
  console.error('new-store: --data-dir is required');
  process.exit(2);
}

async function main(dataDir: string): Promise<void> {
  const t0 = Date.now();
  rmSync(dataDir, { recursive: true, force: true });
  const db = await openPglite(dataDir);
  await db.close();
  console.log(JSON.stringify({ dataDir, ms: Date.now() - t0 }));
}

main(a['data-dir']).catch((e) => {
  console.error(`new-store: ${(e as Error).message}`);
  process.exit(1);
});
