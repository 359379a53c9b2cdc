// The DEX world beside Aave on a small devnet, checked against the chain: every recorded pool
// is the factory's pool of its pair with the recorded fee and tick spacing; after a price shock
// arbitrageToOracle leaves each pool's slot0 exactly at the oracle price (recomputed here from
// AaveOracle and the formula); runLiquidationBot's liquidations are real LiquidationCall
// events that brought back at least the debt repaid, and every account it skipped is still
// below HF 1 on the chain, as is no other account.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  createPublicClient,
  custom,
  parseAbi,
  parseEventLogs,
  type Hex,
  type PublicClient,
} from 'viem';
import { aaveAbi } from '../../devnet/src/core/artifacts.ts';
import {
  arbitrageToOracle,
  runLiquidationBot,
  setOraclePrices,
  startDevnet,
  type Devnet,
  type LiquidationBotResult,
} from '../../devnet/src/index.ts';
import { isqrt } from '../../dashboard/lib/dex/tick-math.ts';

const FACTORY = parseAbi(['function getPool(address,address,uint24) view returns (address)']);
const POOL = parseAbi([
  'function fee() view returns (uint24)',
  'function tickSpacing() view returns (int24)',
  'function token0() view returns (address)',
  'function token1() view returns (address)',
  'function liquidity() view returns (uint128)',
  'function slot0() view returns (uint160, int24, uint16, uint16, uint16, uint8, bool)',
]);
const ORACLE = parseAbi(['function getAssetPrice(address) view returns (uint256)']);
const ACCOUNT = parseAbi([
  'function getUserAccountData(address) view returns (uint256, uint256, uint256, uint256, uint256, uint256)',
]);
const WAD = 10n ** 18n;

let devnet: Devnet;
let client: PublicClient;

before(
  async () => {
    devnet = await startDevnet({
      seed: 'dex',
      accounts: 80,
      days: 4,
      quiet: true,
      writeFiles: false,
      startTime: 1_750_000_000,
    });
    client = createPublicClient({
      transport: custom(devnet.provider),
      cacheTime: 0,
    }) as PublicClient;
  },
  { timeout: 600_000 },
);
after(async () => devnet?.stop());

const dex = () => devnet.deployment.dex!;
const decimalsOf = (a: Hex) =>
  devnet.deployment.tokens.find((t) => t.address.toLowerCase() === a.toLowerCase())!.decimals;

test('every recorded pool is the factory pool of its pair, with its fee and tick spacing', async () => {
  assert.ok(dex().pools.length >= 15, `${dex().pools.length} pools`);
  const fees = new Set<number>();
  for (const p of dex().pools) {
    const read = (functionName: string) =>
      client.readContract({
        address: p.address,
        abi: POOL,
        functionName,
      } as never) as Promise<unknown>;
    const got = await client.readContract({
      address: dex().factory,
      abi: FACTORY,
      functionName: 'getPool',
      args: [p.token0, p.token1, p.fee],
    });
    assert.equal(got.toLowerCase(), p.address.toLowerCase());
    assert.equal(Number(await read('fee')), p.fee);
    assert.equal(Number(await read('tickSpacing')), p.tickSpacing);
    assert.equal((await read('token0')) as string, p.token0);
    assert.equal((await read('token1')) as string, p.token1);
    assert.ok(BigInt(p.token0) < BigInt(p.token1));
    assert.ok(((await read('liquidity')) as bigint) > 0n, `${p.address} has no liquidity in range`);
    fees.add(p.fee);
  }
  assert.deepEqual(
    [...fees].sort((a, b) => a - b),
    [100, 500, 3000, 10000],
  );
  assert.ok(dex().startBlock > devnet.deployment.startBlock);
});

async function oracleTarget(p: { token0: Hex; token1: Hex }): Promise<bigint> {
  const price = (asset: Hex) =>
    client.readContract({
      address: devnet.deployment.aaveOracle,
      abi: ORACLE,
      functionName: 'getAssetPrice',
      args: [asset],
    });
  const [p0, p1] = [await price(p.token0), await price(p.token1)];
  const d0 = BigInt(decimalsOf(p.token0));
  const d1 = BigInt(decimalsOf(p.token1));
  return isqrt((p0 * 10n ** d1 * (1n << 192n)) / (p1 * 10n ** d0));
}

