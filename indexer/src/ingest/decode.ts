// Log → ethereum.Event parameters, typed as graph-ts's ethereum.Value (EthValue).
// Indexed dynamic values (string, bytes, arrays, tuples) are only their keccak hash in the
// topic; graph-node hands them to mappings as FixedBytes(32), and so do we.
import { decodeAbiParameters, type AbiEvent } from 'viem';
import type { EthValue, Hex } from '../internal/types.ts';
import { ethValueFromViem } from '../internal/eth-value.ts';

const isDynamic = (t: string) =>
  t === 'string' || t === 'bytes' || t.endsWith(']') || t.startsWith('tuple');

export function decodeEventParams(
  ev: AbiEvent,
  topics: Hex[],
  data: Hex,
): { name: string; value: EthValue }[] | null {
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
  let ti = 1,
    di = 0;
  for (const p of ev.inputs) {
    if (p.indexed) {
      const topic = topics[ti++];
      if (isDynamic(p.type))
        out.push({ name: p.name ?? '', value: { kind: 'fixedBytes', value: topic } });
      else {
        try {
          out.push({
            name: p.name ?? '',
            value: ethValueFromViem(p, decodeAbiParameters([p], topic)[0]),
          });
        } catch {
          return null;
        }
      }
    } else {
      out.push({ name: p.name ?? '', value: ethValueFromViem(p, decoded[di++]) });
    }
  }
  return out;
}
