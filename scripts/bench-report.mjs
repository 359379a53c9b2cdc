// The markdown report of `npm run bench`: every figure next to its target, per benchmark, with
// the machine, versions and preparation it was measured with.
import { loadavg } from 'node:os';

/** The report's lines, from the run's results and its context. */
export function benchMarkdown({ machine, named, preparation, repeat, results, t0, versions }) {
  const r3 = (x) =>
    typeof x !== 'number'
      ? x
      : Math.abs(x) >= 100
        ? Math.round(x)
        : Math.abs(x) >= 10
          ? +x.toFixed(1)
          : +x.toFixed(3);
  const f = (s, u = '') =>
    s
      ? `${r3(s.median)}${u} (min ${r3(s.min)}, max ${r3(s.max)}${s.n ? `, n=${s.n}` : ''})`
      : 'n/a';
  const met = (ok) =>
    ok === null || ok === undefined ? 'not measured' : ok ? '**met**' : '**not met**';
  const md = [];
  md.push(
    `# Benchmarks ${new Date().toISOString()}`,
    '',
    `Command: \`npm run bench${named.length ? ' -- ' + named.join(' ') : ''}\` — total ${Math.round((Date.now() - t0) / 1000)} s.`,
    '',
  );
  md.push(
    `Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGB} GB, load average at start ${machine.loadAverageAtStart.join(' / ')} (shared, noisy: compare the side-by-side ratios, not absolute figures). Versions: ${Object.entries(
      versions,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}.`,
    '',
  );
  const I = results.indexing;
  const L = results['indexing-large'];
  const recNote = (x) =>
    !x?.recording
      ? ''
      : x.recording.cached
        ? ` Recording reused from the cache (\`${x.recording.file.split('/').pop()}\`, ${x.recording.sizeMB} MB).`
        : ` Recorded by this run in ${x.recording.seconds} s (devnet history ${x.recording.generateSeconds ?? '?'} s, our indexer's pass through a recording proxy ${x.recording.indexerPassSeconds ?? '?'} s, then the log/block fetch; ${x.recording.sizeMB} MB, cached for later runs).`;
  function indexingSection(X, title, sample) {
    md.push(`## ${title}`, '');
    if (!X) {
      md.push('Not run.', '');
      return;
    }
    if (X.error) {
      md.push(`FAILED: ${X.error}`, '');
      return;
    }
    if (X.scenario === 'large')
      md.push(
        `Size: ${X.mapping?.events} handled events — the issue's ≥ 100k: ${met(X.mapping?.events >= 100000)}.`,
        '',
      );
    md.push(
      `Scenario ${X.scenario}: devnet ${X.accounts} accounts, ${X.days} days, ${X.blocks} blocks, ${X.logs} logs, ${X.mapping?.events} handled events; ${X.repeat} round${X.repeat === 1 ? '' : 's'} (each round runs every row once, order rotated)${sample}.${recNote(X)} Target (brief): end-to-end events/s ≥ 50% of the mapping-only limit.`,
      '',
    );
    md.push(
      '| run | events/s | blocks/s | seconds | events per CPU-s | ratio to mapping-only | target ≥ 0.5 |',
      '|---|---|---|---|---|---|---|',
    );
    for (const k of ['mapping', 'pglite', 'postgres'])
      if (X[k])
        md.push(
          `| ${k === 'mapping' ? 'ours: mapping-only limit (WASM, MemoryStore)' : `ours: end-to-end, ${k === 'pglite' ? 'PGlite' : 'PostgreSQL'}`} | ${f(X[k].eventsPerSecond)} | ${f(X[k].blocksPerSecond)} | ${f(X[k].seconds)} | ${f(X[k].eventsPerCpuSecond)} | ${X[k].ratioToMappingOnly ? f(X[k].ratioToMappingOnly) : '—'} | ${X[k].ratioToMappingOnly ? met(X[k].ratioToMappingOnly.median >= 0.5) : ''} |`,
        );
    const P = X.peer;
    if (P)
      md.push(
        `| peer: Ponder ${X.peerVersion ?? ''}, its PGlite (${P.events} events) | ${f(P.eventsPerSecond)} | ${f(P.blocksPerSecond)} | ${f(P.seconds)} | ${f(P.eventsPerCpuSecond)} | ${f(P.ratioToMappingOnly)} | (not ours) |`,
      );
    if (!X.postgres) md.push('', 'PostgreSQL: not reachable, PGlite only.');
    md.push('');
    if (P) {
      md.push(
        `Peer vs ours in the same rounds: peer events/s ÷ our PGlite events/s = ${f(P.ratioToPglite)}${P.ratioToPostgres ? `; ÷ our PostgreSQL = ${f(P.ratioToPostgres)}` : ''}. The peer's seconds run from its HTTP server being up to /ready (RPC sync + indexing; Ponder's build and database setup excluded), ours from opening the store (included) to the end; from the peer's process start: ${f(P.secondsWithStartup, ' s')} = ${f(P.eventsPerSecondWithStartup)} events/s. Peer CPU-s are its whole process (build included).`,
        '',
      );
      const tail = (P.runs ?? []).filter((x) => x.afterReadySeconds > 1);
      if (tail.length)
        md.push(
          `The peer reported /ready before reaching the recording's head in ${tail.length} round(s) (its history stopped short; the rest came through its realtime path): ${tail.map((x) => `${x.afterReadySeconds} s`).join(', ')} more until its indexing reached the head, included in its seconds.`,
          '',
        );
    } else md.push('Peer: no completed round.', '');
    if (X.peerErrors) md.push(`Peer failures: ${X.peerErrors.join(' | ').slice(0, 1500)}`, '');
    const E = X.equivalence;
    if (E) {
      if (E.error)
        md.push(`Equivalence check (peer tables vs our GraphQL): FAILED to run: ${E.error}`, '');
      else {
        const h = E.headline ?? {};
        md.push(
          `Equivalence check (the peer's tables vs our GraphQL API on our PGlite store, same recording): **${E.ok ? 'equal' : 'DIFFERENT'}** — ${E.checks.map((c) => `${c.name}: ${c.compared} values, ${c.mismatches} mismatches${c.example ? ` (e.g. ${c.example})` : ''}`).join('; ')}. Key figures ours / peer: accounts ${h.accounts} / ${h.peerAccounts}, positions ${h.positions} / ${h.peerPositions}, liquidations ${h.liquidations} / ${h.peerLiquidations}, Σ scaled aToken balances ${h.sumScaledATokenBalance} / ${h.peerSumScaledATokenBalance}, Σ scaled variable debt ${h.sumScaledVariableDebt} / ${h.peerSumScaledVariableDebt}. Integers compared exactly, USD decimals to 1e-9 relative.`,
          '',
        );
      }
    }
  }
  indexingSection(
    I,
    'Indexing, default scenario (same recorded chain replayed over JSON-RPC; ours and the peer side by side per round)',
    '',
  );
  indexingSection(
    L,
    'Indexing, large scenario (≥ 100k events)',
    L && !L.error && L.repeat === 1
      ? ', **n=1**: one round only, to fit the 30-minute budget; no spread'
      : '',
  );
  if (results.mappings)
    md.push(
      '## Mapping-only, synthetic (bench:mappings, reference)',
      '',
      results.mappings.error
        ? `FAILED: ${results.mappings.error}`
        : `${results.mappings.events} synthetic events: ${f(results.mappings.eventsPerSecond)} events/s wall, ${f(results.mappings.eventsPerCpuSecond)} per CPU-second.`,
      '',
    );
  const R = results.risk;
  if (R) {
    md.push('## Risk engine (synthetic books, `npm run bench:risk`)', '');
    if (R.error) md.push(`FAILED: ${R.error}`, '');
    else {
      md.push(
        '| accounts | compute (ms) | compute CPU (ms) | cached summary (ms) | cached /accounts (ms) | target (100k) |',
        '|---|---|---|---|---|---|',
      );
      for (const n of ['10000', '100000'])
        md.push(
          `| ${n} | ${f(R[n]?.computeMs)} | ${f(R[n]?.computeCpuMs)} | ${f(R[n]?.cachedSummaryMs)} | ${f(R[n]?.accountsCachedMs)} | ${n === '100000' ? `compute < 300 ms: ${met(R[n]?.computeMs ? R[n].computeMs.median < 300 : null)}; cached < 50 ms: ${met(R[n]?.cachedSummaryMs ? R[n].cachedSummaryMs.median < 50 : null)}` : ''} |`,
        );
      md.push('');
    }
  }
  const G = results.graphql;
  if (G) {
    md.push('## GraphQL (real server, scaled book) and risk paging against it', '');
    if (G.error) md.push(`FAILED: ${G.error}`, '');
    else {
      md.push(
        `${G.accounts} accounts in the store (${G.store}; ${G.indexedAccounts} indexed from the recording, the rest cloned Account+Position entities; events/liquidations not scaled). Clients run in the server process (their fetch + JSON cost is included; 16 clients = 16 concurrent loops in one event loop shared with the server). Target: p95 < 50 ms per query with 100k accounts${G.accounts < 100000 ? ` — only ${G.accounts} here` : ''}.`,
        '',
      );
      md.push(
        '| query | 1 client p50/p95/p99 ms | 16 clients p50/p95/p99 ms | p95 < 50 ms (1 client) |',
        '|---|---|---|---|',
      );
      for (const [q, x] of Object.entries(G.queries))
        md.push(
          `| ${q} | ${x.c1.p50} / ${x.c1.p95} / ${x.c1.p99} | ${x.c16.p50} / ${x.c16.p95} / ${x.c16.p99} | ${met(x.c1.p95 < 50)} |`,
        );
      md.push(
        '',
        `Risk engine paging + compute against this server (${G.risk?.requests} requests): cold ${f(G.risk?.coldMs, ' ms')} — target < 5 s at 100k: ${met(G.risk?.coldMs ? G.risk.coldMs.median < 5000 && G.accounts >= 100000 : null)}; paging ${f(G.risk?.pagingMs, ' ms')}, compute ${f(G.risk?.computeMs, ' ms')}.`,
        '',
      );
    }
  }
  const D = results.dashboard;
  if (D) {
    md.push(
      '## Dashboard (Chromium, `next start`, against the indexed default store: ~300 accounts, not the scaled book)',
      '',
    );
    if (D.error) md.push(`FAILED: ${D.error}`, '');
    else {
      md.push(
        `Production build in dashboard/.next (${D.built ? 'built by this run' : `existing, ${D.buildAgeMinutes} min old`}); indexed to block ${D.block}; ${D.note}. Pages without a chart (status, alerts) show n/a. "JS shipped" = rootMainFiles + the page's entryJSFiles from the build manifests; "transferred" = what Chromium fetched.`,
        '',
      );
      md.push(
        '| page | time to first chart (ms) | JS shipped (build output, kB) | JS transferred (kB) | target |',
        '|---|---|---|---|---|',
      );
      for (const [p, x] of Object.entries(D.pages))
        md.push(
          `| ${p} | ${f(x.firstChartMs)} | ${x.buildJsKB ?? 'n/a'} | ${x.jsKB ?? 'n/a'} | ${p === '/' ? `overview < 2000 ms: ${met(x.firstChartMs ? x.firstChartMs.median < 2000 : null)}` : ''} |`,
        );
      md.push('');
    }
  }
  const S = results.startup;
  if (S) {
    md.push(
      '## Startup (`npm start -- --no-live`, fresh data)',
      '',
      S.error
        ? `FAILED: ${S.error}`
        : `${S.note ?? ''} time to overview with data: ${S.seconds ?? 'n/a'} s — target < 180 s: ${met(S.seconds ? S.seconds < 180 : null)}. ${S.detail ?? ''}`,
      '',
    );
    const run = (x, target) =>
      !x
        ? 'not run'
        : x.error
          ? `FAILED: ${x.error.slice(0, 300)}`
          : `${x.seconds} s — target ≤ ${target} s: ${met(x.seconds <= target)}; marks ${JSON.stringify(x.marks)}`;
    if (S.freshClone || S.restart)
      md.push(
        `Fresh clone (${S.freshClone?.setup ?? 'n/a'}) → overview with data: ${run(S.freshClone, 60)}.`,
        '',
        `Second \`npm start\` in that clone (builds and indexed store reused) → overview with data: ${run(S.restart, 30)}.`,
        '',
      );
  }
  const P = results.peer;
  if (P)
    md.push(
      '## The peer alone (`npm run bench -- peer`)',
      '',
      P.error
        ? `FAILED: ${P.error.slice(0, 600)}`
        : `Ponder ${P.version}, its own PGlite, the default recording: ${P.events} events in ${f(P.seconds, ' s')} (server up → /ready) = ${f(P.eventsPerSecond)} events/s. Not side by side with ours (\`indexing\` runs the peer in every round).`,
      '',
    );
  const prepText = (() => {
    const p = preparation,
      parts = [];
    if (p.subgraphBuild) parts.push(`subgraph build ${p.subgraphBuild.seconds} s`);
    for (const [k, v] of Object.entries(p.recordings ?? {}))
      parts.push(
        v.error
          ? `${k} recording FAILED`
          : v.cached
            ? `${k} recording reused from the cache`
            : `${k} recording ${v.seconds} s (devnet history ${v.generateSeconds} s, indexer pass ${v.indexerPassSeconds} s)`,
      );
    if (p.peerInstall) parts.push(`peer install ${p.peerInstall.seconds} s`);
    if (p.dashboardBuild) parts.push(`dashboard build ${p.dashboardBuild.seconds} s`);
    return `preparation ${p.seconds} s (${parts.join('; ') || 'nothing to do'}${parts.length > 1 ? '; the large recording runs next to the rest' : ''})`;
  })();
  md.push(
    '## Total',
    '',
    `\`npm run bench${named.length ? ' -- ' + named.join(' ') : ''}\` took ${Math.round((Date.now() - t0) / 1000)} s (${((Date.now() - t0) / 60000).toFixed(1)} min)${named.length ? '' : ` — issue's limit < 30 min on 2 cores: ${met((Date.now() - t0) / 60000 < 30)}`}: ${prepText}, then per benchmark ${Object.entries(
      results,
    )
      .map(([k, v]) => `${k} ${v.benchSeconds} s`)
      .join(', ')}. Load average at the end ${loadavg()
      .map((x) => x.toFixed(2))
      .join(
        ' / ',
      )} (2 cores; other work was running on this machine).${preparation.subgraphBuildOlderThan ? ` Note: subgraph/build is older than ${preparation.subgraphBuildOlderThan.join(', ')} (the benchmarks ran the built WASM).` : ''}`,
    '',
  );
  return md;
}
