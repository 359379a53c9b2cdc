// graph-ts classes in WASM memory (layouts from graph-ts 0.38 sources; AS aligns each field to
// its size, so `{ kind: i32, data: u64 }` puts data at offset 8). Pure codec: no host semantics
// beyond the BigDecimal exponent check graph-node applies on read.
import type {
  EntityData,
  EthBlock,
  EthCall,
  EthEvent,
  EthLog,
  EthReceipt,
  EthTransaction,
  EthValue,
  Hex,
  StoreValue,
} from '../../internal/types.ts';
import { AbiError, TypeId } from './memory.ts';
import { GraphPrimitives } from './graph-primitives.ts';
import { toString as decToString } from '../semantics/bigdecimal.ts';

// graph-ts ValueKind (common/value.ts)
export const StoreKind = {
  STRING: 0,
  INT: 1,
  BIGDECIMAL: 2,
  BOOL: 3,
  ARRAY: 4,
  NULL: 5,
  BYTES: 6,
  BIGINT: 7,
  INT8: 8,
  TIMESTAMP: 9,
} as const;
// ethereum.ValueKind (chain/ethereum.ts)
export const EthKind = {
  ADDRESS: 0,
  FIXED_BYTES: 1,
  BYTES: 2,
  INT: 3,
  UINT: 4,
  BOOL: 5,
  STRING: 6,
  FIXED_ARRAY: 7,
  ARRAY: 8,
  TUPLE: 9,
} as const;

export class GraphAbi extends GraphPrimitives {
  // ---- store Value ----
  storeValue(ptr: number): StoreValue {
    const kind = this.kindAt(ptr);
    switch (kind) {
      case StoreKind.STRING:
        return { kind: 'String', value: this.str(this.dataPtr(ptr)) };
      case StoreKind.INT:
        return { kind: 'Int', value: this.m.i32At(ptr + 8) };
      case StoreKind.BIGDECIMAL:
        return { kind: 'BigDecimal', value: decToString(this.bigDecimal(this.dataPtr(ptr))) };
      case StoreKind.BOOL:
        return { kind: 'Bool', value: this.m.u32(ptr + 8) !== 0 || this.m.u32(ptr + 12) !== 0 };
      case StoreKind.ARRAY:
        return {
          kind: 'Array',
          value: this.m.readPtrArray(this.dataPtr(ptr)).map((p) => this.storeValue(p)),
        };
      case StoreKind.NULL:
        return { kind: 'Null' };
      case StoreKind.BYTES:
        return { kind: 'Bytes', value: this.bytes(this.dataPtr(ptr)) };
      case StoreKind.BIGINT:
        return { kind: 'BigInt', value: this.bigInt(this.dataPtr(ptr)) };
      case StoreKind.INT8:
        return { kind: 'Int8', value: this.m.i64(ptr + 8) };
      case StoreKind.TIMESTAMP:
        return { kind: 'Timestamp', value: this.m.i64(ptr + 8) };
      default:
        throw new AbiError(`invalid store Value kind ${kind} at ${ptr}`);
    }
  }
  newStoreValue(v: StoreValue): number {
    const T = TypeId.StoreValue;
    switch (v.kind) {
      case 'String':
        return this.tagged(StoreKind.STRING, this.newStr(v.value), T);
      case 'Int':
        return this.tagged(StoreKind.INT, v.value | 0, T);
      case 'BigDecimal':
        return this.tagged(StoreKind.BIGDECIMAL, this.newBigDecimalText(v.value), T);
      case 'Bool':
        return this.tagged(StoreKind.BOOL, v.value ? 1 : 0, T);
      case 'Array':
        return this.tagged(
          StoreKind.ARRAY,
          this.m.writePtrArray(
            v.value.map((x) => this.newStoreValue(x)),
            TypeId.ArrayStoreValue,
          ),
          T,
        );
      case 'Null':
        return this.tagged(StoreKind.NULL, 0, T);
      case 'Bytes':
        return this.tagged(StoreKind.BYTES, this.newBytes(v.value), T);
      case 'BigInt':
        return this.tagged(StoreKind.BIGINT, this.newBigInt(v.value), T);
      case 'Int8':
        return this.tagged64(StoreKind.INT8, v.value, T);
      case 'Timestamp':
        return this.tagged64(StoreKind.TIMESTAMP, v.value, T);
    }
  }

