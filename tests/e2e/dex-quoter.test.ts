// Ground truth for the risk engine's Uniswap V3 math: the real Uniswap V3 contracts (npm
// bytecode) on an in-process devnet chain, pools with concentrated liquidity from several LPs
// moved by real swaps, then QuoterV2's answers against `quoteExactInput` on the pool state read
// back from the chain — equal to the wei, for small to pool-draining sales in both directions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeDeployData, encodeFunctionData, type Hex } from 'viem';
import { createChain, Miner } from '../../devnet/src/core/chain.ts';
import { aaveArtifact } from '../../devnet/src/core/artifacts.ts';
import {
  TICK_SPACING,
  approve,
  createPool,
  deployUniswap,
  getPool,
  mintPosition,
  quoteExactInputSingle,
  readPoolState,
  sortTokens,
  swapExactInput,
} from '../../devnet/src/dex/uniswap.ts';
import { quoteExactInput, type PoolState } from '../../dashboard/lib/dex/pool-swap.ts';
import { isqrt, MAX_TICK, MIN_TICK } from '../../dashboard/lib/dex/tick-math.ts';

const GENESIS = 1_700_000_000;
const DEADLINE = BigInt(GENESIS + 10 * 365 * 86400);

test(
  'QuoterV2 on the real contracts equals our swap math to the wei',
  { timeout: 600_000 },
  async () => {
    const { provider } = await createChain({ accounts: 6, genesisTime: GENESIS });
    const accounts = (await provider.request({ method: 'eth_accounts' })) as Hex[];
    const [deployer, lp1, lp2, lp3, trader] = accounts;
    const miner = new Miner(provider, GENESIS);
    let now = GENESIS;
    const mine = async () => {
      now += 12;
      const { txs } = await miner.mine(now);
      for (const hash of txs) {
        const r = (await provider.request({
          method: 'eth_getTransactionReceipt',
          params: [hash],
        })) as { status: Hex };
        assert.equal(r.status, '0x1', `transaction ${hash} reverted`);
      }
    };

    const erc20 = aaveArtifact('MintableERC20');
    const token = async (name: string, decimals: number): Promise<Hex> => {
      const address = await miner.nextContractAddress(deployer);
      await miner.send({
        from: deployer,
        data: encodeDeployData({
          abi: erc20.abi,
          bytecode: erc20.bytecode,
          args: [name, name, decimals],
        }),
        gas: 3_000_000n,
      });
      return address;
    };
    const weth = await token('WETH', 18);
    const usdc = await token('USDC', 6);
    const steth = await token('wstETH', 18);
    const uni = await deployUniswap(miner, deployer, weth);
    await mine();

    for (const who of [lp1, lp2, lp3, trader]) {
      for (const t of [weth, usdc, steth]) {
        const data = encodeFunctionData({
          abi: erc20.abi,
          functionName: 'mint',
          args: [who, 10n ** 30n],
        });
        await miner.send({ from: who, to: t, data, gas: 200_000n });
        await approve(miner, who, t, uni.positionManager);
        await approve(miner, who, t, uni.swapRouter);
      }
    }
    await mine();

    // A deep WETH/USDC 0.3% pool at $2,000 and a thin wstETH/WETH 0.05% pool at 1.17.
    const priceX96 = (raw1PerRaw0: [bigint, bigint]) =>
      isqrt((raw1PerRaw0[0] << 192n) / raw1PerRaw0[1]);
    const pools = [
      { a: weth, b: usdc, fee: 3000, price: [2000n * 10n ** 6n, 10n ** 18n] as [bigint, bigint] },
      { a: steth, b: weth, fee: 500, price: [117n * 10n ** 16n, 10n ** 18n] as [bigint, bigint] },
    ];
    const minted = new Map<string, number[]>();
    for (const p of pools) {
      const [token0] = sortTokens(p.a, p.b);
      const price: [bigint, bigint] = token0 === p.a ? p.price : [p.price[1], p.price[0]];
      await createPool(miner, uni, deployer, p.a, p.b, p.fee, priceX96(price));
    }
    await mine();
    for (const p of pools) {
      const pool = await getPool(miner, uni, p.a, p.b, p.fee);
      const spacing = TICK_SPACING[p.fee];
      const { tick } = await readPoolState(miner, pool, []);
      const near = (offset: number) => Math.round((tick + offset) / spacing) * spacing;
      const full = [
        Math.ceil(MIN_TICK / spacing) * spacing,
        Math.floor(MAX_TICK / spacing) * spacing,
      ];
      const ranges: [Hex, number, number, bigint][] = [
        [lp1, full[0], full[1], 10n ** 21n],
        [lp2, near(-3000), near(2000), 10n ** 22n],
        [lp3, near(-600), near(900), 3n * 10n ** 22n],
        [lp2, near(-20000), near(-4000), 10n ** 21n], // one-sided: token1 only
        [lp3, near(5000), near(40000), 10n ** 21n], // one-sided: token0 only
      ];
      const ticks: number[] = [];
      for (const [lp, lower, upper, amount] of ranges) {
        await mintPosition(miner, uni, {
          from: lp,
          tokenA: p.a,
          tokenB: p.b,
          fee: p.fee,
          tickLower: lower,
          tickUpper: upper,
          amountA: amount,
          amountB: amount * 4000n,
          deadline: DEADLINE,
        });
        ticks.push(lower, upper);
      }
      minted.set(pool, ticks);
    }
    await mine();
    // Real trades move both pools off their initial price before the comparison.
    await swapExactInput(miner, uni, trader, weth, usdc, 3000, 150n * 10n ** 18n, DEADLINE);
    await swapExactInput(miner, uni, trader, weth, steth, 500, 40n * 10n ** 18n, DEADLINE);
    await mine();

    let compared = 0;
    let crossedTicks = 0;
    for (const p of pools) {
      const address = await getPool(miner, uni, p.a, p.b, p.fee);
      const chain = await readPoolState(miner, address, minted.get(address)!);
      assert.ok(
        chain.ticks.length >= 8,
        `pool ${address} has ${chain.ticks.length} initialised ticks`,
      );
      const state: PoolState = { fee: p.fee, tickSpacing: TICK_SPACING[p.fee], ...chain };
      const [token0, token1] = sortTokens(p.a, p.b);
      for (const zeroForOne of [true, false]) {
        const [tokenIn, tokenOut] = zeroForOne ? [token0, token1] : [token1, token0];
        for (let e = 3; e <= 26; e++) {
          const amountIn = 7n * 10n ** BigInt(e) + BigInt(e);
          let quoted;
          try {
            quoted = await quoteExactInputSingle(miner, uni, tokenIn, tokenOut, p.fee, amountIn);
          } catch {
            continue; // the quoter reverts when the sale would cross the whole price range
          }
          assert.equal(
            quoteExactInput(state, zeroForOne, amountIn),
            quoted.amountOut,
            `${address} ${zeroForOne ? '0→1' : '1→0'} amountIn ${amountIn}`,
          );
          compared++;
          crossedTicks += quoted.initializedTicksCrossed;
        }
      }
    }
    assert.ok(compared >= 60, `only ${compared} quotes were compared`);
    assert.ok(crossedTicks >= 40, `quotes crossed only ${crossedTicks} initialised ticks in all`);
  },
);
