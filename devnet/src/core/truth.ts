// Ground truth at one block, read from the chain's own view functions: every account's
// Pool.getUserAccountData (plus e-mode, configuration bitmap and scaled balances), every
// reserve's token supplies, indexes, rates, parameters and AaveOracle price.
// CLI: npm run devnet:truth -- --block N --out FILE.json [--rpc URL] [--deployment FILE]
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  createPublicClient,
  http,
  parseAbiItem,
  type Abi,
  type Hex,
  type PublicClient,
} from 'viem';
import { aaveAbi } from './artifacts.ts';
import { devnetContracts } from './compile.ts';
import type { Deployment } from './deploy.ts';
import { readDeploymentFile } from './files.ts';

const TRANSFER = parseAbiItem(
  'event Transfer(address indexed from, address indexed to, uint256 value)',
);
const ZERO = '0x0000000000000000000000000000000000000000';

export interface TruthAccount {
  address: Hex;
  totalCollateralBase: string;
  totalDebtBase: string;
  availableBorrowsBase: string;
  currentLiquidationThreshold: string;
  ltv: string;
  healthFactor: string;
  eModeCategory: number;
  /** Pool.getUserConfiguration bitmap (bit 2i borrowing, bit 2i+1 collateral of reserve i). */
  userConfiguration: string;
  positions: {
    symbol: string;
    scaledATokenBalance: string;
    scaledVariableDebt: string;
    /** Stable debt principal as of the account's last stable update (principalBalanceOf). */
    stableDebtPrincipal: string;
    usageAsCollateralEnabled: boolean;
  }[];
}

export interface TruthReserve {
  symbol: string;
  asset: Hex;
  decimals: number;
  aToken: Hex;
  variableDebtToken: Hex;
  stableDebtToken: Hex;
  aTokenTotalSupply: string;
  aTokenScaledTotalSupply: string;
  variableDebtTotalSupply: string;
  variableDebtScaledTotalSupply: string;
  stableDebtTotalSupply: string;
  liquidityIndex: string;
  variableBorrowIndex: string;
  normalizedIncome: string;
  normalizedVariableDebt: string;
  liquidityRate: string;
  variableBorrowRate: string;
  lastUpdateTimestamp: number;
  accruedToTreasuryScaled: string;
  isolationModeTotalDebt: string;
  availableLiquidity: string;
  price: string; // AaveOracle, base currency (USD, 8 decimals)
  ltv: number;
  liquidationThreshold: number;
  liquidationBonus: number;
  reserveFactor: number;
  liquidationProtocolFee: number;
  usageAsCollateralEnabled: boolean;
  borrowingEnabled: boolean;
  isActive: boolean;
  isFrozen: boolean;
  isPaused: boolean;
  flashLoanEnabled: boolean;
  borrowCap: string;
  supplyCap: string;
  debtCeiling: string;
  eModeCategory: number;
}

export interface Truth {
  chainId: number;
  block: string;
  blockHash: Hex;
  timestamp: number;
  pool: Hex;
  accounts: TruthAccount[];
  reserves: TruthReserve[];
  eModeCategories: {
    id: number;
    ltv: number;
    liquidationThreshold: number;
    liquidationBonus: number;
    priceSource: Hex;
    label: string;
  }[];
}

/**
 * Every address that ever held an aToken, variable or stable debt token up to `block`, with a bitmask
 * of the reserves it touched (so balances are read only where they can be non-zero).
 */
