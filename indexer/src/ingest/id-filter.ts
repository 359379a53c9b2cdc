// A growable Bloom filter over entity ids: "definitely absent" or "maybe present".
//
// The entity cache keeps one per immutable entity type so that loading an id that was never
// stored (the usual case: graph-ts's `store.set` merges with the previous version, so every new
// event entity is looked up first; `X.load(id) === null` checks) is answered in memory instead
// of a database round trip plus a re-run of the handler. ~10 bits per id, 7 probes: about 1% of
// absent ids still go to the database (where the answer is exact). Layers double in capacity as
// ids are added, so no size has to be known up front.

const BITS_PER_ID = 10;
const PROBES = 7;
const FIRST_CAPACITY = 1 << 14;

interface Layer {
  bits: Uint32Array;
  mask: number;
  capacity: number;
  count: number;
}

let h1 = 0,
  h2 = 0;
/** Two independent 32-bit hashes of s (into h1, h2; h2 odd). */
function hash(s: string): void {
  let a = 0x811c9dc5,
    b = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  a = Math.imul(a, 0xc2b2ae35);
  a ^= a >>> 16;
  b ^= b >>> 16;
  b = Math.imul(b, 0x7feb352d);
  b ^= b >>> 15;
  b = Math.imul(b, 0x846ca68b);
  b ^= b >>> 16;
  h1 = a >>> 0;
  h2 = (b | 1) >>> 0;
}

function newLayer(capacity: number): Layer {
  // bit count: a power of two ≥ capacity × BITS_PER_ID
  let m = 1 << 5;
  while (m < capacity * BITS_PER_ID) m *= 2;
  return { bits: new Uint32Array(m >>> 5), mask: m - 1, capacity, count: 0 };
}

export class IdFilter {
  private layers: Layer[] = [newLayer(FIRST_CAPACITY)];
  /** ids added (duplicates counted) */
  size = 0;

  add(id: string): void {
    let l = this.layers[this.layers.length - 1]!;
    if (l.count >= l.capacity) this.layers.push((l = newLayer(l.capacity * 2)));
    hash(id);
    for (let i = 0; i < PROBES; i++) {
      const bit = (h1 + Math.imul(i, h2)) & l.mask;
      l.bits[bit >>> 5]! |= 1 << (bit & 31);
    }
    l.count++;
    this.size++;
  }

  /** false: id was never added. true: it probably was. */
  has(id: string): boolean {
    hash(id);
    for (const l of this.layers) {
      let all = true;
      for (let i = 0; i < PROBES; i++) {
        const bit = (h1 + Math.imul(i, h2)) & l.mask;
        if (!(l.bits[bit >>> 5]! & (1 << (bit & 31)))) {
          all = false;
          break;
        }
      }
      if (all) return true;
    }
    return false;
  }
}
