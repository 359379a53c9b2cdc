// Reverts the indexed store to the devnet history's last block before a restart that reuses it.
// Live blocks after the history carry wall-clock timestamps, so the restarted devnet mines other
// blocks at those heights; without this the indexer would wait, serving the old live tail, until
// the new chain is as high as its cursor and only then find the reorg. Reverting here is the
// store's own revertTo, the operation a reorg uses, so the state equals indexing up to the block.
//   tsx scripts/start/rewind-store.ts --subgraph DIR --deployment ID --block N --hash 0x… [--data-dir DIR]
// Env DATABASE_URL uses PostgreSQL. Prints one JSON line: { cursor, reverted }.
import { parseArgs } from 'node:util';
import { loadManifest } from '../../indexer/src/manifest/index.ts';
import { parseSchema } from '../../indexer/src/schema/index.ts';
import { openStore } from '../../indexer/src/store/index.ts';

const { values: a } = parseArgs({
  options: {
    subgraph: { type: 'string' },
    deployment: { type: 'string' },
    block: { type: 'string' },
    hash: { type: 'string' },
    'data-dir': { type: 'string' },
  },
});
if (!a.subgraph || !a.deployment || !a.block || !a.hash) {
  console.error('rewind-store: --subgraph, --deployment, --block and --hash are required');
  process.exit(2);
}

async function main(): Promise<void> {
  const manifest = loadManifest(a.subgraph!);
  const schema = parseSchema(manifest.schemaSource, manifest.schemaFile);
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const dataDir = databaseUrl ? undefined : a['data-dir'];
  const store = await openStore({ schema, deployment: a.deployment!, dataDir, databaseUrl });
  const block = Number(a.block);
  const cursor = await store.getCursor();
  let reverted = false;
  if (cursor && cursor.number > block) {
    await store.revertTo(block, a.hash!);
    reverted = true;
  }
  await store.close();
  console.log(JSON.stringify({ cursor: cursor?.number ?? null, reverted }));
}

main().catch((e) => {
  console.error(`rewind-store: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
