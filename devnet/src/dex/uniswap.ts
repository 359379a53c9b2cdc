// The real Uniswap V3 contracts on the devnet, from the bytecode @uniswap/v3-core and
// @uniswap/v3-periphery ship on npm: factory, NonfungiblePositionManager, SwapRouter and QuoterV2,
// plus helpers to open a pool, add concentrated liquidity and read a pool's state back.
// The npm pool bytecode hashes to the POOL_INIT_CODE_HASH periphery hard-codes, so the
// periphery finds pools the npm factory creates.
import { createRequire } from 'node:module';
import {
  decodeFunctionResult,
  encodeDeployData,
  encodeFunctionData,
  maxUint256,
  type Abi,
  type Hex,
} from 'viem';
import type { Miner } from '../core/chain.ts';

const require = createRequire(import.meta.url);

interface UniswapArtifact {
  abi: Abi;
  bytecode: Hex;
}

const ARTIFACTS = {
  UniswapV3Factory:
    '@uniswap/v3-core/artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json',
  UniswapV3Pool: '@uniswap/v3-core/artifacts/contracts/UniswapV3Pool.sol/UniswapV3Pool.json',
  NonfungiblePositionManager:
    '@uniswap/v3-periphery/artifacts/contracts/NonfungiblePositionManager.sol/NonfungiblePositionManager.json',
  SwapRouter: '@uniswap/v3-periphery/artifacts/contracts/SwapRouter.sol/SwapRouter.json',
  QuoterV2: '@uniswap/v3-periphery/artifacts/contracts/lens/QuoterV2.sol/QuoterV2.json',
} as const;

export type UniswapContractName = keyof typeof ARTIFACTS;

export function uniswapArtifact(name: UniswapContractName): UniswapArtifact {
  const a = require(ARTIFACTS[name]) as UniswapArtifact;
  return { abi: a.abi, bytecode: a.bytecode };
}

export const uniswapAbi = (name: UniswapContractName): Abi => uniswapArtifact(name).abi;

/** Tick spacing the factory enables for each fee tier (pips). */
export const TICK_SPACING: Record<number, number> = { 100: 1, 500: 10, 3000: 60, 10000: 200 };

export interface UniswapDeployment {
  factory: Hex;
  positionManager: Hex;
  swapRouter: Hex;
  quoter: Hex;
}

const DEPLOY_GAS = 15_000_000n;

/**
 * Deploys the four contracts from `deployer` (queued; mine before use). `weth` is the wrapped
 * native token the periphery needs; the position manager's token descriptor is never called.
 */
export async function deployUniswap(
  miner: Miner,
  deployer: Hex,
  weth: Hex,
): Promise<UniswapDeployment> {
  const deploy = async (name: UniswapContractName, args: unknown[]): Promise<Hex> => {
    const { abi, bytecode } = uniswapArtifact(name);
    const address = await miner.nextContractAddress(deployer);
    await miner.send({
      from: deployer,
      data: encodeDeployData({ abi, bytecode, args }),
      gas: DEPLOY_GAS,
    });
    return address;
  };
  const factory = await deploy('UniswapV3Factory', []);
  const positionManager = await deploy('NonfungiblePositionManager', [factory, weth, deployer]);
  const swapRouter = await deploy('SwapRouter', [factory, weth]);
  const quoter = await deploy('QuoterV2', [factory, weth]);
  return { factory, positionManager, swapRouter, quoter };
}

/** Token order as Uniswap sorts it: token0 has the lower address. */
export function sortTokens(a: Hex, b: Hex): [Hex, Hex] {
  return BigInt(a) < BigInt(b) ? [a, b] : [b, a];
}

/** Queues NonfungiblePositionManager.createAndInitializePoolIfNecessary; returns the tx hash. */
export async function createPool(
  miner: Miner,
  uni: UniswapDeployment,
  from: Hex,
  tokenA: Hex,
  tokenB: Hex,
  fee: number,
  sqrtPriceX96: bigint,
): Promise<Hex> {
  const [token0, token1] = sortTokens(tokenA, tokenB);
  const data = encodeFunctionData({
    abi: uniswapAbi('NonfungiblePositionManager'),
    functionName: 'createAndInitializePoolIfNecessary',
    args: [token0, token1, fee, sqrtPriceX96],
  });
  return miner.send({ from, to: uni.positionManager, data, gas: 6_000_000n });
}

export async function getPool(
  miner: Miner,
  uni: UniswapDeployment,
  tokenA: Hex,
  tokenB: Hex,
  fee: number,
): Promise<Hex> {
  const abi = uniswapAbi('UniswapV3Factory');
  const [token0, token1] = sortTokens(tokenA, tokenB);
  const out = await miner.call(
    uni.factory,
    encodeFunctionData({ abi, functionName: 'getPool', args: [token0, token1, fee] }),
    'latest',
  );
  return decodeFunctionResult({ abi, functionName: 'getPool', data: out }) as Hex;
}

export interface MintRequest {
  from: Hex;
  tokenA: Hex;
  tokenB: Hex;
  fee: number;
  tickLower: number;
  tickUpper: number;
  amountA: bigint;
  amountB: bigint;
  deadline: bigint;
}

