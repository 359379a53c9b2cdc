#!/usr/bin/env node
// `npm start`: the whole product on this machine. At once: the subgraph build, the dashboard build
// (each reused while its inputs' content hash is unchanged) and the devnet (deploy, then the
// seeded history). The indexer starts as soon as the subgraph is built and the devnet deployed,
// and follows the head while the history is mined. A restart with the same scenario and code
// mines the same chain again (the previous start time is kept) and keeps the indexed store
// (scripts/start/chain-reuse.mjs). The banner comes when the dashboard shows indexed data.
// `npm start -- --no-live`: the devnet stops producing blocks after the history.
// `RPC_URL=… NETWORK=mainnet npm start`: index a real network instead (no devnet).
// Options: --seed N --accounts N --days N --dex-agents (devnet scenario), --dev (`next dev`),
//          --no-dashboard, --fresh (a new devnet chain and index), --rebuild (subgraph).
// Every missing part is reported by name and the rest keeps running.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { planChain, readRecord, sameChain, writeRecord } from './start/chain-reuse.mjs';
import { ensureDashboardBuild } from './start/dashboard-build.mjs';
import { hashInputs } from './start/inputs-hash.mjs';
import { Processes, say, warn } from './start/processes.mjs';
import { waitForDashboardData } from './start/readiness.mjs';
import { buildInputsHash, ensureSubgraphBuild, retarget } from './start/subgraph-build.mjs';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const flag = (f) => args.includes(f);
const opt = (f, d) => {
  const i = args.indexOf(f);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : d;
};
if (flag('--help') || flag('-h')) {
  console.log(
    'usage: npm start [-- --no-live] [--seed N] [--accounts N] [--days N] [--dex-agents] [--dev] [--no-dashboard] [--fresh] [--rebuild]\n' +
      '       RPC_URL=URL NETWORK=NAME npm start   (index a real network, no devnet)',
  );
  process.exit(0);
}

const RPC_URL = process.env.RPC_URL;
const NETWORK = process.env.NETWORK ?? (RPC_URL ? 'mainnet' : 'devnet');
const useDevnet = !RPC_URL;
const DEVNET_URL = 'http://127.0.0.1:8545';
const GRAPHQL_URL = 'http://127.0.0.1:8000/subgraphs/name/collateral-radar';
const STATUS_URL = 'http://127.0.0.1:8030/graphql';
const DASHBOARD_URL = 'http://127.0.0.1:3000';
const DATA_DIR = join(root, '.data/pglite');
const CHAIN_RECORD = join(root, '.data/start/devnet-chain.json');
// TypeScript entry points run as `node --import tsx FILE`: one process per part, so a signal to
// its group reaches the script once (the tsx CLI would relay it a second time).
const TSX = ['--import', 'tsx'];
const nextBin = join(root, 'node_modules/.bin/next');
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(0)} s`;

const procs = new Processes(root);
process.on('SIGINT', () => void procs.shutdown(0));
process.on('SIGTERM', () => void procs.shutdown(0));

function portFree(port) {
  return new Promise((resolve) => {
    const s = createServer()
      .once('error', () => resolve(false))
      .once('listening', () => s.close(() => resolve(true)));
    s.listen(port, '127.0.0.1');
  });
}

/** Starts the indexer; `onDeployment` gets the deployment id it logs. */
function startIndexer(rpcUrl, network, subgraphDir, { reset, onDeployment }) {
  const argv = [
    'indexer/src/cli.ts',
    '--rpc',
    rpcUrl,
    '--network',
    network,
    '--subgraph',
    subgraphDir,
    '--port',
    '8000',
    '--status-port',
    '8030',
  ];
  if (reset) argv.push('--reset');
  const onLine = (l) => {
    const m = / as deployment (\S+)/.exec(l);
    if (m) onDeployment?.(m[1]);
  };
  return procs.run('indexer', process.execPath, [...TSX, ...argv], { onLine });
}

/** Dashboard: `next start` on a build reused or made now (or `next dev` with --dev). */
async function startDashboard(subgraphBuilt) {
  const dir = join(root, 'dashboard');
  if (!existsSync(nextBin)) {
    warn('Next.js is not installed (node_modules/.bin/next): run npm install');
    return false;
  }
  const env = { SUBGRAPH_URL: GRAPHQL_URL, NETWORK, PORT: '3000', NEXT_TELEMETRY_DISABLED: '1' };
  if (process.env.SUBGRAPH_URLS) env.SUBGRAPH_URLS = process.env.SUBGRAPH_URLS;
  const serve = (mode) =>
    procs.run('dashboard', nextBin, [mode, '-p', '3000', '-H', '127.0.0.1'], {
      cwd: dir,
      env,
      essential: false,
    });
  if (flag('--dev')) {
    serve('dev');
    return true;
  }
  const built = await ensureDashboardBuild({
    root,
    procs,
    say,
    warn,
    env,
    yieldUntil: subgraphBuilt, // its build yields the cores to the subgraph's until that is done
  });
  if (procs.shuttingDown) return false;
  if (!built) warn('starting the dashboard with next dev instead');
  serve(built ? 'start' : 'dev');
  return true;
}

/** Hash of everything that shapes the devnet's chain and the data indexed from it. */
function chainKey(scenario) {
  const devnet = hashInputs(root, ['devnet/src', 'devnet/package.json', 'package-lock.json'], {
    skip: (n) => /\.test\.ts$/.test(n),
  });
  return createHash('sha256')
    .update(JSON.stringify({ scenario, devnet, subgraph: buildInputsHash(root) }))
    .digest('hex');
}

async function blockAt(number) {
  const r = await fetch(DEVNET_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'eth_getBlockByNumber',
      params: [`0x${number.toString(16)}`, false],
    }),
  });
  const b = (await r.json()).result;
  return b ? { number: Number(b.number), hash: b.hash } : null;
}

/** Reverts the reused store to the recorded history end (its live tail is not on the new chain). */
async function rewindStore(record, subgraphDir) {
  const argv = [
    'scripts/start/rewind-store.ts',
    '--subgraph',
    subgraphDir,
    '--deployment',
    record.deployment,
    '--block',
    String(record.historyEndBlock),
    '--hash',
    record.historyEndHash,
    '--data-dir',
    DATA_DIR,
  ];
  const r = await procs.runToEnd('store', process.execPath, [...TSX, ...argv], { quiet: true });
  const line = r.tail.trim().split('\n').pop();
  if (!r.ok) {
    warn(
      `could not revert the store to block ${record.historyEndBlock}; indexing afresh:\n${r.tail}`,
    );
    return false;
  }
  const { cursor, reverted } = JSON.parse(line);
  say(
    reverted
      ? `store reverted from block ${cursor} to the history's end, block ${record.historyEndBlock}`
      : `store at block ${cursor}, within the history`,
  );
  return true;
}

