// Test-side adapter: builds the risk engine's Book straight from the devnet's contracts (Pool,
// tokens, AaveOracle view functions) at one block — independent of the indexer, so the engine
// can be checked against Pool.getUserAccountData on the same state.
import { createPublicClient, custom, parseAbi, type Hex, type PublicClient } from 'viem';
import type {
  Book,
  BookAccount,
  BookEModeCategory,
  BookMarket,
} from '../../dashboard/lib/risk/types';

export const POOL_ABI = parseAbi([
  'function getReservesList() view returns (address[])',
  // ReserveData (3.0) is a static struct: one tuple output
  'function getReserveData(address) view returns (((uint256 data) configuration, uint128 liquidityIndex, uint128 currentLiquidityRate, uint128 variableBorrowIndex, uint128 currentVariableBorrowRate, uint128 currentStableBorrowRate, uint40 lastUpdateTimestamp, uint16 id, address aTokenAddress, address stableDebtTokenAddress, address variableDebtTokenAddress, address interestRateStrategyAddress, uint128 accruedToTreasury, uint128 unbacked, uint128 isolationModeTotalDebt))',
  'function getUserConfiguration(address) view returns ((uint256 data))',
  'function getUserEMode(address) view returns (uint256)',
  'function getEModeCategoryData(uint8) view returns ((uint16 ltv, uint16 liquidationThreshold, uint16 liquidationBonus, address priceSource, string label))',
  'function getUserAccountData(address) view returns (uint256 totalCollateralBase, uint256 totalDebtBase, uint256 availableBorrowsBase, uint256 currentLiquidationThreshold, uint256 ltv, uint256 healthFactor)',
]);
const ORACLE_ABI = parseAbi([
  'function getAssetPrice(address) view returns (uint256)',
  'function BASE_CURRENCY_UNIT() view returns (uint256)',
]);
const TOKEN_ABI = parseAbi([
  'function symbol() view returns (string)',
  'function scaledBalanceOf(address) view returns (uint256)',
  'function principalBalanceOf(address) view returns (uint256)',
  'function getUserStableRate(address) view returns (uint256)',
  'function getUserLastUpdated(address) view returns (uint40)',
]);

export interface Eip1193Like {
  request(args: { method: string; params?: unknown }): Promise<unknown>;
}

export function chainClient(provider: Eip1193Like): PublicClient {
  return createPublicClient({ transport: custom(provider as never), cacheTime: 0 }) as PublicClient;
}

const bits = (x: bigint, from: number, len: number) =>
  Number((x >> BigInt(from)) & ((1n << BigInt(len)) - 1n));

