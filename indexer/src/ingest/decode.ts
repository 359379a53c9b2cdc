// Log → ethereum.Event parameters, typed as graph-ts's ethereum.Value (EthValue).
// Indexed dynamic values (string, bytes, arrays, tuples) are only their keccak hash in the
// topic; graph-node hands them to mappings as FixedBytes(32), and so do we.
import { decodeAbiParameters, type AbiEvent, type AbiParameter } from 'viem';
import type { EthValue, Hex } from '../internal/types.ts';

const isDynamic = (t: string) => t === 'string' || t === 'bytes' || t.endsWith(']') || t.startsWith('tuple');

export function decodeEventParams(ev: AbiEvent, topics: Hex[], data: Hex): { name: string; value: EthValue }[] | null {
  const indexed = ev.inputs.filter((p) => p.indexed);
  if (topics.length !== indexed.length + 1) return null; // same topic0, different indexed layout
  const plain = ev.inputs.filter((p) => !p.indexed);
  let decoded: readonly unknown[];
  try {
    decoded = plain.length ? decodeAbiParameters(plain, data) : [];
  } catch {
    return null;
  }
  const out: { name: string; value: EthValue }[] = [];
  let ti = 1, di = 0;
  for (const p of ev.inputs) {
    if (p.indexed) {
      const topic = topics[ti++];
      if (isDynamic(p.type)) out.push({ name: p.name ?? '', value: { kind: 'fixedBytes', value: topic } });
      else {
        try {
          out.push({ name: p.name ?? '', value: toEthValue(p, decodeAbiParameters([p], topic)[0]) });
        } catch {
          return null;
        }
      }
    } else {
      out.push({ name: p.name ?? '', value: toEthValue(p, decoded[di++]) });
    }
  }
  return out;
}

/** A viem-decoded JS value → EthValue, driven by the ABI type. */
export function toEthValue(p: AbiParameter, v: unknown): EthValue {
  const t = p.type;
  const arr = /^(.*)\[(\d*)\]$/.exec(t);
  if (arr) {
    const inner = { ...p, type: arr[1] } as AbiParameter;
    const items = (v as unknown[]).map((x) => toEthValue(inner, x));
    return arr[2] === '' ? { kind: 'array', value: items } : { kind: 'fixedArray', value: items };
  }
  if (t === 'tuple') {
    const comps = ('components' in p ? p.components : []) as readonly AbiParameter[];
    return {
      kind: 'tuple',
      value: comps.map((c, i) => toEthValue(c, Array.isArray(v) ? v[i] : (v as Record<string, unknown>)[c.name ?? String(i)])),
    };
  }
  if (t === 'address') return { kind: 'address', value: (v as string).toLowerCase() as Hex };
  if (t === 'bool') return { kind: 'bool', value: v as boolean };
  if (t === 'string') return { kind: 'string', value: v as string };
  if (t === 'bytes') return { kind: 'bytes', value: (v as string).toLowerCase() as Hex };
  if (t.startsWith('bytes')) return { kind: 'fixedBytes', value: (v as string).toLowerCase() as Hex };
  if (t.startsWith('uint')) return { kind: 'uint', value: BigInt(v as bigint | number) };
  if (t.startsWith('int')) return { kind: 'int', value: BigInt(v as bigint | number) };
  throw new Error(`unsupported ABI type ${t}`);
}