/** An empty PGlite cluster at DATA_DIR for a new index, made beside the builds; resolves true when made. */
async function prepareNewStore() {
  const argv = [...TSX, 'scripts/start/new-store.ts', '--data-dir', DATA_DIR];
  const r = await procs.runToEnd('store', process.execPath, argv, { quiet: true });
  if (!r.ok) warn(`could not make a new store in ${DATA_DIR} (the indexer makes it):\n${r.tail}`);
  return r.ok;
}

async function startWithDevnet(subgraphBuilt) {
  const scenario = {
    seed: opt('--seed', '1'),
    accounts: Number(opt('--accounts', '300')),
    days: Number(opt('--days', '30')),
    // DEX agents: arbitrageurs, LPs and QuoterV2-priced liquidators (about 4x the history's time)
    dexAgents: flag('--dex-agents'),
  };
  const key = chainKey(scenario);
  const record = readRecord(CHAIN_RECORD);
  const storeExists = !!process.env.DATABASE_URL || existsSync(DATA_DIR);
  const plan = planChain({
    record,
    key,
    scenario,
    storeExists,
    fresh: flag('--fresh'),
    nowMs: Date.now(),
  });
  say(
    plan.reuse
      ? `same devnet chain as the last start (${plan.reason}): keeping the indexed store`
      : `new devnet chain and index: ${plan.reason}`,
  );
  const newStore = plan.reuse || process.env.DATABASE_URL ? null : prepareNewStore();
  const live = !flag('--no-live');
  // Written before anything is indexed: an interrupted start leaves no history hash, so the next
  // start does not mistake a half-indexed store for a reusable one.
  let current = plan.reuse
    ? { ...record, live }
    : { key, ...scenario, startTime: plan.startTime, live };
  if (!plan.reuse) writeRecord(CHAIN_RECORD, current);

  const devArgs = [
    'devnet/src/cli.ts',
    '--port',
    '8545',
    '--host',
    '127.0.0.1',
    '--seed',
    scenario.seed,
    '--accounts',
    String(scenario.accounts),
    '--days',
    String(scenario.days),
    '--start-time',
    String(plan.startTime),
  ];
  if (!live) devArgs.push('--no-live');
  if (scenario.dexAgents) devArgs.push('--dex-agents');
  let deployed, historyDone;
  const ready = new Promise((r) => (deployed = r));
  const history = new Promise((r) => (historyDone = r));
  procs.run('devnet', process.execPath, [...TSX, ...devArgs], {
    onLine: (l) => {
      // Deployed (what the indexer waits for), the devnet is niced: while the builds and the
      // indexer's start compete for the cores they come first (the overview needs only the first
      // blocks), and the history is mined with what is left.
      if (/Aave V3 deployed/.test(l)) {
        deployed();
        procs.renice('devnet', 10);
      }
      const m = /history end block (\d+)/.exec(l);
      if (m) historyDone(Number(m[1]));
    },
  });
  // A new chain's addresses are in networks.json once it is deployed; the same chain's are there
  // from the last start, so the indexer boots beside the devnet (it retries until the RPC answers).
  if (!plan.reuse) await ready;
  const built = await subgraphBuilt;
  if (procs.shuttingDown || !built) return;
  let subgraphDir;
  try {
    subgraphDir = retarget({ root, built, network: 'devnet' });
  } catch (e) {
    if (!plan.reuse) throw e;
    await ready; // networks.json had no devnet entry: the deploy writes it
    subgraphDir = retarget({ root, built, network: 'devnet' });
  }
  let reuse = plan.reuse;
  if (reuse && record.live) reuse = await rewindStore(record, subgraphDir);
  // a new index opens the empty cluster made meanwhile (else the indexer resets the store itself)
  const prepared = !reuse && newStore ? await newStore : false;
  const onDeployment = (deployment) => {
    current = { ...current, deployment };
    if (current.historyEndHash) writeRecord(CHAIN_RECORD, current);
  };
  say(
    `starting the indexer at ${elapsed()}${reuse ? ' on the kept store' : ''}: it follows the devnet while the history is mined`,
  );
  startIndexer(DEVNET_URL, 'devnet', subgraphDir, { reset: !reuse && !prepared, onDeployment });

  void history
    .then(async (endBlock) => {
      const block = await blockAt(endBlock).catch(() => null);
      if (reuse) {
        const check = sameChain(record, block);
        if (check.same) say(`history mined again: ${check.reason}, the kept store is this chain's`);
        else {
          warn(`the devnet mined another chain (${check.reason}): indexing it afresh`);
          await procs.stop('indexer');
          if (!procs.shuttingDown)
            startIndexer(DEVNET_URL, 'devnet', subgraphDir, { reset: true, onDeployment });
        }
      }
      if (block) {
        current = { ...current, historyEndBlock: block.number, historyEndHash: block.hash };
        writeRecord(CHAIN_RECORD, current);
      }
    })
    .catch((e) => warn(`checking the mined history failed: ${e.message}`));
}

