// A viem-decoded JS value → EthValue (graph-ts's ethereum.Value), driven by the ABI parameter.
// One converter for event parameters (ingest/decode.ts) and ethereum.decode / ethereum.call
// results (host/semantics/ethabi.ts). Hex values come out lowercased, as everywhere in EthValue.
import type { AbiParameter } from 'viem';
import type { EthValue, Hex } from './types.ts';

export function ethValueFromViem(param: AbiParameter, value: unknown): EthValue {
  const t = param.type;
  const arr = /^(.*)\[(\d*)\]$/.exec(t);
  if (arr) {
    const inner = { ...param, type: arr[1] } as AbiParameter;
    const items = (value as unknown[]).map((x) => ethValueFromViem(inner, x));
    return arr[2] === '' ? { kind: 'array', value: items } : { kind: 'fixedArray', value: items };
  }
  if (t === 'tuple') {
    const comps = ('components' in param ? param.components : []) as readonly AbiParameter[];
    // viem gives a tuple with named components as an object, otherwise as an array
    const at = (c: AbiParameter, i: number) =>
      Array.isArray(value) ? value[i] : (value as Record<string, unknown>)[c.name ?? String(i)];
    return { kind: 'tuple', value: comps.map((c, i) => ethValueFromViem(c, at(c, i))) };
  }
  if (t === 'address') return { kind: 'address', value: lower(value) };
  if (t === 'bool') return { kind: 'bool', value: value as boolean };
  if (t === 'string') return { kind: 'string', value: value as string };
  if (t === 'bytes') return { kind: 'bytes', value: lower(value) };
  if (t.startsWith('bytes')) return { kind: 'fixedBytes', value: lower(value) };
  // viem decodes integers of up to 48 bits as numbers
  if (t.startsWith('uint')) return { kind: 'uint', value: BigInt(value as bigint | number) };
  if (t.startsWith('int')) return { kind: 'int', value: BigInt(value as bigint | number) };
  throw new Error(`unsupported ABI type ${t}`);
}

const lower = (v: unknown) => (v as string).toLowerCase() as Hex;
