import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keccak256, toBytes } from 'viem';
import { loadManifest, ManifestError } from './index.ts';

const fixture = new URL('../../test-fixtures/ingest/basic', import.meta.url).pathname;

/** Copies the fixture, applies an edit, and returns the ManifestError thrown by loading it. */
function errorAfter(edit: (dir: string) => void): ManifestError {
  const dir = mkdtempSync(join(tmpdir(), 'manifest-'));
  try {
    cpSync(fixture, dir, { recursive: true });
    edit(dir);
    try {
      loadManifest(dir);
    } catch (e) {
      assert.ok(e instanceof ManifestError, `expected ManifestError, got ${e}`);
      return e;
    }
    assert.fail('loading should have failed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const editYaml = (dir: string, from: string | RegExp, to: string) => {
  const f = join(dir, 'subgraph.yaml');
  const s = readFileSync(f, 'utf8');
  const t = s.replace(from, to);
  assert.notEqual(t, s, 'edit did not apply');
  writeFileSync(f, t);
};

test('loads data sources, templates, handlers, topics, filters', () => {
  const m = loadManifest(fixture);
  assert.equal(m.network, 'devnet');
  assert.equal(m.dataSources.length, 1);
  const ds = m.dataSources[0];
  assert.equal(ds.address, '0x00000000000000000000000000000000000000aa');
  assert.equal(ds.startBlock, 3);
  assert.equal(ds.mapping.apiVersion, '0.0.9');
  const [created, ping] = ds.mapping.eventHandlers;
  // Ground truth: keccak of the canonical signature computed independently here.
  assert.equal(created.topic0, keccak256(toBytes('Created(address,uint256)')));
  assert.equal(created.receipt, true);
  assert.equal(ping.topic0, keccak256(toBytes('Ping(uint256,(address,bytes32))')));
  assert.equal(ping.receipt, false);
  assert.deepEqual(
    ds.mapping.blockHandlers.map((b) => b.filter),
    [{ kind: 'polling', every: 4 }, { kind: 'once' }],
  );
  assert.equal(m.templates[0].name, 'Tok');
  assert.equal(
    m.templates[0].mapping.eventHandlers[0].topic0,
    keccak256(toBytes('Transfer(address,address,uint256)')),
  );
  assert.deepEqual(m.templates[0].mapping.blockHandlers, [
    { handler: 'handleTokBlock', filter: null },
  ]);
  assert.ok(m.schemaSource.includes('type Thing'));
  assert.ok(ds.mapping.file.endsWith('Src/Src.wasm'));
});

test('missing build → clear error naming the path', () => {
  assert.throws(
    () => loadManifest('/nonexistent/dir'),
    (e: Error) =>
      e instanceof ManifestError &&
      /\/nonexistent\/dir\/subgraph.yaml.*no built subgraph/.test(e.message),
  );
});

test('malformed YAML names file and line', () => {
  const e = errorAfter((d) => editYaml(d, 'schema:\n', 'schema: [\n'));
  assert.match(e.message, /subgraph\.yaml: invalid YAML at line \d+/);
});

test('missing ABI file names the ABI path and where it is referenced', () => {
  const e = errorAfter((d) => rmSync(join(d, 'abis/Token.json')));
  assert.match(
    e.message,
    /abis\/Token\.json: file not found \(referenced from .*subgraph\.yaml at templates\[0\]\.mapping\.abis\[0\]\.file\)/,
  );
});

test('malformed ABI JSON names the ABI file', () => {
  const e = errorAfter((d) => writeFileSync(join(d, 'abis/Factory.json'), '[{"type":"event",'));
  assert.match(e.message, /abis\/Factory\.json: invalid ABI JSON/);
  const e2 = errorAfter((d) => writeFileSync(join(d, 'abis/Factory.json'), '{"x":1}'));
  assert.match(e2.message, /abis\/Factory\.json: ABI must be a JSON array/);
});

test('event not in ABI names the ABI, the signature and the YAML path', () => {
  const e = errorAfter((d) =>
    editYaml(d, 'Created(indexed address,uint256)', 'Created(address,address)'),
  );
  assert.match(
    e.message,
    /Factory\.json: event "Created\(address,address\)" .*dataSources\[0\]\.mapping\.eventHandlers\[0\]\.event\) is not in ABI Factory/,
  );
});

test('wrong indexed markers do not match', () => {
  const e = errorAfter((d) =>
    editYaml(d, 'Created(indexed address,uint256)', 'Created(address,indexed uint256)'),
  );
  assert.match(e.message, /is not in ABI Factory/);
});

test('malformed schema names schema file and line', () => {
  const e = errorAfter((d) =>
    writeFileSync(join(d, 'schema.graphql'), 'type Thing @entity {\n  id: ID!\n  n: \n'),
  );
  assert.match(e.message, /schema\.graphql: invalid GraphQL schema at line \d+/);
});

test('missing mapping wasm, bad address, bad polling filter', () => {
  assert.match(
    errorAfter((d) => rmSync(join(d, 'Src/Src.wasm'))).message,
    /Src\/Src\.wasm: file not found/,
  );
  assert.match(
    errorAfter((d) => editYaml(d, '"0x00000000000000000000000000000000000000AA"', '"0x12"'))
      .message,
    /at dataSources\[0\]\.source\.address: not a 20-byte hex address/,
  );
  assert.match(
    errorAfter((d) => editYaml(d, 'every: 4', 'every: 0')).message,
    /blockHandlers\[0\]\.filter\.every: must be at least 1/,
  );
  assert.match(
    errorAfter((d) => editYaml(d, 'kind: once', 'kind: sometimes')).message,
    /unknown block handler filter "sometimes"/,
  );
  assert.match(
    errorAfter((d) =>
      editYaml(
        d,
        'apiVersion: 0.0.9\n      language: wasm/assemblyscript\n      entities: [Thing]',
        'apiVersion: 0.0.9\n      entities: [Thing]',
      ),
    ).message,
    /at dataSources\[0\]\.mapping\.language: missing/,
  );
});
