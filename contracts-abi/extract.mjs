#!/usr/bin/env node
// Extracts the ABIs the subgraph needs from the field's own packages (never typed by hand):
//   - @aave/core-v3 artifacts (3.0.2): Pool, PoolConfigurator, PoolAddressesProvider, AaveOracle,
//     AToken, VariableDebtToken, StableDebtToken, IERC20Detailed
//   - @chainlink/contracts: AggregatorInterface (AnswerUpdated, latestAnswer), IAggregatorProxy
//     (aggregator())
//   - @uniswap/v3-core artifacts (1.0.1, a devnet dependency): UniswapV3Factory, UniswapV3Pool
// and adds the events of later Aave versions (3.1–3.7) as ABI fragments parsed from their
// Solidity signatures in the event catalog (../shared/facts/aave-v3-deployments.json, or the
// committed snapshot contracts-abi/aave-event-catalog.json when the facts file is not there), so
// one subgraph decodes every version's events at the same proxy address.
//
// Rerunnable: writes contracts-abi/abis/*.json deterministically. `npm run abis`.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { parseAbiItem, toEventSelector, toFunctionSelector } from 'viem';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const require = createRequire(join(root, 'package.json'));
const outDir = join(here, 'abis');

const aaveDir = dirname(require.resolve('@aave/core-v3/package.json'));
const chainlinkDir = dirname(require.resolve('@chainlink/contracts/package.json'));
// @uniswap/v3-core is a dependency of the devnet workspace, so it is resolved from there
const uniswapDir = dirname(
  createRequire(join(root, 'devnet/package.json')).resolve('@uniswap/v3-core/package.json'),
);

function aaveArtifact(rel) {
  const p = join(aaveDir, 'artifacts/contracts', rel);
  if (!existsSync(p)) throw new Error(`extract: missing Aave artifact ${p}`);
  return JSON.parse(readFileSync(p, 'utf8')).abi;
}
function chainlinkAbi(name) {
  const p = join(chainlinkDir, 'abi/v0.8', `${name}.json`);
  if (!existsSync(p)) throw new Error(`extract: missing Chainlink ABI ${p}`);
  const j = JSON.parse(readFileSync(p, 'utf8'));
  return Array.isArray(j) ? j : j.abi;
}

function uniswapArtifact(name) {
  const p = join(uniswapDir, 'artifacts/contracts', `${name}.sol`, `${name}.json`);
  if (!existsSync(p)) throw new Error(`extract: missing Uniswap artifact ${p}`);
  return JSON.parse(readFileSync(p, 'utf8')).abi;
}

/** The catalog of events by contract: the facts file if present, else the committed snapshot. */
export function loadCatalog() {
  const facts =
    process.env.AAVE_FACTS_FILE ?? join(root, '../shared/facts/aave-v3-deployments.json');
  const snapshot = join(here, 'aave-event-catalog.json');
  if (existsSync(facts)) {
    const f = JSON.parse(readFileSync(facts, 'utf8'));
    return {
      source: facts,
      byContract: f.event_catalog.by_contract,
      versionChanges: f.version_event_changes,
    };
  }
  const s = JSON.parse(readFileSync(snapshot, 'utf8'));
  return { source: snapshot, byContract: s.by_contract, versionChanges: s.version_event_changes };
}

const canonical = (item) => `${item.name}(${item.inputs.map((i) => canonicalType(i)).join(',')})`;
function canonicalType(input) {
  if (input.type.startsWith('tuple')) {
    return `(${input.components.map(canonicalType).join(',')})${input.type.slice(5)}`;
  }
  return input.type;
}
const key = (item) =>
  `${item.type}:${item.type === 'event' ? canonical(item) : item.name + '(' + (item.inputs ?? []).map(canonicalType).join(',') + ')'}`;

/** Keeps only events, functions and errors; strips artifact noise; merges extra fragments. */
function build(base, extras = []) {
  const seen = new Map();
  for (const item of [...base, ...extras]) {
    if (!['event', 'function', 'error'].includes(item.type)) continue;
    const k = key(item);
    if (!seen.has(k)) seen.set(k, item);
  }
  const items = [...seen.values()];
  // graph-cli needs unique event names per ABI (otherwise codegen appends 1, 2…); verify.
  const names = new Map();
  for (const e of items.filter((i) => i.type === 'event')) {
    names.set(e.name, (names.get(e.name) ?? 0) + 1);
  }
  return { items, overloadedEvents: [...names].filter(([, n]) => n > 1).map(([n]) => n) };
}

function eventFromSignature(sig) {
  // The catalog's Solidity form, e.g. "DeficitCreated(address indexed user, ...)".
  const item = parseAbiItem(`event ${sig}`);
  return JSON.parse(JSON.stringify(item));
}

// Function fragments for adapter unwrapping (Chainlink-style proxies and Aave CAPO adapters)
// and bytes32 ERC20 metadata (e.g. MKR). Parsed from Solidity signatures with viem.
const fn = (sig) => JSON.parse(JSON.stringify(parseAbiItem(`function ${sig}`)));

