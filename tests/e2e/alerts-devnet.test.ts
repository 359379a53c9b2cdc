// Alerts on the real pipeline: devnet (ETH crash) → local indexer → GraphQL → alert evaluator,
// evaluated block by block over the crash window with the same code the monitor runs
// (evaluateAt: snapshot pinned to the block hash → rules → state machine → webhook queue).
// Expected open/resolve blocks come from the chain, not from our output: an account is
// "below" at block b when Pool.getUserAccountData(user) at b has debt and HF < 1; WETH jumps at
// b when AaveOracle.getAssetPrice(WETH) moved more than the rule's % since the previous block.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAbi, type Hex } from 'viem';
import { SubgraphClient } from '../../dashboard/lib/subgraph-client';
import { parseRules } from '../../dashboard/lib/alerts/rules';
import { AlertState, type AlertEvent } from '../../dashboard/lib/alerts/state';
import { evaluateAt } from '../../dashboard/lib/alerts/monitor';
import { pricesOf } from '../../dashboard/lib/alerts/snapshot';
import { WebhookDispatcher, type WebhookBody } from '../../dashboard/lib/alerts/webhooks';
import { accountDataOnChain, chainClient } from './risk-chain-book';
import { startDevnet } from '../../devnet/src/index.ts';
import { followToBlock } from './indexer-helpers.ts';
import { clearRiskCache } from '../../dashboard/lib/risk/service.ts';

const root = join(__dirname, '..', '..');
const SUBGRAPH_DIR = join(root, 'subgraph', 'build', 'networks', 'devnet');
const ACCOUNTS = Number(process.env.ALERTS_E2E_ACCOUNTS ?? 200);
const DAYS = Number(process.env.ALERTS_E2E_DAYS ?? 4);
const JUMP_PCT = 3;
const ORACLE_ABI = parseAbi(['function getAssetPrice(address) view returns (uint256)']);
const LIQUIDATION_CALL = parseAbi([
  'event LiquidationCall(address indexed collateralAsset, address indexed debtAsset, address indexed user, uint256 debtToCover, uint256 liquidatedCollateralAmount, address liquidator, bool receiveAToken)',
])[0];
const SPIKE = { windowMinutes: 60, trailingWindows: 6, factor: 3, minUSD: 1000 };
const WAD = 10n ** 18n;

