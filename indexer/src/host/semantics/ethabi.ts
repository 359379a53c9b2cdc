// ethereum.encode/decode/call plumbing: Solidity type strings (as graph-ts and graph-cli's
// generated bindings write them, e.g. "(uint256,address[])") ↔ viem AbiParameters, and
// EthValue ↔ viem values. Encoding and decoding are viem's.
import {
  decodeAbiParameters,
  encodeAbiParameters,
  keccak256,
  toHex,
  type AbiParameter,
} from 'viem';
import type { EthValue, Hex } from '../../internal/types.ts';
import { ethValueFromViem as fromViem } from '../../internal/eth-value.ts';

/** Split on top-level commas. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0,
    start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = s.slice(start).trim();
  if (last !== '' || out.length) out.push(last);
  return out;
}

export function parseType(t: string): AbiParameter {
  t = t.trim();
  const arr = /^(.*)(\[[0-9]*\])$/.exec(t);
  if (arr) {
    const inner = parseType(arr[1]!);
    return { ...inner, type: inner.type + arr[2]! } as AbiParameter;
  }
  if (t.startsWith('(') && t.endsWith(')')) {
    return { type: 'tuple', components: splitTop(t.slice(1, -1)).map(parseType) } as AbiParameter;
  }
  if (t.startsWith('tuple(')) return parseType(t.slice(5));
  if (!/^(address|bool|string|bytes([0-9]+)?|u?int([0-9]+)?|function)$/.test(t))
    throw new Error(`invalid Solidity type \`${t}\``);
  const norm = t === 'uint' ? 'uint256' : t === 'int' ? 'int256' : t;
  return { type: norm } as AbiParameter;
}

export function parseTypeList(s: string): AbiParameter[] {
  s = s.trim();
  if (s.startsWith('(') && isWholeParen(s)) s = s.slice(1, -1);
  return splitTop(s)
    .filter((x) => x !== '')
    .map(parseType);
}
function isWholeParen(s: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')') {
      depth--;
      if (depth === 0 && i < s.length - 1) return false;
    }
  }
  return s.endsWith(')');
}

/** "name(in1,in2):(out1,out2)" → parts; outputs may be absent. */
export function parseFunctionSignature(sig: string): {
  name: string;
  inputs: AbiParameter[];
  outputs: AbiParameter[];
  canonical: string;
} {
  const open = sig.indexOf('(');
  if (open < 0) throw new Error(`invalid function signature \`${sig}\``);
  const name = sig.slice(0, open);
  let depth = 0,
    close = -1;
  for (let i = open; i < sig.length; i++) {
    if (sig[i] === '(') depth++;
    else if (sig[i] === ')') {
      depth--;
      if (depth === 0) {
        close = i;
        break;
      }
    }
  }
  if (close < 0) throw new Error(`invalid function signature \`${sig}\``);
  const inputs = splitTop(sig.slice(open + 1, close))
    .filter((x) => x !== '')
    .map(parseType);
  const rest = sig.slice(close + 1).trim();
  const outputs = rest.startsWith(':') ? parseTypeList(rest.slice(1)) : [];
  const canonical = `${name}(${inputs.map(canonicalType).join(',')})`;
  return { name, inputs, outputs, canonical };
}

export function canonicalType(p: AbiParameter): string {
  const m = /^tuple(\[.*\])?$/.exec(p.type);
  if (m)
    return `(${(p as unknown as { components: AbiParameter[] }).components.map(canonicalType).join(',')})${m[1] ?? ''}`;
  return p.type;
}

export function selector(canonicalSig: string): Hex {
  return keccak256(toHex(canonicalSig)).slice(0, 10) as Hex;
}

/** EthValue → value viem accepts for `param`. */
export function toViem(v: EthValue): unknown {
  switch (v.kind) {
    case 'address':
    case 'fixedBytes':
    case 'bytes':
      return v.value;
    case 'int':
    case 'uint':
      return v.value;
    case 'bool':
      return v.value;
    case 'string':
      return v.value;
    case 'fixedArray':
    case 'array':
    case 'tuple':
      return v.value.map(toViem);
  }
}

/** The Solidity type graph-node's ethabi infers for a token (ethereum.encode has no types). */
export function typeOfValue(v: EthValue): AbiParameter {
  switch (v.kind) {
    case 'address':
      return { type: 'address' };
    case 'fixedBytes':
      return { type: `bytes${(v.value.length - 2) / 2}` } as AbiParameter;
    case 'bytes':
      return { type: 'bytes' };
    case 'int':
      return { type: 'int256' };
    case 'uint':
      return { type: 'uint256' };
    case 'bool':
      return { type: 'bool' };
    case 'string':
      return { type: 'string' };
    case 'tuple':
      return { type: 'tuple', components: v.value.map(typeOfValue) } as AbiParameter;
    case 'array':
    case 'fixedArray': {
      const inner = v.value.length
        ? typeOfValue(v.value[0]!)
        : ({ type: 'uint256' } as AbiParameter);
      return {
        ...inner,
        type: `${inner.type}[${v.kind === 'array' ? '' : v.value.length}]`,
      } as AbiParameter;
    }
  }
}

export function encodeValue(v: EthValue): Hex {
  return encodeAbiParameters([typeOfValue(v)], [toViem(v)]);
}

/** ethereum.decode: null when the data does not decode as `types`. */
export function decodeValue(types: string, data: Hex): EthValue | null {
  try {
    const p = parseType(types);
    const [x] = decodeAbiParameters([p], data);
    return fromViem(p, x);
  } catch {
    return null;
  }
}

export function encodeCall(
  signature: string,
  args: EthValue[],
): { data: Hex; outputs: AbiParameter[] } {
  const f = parseFunctionSignature(signature);
  if (f.inputs.length !== args.length) {
    throw new Error(
      `function ${f.canonical} takes ${f.inputs.length} arguments, got ${args.length}`,
    );
  }
  const enc = encodeAbiParameters(f.inputs, args.map(toViem));
  return { data: (selector(f.canonical) + enc.slice(2)) as Hex, outputs: f.outputs };
}

export function decodeOutputs(outputs: AbiParameter[], data: Hex): EthValue[] {
  const vals = decodeAbiParameters(outputs, data) as readonly unknown[];
  return outputs.map((p, i) => fromViem(p, vals[i]));
}
