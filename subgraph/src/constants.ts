import { Address, BigDecimal, BigInt, Bytes } from '@graphprotocol/graph-ts';

export const ZERO_ADDRESS = Address.fromString('0x0000000000000000000000000000000000000000');
export const BI_ZERO = BigInt.zero();
export const BI_ONE = BigInt.fromI32(1);
export const BD_ZERO = BigDecimal.zero();
export const DEFAULT_BASE_CURRENCY_UNIT = BigInt.fromI32(100000000); // 1e8, USD markets

// PoolAddressesProvider ids (bytes32 of the ASCII name, right-padded with zeros)
export const ID_POOL = Bytes.fromHexString(
  '0x504f4f4c00000000000000000000000000000000000000000000000000000000',
);
export const ID_POOL_CONFIGURATOR = Bytes.fromHexString(
  '0x504f4f4c5f434f4e464947555241544f52000000000000000000000000000000',
);
export const ID_PRICE_ORACLE = Bytes.fromHexString(
  '0x50524943455f4f5241434c450000000000000000000000000000000000000000',
);

export const KIND_UNDERLYING = 'UNDERLYING';
export const KIND_ATOKEN = 'ATOKEN';
export const KIND_VARIABLE_DEBT = 'VARIABLE_DEBT';
export const KIND_STABLE_DEBT = 'STABLE_DEBT';

export const TRIGGER_FEED_UPDATE = 'FEED_UPDATE';
export const TRIGGER_SOURCE_CHANGE = 'SOURCE_CHANGE';

// dataSource context keys
export const CTX_PROTOCOL = 'protocol';
export const CTX_UNDERLYING = 'underlying';

export const SECONDS_PER_HOUR = 3600;
export const SECONDS_PER_DAY = 86400;

/**
 * Graph networks whose Aave V3 market launched on 3.0.0, where the AToken's BalanceTransfer
 * emitted the unscaled amount until the aToken was upgraded to 3.0.1 (aave-v3-core PR #682).
 * Source: shared/facts/aave-v3-deployments.json `launch_info` (+ frozen fantom/harmony).
 */
export function launchedOn300(network: string): boolean {
  return (
    network == 'arbitrum-one' ||
    network == 'optimism' ||
    network == 'matic' ||
    network == 'avalanche' ||
    network == 'fantom' ||
    network == 'harmony'
  );
}
