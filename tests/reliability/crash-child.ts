// Child process for the crash test: indexes with tiny flushes (a commit every block or two) and
// announces every store transaction on stdout ("tx N"), so the parent can SIGKILL it at a chosen
// point; with KILL_AT_TX=N and KILL_AT_QUERY=K it SIGKILLs itself after the K-th statement of its
// N-th transaction, or after its last one when it has fewer (deterministically mid-flush, before
// COMMIT).
import { Store } from '../../indexer/src/store/index.ts';
import { startIndexerNode } from '../../indexer/src/index.ts';

const [rpcUrl, subgraphDir, dataDir, flushBlocks] = process.argv.slice(2);
const killTx = Number(process.env.KILL_AT_TX ?? 0);
const killQuery = Number(process.env.KILL_AT_QUERY ?? 0);

let txNo = 0;
const open = Store.open.bind(Store);
(Store as unknown as { open: typeof Store.open }).open = async (o) => {
  const s = await open(o);
  const d = s.driver as { transaction: typeof s.driver.transaction };
  const orig = d.transaction.bind(d);
  d.transaction = (fn) => {
    const n = ++txNo;
    process.stdout.write(`tx ${n}\n`);
    return orig(async (tx) => {
      let k = 0;
      const wrap = {
        query: async (sql: string, p?: unknown[]) => {
          const r = await tx.query(sql, p);
          if (n === killTx && ++k === killQuery) process.kill(process.pid, 'SIGKILL');
          return r;
        },
        copyIn:
          tx.copyIn &&
          (async (sql: string, data: string) => {
            await tx.copyIn!(sql, data);
            if (n === killTx && ++k === killQuery) process.kill(process.pid, 'SIGKILL');
          }),
      };
      const result = await fn(wrap as never);
      // a transaction shorter than K statements dies after its last one, still before COMMIT
      if (n === killTx) process.kill(process.pid, 'SIGKILL');
      return result;
    });
  };
  return s;
};

async function main() {
  const node = await startIndexerNode({
    rpcUrl,
    network: 'devnet',
    subgraphDir,
    dataDir,
    databaseUrl: process.env.DATABASE_URL || undefined,
    reset: process.env.RESET === '1',
    serve: false,
    exitWhenSynced: true,
    progress: false,
    log: (m) => process.stderr.write(m + '\n'),
    flush: { blocks: Number(flushBlocks || 1), ms: 50 },
  });
  await node.indexing;
  process.stdout.write(`deployment ${node.deployment}\n`);
  const health = node.status.health;
  await node.stop();
  process.stdout.write(`done ${health} ${txNo}\n`);
  process.exit(health === 'healthy' ? 0 : 1);
}
main().catch((e) => {
  process.stderr.write(`crash-child: ${(e as Error).stack}\n`);
  process.exit(3);
});