const slot0 = async (address: Hex) =>
  (await client.readContract({ address, abi: POOL, functionName: 'slot0' }))[0];

let bot: LiquidationBotResult;

test(
  'after a shock, arbitrageToOracle puts every pool exactly at the oracle price',
  { timeout: 300_000 },
  async () => {
    const weth = devnet.deployment.tokens.find((t) => t.symbol === 'WETH')!;
    const link = devnet.deployment.tokens.find((t) => t.symbol === 'LINK')!;
    const price = async (a: Hex) =>
      client.readContract({
        address: devnet.deployment.aaveOracle,
        abi: ORACLE,
        functionName: 'getAssetPrice',
        args: [a],
      });
    await setOraclePrices(devnet.miner, devnet.deployment, {
      WETH: ((await price(weth.address)) * 68n) / 100n,
      LINK: ((await price(link.address)) * 60n) / 100n,
    });
    let off = 0;
    for (const p of dex().pools) if ((await slot0(p.address)) !== (await oracleTarget(p))) off++;
    assert.ok(off >= 6, `only ${off} pools off the oracle after the shock`);
    const { swaps } = await arbitrageToOracle(devnet.miner, devnet.deployment);
    assert.ok(swaps.length >= off);
    for (const p of dex().pools)
      assert.equal(
        await slot0(p.address),
        await oracleTarget(p),
        `pool ${p.address} after arbitrage`,
      );
  },
);

test(
  'runLiquidationBot: profitable real liquidations; what it skips is below HF 1',
  { timeout: 600_000 },
  async () => {
    bot = await runLiquidationBot(devnet.miner, devnet.deployment);
    console.log(
      `# bot: ${bot.passes} passes, ${bot.liquidations.length} liquidations, skipped ${bot.skipped.length} (${bot.skipped.filter((s) => s.reason === 'no-pool').length} without a pool)`,
    );
    assert.ok(bot.liquidations.length >= 1, 'the shock made nothing worth liquidating');
    for (const l of bot.liquidations) {
      assert.ok(
        l.proceeds >= l.debtRepaid,
        `${l.user}: sold for ${l.proceeds} < repaid ${l.debtRepaid}`,
      );
      const logs = await client.getLogs({
        address: devnet.deployment.pool,
        fromBlock: l.block,
        toBlock: l.block,
      });
      const ev = parseEventLogs({
        abi: aaveAbi('Pool'),
        logs,
        eventName: 'LiquidationCall',
      }) as unknown as {
        args: {
          user: Hex;
          collateralAsset: Hex;
          debtAsset: Hex;
          debtToCover: bigint;
          liquidatedCollateralAmount: bigint;
        };
      }[];
      const mine = ev.find((e) => e.args.user.toLowerCase() === l.user.toLowerCase());
      assert.ok(mine, `no LiquidationCall for ${l.user} in block ${l.block}`);
      assert.equal(mine.args.debtToCover, l.debtRepaid);
      assert.equal(mine.args.collateralAsset, l.collateral);
      assert.equal(mine.args.debtAsset, l.debt);
    }
    const hf = async (user: Hex) =>
      await client.readContract({
        address: devnet.deployment.pool,
        abi: ACCOUNT,
        functionName: 'getUserAccountData',
        args: [user],
      });
    for (const s of bot.skipped) {
      const d = await hf(s.user);
      assert.ok(d[5] < WAD && d[1] > 0n && d[0] > 0n, `skipped ${s.user} has HF ${d[5]}`);
    }
    // No account below HF 1 with collateral was left out of the skipped list.
    const skipped = new Set(bot.skipped.map((s) => s.user.toLowerCase()));
    for (const u of devnet.users) {
      const d = await hf(u);
      if (d[1] > 0n && d[0] > 0n && d[5] < WAD)
        assert.ok(skipped.has(u.toLowerCase()), `${u} below HF 1, not reported`);
    }
  },
);
