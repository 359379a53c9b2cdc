// Compute-time benchmark of the dashboard's risk engine on synthetic books:
// `node --import tsx bench/risk.ts [N…] [--paging] [--url URL]` (`npm run bench:risk`).
// Prints, per size: prepare (balances now), exact HF for all accounts, float book, the full
// curve set (every asset and group, 19 drop levels), one exact shock, the liquidity-aware cascade
// of a 30% ETH-like drop, the liquidation prediction (10,000 paths, 1 and 7 days; 2,000 paths
// with DEX-priced liquidations on 300 accounts; bench/predict-section.ts), and a cached API call.
import { performance } from 'node:perf_hooks';
import { syntheticBook } from '../dashboard/test-fixtures/synthetic-book.ts';
import { startFakeGraphNode, bookToEntities } from '../dashboard/test-fixtures/fake-graph-node.ts';
import { SubgraphClient } from '../dashboard/lib/subgraph-client.ts';
import { loadBook } from '../dashboard/lib/risk/book-from-subgraph.ts';
import { prepareBook, evaluate } from '../dashboard/lib/risk/engine.ts';
import {
  floatBook,
  shockCurve,
  exactScenario,
  marketsOfClass,
} from '../dashboard/lib/risk/analysis.ts';
import { concentration } from '../dashboard/lib/risk/concentration.ts';
import { createRequire } from 'node:module';
import { SHOCK_GROUPS } from '../dashboard/lib/risk/classes.ts';
import { cascade } from '../dashboard/lib/cascade/cascade.ts';
import { syntheticPools } from '../dashboard/test-fixtures/synthetic-pools.ts';
import { benchPredict, benchPredictDex } from './predict-section.ts';

// The dashboard is CommonJS: the risk cache (service.ts) and the handlers that read it (api.ts)
// are required, so this ES module shares the one instance api.ts sees instead of a second copy.
const require = createRequire(import.meta.url);
const { primeRiskContext, clearRiskCache, RiskContext } =
  require('../dashboard/lib/risk/service.ts') as typeof import('../dashboard/lib/risk/service.ts');
const { accountsHandler, summaryHandler } =
  require('../dashboard/lib/api/risk.ts') as typeof import('../dashboard/lib/api/risk.ts');

