// Pools that predate what the subgraph follows, seeded by eth_call and checked against the chain.
// On a small devnet a price shock is arbitraged into every pool; the factory source then starts
// only after that (as on a public network, where the deep pools predate the lending market), and
// a second shock is arbitraged after the start. Indexed to the head, every pool must equal the
// real UniswapV3Pool: slot0, liquidity() and, inside the seeded tick range, every initialised
// tick (the bounds of every Mint on the chain, read with ticks()). The template must have
// followed the second arbitrage's swaps, and applied none of the events before the start twice.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseAbi, parseAbiItem, type Hex } from 'viem';
import {
  arbitrageToOracle,
  setOraclePrices,
  startDevnet,
  type Devnet,
} from '../../devnet/src/index.ts';
import { chainClient } from './risk-chain-book';
import { gql, missingPiece, subgraphFor, indexOnce } from './indexer-helpers.ts';

const POOL = parseAbi([
  'function slot0() view returns (uint160, int24, uint16, uint16, uint16, uint8, bool)',
  'function liquidity() view returns (uint128)',
  'function ticks(int24) view returns (uint128, int128, uint256, uint256, int56, uint160, uint32, bool)',
]);
const ORACLE = parseAbi(['function getAssetPrice(address) view returns (uint256)']);
const MINT = parseAbiItem(
  'event Mint(address sender, address indexed owner, int24 indexed tickLower, int24 indexed tickUpper, uint128 amount, uint256 amount0, uint256 amount1)',
);

let devnet: Devnet;
let client: ReturnType<typeof chainClient>;
let work = '';
let dir = '';
let factoryStart = 0;

async function shock(pct: Record<string, bigint>): Promise<number> {
  const prices: Record<string, bigint> = {};
  for (const [symbol, keep] of Object.entries(pct)) {
    const t = devnet.deployment.tokens.find((x) => x.symbol === symbol)!;
    const now = await client.readContract({
      address: devnet.deployment.aaveOracle,
      abi: ORACLE,
      functionName: 'getAssetPrice',
      args: [t.address],
    });
    prices[symbol] = (now * keep) / 100n;
  }
  await setOraclePrices(devnet.miner, devnet.deployment, prices);
  const { swaps } = await arbitrageToOracle(devnet.miner, devnet.deployment);
  return swaps.length;
}

before(
  async () => {
    const missing = missingPiece();
    if (missing) throw new Error(`dex-seed e2e needs the ${missing}`);
    devnet = await startDevnet({
      seed: 'dex-seed',
      accounts: 40,
      days: 2,
      live: false,
      quiet: true,
      writeFiles: false,
      port: 0,
    });
    client = chainClient(devnet.provider);
    assert.ok((await shock({ WETH: 80n, WBTC: 90n })) >= 4, 'the first shock moves pools');
    // the second shock's price update is mined in the start block, its arbitrage after it
    factoryStart = Number(await client.getBlockNumber()) + 1;
    assert.ok((await shock({ WETH: 110n, LINK: 70n })) >= 4, 'the second shock moves pools');
    work = mkdtempSync(join(tmpdir(), 'cr-dex-seed-'));
    dir = subgraphFor({
      ...devnet.deployment,
      dex: { factory: devnet.deployment.dex!.factory, startBlock: factoryStart },
    });
  },
  { timeout: 600_000 },
);

after(async () => {
  await devnet?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Row {
  id: string;
  sqrtPriceX96: string;
  tick: number;
  liquidity: string;
  seededAtBlock: string | null;
  seededTickLower: number | null;
  seededTickUpper: number | null;
  swapCount: string;
  ticks: { tickIdx: number; liquidityGross: string; liquidityNet: string }[];
}

test(
  'pools created before the factory source starts are seeded, then followed: equal to the chain',
  { timeout: 600_000 },
  async (t) => {
    const started = Date.now();
    const node = await indexOnce(devnet.rpcUrl!, dir, join(work, 'pg'));
    try {
      const data = await gql<{ dexPools: Row[] }>(
        node.url!,
        `{ dexPools(first: 1000) { id sqrtPriceX96 tick liquidity seededAtBlock seededTickLower
           seededTickUpper swapCount ticks(first: 1000) { tickIdx liquidityGross liquidityNet } } }`,
      );
      const head = await client.getBlockNumber();
      const pools = devnet.deployment.dex!.pools;
      assert.equal(data.dexPools.length, pools.length, 'every devnet pool seeded');
      let ticks = 0;
      let followedSwaps = 0;
      for (const p of data.dexPools) {
        const address = p.id as Hex;
        const at = { address, abi: POOL, blockNumber: head } as const;
        assert.equal(p.seededAtBlock, String(factoryStart), `${address} seeded at the start`);
        const [sqrt, tick] = await client.readContract({ ...at, functionName: 'slot0' });
        assert.equal(BigInt(p.sqrtPriceX96), sqrt, `${address} sqrtPriceX96`);
        assert.equal(p.tick, tick, `${address} tick`);
        const liquidity = await client.readContract({ ...at, functionName: 'liquidity' });
        assert.equal(BigInt(p.liquidity), liquidity, `${address} liquidity`);
        const lower = p.seededTickLower!;
        const upper = p.seededTickUpper!;
        const mints = await client.getLogs({ address, event: MINT, fromBlock: 0n, toBlock: head });
        const bounds = [
          ...new Set(mints.flatMap((m) => [m.args.tickLower!, m.args.tickUpper!])),
        ].filter((t) => t >= lower && t < upper);
        const chain: Row['ticks'] = [];
        for (const t of bounds.sort((a, b) => a - b)) {
          const [gross, net] = await client.readContract({
            ...at,
            functionName: 'ticks',
            args: [t],
          });
          if (gross > 0n)
            chain.push({ tickIdx: t, liquidityGross: String(gross), liquidityNet: String(net) });
        }
        const indexed = p.ticks.slice().sort((a, b) => a.tickIdx - b.tickIdx);
        assert.deepEqual(indexed, chain, `${address} initialised ticks in [${lower}, ${upper})`);
        ticks += chain.length;
        followedSwaps += Number(p.swapCount);
      }
      t.diagnostic(
        `${pools.length} pools, ${ticks} ticks equal to the chain, ${followedSwaps} swaps followed; indexed in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      assert.ok(ticks >= pools.length * 2, `${ticks} ticks compared`);
      // the second arbitrage's swaps came after the start: the template followed them
      assert.ok(followedSwaps >= 4, `${followedSwaps} swaps followed after the seeding`);
    } finally {
      await node.stop();
    }
  },
);
