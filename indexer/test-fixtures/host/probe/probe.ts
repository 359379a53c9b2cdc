// Probe module for host unit tests: each export exercises one host function or one memory
// layout from the AssemblyScript side and reports what it saw as a string.
import {
  Address,
  BigDecimal,
  BigInt,
  Bytes,
  ByteArray,
  Entity,
  Value,
  ValueKind,
  ethereum,
  ipfs,
  json,
  JSONValue,
  JSONValueKind,
  yaml,
  YAMLValue,
  YAMLValueKind,
  store,
  crypto,
  log,
  typeConversion,
  dataSource,
} from '@graphprotocol/graph-ts';

function showValue(v: Value): string {
  switch (v.kind) {
    case ValueKind.STRING:
      return 'S:' + v.toString();
    case ValueKind.INT:
      return 'I:' + v.toI32().toString();
    case ValueKind.BIGDECIMAL:
      return 'D:' + v.toBigDecimal().toString();
    case ValueKind.BOOL:
      return 'B:' + (v.toBoolean() ? 'true' : 'false');
    case ValueKind.ARRAY: {
      let a = v.toArray();
      let parts = new Array<string>();
      for (let i = 0; i < a.length; i++) parts.push(showValue(a[i]));
      return 'A:[' + parts.join(',') + ']';
    }
    case ValueKind.NULL:
      return 'N';
    case ValueKind.BYTES:
      return 'X:' + v.toBytes().toHexString();
    case ValueKind.BIGINT:
      return 'G:' + v.toBigInt().toString();
    case ValueKind.INT8:
      return 'L:' + v.toI64().toString();
    case ValueKind.TIMESTAMP:
      return 'T:' + v.toTimestamp().toString();
  }
  return '?';
}

export function describeEntity(e: Entity): string {
  let parts = new Array<string>();
  for (let i = 0; i < e.entries.length; i++)
    parts.push(e.entries[i].key + '=' + showValue(e.entries[i].value));
  return parts.join(';');
}

export function makeEntity(): Entity {
  let e = new Entity();
  e.setString('s', 'héllo');
  e.setI32('i', -42);
  e.setBigDecimal('d', BigDecimal.fromString('-1.25'));
  e.setBoolean('b', true);
  e.set('a', Value.fromStringArray(['x', 'y']));
  e.set('n', Value.fromNull());
  e.setBytes('x', Bytes.fromHexString('0xdeadbeef'));
  e.setBigInt('g', BigInt.fromString('-123456789012345678901234567890'));
  e.set('l', Value.fromI64(-9007199254740993));
  e.set('t', Value.fromTimestamp(1700000000000000));
  e.set('empty', Value.fromStringArray([]));
  return e;
}

function showEth(v: ethereum.Value): string {
  switch (v.kind) {
    case ethereum.ValueKind.ADDRESS:
      return 'addr:' + v.toAddress().toHexString();
    case ethereum.ValueKind.FIXED_BYTES:
      return 'fb:' + v.toBytes().toHexString();
    case ethereum.ValueKind.BYTES:
      return 'b:' + v.toBytes().toHexString();
    case ethereum.ValueKind.INT:
      return 'int:' + v.toBigInt().toString();
    case ethereum.ValueKind.UINT:
      return 'uint:' + v.toBigInt().toString();
    case ethereum.ValueKind.BOOL:
      return 'bool:' + (v.toBoolean() ? 'true' : 'false');
    case ethereum.ValueKind.STRING:
      return 'str:' + v.toString();
  }
  let a =
    v.kind == ethereum.ValueKind.TUPLE
      ? changetype<Array<ethereum.Value>>(v.toTuple())
      : v.toArray();
  let parts = new Array<string>();
  for (let i = 0; i < a.length; i++) parts.push(showEth(a[i]));
  return (v.kind == ethereum.ValueKind.TUPLE ? 'tuple' : 'arr') + ':[' + parts.join(',') + ']';
}