export async function bookFromChain(
  client: PublicClient,
  pool: Hex,
  oracle: Hex,
  users: Hex[],
  blockNumber: bigint,
): Promise<Book> {
  const at = { blockNumber } as const;
  const block = await client.getBlock({ blockNumber });
  const read = <T>(
    address: Hex,
    abi: readonly unknown[],
    functionName: string,
    args: unknown[] = [],
  ) =>
    client.readContract({
      address,
      abi: abi as never,
      functionName: functionName as never,
      args: args as never,
      ...at,
    }) as Promise<T>;
  const reserves = await read<Hex[]>(pool, POOL_ABI, 'getReservesList');
  const baseCurrencyUnit = await read<bigint>(oracle, ORACLE_ABI, 'BASE_CURRENCY_UNIT');
  type RD = {
    configuration: { data: bigint };
    liquidityIndex: bigint;
    currentLiquidityRate: bigint;
    variableBorrowIndex: bigint;
    currentVariableBorrowRate: bigint;
    lastUpdateTimestamp: number;
    id: number;
    aTokenAddress: Hex;
    stableDebtTokenAddress: Hex;
    variableDebtTokenAddress: Hex;
  };
  const rds = await Promise.all(
    reserves.map((a) => read<RD>(pool, POOL_ABI, 'getReserveData', [a])),
  );
  const markets: BookMarket[] = await Promise.all(
    reserves.map(async (asset, i) => {
      const rd = rds[i],
        cfg = rd.configuration.data;
      return {
        id: asset.toLowerCase(),
        symbol: await read<string>(asset, TOKEN_ABI, 'symbol'),
        decimals: bits(cfg, 48, 8),
        reserveId: rd.id,
        ltv: bits(cfg, 0, 16),
        liquidationThreshold: bits(cfg, 16, 16),
        liquidationBonus: bits(cfg, 32, 16),
        liquidationProtocolFee: bits(cfg, 152, 16),
        eModeCategoryId: bits(cfg, 168, 8),
        debtCeiling: BigInt(bits(cfg, 212, 40)),
        liquidityIndex: rd.liquidityIndex,
        variableBorrowIndex: rd.variableBorrowIndex,
        liquidityRate: rd.currentLiquidityRate,
        variableBorrowRate: rd.currentVariableBorrowRate,
        lastUpdateTimestamp: BigInt(rd.lastUpdateTimestamp),
        priceBase: await read<bigint>(oracle, ORACLE_ABI, 'getAssetPrice', [asset]),
      };
    }),
  );
  const catIds = [...new Set(markets.map((m) => m.eModeCategoryId).filter((c) => c !== 0))];
  const eModeCategories = new Map<number, BookEModeCategory>();
  for (const id of catIds) {
    const c = await read<{
      ltv: number;
      liquidationThreshold: number;
      liquidationBonus: number;
      priceSource: Hex;
      label: string;
    }>(pool, POOL_ABI, 'getEModeCategoryData', [id]);
    const zero = /^0x0{40}$/i.test(c.priceSource);
    eModeCategories.set(id, {
      id,
      label: c.label,
      ltv: c.ltv,
      liquidationThreshold: c.liquidationThreshold,
      liquidationBonus: c.liquidationBonus,
      priceSource: zero ? null : c.priceSource.toLowerCase(),
      priceSourcePriceBase: zero
        ? undefined
        : await read<bigint>(oracle, ORACLE_ABI, 'getAssetPrice', [c.priceSource]),
      collateralBitmap: 0n,
    });
  }
  const accounts: BookAccount[] = await Promise.all(
    users.map(async (user) => {
      const [cfg, emode] = await Promise.all([
        read<{ data: bigint }>(pool, POOL_ABI, 'getUserConfiguration', [user]),
        read<bigint>(pool, POOL_ABI, 'getUserEMode', [user]),
      ]);
      const positions = [];
      for (let i = 0; i < reserves.length; i++) {
        const rd = rds[i];
        const borrowing = ((cfg.data >> BigInt(2 * rd.id)) & 1n) === 1n;
        const collateral = ((cfg.data >> BigInt(2 * rd.id + 1)) & 1n) === 1n;
        const scaledATokenBalance = await read<bigint>(
          rd.aTokenAddress,
          TOKEN_ABI,
          'scaledBalanceOf',
          [user],
        );
        let scaledVariableDebt = 0n,
          stableDebt = 0n,
          stableBorrowRate = 0n,
          stableLastUpdateTimestamp = 0n;
        if (borrowing) {
          scaledVariableDebt = await read<bigint>(
            rd.variableDebtTokenAddress,
            TOKEN_ABI,
            'scaledBalanceOf',
            [user],
          );
          stableDebt = await read<bigint>(
            rd.stableDebtTokenAddress,
            TOKEN_ABI,
            'principalBalanceOf',
            [user],
          );
          if (stableDebt !== 0n) {
            stableBorrowRate = await read<bigint>(
              rd.stableDebtTokenAddress,
              TOKEN_ABI,
              'getUserStableRate',
              [user],
            );
            stableLastUpdateTimestamp = BigInt(
              await read<number>(rd.stableDebtTokenAddress, TOKEN_ABI, 'getUserLastUpdated', [
                user,
              ]),
            );
          }
        }
        if (scaledATokenBalance === 0n && scaledVariableDebt === 0n && stableDebt === 0n) continue;
        positions.push({
          market: i,
          scaledATokenBalance,
          scaledVariableDebt,
          stableDebt,
          stableBorrowRate,
          stableLastUpdateTimestamp,
          collateralEnabled: collateral,
        });
      }
      return { id: user.toLowerCase(), eModeCategoryId: Number(emode), positions };
    }),
  );
  return {
    network: 'devnet-chain',
    block: { number: Number(block.number), hash: block.hash!, timestamp: Number(block.timestamp) },
    baseCurrencyUnit,
    markets,
    eModeCategories,
    accounts,
  };
}

export interface OnChainAccount {
  totalCollateralBase: bigint;
  totalDebtBase: bigint;
  availableBorrowsBase: bigint;
  currentLiquidationThreshold: bigint;
  ltv: bigint;
  healthFactor: bigint;
}

export async function accountDataOnChain(
  client: PublicClient,
  pool: Hex,
  users: Hex[],
  blockNumber: bigint,
): Promise<OnChainAccount[]> {
  return Promise.all(
    users.map(async (u) => {
      const r = (await client.readContract({
        address: pool,
        abi: POOL_ABI,
        functionName: 'getUserAccountData',
        args: [u],
        blockNumber,
      })) as readonly bigint[];
      return {
        totalCollateralBase: r[0],
        totalDebtBase: r[1],
        availableBorrowsBase: r[2],
        currentLiquidationThreshold: r[3],
        ltv: r[4],
        healthFactor: r[5],
      };
    }),
  );
}
