// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

interface IMintable {
  function mint(address account, uint256 value) external returns (bool);
}

/// Funds many simulated accounts in one transaction (the test tokens' `mint` is public).
contract DevnetFaucet {
  function mintMany(address[] calldata tokens, address[] calldata to, uint256[] calldata amounts) external {
    require(tokens.length == to.length && to.length == amounts.length, 'length mismatch');
    for (uint256 i = 0; i < to.length; i++) {
      IMintable(tokens[i]).mint(to[i], amounts[i]);
    }
  }
}
