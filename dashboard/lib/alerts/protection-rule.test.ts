// The borrower-protection rule (liquidation_protection): validated up front, and evaluated over
// the hand book's real risk context (lib/data/protection.ts): the watched at-risk account (1 WETH,
// 1,500 DAI, HF 1.0667) fires below 1.1 with the amounts worked out by hand in
// lib/risk/protection.test.ts (166.666666660000000001 DAI or 0.125 WETH for HF 1.2), and its
// liquidation price: 1,500 / 0.8 = $1,875 per WETH.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateRules, type Snapshot } from '@/lib/alerts/evaluate';
import { parseRules, RulesError } from '@/lib/alerts/rules';
import { accountProtection, tokenAmount } from '@/lib/data/protection';
import { RiskContext } from '@/lib/risk/service';
import { HAND, handBook } from '@/test-fixtures/hand-book';
import { predictLiquidations } from '@/lib/predict/predict';

const parse = (yaml: string) => parseRules(`rules:\n${yaml}`, 't.yaml');

test('liquidation_protection: accounts must be addresses, target above below', () => {
  assert.throws(
    () =>
      parse(
        '  - { id: p, type: liquidation_protection, accounts: ["0x12", nope], below: 1.2, target: 1.1 }\n',
      ),
    (e: unknown) =>
      e instanceof RulesError &&
      /"0x12" is not an address/.test(e.message) &&
      /"nope" is not an address/.test(e.message) &&
      /"target" \(1.1\) must be above "below" \(1.2\)/.test(e.message),
  );
  // unquoted, YAML reads an address as a hex number
  assert.throws(
    () =>
      parse(`  - { id: p, type: liquidation_protection, accounts: [${HAND.atRisk}], below: 1 }\n`),
    /quote each address/,
  );
  const [r] = parse(
    `  - { id: p, type: liquidation_protection, accounts: ["${HAND.atRisk.toUpperCase().replace('0X', '0x')}"], below: 1.1 }\n`,
  ).rules;
  assert.deepEqual(r, {
    id: 'p',
    severity: 'warning',
    type: 'liquidation_protection',
    accounts: [HAND.atRisk],
    below: 1.1,
    target: 1.5,
  });
});

test('tokenAmount: exact decimal strings', () => {
  assert.equal(tokenAmount(166666666660000000001n, 18), '166.666666660000000001');
  assert.equal(tokenAmount(125000000000000000n, 18), '0.125');
  assert.equal(tokenAmount(4000_000000n, 6), '4000');
});

test('a watched account below the level fires with its prices and the amounts to the target', () => {
  const ctx = new RiskContext(handBook());
  const snapshot: Snapshot = {
    network: 'hand',
    block: { number: 100, timestamp: 1_700_000_000 },
    now: 1_700_000_000,
    hasIndexingErrors: false,
    protection: (a, t) => accountProtection(ctx, a, t),
  };
  const rules = parse(
    `  - { id: p, type: liquidation_protection, accounts: ["${HAND.atRisk}", "${HAND.healthy}", "${HAND.supplier}"], below: 1.1, target: 1.2 }\n`,
  ).rules;
  const r = evaluateRules(rules, snapshot);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(
    r.conditions.map((c) => c.subject),
    [`account:${HAND.atRisk}`],
  );
  const c = r.conditions[0];
  assert.match(
    c.message,
    /health factor 1\.0667 < 1\.1; to reach 1\.2: repay 166\.666666660000000001 DAI \(\$167\) or supply 0\.125 WETH \(\$250\)/,
  );
  const d = c.detail as ReturnType<typeof accountProtection>;
  assert.equal(d!.liquidationPrices[0].symbol, 'WETH');
  assert.equal(d!.liquidationPrices[0].liquidationPriceUSD, 1875);
  assert.equal(d!.repay[0].amount, '166.666666660000000001');
  assert.equal(d!.supply[0].amount, '0.125');
  // no snapshot data: the rule is not evaluated (its alerts stay as they are)
  const none = evaluateRules(rules, { ...snapshot, protection: undefined });
  assert.equal(none.evaluated.size, 0);
});

test('pLiquidationAbove: fires on the predicted 24-hour odds, with them in the detail', () => {
  assert.throws(
    () => parse(`  - { id: p, type: liquidation_protection, accounts: ["${HAND.atRisk}"] }\n`),
    /give "below" \(a health factor\), "pLiquidationAbove" \(0–1\) or both/,
  );
  assert.throws(
    () =>
      parse(
        `  - { id: p, type: liquidation_protection, accounts: ["${HAND.atRisk}"], pLiquidationAbove: 2 }\n`,
      ),
    /pLiquidationAbove/,
  );
  const rules = parse(
    `  - { id: p, type: liquidation_protection, accounts: ["${HAND.atRisk}", "${HAND.healthy}"], pLiquidationAbove: 0.1, target: 1.2 }\n`,
  ).rules;
  assert.equal((rules[0] as { below?: number }).below, undefined);
  const book = handBook();
  const ctx = new RiskContext(book);
  // WETH ±1% an hour (lib/predict/predict.test.ts): the at-risk account's first passage within
  // 24 h is about 15%, the healthy one's (HF 1.6) is 0
  const weth: Array<[number, number]> = [];
  for (let t = 0; t <= 48; t++)
    weth.push([book.block.timestamp - (48 - t) * 3600, t % 2 === 0 ? 2000 : 2000 * Math.exp(0.01)]);
  const prediction = predictLiquidations(
    book,
    { series: new Map([[0, weth]]) },
    { horizon: '1d', paths: 4000, seed: 2, accounts: [HAND.atRisk, HAND.healthy] },
  );
  const odds = new Map(prediction.accounts.map((a) => [a.account, a]));
  assert.ok(
    odds.get(HAND.atRisk)!.pLiquidation > 0.1 && odds.get(HAND.healthy)!.pLiquidation === 0,
  );
  const snapshot: Snapshot = {
    network: 'hand',
    block: { number: 100, timestamp: book.block.timestamp },
    now: book.block.timestamp,
    hasIndexingErrors: false,
    protection: (a, t) => accountProtection(ctx, a, t),
    liquidationOdds: (a) => odds.get(a) ?? null,
  };
  const r = evaluateRules(rules, snapshot);
  assert.deepEqual(
    r.conditions.map((c) => c.subject),
    [`account:${HAND.atRisk}`],
  );
  const p = odds.get(HAND.atRisk)!.pLiquidation;
  assert.match(
    r.conditions[0].message,
    new RegExp(
      `P\\(liquidation within 24 h\\) ${(p * 100).toFixed(1)}% > 10\\.0% \\(expected in [0-9.]+ h\\); to reach 1\\.2: repay 166\\.666666660000000001 DAI`,
    ),
  );
  assert.equal((r.conditions[0].detail as { pLiquidation: number }).pLiquidation, p);
  // without the odds the rule is not evaluated
  assert.equal(evaluateRules(rules, { ...snapshot, liquidationOdds: undefined }).evaluated.size, 0);
});
