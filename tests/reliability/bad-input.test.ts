// Bad input catalogue.
//  1. The indexer CLI on broken subgraph copies (manifest, schema, ABIs, WASM, network names,
//     start blocks): a non-zero exit (or a failed deployment) and an error that names the
//     problem — never a hang or a stack trace without the file/field.
//  2. Hostile GraphQL against a serving node: a graph-node-shaped error ({ errors: [{ message }] },
//     no data for the offending field) naming the problem, and the server keeps serving.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CASES, yamlEdit } from './bad-subgraphs.ts';
import {
  missingPiece,
  referenceIndex,
  rmrf,
  root,
  startSmallDevnet,
  subgraphFor,
  tempDir,
  type IndexerNode,
} from './harness.ts';

const missing = missingPiece();
const skip = missing ? `missing piece: ${missing}` : false;

let devnet: Awaited<ReturnType<typeof startSmallDevnet>> | null = null;
let dir = '',
  work = '';
let node: IndexerNode | null = null;

before(async () => {
  if (missing) return;
  devnet = await startSmallDevnet(71, 1, 6);
  dir = subgraphFor(devnet.deployment);
  work = tempDir('bad');
});
after(async () => {
  await node?.stop();
  await devnet?.stop();
  rmrf(work);
  rmrf(dir);
});

function cli(
  subgraph: string,
  extra: string[] = [],
  timeoutMs = 60_000,
): Promise<{ code: number | null; out: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const p = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(root, 'indexer/src/cli.ts'),
        '--rpc',
        devnet!.rpcUrl!,
        '--subgraph',
        subgraph,
        '--data-dir',
        join(work, 'data-' + Math.random().toString(36).slice(2)),
        '--no-server',
        '--exit-when-synced',
        ...extra,
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '',
      timedOut = false;
    p.stdout.on('data', (c) => (out += c));
    p.stderr.on('data', (c) => (out += c));
    const t = setTimeout(() => {
      timedOut = true;
      p.kill('SIGKILL');
    }, timeoutMs);
    p.on('exit', (code) => {
      clearTimeout(t);
      resolve({ code, out, timedOut });
    });
  });
}

test(
  `bad subgraph input (${CASES.length} cases): a clear error naming the problem`,
  { skip, timeout: 900_000 },
  async () => {
    const failures: string[] = [];
    for (const c of CASES) {
      const d = join(work, 'sg-' + c.name.replace(/\W+/g, '-'));
      cpSync(dir, d, { recursive: true });
      c.mutate?.(d);
      const t0 = Date.now();
      const r = await cli(d, c.args);
      // `fast`: refused at start-up, before indexing anything (not after the first trigger's retries).
      const ok =
        !r.timedOut &&
        r.code !== 0 &&
        c.expect.test(r.out) &&
        (!c.fast || !/indexing error|synced to block/.test(r.out));
      console.log(`# bad input: ${c.name}: ${Date.now() - t0} ms`);
      const last = r.out.trim().split('\n').slice(-3).join(' | ').slice(0, 300);
      console.log(
        `# bad input: ${ok ? 'ok  ' : 'FAIL'} ${c.name}: exit ${r.timedOut ? 'timeout' : r.code}: ${last}`,
      );
      if (!ok)
        failures.push(
          `${c.name}: exit ${r.timedOut ? 'timeout' : r.code}, output: ${r.out.slice(-600)}`,
        );
      rmSync(d, { recursive: true, force: true });
    }
    assert.deepEqual(failures, []);
  },
);

test(
  'startBlock beyond the chain head: waits, does not fail or invent blocks',
  { skip, timeout: 300_000 },
  async () => {
    const d = join(work, 'sg-future');
    cpSync(dir, d, { recursive: true });
    yamlEdit((doc) => doc.setIn(['dataSources', 0, 'source', 'startBlock'], 1_000_000))(d);
    const r = await cli(d, [], 20_000);
    // Either it exits cleanly as synced (nothing to do) or keeps waiting — but it must not fail.
    assert.doesNotMatch(r.out, /indexer: |stopped:|Error/, r.out.slice(-1000));
    assert.ok(r.timedOut || r.code === 0, `exit ${r.code}: ${r.out.slice(-1000)}`);
  },
);

