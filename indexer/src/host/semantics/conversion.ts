// typeConversion.* and small codecs with graph-node's semantics (runtime/wasm/src/host_exports.rs).
import { DeterministicError } from '../../internal/errors.ts';

const utf8Lossy = new TextDecoder('utf-8', { fatal: false });

/** bytesToString: lossy UTF-8 (invalid sequences → U+FFFD), trailing NULs trimmed. */
export function bytesToString(b: Uint8Array): string {
  return utf8Lossy.decode(b).replace(/\u0000+$/, '');
}

export function bytesToHex(b: Uint8Array): string {
  return '0x' + Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

/** stringToH160: optional 0x prefix, exactly 40 hex digits. */
export function stringToH160(s: string): Uint8Array {
  const h = s.startsWith('0x') ? s.slice(2) : s;
  if (!/^[0-9a-fA-F]{40}$/.test(h)) {
    throw new DeterministicError(
      `Failed to convert string to Address/H160: '${h}': ${h.length !== 40 ? 'Invalid input length' : 'Invalid character'}`,
    );
  }
  return Uint8Array.from(Buffer.from(h, 'hex'));
}

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
export function bytesToBase58(b: Uint8Array): string {
  let x = 0n;
  for (const byte of b) x = (x << 8n) | BigInt(byte);
  let out = '';
  while (x > 0n) {
    out = B58[Number(x % 58n)]! + out;
    x /= 58n;
  }
  for (const byte of b) {
    if (byte !== 0) break;
    out = '1' + out;
  }
  return out;
}

export function hexToBytes(h: string): Uint8Array {
  const s = h.startsWith('0x') ? h.slice(2) : h;
  return Uint8Array.from(Buffer.from(s.length % 2 ? '0' + s : s, 'hex'));
}
