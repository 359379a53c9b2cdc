// npm run devnet -- --seed N --accounts N --days N [--no-live] [--port 8545] [--host H]
//                   [--start-time UNIX] [--interval MS] [--exit] [--no-write] [--quiet] [--check-receipts]
//                   [--dex-depth F] [--dex-agents]
import { startDevnet } from './index.ts';

const USAGE =
  'usage: npm run devnet -- [--seed N] [--accounts N] [--days N] [--no-live] [--port 8545] [--host 127.0.0.1] [--start-time UNIX] [--interval MS] [--exit] [--no-write] [--quiet] [--check-receipts] [--via-http] [--dex-depth 0.5] [--dex-agents]';

function parse(argv: string[]) {
  const o = {
    seed: '1',
    accounts: 300,
    days: 30,
    live: true,
    port: 8545,
    host: '127.0.0.1',
    startTime: undefined as number | undefined,
    interval: 3000,
    exit: false,
    write: true,
    quiet: false,
    checkReceipts: false,
    viaHttp: false,
    dexDepth: undefined as number | undefined,
    dexAgents: false,
  };
  const num = (flag: string, v: string | undefined, min: number): number => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n) || n < min)
      throw new Error(`devnet: ${flag} needs a number >= ${min} (got '${v ?? ''}')\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case '--seed':
        o.seed = argv[++i] ?? '';
        if (!o.seed) throw new Error(`devnet: --seed needs a value\n${USAGE}`);
        break;
      case '--accounts':
        o.accounts = Math.floor(num(a, argv[++i], 1));
        break;
      case '--days':
        o.days = num(a, argv[++i], 0.05);
        break;
      case '--port':
        o.port = Math.floor(num(a, argv[++i], 0));
        break;
      case '--host':
        o.host = argv[++i] ?? o.host;
        break;
      case '--start-time':
        o.startTime = Math.floor(num(a, argv[++i], 1));
        break;
      case '--interval':
        o.interval = num(a, argv[++i], 100);
        break;
      case '--no-live':
        o.live = false;
        break;
      case '--live':
        o.live = true;
        break;
      case '--exit':
        o.exit = true;
        o.live = false;
        break;
      case '--quiet':
        o.quiet = true;
        break;
      case '--no-write':
        o.write = false;
        break;
      case '--check-receipts':
        o.checkReceipts = true;
        break;
      case '--via-http':
        o.viaHttp = true;
        break;
      case '--dex-depth':
        o.dexDepth = num(a, argv[++i], 0.0001);
        break;
      case '--dex-agents':
        o.dexAgents = true;
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
      default:
        throw new Error(`devnet: unknown argument '${a}'\n${USAGE}`);
    }
  }
  return o;
}

async function main(): Promise<void> {
  const o = parse(process.argv.slice(2));
  const t0 = Date.now();
  const devnet = await startDevnet({
    seed: o.seed,
    accounts: o.accounts,
    days: o.days,
    live: o.live,
    liveIntervalMs: o.interval,
    port: o.port,
    host: o.host,
    startTime: o.startTime,
    quiet: o.quiet,
    writeFiles: o.write,
    checkReceipts: o.checkReceipts,
    viaHttp: o.viaHttp,
    dexDepth: o.dexDepth,
    dexAgents: o.dexAgents,
  });
  console.log(
    `[devnet] ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${devnet.rpcUrl} | history end block ${devnet.historyEndBlock}${o.write ? ' | deployment devnet/deployments/devnet.json, subgraph/networks.json' : ''}`,
  );
  if (o.exit) {
    await devnet.stop();
    process.exit(0);
  }
  if (!o.live)
    console.log('[devnet] --no-live: serving the history, no new blocks (Ctrl-C to stop)');
  const shutdown = async () => {
    await devnet.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((e) => {
  console.error((e as Error).message);
  process.exit(1);
});
