// Mapping-only benchmark: N transfer events through the compiled fixture mapping with an
// in-memory store (no RPC: eth_calls answered from a map). Reports events/s and the cost of
// instantiating a fresh WASM instance per trigger. Usage:
//   tsx bench/mappings-fixture.ts [N=20000] [--wasm path --handler name]  (JSON on the last line)
import { encodeAbiParameters } from 'viem';
import { MappingModule } from '../indexer/src/runtime/mapping-runtime.ts';
import { MemoryStore } from '../indexer/src/runtime/memory-store.ts';
import type { EthBlock, EthEvent, Hex, TriggerContext } from '../indexer/src/internal/types.ts';
import { compiledFixture, fixtureSchema } from '../indexer/test-fixtures/compiled-fixtures.ts';
import { HostLinker } from '../indexer/src/host/instance.ts';

const N = Number(process.argv.find((a) => /^[0-9]+$/.test(a)) ?? 20000);
const schema = fixtureSchema('schema.graphql');
const module = await compiledFixture('src/mapping.ts', true); // --optimize, as graph-cli builds
const mod = new MappingModule(module, { schema }); // default: instance reuse
const store = new MemoryStore(schema);
const answers: Record<string, Hex> = {
  '0x95d89b41': encodeAbiParameters([{ type: 'string' }], ['USDC']),
  '0x313ce567': encodeAbiParameters([{ type: 'uint8' }], [6]),
};
const ctx: TriggerContext = {
  store,
  chain: {
    call: ({ data }) => answers[data.slice(0, 10)] ?? null,
    getBalance: () => 0n,
    hasCode: () => true,
  },
  dataSource: { name: 'Token', network: 'devnet', address: `0x${'55'.repeat(20)}`, context: null },
  createDataSource: () => {},
  log: () => {},
};
const hex = (n: number, bytes: number) => `0x${n.toString(16).padStart(bytes * 2, '0')}` as Hex;
const block = (n: number): EthBlock => ({
  hash: hex(n, 32),
  parentHash: hex(n - 1, 32),
  unclesHash: hex(0, 32),
  author: hex(0, 20),
  stateRoot: hex(1, 32),
  transactionsRoot: hex(2, 32),
  receiptsRoot: hex(3, 32),
  number: BigInt(n),
  gasUsed: 1000000n,
  gasLimit: 30000000n,
  timestamp: 1700000000n + BigInt(n) * 12n,
  difficulty: 0n,
  totalDifficulty: 0n,
  size: 1000n,
  baseFeePerGas: 1000000000n,
});
const events: EthEvent[] = [];
for (let i = 0; i < N; i++) {
  const b = block(1000 + Math.floor(i / 10));
  events.push({
    address: `0x${'55'.repeat(20)}`,
    logIndex: BigInt(i % 10),
    transactionLogIndex: 0n,
    logType: null,
    block: b,
    receipt: null,
    transaction: {
      hash: hex(i + 1, 32),
      index: BigInt(i % 10),
      from: hex((i % 1000) + 1, 20),
      to: `0x${'55'.repeat(20)}`,
      value: 0n,
      gasLimit: 100000n,
      gasPrice: 1n,
      input: '0x',
      nonce: BigInt(i),
    },
    parameters: [
      { name: 'from', value: { kind: 'address', value: hex((i % 1000) + 1, 20) } },
      { name: 'to', value: { kind: 'address', value: hex(((i * 7) % 1000) + 1, 20) } },
      { name: 'value', value: { kind: 'uint', value: BigInt(i) * 1_000_000n + 123n } },
    ],
  });
}

// 1. per-trigger instance cost: new WebAssembly.Instance + _start, vs. resetting a reused one
const svc = {
  store,
  ethCall: () => null,
  getBalance: () => 0n,
  hasCode: () => false,
  dataSource: () => ctx.dataSource,
  createDataSource: () => {},
  log: () => {},
  ipfsCat: () => null,
};
const K = Math.min(N, 5000);
const linker = new HostLinker(module);
for (let i = 0; i < 200; i++) linker.instantiate(svc); // warm-up
let t0 = performance.now();
for (let i = 0; i < K; i++) linker.instantiate(svc);
const instUs = ((performance.now() - t0) / K) * 1000;
const reusing = new HostLinker(module, undefined, { reuse: true });
for (let i = 0; i < 200; i++) reusing.instantiate(svc);
t0 = performance.now();
for (let i = 0; i < K; i++) reusing.instantiate(svc);
const resetUs = ((performance.now() - t0) / K) * 1000;

// fresh-instance mode (literal graph-node behaviour) on a slice of the events
const freshMod = new MappingModule(module, { schema, freshInstances: true });
const F = Math.min(N, 2000);
for (let i = 0; i < Math.min(200, F); i++)
  await freshMod.runEvent('handleTransfer', events[i]!, ctx);
t0 = performance.now();
for (let i = 0; i < F; i++) await freshMod.runEvent('handleTransfer', events[i]!, ctx);
const freshEps = Math.round(F / ((performance.now() - t0) / 1000));

// 2. end-to-end mapping throughput
for (let i = 0; i < Math.min(200, N); i++) await mod.runEvent('handleTransfer', events[i]!, ctx); // warm-up
store.clear();
Object.assign(mod.totals, { triggers: 0, attempts: 0, instantiateMs: 0, handlerMs: 0 });
t0 = performance.now();
const c0 = process.cpuUsage();
for (const e of events) await mod.runEvent('handleTransfer', e, ctx);
const ms = performance.now() - t0;
const cu = process.cpuUsage(c0);
const cpu = (cu.user + cu.system) / 1e6;
const result = {
  events: N,
  seconds: +(ms / 1000).toFixed(3),
  eventsPerSecond: Math.round(N / (ms / 1000)),
  eventsPerCpuSecond: Math.round(N / cpu),
  instantiateUsPerTrigger: +instUs.toFixed(1),
  resetUsPerTrigger: +resetUs.toFixed(1),
  freshInstanceEventsPerSecond: freshEps,
  inRunUs: {
    instantiate: +((mod.totals.instantiateMs / N) * 1000).toFixed(1),
    handler: +((mod.totals.handlerMs / N) * 1000).toFixed(1),
  },
  moduleBytes: WebAssembly.Module.exports(module).length,
  entities: {
    Transfer: store.count('Transfer'),
    Account: store.count('Account'),
    Token: store.count('Token'),
  },
};
console.log(
  `mapping-only: ${result.eventsPerSecond} events/s wall, ${result.eventsPerCpuSecond} per CPU-second (${N} events in ${result.seconds}s, instance reset per trigger: ${result.resetUsPerTrigger} µs)`,
);
console.log(
  `fresh WebAssembly.Instance per trigger: ${freshEps} events/s (new Instance + _start: ${result.instantiateUsPerTrigger} µs)`,
);
console.log(JSON.stringify(result));
