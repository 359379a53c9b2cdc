// matchstick-as 0.6 host: the mocked environment tests run against (in-memory store, mocked
// contract calls, data source mock, IPFS files) plus every host import matchstick-as declares
// (assembly/index.ts, store.ts, assert.ts, data_source_mock.ts, log.ts).
import { readFileSync, existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { type EntityData, type EthValue, type Hex, type StoreValue } from '../internal/types.ts';
import { DeterministicError } from '../internal/errors.ts';
import { MemoryStore } from '../runtime/memory-store.ts';
import type { HostServices } from '../host/imports.ts';
import type { LogLevel } from '../internal/types.ts';
import type { HostInstance } from '../host/instance.ts';
import type { SchemaModel } from '../schema/index.ts';
import { makeValidator } from '../host/validate.ts';
import { bytesToHex } from '../host/semantics/conversion.ts';
import { parseFunctionSignature } from '../host/semantics/ethabi.ts';

export interface Registry {
  onDescribe(name: string, fnIdx: number): void;
  onTest(name: string, shouldFail: boolean, fnIdx: number): void;
  onHook(fnIdx: number, kind: string): void;
}

export function showStoreValue(v: StoreValue): string {
  switch (v.kind) {
    case 'Null':
      return 'null';
    case 'Bytes':
      return bytesToHex(v.value);
    case 'Array':
      return '[' + v.value.map(showStoreValue).join(', ') + ']';
    case 'Bool':
      return v.value ? 'true' : 'false';
    default:
      return String(v.value);
  }
}

export function showEthValue(v: EthValue): string {
  switch (v.kind) {
    case 'fixedArray':
    case 'array':
    case 'tuple':
      return '[' + v.value.map(showEthValue).join(', ') + ']';
    default:
      return String(v.value);
  }
}

/** matchstick's assert_equals: both sides become store values as `get_token_value` makes them
 * (address and bytes → Bytes, int and uint → BigInt, arrays and tuples → List), compared by
 * value; strings exactly. */
function ethEquals(a: EthValue, b: EthValue): boolean {
  const ka = tokenValueKind(a.kind),
    kb = tokenValueKind(b.kind);
  if (ka !== kb) return false;
  if (ka === 'List') {
    const av = a.value as EthValue[],
      bv = b.value as EthValue[];
    return av.length === bv.length && av.every((x, i) => ethEquals(x, bv[i]!));
  }
  // Bytes are read from memory as lower-case hex, so their strings compare as bytes do
  return a.value === b.value;
}

function tokenValueKind(kind: EthValue['kind']): string {
  switch (kind) {
    case 'address':
    case 'bytes':
    case 'fixedBytes':
      return 'Bytes';
    case 'int':
    case 'uint':
      return 'BigInt';
    case 'array':
    case 'fixedArray':
    case 'tuple':
      return 'List';
    default:
      return kind;
  }
}

interface Mock {
  reverts: boolean;
  returns: EthValue[];
}

/** matchstick's store: store.set writes the global store only; the in-block store holds what
 * mockInBlockStore put there (store.get_in_block reads only that). */
class MatchstickStore extends MemoryStore {
  override set(type: string, id: string, data: EntityData): void {
    let t = this.entities.get(type);
    if (!t) this.entities.set(type, (t = new Map()));
    t.set(id, data);
  }
}

export class MatchstickEnv {
  readonly store: MemoryStore;
  private readonly mocks = new Map<string, Mock>();
  private readonly ipfsFiles = new Map<string, string>();
  readonly dataSources: { template: string; address: string; context: EntityData | null }[] = [];
  ds = {
    address: '0x0000000000000000000000000000000000000000',
    network: 'mainnet',
    context: new Map() as EntityData,
  };
  /** failure details of the current test (assertion messages) */
  failures: string[] = [];
  output: string[] = [];
  private readonly validate?: (t: string, id: string, d: EntityData) => EntityData;

  constructor(
    private readonly root: string,
    readonly schema: SchemaModel | undefined,
    private readonly registry: Registry,
    private readonly templates?: ReadonlySet<string>,
  ) {
    this.store = new MatchstickStore(schema);
    if (schema) this.validate = makeValidator(schema);
  }

  private path(p: string): string {
    if (isAbsolute(p)) return p;
    const a = resolve(this.root, p);
    return existsSync(a) ? a : resolve(process.cwd(), p);
  }
  private mockKey(address: string, fnName: string, signature: string, args: EthValue[]): string {
    // matchstick keys mocks by address, name, signature and each token's Display, which prints
    // Int and Uint alike: normalise uint → int so both kinds match
    const norm = (v: EthValue): unknown =>
      v.kind === 'uint'
        ? { kind: 'int', value: v.value }
        : Array.isArray(v.value)
          ? { kind: v.kind, value: v.value.map(norm) }
          : v;
    return [
      address.toLowerCase(),
      fnName,
      signature,
      JSON.stringify(args.map(norm), (_k, v) =>
        typeof v === 'bigint' ? v.toString() : typeof v === 'string' ? v.toLowerCase() : v,
      ),
    ].join('|');
  }
  private print(line: string): void {
    this.output.push(line);
  }

  services(): HostServices {
    return {
      store: this.store,
      ethCall: (call) => {
        const m = this.mocks.get(
          this.mockKey(call.address, call.functionName, call.functionSignature, call.args),
        );
        if (!m) {
          throw new DeterministicError(
            `Could not find a mocked function for contract ${call.contractName} (${call.address}), function ${call.functionName} with signature ${call.functionSignature} and args [${call.args.map(showEthValue).join(', ')}]: use createMockedFunction(...)`,
          );
        }
        return m.reverts ? null : m.returns;
      },
      getBalance: () => 0n,
      hasCode: () => false,
      dataSource: () => ({
        name: 'mock',
        network: this.ds.network,
        address: this.ds.address as Hex,
        context: this.ds.context,
      }),
      createDataSource: (template, params, context) => {
        this.dataSources.push({ template, address: (params[0] ?? '').toLowerCase(), context });
      },
      log: (level: LogLevel | 'success', message: string) =>
        this.print(`${level.toUpperCase()} ${message}`),
      ipfsCat: (hash) => {
        const p = this.ipfsFiles.get(hash);
        if (!p) return null;
        return new Uint8Array(readFileSync(p));
      },
      validateEntity: this.validate,
      ipfsMapFormat: 'json-array',
    };
  }

  /** matchstick-as's own host imports (need the current instance for memory access). */
  imports(inst: () => HostInstance): Record<string, (...args: never[]) => unknown> {
    const abi = () => inst().abi;
    const str = (p: number) => abi().str(p);
    const fail = (custom: number | null, msg: string) => {
      this.failures.push(custom ? `${str(custom)} (${msg})` : msg);
      return 0;
    };
    const fieldEquals = (tp: number, ip: number, fp: number, ep: number, mp: number | null) => {
      const type = str(tp),
        id = str(ip),
        field = str(fp),
        expected = str(ep);
      const e = this.store.get(type, id);
      if (!e)
        return fail(mp, `(assert.fieldEquals) No entity with type '${type}' and id '${id}' found.`);
      const v = e.get(field);
      if (!v)
        return fail(
          mp,
          `(assert.fieldEquals) No field named '${field}' on entity with type '${type}' and id '${id}' found.`,
        );
      // exact comparison with the value's display form, as matchstick does (0x-lowercase bytes,
      // canonical BigDecimal, [a, b] lists)
      const actual = showStoreValue(v);
      return actual === expected
        ? 1
        : fail(
            mp,
            `(assert.fieldEquals) ${type}[${id}]: expected field '${field}' to equal '${expected}', but was '${actual}' instead.`,
          );
    };
    const equals = (ap: number, bp: number, mp: number | null) => {
      const a = abi().ethValue(ap),
        b = abi().ethValue(bp);
      return ethEquals(a, b)
        ? 1
        : fail(
            mp,
            `(assert.equals) Expected value was '${showEthValue(a)}' but actual value was '${showEthValue(b)}'`,
          );
    };
    const notInStore = (tp: number, ip: number, mp: number | null) => {
      const type = str(tp),
        id = str(ip);
      return this.store.get(type, id)
        ? fail(
            mp,
            `(assert.notInStore) Value for entity type: '${type}' and id: '${id}' was found in store.`,
          )
        : 1;
    };
    const dsCount = (tp: number, n: number, mp: number | null) => {
      const t = str(tp);
      if (this.templates && !this.templates.has(t))
        return fail(
          mp,
          `(assert.dataSourceCount) No template with name '${t}' found in the manifest.`,
        );
      const c = this.dataSources.filter((d) => d.template === t).length;
      return c === n
        ? 1
        : fail(
            mp,
            `(assert.dataSourceCount) Expected dataSource count for template \`${t}\` to be '${n}' but was '${c}'`,
          );
    };
    const dsExists = (tp: number, ap: number, mp: number | null) => {
      const t = str(tp),
        a = str(ap).toLowerCase();
      if (this.templates && !this.templates.has(t))
        return fail(
          mp,
          `(assert.dataSourceExists) No template with name '${t}' found in the manifest.`,
        );
      return this.dataSources.some((d) => d.template === t && d.address === a)
        ? 1
        : fail(
            mp,
            `(assert.dataSourceExists) No dataSource with address '${a}' found for template '${t}'`,
          );
    };
    const entityJson = (e: EntityData) =>
      Object.fromEntries([...e].map(([k, v]) => [k, showStoreValue(v)]));
    return {
      _registerTest: (np: number, shouldFail: number, idx: number) =>
        this.registry.onTest(str(np), shouldFail !== 0, idx >>> 0),
      _registerDescribe: (np: number, idx: number) => this.registry.onDescribe(str(np), idx >>> 0),
      _registerHook: (idx: number, tp: number) => this.registry.onHook(idx >>> 0, str(tp)),
      clearStore: () => {
        this.store.clear();
      },
      clearInBlockStore: () => {
        this.store.inBlock.clear();
      },
      logStore: () => {
        const out: Record<string, Record<string, unknown>> = {};
        for (const [t, m] of this.store.entities)
          out[t] = Object.fromEntries([...m].map(([id, e]) => [id, entityJson(e)]));
        this.print(JSON.stringify(out, null, 2));
      },
      logEntity: (tp: number, ip: number, showRelated: number) => {
        const type = str(tp),
          id = str(ip);
        const e = this.store.get(type, id);
        const out: Record<string, unknown> = e
          ? entityJson(e)
          : { error: `no entity ${type}[${id}]` };
        if (e && showRelated && this.schema) {
          for (const f of this.schema.entities.get(type)?.fields ?? []) {
            if (f.derivedFrom)
              out[f.name] = this.store.loadRelated(type, id, f.name).map(entityJson);
          }
        }
        this.print(JSON.stringify(out, null, 2));
      },
      countEntities: (tp: number) => this.store.count(str(tp)),
      mockInBlockStore: (tp: number, ip: number, dp: number) => {
        const type = str(tp);
        let t = this.store.inBlock.get(type);
        if (!t) this.store.inBlock.set(type, (t = new Map()));
        t.set(str(ip), abi().entity(dp));
      },
      logDataSources: (tp: number) => {
        const t = str(tp);
        this.print(
          JSON.stringify(
            this.dataSources
              .filter((d) => d.template === t)
              .map((d) => ({
                address: d.address,
                context: d.context ? entityJson(d.context) : null,
              })),
            null,
            2,
          ),
        );
      },
      mockIpfsFile: (hp: number, pp: number) => {
        this.ipfsFiles.set(str(hp), this.path(str(pp)));
      },
      readFile: (pp: number) => {
        const p = this.path(str(pp));
        if (!existsSync(p)) throw new DeterministicError(`readFile: ${p} does not exist`);
        return abi().newBytes(new Uint8Array(readFileSync(p)));
      },
      mockFunction: (
        ap: number,
        np: number,
        sp: number,
        argsp: number,
        retp: number,
        reverts: number,
      ) => {
        const a = abi();
        const name = str(np),
          sig = str(sp),
          args = a.ethValues(argsp);
        if (sig.split('(')[0] !== name) {
          throw new DeterministicError(
            `createMockedFunction: function name \`${name}\` should match the name in the function signature \`${sig}\``,
          );
        }
        let inputs: number;
        try {
          inputs = parseFunctionSignature(sig).inputs.length;
        } catch (e) {
          throw new DeterministicError(`createMockedFunction: ${(e as Error).message}`);
        }
        if (inputs !== args.length)
          throw new DeterministicError(
            `${name} expected ${inputs} arguments, but received ${args.length}`,
          );
        const key = this.mockKey(a.hex(ap), name, sig, args);
        this.mocks.set(key, { reverts: reverts !== 0, returns: a.ethValues(retp) });
      },
      'dataSourceMock.setReturnValues': (ap: number, np: number, cp: number) => {
        this.ds = { address: str(ap), network: str(np), context: abi().entity(cp) };
      },
      '_assert.fieldEquals': (a: number, b: number, c: number, d: number) =>
        fieldEquals(a, b, c, d, null),
      '_assert.fieldEqualsWithMessage': (a: number, b: number, c: number, d: number, m: number) =>
        fieldEquals(a, b, c, d, m),
      '_assert.equals': (a: number, b: number) => equals(a, b, null),
      '_assert.equalsWithMessage': (a: number, b: number, m: number) => equals(a, b, m),
      '_assert.notInStore': (a: number, b: number) => notInStore(a, b, null),
      '_assert.notInStoreWithMessage': (a: number, b: number, m: number) => notInStore(a, b, m),
      '_assert.dataSourceCount': (a: number, n: number) => dsCount(a, n, null),
      '_assert.dataSourceCountWithMessage': (a: number, n: number, m: number) => dsCount(a, n, m),
      '_assert.dataSourceExists': (a: number, b: number) => dsExists(a, b, null),
      '_assert.dataSourceExistsWithMessage': (a: number, b: number, m: number) => dsExists(a, b, m),
    };
  }
}
