#!/usr/bin/env node
// `npm run bench [-- NAME…] [--repeat N] [--large-repeat N] [--no-large] [--rerecord]`: every
// benchmark, or the named ones (indexing, indexing-large, mappings, risk, graphql, dashboard,
// startup, peer). Writes bench/results/<date>.json and .md (machine, versions, figures with
// min/median/max, each next to its target from the brief). Not part of `npm test`. Each benchmark
// runs in its own process. Recordings (bench/record.ts) are cached in bench/.cache/<scenario>-<key>.json,
// the key hashing the scenario and every input of the recording (devnet code and contracts, the
// chain engine's version, the subgraph's mappings whose eth_calls are recorded, bench/record.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { cpus, totalmem, loadavg, tmpdir, release } from 'node:os';
import { join } from 'node:path';
import { benchMarkdown } from './bench-report.mjs';
import { benchPreparation } from './bench-prepare.mjs';

const root = new URL('..', import.meta.url).pathname;
const argv = process.argv.slice(2);
const opt = (n, d) => {
  const i = argv.indexOf(`--${n}`);
  return i >= 0 ? argv[i + 1] : d;
};
const VALUED = [
  '--repeat',
  '--accounts',
  '--large-repeat',
  '--large-accounts',
  '--pglite-accounts',
];
const ALL = [
  'indexing',
  ...(argv.includes('--no-large') ? [] : ['indexing-large']),
  'mappings',
  'risk',
  'graphql',
  'dashboard',
  'startup',
];
const named = argv.filter(
  (a, i) => !a.startsWith('--') && !(i > 0 && VALUED.includes(argv[i - 1])),
);
const wanted = named.length ? named.map((n) => (n === 'indexer' ? 'indexing' : n)) : ALL;
const repeat = Number(opt('repeat', '2'));
const largeRepeat = Number(opt('large-repeat', '1'));
const gqlAccounts = Number(opt('accounts', '100000'));
const t0 = Date.now();
const PG =
  process.env.DATABASE_URL ||
  process.env.TEST_DATABASE_URL ||
  'postgres://radar:radar@127.0.0.1:5432/radar_test';
const cache = join(root, 'bench/.cache');
const keptPg = join(cache, 'pglite-default');
const keptPgLarge = join(cache, 'pglite-large');
const say = (m) => console.log(`[bench ${((Date.now() - t0) / 1000).toFixed(0)}s] ${m}`);
/** The recorded scenarios: devnet seed, accounts, days. `large`: ≥ 100k handled events (~105k). */
const SCENARIOS = {
  default: { seed: '1', accounts: 300, days: 30 },
  large: { seed: '1', accounts: Number(opt('large-accounts', '3000')), days: 30 },
};

const stats = (xs) => {
  const s = xs.filter((x) => typeof x === 'number' && !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { min: s[0], median: +m.toFixed(3), max: s[s.length - 1], n: s.length };
};
const { ver, runNode, tsx, recordingKey, record, prepare } = benchPreparation({
  root,
  cache,
  argv,
  wanted,
  say,
  SCENARIOS,
});

if (argv.includes('--keys')) {
  for (const n of Object.keys(SCENARIOS)) console.log(`${n}-${recordingKey(n)}.json`);
  process.exit(0);
}
const results = {};
function dropBenchSchemas(...schemas) {
  const sql = schemas.map((x) => `DROP SCHEMA IF EXISTS "${x}" CASCADE;`).join(' ');
  spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `import('./indexer/src/store/index.ts').then(async (m) => { const d = await m.openPostgres(${JSON.stringify(PG)}); await d.exec(${JSON.stringify(sql)}); await d.close(); process.exit(0); }).catch(() => process.exit(1))`,
    ],
    { cwd: root, timeout: 60_000 },
  );
}
const mdNotes = [];

/**
 * One scenario: bench/indexing.ts (mapping-only, PGlite, PostgreSQL and the peer side by side in
 * every round), then bench/equivalence.ts (the peer's tables vs our GraphQL on the kept PGlite store).
 */