export function describeEvent(e: ethereum.Event): string {
  let s =
    e.address.toHexString() + '|' + e.logIndex.toString() + '|' + e.transactionLogIndex.toString();
  let logType = 'null';
  if (e.logType != null) logType = e.logType!;
  s += '|' + logType;
  s +=
    '|blk:' +
    e.block.number.toString() +
    ',' +
    e.block.hash.toHexString() +
    ',' +
    e.block.timestamp.toString();
  let base = 'nobase';
  if (e.block.baseFeePerGas) base = e.block.baseFeePerGas!.toString();
  s += ',' + base;
  let to = 'noto';
  if (e.transaction.to) to = e.transaction.to!.toHexString();
  s +=
    '|tx:' +
    e.transaction.hash.toHexString() +
    ',' +
    e.transaction.from.toHexString() +
    ',' +
    to +
    ',' +
    e.transaction.value.toString();
  for (let i = 0; i < e.parameters.length; i++)
    s += '|' + e.parameters[i].name + '=' + showEth(e.parameters[i].value);
  if (e.receipt == null) s += '|noreceipt';
  else {
    let r = e.receipt!;
    s += '|rcpt:' + r.status.toString() + ',' + r.logs.length.toString();
    if (r.logs.length > 0)
      s += ',' + r.logs[0].topics.length.toString() + ',' + r.logs[0].data.toHexString();
  }
  return s;
}

export function describeBlock(b: ethereum.Block): string {
  let size = 'nosize';
  if (b.size) size = b.size!.toString();
  return b.number.toString() + '|' + b.author.toHexString() + '|' + size;
}

export function bigIntOp(op: string, a: string, b: string): string {
  let x = BigInt.fromString(a);
  let y = BigInt.fromString(b);
  if (op == 'plus') return x.plus(y).toString();
  if (op == 'minus') return x.minus(y).toString();
  if (op == 'times') return x.times(y).toString();
  if (op == 'div') return x.div(y).toString();
  if (op == 'mod') return x.mod(y).toString();
  if (op == 'pow') return x.pow(u8(y.toI32())).toString();
  if (op == 'or') return x.bitOr(y).toString();
  if (op == 'and') return x.bitAnd(y).toString();
  if (op == 'shl') return x.leftShift(u8(y.toI32())).toString();
  if (op == 'shr') return x.rightShift(u8(y.toI32())).toString();
  if (op == 'hex') return x.toHexString();
  if (op == 'divDecimal') return x.divDecimal(BigDecimal.fromString(b)).toString();
  return '?';
}

export function bigDecimalOp(op: string, a: string, b: string): string {
  let x = BigDecimal.fromString(a);
  let y = BigDecimal.fromString(b);
  if (op == 'plus') return x.plus(y).toString();
  if (op == 'minus') return x.minus(y).toString();
  if (op == 'times') return x.times(y).toString();
  if (op == 'div') return x.div(y).toString();
  if (op == 'equals') return x.equals(y) ? 'true' : 'false';
  return '?';
}

/** BigDecimal built in AS memory directly (digits, exp) — exercises the exponent check. */
export function bigDecimalRaw(digits: i32, exp: i32): string {
  let d = new BigDecimal(BigInt.fromI32(digits));
  d.exp = BigInt.fromI32(exp);
  return d.toString();
}

export function bytesToStringProbe(b: Bytes): string {
  return b.toString();
}

export function bytesHex(b: Bytes): string {
  return b.toHexString();
}

export function toAddress(s: string): string {
  return Address.fromString(s).toHexString();
}

export function keccak(b: Bytes): string {
  return Bytes.fromByteArray(crypto.keccak256(b)).toHexString();
}

function showJson(v: JSONValue): string {
  switch (v.kind) {
    case JSONValueKind.NULL:
      return 'null';
    case JSONValueKind.BOOL:
      return v.toBool() ? 'true' : 'false';
    case JSONValueKind.NUMBER:
      return '#' + changetype<string>(v.data as u32);
    case JSONValueKind.STRING:
      return "'" + v.toString() + "'";
    case JSONValueKind.ARRAY: {
      let a = v.toArray();
      let parts = new Array<string>();
      for (let i = 0; i < a.length; i++) parts.push(showJson(a[i]));
      return '[' + parts.join(',') + ']';
    }
  }
  let o = v.toObject();
  let parts = new Array<string>();
  for (let i = 0; i < o.entries.length; i++)
    parts.push(o.entries[i].key + ':' + showJson(o.entries[i].value));
  return '{' + parts.join(',') + '}';
}

export function jsonProbe(s: string): string {
  let r = json.try_fromString(s);
  if (r.isError) return 'ERROR';
  return showJson(r.value);
}

export function jsonToI64(s: string): string {
  return json.toI64(s).toString();
}

export function jsonToBigInt(s: string): string {
  return json.toBigInt(s).toString();
}

