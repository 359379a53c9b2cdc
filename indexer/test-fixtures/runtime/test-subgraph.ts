// Test helper: a built subgraph on disk (subgraph.yaml, schema, ABI, one WASM per data source /
// template) around the host fixture mapping (test-fixtures/host/src/mapping.ts, compiled once).
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileAs } from '../../src/matchstick/compile.ts';
import { FIXTURES, LIBS } from '../compiled-fixtures.ts';

let compiled: Promise<Uint8Array> | null = null;
/** The fixture mapping as graph-cli would build it (handleTransfer, handleBlock, …). */
export function fixtureMappingWasm(): Promise<Uint8Array> {
  return (compiled ??= compileAs({ entry: join(FIXTURES, 'src/mapping.ts'), libs: LIBS }).then(
    (r) => {
      assert.ok(r.ok, r.diagnostics);
      return r.wasm!;
    },
  ));
}

export interface SubgraphOptions {
  /** network of every source (default devnet) */
  network?: string;
  /** the data source's Transfer handler (default handleTransfer) */
  handler?: string;
  /** the template's WASM bytes (default: the same as the data source's); null: no file */
  template?: Uint8Array | null;
  /** the template's mapping file, relative (default TokenTemplate/TokenTemplate.wasm) */
  templateFile?: string;
  /** the data source's startBlock (default 1) */
  startBlock?: number;
}

const dirs: string[] = [];
export function cleanupSubgraphs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Writes the built subgraph to a new temp dir (removed by cleanupSubgraphs) and returns it. */
export function writeSubgraph(wasm: Uint8Array, o: SubgraphOptions = {}): string {
  const d = mkdtempSync(join(tmpdir(), 'cr-deploy-'));
  dirs.push(d);
  for (const sub of ['abis', 'Token', 'TokenTemplate']) mkdirSync(join(d, sub));
  copyFileSync(join(FIXTURES, 'schema.graphql'), join(d, 'schema.graphql'));
  copyFileSync(join(FIXTURES, 'abis/ERC20.json'), join(d, 'abis/ERC20.json'));
  writeFileSync(join(d, 'Token/Token.wasm'), wasm);
  const tplFile = o.templateFile ?? 'TokenTemplate/TokenTemplate.wasm';
  if (o.template !== null) writeFileSync(join(d, tplFile), o.template ?? wasm);
  const net = o.network ?? 'devnet';
  const mapping = (handler: string, file: string) => `
    mapping:
      kind: ethereum/events
      apiVersion: 0.0.9
      language: wasm/assemblyscript
      entities: [Token, Transfer, Account]
      abis:
        - name: ERC20
          file: ./abis/ERC20.json
      eventHandlers:
        - event: Transfer(indexed address,indexed address,uint256)
          handler: ${handler}
      file: ./${file}`;
  writeFileSync(
    join(d, 'subgraph.yaml'),
    `specVersion: 1.0.0
schema:
  file: ./schema.graphql
dataSources:
  - kind: ethereum/contract
    name: Token
    network: ${net}
    source:
      address: "0x1111111111111111111111111111111111111111"
      abi: ERC20
      startBlock: ${o.startBlock ?? 1}${mapping(o.handler ?? 'handleTransfer', 'Token/Token.wasm')}
templates:
  - kind: ethereum/contract
    name: TokenTemplate
    network: ${net}
    source:
      abi: ERC20${mapping('handleTransfer', tplFile)}
`,
  );
  return d;
}