function skipReason(): string | false {
  if (!existsSync(join(SUBGRAPH_DIR, 'subgraph.yaml')))
    return `needs the devnet subgraph build (${SUBGRAPH_DIR}: npm run build:all -w subgraph -- devnet)`;
  return false;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let devnet: any, node: any;
let dataDir: string;
let startTime: number;

before(
  async () => {
    if (skipReason()) return;
    startTime = Math.floor(Date.now() / 3_600_000) * 3600 - DAYS * 24 * 3600;
    devnet = await startDevnet({
      seed: 11,
      accounts: ACCOUNTS,
      days: DAYS,
      startTime,
      live: false,
      quiet: true,
      writeFiles: false,
      port: 0,
    });
    const manifest = readFileSync(join(SUBGRAPH_DIR, 'subgraph.yaml'), 'utf8');
    assert.ok(
      manifest.toLowerCase().includes(devnet.deployment.poolAddressesProvider.toLowerCase()),
      'subgraph build indexes another PoolAddressesProvider: rebuild it',
    );
    dataDir = mkdtempSync(join(tmpdir(), 'alerts-e2e-'));
    const head = Number(devnet.historyEndBlock);
    const followed = await followToBlock(devnet.rpcUrl, SUBGRAPH_DIR, dataDir, head);
    node = followed.node;
  },
  { timeout: 900_000 },
);

after(async () => {
  await node?.stop();
  await devnet?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  delete process.env.SUBGRAPH_URLS;
});

test(
  'crash window: alerts open and resolve at the blocks the chain says; the webhook gets each once',
  { skip: skipReason(), timeout: 900_000 },
  async () => {
    const client = chainClient(devnet.provider);
    const { crashStartHour } = devnet.sim.paths.events as { crashStartHour: number };
    const from = startTime + (crashStartHour - 2) * 3600,
      to = startTime + (crashStartHour + 36) * 3600;
    const blocks: Array<{ number: number; hash: string; timestamp: number }> = [];
    for (let b = Number(devnet.historyEndBlock); b > 0; b--) {
      const blk = await client.getBlock({ blockNumber: BigInt(b) });
      const ts = Number(blk.timestamp);
      if (ts < from) break;
      if (ts <= to) blocks.unshift({ number: b, hash: blk.hash!, timestamp: ts });
    }
    assert.ok(blocks.length >= 30, `crash window has ${blocks.length} blocks`);

    // --- our side: the evaluator at every block of the window, events to a local webhook ---
    process.env.SUBGRAPH_URLS = `devnet=${node.url}`;
    clearRiskCache();
    const received: WebhookBody[] = [];
    const rx: Server = createServer((req, res) => {
      let d = '';
      req.on('data', (c) => (d += c));
      req.on('end', () => {
        received.push(JSON.parse(d));
        res.writeHead(200);
        res.end();
      });
    });
    await new Promise<void>((r) => rx.listen(0, '127.0.0.1', r));
    const cfg = parseRules(
      `rules:
  - { id: liquidatable, type: health_factor, below: 1, scope: account, severity: critical }
  - { id: liquidatable-count, type: health_factor, below: 1, minAccounts: 1 }
  - { id: weth-jump, type: price_deviation, maxPct: ${JUMP_PCT}, markets: [WETH] }
  - { id: bad-debt, type: bad_debt, maxUSD: 0 }
  - { id: spike, type: liquidation_spike, windowMinutes: ${SPIKE.windowMinutes}, trailingWindows: ${SPIKE.trailingWindows}, factor: ${SPIKE.factor}, minUSD: ${SPIKE.minUSD} }
webhooks:
  - http://127.0.0.1:${(rx.address() as AddressInfo).port}/hook
`,
      'e2e.yaml',
    );
    const dispatcher = new WebhookDispatcher(cfg.webhooks);
    const state = new AlertState('devnet', { file: join(dataDir, 'alerts', 'devnet.json') });
    const sg = new SubgraphClient(node.url, { retries: 2, backoffMs: 100 });
    const events: AlertEvent[] = [];
    let prevPrices;
    for (const b of blocks) {
      const r = await evaluateAt(
        sg,
        state,
        cfg.rules,
        { block: b, hasIndexingErrors: false },
        { now: b.timestamp, prevPrices },
      );
      assert.deepEqual(r.ruleErrors, [], `block ${b.number}`);
      prevPrices = pricesOf(r.snapshot);
      for (const e of r.events) {
        events.push(e);
        dispatcher.enqueue(e);
      }
    }
    await dispatcher.idle();
    await new Promise<void>((r) => rx.close(() => r()));

    // --- chain side: on-chain HF and oracle price at the same blocks ---
    const users: Hex[] = devnet.users;
    const weth = (devnet.deployment.tokens as Array<{ symbol: string; address: Hex }>).find(
      (t) => t.symbol === 'WETH',
    )!.address;
    // liquidations from the Pool's own LiquidationCall logs, valued at the oracle price of the debt asset at that block
    const tokens = devnet.deployment.tokens as Array<{
      symbol: string;
      address: Hex;
      decimals: number;
    }>;
    const logs = await client.getLogs({
      address: devnet.deployment.pool,
      event: LIQUIDATION_CALL,
      fromBlock: 0n,
      toBlock: BigInt(blocks[blocks.length - 1].number),
    });
    const liqs: Array<{ ts: number; usd: number }> = [];
    const blockTs = new Map<bigint, number>();
    for (const l of logs) {
      if (!blockTs.has(l.blockNumber))
        blockTs.set(
          l.blockNumber,
          Number((await client.getBlock({ blockNumber: l.blockNumber })).timestamp),
        );
      const debtAsset = l.args.debtAsset!;
      const p = (await client.readContract({
        address: devnet.deployment.aaveOracle,
        abi: ORACLE_ABI,
        functionName: 'getAssetPrice',
        args: [debtAsset],
        blockNumber: l.blockNumber,
      })) as bigint;
      const dec = tokens.find((t) => t.address.toLowerCase() === debtAsset.toLowerCase())!.decimals;
      liqs.push({
        ts: blockTs.get(l.blockNumber)!,
        usd: ((Number(l.args.debtToCover!) / 10 ** dec) * Number(p)) / 1e8,
      });
    }
    const w = SPIKE.windowMinutes * 60;
    const spikeAt = (t0: number) => {
      const cur = liqs
        .filter((l) => t0 - l.ts >= 0 && t0 - l.ts < w)
        .reduce((a, l) => a + l.usd, 0);
      const trail = liqs
        .filter((l) => t0 - l.ts >= w && t0 - l.ts < w * (SPIKE.trailingWindows + 1))
        .reduce((a, l) => a + l.usd, 0);
      return (
        cur > 0 && cur >= SPIKE.minUSD && cur >= SPIKE.factor * (trail / SPIKE.trailingWindows)
      );
    };
    const expected: string[] = [];
    const flag = (b: number, rule: string, subject: string, now: boolean, before: boolean) => {
      if (now && !before) expected.push(`${b} open ${rule} ${subject}`);
      if (!now && before) expected.push(`${b} resolve ${rule} ${subject}`);
      return now;
    };
    let prevBad = false,
      prevSpike = false;
    let prevBelow = new Set<string>(),
      prevPrice: bigint | null = null,
      prevJump = false,
      prevCount = false;
    for (const b of blocks) {
      const data = await accountDataOnChain(
        client,
        devnet.deployment.pool,
        users,
        BigInt(b.number),
      );
      // health_factor rules skip insolvent accounts (debt, no collateral): the bad-debt rule has them
      const below = new Set(
        users
          .filter(
            (_, i) =>
              data[i].totalDebtBase > 0n &&
              data[i].healthFactor < WAD &&
              data[i].totalCollateralBase > 0n,
          )
          .map((u) => u.toLowerCase()),
      );
      for (const u of below)
        if (!prevBelow.has(u)) expected.push(`${b.number} open liquidatable account:${u}`);
      for (const u of prevBelow)
        if (!below.has(u)) expected.push(`${b.number} resolve liquidatable account:${u}`);
      if (below.size > 0 && !prevCount)
        expected.push(`${b.number} open liquidatable-count protocol`);
      if (below.size === 0 && prevCount)
        expected.push(`${b.number} resolve liquidatable-count protocol`);
      prevBelow = below;
      prevCount = below.size > 0;
      const bad = users.some(
        (_, i) =>
          data[i].totalDebtBase > 0n &&
          data[i].healthFactor < WAD &&
          data[i].totalDebtBase > data[i].totalCollateralBase,
      );
      prevBad = flag(b.number, 'bad-debt', 'protocol', bad, prevBad);
      prevSpike = flag(b.number, 'spike', 'protocol', spikeAt(b.timestamp), prevSpike);
      const price = (await client.readContract({
        address: devnet.deployment.aaveOracle,
        abi: ORACLE_ABI,
        functionName: 'getAssetPrice',
        args: [weth],
        blockNumber: BigInt(b.number),
      })) as bigint;
      const jump =
        prevPrice !== null && Math.abs(Number(price) / Number(prevPrice) - 1) * 100 > JUMP_PCT;
      if (jump && !prevJump) expected.push(`${b.number} open weth-jump token:WETH`);
      if (!jump && prevJump) expected.push(`${b.number} resolve weth-jump token:WETH`);
      prevPrice = price;
      prevJump = jump;
    }

    const ours = events.map(
      (e) =>
        `${e.event === 'alert.opened' ? e.alert.openedBlock : e.alert.resolvedBlock} ${e.event === 'alert.opened' ? 'open' : 'resolve'} ${e.alert.rule} ${e.alert.subject}`,
    );
    const sort = (xs: string[]) =>
      [...xs].sort(
        (a, b) => Number(a.split(' ')[0]) - Number(b.split(' ')[0]) || a.localeCompare(b),
      );
    const opens = expected.filter((x) => x.includes(' open liquidatable account')).length;
    const resolves = expected.filter((x) => x.includes(' resolve liquidatable account')).length;
    console.log(
      `# crash window blocks ${blocks[0].number}–${blocks[blocks.length - 1].number}: ${events.length} events; chain: ${opens} account openings, ${resolves} resolutions, ${expected.filter((x) => x.includes('weth-jump')).length} WETH jump transitions, ${logs.length} liquidations, spike ${expected
        .filter((x) => x.includes(' spike '))
        .map((x) => x.split(' ').slice(0, 2).join(' '))
        .join(', ')}, bad debt ${
        expected
          .filter((x) => x.includes(' bad-debt '))
          .map((x) => x.split(' ').slice(0, 2).join(' '))
          .join(', ') || 'none'
      }`,
    );
    assert.ok(
      opens >= 1 && resolves >= 1,
      'the crash window makes accounts liquidatable and they recover or get liquidated',
    );
    assert.ok(
      expected.some((x) => x.includes('open weth-jump')),
      `WETH moves > ${JUMP_PCT}% between two blocks in the crash`,
    );
    assert.ok(
      expected.some((x) => x.includes('open spike')),
      `${logs.length} liquidations on chain make a spike`,
    );
    // the congested crash hours leave an account with debt above its collateral on chain
    assert.ok(
      expected.some((x) => x.includes(' open bad-debt protocol')),
      'the crash leaves bad debt on chain',
    );
    assert.ok(
      ours.some((x) => x.includes(' open bad-debt protocol')),
      'the bad-debt alert opens',
    );
    assert.deepEqual(sort(ours), sort(expected));

    // the webhook got every event exactly once
    assert.deepEqual(
      received.map((r) => r.deliveryId).sort(),
      events.map((e) => `${e.alert.id}:${e.event}`).sort(),
    );
    assert.equal(new Set(received.map((r) => r.deliveryId)).size, received.length);
    // and the state file holds what a restart needs: no alert re-fires
    const restarted = new AlertState('devnet', { file: join(dataDir, 'alerts', 'devnet.json') });
    assert.deepEqual(
      restarted.openList().map((a) => a.id),
      state.openList().map((a) => a.id),
    );
    assert.equal(
      restarted.block?.number,
      blocks[blocks.length - 1].number,
      'block cursor kept: the monitor resumes after it',
    );
  },
);
