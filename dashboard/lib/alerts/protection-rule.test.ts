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