async function scenario(name, rounds, keep, deploymentPrefix) {
  const rec = await record(name);
  const figures = join(cache, `peer-figures-${name}.json`);
  rmSync(figures, { force: true });
  const r = await runNode(
    tsx(
      'bench/indexing.ts',
      rec.file,
      '--repeat',
      String(rounds),
      '--keep',
      keep,
      '--peer',
      '--peer-figures',
      figures,
      ...(deploymentPrefix ? ['--deployment-prefix', deploymentPrefix] : []),
    ),
    { timeoutMs: 90 * 60_000 },
  );
  if (!r.json) throw new Error(r.stderr.slice(-800));
  let equivalence;
  if (existsSync(figures)) {
    const e = await runNode(
      tsx(
        'bench/equivalence.ts',
        '--data-dir',
        keep,
        '--deployment',
        `bench-${deploymentPrefix ? deploymentPrefix + '-' : ''}pglite`,
        '--subgraph-from',
        rec.file,
        '--peer',
        figures,
      ),
      { timeoutMs: 15 * 60_000 },
    );
    equivalence = e.json ?? { error: e.stderr.slice(-600) };
  } else equivalence = { error: 'no peer figures (the peer did not finish)' };
  return { recording: rec, ...r.json, equivalence };
}
const B = {
  async indexing() {
    return scenario('default', repeat, keptPg, '');
  },
  async 'indexing-large'() {
    const x = await scenario('large', largeRepeat, keptPgLarge, 'large');
    dropBenchSchemas('sgd_bench_large_postgres'); // the large scenario's store does not stay in the shared database
    rmSync(keptPgLarge, { recursive: true, force: true });
    return x;
  },
  /** The peer alone on the default recording (no side-by-side ratios; `indexing` runs it in every round). */
  async peer() {
    const rec = await record('default');
    const r = await runNode(tsx('bench/peer.ts', rec.file, '--repeat', String(repeat)), {
      timeoutMs: 40 * 60_000,
    });
    if (!r.json) throw new Error(r.stderr.slice(-800));
    const x = r.json;
    if (x.error) throw new Error(x.error);
    return {
      version: x.version,
      events: x.runs[0]?.events,
      seconds: stats(x.runs.map((y) => y.indexingSeconds)),
      eventsPerSecond: stats(x.runs.map((y) => y.events / y.indexingSeconds)),
      runs: x.runs,
    };
  },
  async mappings() {
    if (!existsSync(join(root, 'subgraph/build/subgraph.yaml')))
      spawnSync('npm', ['run', 'build', '-w', 'subgraph'], { cwd: root, stdio: 'inherit' });
    const runs = [];
    for (let i = 0; i < 3; i++) {
      const r = await runNode(tsx('bench/mappings.ts', '20000'));
      if (r.json) runs.push(r.json);
    }
    return {
      note: 'synthetic protocol-shaped events (not the recording): reference only',
      events: runs[0]?.events,
      eventsPerSecond: stats(runs.map((x) => x.eventsPerSecond)),
      eventsPerCpuSecond: stats(runs.map((x) => x.eventsPerCpuSecond)),
    };
  },
  async risk() {
    const rows = { 10000: [], 100000: [] };
    for (let i = 0; i < 3; i++) {
      const r = await runNode(tsx('bench/risk.ts', '10000', '100000'));
      for (const line of r.stdout.split('\n')) {
        const m =
          /^(\d+) accounts .*COMPUTE .*?wall ([0-9.]+) ms cpu ([0-9.]+) ms.*cached summary ([0-9.]+) ms.*first ([0-9.]+) ms, cached ([0-9.]+) ms/.exec(
            line,
          );
        if (m && rows[m[1]])
          rows[m[1]].push({
            computeMs: +m[2],
            computeCpuMs: +m[3],
            cachedSummaryMs: +m[4],
            accountsFirstMs: +m[5],
            accountsCachedMs: +m[6],
            line,
          });
      }
    }
    const out = {};
    for (const [n, xs] of Object.entries(rows))
      out[n] = {
        computeMs: stats(xs.map((x) => x.computeMs)),
        computeCpuMs: stats(xs.map((x) => x.computeCpuMs)),
        cachedSummaryMs: stats(xs.map((x) => x.cachedSummaryMs)),
        accountsCachedMs: stats(xs.map((x) => x.accountsCachedMs)),
        lastLine: xs.at(-1)?.line,
      };
    return out;
  },
  async graphql() {
    const rec = await record('default');
    let store;
    const pgOk =
      spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          '-e',
          `import('./indexer/src/store/index.ts').then(async (m) => { const d = await m.openPostgres(${JSON.stringify(PG)}); await d.exec('SELECT 1'); await d.close(); process.exit(0); }).catch(() => process.exit(1))`,
        ],
        { cwd: root, timeout: 30_000 },
      ).status === 0;
    if (!results.indexing || !existsSync(keptPg)) {
      say('graphql: indexing the default recording once (no kept store)');
      const r = await runNode(
        tsx('bench/indexing.ts', rec.file, '--repeat', '1', '--keep', keptPg),
      );
      if (!r.json) throw new Error(r.stderr.slice(-800));
    }
    // PostgreSQL (the indexing run left its bench-postgres schema) is the production store; PGlite otherwise.
    const where = pgOk
      ? ['--database-url', PG, '--deployment', 'bench-postgres']
      : ['--data-dir', keptPg, '--deployment', 'bench-pglite'];
    store = pgOk ? 'postgres' : 'pglite';
    const accounts = pgOk
      ? gqlAccounts
      : Math.min(gqlAccounts, Number(opt('pglite-accounts', '20000')));
    const r = await runNode(
      tsx(
        'bench/graphql.ts',
        ...where,
        '--subgraph-from',
        rec.file,
        '--accounts',
        String(accounts),
        '--iters',
        '60',
      ),
      { timeoutMs: 20 * 60_000 },
    );
    if (pgOk) dropBenchSchemas('sgd_bench_postgres'); // the scaled bench book does not stay in the shared database
    if (!r.json) throw new Error(r.stderr.slice(-800));
    const rp = r.json.riskPaging ?? [];
    return {
      store,
      ...r.json,
      risk: {
        coldMs: stats(rp.map((x) => x.coldMs)),
        pagingMs: stats(rp.map((x) => x.pagingMs)),
        computeMs: stats(rp.map((x) => x.computeMs)),
        requests: rp[0]?.requests,
      },
    };
  },
  async dashboard() {
    const rec = await record('default');
    if (!existsSync(keptPg))
      throw new Error('needs the indexed default store (run the indexing benchmark first)');
    const r = await runNode(
      tsx('bench/dashboard.ts', '--data-dir', keptPg, '--subgraph-from', rec.file),
      { timeoutMs: 15 * 60_000 },
    );
    if (!r.json) throw new Error(r.stderr.slice(-800));
    return r.json;
  },
  async startup() {
    // three starts: this checkout, a fresh clone (until its history is indexed), its restart
    const r = await runNode(['bench/startup.mjs'], { timeoutMs: 30 * 60_000 });
    if (!r.json) throw new Error(r.stderr.slice(-800));
    return r.json;
  },
};