/** NonfungiblePositionManager.mint calldata for a request (amounts in the caller's order). */
export function mintCalldata(m: MintRequest): Hex {
  const [token0, token1] = sortTokens(m.tokenA, m.tokenB);
  const [amount0, amount1] = token0 === m.tokenA ? [m.amountA, m.amountB] : [m.amountB, m.amountA];
  return encodeFunctionData({
    abi: uniswapAbi('NonfungiblePositionManager'),
    functionName: 'mint',
    args: [
      {
        token0,
        token1,
        fee: m.fee,
        tickLower: m.tickLower,
        tickUpper: m.tickUpper,
        amount0Desired: amount0,
        amount1Desired: amount1,
        amount0Min: 0n,
        amount1Min: 0n,
        recipient: m.from,
        deadline: m.deadline,
      },
    ],
  });
}

/** Queues a position mint through the position manager (the LP must have approved it). */
export async function mintPosition(
  miner: Miner,
  uni: UniswapDeployment,
  m: MintRequest,
): Promise<Hex> {
  const data = mintCalldata(m);
  return miner.send({ from: m.from, to: uni.positionManager, data, gas: 1_000_000n });
}

/**
 * Calldata that takes a whole position out: decreaseLiquidity of all its liquidity, then
 * collect of everything owed to `recipient`, in one NonfungiblePositionManager.multicall.
 */
export function removePositionCalldata(
  tokenId: bigint,
  liquidity: bigint,
  recipient: Hex,
  deadline: bigint,
): Hex {
  const abi = uniswapAbi('NonfungiblePositionManager');
  const max128 = (1n << 128n) - 1n;
  const calls = [
    encodeFunctionData({
      abi,
      functionName: 'decreaseLiquidity',
      args: [{ tokenId, liquidity, amount0Min: 0n, amount1Min: 0n, deadline }],
    }),
    encodeFunctionData({
      abi,
      functionName: 'collect',
      args: [{ tokenId, recipient, amount0Max: max128, amount1Max: max128 }],
    }),
  ];
  return encodeFunctionData({ abi, functionName: 'multicall', args: [calls] });
}

/** Queues an unlimited ERC-20 approval of `spender` by `owner`. */
export async function approve(miner: Miner, owner: Hex, token: Hex, spender: Hex): Promise<Hex> {
  const abi = [
    {
      type: 'function',
      name: 'approve',
      stateMutability: 'nonpayable',
      inputs: [
        { name: 'spender', type: 'address' },
        { name: 'value', type: 'uint256' },
      ],
      outputs: [{ type: 'bool' }],
    },
  ] as const;
  const data = encodeFunctionData({ abi, functionName: 'approve', args: [spender, maxUint256] });
  return miner.send({ from: owner, to: token, data, gas: 100_000n });
}

/** Queues SwapRouter.exactInputSingle (no slippage limit: the caller quoted it). */
export async function swapExactInput(
  miner: Miner,
  uni: UniswapDeployment,
  from: Hex,
  tokenIn: Hex,
  tokenOut: Hex,
  fee: number,
  amountIn: bigint,
  deadline: bigint,
): Promise<Hex> {
  const data = encodeFunctionData({
    abi: uniswapAbi('SwapRouter'),
    functionName: 'exactInputSingle',
    args: [
      {
        tokenIn,
        tokenOut,
        fee,
        recipient: from,
        deadline,
        amountIn,
        amountOutMinimum: 0n,
        sqrtPriceLimitX96: 0n,
      },
    ],
  });
  return miner.send({ from, to: uni.swapRouter, data, gas: 2_000_000n });
}

/** QuoterV2.quoteExactInputSingle by eth_call (the quoter reverts internally by design). */
export async function quoteExactInputSingle(
  miner: Miner,
  uni: UniswapDeployment,
  tokenIn: Hex,
  tokenOut: Hex,
  fee: number,
  amountIn: bigint,
): Promise<{ amountOut: bigint; sqrtPriceX96After: bigint; initializedTicksCrossed: number }> {
  const abi = uniswapAbi('QuoterV2');
  const data = encodeFunctionData({
    abi,
    functionName: 'quoteExactInputSingle',
    args: [{ tokenIn, tokenOut, amountIn, fee, sqrtPriceLimitX96: 0n }],
  });
  const out = await miner.call(uni.quoter, data, 'latest');
  const [amountOut, sqrtPriceX96After, initializedTicksCrossed] = decodeFunctionResult({
    abi,
    functionName: 'quoteExactInputSingle',
    data: out,
  }) as [bigint, bigint, number, bigint];
  return { amountOut, sqrtPriceX96After, initializedTicksCrossed: Number(initializedTicksCrossed) };
}

/** A pool's swap state as read from the chain: slot0, in-range liquidity, the given ticks. */
export async function readPoolState(
  miner: Miner,
  pool: Hex,
  ticks: number[],
): Promise<{
  sqrtPriceX96: bigint;
  tick: number;
  liquidity: bigint;
  ticks: { tick: number; liquidityNet: bigint }[];
}> {
  const abi = uniswapAbi('UniswapV3Pool');
  const read = async (functionName: string, args: unknown[] = []) =>
    decodeFunctionResult({
      abi,
      functionName,
      data: await miner.call(pool, encodeFunctionData({ abi, functionName, args }), 'latest'),
    }) as unknown;
  const [sqrtPriceX96, tick] = (await read('slot0')) as [bigint, number];
  const liquidity = (await read('liquidity')) as bigint;
  const out: { tick: number; liquidityNet: bigint }[] = [];
  for (const t of [...new Set(ticks)].sort((a, b) => a - b)) {
    const info = (await read('ticks', [t])) as [bigint, bigint, ...unknown[]];
    if (info[7]) out.push({ tick: t, liquidityNet: info[1] });
  }
  return { sqrtPriceX96, tick: Number(tick), liquidity, ticks: out };
}
