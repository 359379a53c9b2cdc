// RiskParameterChange records (immutable). One record per parameter per event; id = tx hash ++
// log index ++ UTF-8 parameter name.
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
  let r = new RiskParameterChange(eventId(event).concat(Bytes.fromUTF8(parameter)));
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
