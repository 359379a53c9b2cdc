// The simulation with its DEX agents (`dexAgents`), checked against the chain it mined: no
// transaction of the history reverted; LPs added and removed liquidity over the days (Mint and
// Burn events after the DEX deployment, on many blocks); the arbitrageur kept every pool near the
// oracle (at the history's end, each pool's price within its fee plus the arbitrage edge of
// AaveOracle's, recomputed here from the formula); and liquidations that did not happen: every
// account the QuoterV2-priced liquidators passed over was below HF 1 on the chain at the block
// whose state they saw (getUserAccountData at that block), and was not liquidated in the block
// after it, while the same bots did liquidate others.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parseAbi, parseAbiItem, type Hex } from 'viem';
import { startDevnet, type Devnet } from '../../devnet/src/index.ts';
import { ARBITRAGE_EDGE_BPS } from '../../devnet/src/sim/dex-agents.ts';
import { isqrt } from '../../dashboard/lib/dex/tick-math.ts';
import { chainClient } from './risk-chain-book';

const ACCOUNT = parseAbi([
  'function getUserAccountData(address) view returns (uint256, uint256, uint256, uint256, uint256, uint256)',
]);
const POOL = parseAbi([
  'function slot0() view returns (uint160, int24, uint16, uint16, uint16, uint8, bool)',
]);
const ORACLE = parseAbi(['function getAssetPrice(address) view returns (uint256)']);
const MINT = parseAbiItem(
  'event Mint(address sender, address indexed owner, int24 indexed tickLower, int24 indexed tickUpper, uint128 amount, uint256 amount0, uint256 amount1)',
);
const BURN = parseAbiItem(
  'event Burn(address indexed owner, int24 indexed tickLower, int24 indexed tickUpper, uint128 amount, uint256 amount0, uint256 amount1)',
);
const LIQUIDATION = parseAbiItem(
  'event LiquidationCall(address indexed collateralAsset, address indexed debtAsset, address indexed user, uint256 debtToCover, uint256 liquidatedCollateralAmount, address liquidator, bool receiveAToken)',
);
const WAD = 10n ** 18n;

let devnet: Devnet;
let client: ReturnType<typeof chainClient>;

before(
  async () => {
    devnet = await startDevnet({
      seed: 'dex-agents',
      accounts: 40,
      days: 4,
      live: false,
      quiet: true,
      writeFiles: false,
      port: 0,
      checkReceipts: true,
      dexAgents: true,
    });
    client = chainClient(devnet.provider);
  },
  { timeout: 900_000 },
);

after(async () => {
  await devnet?.stop();
});

test('the history with DEX agents: nothing reverted, arbitrage and LP moves happened', () => {
  assert.deepEqual(devnet.sim.reverted, {}, 'reverted transactions by kind');
  const c = devnet.sim.counters;
  for (const kind of ['arbitrage', 'lpAdd', 'lpRemove', 'liquidation'])
    assert.ok((c[kind] ?? 0) > 0, `${kind}: ${c[kind] ?? 0} sent`);
});

test('LPs add and remove liquidity over the days: Mint and Burn on many blocks', async () => {
  const dex = devnet.deployment.dex!;
  const after = BigInt(dex.startBlock) + 2n; // past the LPs' first positions
  const pools = dex.pools.map((p) => p.address);
  const mints = await client.getLogs({ address: pools, event: MINT, fromBlock: after });
  const burns = await client.getLogs({ address: pools, event: BURN, fromBlock: after });
  const blocks = new Set([...mints, ...burns].map((l) => l.blockNumber));
  assert.ok(mints.length >= 5 && burns.length >= 5, `${mints.length} mints, ${burns.length} burns`);
  assert.ok(blocks.size >= 5, `LP moves on ${blocks.size} blocks`);
});

test('the arbitrageur keeps every pool near the oracle price', async () => {
  const dex = devnet.deployment.dex!;
  const price = new Map<string, bigint>();
  for (const t of devnet.deployment.tokens)
    price.set(
      t.address.toLowerCase(),
      await client.readContract({
        address: devnet.deployment.aaveOracle,
        abi: ORACLE,
        functionName: 'getAssetPrice',
        args: [t.address],
      }),
    );
  const decimals = new Map(
    devnet.deployment.tokens.map((t) => [t.address.toLowerCase(), t.decimals]),
  );
  const worst: string[] = [];
  for (const p of dex.pools) {
    const [sqrt] = await client.readContract({
      address: p.address,
      abi: POOL,
      functionName: 'slot0',
    });
    // oracle price of token0 in raw token1 units: p0 / p1 · 10^(d1 − d0), as sqrt · 2^96
    const [t0, t1] = [p.token0.toLowerCase(), p.token1.toLowerCase()];
    const num = price.get(t0)! * 10n ** BigInt(decimals.get(t1)!);
    const den = price.get(t1)! * 10n ** BigInt(decimals.get(t0)!);
    const target = isqrt((num << 192n) / den);
    const ratio = Number((sqrt * 1_000_000n) / target) / 1_000_000; // √ of price ratio
    const offBps = Math.abs(ratio * ratio - 1) * 10_000;
    // the arbitrage brings a pool to the oracle when it is off by more than fee + edge; a
    // liquidation's sale in the last hour may move one pool by its price impact since
    if (offBps > ARBITRAGE_EDGE_BPS + p.fee / 100)
      worst.push(`${p.address} ${offBps.toFixed(0)} bps`);
  }
  assert.ok(worst.length <= 2, `pools off the oracle: ${worst.join(', ')}`);
});

test('accounts passed over as unprofitable were liquidatable on the chain and left open', async (t) => {
  const passed = devnet.sim.passedOver;
  assert.ok(passed.length > 0, 'the liquidators passed over some account');
  const liquidatedNext = async (account: Hex, block: bigint) =>
    (
      await client.getLogs({
        address: devnet.deployment.pool,
        event: LIQUIDATION,
        args: { user: account },
        fromBlock: block + 1n,
        toBlock: block + 1n,
      })
    ).length;
  for (const p of passed) {
    const [coll, debt, , , , hf] = await client.readContract({
      address: devnet.deployment.pool,
      abi: ACCOUNT,
      functionName: 'getUserAccountData',
      args: [p.account],
      blockNumber: p.block,
    });
    assert.ok(hf < WAD && debt > 0n && coll > 0n, `${p.account} at ${p.block}: HF ${hf}`);
    assert.equal(
      await liquidatedNext(p.account, p.block),
      0,
      `${p.account} liquidated after ${p.block}`,
    );
  }
  const liquidations = await client.getLogs({
    address: devnet.deployment.pool,
    event: LIQUIDATION,
    fromBlock: 0n,
  });
  t.diagnostic(
    `${passed.length} pass-overs of ${new Set(passed.map((p) => p.account)).size} accounts; ${liquidations.length} liquidations; sent ${JSON.stringify(devnet.sim.counters)}`,
  );
  assert.ok(liquidations.length > 0, 'the same bots liquidated others');
});
