// Deploys the real Aave V3 core (artifacts from @aave/core-v3) plus mainnet-style price feeds
// onto the devnet, in the order Aave's own deploy scripts use. Every transaction is queued with
// explicit gas into few blocks; addresses are computed from nonces and checked after mining.
import {
  encodeDeployData,
  encodeFunctionData,
  getContractAddress,
  parseUnits,
  type Abi,
  type Hex,
} from 'viem';
import { aaveAbi, aaveArtifact, linkedBytecode, type AaveContractName } from './artifacts.ts';
import { ASSETS, E_MODE_CATEGORIES, type AssetGroup } from './assets.ts';
import { devnetContracts } from './compile.ts';
import type { Eip1193, Miner } from './chain.ts';

export const RAY = 10n ** 27n;
export const PRICE_DECIMALS = 8;

export interface DeployedToken {
  symbol: string;
  name: string;
  address: Hex;
  decimals: number;
  group: AssetGroup;
  aToken: Hex;
  variableDebtToken: Hex;
  stableDebtToken: Hex;
  interestRateStrategy: Hex;
  /** The price feed proxy registered in AaveOracle (has `aggregator()`). */
  priceFeed: Hex;
  /** The aggregator behind the proxy, which emits `AnswerUpdated`. */
  aggregator: Hex;
  eModeCategory: number;
  isolated: boolean;
}

/** A Uniswap V3 pool of two Aave reserves (token0 < token1 by address). */
export interface DexPool {
  address: Hex;
  token0: Hex;
  token1: Hex;
  fee: number;
  tickSpacing: number;
}

/** The real Uniswap V3 beside Aave (devnet/src/dex/world.ts deploys it). */
export interface DexDeployment {
  factory: Hex;
  positionManager: Hex;
  swapRouter: Hex;
  quoter: Hex;
  /** Block of the factory deployment (the subgraph's startBlock for it). */
  startBlock: number;
  pools: DexPool[];
  /** Pool TVL as a fraction of the planned Aave supply of the pair's first asset (× weight). */
  dexDepth: number;
  /** Account that swaps pools back to the oracle price. */
  arbitrageur: Hex;
  liquidityProviders: Hex[];
  /** DevnetLiquidator executors: one per liquidation bot, owned by it. */
  liquidators: { owner: Hex; contract: Hex }[];
}

export interface Deployment {
  network: 'devnet';
  chainId: number;
  /** Block of the PoolAddressesProvider deployment (the subgraph's startBlock). */
  startBlock: number;
  poolAddressesProvider: Hex;
  pool: Hex;
  poolImpl: Hex;
  poolConfigurator: Hex;
  poolConfiguratorImpl: Hex;
  aclManager: Hex;
  aaveOracle: Hex;
  protocolDataProvider: Hex;
  treasury: Hex;
  flashLoanReceiver: Hex;
  lens: Hex;
  faucet: Hex;
  deployer: Hex;
  oracleTransmitter: Hex;
  liquidator: Hex;
  tokens: DeployedToken[];
  /** Set once the DEX world is deployed beside the market. */
  dex?: DexDeployment;
  eModeCategories: {
    id: number;
    label: string;
    ltv: number;
    liquidationThreshold: number;
    liquidationBonus: number;
    assets: string[];
  }[];
}

export interface Roles {
  deployer: Hex;
  oracle: Hex;
  liquidator: Hex;
  treasury: Hex;
}

const ray = (x: number): bigint => (BigInt(Math.round(x * 1e9)) * RAY) / 10n ** 9n;
export const usdToPrice = (usd: number): bigint => BigInt(Math.round(usd * 10 ** PRICE_DECIMALS));

/** Generous gas for a contract creation: code deposit (200/byte) plus constructor. */
const deployGas = (initCode: Hex): bigint => 1_500_000n + BigInt(((initCode.length - 2) / 2) * 230);