async function main() {
  for (const [port, what] of [
    [8000, 'GraphQL'],
    [8030, 'index-node status'],
    [3000, 'dashboard'],
    ...(useDevnet ? [[8545, 'devnet JSON-RPC']] : []),
  ]) {
    if (!(await portFree(port))) {
      warn(
        `port ${port} (${what}) is in use: stop whatever runs there (an earlier npm start?) and retry`,
      );
      process.exit(1);
    }
  }
  // Neither build needs the chain: both start now, beside the devnet.
  const subgraphBuilt = ensureSubgraphBuild({ root, procs, say, warn, rebuild: flag('--rebuild') });
  const dashboard = flag('--no-dashboard') ? Promise.resolve(false) : startDashboard(subgraphBuilt);
  if (!useDevnet) {
    say(`indexing ${NETWORK} from ${RPC_URL} (no devnet)`);
    const built = await subgraphBuilt;
    let subgraphDir = null;
    try {
      subgraphDir = built && retarget({ root, built, network: NETWORK });
    } catch (e) {
      warn(`${e.message}: not indexing`);
    }
    if (subgraphDir && !procs.shuttingDown)
      startIndexer(RPC_URL, NETWORK, subgraphDir, { reset: false });
  } else {
    await startWithDevnet(subgraphBuilt);
  }
  const serving = await dashboard;
  if (procs.shuttingDown) return;
  const indexing = procs.children.has('indexer');
  const block =
    serving && indexing
      ? await waitForDashboardData(
          DASHBOARD_URL,
          () => procs.shuttingDown || !procs.children.has('dashboard'),
        )
      : null;
  if (procs.shuttingDown) return;
  console.log(
    [
      '',
      '──────── Collateral Radar ────────',
      useDevnet
        ? `devnet JSON-RPC  ${DEVNET_URL} (chain id 31337)${flag('--no-live') ? ', no live blocks after the history' : ''}`
        : `chain            ${RPC_URL} (${NETWORK})`,
      `GraphQL          ${indexing ? GRAPHQL_URL : '(indexer not running)'}`,
      `indexing status  ${indexing ? STATUS_URL : '(indexer not running)'}`,
      `dashboard        ${procs.children.has('dashboard') ? DASHBOARD_URL : '(not running)'}`,
      block !== null
        ? `the dashboard shows indexed data (block ${block}) after ${elapsed()}; indexing goes on — Ctrl-C stops everything`
        : `started in ${elapsed()} without indexed data on the dashboard — Ctrl-C stops everything`,
      '──────────────────────────────────',
      '',
    ].join('\n'),
  );
}

main().catch((e) => {
  warn(e.stack ?? String(e));
  void procs.shutdown(1);
});
