import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fmtAge, fmtBonus, fmtBps, fmtCompact, fmtHF, fmtPct, fmtPctAuto, fmtTime, fmtUSD, fromUnits, shortAddr } from './format.ts';

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
