// Devnet deployment sanity, HTTP serving, price shocks, snapshots and the ground-truth dump,
// all checked against the real Aave contracts' own view functions.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createPublicClient, custom, http, parseAbiItem, type Hex, type PublicClient } from 'viem';
import { aaveAbi } from '../../devnet/src/core/artifacts.ts';
import { ASSETS } from '../../devnet/src/core/assets.ts';
import { dumpTruth, startDevnet, type Devnet } from '../../devnet/src/index.ts';

let devnet: Devnet;
let client: PublicClient;
const DP = aaveAbi('AaveProtocolDataProvider');
const POOL = aaveAbi('Pool');
const ORACLE = aaveAbi('AaveOracle');
const FEED = [
  parseAbiItem('function aggregator() view returns (address)'),
  parseAbiItem('function latestAnswer() view returns (int256)'),
  parseAbiItem(
    'function latestRoundData() view returns (uint80, int256, uint256, uint256, uint80)',
  ),
] as const;

before(async () => {
  devnet = await startDevnet({
    seed: 'sanity',
    accounts: 40,
    days: 3,
    port: 0,
    quiet: true,
    writeFiles: false,
    startTime: 1_750_000_000,
  });
  client = createPublicClient({ transport: custom(devnet.provider), cacheTime: 0 }) as PublicClient;
});
after(async () => devnet?.stop());

test('reserves are listed by the protocol data provider with their tokens and parameters', async () => {
  const dep = devnet.deployment;
  const listed = (await client.readContract({
    address: dep.protocolDataProvider,
    abi: DP,
    functionName: 'getAllReservesTokens',
  })) as { symbol: string; tokenAddress: Hex }[];
  assert.deepEqual(
    listed.map((r) => r.symbol),
    ASSETS.map((a) => a.symbol),
  );
  for (const a of ASSETS) {
    const t = dep.tokens.find((x) => x.symbol === a.symbol)!;
    const cfg = (await client.readContract({
      address: dep.protocolDataProvider,
      abi: DP,
      functionName: 'getReserveConfigurationData',
      args: [t.address],
    })) as readonly (bigint | boolean)[];
    assert.deepEqual(
      cfg.slice(0, 4).map(Number),
      [a.decimals, a.ltv, a.liquidationThreshold, a.liquidationBonus],
      a.symbol,
    );
    assert.equal(cfg[6], a.borrowable, `${a.symbol} borrowing`);
    const tokens = (await client.readContract({
      address: dep.protocolDataProvider,
      abi: DP,
      functionName: 'getReserveTokensAddresses',
      args: [t.address],
    })) as readonly Hex[];
    assert.equal(tokens[0].toLowerCase(), t.aToken.toLowerCase());
    assert.equal(tokens[2].toLowerCase(), t.variableDebtToken.toLowerCase());
    const ceiling = (await client.readContract({
      address: dep.protocolDataProvider,
      abi: DP,
      functionName: 'getDebtCeiling',
      args: [t.address],
    })) as bigint;
    assert.equal(ceiling, BigInt((a.debtCeilingUsd ?? 0) * 100), `${a.symbol} debt ceiling`);
  }
});

test('e-mode categories exist on the Pool with the configured assets', async () => {
  const dep = devnet.deployment;
  for (const c of dep.eModeCategories) {
    const e = (await client.readContract({
      address: dep.pool,
      abi: POOL,
      functionName: 'getEModeCategoryData',
      args: [c.id],
    })) as { ltv: number; liquidationThreshold: number; liquidationBonus: number; label: string };
    assert.deepEqual(
      [e.ltv, e.liquidationThreshold, e.liquidationBonus, e.label],
      [c.ltv, c.liquidationThreshold, c.liquidationBonus, c.label],
    );
    for (const sym of c.assets) {
      const t = dep.tokens.find((x) => x.symbol === sym)!;
      const cat = await client.readContract({
        address: dep.protocolDataProvider,
        abi: DP,
        functionName: 'getReserveEModeCategory',
        args: [t.address],
      });
      assert.equal(Number(cat), c.id, `${sym} e-mode`);
    }
  }
  assert.ok(
    dep.eModeCategories.some((c) => c.assets.includes('USDC')) &&
      dep.eModeCategories.some((c) => c.assets.includes('wstETH')),
  );
});