  /** TypedMap<string, Value> (Entity): { entries: Array<TypedMapEntry{ key, value }> }. */
  entity(ptr: number): EntityData {
    return this.entityInto(ptr, new Map(), false);
  }
  /** Reads the entries into `out`; with `dropNulls`, a Null value deletes the field instead
   * (store.set's merge into the current version). */
  entityInto(ptr: number, out: EntityData, dropNulls: boolean): EntityData {
    const m = this.m;
    m.sync();
    const arr = m.u32(ptr);
    const start = m.u32(arr + 4);
    const n = m.i32At(arr + 12);
    for (let i = 0; i < n; i++) {
      const e = m.u32(start + 4 * i);
      const key = this.str(m.u32(e));
      const v = this.storeValue(m.u32(e + 4));
      if (dropNulls && v.kind === 'Null') out.delete(key);
      else out.set(key, v);
    }
    return out;
  }
  newEntity(data: EntityData): number {
    const m = this.m;
    const n = data.size;
    const entries = m.alloc(n * 4, TypeId.ArrayBuffer);
    let i = 0;
    for (const [k, v] of data) {
      const entry = m.writePair(
        this.key(k),
        this.newStoreValue(v),
        TypeId.TypedMapEntryStringStoreValue,
      );
      m.i32[(entries >>> 2) + i++] = entry;
    }
    const arr = m.arrayHeader(entries, n * 4, n, TypeId.ArrayTypedMapEntryStringStoreValue);
    return m.writeStruct([arr], TypeId.TypedMapStringStoreValue);
  }
  newEntityArray(list: EntityData[]): number {
    return this.m.writePtrArray(
      list.map((e) => this.newEntity(e)),
      TypeId.ArrayTypedMapEntryStringStoreValue,
    );
  }

  // ---- ethereum.Value ----
  ethValue(ptr: number): EthValue {
    const kind = this.kindAt(ptr);
    const d = this.dataPtr(ptr);
    switch (kind) {
      case EthKind.ADDRESS:
        return { kind: 'address', value: this.hex(d) };
      case EthKind.FIXED_BYTES:
        return { kind: 'fixedBytes', value: this.hex(d) };
      case EthKind.BYTES:
        return { kind: 'bytes', value: this.hex(d) };
      case EthKind.INT:
        return { kind: 'int', value: this.bigInt(d) };
      case EthKind.UINT: {
        const v = this.bigInt(d);
        return { kind: 'uint', value: v < 0n ? BigInt.asUintN(256, v) : v };
      }
      case EthKind.BOOL:
        return { kind: 'bool', value: this.m.u32(ptr + 8) !== 0 || this.m.u32(ptr + 12) !== 0 };
      case EthKind.STRING:
        return { kind: 'string', value: this.str(d) };
      case EthKind.FIXED_ARRAY:
        return { kind: 'fixedArray', value: this.ethValues(d) };
      case EthKind.ARRAY:
        return { kind: 'array', value: this.ethValues(d) };
      case EthKind.TUPLE:
        return { kind: 'tuple', value: this.ethValues(d) };
      default:
        throw new AbiError(`invalid ethereum.Value kind ${kind} at ${ptr}`);
    }
  }
  ethValues(ptr: number): EthValue[] {
    return this.m.readPtrArray(ptr).map((p) => this.ethValue(p));
  }
  newEthValue(v: EthValue): number {
    const T = TypeId.EthereumValue;
    switch (v.kind) {
      case 'address':
        return this.tagged(EthKind.ADDRESS, this.newHex(v.value), T);
      case 'fixedBytes':
        return this.tagged(EthKind.FIXED_BYTES, this.newHex(v.value), T);
      case 'bytes':
        return this.tagged(EthKind.BYTES, this.newHex(v.value), T);
      case 'int':
        return this.tagged(EthKind.INT, this.newBigInt(v.value), T);
      case 'uint':
        return this.tagged(EthKind.UINT, this.newBigInt(v.value), T);
      case 'bool':
        return this.tagged(EthKind.BOOL, v.value ? 1 : 0, T);
      case 'string':
        return this.tagged(EthKind.STRING, this.newStr(v.value), T);
      case 'fixedArray':
        return this.tagged(EthKind.FIXED_ARRAY, this.newEthValues(v.value), T);
      case 'array':
        return this.tagged(EthKind.ARRAY, this.newEthValues(v.value), T);
      case 'tuple':
        return this.tagged(EthKind.TUPLE, this.newEthValues(v.value), T);
    }
  }
  newEthValues(vs: EthValue[]): number {
    return this.m.writePtrArray(
      vs.map((x) => this.newEthValue(x)),
      TypeId.ArrayEthereumValue,
    );
  }

