// Hand-written equivalent of graph-cli codegen output for the fixture ABI.
import { ethereum, Address, BigInt, Bytes } from "@graphprotocol/graph-ts";

export class Transfer extends ethereum.Event {
  get params(): Transfer__Params {
    return new Transfer__Params(this);
  }
}

export class Transfer__Params {
  _event: Transfer;
  constructor(event: Transfer) {
    this._event = event;
  }
  get from(): Address {
    return this._event.parameters[0].value.toAddress();
  }
  get to(): Address {
    return this._event.parameters[1].value.toAddress();
  }
  get value(): BigInt {
    return this._event.parameters[2].value.toBigInt();
  }
}

export class ERC20 extends ethereum.SmartContract {
  static bind(address: Address): ERC20 {
    return new ERC20("ERC20", address);
  }

  symbol(): string {
    let result = super.call("symbol", "symbol():(string)", []);
    return result[0].toString();
  }

  try_symbol(): ethereum.CallResult<string> {
    let result = super.tryCall("symbol", "symbol():(string)", []);
    if (result.reverted) {
      return new ethereum.CallResult();
    }
    let value = result.value;
    return ethereum.CallResult.fromValue(value[0].toString());
  }

  try_decimals(): ethereum.CallResult<i32> {
    let result = super.tryCall("decimals", "decimals():(uint8)", []);
    if (result.reverted) {
      return new ethereum.CallResult();
    }
    let value = result.value;
    return ethereum.CallResult.fromValue(value[0].toI32());
  }

  balanceOf(owner: Address): BigInt {
    let result = super.call("balanceOf", "balanceOf(address):(uint256)", [ethereum.Value.fromAddress(owner)]);
    return result[0].toBigInt();
  }
}
