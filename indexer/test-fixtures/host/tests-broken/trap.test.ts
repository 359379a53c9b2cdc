import { test, assert, newMockEvent } from 'matchstick-as/assembly/index';
import { handleTrap, handleBadEntity } from '../src/mapping';
import { Transfer } from '../generated/ERC20';
import { Account } from '../src/entities';
import { BigInt } from '@graphprotocol/graph-ts';

test('handler that traps fails the test', () => {
  handleTrap(changetype<Transfer>(newMockEvent()));
});

test('missing required field fails the test', () => {
  handleBadEntity(changetype<Transfer>(newMockEvent()));
});

test('still runs after a trap', () => {
  assert.i32Equals(2, 1 + 1);
});

test('failing fieldEquals shows expected and actual', () => {
  let a = new Account('acc');
  a.balance = BigInt.fromI32(7);
  a.transferCount = 1;
  a.save();
  assert.fieldEquals('Account', 'acc', 'balance', '8');
});
