// logsBloom membership against a real header: block of the devnet (Hardhat) with four logs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hex } from 'viem';
import { bloomHas, bloomMayMatch, makeBloom, parseBloom } from './bloom.ts';

// eth_getBlockByNumber(...).logsBloom and eth_getLogs({ blockHash }) of that block, as served.
const HEADER_BLOOM =
  '0x00000000000000000000000000000080000000000000000000000000000000000000000000000000000000000000000000000000020600000000000000000000000000000000008000000000002000000000000001000000000000002004000000000000000000040000000080000000000000000000000200000000000000000000000404000000000000000000000000000480000000000000000000000000000000001400020000800000000000000000000000800000002000080000400010000000000000000000000000000000000000000040000000000000004000000000000000000000000000000000000000000000000000000000000000000000';
const A1 = '0x1d397b541896ac5f9a155ebef9a7d7b76db675ee' as Hex;
const A2 = '0x0c6498a0628a7891753d4360315ed57d29d4822f' as Hex;
const T0a = '0x0109fc6f55cf40689f02fbaad7af7fe7bbac8a3d2186600afc7d3e10cac60271' as Hex;
const T0b = '0x0559884fd3a460db3073b7fc896cc77986f16e378210ded43186175bf646fc5f' as Hex;
const LOGS: { address: Hex; topics: Hex[] }[] = [
  {
    address: A1,
    topics: [
      T0a,
      '0x0000000000000000000000000000000000000000000000000000000000000003',
      '0x000000000000000000000000eabfb60982c935642f5818109288262cea884467',
    ],
  },
  {
    address: A1,
    topics: [
      T0b,
      '0x00000000000000000000000000000000000000000000000000000052c0c6e851',
      '0x0000000000000000000000000000000000000000000000000000000000000003',
    ],
  },
  {
    address: A2,
    topics: [
      T0a,
      '0x0000000000000000000000000000000000000000000000000000000000000006',
      '0x000000000000000000000000eabfb60982c935642f5818109288262cea884467',
    ],
  },
  {
    address: A2,
    topics: [
      T0b,
      '0x00000000000000000000000000000000000000000000000000000046476ec040',
      '0x0000000000000000000000000000000000000000000000000000000000000006',
    ],
  },
];

test("bloom of a real block: the header equals the bloom of its logs' addresses and topics; each is a member", () => {
  const items = LOGS.flatMap((l) => [l.address, ...l.topics]);
  assert.equal(makeBloom(items), HEADER_BLOOM);
  const bloom = parseBloom(HEADER_BLOOM)!;
  for (const it of items) assert.ok(bloomHas(bloom, it), it);
  assert.ok(bloomHas(bloom, A1.toUpperCase().replace('0X', '0x') as Hex), 'case-insensitive');
  assert.ok(!bloomHas(bloom, ('0x' + '42'.repeat(20)) as Hex));
});

test('a query may match only when an address of it AND a topic0 of it are in the bloom', () => {
  const bloom = parseBloom(HEADER_BLOOM)!;
  const other = ('0x' + '42'.repeat(20)) as Hex;
  const otherTopic = ('0x' + '99'.repeat(32)) as Hex;
  assert.equal(bloomMayMatch(bloom, { addresses: [other, A2], topics0: [otherTopic, T0b] }), true);
  assert.equal(bloomMayMatch(bloom, { addresses: null, topics0: [T0a] }), true);
  assert.equal(bloomMayMatch(bloom, { addresses: [other], topics0: [T0a] }), false);
  assert.equal(bloomMayMatch(bloom, { addresses: [A1], topics0: [otherTopic] }), false);
  assert.equal(
    bloomMayMatch(parseBloom('0x' + '00'.repeat(256))!, { addresses: null, topics0: [T0a] }),
    false,
  );
});

test('parseBloom: a missing or malformed logsBloom is "unknown" (nothing to check against), not "empty"', () => {
  assert.equal(parseBloom(undefined), null);
  assert.equal(parseBloom('0x'), null);
  assert.equal(parseBloom('0x' + '00'.repeat(255)), null);
  assert.equal(parseBloom('0x' + 'zz'.repeat(256)), null);
  assert.equal(parseBloom(HEADER_BLOOM)!.length, 256);
});
