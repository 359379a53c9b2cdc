// Checks the committed ABIs against the event catalog (every version 3.0.0–3.7): each catalogued
// event is in the contract's ABI with the catalogued topic0 (keccak via viem), event names are
// unique per ABI (graph-cli), and the committed files equal a fresh extraction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keccak256, toBytes, toEventSelector } from 'viem';
import { extract, loadCatalog, canonical } from './extract.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const abi = (name) => JSON.parse(readFileSync(join(here, 'abis', `${name}.json`), 'utf8'));
const { byContract } = loadCatalog();

test('every catalogued event topic is in the extracted ABI of its contract', () => {
  let checked = 0;
  for (const [contract, events] of Object.entries(byContract)) {
    const items = abi(contract).filter((i) => i.type === 'event');
    const topics = new Map(items.map((i) => [toEventSelector(canonical(i)), i]));
    for (const e of events) {
      // the catalog's topic0 is keccak256 of the canonical signature
      const canon = e.graph_event.replace(/indexed /g, '');
      assert.equal(keccak256(toBytes(canon)), e.topic0, `catalog topic0 of ${contract}.${e.name}`);
      const item = topics.get(e.topic0);
      assert.ok(
        item,
        `${contract}.${e.graph_event} (${e.topic0}) missing from abis/${contract}.json`,
      );
      // indexed flags must match graph-cli's event form (it is what the manifest names)
      const graphForm = `${item.name}(${item.inputs.map((i) => (i.indexed ? 'indexed ' : '') + i.type).join(',')})`;
      assert.equal(graphForm, e.graph_event, `indexed flags of ${contract}.${e.name}`);
      checked++;
    }
  }
  assert.ok(checked >= 80, `checked ${checked} events`);
});

test('event names are unique in every ABI (graph-cli codegen)', () => {
  for (const name of [
    'Pool',
    'PoolConfigurator',
    'PoolAddressesProvider',
    'AaveOracle',
    'AToken',
    'VariableDebtToken',
    'StableDebtToken',
    'ChainlinkAggregator',
    'UniswapV3Factory',
    'UniswapV3Pool',
  ]) {
    const names = abi(name)
      .filter((i) => i.type === 'event')
      .map((i) => i.name);
    assert.equal(new Set(names).size, names.length, `${name}: ${names.join(',')}`);
  }
});

test('price feed ABI has AnswerUpdated, latestAnswer and aggregator()', () => {
  const items = abi('ChainlinkAggregator');
  const ev = items.find((i) => i.type === 'event' && i.name === 'AnswerUpdated');
  assert.equal(
    toEventSelector(canonical(ev)),
    '0x0559884fd3a460db3073b7fc896cc77986f16e378210ded43186175bf646fc5f',
  );
  assert.ok(items.find((i) => i.name === 'latestAnswer'));
  assert.ok(items.find((i) => i.name === 'aggregator'));
});

test('Uniswap V3 ABIs carry the events the subgraph handles, with their public topics', () => {
  const topics = {
    UniswapV3Factory: {
      'PoolCreated(address,address,uint24,int24,address)':
        '0x783cca1c0412dd0d695e784568c96da2e9c22ff989357a2e8b1d9b2b4e6b7118',
    },
    UniswapV3Pool: {
      'Initialize(uint160,int24)':
        '0x98636036cb66a9c19a37435efc1e90142190214e8abeb821bdba3f2990dd4c95',
      'Mint(address,address,int24,int24,uint128,uint256,uint256)':
        '0x7a53080ba414158be7ec69b987b5fb7d07dee101fe85488f0853ae16239d0bde',
      'Burn(address,int24,int24,uint128,uint256,uint256)':
        '0x0c396cd989a39f4459b5fa1aed6a9a8dcdbc45908acfd67e028cd568da98982c',
      'Swap(address,address,int256,int256,uint160,uint128,int24)':
        '0xc42079f94a6350d7e6235f29174924f928cc2ac818eb64fed8004e115fbcca67',
    },
  };
  for (const [contract, events] of Object.entries(topics)) {
    const forms = new Map(
      abi(contract)
        .filter((i) => i.type === 'event')
        .map((i) => [canonical(i), toEventSelector(canonical(i))]),
    );
    for (const [signature, topic0] of Object.entries(events))
      assert.equal(forms.get(signature), topic0, `${contract}.${signature}`);
  }
});

test('the subgraph reads what it needs from the ABIs', () => {
  const has = (name, fn) =>
    assert.ok(
      abi(name).some((i) => i.type === 'function' && i.name === fn),
      `${name}.${fn}`,
    );
  has('AaveOracle', 'getAssetPrice');
  has('AaveOracle', 'BASE_CURRENCY_UNIT');
  has('AaveOracle', 'getSourceOfAsset');
  has('Pool', 'POOL_REVISION');
  has('IERC20Detailed', 'symbol');
  has('IERC20Detailed', 'decimals');
  has('PoolAddressesProvider', 'getMarketId');
});

test('committed ABIs equal a fresh extraction (rerun `npm run abis` after changing inputs)', () => {
  const { outputs } = extract({ write: false });
  for (const [name, { items }] of Object.entries(outputs)) {
    assert.deepEqual(abi(name), JSON.parse(JSON.stringify(items)), `abis/${name}.json is stale`);
  }
});
