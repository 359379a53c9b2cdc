import {
  describe,
  test,
  beforeAll,
  afterAll,
  beforeEach,
  afterEach,
  clearStore,
  clearInBlockStore,
  mockInBlockStore,
  assert,
  newMockEvent,
  createMockedFunction,
  dataSourceMock,
  countEntities,
  logStore,
  logEntity,
  logDataSources,
  mockIpfsFile,
  readFile,
} from 'matchstick-as/assembly/index';
import {
  Address,
  BigInt,
  BigDecimal,
  Bytes,
  ethereum,
  ipfs,
  json,
  DataSourceContext,
  store,
} from '@graphprotocol/graph-ts';
import { handleTransfer, handleNewToken, handleRemove } from '../src/mapping';
import { Transfer } from '../generated/ERC20';
import { Account, Token } from '../src/entities';

const TOKEN = Address.fromString('0xa16081f360e3847006db660bae1c6d1b2e17ec2a');
const ALICE = Address.fromString('0x00000000000000000000000000000000000000a1');
const BOB = Address.fromString('0x00000000000000000000000000000000000000b0');

function createTransfer(from: Address, to: Address, value: BigInt): Transfer {
  let e = changetype<Transfer>(newMockEvent());
  e.address = TOKEN;
  e.parameters = new Array();
  e.parameters.push(new ethereum.EventParam('from', ethereum.Value.fromAddress(from)));
  e.parameters.push(new ethereum.EventParam('to', ethereum.Value.fromAddress(to)));
  e.parameters.push(new ethereum.EventParam('value', ethereum.Value.fromUnsignedBigInt(value)));
  return e;
}

let hookLog: string[] = [];

beforeAll(() => {
  createMockedFunction(TOKEN, 'symbol', 'symbol():(string)').returns([
    ethereum.Value.fromString('TKN'),
  ]);
  createMockedFunction(TOKEN, 'decimals', 'decimals():(uint8)').reverts();
  hookLog.push('beforeAll');
});

describe('handleTransfer', () => {
  beforeEach(() => {
    hookLog.push('beforeEach');
  });
  afterEach(() => {
    clearStore();
  });

  test('mint creates token, transfer and accounts', () => {
    handleTransfer(createTransfer(Address.zero(), ALICE, BigInt.fromString('2500000000000000000')));
    // decimals() reverted → default 18
    assert.fieldEquals('Token', TOKEN.toHexString(), 'symbol', 'TKN');
    assert.fieldEquals('Token', TOKEN.toHexString(), 'decimals', '18');
    assert.fieldEquals('Token', TOKEN.toHexString(), 'totalSupply', '2500000000000000000');
    assert.fieldEquals('Account', ALICE.toHexString(), 'balance', '2500000000000000000');
    assert.fieldEquals('Account', Address.zero().toHexString(), 'balance', '-2500000000000000000');
    assert.entityCount('Transfer', 1);
    assert.entityCount('Account', 2);
    // 2.5e18 / 1e18 = 2.5 computed independently
    let t = Token.load(TOKEN)!;
    assert.i32Equals(1, t.transfers.length);
    assert.stringEquals('2.5', t.transfers[0].valueDecimal.toString());
  });

  test('store is cleared by afterEach', () => {
    assert.entityCount('Token', 0);
    assert.notInStore('Token', TOKEN.toHexString());
    assert.i32Equals(2, hookLog.length - 1); // two beforeEach so far
  });

  test(
    'critical log fails the handler',
    () => {
      handleTransfer(
        createTransfer(
          ALICE,
          Address.fromString('0x000000000000000000000000000000000000dead'),
          BigInt.fromI32(1),
        ),
      );
    },
    true,
  );

  test(
    'a failing assertion is reported',
    () => {
      assert.fieldEquals('Token', TOKEN.toHexString(), 'symbol', 'NOPE');
    },
    true,
  );
});

describe('graph-ts host semantics', () => {
  test("BigInt division truncates, remainder takes the dividend's sign", () => {
    assert.bigIntEquals(BigInt.fromI32(-3), BigInt.fromI32(-7).div(BigInt.fromI32(2)));
    assert.bigIntEquals(BigInt.fromI32(-1), BigInt.fromI32(-7).mod(BigInt.fromI32(2)));
    assert.bigIntEquals(
      BigInt.fromString('1267650600228229401496703205376'),
      BigInt.fromI32(2).pow(100),
    );
  });
  test('BigDecimal division rounds to 34 significant digits', () => {
    let third = BigDecimal.fromString('1').div(BigDecimal.fromString('3'));
    assert.stringEquals('0.3333333333333333333333333333333333', third.toString());
    let twoThirds = BigDecimal.fromString('2').div(BigDecimal.fromString('3'));
    assert.stringEquals('0.6666666666666666666666666666666667', twoThirds.toString());
    assert.stringEquals('100000000000000000000', BigDecimal.fromString('1e20').toString());
  });
  test('bytes and hex conversions', () => {
    assert.stringEquals('0x0', BigInt.zero().toHexString());
    assert.stringEquals('0xff', BigInt.fromI32(255).toHexString());
    assert.stringEquals('abc', Bytes.fromHexString('0x61626300').toString());
    assert.addressEquals(ALICE, Address.fromString('0x00000000000000000000000000000000000000A1'));
  });
  test('json numbers stay strings', () => {
    let v = json.fromString('{"b": 12345678901234567890123, "a": [1.50, true, null]}');
    let obj = v.toObject();
    assert.stringEquals('12345678901234567890123', obj.get('b')!.toBigInt().toString());
    let arr = obj.get('a')!.toArray();
    assert.i32Equals(3, arr.length);
    assert.booleanEquals(true, arr[1].toBool());
    assert.assertTrue(arr[2].isNull());
    assert.assertNull(obj.get('missing'));
  });
  test('ethereum encode/decode round trip', () => {
    let tuple = new ethereum.Tuple();
    tuple.push(ethereum.Value.fromAddress(BOB));
    tuple.push(ethereum.Value.fromUnsignedBigInt(BigInt.fromI32(42)));
    let encoded = ethereum.encode(ethereum.Value.fromTuple(tuple))!;
    assert.i32Equals(64, encoded.length);
    let decoded = ethereum.decode('(address,uint256)', encoded)!.toTuple();
    assert.addressEquals(BOB, decoded[0].toAddress());
    assert.bigIntEquals(BigInt.fromI32(42), decoded[1].toBigInt());
  });
});

