// Alert rules: parsed from YAML/JSON and validated up front, so a typo fails at start with an
// error naming the file, the rule and the field instead of silently never firing.
import { readFileSync, existsSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { checkUrl, isObj, num, strList, type NumOpts, type Obj } from '@/lib/alerts/rule-fields';

export type Severity = 'info' | 'warning' | 'critical';
export const SEVERITIES: Severity[] = ['info', 'warning', 'critical'];

interface RuleBase {
  id: string;
  severity: Severity;
  /** only these networks (default: all) */
  networks?: string[];
  description?: string;
}

export type Rule = RuleBase &
  /** collateral of accounts that become liquidatable if `asset`/`group` (or everything) falls `dropPct` */
  (
    | {
        type: 'collateral_at_risk';
        dropPct: number;
        asset?: string;
        group?: string;
        maxUSD: number;
      }
    /** scope protocol: count of borrowers with HF < below ≥ minAccounts; scope account: one alert per account */
    | { type: 'health_factor'; below: number; scope: 'protocol' | 'account'; minAccounts: number }
    /** debt not covered by collateral now (Σ max(0, D − C) over liquidatable accounts) */
    | { type: 'bad_debt'; maxUSD: number }
    | { type: 'utilization'; max: number; markets?: string[] }
    | { type: 'cap_usage'; max: number; cap: 'supply' | 'borrow' | 'both'; markets?: string[] }
    /** no oracle price update for maxAgeMinutes (block time) and/or maxAgeBlocks */
    | {
        type: 'oracle_staleness';
        maxAgeMinutes?: number;
        maxAgeBlocks?: number;
        markets?: string[];
      }
    /** |price change| between two successively evaluated blocks above maxPct */
    | { type: 'price_deviation'; maxPct: number; markets?: string[] }
    /** liquidated debt (USD) in the last window ≥ factor × trailing average and ≥ minUSD */
    | {
        type: 'liquidation_spike';
        windowMinutes: number;
        trailingWindows: number;
        factor: number;
        minUSD: number;
      }
    /**
     * watched accounts (borrower protection): one alert per account whose HF < below or whose
     * predicted P(liquidation in 24 h) > pLiquidationAbove, carrying
     * its liquidation prices and the repay / supply amounts that bring it back to `target`
     */
    | {
        type: 'liquidation_protection';
        accounts: string[];
        /** fire below this HF (at least one of below / pLiquidationAbove) */
        below?: number;
        /** fire when the predicted P(liquidation within 24 h) exceeds this (0–1) */
        pLiquidationAbove?: number;
        target: number;
      }
    /** latest indexed block older than maxBlockAgeMinutes (wall clock), _meta.hasIndexingErrors, endpoint down */
    | { type: 'indexing'; maxBlockAgeMinutes?: number; errors: boolean; unreachable: boolean }
  );
export type RuleType = Rule['type'];

export interface WebhookTarget {
  url: string;
  timeoutMs: number;
  retries: number;
  backoffMs: number;
  /** HMAC-SHA256 key: each body is signed in `x-signature-sha256` (own `secret`, else ALERT_WEBHOOK_SECRET) */
  secret?: string;
}

export interface AlertConfig {
  source: string;
  /** _meta poll interval */
  pollSeconds: number;
  /** re-evaluate wall-clock rules (indexing lag, endpoint down) when no new block arrives */
  timerSeconds: number;
  /** resolved alerts kept per network */
  recentLimit: number;
  rules: Rule[];
  webhooks: WebhookTarget[];
}

export class RulesError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(
      `alert rules ${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n  - ${problems.join('\n  - ')}`,
    );
    this.name = 'RulesError';
  }
}

/**
 * An error as shown in the browser (/alerts, /api/alerts): the rules file by its name only, since a
 * server path means nothing to the reader and tells how the server is laid out.
 */
export function publicError(e: Error): string {
  return e instanceof RulesError ? e.message.split(e.file).join(basename(e.file)) : e.message;
}

const TYPES: Record<RuleType, { required: string[]; optional: string[] }> = {
  collateral_at_risk: { required: ['dropPct', 'maxUSD'], optional: ['asset', 'group'] },
  health_factor: { required: ['below'], optional: ['scope', 'minAccounts'] },
  bad_debt: { required: [], optional: ['maxUSD'] },
  utilization: { required: ['max'], optional: ['markets'] },
  cap_usage: { required: ['max'], optional: ['cap', 'markets'] },
  oracle_staleness: { required: [], optional: ['maxAgeMinutes', 'maxAgeBlocks', 'markets'] },
  price_deviation: { required: ['maxPct'], optional: ['markets'] },
  liquidation_spike: {
    required: [],
    optional: ['windowMinutes', 'trailingWindows', 'factor', 'minUSD'],
  },
  indexing: { required: [], optional: ['maxBlockAgeMinutes', 'errors', 'unreachable'] },
  liquidation_protection: {
    required: ['accounts'],
    optional: ['below', 'pLiquidationAbove', 'target'],
  },
};
const COMMON = ['id', 'type', 'severity', 'networks', 'description', 'enabled'];
const GROUPS = ['eth', 'btc', 'stablecoin', 'rwa', 'other', 'ETH-like', 'BTC-like', 'RWA'];

