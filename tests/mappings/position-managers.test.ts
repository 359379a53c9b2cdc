// Aave 3.4+ position managers: one row per account and manager with its current state; an
// approval after a revocation is counted again and clears the revocation.
import { Address } from '@graphprotocol/graph-ts';
import { assert, beforeEach, clearStore, describe, test } from 'matchstick-as/assembly/index';

import * as P from '../../subgraph/generated/templates/Pool/Pool';
import {
  handlePositionManagerApproved,
  handlePositionManagerRevoked,
} from '../../subgraph/src/position-managers';
import { POOL, USER1, asPool, mockEvent, pAddr, setupMarkets } from './helpers';

const MANAGER = Address.fromString('0x000000000000000000000000000000000000beef');
const ROW = USER1.concat(MANAGER).toHexString();

function managerEvent(block: i32): P.PositionManagerApproved {
  asPool();
  let e = mockEvent(POOL, block, block * 100);
  pAddr(e, 'user', USER1);
  pAddr(e, 'positionManager', MANAGER);
  return changetype<P.PositionManagerApproved>(e);
}

describe('PositionManagerApproved / PositionManagerRevoked (3.4+)', () => {
  beforeEach(() => {
    clearStore();
    setupMarkets();
  });

  test('approve, revoke, approve again', () => {
    handlePositionManagerApproved(managerEvent(40));
    assert.fieldEquals('PositionManagerApproval', ROW, 'account', USER1.toHexString());
    assert.fieldEquals('PositionManagerApproval', ROW, 'positionManager', MANAGER.toHexString());
    assert.fieldEquals('PositionManagerApproval', ROW, 'active', 'true');
    assert.fieldEquals('PositionManagerApproval', ROW, 'approvals', '1');
    assert.fieldEquals('PositionManagerApproval', ROW, 'approvedAtBlock', '40');
    assert.entityCount('Account', 1);

    handlePositionManagerRevoked(changetype<P.PositionManagerRevoked>(managerEvent(41)));
    assert.fieldEquals('PositionManagerApproval', ROW, 'active', 'false');
    assert.fieldEquals('PositionManagerApproval', ROW, 'revokedAtBlock', '41');
    assert.fieldEquals('PositionManagerApproval', ROW, 'revokedAtTimestamp', '4100');

    handlePositionManagerApproved(managerEvent(45));
    assert.fieldEquals('PositionManagerApproval', ROW, 'active', 'true');
    assert.fieldEquals('PositionManagerApproval', ROW, 'approvals', '2');
    assert.fieldEquals('PositionManagerApproval', ROW, 'approvedAtBlock', '45');
    assert.notInStore('PositionManagerApproval', USER1.toHexString());
    assert.entityCount('PositionManagerApproval', 1);
  });

  test('a revocation of an approval before the start block writes nothing', () => {
    handlePositionManagerRevoked(changetype<P.PositionManagerRevoked>(managerEvent(41)));
    assert.entityCount('PositionManagerApproval', 0);
  });
});