describe('data sources', () => {
  test('dataSourceMock and template creation', () => {
    let ctx = new DataSourceContext();
    ctx.setString('k', 'v');
    dataSourceMock.setReturnValues(TOKEN.toHexString(), 'sepolia', ctx);
    handleNewToken(createTransfer(ALICE, BOB, BigInt.fromI32(1)));
    assert.dataSourceCount('TokenTemplate', 1);
    assert.dataSourceExists('TokenTemplate', BOB.toHexString());
    dataSourceMock.resetValues();
  });
  test('store.remove', () => {
    let a = new Account(ALICE.toHexString());
    a.balance = BigInt.fromI32(5);
    a.transferCount = 1;
    a.save();
    assert.i32Equals(1, countEntities('Account'));
    handleRemove(createTransfer(ALICE, BOB, BigInt.fromI32(1)));
    assert.notInStore('Account', ALICE.toHexString());
  });
  test('ipfs.cat reads a mocked file', () => {
    mockIpfsFile('QmTest', 'tests/ipfs/data.json');
    let data = ipfs.cat('QmTest')!;
    assert.bytesEquals(readFile('tests/ipfs/data.json'), data);
  });
});

afterAll(() => {
  clearStore();
});

// matchstick collects describe() bodies in a cloned instance: their side effects stay there
let bodyFlag = 0;
describe('describe isolation', () => {
  bodyFlag = 1;
  describe('nested', () => {
    test('describe bodies ran in another instance', () => {
      assert.i32Equals(0, bodyFlag);
    });
  });
});

describe('store helpers', () => {
  test('mockInBlockStore feeds store.get_in_block only; clearInBlockStore empties it', () => {
    let a = new Account('in-block');
    a.balance = BigInt.fromI32(3);
    a.transferCount = 1;
    mockInBlockStore('Account', 'in-block', a);
    assert.assertNotNull(store.get_in_block('Account', 'in-block'));
    assert.assertNull(store.get('Account', 'in-block'));
    clearInBlockStore();
    assert.assertNull(store.get_in_block('Account', 'in-block'));
  });
  test('logStore, logEntity and logDataSources print the store', () => {
    let a = new Account('logged');
    a.balance = BigInt.fromI32(42);
    a.transferCount = 2;
    a.save();
    logStore();
    logEntity('Account', 'logged', false);
    logDataSources('TokenTemplate');
    clearStore();
  });
});

// matchstick's assert_equals (src/context/mod.rs) maps each ethereum.Value to a store Value
// (conversion.rs get_token_value: address and bytes → Bytes, int and uint → BigInt, arrays and
// tuples → List) and compares those: by value, element by element, strings exactly.
describe('assert.equals compares values', () => {
  test('arrays of separately built values are equal', () => {
    assert.arrayEquals(
      [ethereum.Value.fromI32(1), ethereum.Value.fromString('a'), ethereum.Value.fromAddress(BOB)],
      [ethereum.Value.fromI32(1), ethereum.Value.fromString('a'), ethereum.Value.fromAddress(BOB)],
    );
    let inner = [ethereum.Value.fromBoolean(true)];
    assert.arrayEquals(
      [ethereum.Value.fromArray(inner)],
      [ethereum.Value.fromArray([ethereum.Value.fromBoolean(true)])],
    );
  });
  test('an array and a tuple of the same values are equal (both a List)', () => {
    let tuple = new ethereum.Tuple();
    tuple.push(ethereum.Value.fromI32(7));
    assert.equals(
      ethereum.Value.fromArray([ethereum.Value.fromI32(7)]),
      ethereum.Value.fromTuple(tuple),
    );
  });
  test(
    'arrays differing in one element are not equal',
    () => {
      assert.arrayEquals(
        [ethereum.Value.fromI32(1), ethereum.Value.fromI32(2)],
        [ethereum.Value.fromI32(1), ethereum.Value.fromI32(3)],
      );
    },
    true,
  );
  test(
    'strings compare exactly, case included',
    () => {
      assert.stringEquals('Aave', 'aave');
    },
    true,
  );
});