export async function deployAave(
  miner: Miner,
  roles: Roles,
  nextTime: () => number,
): Promise<Deployment> {
  const own = devnetContracts();
  const { deployer } = roles;
  const sent: { hash: Hex; what: string }[] = [];

  const create = async (
    what: string,
    abi: Abi,
    bytecode: Hex,
    args: unknown[] = [],
  ): Promise<Hex> => {
    const data = encodeDeployData({ abi, bytecode, args } as never);
    const address = await miner.nextContractAddress(deployer);
    sent.push({
      hash: await miner.send({ from: deployer, data, gas: deployGas(data) }, nextTime),
      what,
    });
    return address;
  };
  const aave = (name: AaveContractName, args: unknown[] = [], libs: Record<string, Hex> = {}) =>
    create(name, aaveAbi(name), linkedBytecode(aaveArtifact(name), libs), args);
  const mine = (
    what: string,
    name: string,
    to: Hex,
    abi: Abi,
    fn: string,
    args: unknown[],
    gas = 600_000n,
  ) =>
    miner
      .send(
        {
          from: deployer,
          to,
          data: encodeFunctionData({ abi, functionName: fn, args } as never),
          gas,
        },
        nextTime,
      )
      .then((hash) => void sent.push({ hash, what: `${what} ${name}.${fn}` }));

  // 1. Tokens, feeds, libraries, helpers.
  const tokenAddrs: Hex[] = [];
  const aggregators: Hex[] = [];
  const feeds: Hex[] = [];
  for (const a of ASSETS) {
    tokenAddrs.push(
      a.weth
        ? await aave('WETH9Mocked')
        : await aave('MintableERC20', [a.name, a.symbol, a.decimals]),
    );
  }
  for (const a of ASSETS) {
    const agg = await create(
      `aggregator ${a.symbol}`,
      own.DevnetAggregator.abi as Abi,
      own.DevnetAggregator.bytecode,
      [PRICE_DECIMALS, `${a.symbol} / USD`, roles.oracle, usdToPrice(a.price)],
    );
    aggregators.push(agg);
    feeds.push(
      await create(
        `feed ${a.symbol}`,
        own.DevnetFeedProxy.abi as Abi,
        own.DevnetFeedProxy.bytecode,
        [agg],
      ),
    );
  }
  const libs: Record<string, Hex> = {};
  for (const lib of [
    'SupplyLogic',
    'BorrowLogic',
    'LiquidationLogic',
    'EModeLogic',
    'BridgeLogic',
    'PoolLogic',
    'ConfiguratorLogic',
  ] as const) {
    libs[lib] = await aave(lib);
  }
  libs.FlashLoanLogic = await aave('FlashLoanLogic', [], libs);
  const lens = await create('lens', own.DevnetLens.abi as Abi, own.DevnetLens.bytecode);
  const faucet = await create('faucet', own.DevnetFaucet.abi as Abi, own.DevnetFaucet.bytecode);
  await miner.mine(nextTime());

  // 2. The market: addresses provider first, so every later registration emits an event the
  // subgraph (whose only data source is the provider) can see.
  const startBlock = Number(miner.blockNumber) + 1;
  const PAP = aaveAbi('PoolAddressesProvider');
  const pap = await aave('PoolAddressesProvider', ['Collateral Radar Devnet', deployer]);
  await mine('', 'PAP', pap, PAP, 'setACLAdmin', [deployer]);
  const acl = await aave('ACLManager', [pap]);
  await mine('', 'PAP', pap, PAP, 'setACLManager', [acl]);
  const ACL = aaveAbi('ACLManager');
  for (const fn of ['addPoolAdmin', 'addEmergencyAdmin', 'addAssetListingAdmin', 'addRiskAdmin']) {
    await mine('', 'ACL', acl, ACL, fn, [deployer]);
  }
  const poolImpl = await aave('Pool', [pap], libs);
  await mine('', 'PoolImpl', poolImpl, aaveAbi('Pool'), 'initialize', [pap], 3_000_000n);
  // The provider creates proxies with CREATE from its own address (contract nonces start at 1).
  const pool = getContractAddress({ from: pap, nonce: 1n });
  await mine('', 'PAP', pap, PAP, 'setPoolImpl', [poolImpl], 3_000_000n);
  const configuratorImpl = await aave('PoolConfigurator', [], libs);
  await mine(
    '',
    'ConfiguratorImpl',
    configuratorImpl,
    aaveAbi('PoolConfigurator'),
    'initialize',
    [pap],
    3_000_000n,
  );
  const configurator = getContractAddress({ from: pap, nonce: 2n });
  await mine('', 'PAP', pap, PAP, 'setPoolConfiguratorImpl', [configuratorImpl], 3_000_000n);
  const oracle = await aave('AaveOracle', [
    pap,
    tokenAddrs,
    feeds,
    '0x0000000000000000000000000000000000000000',
    '0x0000000000000000000000000000000000000000',
    10n ** 8n,
  ]);
  await mine('', 'PAP', pap, PAP, 'setPriceOracle', [oracle]);
  // Re-register the sources now that the oracle is known to the provider: the constructor's
  // AssetSourceUpdated events predate PriceOracleUpdated, so an indexer that discovers the
  // oracle from the provider would never see them (mainnet listings also call this).
  await mine(
    '',
    'AaveOracle',
    oracle,
    aaveAbi('AaveOracle'),
    'setAssetSources',
    [tokenAddrs, feeds],
    1_000_000n,
  );
  const dataProvider = await aave('AaveProtocolDataProvider', [pap]);
  await mine('', 'PAP', pap, PAP, 'setPoolDataProvider', [dataProvider]);

  const CONF = aaveAbi('PoolConfigurator');
  const conf = (fn: string, args: unknown[], gas = 600_000n) =>
    mine('', 'Configurator', configurator, CONF, fn, args, gas);
  await conf('updateFlashloanPremiumTotal', [5n]);
  await conf('updateFlashloanPremiumToProtocol', [0n]);

  const aTokenImpl = await aave('AToken', [pool]);
  const stableImpl = await aave('StableDebtToken', [pool]);
  const variableImpl = await aave('VariableDebtToken', [pool]);
  const strategies: Hex[] = [];
  for (const a of ASSETS) {
    strategies.push(
      await aave('DefaultReserveInterestRateStrategy', [
        pap,
        ray(a.rate.optimal),
        ray(a.rate.base),
        ray(a.rate.slope1),
        ray(a.rate.slope2),
        ray(0.005),
        ray(0.8),
        ray(0.01),
        ray(0.08),
        ray(0.2),
      ]),
    );
  }
  const inputs = ASSETS.map((a, i) => ({
    aTokenImpl,
    stableDebtTokenImpl: stableImpl,
    variableDebtTokenImpl: variableImpl,
    underlyingAssetDecimals: a.decimals,
    interestRateStrategyAddress: strategies[i],
    underlyingAsset: tokenAddrs[i],
    treasury: roles.treasury,
    incentivesController: '0x0000000000000000000000000000000000000000',
    aTokenName: `Aave Devnet ${a.symbol}`,
    aTokenSymbol: `aDev${a.symbol}`,
    variableDebtTokenName: `Aave Devnet Variable Debt ${a.symbol}`,
    variableDebtTokenSymbol: `variableDebtDev${a.symbol}`,
    stableDebtTokenName: `Aave Devnet Stable Debt ${a.symbol}`,
    stableDebtTokenSymbol: `stableDebtDev${a.symbol}`,
    params: '0x10',
  }));
  // ~6.8M gas per reserve: two per transaction.
  for (let i = 0; i < inputs.length; i += 2)
    await conf('initReserves', [inputs.slice(i, i + 2)], 16_000_000n);
  await miner.mine(nextTime());

  // 3. Risk parameters (after initReserves a reserve has LTV 0, borrowing and flash loans off).
  for (const [i, a] of ASSETS.entries()) {
    const asset = tokenAddrs[i];
    if (a.debtCeilingUsd) await conf('setDebtCeiling', [asset, BigInt(a.debtCeilingUsd * 100)]);
    await conf('configureReserveAsCollateral', [
      asset,
      BigInt(a.ltv),
      BigInt(a.liquidationThreshold),
      BigInt(a.liquidationBonus),
    ]);
    await conf('setReserveBorrowing', [asset, a.borrowable]);
    if (a.stableBorrowing) await conf('setReserveStableRateBorrowing', [asset, true]);
    if (a.borrowableInIsolation) await conf('setBorrowableInIsolation', [asset, true]);
    await conf('setReserveFactor', [asset, BigInt(a.reserveFactor)]);
    await conf('setReserveFlashLoaning', [asset, true]);
    await conf('setLiquidationProtocolFee', [asset, BigInt(a.liquidationProtocolFee)]);
    await conf('setSupplyCap', [asset, BigInt(a.supplyCap)]);
    await conf('setBorrowCap', [asset, BigInt(a.borrowCap)]);
  }
  for (const c of E_MODE_CATEGORIES) {
    await conf('setEModeCategory', [
      c.id,
      c.ltv,
      c.liquidationThreshold,
      c.liquidationBonus,
      '0x0000000000000000000000000000000000000000',
      c.label,
    ]);
  }
  for (const [i, a] of ASSETS.entries())
    if (a.eModeCategory) await conf('setAssetEModeCategory', [tokenAddrs[i], a.eModeCategory]);
  const flashLoanReceiver = await aave('MockFlashLoanSimpleReceiver', [pap]);
  await miner.mine(nextTime());

  await checkReceipts(miner.provider, sent);

  // Read back the token addresses the configurator created.
  const tokens: DeployedToken[] = [];
  for (const [i, a] of ASSETS.entries()) {
    const data = await miner.call(
      dataProvider,
      encodeFunctionData({
        abi: aaveAbi('AaveProtocolDataProvider'),
        functionName: 'getReserveTokensAddresses',
        args: [tokenAddrs[i]],
      }),
    );
    const words = data
      .slice(2)
      .match(/.{64}/g)!
      .map((w) => `0x${w.slice(24)}` as Hex);
    tokens.push({
      symbol: a.symbol,
      name: a.name,
      address: tokenAddrs[i],
      decimals: a.decimals,
      group: a.group,
      aToken: words[0],
      stableDebtToken: words[1],
      variableDebtToken: words[2],
      interestRateStrategy: strategies[i],
      priceFeed: feeds[i],
      aggregator: aggregators[i],
      eModeCategory: a.eModeCategory ?? 0,
      isolated: !!a.debtCeilingUsd,
    });
  }
  const readAddr = async (fn: string): Promise<Hex> =>
    `0x${(await miner.call(pap, encodeFunctionData({ abi: PAP, functionName: fn } as never))).slice(26)}` as Hex;
  if ((await readAddr('getPool')).toLowerCase() !== pool.toLowerCase())
    throw new Error('deploy: Pool proxy address differs from the predicted one');
  if ((await readAddr('getPoolConfigurator')).toLowerCase() !== configurator.toLowerCase())
    throw new Error('deploy: PoolConfigurator proxy address differs from the predicted one');

  return {
    network: 'devnet',
    chainId: 31337,
    startBlock,
    poolAddressesProvider: pap,
    pool,
    poolImpl,
    poolConfigurator: configurator,
    poolConfiguratorImpl: configuratorImpl,
    aclManager: acl,
    aaveOracle: oracle,
    protocolDataProvider: dataProvider,
    treasury: roles.treasury,
    flashLoanReceiver,
    lens,
    faucet,
    deployer,
    oracleTransmitter: roles.oracle,
    liquidator: roles.liquidator,
    tokens,
    eModeCategories: E_MODE_CATEGORIES.map((c) => ({
      ...c,
      assets: ASSETS.filter((a) => a.eModeCategory === c.id).map((a) => a.symbol),
    })),
  };
}

async function checkReceipts(
  provider: Eip1193,
  sent: { hash: Hex; what: string }[],
): Promise<void> {
  for (const s of sent) {
    const r = (await provider.request({
      method: 'eth_getTransactionReceipt',
      params: [s.hash],
    })) as { status: Hex } | null;
    if (!r) throw new Error(`deploy: transaction for ${s.what} was not mined`);
    if (r.status !== '0x1')
      throw new Error(`deploy: transaction for ${s.what} reverted (${s.hash})`);
  }
}

export const parseAmount = (v: number, decimals: number): bigint =>
  parseUnits(v.toFixed(Math.min(decimals, 8)), decimals);