export function extract({ write = true } = {}) {
  const catalog = loadCatalog();
  const laterEvents = (contract) =>
    (catalog.byContract[contract] ?? [])
      .filter(
        (e) =>
          e.introduced_in && e.introduced_in !== '3.0.0' && !e.introduced_in.startsWith('3.0.'),
      )
      .map((e) => eventFromSignature(e.signature));

  const pool = aaveArtifact('protocol/pool/Pool.sol/Pool.json');
  const l2pool = aaveArtifact('protocol/pool/L2Pool.sol/L2Pool.json').filter(
    (i) => i.type === 'event',
  );
  const outputs = {
    Pool: build([...pool, ...l2pool], laterEvents('Pool')),
    PoolConfigurator: build(
      aaveArtifact('protocol/pool/PoolConfigurator.sol/PoolConfigurator.json'),
      laterEvents('PoolConfigurator'),
    ),
    PoolAddressesProvider: build(
      aaveArtifact('protocol/configuration/PoolAddressesProvider.sol/PoolAddressesProvider.json'),
      laterEvents('PoolAddressesProvider'),
    ),
    AaveOracle: build(
      aaveArtifact('misc/AaveOracle.sol/AaveOracle.json'),
      laterEvents('AaveOracle'),
    ),
    AToken: build(
      aaveArtifact('protocol/tokenization/AToken.sol/AToken.json'),
      laterEvents('AToken'),
    ),
    VariableDebtToken: build(
      aaveArtifact('protocol/tokenization/VariableDebtToken.sol/VariableDebtToken.json'),
      laterEvents('VariableDebtToken'),
    ),
    StableDebtToken: build(
      aaveArtifact('protocol/tokenization/StableDebtToken.sol/StableDebtToken.json'),
      laterEvents('StableDebtToken'),
    ),
    InterestRateStrategy: build(
      aaveArtifact(
        'protocol/pool/DefaultReserveInterestRateStrategy.sol/DefaultReserveInterestRateStrategy.json',
      ),
      laterEvents('InterestRateStrategy'),
    ),
    IERC20Detailed: build(
      aaveArtifact('dependencies/openzeppelin/contracts/IERC20Detailed.sol/IERC20Detailed.json'),
    ),
    ERC20Bytes32: build([
      fn('symbol() view returns (bytes32)'),
      fn('name() view returns (bytes32)'),
    ]),
    ChainlinkAggregator: build([
      ...chainlinkAbi('AggregatorInterface'),
      ...chainlinkAbi('IAggregatorProxy'),
    ]),
    PriceAdapter: build([
      ...chainlinkAbi('IAggregatorProxy'),
      fn('BASE_TO_USD_AGGREGATOR() view returns (address)'),
      fn('ASSET_TO_USD_AGGREGATOR() view returns (address)'),
      fn('PEG_TO_BASE() view returns (address)'),
      fn('ETH_TO_USD() view returns (address)'),
      fn('ETH_TO_BASE() view returns (address)'),
      fn('latestAnswer() view returns (int256)'),
    ]),
    UniswapV3Factory: build(uniswapArtifact('UniswapV3Factory')),
    UniswapV3Pool: build(uniswapArtifact('UniswapV3Pool')),
  };

  const report = {};
  if (write) mkdirSync(outDir, { recursive: true });
  for (const [name, { items, overloadedEvents }] of Object.entries(outputs)) {
    if (overloadedEvents.length) {
      throw new Error(
        `extract: ${name} has overloaded events ${overloadedEvents.join(', ')}; use signature form in the manifest`,
      );
    }
    if (write) writeFileSync(join(outDir, `${name}.json`), JSON.stringify(items, null, 2) + '\n');
    report[name] = {
      events: items.filter((i) => i.type === 'event').length,
      functions: items.filter((i) => i.type === 'function').length,
    };
  }
  if (write && catalog.source !== join(here, 'aave-event-catalog.json')) {
    // Keep a snapshot of the catalog next to the ABIs so a fresh clone can rerun without ../shared.
    const f = JSON.parse(readFileSync(catalog.source, 'utf8'));
    const snap = {
      note: 'Snapshot of event_catalog and version_event_changes from shared/facts/aave-v3-deployments.json (input of extract.mjs).',
      by_contract: f.event_catalog.by_contract,
      version_event_changes: f.version_event_changes,
    };
    writeFileSync(join(here, 'aave-event-catalog.json'), JSON.stringify(snap, null, 1) + '\n');
  }
  return { report, outputs, catalog };
}

export { toEventSelector, toFunctionSelector, canonical };

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { report, catalog } = extract();
  console.log(`ABIs written to ${outDir} (later-version events from ${catalog.source})`);
  for (const [n, r] of Object.entries(report))
    console.log(`  ${n}: ${r.events} events, ${r.functions} functions`);
}