/** Parse and validate rules text. `file` only names the source in errors. */
export function parseRules(
  text: string,
  file: string,
  env: Record<string, string | undefined> = {},
): AlertConfig {
  const problems: string[] = [];
  let doc: unknown;
  try {
    doc = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (e) {
    throw new RulesError(file, [
      `not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`,
    ]);
  }
  if (!isObj(doc)) throw new RulesError(file, ['top level must be a mapping with a `rules:` list']);
  for (const k of Object.keys(doc))
    if (!['rules', 'webhooks', 'evaluation'].includes(k))
      problems.push(`unknown top-level key "${k}" (expected rules, webhooks, evaluation)`);

  const ev = doc.evaluation ?? {};
  const cfg: AlertConfig = {
    source: file,
    pollSeconds: 5,
    timerSeconds: 60,
    recentLimit: 200,
    rules: [],
    webhooks: [],
  };
  if (!isObj(ev)) problems.push('evaluation: must be a mapping');
  else {
    for (const k of Object.keys(ev))
      if (!['pollSeconds', 'timerSeconds', 'recentLimit'].includes(k))
        problems.push(`evaluation: unknown field "${k}"`);
    cfg.pollSeconds = num(ev, 'pollSeconds', 'evaluation', problems, {
      min: 0.1,
      max: 3600,
      def: 5,
    })!;
    cfg.timerSeconds = num(ev, 'timerSeconds', 'evaluation', problems, {
      min: 1,
      max: 86400,
      def: 60,
    })!;
    cfg.recentLimit = num(ev, 'recentLimit', 'evaluation', problems, {
      min: 1,
      max: 10000,
      def: 200,
      int: true,
    })!;
  }

  if (!Array.isArray(doc.rules)) problems.push('`rules:` must be a list of rules');
  else {
    const seen = new Set<string>();
    doc.rules.forEach((raw, i) => {
      const where0 = `rules[${i}]`;
      if (!isObj(raw)) {
        problems.push(`${where0}: must be a mapping`);
        return;
      }
      const id = typeof raw.id === 'string' ? raw.id : undefined;
      const where = id ? `rule "${id}"` : where0;
      if (!id) problems.push(`${where}: field "id" is required (a short name like "eth-crash-20")`);
      else if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(id))
        problems.push(`${where}: field "id" must be letters, digits, - _ . (≤ 64)`);
      else if (seen.has(id)) problems.push(`${where}: duplicate id`);
      if (id) seen.add(id);
      const type = raw.type as RuleType;
      if (typeof raw.type !== 'string' || !(raw.type in TYPES)) {
        problems.push(
          `${where}: field "type" must be one of ${Object.keys(TYPES).join(', ')}${raw.type === undefined ? '' : ` (got ${JSON.stringify(raw.type)})`}`,
        );
        return;
      }
      const spec = TYPES[type];
      for (const k of Object.keys(raw))
        if (!COMMON.includes(k) && !spec.required.includes(k) && !spec.optional.includes(k)) {
          problems.push(
            `${where}: unknown field "${k}" for type ${type} (allowed: ${[...spec.required, ...spec.optional].join(', ') || 'none'})`,
          );
        }
      for (const k of spec.required)
        if (raw[k] === undefined)
          problems.push(`${where}: field "${k}" is required for type ${type}`);
      if (raw.enabled !== undefined && typeof raw.enabled !== 'boolean')
        problems.push(`${where}: field "enabled" must be true or false`);
      const severity = raw.severity ?? 'warning';
      if (!SEVERITIES.includes(severity as Severity))
        problems.push(
          `${where}: field "severity" must be one of ${SEVERITIES.join(', ')} (got ${JSON.stringify(raw.severity)})`,
        );
      const networks = strList(raw, 'networks', where, problems);
      if (raw.description !== undefined && typeof raw.description !== 'string')
        problems.push(`${where}: field "description" must be a string`);
      const base: RuleBase = {
        id: id ?? where0,
        severity: severity as Severity,
        ...(networks ? { networks } : {}),
        ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
      };
      const n = (k: string, o: NumOpts) => num(raw, k, where, problems, o);
      const markets = strList(raw, 'markets', where, problems);
      let rule: Rule | undefined;
      switch (type) {
        case 'collateral_at_risk': {
          if (raw.asset !== undefined && raw.group !== undefined)
            problems.push(`${where}: give either "asset" or "group", not both`);
          if (raw.asset !== undefined && typeof raw.asset !== 'string')
            problems.push(`${where}: field "asset" must be a symbol or address`);
          if (raw.group !== undefined && !GROUPS.includes(String(raw.group)))
            problems.push(
              `${where}: field "group" must be one of eth, btc, stablecoin, rwa, other (got ${JSON.stringify(raw.group)})`,
            );
          rule = {
            ...base,
            type,
            dropPct: n('dropPct', { min: 0, max: 100 })!,
            maxUSD: n('maxUSD', { min: 0 })!,
            ...(typeof raw.asset === 'string' ? { asset: raw.asset } : {}),
            ...(typeof raw.group === 'string' ? { group: raw.group } : {}),
          };
          break;
        }
        case 'health_factor': {
          const scope = raw.scope ?? 'protocol';
          if (scope !== 'protocol' && scope !== 'account')
            problems.push(
              `${where}: field "scope" must be protocol or account (got ${JSON.stringify(raw.scope)})`,
            );
          rule = {
            ...base,
            type,
            below: n('below', { min: 0, max: 100 })!,
            scope: scope as 'protocol' | 'account',
            minAccounts: n('minAccounts', { min: 1, int: true, def: 1 })!,
          };
          break;
        }
        case 'bad_debt':
          rule = { ...base, type, maxUSD: n('maxUSD', { min: 0, def: 0 })! };
          break;
        case 'utilization':
          rule = {
            ...base,
            type,
            max: n('max', { min: 0, max: 1 })!,
            ...(markets ? { markets } : {}),
          };
          break;
        case 'cap_usage': {
          const cap = raw.cap ?? 'both';
          if (!['supply', 'borrow', 'both'].includes(cap as string))
            problems.push(
              `${where}: field "cap" must be supply, borrow or both (got ${JSON.stringify(raw.cap)})`,
            );
          rule = {
            ...base,
            type,
            max: n('max', { min: 0, max: 10 })!,
            cap: cap as 'supply' | 'borrow' | 'both',
            ...(markets ? { markets } : {}),
          };
          break;
        }
        case 'oracle_staleness': {
          const maxAgeMinutes = n('maxAgeMinutes', { min: 0 }),
            maxAgeBlocks = n('maxAgeBlocks', { min: 1, int: true });
          if (raw.maxAgeMinutes === undefined && raw.maxAgeBlocks === undefined)
            problems.push(`${where}: give "maxAgeMinutes" and/or "maxAgeBlocks"`);
          rule = {
            ...base,
            type,
            ...(maxAgeMinutes !== undefined ? { maxAgeMinutes } : {}),
            ...(maxAgeBlocks !== undefined ? { maxAgeBlocks } : {}),
            ...(markets ? { markets } : {}),
          };
          break;
        }
        case 'price_deviation':
          rule = {
            ...base,
            type,
            maxPct: n('maxPct', { min: 0, max: 1000 })!,
            ...(markets ? { markets } : {}),
          };
          break;
        case 'liquidation_spike':
          rule = {
            ...base,
            type,
            windowMinutes: n('windowMinutes', { min: 1, def: 60 })!,
            trailingWindows: n('trailingWindows', { min: 1, max: 1000, int: true, def: 24 })!,
            factor: n('factor', { min: 1, def: 3 })!,
            minUSD: n('minUSD', { min: 0, def: 0 })!,
          };
          break;
        case 'liquidation_protection': {
          // YAML reads an unquoted 0x… as a hex number: say so rather than "not a list of names"
          if (Array.isArray(raw.accounts) && raw.accounts.some((a) => typeof a === 'number'))
            problems.push(
              `${where}: accounts: quote each address ("0x…"): YAML reads 0x… as a number`,
            );
          const accounts =
            Array.isArray(raw.accounts) && raw.accounts.some((a) => typeof a === 'number')
              ? []
              : (strList(raw, 'accounts', where, problems) ?? []);
          for (const a of accounts)
            if (!/^0x[0-9a-fA-F]{40}$/.test(a))
              problems.push(`${where}: accounts: ${JSON.stringify(a)} is not an address`);
          if (!accounts.length && !problems.some((x) => x.startsWith(`${where}: accounts`)))
            problems.push(`${where}: field "accounts" needs an address`);
          const below = n('below', { min: 0, max: 100 });
          const pLiquidationAbove = n('pLiquidationAbove', { min: 0, max: 1 });
          if (below === undefined && pLiquidationAbove === undefined)
            problems.push(
              `${where}: give "below" (a health factor), "pLiquidationAbove" (0–1) or both`,
            );
          const target = n('target', { min: 0, max: 100, def: 1.5 })!;
          if (below !== undefined && target <= below)
            problems.push(`${where}: field "target" (${target}) must be above "below" (${below})`);
          rule = {
            ...base,
            type,
            accounts: accounts.map((a) => a.toLowerCase()),
            ...(below !== undefined ? { below } : {}),
            ...(pLiquidationAbove !== undefined ? { pLiquidationAbove } : {}),
            target,
          };
          break;
        }
        case 'indexing': {
          const maxBlockAgeMinutes = n('maxBlockAgeMinutes', { min: 0 });
          for (const k of ['errors', 'unreachable'])
            if (raw[k] !== undefined && typeof raw[k] !== 'boolean')
              problems.push(`${where}: field "${k}" must be true or false`);
          rule = {
            ...base,
            type,
            ...(maxBlockAgeMinutes !== undefined ? { maxBlockAgeMinutes } : {}),
            errors: raw.errors !== false,
            unreachable: raw.unreachable !== false,
          };
          break;
        }
      }
      if (rule && raw.enabled !== false) cfg.rules.push(rule);
    });
  }

  // webhooks: a list of URLs or { url, timeoutMs, retries, backoffMs, secret }; ALERT_WEBHOOKS adds URLs,
  // ALERT_WEBHOOK_SECRET signs every webhook without a secret of its own
  const hooks: unknown[] = [];
  if (doc.webhooks !== undefined && doc.webhooks !== null) {
    if (!Array.isArray(doc.webhooks))
      problems.push('`webhooks:` must be a list of URLs or { url, timeoutMs, retries, backoffMs }');
    else hooks.push(...doc.webhooks);
  }
  hooks.forEach((h, i) => {
    const where = `webhooks[${i}]`;
    const o = typeof h === 'string' ? { url: h } : h;
    if (!isObj(o)) {
      problems.push(`${where}: must be a URL or a mapping with "url"`);
      return;
    }
    for (const k of Object.keys(o))
      if (!['url', 'timeoutMs', 'retries', 'backoffMs', 'secret'].includes(k))
        problems.push(`${where}: unknown field "${k}"`);
    if (o.secret !== undefined && (typeof o.secret !== 'string' || !o.secret))
      problems.push(`${where}: field "secret" must be a non-empty string`);
    const url = checkUrl(o.url, where, problems);
    const t = {
      url: url ?? '',
      timeoutMs: num(o, 'timeoutMs', where, problems, { min: 1, def: 5000 })!,
      retries: num(o, 'retries', where, problems, { min: 0, max: 20, int: true, def: 5 })!,
      backoffMs: num(o, 'backoffMs', where, problems, { min: 0, def: 1000 })!,
      ...(typeof o.secret === 'string' && o.secret ? { secret: o.secret } : {}),
    };
    if (url) cfg.webhooks.push(t);
  });
  for (const u of (env.ALERT_WEBHOOKS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const url = checkUrl(u, 'ALERT_WEBHOOKS', problems);
    if (url && !cfg.webhooks.some((w) => w.url === url))
      cfg.webhooks.push({ url, timeoutMs: 5000, retries: 5, backoffMs: 1000 });
  }
  if (env.ALERT_WEBHOOK_SECRET) for (const w of cfg.webhooks) w.secret ??= env.ALERT_WEBHOOK_SECRET;
  if (problems.length) throw new RulesError(file, problems);
  return cfg;
}

/** Path of the rules file: ALERT_RULES, else config/alert-rules.yaml of the dashboard. */
export function rulesPath(env: Record<string, string | undefined> = process.env): string {
  if (env.ALERT_RULES)
    return isAbsolute(env.ALERT_RULES) ? env.ALERT_RULES : resolve(env.ALERT_RULES);
  // Next runs with cwd = dashboard/; tests and scripts may run from the repo root
  for (const p of [
    join(process.cwd(), 'config', 'alert-rules.yaml'),
    join(process.cwd(), 'dashboard', 'config', 'alert-rules.yaml'),
  ])
    if (existsSync(/*turbopackIgnore: true*/ p)) return p;
  return join(process.cwd(), 'config', 'alert-rules.yaml');
}

export function loadRules(
  file = rulesPath(),
  env: Record<string, string | undefined> = process.env,
): AlertConfig {
  let text: string;
  try {
    text = readFileSync(/*turbopackIgnore: true*/ file, 'utf8');
  } catch (e) {
    throw new RulesError(file, [`cannot read: ${(e as Error).message}`]);
  }
  return parseRules(text, file, env);
}