function showYaml(v: YAMLValue): string {
  switch (v.kind) {
    case YAMLValueKind.NULL:
      return 'null';
    case YAMLValueKind.BOOL:
      return v.toBool() ? 'true' : 'false';
    case YAMLValueKind.NUMBER:
      return '#' + changetype<string>(v.data as u32);
    case YAMLValueKind.STRING:
      return "'" + v.toString() + "'";
    case YAMLValueKind.ARRAY: {
      let a = v.toArray();
      let parts = new Array<string>();
      for (let i = 0; i < a.length; i++) parts.push(showYaml(a[i]));
      return '[' + parts.join(',') + ']';
    }
    case YAMLValueKind.OBJECT: {
      let o = v.toObject();
      let parts = new Array<string>();
      for (let i = 0; i < o.entries.length; i++)
        parts.push(showYaml(o.entries[i].key) + ':' + showYaml(o.entries[i].value));
      return '{' + parts.join(',') + '}';
    }
  }
  let t = v.toTagged();
  return '!' + t.tag + '(' + showYaml(t.value) + ')';
}

export function yamlProbe(s: string): string {
  let r = yaml.try_fromString(s);
  if (r.isError) return 'ERROR';
  return showYaml(r.value);
}

export function ethDecode(types: string, data: Bytes): string {
  let v = ethereum.decode(types, data);
  if (!v) return 'null';
  return showEth(v!);
}

export function ethEncodeUintAddr(n: i32, a: string): string {
  let t = new ethereum.Tuple();
  t.push(ethereum.Value.fromI32(n));
  t.push(ethereum.Value.fromAddress(Address.fromString(a)));
  let e = ethereum.encode(ethereum.Value.fromTuple(t));
  if (!e) return 'null';
  return e!.toHexString();
}

export function storeGet(type: string, id: string): string {
  let e = store.get(type, id);
  if (!e) return 'null';
  return describeEntity(e!);
}

export function storeGetInBlock(type: string, id: string): string {
  let e = store.get_in_block(type, id);
  if (!e) return 'null';
  return describeEntity(e!);
}

export function storeSet(type: string, id: string, e: Entity): void {
  store.set(type, id, e);
}

export function loadRelated(type: string, id: string, field: string): string {
  let list = store.loadRelated(type, id, field);
  let parts = new Array<string>();
  for (let i = 0; i < list.length; i++) parts.push(describeEntity(list[i]));
  return list.length.toString() + ':' + parts.join('/');
}

export function callBalanceOf(token: string, owner: string): string {
  let call = new ethereum.SmartContractCall(
    'ERC20',
    Address.fromString(token),
    'balanceOf',
    'balanceOf(address):(uint256)',
    [ethereum.Value.fromAddress(Address.fromString(owner))],
  );
  let r = ethereum.call(call);
  if (!r) return 'reverted';
  return r![0].toBigInt().toString();
}

export function logCritical(msg: string): void {
  log.critical('critical: {}', [msg]);
}

export function logInfo(msg: string): void {
  log.info('info {} {}', [msg, 'x']);
}

export function dataSourceInfo(): string {
  return (
    dataSource.address().toHexString() +
    '|' +
    dataSource.network() +
    '|' +
    describeEntity(dataSource.context())
  );
}

export function base58(b: Bytes): string {
  return typeConversion.bytesToBase58(b);
}

export function stringArrayLen(a: Array<string>): i32 {
  return a.length;
}

export function abortWith(msg: string): void {
  throw new Error(msg);
}

export function grow(n: i32): i32 {
  // allocates enough to grow memory several times, then returns a checksum
  let total = 0;
  for (let i = 0; i < n; i++) {
    let b = new Bytes(65536);
    b[0] = u8(i);
    total += b[0];
  }
  return total;
}

export function ipfsMapProbe(hash: string): void {
  ipfs.mapJSON(hash, 'ipfsCallback', Value.fromString('user-data'));
}

export function ipfsCallback(value: JSONValue, userData: Value): void {
  let e = new Entity();
  let id = value.toObject().get('id')!.toString();
  e.setString('name', userData.toString() + ':' + id);
  e.setI32('count', value.toObject().get('n')!.toI64() as i32);
  store.set('Item', id, e);
}

export function ipfsCatProbe(hash: string): string {
  let b = ipfs.cat(hash);
  if (!b) return 'null';
  return b.toString();
}

export function jsonToF64(s: string): string {
  return json.toF64(s).toString();
}
