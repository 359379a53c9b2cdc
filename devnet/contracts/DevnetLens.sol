// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

interface IBalance {
  function balanceOf(address) external view returns (uint256);
  function scaledBalanceOf(address) external view returns (uint256);
  function principalBalanceOf(address) external view returns (uint256);
  function totalSupply() external view returns (uint256);
}

interface IPoolView {
  function getUserConfiguration(address) external view returns (uint256);
  function getUserEMode(address) external view returns (uint256);
  function getUserAccountData(address)
    external
    view
    returns (uint256, uint256, uint256, uint256, uint256, uint256);
  function getReserveNormalizedIncome(address) external view returns (uint256);
  function getReserveNormalizedVariableDebt(address) external view returns (uint256);
}

/// Uniswap V3 periphery QuoterV2 (as documented; it reverts internally, so call it in eth_call).
interface IQuoterV2 {
  struct QuoteExactInputSingleParams {
    address tokenIn;
    address tokenOut;
    uint256 amountIn;
    uint24 fee;
    uint160 sqrtPriceLimitX96;
  }

  function quoteExactInputSingle(
    QuoteExactInputSingleParams memory params
  ) external returns (uint256 amountOut, uint160 sqrtPriceX96After, uint32 initializedTicksCrossed, uint256 gasEstimate);
}

/// Read-only batch views over the real Pool, so the simulation can mirror many accounts with
/// one eth_call. Every number comes straight from the Pool and token contracts.
contract DevnetLens {
  /// Per user: configuration bitmap, e-mode, then per asset (only those whose bit is set in the
  /// account's mask; the simulator knows which assets an account can hold, others are 0): scaled
  /// aToken balance, scaled variable debt, stable debt now (balanceOf, interest included), stable
  /// debt principal (as of the account's last stable update), wallet balance of the underlying.
  /// Width = 2 + 5 * assets.length.
  function usersMasked(
    address pool,
    address[] calldata assets,
    address[] calldata aTokens,
    address[] calldata debtTokens,
    address[] calldata stableDebtTokens,
    address[] calldata accounts,
    uint256[] calldata masks
  ) external view returns (uint256[] memory out) {
    uint256 n = assets.length;
    uint256 w = 2 + 5 * n;
    out = new uint256[](accounts.length * w);
    for (uint256 u = 0; u < accounts.length; u++) {
      address a = accounts[u];
      uint256 base = u * w;
      out[base] = IPoolView(pool).getUserConfiguration(a);
      out[base + 1] = IPoolView(pool).getUserEMode(a);
      uint256 config = out[base];
      for (uint256 i = 0; i < n; i++) {
        if ((masks[u] >> i) & 1 == 0) continue;
        uint256 b = base + 2 + 5 * i;
        out[b] = IBalance(aTokens[i]).scaledBalanceOf(a);
        // Debt is non-zero only where the borrowing bit (2i) is set: skip the calls otherwise.
        if ((config >> (2 * i)) & 1 == 1) {
          out[b + 1] = IBalance(debtTokens[i]).scaledBalanceOf(a);
          out[b + 2] = IBalance(stableDebtTokens[i]).balanceOf(a);
          out[b + 3] = IBalance(stableDebtTokens[i]).principalBalanceOf(a);
        }
        out[b + 4] = IBalance(assets[i]).balanceOf(a);
      }
    }
  }

  /// Per user: Pool.getUserAccountData's six values.
  function accountData(address pool, address[] calldata accounts) external view returns (uint256[] memory out) {
    out = new uint256[](accounts.length * 6);
    for (uint256 u = 0; u < accounts.length; u++) {
      (uint256 c, uint256 d, uint256 ab, uint256 lt, uint256 ltv, uint256 hf) = IPoolView(pool).getUserAccountData(
        accounts[u]
      );
      uint256 b = u * 6;
      out[b] = c;
      out[b + 1] = d;
      out[b + 2] = ab;
      out[b + 3] = lt;
      out[b + 4] = ltv;
      out[b + 5] = hf;
    }
  }

  /// Per asset: normalized income, normalized variable debt, available liquidity (underlying
  /// held by the aToken), isolation-mode total debt (read only where `isolated[i]`, as it needs
  /// the whole ReserveData struct).
  function reserves(
    address pool,
    address[] calldata assets,
    address[] calldata aTokens,
    bool[] calldata isolated
  ) external view returns (uint256[] memory out) {
    out = new uint256[](assets.length * 4);
    for (uint256 i = 0; i < assets.length; i++) {
      uint256 b = i * 4;
      out[b] = IPoolView(pool).getReserveNormalizedIncome(assets[i]);
      out[b + 1] = IPoolView(pool).getReserveNormalizedVariableDebt(assets[i]);
      out[b + 2] = IBalance(assets[i]).balanceOf(aTokens[i]);
      if (!isolated[i]) continue;
      (bool ok, bytes memory r) = pool.staticcall(abi.encodeWithSignature('getReserveData(address)', assets[i]));
      require(ok && r.length >= 15 * 32, 'getReserveData failed');
      uint256 isoDebt;
      // ReserveData (v3.0): isolationModeTotalDebt is the 15th word.
      assembly ("memory-safe") {
        isoDebt := mload(add(r, add(32, mul(14, 32))))
      }
      out[b + 3] = isoDebt;
    }
  }

  /// QuoterV2.quoteExactInputSingle (no price limit) for each amount, in one call; a sale the
  /// quoter refuses (it would run through the pool's whole price range) is type(uint256).max.
  function quotes(
    address quoter,
    address tokenIn,
    address tokenOut,
    uint24 fee,
    uint256[] calldata amounts
  ) external returns (uint256[] memory out) {
    out = new uint256[](amounts.length);
    for (uint256 i = 0; i < amounts.length; i++) {
      try
        IQuoterV2(quoter).quoteExactInputSingle(
          IQuoterV2.QuoteExactInputSingleParams(tokenIn, tokenOut, amounts[i], fee, 0)
        )
      returns (uint256 amountOut, uint160, uint32, uint256) {
        out[i] = amountOut;
      } catch {
        out[i] = type(uint256).max;
      }
    }
  }
}