// ---------------------------------------------------------------- hostile GraphQL

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  let r: Response;
  try {
    r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  } catch (e) {
    // The connection dropped instead of an answer (e.g. reset while uploading).
    return {
      status: 0,
      json: null as any,
      text: `no HTTP answer: ${(e as Error).message} (${String((e as { cause?: unknown }).cause ?? '')})`,
    };
  }
  const text = await r.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: r.status, json, text };
}
const q = (query: string, variables?: unknown) => JSON.stringify({ query, variables });

test(
  'hostile GraphQL: graph-node-shaped errors naming the problem; the server keeps serving',
  { skip, timeout: 600_000 },
  async () => {
    const { startIndexerNode } = await import('../../indexer/src/index.ts');
    const dataDir = join(work, 'serve');
    await referenceIndex(devnet!.rpcUrl!, dir, dataDir);
    node = await startIndexerNode({
      rpcUrl: devnet!.rpcUrl!,
      network: 'devnet',
      subgraphDir: dir,
      dataDir,
      port: 0,
      statusPort: 0,
      progress: false,
      log: () => {},
      pollMs: 500,
    });
    const url = node.url!;
    const alive = async () => {
      const r = await post(url, q('{ _meta { block { number } } markets(first: 3) { id } }'));
      assert.equal(r.status, 200);
      assert.ok(
        r.json?.data?._meta?.block?.number > 0,
        `server stopped serving: ${r.text.slice(0, 300)}`,
      );
    };
    await alive();
    let nest = 'id';
    for (let i = 0; i < 80; i++)
      nest = i % 2 ? `positions(first: 2) { ${nest} }` : `market { ${nest} }`; // outermost: Market.positions
    // `expect`: the error message (graph-node's or graphql-js's words), or 'empty' for a valid but
    // heavy query that answers with an empty list and no error.
    const cases: {
      name: string;
      body: string;
      expect: RegExp | 'empty' | 'rows';
      status?: number;
    }[] = [
      {
        name: 'syntax error',
        body: q('{ markets(first: 5 { id }'),
        expect: /^Syntax Error: Expected Name, found "\{"\.$/,
      },
      {
        name: 'unknown field',
        body: q('{ markets { id bogusField } }'),
        expect: /^Type `Market` has no field `bogusField`$/,
      },
      {
        name: 'unknown entity',
        body: q('{ dragons { id } }'),
        expect: /^Type `Query` has no field `dragons`$/,
      },
      {
        name: 'wrong argument type',
        body: q('{ markets(first: "ten") { id } }'),
        expect: /^Int cannot represent non-integer value: "ten"$/,
      },
      {
        name: 'wrong variable type',
        body: q('query ($n: Int) { markets(first: $n) { id } }', { n: 'many' }),
        expect:
          /^Variable "\$n" got invalid value "many"; Int cannot represent non-integer value: "many"$/,
      },
      // graph-node runs without GraphQL validations by default: an unknown argument is ignored
      // (every market comes back) and skip has no upper bound (GRAPH_GRAPHQL_MAX_SKIP unset).
      { name: 'unknown argument', body: q('{ markets(limit: 5) { id } }'), expect: 'rows' },
      {
        name: 'first: 100000',
        body: q('{ markets(first: 100000) { id } }'),
        expect: /`first` argument must be between 0 and 1000, but is 100000/,
      },
      { name: 'skip: 10^9', body: q('{ markets(skip: 1000000000) { id } }'), expect: 'empty' },
      {
        name: 'deep nesting (80 levels)',
        body: q(`{ markets(first: 1) { ${nest} } }`),
        expect: /depth/,
      },
      {
        name: 'long string (500 kB) in a filter',
        body: q(`{ tokens(where: { symbol: "${'x'.repeat(500_000)}" }) { id } }`),
        expect: 'empty',
      },
      {
        name: 'body over the size limit (2 MB)',
        body: q(`{ tokens(where: { symbol: "${'y'.repeat(2_000_000)}" }) { id } }`),
        expect: /^request body larger than \d+ bytes$/,
        status: 413,
      },
      {
        name: 'not JSON',
        body: '{"query": "{ markets { id } ',
        expect: /^Invalid request body: Unterminated string in JSON/,
        status: 400,
      },
      { name: 'no query', body: JSON.stringify({ variables: {} }), expect: /^The query is empty$/ },
      {
        name: 'mutation',
        body: q('mutation { createMarket(id: "x") { id } }'),
        expect: /^Schema is not configured to execute mutation operation\.$/,
      },
      {
        name: 'subscription over HTTP',
        body: q('subscription { markets { id } }'),
        expect: /^Schema is not configured to execute subscription operation\.$/,
      },
      {
        name: 'bad block hash',
        body: q('{ markets(block: { hash: "0xzz" }) { id } }'),
        expect: /^Failed to decode `Bytes` value: `Invalid character`$/,
      },
      {
        name: 'block in the future',
        body: q('{ markets(block: { number: 99999999 }) { id } }'),
        expect:
          /has only indexed up to block number \d+ and data for block number 99999999 is therefore not yet available/,
      },
      {
        name: 'huge id_in list (20k ids)',
        body: q(
          `{ markets(where: { id_in: [${Array.from({ length: 20_000 }, (_, i) => `"0x${i.toString(16).padStart(40, '0')}"`).join(',')}] }) { id } }`,
        ),
        expect: 'empty',
      },
    ];
    const fails: string[] = [];
    for (const c of cases) {
      const r = await post(url, c.body);
      const msgs: string[] = (r.json?.errors ?? []).map((e: { message: unknown }) =>
        String(e.message),
      );
      const lists = Object.values((r.json?.data ?? {}) as Record<string, unknown>);
      const list = lists.length === 1 && Array.isArray(lists[0]) ? (lists[0] as unknown[]) : null;
      const shaped =
        c.expect === 'empty' || c.expect === 'rows'
          ? r.status === 200 &&
            msgs.length === 0 &&
            list !== null &&
            (c.expect === 'empty' ? list.length === 0 : list.length > 5)
          : r.status === (c.status ?? 200) && msgs.length === 1 && c.expect.test(msgs[0]);
      console.log(
        `# hostile graphql: ${shaped ? 'ok  ' : 'FAIL'} ${c.name}: HTTP ${r.status} ${msgs[0]?.slice(0, 140) ?? (r.json?.data ? 'data' : r.text.slice(0, 140))}`,
      );
      if (!shaped) fails.push(`${c.name}: HTTP ${r.status} ${r.text.slice(0, 400)}`);
      await alive();
    }
    // Introspection flood: 100 concurrent full introspection queries, then still serving.
    const intro = q(
      '{ __schema { types { name kind fields { name args { name type { name kind ofType { name kind } } } type { name kind ofType { name kind ofType { name } } } } } } }',
    );
    const t0 = Date.now();
    const flood = await Promise.all(Array.from({ length: 100 }, () => post(url, intro)));
    const okIntro = flood.filter(
      (r) => r.status === 200 && (r.json?.data?.__schema || r.json?.errors?.length),
    ).length;
    console.log(
      `# hostile graphql: introspection flood 100 x concurrent: ${okIntro} answered in ${Date.now() - t0} ms`,
    );
    assert.equal(okIntro, 100);
    await alive();
    console.log(
      `# hostile graphql: ${cases.length + 1} kinds tried, ${fails.length} not graph-node-shaped`,
    );
    assert.deepEqual(fails, []);
  },
);
