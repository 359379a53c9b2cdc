// Measures the devnet's simulation throughput in-process vs over HTTP JSON-RPC (same seed, same
// scenario, so the same transactions). Usage: npx tsx bench/devnet-sim.ts [--accounts N] [--days N]
import { startDevnet } from '../devnet/src/index.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const accounts = arg('accounts', 100);
const days = arg('days', 5);

async function run(viaHttp: boolean) {
  let txs = 0;
  let ms = 0;
  const t0 = Date.now();
  const d = await startDevnet({
    seed: 'bench',
    accounts,
    days,
    quiet: true,
    writeFiles: false,
    startTime: 1_760_000_000,
    port: viaHttp ? 0 : undefined,
    viaHttp,
    onProgress: (p) => {
      txs = p.txs;
      ms = p.elapsedMs;
    },
  });
  const total = (Date.now() - t0) / 1000;
  await d.stop();
  return { txs, secs: ms / 1000, txPerSec: txs / (ms / 1000), total, blocks: d.historyEndBlock };
}

const inproc = await run(false);
const overHttp = await run(true);
console.log(
  `scenario: ${accounts} accounts, ${days} days, ${inproc.blocks} blocks, ${inproc.txs} txs (incl. deployment)`,
);
console.log(
  `in-process: ${inproc.txPerSec.toFixed(0)} tx/s (history ${inproc.secs.toFixed(1)} s, total ${inproc.total.toFixed(1)} s)`,
);
console.log(
  `over HTTP:  ${overHttp.txPerSec.toFixed(0)} tx/s (history ${overHttp.secs.toFixed(1)} s, total ${overHttp.total.toFixed(1)} s)`,
);