test('oracle sources are mainnet-style proxies whose aggregator emits AnswerUpdated; setPrices moves the oracle', async () => {
  const dep = devnet.deployment;
  const weth = dep.tokens.find((t) => t.symbol === 'WETH')!;
  for (const t of dep.tokens) {
    assert.equal(
      (
        (await client.readContract({
          address: dep.aaveOracle,
          abi: ORACLE,
          functionName: 'getSourceOfAsset',
          args: [t.address],
        })) as Hex
      ).toLowerCase(),
      t.priceFeed.toLowerCase(),
    );
    assert.equal(
      (
        (await client.readContract({
          address: t.priceFeed,
          abi: FEED,
          functionName: 'aggregator',
        })) as Hex
      ).toLowerCase(),
      t.aggregator.toLowerCase(),
    );
  }
  const before = (await client.readContract({
    address: dep.aaveOracle,
    abi: ORACLE,
    functionName: 'getAssetPrice',
    args: [weth.address],
  })) as bigint;
  const block = await devnet.setPrices({ WETH: 1234.5678, DAI: 0.97 });
  const price = (await client.readContract({
    address: dep.aaveOracle,
    abi: ORACLE,
    functionName: 'getAssetPrice',
    args: [weth.address],
    blockNumber: block,
  })) as bigint;
  assert.notEqual(price, before);
  assert.equal(price, 123456780000n);
  const round = (await client.readContract({
    address: weth.priceFeed,
    abi: FEED,
    functionName: 'latestRoundData',
    blockNumber: block,
  })) as readonly bigint[];
  assert.equal(round[1], 123456780000n);
  const logs = await client.getLogs({
    address: weth.aggregator,
    event: parseAbiItem(
      'event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt)',
    ),
    fromBlock: block,
    toBlock: block,
  });
  assert.equal(logs.length, 1);
  assert.equal(logs[0].args.current, 123456780000n);
  const blk = await client.getBlock({ blockNumber: block });
  assert.equal(logs[0].args.updatedAt, blk.timestamp);
  // Multipliers by group: every ETH-like asset at 0.5x of its current feed price.
  const wst = dep.tokens.find((t) => t.symbol === 'wstETH')!;
  const wstBefore = (await client.readContract({
    address: dep.aaveOracle,
    abi: ORACLE,
    functionName: 'getAssetPrice',
    args: [wst.address],
  })) as bigint;
  await devnet.setPrices({ eth: 0.5 }, { multiply: true });
  const after = (await client.readContract({
    address: dep.aaveOracle,
    abi: ORACLE,
    functionName: 'getAssetPrice',
    args: [weth.address],
  })) as bigint;
  const wstAfter = (await client.readContract({
    address: dep.aaveOracle,
    abi: ORACLE,
    functionName: 'getAssetPrice',
    args: [wst.address],
  })) as bigint;
  assert.equal(after, 61728390000n);
  assert.ok(wstAfter * 2n - wstBefore <= 1n && wstAfter * 2n - wstBefore >= -1n);
  await assert.rejects(devnet.setPrices({ NOPE: 1 }), /unknown devnet asset 'NOPE'/);
});

test('the PoolAddressesProvider emits the registrations the subgraph discovers, after its start block', async () => {
  const dep = devnet.deployment;
  const logs = await client.getLogs({
    address: dep.poolAddressesProvider,
    fromBlock: 0n,
    toBlock: 'latest',
  });
  assert.ok(logs.every((l) => Number(l.blockNumber) >= dep.startBlock));
  const code = await client.getCode({
    address: dep.poolAddressesProvider,
    blockNumber: BigInt(dep.startBlock),
  });
  assert.ok(code && code.length > 2);
  const before = await client.getCode({
    address: dep.poolAddressesProvider,
    blockNumber: BigInt(dep.startBlock - 1),
  });
  assert.ok(!before || before === '0x');
  const topics = new Set(logs.map((l) => l.topics[0]));
  const sig = (s: string) => parseAbiItem(`event ${s}`) as never;
  const { toEventSelector } = await import('viem');
  for (const ev of [
    'PoolUpdated(address indexed oldAddress, address indexed newAddress)',
    'PoolConfiguratorUpdated(address indexed oldAddress, address indexed newAddress)',
    'PriceOracleUpdated(address indexed oldAddress, address indexed newAddress)',
    'ProxyCreated(bytes32 indexed id, address indexed proxyAddress, address indexed implementationAddress)',
  ]) {
    assert.ok(topics.has(toEventSelector(sig(ev))), ev);
  }
  assert.equal(
    (
      (await client.readContract({
        address: dep.poolAddressesProvider,
        abi: aaveAbi('PoolAddressesProvider'),
        functionName: 'getPool',
      })) as Hex
    ).toLowerCase(),
    dep.pool.toLowerCase(),
  );
});