const args = process.argv.slice(2);
const sizes = args.map(Number).filter((n) => n > 0);
/** --paging: also page the book through a fake graph-node over HTTP (client + JSON cost) */
const paging = args.includes('--paging');
/** --url URL: page + compute against a real endpoint (e.g. the local indexer), cold then cached */
const urlArg = args.indexOf('--url') >= 0 ? args[args.indexOf('--url') + 1] : undefined;
const time = <T>(f: () => T): [T, number] => {
  const t = performance.now();
  const r = f();
  return [r, performance.now() - t];
};
/** best of `reps` runs: wall ms and this thread's CPU ms (the machine is shared: CPU time shows contention) */
function best(reps: number, f: () => unknown): { wall: number; cpu: number } {
  let wall = Infinity,
    cpu = Infinity;
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    wall = Math.min(wall, performance.now() - t0);
    cpu = Math.min(cpu, process.cpuUsage(c0).user / 1000);
  }
  return { wall, cpu };
}
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function main(): Promise<void> {
  if (urlArg) {
    const client = new SubgraphClient(urlArg);
    const t0 = performance.now();
    const book = await loadBook(client, 'bench');
    const t1 = performance.now();
    const ctx = new RiskContext(book);
    const t2 = performance.now();
    const borrowers = ctx.results.totalDebtBase.filter((d) => d > 0n).length;
    console.log(
      `${urlArg}: block ${book.block.number}, ${book.accounts.length} accounts (${borrowers} borrowers), ` +
        `paging ${ms(t1 - t0)} in ${client.requests} requests, compute ${ms(t2 - t1)}, cold total ${ms(t2 - t0)}`,
    );
    return;
  }
  console.log(`300 accounts (devnet size): ${benchPredict(syntheticBook(300, 3))}`);
  console.log(`300 accounts (devnet size): ${benchPredictDex(syntheticBook(300, 3))}`);
  for (const n of sizes.length ? sizes : [10_000, 100_000]) {
    const book = syntheticBook(n, 3);
    const positions = book.accounts.reduce((s, a) => s + a.positions.length, 0);
    const [pb, tPrep] = time(() => prepareBook(book));
    const [res, tEval] = time(() => evaluate(pb));
    const [fb, tFloat] = time(() => floatBook(pb));
    const drops = Array.from({ length: 19 }, (_, i) => i * 5);
    const [, tCurves] = time(() => {
      book.markets.forEach((_, i) => shockCurve(pb, fb, new Set([i]), drops));
      for (const g of SHOCK_GROUPS) shockCurve(pb, fb, new Set(marketsOfClass(pb, g)), drops);
    });
    const [, tShock] = time(() =>
      exactScenario(
        pb,
        fb,
        new Map([
          [0, 2500],
          [1, 2500],
        ]),
      ),
    );
    const [, tConc] = time(() => concentration(pb, fb, res));
    // the cascade after a 30% drop of the ETH-like group, through one pool per market pair
    const pools = syntheticPools(pb);
    const ethDrop = new Map(marketsOfClass(pb, 'ETH-like').map((m) => [m, 3000]));
    const shocked = exactScenario(pb, fb, ethDrop).prices;
    let cascaded: ReturnType<typeof cascade> | undefined;
    const tCascade = best(3, () => (cascaded = cascade(pb, shocked, pools)));
    const compute = best(3, () => {
      clearRiskCache();
      primeRiskContext(book);
    });
    clearRiskCache();
    const [, tCtx] = time(() => primeRiskContext(book));
    const url = `http://x/api/risk/summary?network=synthetic&block=${book.block.hash}`;
    await summaryHandler(new Request(url));
    const t0 = performance.now();
    const resp = await summaryHandler(new Request(url));
    await resp.json();
    const tCached = performance.now() - t0;
    const t1 = performance.now();
    const acc = await accountsHandler(new Request(url.replace('summary', 'accounts')));
    const body = (await acc.json()) as { count: number };
    const tAccounts = performance.now() - t1;
    const t2 = performance.now();
    await (await accountsHandler(new Request(url.replace('summary', 'accounts')))).text();
    const tAccountsCached = performance.now() - t2;
    if (paging) {
      const g = await startFakeGraphNode(bookToEntities(book), {
        number: 1,
        hash: book.block.hash,
        timestamp: book.block.timestamp,
      });
      const client = new SubgraphClient(g.url);
      const t = performance.now();
      const loaded = await loadBook(client, 'synthetic');
      console.log(
        `${n} accounts: paged ${loaded.accounts.length} accounts in ${client.requests} requests from a fake graph-node in ${ms(performance.now() - t)} (server in the same process)`,
      );
      await g.close();
    }
    console.log(
      `${n} accounts (${positions} positions): prepare ${ms(tPrep)}, exact HF ${ms(tEval)}, float book ${ms(tFloat)} ` +
        `| COMPUTE (balances + exact HF + float book, best of 3) wall ${ms(compute.wall)} cpu ${ms(compute.cpu)} (last ${ms(tCtx)}) | curves ${book.markets.length + SHOCK_GROUPS.length}×19 ${ms(tCurves)} | ` +
        `exact shock ${ms(tShock)} | concentration ${ms(tConc)} | ${benchPredict(book)} | ` +
        `CASCADE ETH-like −30% (${pools.length} pools, ${cascaded!.rounds.length} rounds, ${cascaded!.liquidatedAccounts.length} liquidated, best of 3) wall ${ms(tCascade.wall)} cpu ${ms(tCascade.cpu)} | cached summary ${ms(tCached)} | /accounts (${body.count} borrowers, JSON) first ${ms(tAccounts)}, cached ${ms(tAccountsCached)}`,
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
