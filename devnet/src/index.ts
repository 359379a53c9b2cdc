// Programmatic entry point: start the devnet (deploy Aave V3, run the seeded history, optionally
// serve JSON-RPC over HTTP and keep producing live blocks).
import { createRequire } from 'node:module';
import { getAddress, type Hex } from 'viem';
import { ASSETS, assetIndex } from './core/assets.ts';
import { createChain, httpProvider, Miner, type Eip1193 } from './core/chain.ts';
import { deployAave, type Deployment } from './core/deploy.ts';
import { updateNetworksJson, writeDeploymentFile } from './core/files.ts';
import { Rng } from './core/rng.ts';
import { deployDexWorld } from './dex/world.ts';
import { MarketSim, type SimProgress } from './sim/index.ts';

export type { Deployment, DeployedToken, DexDeployment, DexPool } from './core/deploy.ts';
export { Miner } from './core/chain.ts';
export { setOraclePrices } from './dex/oracle.ts';
export { arbitrageToOracle, offBy, poolTargets } from './dex/arbitrage.ts';
export {
  runLiquidationBot,
  type LiquidationBotResult,
  type LiquidationRecord,
  type SkippedAccount,
} from './dex/liquidation-bot.ts';
export { LADDER, liquidationAmounts, gasInDebtUnits } from './dex/liquidation-rule.ts';
export { DEFAULT_DEX_DEPTH, DEX_PAIRS } from './dex/world.ts';
export { oracleSqrtPriceX96 } from './dex/price-math.ts';
export type { SimProgress } from './sim/index.ts';
export { dumpTruth, type Truth } from './core/truth.ts';
export { ASSETS, E_MODE_CATEGORIES } from './core/assets.ts';

const require = createRequire(import.meta.url);

export interface StartDevnetOptions {
  seed?: string | number;
  /** Simulated user accounts (default 300). */
  accounts?: number;
  /** Simulated days of history (default 30). */
  days?: number;
  /** Keep producing blocks after the history (default false in the API, true in the CLI). */
  live?: boolean;
  /** Milliseconds between live blocks (default 3000). */
  liveIntervalMs?: number;
  /** HTTP JSON-RPC port: 0 = ephemeral, undefined = no HTTP server. */
  port?: number;
  host?: string;
  /** Unix seconds of the first simulated hour (default: `days` before the current hour). */
  startTime?: number;
  quiet?: boolean;
  onProgress?: (p: SimProgress) => void;
  /** Write devnet/deployments/devnet.json and subgraph/networks.json (default true). */
  writeFiles?: boolean;
  /** Drive the simulation through the HTTP server instead of in-process (benchmarks). */
  viaHttp?: boolean;
  /** Count reverted simulation transactions by kind (slower; diagnostics). */
  checkReceipts?: boolean;
  /**
   * Depth of the Uniswap pools: a pool's TVL is this fraction of the planned Aave supply of
   * its first asset, times the pair's weight (DEX_PAIRS) and a seeded factor (default 0.5).
   */
  dexDepth?: number;
  /**
   * Simulate the DEX's agents too: arbitrageurs and LPs, and liquidators that follow the quoted
   * rule (liquidate only when the sale pays). Default false: about 3× the history's time.
   */
  dexAgents?: boolean;
}

export interface Devnet {
  rpcUrl: string | null;
  /** In-process EIP-1193 provider of the chain. */
  provider: Eip1193;
  /**
   * The transaction layer every devnet transaction goes through (for setOraclePrices,
   * arbitrageToOracle, runLiquidationBot); use it only while no live loop runs.
   */
  miner: Miner;
  deployment: Deployment;
  historyEndBlock: bigint;
  /** Accounts the simulation drives (excluding deployer, oracle and liquidation bots). */
  users: Hex[];
  sim: MarketSim;
  /**
   * Publish prices on the feeds and mine them in one block. Keys are asset symbols or groups
   * (`eth`, `btc`, `stable`, `rwa`, `other`); values are USD prices, or multipliers of the
   * current feed price with `{ multiply: true }` (e.g. `{ eth: 0.75 }` = ETH-like −25%).
   * No liquidations are sent in that block. Returns the block number.
   */
  setPrices(prices: Record<string, number>, opts?: { multiply?: boolean }): Promise<bigint>;
  /** Mine one (empty unless transactions are pending) block; returns its number. */
  mine(): Promise<bigint>;
  snapshot(): Promise<string>;
  /** Revert to a snapshot; the simulation re-reads every account afterwards. */
  revert(id: string): Promise<void>;
  stop(): Promise<void>;
}

