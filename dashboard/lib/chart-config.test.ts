// What the line/bar charts draw: on a numeric x axis each point sits at its own x value (the
// shock curve's 0, 5 … 30, 40 … 90 keep their uneven spacing), lines are straight (no smoothing)
// and a drop of 0 is labelled "0%", never "−0%". Category charts keep their labels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fmtX, lineBarData, lineBarOptions, type LineBarSpec } from '@/lib/chart-config';

const DROPS = [0, 5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 80, 90];
const spec = (over: Partial<LineBarSpec> = {}): LineBarSpec => ({
  kind: 'line',
  labels: DROPS,
  series: [{ label: 'ETH', data: DROPS.map((d) => d * 10) }],
  yFormat: 'usd',
  stacked: false,
  xType: 'linear',
  xFormat: 'drop',
  ...over,
});
const colors = { text: '#000', grid: '#ccc' };

test('numeric x axis: points at their x values, axis spans the drops, no smoothing', () => {
  const data = lineBarData(spec());
  assert.equal(data.labels, undefined);
  assert.deepEqual(
    data.datasets[0].data,
    DROPS.map((d) => ({ x: d, y: d * 10 })),
  );
  assert.equal(data.datasets[0].tension, 0);
  const x = lineBarOptions(spec(), colors).scales!.x as {
    type: string;
    min: number;
    max: number;
    ticks: { callback: (v: number) => string };
  };
  assert.equal(x.type, 'linear');
  assert.deepEqual([x.min, x.max], [0, 90]);
  // 30 → 40 is twice as far as 25 → 30 on the axis: the position is the value itself
  assert.deepEqual(
    [0, 5, 40, 90].map((v) => x.ticks.callback(v)),
    ['0%', '−5%', '−40%', '−90%'],
  );
});

test('category charts: labels formatted, lines straight too', () => {
  const data = lineBarData(spec({ xType: 'category', kind: 'bar' }));
  assert.equal(data.labels![0], '0%');
  assert.equal(data.labels![1], '−5%');
  assert.deepEqual(
    data.datasets[0].data,
    DROPS.map((d) => d * 10),
  );
  assert.equal(
    lineBarData(spec({ xType: 'category', xFormat: undefined, labels: ['Nov 1'] })).labels![0],
    'Nov 1',
  );
  assert.equal(data.datasets[0].tension, 0);
});

test('x labels: drops, utilisation percent', () => {
  assert.equal(fmtX(0, 'drop'), '0%');
  assert.equal(fmtX(12.5, 'drop'), '−12.5%');
  assert.equal(fmtX(80, 'pct100'), '80%');
  assert.equal(fmtX('WETH', 'drop'), 'WETH');
});
