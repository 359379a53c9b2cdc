// PriceFeed (aggregator behind an AaveOracle source): AnswerUpdated -> one AaveOracle.getAssetPrice
// eth_call per token that currently uses this aggregator.
import { dataSource } from '@graphprotocol/graph-ts';
import { AnswerUpdated } from '../generated/templates/PriceFeed/ChainlinkAggregator';
import { PriceFeed, Token } from '../generated/schema';
import { TRIGGER_FEED_UPDATE } from './constants';
import { contextProtocol, saveProtocol } from './entities';
import { refreshTokenPrice } from './prices';

export function handleAnswerUpdated(event: AnswerUpdated): void {
  let feed = PriceFeed.load(dataSource.address());
  if (feed === null) return;
  let protocol = contextProtocol(event);
  feed.lastAnswer = event.params.current;
  feed.lastUpdateBlock = event.block.number;
  feed.lastUpdateTimestamp = event.block.timestamp;
  feed.save();
  let tokens = feed.tokens;
  for (let i = 0; i < tokens.length; i++) {
    let token = Token.load(tokens[i]);
    if (token === null || token.priceAggregator === null) continue;
    if (token.priceAggregator!.notEqual(feed.id)) continue;
    refreshTokenPrice(token, protocol, event, TRIGGER_FEED_UPDATE);
  }
  saveProtocol(protocol, event);
}