async function accountsUpTo(
  client: PublicClient,
  dep: Deployment,
  block: bigint,
): Promise<Map<Hex, number>> {
  const masks = new Map<Hex, number>();
  const tokenIndex = new Map<string, number>();
  dep.tokens.forEach((t, i) => {
    tokenIndex.set(t.aToken.toLowerCase(), i);
    tokenIndex.set(t.variableDebtToken.toLowerCase(), i);
    tokenIndex.set(t.stableDebtToken.toLowerCase(), i);
  });
  const add = (a: string | undefined, i: number) => {
    if (!a || a === ZERO) return;
    const k = a.toLowerCase() as Hex;
    masks.set(k, (masks.get(k) ?? 0) | (1 << i));
  };
  const step = 20_000n;
  for (let from = BigInt(dep.startBlock); from <= block; from += step) {
    const to = from + step - 1n < block ? from + step - 1n : block;
    const logs = await client.getLogs({
      address: [...tokenIndex.keys()] as Hex[],
      event: TRANSFER,
      fromBlock: from,
      toBlock: to,
    });
    for (const l of logs) {
      const i = tokenIndex.get(l.address.toLowerCase())!;
      add(l.args.to, i);
      add(l.args.from, i);
    }
  }
  return new Map([...masks].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * Accounts per DevnetLens call. Small chunks: EDR's per-call cost grows with the caller's memory,
 * so big batches are superlinear (100 accounts in one call: ~3 s; in chunks of 10: ~0.2 s).
 */
export const LENS_CHUNK = 10;

export async function dumpTruth(
  client: PublicClient,
  dep: Deployment,
  block: bigint,
): Promise<Truth> {
  const blk = await client.getBlock({ blockNumber: block });
  const read = <T>(
    address: Hex,
    abi: Abi,
    functionName: string,
    args: unknown[] = [],
  ): Promise<T> =>
    client.readContract({
      address,
      abi,
      functionName,
      args,
      blockNumber: block,
    } as never) as Promise<T>;
  const POOL = aaveAbi('Pool');
  const DP = aaveAbi('AaveProtocolDataProvider');
  const ERC = aaveAbi('AToken');
  const VD = aaveAbi('VariableDebtToken');
  const LENS = devnetContracts().DevnetLens.abi as Abi;

  const reserves = await Promise.all(
    dep.tokens.map(async (t): Promise<TruthReserve> => {
      const [
        rd,
        cfg,
        caps,
        ceiling,
        fee,
        emode,
        paused,
        flash,
        raw,
        aTs,
        aScaled,
        vTs,
        vScaled,
        sTs,
        ni,
        nd,
        price,
        liq,
      ] = await Promise.all([
        read<readonly bigint[]>(dep.protocolDataProvider, DP, 'getReserveData', [t.address]),
        read<readonly (bigint | boolean)[]>(
          dep.protocolDataProvider,
          DP,
          'getReserveConfigurationData',
          [t.address],
        ),
        read<readonly bigint[]>(dep.protocolDataProvider, DP, 'getReserveCaps', [t.address]),
        read<bigint>(dep.protocolDataProvider, DP, 'getDebtCeiling', [t.address]),
        read<bigint>(dep.protocolDataProvider, DP, 'getLiquidationProtocolFee', [t.address]),
        read<bigint>(dep.protocolDataProvider, DP, 'getReserveEModeCategory', [t.address]),
        read<boolean>(dep.protocolDataProvider, DP, 'getPaused', [t.address]),
        read<boolean>(dep.protocolDataProvider, DP, 'getFlashLoanEnabled', [t.address]),
        read<{ accruedToTreasury: bigint; isolationModeTotalDebt: bigint }>(
          dep.pool,
          POOL,
          'getReserveData',
          [t.address],
        ),
        read<bigint>(t.aToken, ERC, 'totalSupply'),
        read<bigint>(t.aToken, ERC, 'scaledTotalSupply'),
        read<bigint>(t.variableDebtToken, VD, 'totalSupply'),
        read<bigint>(t.variableDebtToken, VD, 'scaledTotalSupply'),
        read<bigint>(t.stableDebtToken, ERC, 'totalSupply'),
        read<bigint>(dep.pool, POOL, 'getReserveNormalizedIncome', [t.address]),
        read<bigint>(dep.pool, POOL, 'getReserveNormalizedVariableDebt', [t.address]),
        read<bigint>(dep.aaveOracle, aaveAbi('AaveOracle'), 'getAssetPrice', [t.address]),
        read<bigint>(t.address, ERC, 'balanceOf', [t.aToken]),
      ]);
      return {
        symbol: t.symbol,
        asset: t.address,
        decimals: t.decimals,
        aToken: t.aToken,
        variableDebtToken: t.variableDebtToken,
        stableDebtToken: t.stableDebtToken,
        aTokenTotalSupply: aTs.toString(),
        aTokenScaledTotalSupply: aScaled.toString(),
        variableDebtTotalSupply: vTs.toString(),
        variableDebtScaledTotalSupply: vScaled.toString(),
        stableDebtTotalSupply: sTs.toString(),
        liquidityIndex: rd[9].toString(),
        variableBorrowIndex: rd[10].toString(),
        normalizedIncome: ni.toString(),
        normalizedVariableDebt: nd.toString(),
        liquidityRate: rd[5].toString(),
        variableBorrowRate: rd[6].toString(),
        lastUpdateTimestamp: Number(rd[11]),
        accruedToTreasuryScaled: raw.accruedToTreasury.toString(),
        isolationModeTotalDebt: raw.isolationModeTotalDebt.toString(),
        availableLiquidity: liq.toString(),
        price: price.toString(),
        ltv: Number(cfg[1]),
        liquidationThreshold: Number(cfg[2]),
        liquidationBonus: Number(cfg[3]),
        reserveFactor: Number(cfg[4]),
        liquidationProtocolFee: Number(fee),
        usageAsCollateralEnabled: cfg[5] as boolean,
        borrowingEnabled: cfg[6] as boolean,
        isActive: cfg[8] as boolean,
        isFrozen: cfg[9] as boolean,
        isPaused: paused,
        flashLoanEnabled: flash,
        borrowCap: caps[0].toString(),
        supplyCap: caps[1].toString(),
        debtCeiling: ceiling.toString(),
        eModeCategory: Number(emode),
      };
    }),
  );

  const masks = await accountsUpTo(client, dep, block);
  const addrs = [...masks.keys()];
  const assets = dep.tokens.map((t) => t.address);
  const aTokens = dep.tokens.map((t) => t.aToken);
  const debtTokens = dep.tokens.map((t) => t.variableDebtToken);
  const stableDebtTokens = dep.tokens.map((t) => t.stableDebtToken);
  const n = assets.length;
  const w = 2 + 5 * n;
  const accounts: TruthAccount[] = [];
  for (let s = 0; s < addrs.length; s += LENS_CHUNK) {
    const chunk = addrs.slice(s, s + LENS_CHUNK);
    const [data, bal] = await Promise.all([
      read<readonly bigint[]>(dep.lens, LENS, 'accountData', [dep.pool, chunk]),
      read<readonly bigint[]>(dep.lens, LENS, 'usersMasked', [
        dep.pool,
        assets,
        aTokens,
        debtTokens,
        stableDebtTokens,
        chunk,
        chunk.map((a) => BigInt(masks.get(a)!)),
      ]),
    ]);
    chunk.forEach((address, k) => {
      const d = data.slice(k * 6, k * 6 + 6);
      const b = bal.slice(k * w, (k + 1) * w);
      const config = b[0];
      const positions: TruthAccount['positions'] = [];
      for (let i = 0; i < n; i++) {
        const sa = b[2 + 5 * i],
          sd = b[3 + 5 * i],
          sp = b[5 + 5 * i];
        if (sa === 0n && sd === 0n && sp === 0n) continue;
        positions.push({
          symbol: dep.tokens[i].symbol,
          scaledATokenBalance: sa.toString(),
          scaledVariableDebt: sd.toString(),
          stableDebtPrincipal: sp.toString(),
          usageAsCollateralEnabled: ((config >> BigInt(2 * i + 1)) & 1n) === 1n,
        });
      }
      accounts.push({
        address,
        totalCollateralBase: d[0].toString(),
        totalDebtBase: d[1].toString(),
        availableBorrowsBase: d[2].toString(),
        currentLiquidationThreshold: d[3].toString(),
        ltv: d[4].toString(),
        healthFactor: d[5].toString(),
        eModeCategory: Number(b[1]),
        userConfiguration: config.toString(),
        positions,
      });
    });
  }

  const eModeCategories = await Promise.all(
    dep.eModeCategories.map(async (c) => {
      const e = await read<{
        ltv: number;
        liquidationThreshold: number;
        liquidationBonus: number;
        priceSource: Hex;
        label: string;
      }>(dep.pool, POOL, 'getEModeCategoryData', [c.id]);
      return {
        id: c.id,
        ltv: Number(e.ltv),
        liquidationThreshold: Number(e.liquidationThreshold),
        liquidationBonus: Number(e.liquidationBonus),
        priceSource: e.priceSource,
        label: e.label,
      };
    }),
  );

  return {
    chainId: await client.getChainId(),
    block: block.toString(),
    blockHash: blk.hash!,
    timestamp: Number(blk.timestamp),
    pool: dep.pool,
    accounts,
    reserves,
    eModeCategories,
  };
}

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`devnet:truth: unexpected argument '${a}'`);
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`devnet:truth: ${a} needs a value`);
    out[a.slice(2)] = v;
    i++;
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const known = new Set(['block', 'out', 'rpc', 'deployment']);
  for (const k of Object.keys(args))
    if (!known.has(k))
      throw new Error(
        `devnet:truth: unknown flag --${k} (use --block N --out FILE [--rpc URL] [--deployment FILE])`,
      );
  if (!args.out) throw new Error('devnet:truth: --out FILE is required');
  // npm -w runs us inside devnet/: resolve paths against the directory the user typed in.
  const base = process.env.INIT_CWD ?? process.cwd();
  const dep = readDeploymentFile(args.deployment ? resolve(base, args.deployment) : undefined);
  args.out = resolve(base, args.out);
  const rpc = args.rpc ?? process.env.RPC_URL ?? 'http://127.0.0.1:8545';
  const client = createPublicClient({
    transport: http(rpc, { timeout: 120_000 }),
    cacheTime: 0,
  }) as PublicClient;
  let block: bigint;
  if (!args.block || args.block === 'latest') block = await client.getBlockNumber();
  else if (/^\d+$/.test(args.block)) block = BigInt(args.block);
  else
    throw new Error(
      `devnet:truth: --block must be a block number or 'latest' (got '${args.block}')`,
    );
  const truth = await dumpTruth(client, dep, block);
  writeFileSync(args.out, JSON.stringify(truth, null, 1) + '\n');
  console.log(
    `wrote ${args.out}: block ${block}, ${truth.accounts.length} accounts, ${truth.reserves.length} reserves`,
  );
}

if (process.argv[1]?.endsWith('truth.ts')) {
  main().catch((e) => {
    console.error((e as Error).message);
    process.exit(1);
  });
}