test('HTTP JSON-RPC serves the same chain (chain id 31337)', async () => {
  assert.match(devnet.rpcUrl!, /^http:\/\/127\.0\.0\.1:\d+$/);
  const h = createPublicClient({ transport: http(devnet.rpcUrl!), cacheTime: 0 });
  assert.equal(await h.getChainId(), 31337);
  assert.equal(await h.getBlockNumber(), await client.getBlockNumber());
  const b = await h.getBlock({ blockNumber: devnet.historyEndBlock });
  assert.equal(b.hash, (await client.getBlock({ blockNumber: devnet.historyEndBlock })).hash);
});

test('ground truth equals direct Pool.getUserAccountData and token totalSupply calls', async () => {
  const dep = devnet.deployment;
  const block = devnet.historyEndBlock;
  const truth = await dumpTruth(client, dep, block);
  assert.equal(truth.block, block.toString());
  assert.ok(truth.accounts.length >= 30, `only ${truth.accounts.length} accounts`);
  assert.ok(truth.accounts.some((a) => a.totalDebtBase !== '0'));
  for (const a of truth.accounts.slice(0, 25)) {
    const d = (await client.readContract({
      address: dep.pool,
      abi: POOL,
      functionName: 'getUserAccountData',
      args: [a.address],
      blockNumber: block,
    })) as readonly bigint[];
    assert.deepEqual(
      [
        a.totalCollateralBase,
        a.totalDebtBase,
        a.availableBorrowsBase,
        a.currentLiquidationThreshold,
        a.ltv,
        a.healthFactor,
      ],
      d.map(String),
      a.address,
    );
    const emode = await client.readContract({
      address: dep.pool,
      abi: POOL,
      functionName: 'getUserEMode',
      args: [a.address],
      blockNumber: block,
    });
    assert.equal(a.eModeCategory, Number(emode));
  }
  const erc = aaveAbi('AToken');
  for (const r of truth.reserves) {
    const ts = await client.readContract({
      address: r.aToken,
      abi: erc,
      functionName: 'totalSupply',
      blockNumber: block,
    });
    const vd = await client.readContract({
      address: r.variableDebtToken,
      abi: erc,
      functionName: 'totalSupply',
      blockNumber: block,
    });
    const price = await client.readContract({
      address: dep.aaveOracle,
      abi: ORACLE,
      functionName: 'getAssetPrice',
      args: [r.asset],
      blockNumber: block,
    });
    assert.deepEqual(
      [r.aTokenTotalSupply, r.variableDebtTotalSupply, r.price],
      [String(ts), String(vd), String(price)],
      r.symbol,
    );
  }
  // Every position's scaled balance sums to the token's scaled total supply (treasury included).
  for (const r of truth.reserves) {
    const sum = truth.accounts.reduce(
      (s, a) =>
        s + BigInt(a.positions.find((p) => p.symbol === r.symbol)?.scaledVariableDebt ?? '0'),
      0n,
    );
    assert.equal(sum.toString(), r.variableDebtScaledTotalSupply, `${r.symbol} scaled debt`);
  }
});

test('snapshot and revert restore the chain and the simulation keeps working', async () => {
  const id = await devnet.snapshot();
  const n0 = await client.getBlockNumber();
  await devnet.setPrices({ LINK: 1 });
  await devnet.mine();
  assert.equal(await client.getBlockNumber(), n0 + 2n);
  await devnet.revert(id);
  assert.equal(await client.getBlockNumber(), n0);
  const mined = await devnet.mine();
  assert.equal(mined, n0 + 1n);
  await devnet.sim.liveStep(Number((await client.getBlock()).timestamp) + 12);
  assert.ok((await client.getBlockNumber()) > n0 + 1n);
});

test('AaveOracle announces every source after the provider registered it (PriceOracleUpdated first)', async () => {
  const dep = devnet.deployment;
  const pou = await client.getLogs({
    address: dep.poolAddressesProvider,
    event: parseAbiItem(
      'event PriceOracleUpdated(address indexed oldAddress, address indexed newAddress)',
    ),
    fromBlock: 0n,
    toBlock: 'latest',
  });
  const asu = await client.getLogs({
    address: dep.aaveOracle,
    event: parseAbiItem('event AssetSourceUpdated(address indexed asset, address indexed source)'),
    fromBlock: 0n,
    toBlock: 'latest',
  });
  assert.equal(pou.length, 1);
  const after = asu.filter(
    (l) =>
      l.blockNumber! > pou[0].blockNumber! ||
      (l.blockNumber === pou[0].blockNumber && l.logIndex! > pou[0].logIndex!),
  );
  assert.deepEqual(
    after.map((l) => [l.args.asset!.toLowerCase(), l.args.source!.toLowerCase()]).sort(),
    dep.tokens.map((t) => [t.address.toLowerCase(), t.priceFeed.toLowerCase()]).sort(),
  );
});