const GROUPS = new Set(['eth', 'btc', 'stable', 'rwa', 'other']);

export async function startDevnet(opts: StartDevnetOptions = {}): Promise<Devnet> {
  const t0 = Date.now();
  const seed = opts.seed ?? 1;
  const accounts = opts.accounts ?? 300;
  const days = opts.days ?? 30;
  if (!Number.isInteger(accounts) || accounts < 1)
    throw new Error(`startDevnet: accounts must be a positive integer (got ${opts.accounts})`);
  if (!(days > 0)) throw new Error(`startDevnet: days must be > 0 (got ${opts.days})`);
  const startTime =
    opts.startTime ?? Math.floor(Date.now() / 3_600_000) * 3600 - Math.round(days * 24) * 3600;
  const genesisTime = startTime - 3600;
  const log = (s: string) => {
    if (!opts.quiet) console.log(`[devnet] ${s}`);
  };

  // Index 0 deployer, 1 oracle, 2/4/5 liquidation bots, 3 treasury, 6 DEX arbitrageur, users
  // from 8, then the DEX liquidity providers.
  const FIRST_USER = 8;
  const ARBITRAGEUR = 6;
  const LIQUIDITY_PROVIDERS = 4;
  const total = FIRST_USER + accounts + LIQUIDITY_PROVIDERS;
  const chain = await createChain({ accounts: total, genesisTime });
  const all = ((await chain.provider.request({ method: 'eth_accounts' })) as Hex[]).map((a) =>
    getAddress(a),
  );
  if (all.length !== total)
    throw new Error(`devnet: expected ${total} genesis accounts, got ${all.length}`);

  let server:
    { listen(): Promise<{ address: string; port: number }>; close(): Promise<void> } | undefined;
  let rpcUrl: string | null = null;
  if (opts.port !== undefined) {
    const { JsonRpcServer } = require('hardhat/internal/hardhat-network/jsonrpc/server');
    const host = opts.host ?? '127.0.0.1';
    server = new JsonRpcServer({ hostname: host, port: opts.port, provider: chain.provider });
    const addr = await server!.listen();
    rpcUrl = `http://${host}:${addr.port}`;
    log(`JSON-RPC on ${rpcUrl} (chain id 31337)`);
  }
  if (opts.viaHttp && !rpcUrl) throw new Error('startDevnet: viaHttp needs a port (use port: 0)');
  const driver = opts.viaHttp ? httpProvider(rpcUrl!) : chain.provider;

  const miner = new Miner(driver, genesisTime);
  let t = genesisTime;
  const deployment = await deployAave(
    miner,
    { deployer: all[0], oracle: all[1], liquidator: all[2], treasury: all[3] },
    () => (t += 12),
  );
  log(
    `Aave V3 deployed: PoolAddressesProvider ${deployment.poolAddressesProvider} at block ${deployment.startBlock}, Pool ${deployment.pool} (${Date.now() - t0} ms)`,
  );
  const users = all.slice(FIRST_USER, FIRST_USER + accounts);
  const bots = [all[2], all[4], all[5]];
  const sim = new MarketSim(miner, deployment, users, bots, {
    seed,
    days,
    startTime,
    quiet: opts.quiet,
    onProgress: opts.onProgress,
    checkReceipts: opts.checkReceipts,
    dexAgents: opts.dexAgents,
  });
  const world = await deployDexWorld(
    miner,
    deployment,
    {
      arbitrageur: all[ARBITRAGEUR],
      liquidityProviders: all.slice(FIRST_USER + accounts),
      bots,
    },
    {
      rng: new Rng(`collateral-radar:${seed}:dex`),
      bookUsd: sim.plannedBookUsd(),
      dexDepth: opts.dexDepth,
    },
    () => (t += 12),
  );
  deployment.dex = world.dex;
  await sim.useDex(world.positions);
  log(
    `Uniswap V3 deployed: factory ${world.dex.factory}, ${world.dex.pools.length} pools, ${world.positions.length} positions (${Date.now() - t0} ms)`,
  );
  const writeFiles = opts.writeFiles ?? true;
  const writeOut = (historyEndBlock: bigint) => {
    if (!writeFiles) return;
    writeDeploymentFile(deployment, {
      rpcUrl,
      seed: String(seed),
      accounts,
      days,
      startTime,
      historyEndBlock: Number(historyEndBlock),
      users,
    });
    updateNetworksJson(deployment);
  };
  writeOut(miner.blockNumber);
  const simStart = Date.now();
  const deployTxs = miner.txCount;
  await sim.runHistory();
  const historyEndBlock = miner.blockNumber;
  const secs = (Date.now() - simStart) / 1000;
  log(
    `history done: ${days} days, ${historyEndBlock} blocks, ${miner.txCount} txs, ${sim.liquidationsOnChain} liquidations in ${secs.toFixed(1)} s (${((miner.txCount - deployTxs) / secs).toFixed(0)} tx/s); total ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  if (opts.checkReceipts)
    log(
      `reverted by kind: ${JSON.stringify(sim.reverted)}; sent by kind: ${JSON.stringify(sim.counters)}${sim.liquidationSkips ? `; liquidations passed over: ${JSON.stringify(sim.liquidationSkips)}` : ''}`,
    );
  writeOut(historyEndBlock);

  // Every chain mutation after the history goes through this queue (live loop, shocks, reverts).
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };
  const nowTs = () => Math.max(Math.floor(Date.now() / 1000), miner.lastTimestamp + 1);

  let liveTimer: NodeJS.Timeout | undefined;
  let stopped = false;
  if (opts.live) {
    const interval = opts.liveIntervalMs ?? 3000;
    let steps = 0;
    const tick = () => {
      liveTimer = setTimeout(() => {
        exclusive(() => sim.liveStep(nowTs()))
          .then(() => {
            if (++steps % 20 === 0)
              sim.progress(
                'live',
                days + (miner.lastTimestamp - (startTime + days * 86400)) / 86400,
              );
          })
          .catch((e) => console.error(`[devnet] live step failed: ${(e as Error).message}`))
          .finally(() => {
            if (!stopped) tick();
          });
      }, interval);
    };
    tick();
    log(`live: a block every ~${interval / 1000} s`);
  }

  return {
    rpcUrl,
    provider: chain.provider,
    miner,
    deployment,
    historyEndBlock,
    users,
    sim,
    setPrices: (prices, o) =>
      exclusive(async () => {
        const target = new Map<number, number>();
        for (const [key, v] of Object.entries(prices)) {
          if (!(v > 0) || !Number.isFinite(v))
            throw new Error(`setPrices: ${key} must be a positive number (got ${v})`);
          const idx = GROUPS.has(key)
            ? ASSETS.flatMap((a, i) => (a.group === key ? [i] : []))
            : [assetIndex(key)];
          for (const i of idx) target.set(i, o?.multiply ? sim.feedPrice[i] * v : v);
        }
        return sim.publishPrices(target, nowTs());
      }),
    mine: () => exclusive(() => sim.mineEmpty(nowTs())),
    snapshot: () =>
      exclusive(async () => (await chain.provider.request({ method: 'evm_snapshot' })) as string),
    revert: (id) =>
      exclusive(async () => {
        const ok = await chain.provider.request({ method: 'evm_revert', params: [id] });
        if (!ok) throw new Error(`revert: snapshot ${id} not found`);
        await sim.resyncAll();
      }),
    stop: async () => {
      stopped = true;
      if (liveTimer) clearTimeout(liveTimer);
      await queue;
      if (server) await server.close();
    },
  };
}
