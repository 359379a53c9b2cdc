// Pins how an account's configuration bitmap and e-mode are read (Aave's UserConfiguration:
// bit 2i borrowing, bit 2i+1 collateral; an e-mode category's thresholds only for its assets).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collateralEnabled, liquidationThreshold, loanToValue, type User } from './account.ts';
import { A } from './amounts.ts';

const user = (config: bigint, eMode: number) => ({ config, eMode }) as User;

test('collateralEnabled reads bit 2i+1, not the borrowing bit 2i', () => {
  const u = user((1n << BigInt(2 * A.USDC + 1)) | (1n << BigInt(2 * A.WETH)), 0);
  assert.equal(collateralEnabled(u, A.USDC), true);
  assert.equal(collateralEnabled(u, A.WETH), false);
});

test('e-mode thresholds apply to the category assets only', () => {
  const eth = user(0n, 2);
  assert.equal(liquidationThreshold(eth, A.wstETH), 0.95);
  assert.equal(loanToValue(eth, A.wstETH), 0.93);
  assert.equal(liquidationThreshold(eth, A.WBTC), 0.78);
  assert.equal(loanToValue(eth, A.WBTC), 0.73);
  const none = user(0n, 0);
  assert.equal(liquidationThreshold(none, A.wstETH), 0.81);
  assert.equal(loanToValue(none, A.USDC), 0.77);
});
