// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

interface IERC20Min {
  function balanceOf(address) external view returns (uint256);
  function approve(address, uint256) external returns (bool);
}

interface IPoolLiquidation {
  function liquidationCall(
    address collateralAsset,
    address debtAsset,
    address user,
    uint256 debtToCover,
    bool receiveAToken
  ) external;
}

/// Uniswap V3 SwapRouter's exactInputSingle (periphery ISwapRouter, as documented).
interface ISwapRouterSingle {
  struct ExactInputSingleParams {
    address tokenIn;
    address tokenOut;
    uint24 fee;
    address recipient;
    uint256 deadline;
    uint256 amountIn;
    uint256 amountOutMinimum;
    uint160 sqrtPriceLimitX96;
  }

  function exactInputSingle(ExactInputSingleParams calldata params) external payable returns (uint256 amountOut);
}

/// A liquidation bot's executor: it holds the bot's own funds (no flash loan), repays debt
/// through Pool.liquidationCall (receiveAToken = false), sells all the collateral it received on
/// one Uniswap V3 pool, and reverts unless the sale brought back at least what was repaid.
contract DevnetLiquidator {
  address public immutable owner;
  address public immutable pool;
  address public immutable router;

  event Liquidated(
    address indexed user,
    address indexed collateral,
    address indexed debt,
    uint24 fee,
    uint256 debtRepaid,
    uint256 collateralSold,
    uint256 proceeds
  );

  /// Approves the Pool (debt repayment) and the router (collateral sales) for every token.
  constructor(address pool_, address router_, address[] memory tokens) {
    owner = msg.sender;
    pool = pool_;
    router = router_;
    for (uint256 i = 0; i < tokens.length; i++) {
      IERC20Min(tokens[i]).approve(pool_, type(uint256).max);
      IERC20Min(tokens[i]).approve(router_, type(uint256).max);
    }
  }

  function liquidate(
    address collateral,
    address debt,
    address user,
    uint256 debtToCover,
    uint24 fee
  ) external returns (uint256 debtRepaid, uint256 collateralSold, uint256 proceeds) {
    require(msg.sender == owner, 'not the owner');
    require(collateral != debt, 'collateral is the debt asset');
    uint256 debtBefore = IERC20Min(debt).balanceOf(address(this));
    uint256 collateralBefore = IERC20Min(collateral).balanceOf(address(this));
    IPoolLiquidation(pool).liquidationCall(collateral, debt, user, debtToCover, false);
    debtRepaid = debtBefore - IERC20Min(debt).balanceOf(address(this));
    collateralSold = IERC20Min(collateral).balanceOf(address(this)) - collateralBefore;
    proceeds = ISwapRouterSingle(router).exactInputSingle(
      ISwapRouterSingle.ExactInputSingleParams({
        tokenIn: collateral,
        tokenOut: debt,
        fee: fee,
        recipient: address(this),
        deadline: block.timestamp,
        amountIn: collateralSold,
        amountOutMinimum: 0,
        sqrtPriceLimitX96: 0
      })
    );
    require(proceeds >= debtRepaid, 'sale below the debt repaid');
    emit Liquidated(user, collateral, debt, fee, debtRepaid, collateralSold, proceeds);
  }
}