const machine = {
  cores: cpus().length,
  cpu: cpus()[0]?.model,
  memoryGB: +(totalmem() / 2 ** 30).toFixed(1),
  loadAverageAtStart: loadavg().map((x) => +x.toFixed(2)),
  os: release(),
};
/** HEAD and the number of tracked files that differ from it (bench/results excluded: the run writes there). */
function treeState() {
  const out = (args) => spawnSync('git', args, { cwd: root }).stdout?.toString().trim() ?? '';
  const changed = out([
    'status',
    '--porcelain',
    '--untracked-files=no',
    '--',
    '.',
    ':(exclude)bench/results',
  ]);
  return {
    commit: out(['rev-parse', '--short', 'HEAD']),
    changedFiles: changed ? changed.split('\n').length : 0,
  };
}
const treeAtStart = treeState();
const versions = {
  node: process.version,
  commit: treeAtStart.commit,
  next: ver('next'),
  pglite: ver('@electric-sql/pglite'),
  pg: ver('pg'),
  graphql: ver('graphql'),
  'playwright-core': ver('playwright-core'),
};
say(
  `machine: ${machine.cores} cores, ${machine.memoryGB} GB, load ${machine.loadAverageAtStart.join(' ')}; running ${wanted.join(', ')}`,
);
for (const name of wanted)
  if (!B[name]) {
    console.error(`unknown benchmark ${name}; known: ${Object.keys(B).join(', ')}`);
    process.exit(2);
  }
const preparation = await prepare();
say(`prepared in ${preparation.seconds} s: ${JSON.stringify(preparation)}`);
for (const name of wanted) {
  if (!B[name]) {
    console.error(`unknown benchmark ${name}; known: ${Object.keys(B).join(', ')}`);
    process.exit(2);
  }
  const t = Date.now();
  try {
    results[name] = await B[name]();
  } catch (e) {
    results[name] = { error: String(e?.message ?? e).slice(0, 1500) };
    say(`${name} FAILED: ${results[name].error.slice(0, 300)}`);
  }
  results[name].benchSeconds = Math.round((Date.now() - t) / 1000);
  say(`${name} done in ${results[name].benchSeconds} s`);
}

// The results are labelled with the tree at the end: commits may land while the run goes on, and
// a label says so (and says when tracked files differ from the commit) instead of naming the start.
const treeAtEnd = treeState();
const treeNotes = [];
if (treeAtEnd.commit !== treeAtStart.commit)
  treeNotes.push(`HEAD moved from ${treeAtStart.commit} during the run`);
if (treeAtStart.changedFiles)
  treeNotes.push(`${treeAtStart.changedFiles} tracked files differed from HEAD at the start`);
if (treeAtEnd.changedFiles) treeNotes.push(`${treeAtEnd.changedFiles} at the end`);
versions.commit = `${treeAtEnd.commit}${treeNotes.length ? ' (dirty or changed tree: ' + treeNotes.join('; ') + ')' : ''}`;

const md = benchMarkdown({ machine, named, preparation, repeat, results, t0, versions });

const date = new Date().toISOString().slice(0, 10);
const suffix = named.length ? `-${named.join('-')}` : '';
mkdirSync(join(root, 'bench/results'), { recursive: true });
const base = join(root, 'bench/results', `${date}${suffix}`);
writeFileSync(
  `${base}.json`,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      command: `npm run bench ${argv.join(' ')}`.trim(),
      totalSeconds: Math.round((Date.now() - t0) / 1000),
      machine,
      versions,
      tree: { atStart: treeAtStart, atEnd: treeAtEnd, clean: treeNotes.length === 0 },
      preparation,
      results,
    },
    null,
    2,
  ),
);
writeFileSync(`${base}.md`, md.join('\n'));
say(`wrote ${base}.json and ${base}.md`);
console.log(md.join('\n'));
