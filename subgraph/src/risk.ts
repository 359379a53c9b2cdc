// RiskParameterChange records (immutable). One record per parameter per event; id = tx hash ++
// log index ++ UTF-8 parameter name (++ idSuffix, e.g. the asset, when one event changes the same
// parameter of several assets, as a new AaveOracle re-sourcing every market does). The
// setMarket* helpers change one Market field and record the change only when the value changes.
import { BigInt, Bytes, ethereum } from '@graphprotocol/graph-ts';
import { Market, RiskParameterChange } from '../generated/schema';
import { eventId } from './entities';

export function recordChange(
  event: ethereum.Event,
  market: Bytes | null,
  eModeCategory: string | null,
  parameter: string,
  oldValue: string | null,
  newValue: string,
): void {
  write(
    eventId(event).concat(Bytes.fromUTF8(parameter)),
    event,
    market,
    eModeCategory,
    parameter,
    oldValue,
    newValue,
  );
}

/** recordChange with an id suffix (the asset): one event changing a parameter of many assets. */
export function recordChangeFor(
  event: ethereum.Event,
  market: Bytes | null,
  eModeCategory: string | null,
  parameter: string,
  oldValue: string | null,
  newValue: string,
  idSuffix: Bytes,
): void {
  write(
    eventId(event).concat(Bytes.fromUTF8(parameter)).concat(idSuffix),
    event,
    market,
    eModeCategory,
    parameter,
    oldValue,
    newValue,
  );
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

/** Sets an Int field of the market and records the change, when the value changes. */
export function setMarketInt(
  event: ethereum.Event,
  market: Market,
  field: string,
  value: i32,
  parameter: string,
): void {
  let old = market.getI32(field);
  if (old == value) return;
  market.setI32(field, value);
  recordChange(event, market.id, null, parameter, old.toString(), value.toString());
}

/** Sets a Boolean field of the market and records the change, when the value changes. */
export function setMarketBool(
  event: ethereum.Event,
  market: Market,
  field: string,
  value: boolean,
  parameter: string,
): void {
  let old = market.getBoolean(field);
  if (old == value) return;
  market.setBoolean(field, value);
  recordChange(event, market.id, null, parameter, boolStr(old), boolStr(value));
}

/**
 * Sets a BigInt field of the market from an event that carries the old value; records the change
 * unless both the stored and the event's old value already equal the new one.
 */
export function setMarketBigInt(
  event: ethereum.Event,
  market: Market,
  field: string,
  oldValue: BigInt,
  value: BigInt,
  parameter: string,
): void {
  let stored = market.getBigInt(field);
  if (stored.equals(value) && oldValue.equals(value)) return;
  market.setBigInt(field, value);
  recordChange(event, market.id, null, parameter, oldValue.toString(), value.toString());
}
