// Tables show protocol parameters as percentages and ages as durations; the CSV keeps the raw
// value under a header that names its unit (basis points, seconds).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellText, csvHeader } from '@/lib/table-columns';

test('cells: bps and bonus as percent, seconds as a duration, HF truncated', () => {
  assert.equal(cellText(8050, 'bps'), '80.5%');
  assert.equal(cellText(10500, 'bonus'), '5.0%');
  assert.equal(cellText(7380, 'duration'), '2h 3m');
  assert.equal(cellText(1.0456, 'hf'), '1.04');
});

test('CSV headers name the unit of converted columns', () => {
  assert.equal(
    csvHeader({ key: 'lt', label: 'Liq. threshold', type: 'bps', csv: 'liquidationThresholdBps' }),
    'liquidationThresholdBps',
  );
  assert.equal(csvHeader({ key: 'ltv', label: 'LTV', type: 'bps' }), 'LTV (bps)');
  assert.equal(csvHeader({ key: 'ageS', label: 'Age', type: 'duration' }), 'Age (seconds)');
  assert.equal(csvHeader({ key: 'symbol', label: 'Asset' }), 'Asset');
});
