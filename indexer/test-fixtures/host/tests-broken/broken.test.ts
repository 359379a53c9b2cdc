import { test, assert } from 'matchstick-as/assembly/index';
import { BigInt } from '@graphprotocol/graph-ts';

test('does not compile', () => {
  let x: BigInt = 'not a bigint';
  assert.i32Equals(1, x);
});
