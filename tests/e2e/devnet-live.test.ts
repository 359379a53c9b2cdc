// Live mode keeps producing blocks (wall-clock timestamps, increasing) until stop().
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startDevnet } from '../../devnet/src/index.ts';

test(
  'live mode mines new blocks after the history and stops on stop()',
  { timeout: 120_000 },
  async () => {
    const d = await startDevnet({
      seed: 'live',
      accounts: 20,
      days: 1,
      live: true,
      liveIntervalMs: 150,
      quiet: true,
      writeFiles: false,
    });
    const block = async () =>
      BigInt((await d.provider.request({ method: 'eth_blockNumber' })) as string);
    try {
      const start = await block();
      assert.equal(start, d.historyEndBlock);
      const deadline = Date.now() + 20_000;
      while ((await block()) < start + 3n && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      const now = await block();
      assert.ok(now >= start + 3n, `only ${now - start} live blocks`);
      const ts = async (n: bigint) =>
        Number(
          (
            (await d.provider.request({
              method: 'eth_getBlockByNumber',
              params: [`0x${n.toString(16)}`, false],
            })) as { timestamp: string }
          ).timestamp,
        );
      for (let n = start + 1n; n <= now; n++) assert.ok((await ts(n)) > (await ts(n - 1n)));
      // History timestamps end about an hour before now; live blocks follow the wall clock.
      assert.ok(Math.abs((await ts(now)) - Date.now() / 1000) < 30);
    } finally {
      await d.stop();
    }
    const stopped = await block();
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(await block(), stopped);
  },
);
