// The host functions graph-ts 0.38 declares, with graph-node's semantics. Imports are resolved
// by field name only (AS names them "<file>.<ns>.<fn>" under varying module names), exactly as
// graph-node does. Services (store, chain, data source…) come from a HostServices object so
// the same imports serve the indexing runtime and the matchstick runner.
import { keccak256 } from 'viem';
import {
  LOG_LEVELS,
  type DataSourceInfo,
  type EntityData,
  type EthValue,
  type Hex,
  type HostStore,
  type LogLevel,
} from '../internal/types.ts';
import { DeterministicError } from '../internal/errors.ts';
import { GraphAbi, type SmartContractCall } from './abi/graph.ts';
import { TypeId } from './abi/memory.ts';
import * as dec from './semantics/bigdecimal.ts';
import { bigIntOps, bigIntToHex, checkBigInt } from './semantics/bigint.ts';
import { bytesToBase58, bytesToString, stringToH160 } from './semantics/conversion.ts';
import { decodeValue, encodeValue } from './semantics/ethabi.ts';
import { parseJson, type JsonNode } from './semantics/json.ts';
import { parseYaml } from './semantics/yaml.ts';

export interface HostServices {
  store: HostStore;
  /** ethereum.call: output values, or null when the call reverts. */
  ethCall(call: SmartContractCall): EthValue[] | null;
  getBalance(address: Hex): bigint;
  hasCode(address: Hex): boolean;
  dataSource(): DataSourceInfo;
  createDataSource(template: string, params: string[], context: EntityData | null): void;
  /** level 5 is matchstick's `success`; anything else is graph-ts log.Level */
  log(level: LogLevel | 'success', message: string): void;
  ipfsCat(hash: string): Uint8Array | null;
  /** store.set validation against the schema; returns the entity to store (id filled in). */
  validateEntity?(entityType: string, id: string, data: EntityData): EntityData;
  /** ipfs.map input: newline-delimited JSON values (graph-node, default) or one JSON array (matchstick) */
  ipfsMapFormat?: 'ndjson' | 'json-array';
}

/** Mutable per-instance state: the host functions reach the current instance through it. */
export interface HostState {
  abi: GraphAbi;
  exports: WebAssembly.Exports;
}

type HostFn = (...args: never[]) => unknown;

export class AbortError extends DeterministicError {}

