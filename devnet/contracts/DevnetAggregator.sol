// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// Chainlink-style price aggregator for the devnet: every update starts a new round and emits
/// the same `AnswerUpdated` / `NewRound` events as Chainlink's aggregators, so indexers that
/// listen to feeds on mainnet work unchanged here.
contract DevnetAggregator {
  event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);
  event NewRound(uint256 indexed roundId, address indexed startedBy, uint256 startedAt);

  struct Round {
    int256 answer;
    uint64 startedAt;
    uint64 updatedAt;
  }

  uint8 public immutable decimals;
  string public description;
  uint256 public constant version = 4;
  address public transmitter;
  uint80 internal _latestRound;
  mapping(uint256 => Round) internal _rounds;

  constructor(uint8 decimals_, string memory description_, address transmitter_, int256 initialAnswer) {
    decimals = decimals_;
    description = description_;
    transmitter = transmitter_;
    _update(initialAnswer);
  }

  /// Publishes a new answer (the devnet's oracle account only).
  function transmit(int256 answer) external {
    require(msg.sender == transmitter, 'not transmitter');
    _update(answer);
  }

  function _update(int256 answer) internal {
    require(answer > 0, 'answer must be positive');
    uint80 roundId = _latestRound + 1;
    _latestRound = roundId;
    _rounds[roundId] = Round(answer, uint64(block.timestamp), uint64(block.timestamp));
    emit NewRound(roundId, msg.sender, block.timestamp);
    emit AnswerUpdated(answer, roundId, block.timestamp);
  }

  function latestAnswer() external view returns (int256) {
    return _rounds[_latestRound].answer;
  }

  function latestTimestamp() external view returns (uint256) {
    return _rounds[_latestRound].updatedAt;
  }

  function latestRound() external view returns (uint256) {
    return _latestRound;
  }

  function getAnswer(uint256 roundId) external view returns (int256) {
    return _rounds[roundId].answer;
  }

  function getTimestamp(uint256 roundId) external view returns (uint256) {
    return _rounds[roundId].updatedAt;
  }

  function getRoundData(uint80 roundId)
    public
    view
    returns (uint80, int256, uint256, uint256, uint80)
  {
    Round memory r = _rounds[roundId];
    require(r.updatedAt > 0, 'no data present');
    return (roundId, r.answer, r.startedAt, r.updatedAt, roundId);
  }

  function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
    return getRoundData(_latestRound);
  }
}
