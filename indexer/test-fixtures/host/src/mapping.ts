import {
  Address,
  BigDecimal,
  BigInt,
  Bytes,
  ethereum,
  log,
  store,
  dataSource,
  DataSourceContext,
} from '@graphprotocol/graph-ts';
import { Transfer as TransferEvent, ERC20 } from '../generated/ERC20';
import { Token, Transfer, Account } from './entities';

function loadToken(address: Address): Token {
  let token = Token.load(address);
  if (token == null) {
    token = new Token(address);
    let c = ERC20.bind(address);
    let sym = c.try_symbol();
    token.symbol = sym.reverted ? '???' : sym.value;
    let d = c.try_decimals();
    token.decimals = d.reverted ? 18 : d.value;
    token.totalSupply = BigInt.zero();
  }
  return token as Token;
}

function account(id: string): Account {
  let a = Account.load(id);
  if (a == null) {
    a = new Account(id);
    a.balance = BigInt.zero();
    a.transferCount = 0;
  }
  return a as Account;
}

export function handleTransfer(event: TransferEvent): void {
  let token = loadToken(event.address);
  let id = event.transaction.hash.concatI32(event.logIndex.toI32());
  let t = new Transfer(id);
  t.token = token.id;
  t.from = event.params.from;
  t.to = event.params.to;
  t.value = event.params.value;
  let scale = BigInt.fromI32(10).pow(u8(token.decimals)).toBigDecimal();
  t.valueDecimal = event.params.value.toBigDecimal().div(scale);
  t.blockNumber = event.block.number;
  t.save();

  if (event.params.from == Address.zero()) {
    token.totalSupply = token.totalSupply.plus(event.params.value);
  }
  token.save();

  let from = account(event.params.from.toHexString());
  from.balance = from.balance.minus(event.params.value);
  from.transferCount = from.transferCount + 1;
  from.save();
  let to = account(event.params.to.toHexString());
  to.balance = to.balance.plus(event.params.value);
  to.transferCount = to.transferCount + 1;
  to.save();

  if (event.params.value.gt(BigInt.fromString('1000000000000000000000000'))) {
    log.warning('whale transfer {} of {}', [event.params.value.toString(), token.symbol]);
  }
  if (event.params.to == Address.fromString('0x000000000000000000000000000000000000dead')) {
    log.critical('burn to dead address in tx {}', [event.transaction.hash.toHexString()]);
  }
}

export function handleBlock(block: ethereum.Block): void {
  let a = account('block-' + block.number.toString());
  a.balance = block.timestamp;
  a.save();
}

/** Creates a template data source (exercises dataSource.create / context). */
export function handleNewToken(event: TransferEvent): void {
  let ctx = new DataSourceContext();
  ctx.setString('parent', dataSource.address().toHexString());
  ctx.setString('network', dataSource.network());
  ethereum.Value.fromAddress(event.params.to);
  // template creation as graph-cli's generated templates do
  dataSource.createWithContext('TokenTemplate', [event.params.to.toHexString()], ctx);
}

/** Sets an entity that misses a required field (store.set validation). */
export function handleBadEntity(event: TransferEvent): void {
  let a = new Account('bad');
  a.balance = BigInt.fromI32(1);
  // transferCount (Int!) deliberately left unset
  a.save();
}

/** Traps with an AssemblyScript assertion. */
export function handleTrap(event: TransferEvent): void {
  let token = Token.load(event.address);
  assert(token != null, 'token must exist');
}

export function handleRemove(event: TransferEvent): void {
  store.remove('Account', event.params.from.toHexString());
}

// Module-level state: every trigger must start from a fresh instance's state.
let calls = 0;
let scratch = new Array<i32>(0);

export function handleCounter(event: TransferEvent): void {
  calls++;
  let zeros = 0;
  let buf = new Uint8Array(1024);
  for (let i = 0; i < buf.length; i++) if (buf[i] == 0) zeros++;
  for (let i = 0; i < buf.length; i++) buf[i] = 0xff;
  scratch.push(calls);
  let a = new Account('counter-' + event.logIndex.toString());
  a.balance = BigInt.fromI32(calls * 1000000 + scratch.length * 10000 + zeros);
  a.transferCount = calls;
  a.save();
}

/** Writes a transfer, then reads the derived list in the same handler (loadRelated sees it). */
export function handleTransferAndCount(event: TransferEvent): void {
  handleTransfer(event);
  let token = Token.load(event.address)!;
  let a = new Account('related-count');
  a.balance = BigInt.zero();
  a.transferCount = token.transfers.length;
  a.save();
}

/** Call handler: records the call's first input and output. */
export function handleBalanceOfCall(call: ethereum.Call): void {
  let a = new Account('call-' + call.to.toHexString());
  a.balance = call.outputValues[0].value.toBigInt();
  a.transferCount = call.inputValues.length;
  a.save();
}