  // ---- ethereum triggers ----
  newBlock(b: EthBlock): number {
    return this.m.writeStruct(
      [
        this.newHex(b.hash),
        this.newHex(b.parentHash),
        this.newHex(b.unclesHash),
        this.newHex(b.author),
        this.newHex(b.stateRoot),
        this.newHex(b.transactionsRoot),
        this.newHex(b.receiptsRoot),
        this.newBigInt(b.number),
        this.newBigInt(b.gasUsed),
        this.newBigInt(b.gasLimit),
        this.newBigInt(b.timestamp),
        this.newBigInt(b.difficulty),
        this.newBigInt(b.totalDifficulty),
        this.optBigInt(b.size),
        this.optBigInt(b.baseFeePerGas),
      ],
      TypeId.EthereumBlock,
    );
  }
  newTransaction(t: EthTransaction): number {
    return this.m.writeStruct(
      [
        this.newHex(t.hash),
        this.newBigInt(t.index),
        this.newHex(t.from),
        this.optHex(t.to),
        this.newBigInt(t.value),
        this.newBigInt(t.gasLimit),
        this.newBigInt(t.gasPrice),
        this.newHex(t.input),
        this.newBigInt(t.nonce),
      ],
      TypeId.EthereumTransaction,
    );
  }
  newLog(l: EthLog): number {
    return this.m.writeStruct(
      [
        this.newHex(l.address),
        this.m.writePtrArray(
          l.topics.map((t) => this.newHex(t)),
          TypeId.ArrayH256,
        ),
        this.newHex(l.data),
        this.newHex(l.blockHash),
        this.newBigInt(l.blockNumber),
        this.newHex(l.transactionHash),
        this.newBigInt(l.transactionIndex),
        this.newBigInt(l.logIndex),
        this.newBigInt(l.transactionLogIndex),
        l.logType === null ? 0 : this.newStr(l.logType),
        l.removed === null ? 0 : this.newWrappedBool(l.removed),
      ],
      TypeId.Log,
    );
  }
  newReceipt(r: EthReceipt): number {
    return this.m.writeStruct(
      [
        this.newHex(r.transactionHash),
        this.newBigInt(r.transactionIndex),
        this.newHex(r.blockHash),
        this.newBigInt(r.blockNumber),
        this.newBigInt(r.cumulativeGasUsed),
        this.newBigInt(r.gasUsed),
        this.optHex(r.contractAddress),
        this.m.writePtrArray(
          r.logs.map((l) => this.newLog(l)),
          TypeId.ArrayLog,
        ),
        this.newBigInt(r.status),
        this.optHex(r.root),
        this.newHex(r.logsBloom),
      ],
      TypeId.TransactionReceipt,
    );
  }
  newEventParams(ps: { name: string; value: EthValue }[]): number {
    return this.m.writePtrArray(
      ps.map((p) =>
        this.m.writeStruct([this.newStr(p.name), this.newEthValue(p.value)], TypeId.EventParam),
      ),
      TypeId.ArrayEventParam,
    );
  }
  /** ethereum.Event; `block`/`transaction` pointers may be shared between events of one block. */
  newEvent(e: EthEvent, blockPtr?: number, txPtr?: number): number {
    return this.m.writeStruct(
      [
        this.newHex(e.address),
        this.newBigInt(e.logIndex),
        this.newBigInt(e.transactionLogIndex),
        e.logType === null ? 0 : this.newStr(e.logType),
        blockPtr ?? this.newBlock(e.block),
        txPtr ?? this.newTransaction(e.transaction),
        this.newEventParams(e.parameters),
        e.receipt ? this.newReceipt(e.receipt) : 0,
      ],
      TypeId.EthereumEvent,
    );
  }
  newCall(c: EthCallTrigger): number {
    return this.m.writeStruct(
      [
        this.newHex(c.to),
        this.newHex(c.from),
        this.newBlock(c.block),
        this.newTransaction(c.transaction),
        this.newEventParams(c.inputs),
        this.newEventParams(c.outputs),
      ],
      TypeId.EthereumCall,
    );
  }

  /** ethereum.SmartContractCall { contractName, contractAddress, functionName, functionSignature, functionParams }. */
  smartContractCall(ptr: number): SmartContractCall {
    const m = this.m;
    return {
      contractName: this.str(m.u32(ptr)),
      address: this.hex(m.u32(ptr + 4)),
      functionName: this.str(m.u32(ptr + 8)),
      functionSignature: this.str(m.u32(ptr + 12)),
      args: this.ethValues(m.u32(ptr + 16)),
    };
  }
}

export interface SmartContractCall {
  contractName: string;
  address: Hex;
  functionName: string;
  functionSignature: string;
  args: EthValue[];
}

/** A call-handler trigger (ethereum.Call), as internal/types.ts defines it. */
export type EthCallTrigger = EthCall;
