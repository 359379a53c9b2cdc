import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRules, parseRules, publicError, RulesError } from '@/lib/alerts/rules';

function problems(text: string, file = 'rules.yaml', env = {}): string {
  try {
    parseRules(text, file, env);
  } catch (e) {
    assert.ok(e instanceof RulesError, `RulesError expected, got ${e}`);
    assert.ok(e.message.includes(file), `error names the file: ${e.message}`);
    return e.message;
  }
  assert.fail('rules were accepted');
}

test('the shipped defaults parse', () => {
  const c = loadRules(join(__dirname, '..', '..', 'config', 'alert-rules.yaml'), {});
  assert.ok(c.rules.length >= 9);
  const types = new Set(c.rules.map((r) => r.type));
  for (const t of [
    'collateral_at_risk',
    'health_factor',
    'bad_debt',
    'utilization',
    'cap_usage',
    'oracle_staleness',
    'price_deviation',
    'liquidation_spike',
    'indexing',
  ])
    assert.ok(types.has(t as never), t);
});

test('malformed rules: each error names the rule and the field', () => {
  assert.match(
    problems('rules:\n  - id: a\n    type: health_factor\n'),
    /rule "a": field "below" is required/,
  );
  assert.match(
    problems('rules:\n  - id: a\n    type: health_factr\n    below: 1\n'),
    /rule "a": field "type" must be one of .*"health_factr"/,
  );
  assert.match(
    problems('rules:\n  - id: a\n    type: utilization\n    max: 1.5\n'),
    /rule "a": field "max" must be in \[0, 1\] \(got 1.5\)/,
  );
  assert.match(
    problems('rules:\n  - id: a\n    type: utilization\n    max: "90%"\n'),
    /rule "a": field "max" must be a number \(got "90%"\)/,
  );
  assert.match(
    problems('rules:\n  - id: a\n    type: bad_debt\n    severity: urgent\n'),
    /rule "a": field "severity" must be one of info, warning, critical/,
  );
  assert.match(
    problems('rules:\n  - id: a\n    type: bad_debt\n    maxUSDd: 3\n'),
    /rule "a": unknown field "maxUSDd" for type bad_debt/,
  );
  assert.match(problems('rules:\n  - type: bad_debt\n'), /rules\[0\]: field "id" is required/);
  assert.match(
    problems('rules:\n  - { id: a, type: bad_debt }\n  - { id: a, type: bad_debt }\n'),
    /rule "a": duplicate id/,
  );
  assert.match(
    problems('rules:\n  - { id: s, type: oracle_staleness }\n'),
    /rule "s": give "maxAgeMinutes" and\/or "maxAgeBlocks"/,
  );
  assert.match(
    problems(
      'rules:\n  - { id: c, type: collateral_at_risk, dropPct: 10, maxUSD: 1, group: doge }\n',
    ),
    /rule "c": field "group" must be one of/,
  );
  assert.match(
    problems('rules:\n  - { id: h, type: health_factor, below: 1, scope: user }\n'),
    /rule "h": field "scope" must be protocol or account/,
  );
  assert.match(
    problems('rules:\n  - { id: l, type: liquidation_spike, trailingWindows: 2.5 }\n'),
    /rule "l": field "trailingWindows" must be an integer/,
  );
});

test('malformed files: syntax, shape, webhooks, env', () => {
  assert.match(problems('rules: [\n  - id: a\n'), /not valid YAML/);
  assert.match(problems('{"rules": [}', 'rules.json'), /rules\.json[\s\S]*not valid JSON/);
  assert.match(problems('- a\n- b\n'), /top level must be a mapping/);
  assert.match(
    problems('rule:\n  - { id: a, type: bad_debt }\n'),
    /unknown top-level key "rule"[\s\S]*`rules:` must be a list/,
  );
  assert.match(
    problems('rules: []\nwebhooks:\n  - ftp://x\n'),
    /webhooks\[0\]: "ftp:\/\/x" is not an http\(s\) URL/,
  );
  assert.match(
    problems('rules: []\nwebhooks:\n  - { url: "http://x", timeout: 5 }\n'),
    /webhooks\[0\]: unknown field "timeout"/,
  );
  assert.match(
    problems('rules: []\n', 'rules.yaml', { ALERT_WEBHOOKS: 'http://ok,not a url' }),
    /ALERT_WEBHOOKS: "not a url" is not an http\(s\) URL/,
  );
  assert.match(
    problems('rules: []\nevaluation: { pollSeconds: 0 }\n'),
    /evaluation: field "pollSeconds" must be in/,
  );
  // every problem is reported at once, not just the first
  const all = problems(
    'rules:\n  - { id: a, type: utilization, max: 2 }\n  - { id: b, type: health_factor }\n',
  );
  assert.match(all, /2 problems/);
  const dir = mkdtempSync(join(tmpdir(), 'alert-rules-'));
  assert.throws(
    () => loadRules(join(dir, 'missing.yaml'), {}),
    (e: Error) =>
      e instanceof RulesError && /missing\.yaml: 1 problem[\s\S]*cannot read/.test(e.message),
  );
});

test('webhooks from the file and ALERT_WEBHOOKS; disabled rules dropped; JSON works', () => {
  const c = parseRules(
    'rules:\n  - { id: a, type: bad_debt, enabled: false }\n  - { id: b, type: bad_debt, networks: [mainnet] }\nwebhooks:\n  - http://a.test/h\n  - { url: "https://b.test/h", timeoutMs: 100, retries: 2 }\n',
    'r.yaml',
    { ALERT_WEBHOOKS: 'http://c.test/x, http://a.test/h' },
  );
  assert.deepEqual(
    c.rules.map((r) => r.id),
    ['b'],
  );
  assert.deepEqual(c.rules[0].networks, ['mainnet']);
  assert.deepEqual(
    c.webhooks.map((w) => [w.url, w.timeoutMs, w.retries]),
    [
      ['http://a.test/h', 5000, 5],
      ['https://b.test/h', 100, 2],
      ['http://c.test/x', 5000, 5],
    ],
  );
  const dir = mkdtempSync(join(tmpdir(), 'alert-rules-'));
  const f = join(dir, 'r.json');
  writeFileSync(
    f,
    JSON.stringify({ rules: [{ id: 'u', type: 'utilization', max: 0.8, markets: ['WETH'] }] }),
  );
  const j = loadRules(f, {});
  assert.deepEqual(j.rules[0], {
    id: 'u',
    severity: 'warning',
    type: 'utilization',
    max: 0.8,
    markets: ['WETH'],
  });
});

test('errors shown in the browser name the rules file without its server path', () => {
  const e = new RulesError('/srv/app/dashboard/config/alert-rules.yaml', [
    'rules[0]: field "id" is required',
  ]);
  assert.match(e.message, /\/srv\/app/);
  assert.equal(
    publicError(e),
    'alert rules alert-rules.yaml: 1 problem:\n  - rules[0]: field "id" is required',
  );
  assert.equal(publicError(new Error('other')), 'other');
});
