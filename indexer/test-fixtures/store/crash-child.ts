// Child process for the crash test: commits the fixture batches into a PGlite data dir and
// reports each committed cursor on stdout; the parent SIGKILLs it at an arbitrary moment.
import { openStore } from '../../src/store/index.ts';
import { fixtureSchema, makeBatches } from './fixture.ts';

const [dir, blocks] = [process.argv[2], Number(process.argv[3])];
const store = await openStore({ schema: fixtureSchema(), deployment: 'crash', dataDir: dir });
const from = (await store.getCursor())?.number ?? 0;
process.stdout.write(`ready ${from}\n`);
for (const b of makeBatches({ blocks, accounts: 40, seed: 9, perBlock: 40 })) {
  if (b.cursor.number <= from) continue;
  await store.commitBatch(b);
  process.stdout.write(`committed ${b.cursor.number}\n`);
}
await store.close();
process.stdout.write('done\n');
