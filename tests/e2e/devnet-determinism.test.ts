// Same seed and start time → identical chain (every block hash and every log); another seed → a
// different history.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keccak256, toHex, type Hex } from 'viem';
import { startDevnet } from '../../devnet/src/index.ts';

interface RpcLog {
  address: Hex;
  topics: Hex[];
  data: Hex;
  blockNumber: Hex;
  logIndex: Hex;
  transactionHash: Hex;
  blockHash: Hex;
}

async function runAndHash(
  seed: string,
): Promise<{ logs: string; blocks: string; nLogs: number; nBlocks: bigint }> {
  const d = await startDevnet({
    seed,
    accounts: 30,
    days: 2,
    quiet: true,
    writeFiles: false,
    startTime: 1_740_000_000,
  });
  try {
    const logs = (await d.provider.request({
      method: 'eth_getLogs',
      params: [{ fromBlock: '0x0', toBlock: toHex(d.historyEndBlock) }],
    })) as RpcLog[];
    const logText = logs
      .map((l) =>
        [
          l.blockNumber,
          l.logIndex,
          l.transactionHash,
          l.address.toLowerCase(),
          ...l.topics,
          l.data,
        ].join('|'),
      )
      .join('\n');
    const hashes: Hex[] = [];
    for (let n = 0n; n <= d.historyEndBlock; n++) {
      const b = (await d.provider.request({
        method: 'eth_getBlockByNumber',
        params: [toHex(n), false],
      })) as { hash: Hex };
      hashes.push(b.hash);
    }
    return {
      logs: keccak256(toHex(logText)),
      blocks: keccak256(toHex(hashes.join(''))),
      nLogs: logs.length,
      nBlocks: d.historyEndBlock,
    };
  } finally {
    await d.stop();
  }
}

test(
  'two runs with the same seed produce identical logs and blocks; another seed differs',
  { timeout: 300_000 },
  async () => {
    const a = await runAndHash('det-1');
    const b = await runAndHash('det-1');
    assert.ok(a.nLogs > 500, `only ${a.nLogs} logs`);
    assert.equal(a.nBlocks, b.nBlocks);
    assert.equal(a.logs, b.logs, 'keccak over all logs');
    assert.equal(a.blocks, b.blocks, 'keccak over all block hashes');
    const c = await runAndHash('det-2');
    assert.notEqual(c.logs, a.logs);
  },
);
