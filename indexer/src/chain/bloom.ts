// Block header logsBloom membership (Yellow Paper §4.3.1, M3:2048): each log contributes its
// address and every topic; an item sets three bits, taken from the first three byte pairs of
// keccak256(item), each pair's low 11 bits counting from the bloom's last byte. A bloom has no
// false negatives (a block with a matching log always matches) but false positives, many of
// them on busy chains where blooms are nearly full.
import { keccak256, type Hex } from 'viem';
import type { LogQuery } from './log-query.ts';

/** [byte, mask] × 3 for one item */
type Bits = readonly [number, number, number, number, number, number];

const memo = new Map<string, Bits>();

/** The three (byte index, bit mask) pairs an item (address or topic, hex) sets in a bloom. */
export function bloomBits(item: Hex): Bits {
  const key = item.toLowerCase();
  let b = memo.get(key);
  if (!b) {
    const h = keccak256(key as Hex, 'bytes');
    const out: number[] = [];
    for (let i = 0; i < 6; i += 2) {
      const v = ((h[i] << 8) | h[i + 1]) & 2047;
      out.push(255 - (v >> 3), 1 << (v & 7));
    }
    b = out as unknown as Bits;
    // Addresses and topics of one deployment are a bounded set; the cap only guards misuse.
    if (memo.size > 100_000) memo.clear();
    memo.set(key, b);
  }
  return b;
}

/** 256 bloom bytes, or null when the header has no (well-formed) logsBloom. */
export function parseBloom(hex: string | undefined | null): Uint8Array | null {
  if (typeof hex !== 'string' || !/^0x[0-9a-fA-F]{512}$/.test(hex)) return null;
  return Uint8Array.from(Buffer.from(hex.slice(2), 'hex'));
}

export function bloomHas(bloom: Uint8Array, item: Hex): boolean {
  const b = bloomBits(item);
  return (bloom[b[0]] & b[1]) !== 0 && (bloom[b[2]] & b[3]) !== 0 && (bloom[b[4]] & b[5]) !== 0;
}

/** Could a block with this bloom hold a log matching the query (an address of it AND a topic0 of it)? */
export function bloomMayMatch(bloom: Uint8Array, q: LogQuery): boolean {
  if (!q.topics0.some((t) => bloomHas(bloom, t))) return false;
  return q.addresses === null || q.addresses.some((a) => bloomHas(bloom, a));
}

/** A bloom holding exactly the given items (tests, and fixtures that serve headers). */
export function makeBloom(items: Hex[]): Hex {
  const bloom = new Uint8Array(256);
  for (const it of items) {
    const b = bloomBits(it);
    bloom[b[0]] |= b[1];
    bloom[b[2]] |= b[3];
    bloom[b[4]] |= b[5];
  }
  return ('0x' + Buffer.from(bloom).toString('hex')) as Hex;
}
