import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fmtAge,
  fmtBonus,
  fmtBps,
  fmtCompact,
  fmtDrop,
  fmtDuration,
  fmtEMode,
  fmtHF,
  fmtPct,
  fmtPctAuto,
  fmtTime,
  fmtUSD,
  fromUnits,
  shortAddr,
} from '@/lib/format.ts';

test('fmtUSD uses units K/M/B/T and keeps cents below 1000', () => {
  assert.equal(fmtUSD(1234567), '$1.23M');
  assert.equal(fmtUSD('2500000000'), '$2.50B');
  assert.equal(fmtUSD(950.5), '$950.50');
  assert.equal(fmtUSD(0), '$0');
  assert.equal(fmtUSD(-12500), '−$12.50K');
  assert.equal(fmtUSD(0.001), '$<0.01');
  assert.equal(fmtUSD('abc'), '—');
});

test('fmtPct / fmtBps / fmtBonus', () => {
  assert.equal(fmtPct(0.825), '82.5%');
  assert.equal(fmtPct(0.0000001), '<0.1%');
  assert.equal(fmtBps(8250), '82.5%');
  assert.equal(fmtBonus(10500), '5.0%');
  assert.equal(fmtBonus(0), '—');
});

test('fmtHF: two decimals, infinity without debt', () => {
  assert.equal(fmtHF(1.0449), '1.04');
  assert.equal(fmtHF(1.04, true), 'HF 1.04');
  assert.equal(fmtHF(Infinity), '∞');
  assert.equal(fmtHF(1e30), '∞');
  assert.equal(fmtHF(null), '—');
});

test('fromUnits converts raw integers exactly enough', () => {
  assert.equal(fromUnits('1500000', 6), 1.5);
  assert.equal(fromUnits('1000000000000000000', 18), 1);
  assert.equal(fromUnits('5', 8), 5e-8);
  assert.equal(fromUnits('-2500000', 6), -2.5);
  assert.equal(fromUnits('0', 18), 0);
});

test('fmtCompact, fmtAge, fmtTime, shortAddr', () => {
  assert.equal(fmtCompact(1999), '2.00K');
  assert.equal(fmtCompact(0.012345), '0.0123');
  assert.equal(fmtAge(1000, 1000_000 + 42_000), '42s');
  assert.equal(fmtAge(0, 5), '—');
  assert.equal(fmtAge(1000, (1000 + 3 * 3600 + 120) * 1000), '3h 2m');
  assert.equal(fmtAge(1000, (1000 + 5 * 86400) * 1000), '5d');
  assert.equal(fmtTime(1700000000), '2023-11-14 22:13 UTC');
  assert.equal(shortAddr('0x1234567890abcdef1234567890abcdef12345678'), '0x1234…5678');
});

test('fmtPctAuto adapts precision for axis ticks', () => {
  assert.equal(fmtPctAuto(0.25), '25%');
  assert.equal(fmtPctAuto(0.0123), '1.2%');
  assert.equal(fmtPctAuto(0.0012), '0.12%');
  assert.equal(fmtPctAuto(0.00004), '0.0040%');
  assert.equal(fmtPctAuto(0), '0%');
});

test('fmtHF truncates: a shown HF is never on the other side of a threshold from the counted one', () => {
  assert.equal(fmtHF(1.0456), '1.04');
  assert.equal(fmtHF(1.0999), '1.09');
  assert.equal(fmtHF(1.15), '1.15');
  assert.equal(fmtHF(0.9999), '0.9999');
  assert.equal(fmtHF(0.99999999), '0.9999');
  assert.equal(fmtHF(1.00004), '1.0000');
  assert.equal(fmtHF(0.985), '0.98');
  assert.equal(fmtHF(149.9), '149');
  // what is shown, compared with a threshold, agrees with the number
  for (const hf of [0.99995, 1.0456, 1.0499, 1.0999, 1.1, 1.2999]) {
    for (const t of [1, 1.05, 1.1, 1.3])
      assert.equal(Number(fmtHF(hf)) < t, hf < t, `${hf} vs ${t}`);
  }
});

test('durations and e-mode names for people', () => {
  assert.equal(fmtDuration(42), '42s');
  assert.equal(fmtDuration(3600 * 3 + 125), '3h 2m');
  assert.equal(fmtDuration(86400 * 2 + 3600 * 4), '2d 4h');
  assert.equal(fmtDuration(86400 * 12), '12d');
  assert.equal(fmtEMode(2, 'Stablecoins'), 'Stablecoins');
  assert.equal(fmtEMode(2, null), 'category 2');
  assert.equal(fmtEMode(0, 'x'), 'none');
  assert.equal(fmtDrop(0), '0%');
  assert.equal(fmtDrop(25), '−25%');
});
