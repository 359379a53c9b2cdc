// AToken BalanceTransfer: the scaled amount moves between the two positions and becomes an
// SupplyTransfer row of both accounts' history. Expected values are worked out by hand with
// WadRayMath's half-up rules (rayMul(a, b) = (a·b + 0.5e27) / 1e27, rayDiv(a, b) = (a·1e27 + b/2) / b).
import { Address, BigInt } from '@graphprotocol/graph-ts';
import { assert, beforeEach, clearStore, describe, test } from 'matchstick-as/assembly/index';
import { BalanceTransfer, Mint as AMint } from '../../subgraph/generated/templates/AToken/AToken';
import { handleATokenBalanceTransfer, handleATokenMint } from '../../subgraph/src/tokens';
import {
  A_USDC,
  PAP,
  POOL,
  RAY,
  USDC,
  USER1,
  USER2,
  asToken,
  bi,
  mockEvent,
  pAddr,
  pUint,
  positionId,
  scaledEvent,
  setIndexes,
  setupMarkets,
} from './helpers';

const U = USDC.toHexString();
const P1 = positionId(USER1, USDC);
const P2 = positionId(USER2, USDC);
const I1 = bi('1050000000000000000000000000'); // liquidity index 1.05
const I4 = bi('1300000000000000000000000000'); // liquidity index 1.30

function transfer(
  from: Address,
  to: Address,
  value: string,
  index: BigInt,
  block: i32,
): BalanceTransfer {
  let e = mockEvent(A_USDC, block, block * 100);
  pAddr(e, 'from', from);
  pAddr(e, 'to', to);
  pUint(e, 'value', bi(value));
  pUint(e, 'index', index);
  return changetype<BalanceTransfer>(e);
}

/** supply 1000 USDC at index 1.05: Mint(value 1e9, balanceIncrease 0) → 952380952 scaled. */
function firstSupply(): void {
  setIndexes(USDC, I1, RAY, 30, 3000);
  asToken(A_USDC, USDC);
  handleATokenMint(
    changetype<AMint>(scaledEvent(A_USDC, POOL, USER1, bi('1000000000'), bi('0'), I1, 30)),
  );
}

describe('AToken BalanceTransfer', () => {
  beforeEach(() => {
    clearStore();
  });

  test('3.0.1+: value is the scaled amount', () => {
    setupMarkets();
    firstSupply();
    asToken(A_USDC, USDC);
    let t = transfer(USER1, USER2, '100000000', I4, 35);
    handleATokenBalanceTransfer(t);
    assert.fieldEquals('Position', P1, 'scaledATokenBalance', '852380952'); // 952380952 - 100000000
    assert.fieldEquals('Position', P2, 'scaledATokenBalance', '100000000');
    assert.fieldEquals('Market', U, 'scaledATokenSupply', '952380952');
    assert.fieldEquals('Account', USER2.toHexString(), 'positionCount', '1');
    assert.fieldEquals('Protocol', PAP.toHexString(), 'accountCount', '2');
    // the history row: 1e8 scaled at index 1.3 = 130 USDC, at $1
    let id = t.transaction.hash.concatI32(t.logIndex.toI32()).toHexString();
    assert.fieldEquals('SupplyTransfer', id, 'from', USER1.toHexString());
    assert.fieldEquals('SupplyTransfer', id, 'to', USER2.toHexString());
    assert.fieldEquals('SupplyTransfer', id, 'market', U);
    assert.fieldEquals('SupplyTransfer', id, 'scaledAmount', '100000000');
    assert.fieldEquals('SupplyTransfer', id, 'amount', '130000000');
    assert.fieldEquals('SupplyTransfer', id, 'amountUSD', '130');
    assert.fieldEquals('SupplyTransfer', id, 'blockNumber', '35');
    // a self-transfer changes nothing and is not history
    handleATokenBalanceTransfer(transfer(USER2, USER2, '5', I4, 36));
    assert.fieldEquals('Position', P2, 'scaledATokenBalance', '100000000');
    assert.entityCount('SupplyTransfer', 1);
  });

  test('3.0.0 (arbitrum-one before the aToken upgrade): value is the underlying amount', () => {
    setupMarkets('arbitrum-one');
    firstSupply();
    asToken(A_USDC, USDC);
    // scaled = rayDiv(123456789, 1.3e27) = 94966760.77 -> 94966761
    let t = transfer(USER1, USER2, '123456789', I4, 35);
    handleATokenBalanceTransfer(t);
    assert.fieldEquals('Position', P2, 'scaledATokenBalance', '94966761');
    // rayMul(94966761, 1.3e27) = 123456789.3 -> 123456789 (the sender's amount)
    let id = t.transaction.hash.concatI32(t.logIndex.toI32()).toHexString();
    assert.fieldEquals('SupplyTransfer', id, 'scaledAmount', '94966761');
    assert.fieldEquals('SupplyTransfer', id, 'amount', '123456789');
    assert.fieldEquals('Position', P1, 'scaledATokenBalance', '857414191'); // 952380952 - 94966761
    assert.fieldEquals('Market', U, 'scaledATokenSupply', '952380952');
  });
});
