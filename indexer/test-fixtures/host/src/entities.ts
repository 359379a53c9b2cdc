// Hand-written equivalent of graph-cli codegen's schema.ts for the fixture schema.
import {
  Entity,
  Value,
  ValueKind,
  store,
  Bytes,
  BigInt,
  BigDecimal,
} from '@graphprotocol/graph-ts';

export class Token extends Entity {
  constructor(id: Bytes) {
    super();
    this.set('id', Value.fromBytes(id));
  }
  save(): void {
    store.set('Token', this.get('id')!.toBytes().toHexString(), this);
  }
  static load(id: Bytes): Token | null {
    return changetype<Token | null>(store.get('Token', id.toHexString()));
  }
  static loadInBlock(id: Bytes): Token | null {
    return changetype<Token | null>(store.get_in_block('Token', id.toHexString()));
  }
  get id(): Bytes {
    return this.get('id')!.toBytes();
  }
  get symbol(): string {
    return this.get('symbol')!.toString();
  }
  set symbol(v: string) {
    this.set('symbol', Value.fromString(v));
  }
  get decimals(): i32 {
    return this.get('decimals')!.toI32();
  }
  set decimals(v: i32) {
    this.set('decimals', Value.fromI32(v));
  }
  get totalSupply(): BigInt {
    return this.get('totalSupply')!.toBigInt();
  }
  set totalSupply(v: BigInt) {
    this.set('totalSupply', Value.fromBigInt(v));
  }
  get price(): BigDecimal | null {
    let v = this.get('price');
    if (!v || v.kind == ValueKind.NULL) return null;
    return v.toBigDecimal();
  }
  set price(v: BigDecimal | null) {
    if (!v) this.unset('price');
    else this.set('price', Value.fromBigDecimal(<BigDecimal>v));
  }
  get transfers(): Array<Transfer> {
    let list = store.loadRelated('Token', this.id.toHexString(), 'transfers');
    return changetype<Array<Transfer>>(list);
  }
}

export class Transfer extends Entity {
  constructor(id: Bytes) {
    super();
    this.set('id', Value.fromBytes(id));
  }
  save(): void {
    store.set('Transfer', this.get('id')!.toBytes().toHexString(), this);
  }
  static load(id: Bytes): Transfer | null {
    return changetype<Transfer | null>(store.get('Transfer', id.toHexString()));
  }
  get id(): Bytes {
    return this.get('id')!.toBytes();
  }
  get token(): Bytes {
    return this.get('token')!.toBytes();
  }
  set token(v: Bytes) {
    this.set('token', Value.fromBytes(v));
  }
  get from(): Bytes {
    return this.get('from')!.toBytes();
  }
  set from(v: Bytes) {
    this.set('from', Value.fromBytes(v));
  }
  get to(): Bytes {
    return this.get('to')!.toBytes();
  }
  set to(v: Bytes) {
    this.set('to', Value.fromBytes(v));
  }
  get value(): BigInt {
    return this.get('value')!.toBigInt();
  }
  set value(v: BigInt) {
    this.set('value', Value.fromBigInt(v));
  }
  get valueDecimal(): BigDecimal {
    return this.get('valueDecimal')!.toBigDecimal();
  }
  set valueDecimal(v: BigDecimal) {
    this.set('valueDecimal', Value.fromBigDecimal(v));
  }
  get blockNumber(): BigInt {
    return this.get('blockNumber')!.toBigInt();
  }
  set blockNumber(v: BigInt) {
    this.set('blockNumber', Value.fromBigInt(v));
  }
}

export class Account extends Entity {
  constructor(id: string) {
    super();
    this.set('id', Value.fromString(id));
  }
  save(): void {
    store.set('Account', this.get('id')!.toString(), this);
  }
  static load(id: string): Account | null {
    return changetype<Account | null>(store.get('Account', id));
  }
  get id(): string {
    return this.get('id')!.toString();
  }
  get balance(): BigInt {
    return this.get('balance')!.toBigInt();
  }
  set balance(v: BigInt) {
    this.set('balance', Value.fromBigInt(v));
  }
  get transferCount(): i32 {
    return this.get('transferCount')!.toI32();
  }
  set transferCount(v: i32) {
    this.set('transferCount', Value.fromI32(v));
  }
}