export function hostFunctions(state: () => HostState, svc: HostServices): Record<string, HostFn> {
  const A = () => state().abi;
  const big = (p: number) => A().bigInt(p);
  const newBig = (v: bigint) => A().newBigInt(v);
  const bd = (p: number) => A().bigDecimal(p);
  const newBd = (d: dec.Dec) => A().newBigDecimal(d);
  const str = (p: number) => A().str(p);

  const jsonFromBytes = (p: number): JsonNode => {
    const text = bytesToString(A().bytes(p));
    return parseJson(text);
  };

  const fns: Record<string, HostFn> = {
    abort(msgPtr: number, filePtr: number, line: number, col: number) {
      const msg = msgPtr ? str(msgPtr) : '';
      const file = filePtr ? str(filePtr) : '';
      throw new AbortError(
        `Mapping aborted at ${file}, line ${line}, column ${col}, with message: ${msg}`,
      );
    },

    // ---- store ----
    'store.get'(typePtr: number, idPtr: number) {
      const e = svc.store.get(str(typePtr), str(idPtr));
      return e ? A().newEntity(e) : 0;
    },
    'store.get_in_block'(typePtr: number, idPtr: number) {
      const e = svc.store.getInBlock(str(typePtr), str(idPtr));
      return e ? A().newEntity(e) : 0;
    },
    'store.loadRelated'(typePtr: number, idPtr: number, fieldPtr: number) {
      return A().newEntityArray(svc.store.loadRelated(str(typePtr), str(idPtr), str(fieldPtr)));
    },
    'store.set'(typePtr: number, idPtr: number, dataPtr: number) {
      const type = str(typePtr),
        id = str(idPtr);
      // graph-node merges the update into the current version, drops fields set to null, then
      // validates the result; the store always receives the complete entity.
      const prev = svc.store.get(type, id);
      const data = A().entityInto(dataPtr, prev ? new Map(prev) : new Map(), true);
      svc.store.set(type, id, svc.validateEntity ? svc.validateEntity(type, id, data) : data);
    },
    'store.remove'(typePtr: number, idPtr: number) {
      svc.store.remove(str(typePtr), str(idPtr));
    },

    // ---- ethereum ----
    'ethereum.call'(callPtr: number) {
      const out = svc.ethCall(A().smartContractCall(callPtr));
      return out === null ? 0 : A().newEthValues(out);
    },
    'ethereum.getBalance'(addrPtr: number) {
      return newBig(svc.getBalance(A().hex(addrPtr)));
    },
    'ethereum.hasCode'(addrPtr: number) {
      return A().newWrappedBool(svc.hasCode(A().hex(addrPtr)));
    },
    'ethereum.encode'(valuePtr: number) {
      // a value that cannot be read (an oversized BigInt) fails the handler; one that cannot be
      // encoded is null, as graph-node's ethereum_encode has it
      const value = A().ethValue(valuePtr);
      try {
        return A().newHex(encodeValue(value));
      } catch {
        return 0;
      }
    },
    'ethereum.decode'(typesPtr: number, dataPtr: number) {
      const v = decodeValue(str(typesPtr), A().hex(dataPtr));
      return v ? A().newEthValue(v) : 0;
    },

    // ---- bigInt ----
    'bigInt.plus': (x: number, y: number) => newBig(bigIntOps.plus(big(x), big(y))),
    'bigInt.minus': (x: number, y: number) => newBig(bigIntOps.minus(big(x), big(y))),
    'bigInt.times': (x: number, y: number) => newBig(bigIntOps.times(big(x), big(y))),
    'bigInt.dividedBy': (x: number, y: number) => newBig(bigIntOps.dividedBy(big(x), big(y))),
    'bigInt.dividedByDecimal': (x: number, y: number) =>
      newBd(dec.dividedBy(dec.fromBigInt(big(x)), bd(y))),
    'bigInt.mod': (x: number, y: number) => newBig(bigIntOps.mod(big(x), big(y))),
    'bigInt.pow': (x: number, e: number) => newBig(bigIntOps.pow(big(x), e)),
    'bigInt.fromString': (s: number) => newBig(bigIntOps.fromString(str(s))),
    'bigInt.bitOr': (x: number, y: number) => newBig(bigIntOps.bitOr(big(x), big(y))),
    'bigInt.bitAnd': (x: number, y: number) => newBig(bigIntOps.bitAnd(big(x), big(y))),
    'bigInt.leftShift': (x: number, b: number) => newBig(bigIntOps.leftShift(big(x), b)),
    'bigInt.rightShift': (x: number, b: number) => newBig(bigIntOps.rightShift(big(x), b)),

    // ---- bigDecimal ----
    'bigDecimal.plus': (x: number, y: number) => newBd(dec.plus(bd(x), bd(y))),
    'bigDecimal.minus': (x: number, y: number) => newBd(dec.minus(bd(x), bd(y))),
    'bigDecimal.times': (x: number, y: number) => newBd(dec.times(bd(x), bd(y))),
    'bigDecimal.dividedBy': (x: number, y: number) => newBd(dec.dividedBy(bd(x), bd(y))),
    'bigDecimal.equals': (x: number, y: number) => (dec.equals(bd(x), bd(y)) ? 1 : 0),
    'bigDecimal.toString': (x: number) => A().newStr(dec.toString(bd(x))),
    'bigDecimal.fromString': (s: number) => newBd(dec.fromString(str(s))),

    // ---- typeConversion ----
    'typeConversion.bytesToString': (p: number) => A().newStr(bytesToString(A().bytes(p))),
    'typeConversion.bytesToHex': (p: number) => A().newStr(A().hex(p)),
    'typeConversion.bigIntToString': (p: number) => A().newStr(big(p).toString()),
    'typeConversion.bigIntToHex': (p: number) => A().newStr(bigIntToHex(big(p))),
    'typeConversion.stringToH160': (p: number) => A().newBytes(stringToH160(str(p))),
    'typeConversion.bytesToBase58': (p: number) => A().newStr(bytesToBase58(A().bytes(p))),

    // ---- crypto ----
    'crypto.keccak256': (p: number) => A().newHex(keccak256(A().bytes(p))),

    // ---- json ----
    'json.fromBytes'(p: number) {
      try {
        return A().newJson(jsonFromBytes(p));
      } catch (e) {
        throw new DeterministicError(
          `Failed to parse JSON from byte array: ${(e as Error).message}`,
        );
      }
    },
    'json.try_fromBytes'(p: number) {
      let node: JsonNode | null = null;
      try {
        node = jsonFromBytes(p);
      } catch {
        node = null;
      }
      const a = A();
      return node
        ? a.newResult(a.newJson(node), TypeId.ResultJsonValueBool, TypeId.WrappedJsonValue)
        : a.newResult(null, TypeId.ResultJsonValueBool, TypeId.WrappedJsonValue);
    },
    'json.toI64'(p: number) {
      const s = str(p);
      if (!/^[+-]?[0-9]+$/.test(s))
        throw new DeterministicError(`JSON \`${s}\` cannot be parsed as i64`);
      const v = BigInt(s);
      if (v < -(2n ** 63n) || v >= 2n ** 63n)
        throw new DeterministicError(`JSON \`${s}\` cannot be parsed as i64`);
      return v;
    },
    'json.toU64'(p: number) {
      const s = str(p);
      if (!/^\+?[0-9]+$/.test(s))
        throw new DeterministicError(`JSON \`${s}\` cannot be parsed as u64`);
      const v = BigInt(s);
      if (v >= 2n ** 64n) throw new DeterministicError(`JSON \`${s}\` cannot be parsed as u64`);
      return BigInt.asIntN(64, v);
    },
    'json.toF64'(p: number) {
      const s = str(p);
      // Rust's f64::from_str grammar: decimal/exponent forms, inf/infinity/nan (any case)
      const m =
        /^([+-]?)(?:(inf|infinity)|(nan)|((?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?))$/i.exec(
          s,
        );
      if (!m) throw new DeterministicError(`JSON \`${s}\` cannot be parsed as f64`);
      if (m[3]) return NaN;
      if (m[2]) return m[1] === '-' ? -Infinity : Infinity;
      return Number(s);
    },
    'json.toBigInt'(p: number) {
      const s = str(p);
      if (!/^[+-]?[0-9]+$/.test(s))
        throw new DeterministicError(`JSON \`${s}\` is not a decimal string`);
      return newBig(checkBigInt(BigInt(s)));
    },

    // ---- yaml ----
    'yaml.fromBytes'(p: number) {
      try {
        return A().newYaml(parseYaml(bytesToString(A().bytes(p))));
      } catch (e) {
        throw new DeterministicError(
          `Failed to parse YAML from byte array: ${(e as Error).message}`,
        );
      }
    },
    'yaml.try_fromBytes'(p: number) {
      const a = A();
      try {
        return a.newResult(
          a.newYaml(parseYaml(bytesToString(a.bytes(p)))),
          TypeId.YamlResultValueBool,
          TypeId.YamlWrappedValue,
        );
      } catch {
        return a.newResult(null, TypeId.YamlResultValueBool, TypeId.YamlWrappedValue);
      }
    },

    // ---- ipfs ----
    'ipfs.cat'(hashPtr: number) {
      const b = svc.ipfsCat(str(hashPtr));
      return b ? A().newBytes(b) : 0;
    },
    'ipfs.map'(hashPtr: number, callbackPtr: number, userDataPtr: number, flagsPtr: number) {
      const hash = str(hashPtr),
        callback = str(callbackPtr);
      const flags = A().stringArray(flagsPtr);
      if (!flags.includes('json'))
        throw new DeterministicError(
          `ipfs.map: flags must contain 'json', got ${JSON.stringify(flags)}`,
        );
      const file = svc.ipfsCat(hash);
      if (!file) throw new DeterministicError(`ipfs.map: file ${hash} not found`);
      const fn = state().exports[callback] as ((a: number, b: number) => void) | undefined;
      if (typeof fn !== 'function')
        throw new DeterministicError(
          `ipfs.map: callback \`${callback}\` is not an exported function`,
        );
      // graph-node streams newline-delimited JSON values; matchstick reads one JSON array
      const text = bytesToString(file);
      let values: JsonNode[];
      if (svc.ipfsMapFormat === 'json-array') {
        const v = parseJson(text);
        if (v.kind !== 'array')
          throw new DeterministicError(`ipfs.map: ${hash} is not a JSON array`);
        values = v.items;
      } else
        values = text
          .split('\n')
          .filter((l) => l.trim() !== '')
          .map((l) => parseJson(l));
      for (const v of values) {
        const a = A();
        const json = a.newJson(v);
        a.m.flush();
        fn(json, userDataPtr);
      }
    },

    // ---- dataSource ----
    'dataSource.create'(namePtr: number, paramsPtr: number) {
      svc.createDataSource(str(namePtr), A().stringArray(paramsPtr), null);
    },
    'dataSource.createWithContext'(namePtr: number, paramsPtr: number, ctxPtr: number) {
      svc.createDataSource(str(namePtr), A().stringArray(paramsPtr), A().entity(ctxPtr));
    },
    'dataSource.address'() {
      const a = svc.dataSource().address;
      return A().newHex(a ?? '0x');
    },
    'dataSource.network'() {
      return A().newStr(svc.dataSource().network);
    },
    'dataSource.context'() {
      return A().newEntity(svc.dataSource().context ?? new Map());
    },

    'ens.nameByHash'() {
      return 0;
    },

    'log.log'(level: number, msgPtr: number) {
      const msg = str(msgPtr);
      if (level === 5) {
        svc.log('success', msg);
        return;
      }
      const lv = LOG_LEVELS[level] ?? 'info';
      svc.log(lv, msg);
      if (lv === 'critical')
        throw new DeterministicError(`Critical error logged in mapping with log message: ${msg}`);
    },
  };
  return fns;
}

/**
 * Build the import object for `module`: every function import is looked up by its field name
 * (after the last "/", as in "~lib/…"), missing ones become functions that fail the handler
 * with a clear message, as graph-node would refuse to start a module importing unknown ones.
 * `hooks` run around each host function (after: when it returns or throws).
 */
export function resolveImports(
  module: WebAssembly.Module,
  fns: Record<string, HostFn>,
  hooks?: { before(): void; after(): void },
): WebAssembly.Imports {
  const imports: Record<string, Record<string, WebAssembly.ImportValue>> = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.kind !== 'function') continue;
    const mod = (imports[imp.module] ??= {});
    const fn = fns[imp.name] as ((...a: unknown[]) => unknown) | undefined;
    // An out-of-bounds read means the mapping passed a garbage pointer: deterministic, naming
    // the host function (other errors keep their class: NeedsAsync, service failures…).
    const name = imp.name;
    const guarded =
      fn &&
      ((...a: unknown[]) => {
        hooks?.before();
        try {
          return fn(...a);
        } catch (e) {
          if (e instanceof RangeError && !/call stack/i.test(e.message))
            throw new DeterministicError(
              `host function \`${name}\`: invalid memory access (${e.message})`,
            );
          throw e;
        } finally {
          hooks?.after(); // e.g. hand the JS allocator's offset back to the WASM code
        }
      });
    mod[imp.name] = guarded
      ? (guarded as unknown as WebAssembly.ImportValue)
      : () => {
          throw new DeterministicError(
            `host function \`${imp.name}\` (module \`${imp.module}\`) is not supported`,
          );
        };
  }
  return imports;
}
