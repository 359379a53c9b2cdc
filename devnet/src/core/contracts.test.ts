import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { aaveArtifact, linkedBytecode } from './artifacts.ts';
import { contractsDir, devnetContracts } from './compile.ts';

test('committed compiled.json matches the .sol sources (no stale bytecode)', () => {
  const before = readFileSync(join(contractsDir, 'compiled.json'), 'utf8');
  const contracts = devnetContracts(); // recompiles and rewrites only if the source hash differs
  assert.equal(
    readFileSync(join(contractsDir, 'compiled.json'), 'utf8'),
    before,
    'compiled.json was stale: commit the regenerated file',
  );
  for (const name of ['DevnetAggregator', 'DevnetFeedProxy', 'DevnetLens', 'DevnetFaucet']) {
    assert.match(contracts[name].bytecode, /^0x[0-9a-f]{200,}$/, name);
  }
  const agg = contracts.DevnetAggregator.abi as {
    type: string;
    name?: string;
    inputs?: { indexed?: boolean; type: string }[];
  }[];
  const ev = agg.find((x) => x.type === 'event' && x.name === 'AnswerUpdated');
  assert.deepEqual(
    ev?.inputs?.map((i) => [i.type, !!i.indexed]),
    [
      ['int256', true],
      ['uint256', true],
      ['uint256', false],
    ],
  );
});

test('library linking replaces every placeholder and refuses missing libraries', () => {
  const pool = aaveArtifact('Pool');
  assert.throws(() => linkedBytecode(pool, {}), /library \w+ is not deployed/);
  const libs = Object.fromEntries(
    [
      'SupplyLogic',
      'BorrowLogic',
      'LiquidationLogic',
      'EModeLogic',
      'BridgeLogic',
      'FlashLoanLogic',
      'PoolLogic',
    ].map((n, i) => [n, `0x${String(i + 1).padStart(40, '0')}` as const]),
  );
  const code = linkedBytecode(pool, libs);
  assert.ok(!code.includes('__$'));
  assert.equal(code.length, pool.bytecode.length);
  // Each reference now holds its library's address.
  const refs =
    pool.linkReferences['contracts/protocol/libraries/logic/SupplyLogic.sol'].SupplyLogic;
  for (const r of refs)
    assert.equal(
      code.slice(2 + r.start * 2, 2 + (r.start + r.length) * 2),
      libs.SupplyLogic.slice(2),
    );
});
