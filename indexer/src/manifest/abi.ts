// ABI helpers: canonical signatures as graph-cli writes them into the manifest, and the
// topic0 / selector that the chain filter matches on.
import {
  keccak256,
  toBytes,
  type Abi,
  type AbiEvent,
  type AbiFunction,
  type AbiParameter,
} from 'viem';
import type { Hex } from '../internal/types.ts';

/** `tuple[2]` → `(address,uint256)[2]`, other types verbatim. */
export function formatAbiType(p: AbiParameter): string {
  if (p.type.startsWith('tuple')) {
    const comps = ('components' in p ? p.components : []) ?? [];
    return `(${comps.map(formatAbiType).join(',')})${p.type.slice('tuple'.length)}`;
  }
  return p.type;
}

/** `Name(indexed address,uint256)` (graph-cli's form) or without `indexed` markers. */
export function eventSignature(ev: AbiEvent, withIndexed: boolean): string {
  const params = ev.inputs.map(
    (p) => `${withIndexed && p.indexed ? 'indexed ' : ''}${formatAbiType(p)}`,
  );
  return `${ev.name}(${params.join(',')})`;
}

export function functionSignature(fn: AbiFunction): string {
  return `${fn.name}(${fn.inputs.map(formatAbiType).join(',')})`;
}

export function topicOf(signatureWithoutIndexed: string): Hex {
  return keccak256(toBytes(signatureWithoutIndexed));
}

export function selectorOf(signature: string): Hex {
  return keccak256(toBytes(signature)).slice(0, 10) as Hex;
}

const squash = (s: string) => s.replace(/\s+/g, '');

/**
 * Finds the ABI event a manifest signature names. graph-node accepts the signature with or
 * without `indexed` markers; with markers, they must match the ABI's.
 */
export function findEvent(abi: Abi, manifestSignature: string): AbiEvent | null {
  const want = squash(manifestSignature);
  const hasIndexed = /\bindexed\s/.test(manifestSignature);
  for (const item of abi) {
    if (item.type !== 'event') continue;
    if (squash(eventSignature(item, hasIndexed)) === want) return item;
  }
  return null;
}

export function findFunction(abi: Abi, manifestSignature: string): AbiFunction | null {
  const want = squash(manifestSignature);
  for (const item of abi) {
    if (item.type !== 'function') continue;
    if (squash(functionSignature(item)) === want) return item;
  }
  return null;
}

/** Validates a parsed ABI JSON (array, or a Truffle/Hardhat artifact with `abi`). */
export function coerceAbi(json: unknown): { abi: Abi } | { problem: string } {
  const arr = Array.isArray(json)
    ? json
    : json && typeof json === 'object' && Array.isArray((json as any).abi)
      ? (json as any).abi
      : null;
  if (!arr) return { problem: 'ABI must be a JSON array (or an object with an "abi" array)' };
  for (let i = 0; i < arr.length; i++) {
    const it = arr[i];
    if (!it || typeof it !== 'object') return { problem: `ABI entry ${i} is not an object` };
    const type = it.type ?? 'function';
    if (!['function', 'event', 'constructor', 'fallback', 'receive', 'error'].includes(type))
      return { problem: `ABI entry ${i} has unknown type ${JSON.stringify(type)}` };
    if (
      (type === 'function' || type === 'event' || type === 'error') &&
      typeof it.name !== 'string'
    )
      return { problem: `ABI entry ${i} (${type}) has no name` };
    if (it.inputs !== undefined && !Array.isArray(it.inputs))
      return { problem: `ABI entry ${i} (${it.name ?? type}): "inputs" must be an array` };
    for (const [j, p] of (it.inputs ?? []).entries()) {
      if (!p || typeof p.type !== 'string')
        return { problem: `ABI entry ${i} (${it.name ?? type}): input ${j} has no type` };
    }
    if (type === 'function' && it.type === undefined) it.type = 'function';
  }
  return { abi: arr as Abi };
}
