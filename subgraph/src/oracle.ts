// AaveOracle: price sources (AssetSourceUpdated), base currency, fallback oracle.
import { dataSource } from '@graphprotocol/graph-ts';
import {
  AssetSourceUpdated,
  BaseCurrencySet,
  FallbackOracleUpdated,
} from '../generated/templates/AaveOracle/AaveOracle';
import { KIND_UNDERLYING } from './constants';
import { contextProtocol, getOrCreateToken, saveProtocol } from './entities';
import { trackPriceSource } from './prices';
import { recordChange } from './risk';

export function handleAssetSourceUpdated(event: AssetSourceUpdated): void {
  let protocol = contextProtocol(event);
  // an oracle that has been replaced keeps emitting; only the current one prices the market
  if (protocol.oracle === null || protocol.oracle!.notEqual(dataSource.address())) return;
  let token = getOrCreateToken(event.params.asset, KIND_UNDERLYING);
  trackPriceSource(token, event.params.source, protocol, event);
  saveProtocol(protocol, event);
}

export function handleBaseCurrencySet(event: BaseCurrencySet): void {
  let protocol = contextProtocol(event);
  if (protocol.oracle === null || protocol.oracle!.notEqual(dataSource.address())) return;
  if (!event.params.baseCurrencyUnit.isZero()) {
    recordChange(
      event,
      null,
      null,
      'baseCurrencyUnit',
      protocol.baseCurrencyUnit.toString(),
      event.params.baseCurrencyUnit.toString(),
    );
    protocol.baseCurrencyUnit = event.params.baseCurrencyUnit;
  }
  saveProtocol(protocol, event);
}

export function handleFallbackOracleUpdated(event: FallbackOracleUpdated): void {
  recordChange(
    event,
    null,
    null,
    'fallbackOracle',
    null,
    event.params.fallbackOracle.toHexString(),
  );
}
