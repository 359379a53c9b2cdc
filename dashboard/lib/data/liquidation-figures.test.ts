// Pins down one name per liquidation figure: no page, component or view names an amount with a
// word that has meant several figures ("Liquidated", "Bonus captured", a bare "Seized" or
// "Bonus"), and the account history says which figure its USD column holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AMBIGUOUS_LIQUIDATION_WORDS, LIQUIDATION_FIGURES } from '@/lib/data/liquidation-figures';
import { mergeAccountEvents } from '@/lib/data/events';

const dashboard = join(new URL('.', import.meta.url).pathname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [p] : [];
  });
}

test('pages, components and views use the figure names, never an ambiguous word', () => {
  const offenders: string[] = [];
  for (const file of [
    ...sources(join(dashboard, 'app')),
    ...sources(join(dashboard, 'components')),
    ...sources(join(dashboard, 'lib', 'data')),
  ]) {
    if (file.endsWith('liquidation-figures.ts')) continue;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        // labels only: strings shown to the user ('…', "…", `…`, or JSX text)
        if (/^\s*(\/\/|\*|import)/.test(line)) return;
        for (const w of AMBIGUOUS_LIQUIDATION_WORDS)
          if (w.test(line))
            offenders.push(
              `${file.slice(dashboard.length + 1)}:${i + 1}: ${line.trim().slice(0, 90)}`,
            );
      });
  }
  assert.deepEqual(offenders, []);
  assert.deepEqual(Object.values(LIQUIDATION_FIGURES), [
    'Debt repaid',
    'Collateral seized',
    'Collateral taken (seized + protocol fee)',
    'Liquidator bonus',
    'Protocol fee',
  ]);
});

test('the account history: a liquidation row holds the debt repaid and names the collateral seized', () => {
  const rows = mergeAccountEvents({
    supplies: [],
    withdraws: [],
    borrows: [],
    repays: [],
    liquidations: [
      {
        id: 'l1',
        timestamp: '100',
        txHash: '0xt',
        liquidator: '0x1234567890abcdef',
        debtRepaidUSD: '1000',
        collateralSeizedUSD: '1050.5',
        collateralMarket: { symbol: 'WETH' },
        debtMarket: { symbol: 'DAI' },
      },
    ],
  });
  assert.equal(rows[0].usd, 1000);
  assert.equal(rows[0].detail, 'USD: debt repaid · collateral seized $1050.50 · by 0x12345678…');
});
