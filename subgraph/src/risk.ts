// RiskParameterChange records (immutable). One record per parameter per event; id = tx hash ++
// log index ++ UTF-8 parameter name (++ idSuffix, e.g. the asset, when one event changes the same
// parameter of several assets, as a new AaveOracle re-sourcing every market does).
import { Bytes, ethereum } from '@graphprotocol/graph-ts';
import { RiskParameterChange } from '../generated/schema';
import { eventId } from './entities';

export function recordChange(
  event: ethereum.Event,
  market: Bytes | null,
  eModeCategory: string | null,
  parameter: string,
  oldValue: string | null,
  newValue: string,
): void {
  write(eventId(event).concat(Bytes.fromUTF8(parameter)), event, market, eModeCategory, parameter, oldValue, newValue);
}

/** recordChange with an id suffix (e.g. the asset) for events that change one parameter of many assets. */
export function recordChangeFor(
  event: ethereum.Event,
  market: Bytes | null,
  eModeCategory: string | null,
  parameter: string,
  oldValue: string | null,
  newValue: string,
  idSuffix: Bytes,
): void {
  write(eventId(event).concat(Bytes.fromUTF8(parameter)).concat(idSuffix), event, market, eModeCategory, parameter, oldValue, newValue);
}

function write(
  id: Bytes,
  event: ethereum.Event,
  market: Bytes | null,
  eModeCategory: string | null,
  parameter: string,
  oldValue: string | null,
  newValue: string,
): void {
  let r = new RiskParameterChange(id);
  r.market = market;
  r.eModeCategory = eModeCategory;
  r.parameter = parameter;
  r.oldValue = oldValue;
  r.newValue = newValue;
  r.blockNumber = event.block.number;
  r.timestamp = event.block.timestamp;
  r.txHash = event.transaction.hash;
  r.logIndex = event.logIndex.toI32();
  r.save();
}

export function boolStr(b: boolean): string {
  return b ? 'true' : 'false';
}
