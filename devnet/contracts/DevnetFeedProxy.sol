// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

interface IDevnetAggregator {
  function latestAnswer() external view returns (int256);
  function latestTimestamp() external view returns (uint256);
  function latestRound() external view returns (uint256);
  function getAnswer(uint256 roundId) external view returns (int256);
  function getTimestamp(uint256 roundId) external view returns (uint256);
  function decimals() external view returns (uint8);
  function description() external view returns (string memory);
  function version() external view returns (uint256);
  function getRoundData(uint80 roundId) external view returns (uint80, int256, uint256, uint256, uint80);
  function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80);
}

/// Mainnet-style price feed proxy (as Chainlink's EACAggregatorProxy): consumers such as
/// AaveOracle read the proxy; `aggregator()` names the contract that emits `AnswerUpdated`.
contract DevnetFeedProxy {
  event AggregatorConfirmed(address indexed previous, address indexed latest);

  address public owner;
  IDevnetAggregator internal _aggregator;

  constructor(address aggregator_) {
    owner = msg.sender;
    _aggregator = IDevnetAggregator(aggregator_);
    emit AggregatorConfirmed(address(0), aggregator_);
  }

  function aggregator() external view returns (address) {
    return address(_aggregator);
  }

  function confirmAggregator(address next) external {
    require(msg.sender == owner, 'only owner');
    emit AggregatorConfirmed(address(_aggregator), next);
    _aggregator = IDevnetAggregator(next);
  }

  function latestAnswer() external view returns (int256) {
    return _aggregator.latestAnswer();
  }

  function latestTimestamp() external view returns (uint256) {
    return _aggregator.latestTimestamp();
  }

  function latestRound() external view returns (uint256) {
    return _aggregator.latestRound();
  }

  function getAnswer(uint256 roundId) external view returns (int256) {
    return _aggregator.getAnswer(roundId);
  }

  function getTimestamp(uint256 roundId) external view returns (uint256) {
    return _aggregator.getTimestamp(roundId);
  }

  function decimals() external view returns (uint8) {
    return _aggregator.decimals();
  }

  function description() external view returns (string memory) {
    return _aggregator.description();
  }

  function version() external view returns (uint256) {
    return _aggregator.version();
  }

  function getRoundData(uint80 roundId) external view returns (uint80, int256, uint256, uint256, uint80) {
    return _aggregator.getRoundData(roundId);
  }

  function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
    return _aggregator.latestRoundData();
  }
}
