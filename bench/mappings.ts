// Mapping-only limit on the real subgraph: synthetic but protocol-shaped Aave events through
// the compiled handlers of subgraph/build (graph-cli output), in-memory store, eth_calls
// answered instantly with type-plausible values. Data sources are created the way the chain
// would create them: AddressesProvider events → Pool/Configurator templates →
// ReserveInitialized → token templates (with the contexts the handlers set).
//   tsx bench/mappings.ts [N=5000] [--manifest subgraph/build/subgraph.yaml] [--fresh]
// --fresh: a new WebAssembly.Instance per trigger (literal graph-node) instead of instance reuse;
// the printed storeHash must be identical in both modes (same seeded event stream).
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { encodeAbiParameters, type AbiFunction, type AbiParameter } from 'viem';
import { loadManifest } from '../indexer/src/manifest/index.ts';
import type { DataSourceTemplate, EventHandler } from '../indexer/src/manifest/types.ts';
import { parseSchema } from '../indexer/src/schema/index.ts';
import { loadMappingModule, type MappingModule } from '../indexer/src/runtime/mapping-runtime.ts';
import { MemoryStore } from '../indexer/src/runtime/memory-store.ts';
import {
  type EntityData,
  type EthBlock,
  type EthEvent,
  type EthValue,
  type Hex,
  type TriggerContext,
} from '../indexer/src/internal/types.ts';
import { DeterministicError } from '../indexer/src/internal/errors.ts';
import { selector, canonicalType } from '../indexer/src/host/semantics/ethabi.ts';

const args = process.argv.slice(2);
const N = Number(args.find((a) => /^[0-9]+$/.test(a)) ?? 5000);
const mi = args.indexOf('--manifest');
const manifestPath = resolve(
  mi >= 0 ? args[mi + 1]! : new URL('../subgraph/build/subgraph.yaml', import.meta.url).pathname,
);
const fresh = args.includes('--fresh');
const manifest = loadManifest(manifestPath);
// seeded PRNG (mulberry32): the same event stream on every run
let seed = 0x9e3779b9;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const schema = parseSchema(manifest.schemaSource, manifest.schemaFile);
const store = new MemoryStore(schema);

const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as Hex;
const h32 = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hex;
const RAY = 10n ** 27n;

// ---- eth_call: answer any function of any ABI in the manifest with plausible values ----
const functions = new Map<string, AbiFunction>();
for (const ds of [...manifest.dataSources, ...manifest.templates]) {
  for (const a of ds.mapping.abis)
    for (const item of a.abi) {
      if (item.type === 'function')
        functions.set(selector(`${item.name}(${item.inputs.map(canonicalType).join(',')})`), item);
    }
}
function plausible(p: AbiParameter, fn = ''): unknown {
  const t = p.type;
  const arr = /^(.*)\[(\d*)\]$/.exec(t);
  if (arr)
    return Array.from({ length: arr[2] ? Number(arr[2]) : 1 }, () =>
      plausible({ ...p, type: arr[1]! } as AbiParameter, fn),
    );
  if (t === 'tuple')
    return (p as unknown as { components: AbiParameter[] }).components.map((c) => plausible(c, fn));
  if (t === 'address') return addr(0xabc);
  if (t === 'bool') return false;
  if (t === 'string') return 'TKN';
  if (t === 'bytes') return '0x';
  if (t.startsWith('bytes')) return `0x${'54'.padEnd(Number(t.slice(5)) * 2, '0')}`;
  const bits = Number(/[0-9]+$/.exec(t)?.[0] ?? 256);
  if (bits <= 8) return t.startsWith('u') ? 18 : 18;
  if (bits <= 16) return 100;
  if (bits <= 48) return 1_700_000_000;
  if (bits <= 64) return 1_700_000_000n;
  if (/revision|version/i.test(fn)) return 3n;
  return bits >= 128 && /index|rate|normalized/i.test(fn + (p.name ?? '')) ? RAY : 10n ** 18n;
}
function answer(data: Hex): Hex | null {
  const f = functions.get(data.slice(0, 10));
  if (!f) return null;
  try {
    return encodeAbiParameters(
      f.outputs,
      f.outputs.map((o) => plausible(o, f.name)),
    );
  } catch {
    return null;
  }
}

// ---- modules per template / data source ----
const modules = new Map<string, MappingModule>();
async function moduleFor(t: DataSourceTemplate): Promise<MappingModule> {
  let m = modules.get(t.mapping.file);
  if (!m) {
    m = await loadMappingModule(t.mapping.file, {
      schema,
      apiVersion: t.mapping.apiVersion,
      freshInstances: fresh,
    });
    modules.set(t.mapping.file, m);
  }
  return m;
}
const templates = new Map(manifest.templates.map((t) => [t.name, t]));
const created: { template: DataSourceTemplate; address: Hex; context: EntityData | null }[] = [];

let block: EthBlock;
function setBlock(n: number): void {
  block = {
    hash: h32(n),
    parentHash: h32(n - 1),
    unclesHash: h32(0),
    author: addr(0),
    stateRoot: h32(1),
    transactionsRoot: h32(2),
    receiptsRoot: h32(3),
    number: BigInt(n),
    gasUsed: 1_000_000n,
    gasLimit: 30_000_000n,
    timestamp: 1_700_000_000n + BigInt(n) * 12n,
    difficulty: 0n,
    totalDifficulty: 0n,
    size: 1000n,
    baseFeePerGas: 1_000_000_000n,
  };
}
setBlock(1);

function value(
  p: AbiParameter,
  pick: (name: string, type: string) => EthValue | undefined,
): EthValue {
  const v = pick(p.name ?? '', p.type);
  if (v) return v;
  const t = p.type;
  if (t === 'address') return { kind: 'address', value: addr(0x1000 + Math.floor(random() * 50)) };
  if (t === 'bool') return { kind: 'bool', value: false };
  if (t === 'string') return { kind: 'string', value: 'x' };
  if (t.startsWith('bytes') && t !== 'bytes')
    return { kind: 'fixedBytes', value: h32(7).slice(0, 2 + Number(t.slice(5)) * 2) as Hex };
  if (t === 'bytes') return { kind: 'bytes', value: '0x' };
  if (t.startsWith('uint8')) return { kind: 'uint', value: 2n };
  if (t.startsWith('uint16')) return { kind: 'uint', value: 0n };
  if (t.startsWith('uint'))
    return { kind: 'uint', value: BigInt(1 + Math.floor(random() * 1e6)) * 10n ** 12n };
  if (t.startsWith('int')) return { kind: 'int', value: 1n };
  return { kind: 'tuple', value: [] };
}

let logIndex = 0;
const errors = new Map<string, { count: number; first: string }>();
let ok = 0;
async function fire(
  ds: DataSourceTemplate,
  address: Hex,
  context: EntityData | null,
  h: EventHandler,
  pick: (name: string, type: string) => EthValue | undefined,
): Promise<void> {
  const event: EthEvent = {
    address,
    logIndex: BigInt(logIndex++),
    transactionLogIndex: 0n,
    logType: null,
    block,
    receipt: null,
    transaction: {
      hash: h32(logIndex),
      index: 0n,
      from: addr(0x1001),
      to: address,
      value: 0n,
      gasLimit: 1_000_000n,
      gasPrice: 1n,
      input: '0x',
      nonce: 0n,
    },
    parameters: h.abiEvent.inputs.map((p) => ({ name: p.name ?? '', value: value(p, pick) })),
  };
  const ctx: TriggerContext = {
    store,
    chain: { call: ({ data }) => answer(data), getBalance: () => 0n, hasCode: () => true },
    dataSource: { name: ds.name, network: ds.network, address, context },
    createDataSource: (template, params, c) => {
      const t = templates.get(template);
      if (t) created.push({ template: t, address: params[0] as Hex, context: c });
    },
    log: () => {},
  };
  try {
    await (await moduleFor(ds)).runEvent(h.handler, event, ctx);
    ok++;
  } catch (e) {
    if (!(e instanceof DeterministicError)) throw e;
    const k = `${ds.name}.${h.handler}`;
    const x = errors.get(k) ?? { count: 0, first: e.message };
    x.count++;
    errors.set(k, x);
  }
}

const handlerOf = (ds: DataSourceTemplate, name: string) =>
  ds.mapping.eventHandlers.find((h) => h.event.startsWith(name + '('));

// 1. AddressesProvider: pool, configurator, oracle
const provider = manifest.dataSources[0]!;
for (const [ev, target] of [
  ['PoolUpdated', 0x100],
  ['PoolConfiguratorUpdated', 0x200],
  ['PriceOracleUpdated', 0x300],
] as const) {
  const h = handlerOf(provider, ev);
  if (h)
    await fire(provider, provider.address ?? addr(0x50), null, h, (name) =>
      name === 'newAddress' ? { kind: 'address', value: addr(target) } : undefined,
    );
}
const byTemplate = (name: string) => created.filter((c) => c.template.name === name);
// 2. reserves
const RESERVES = 4;
const configurator = byTemplate('PoolConfigurator')[0];
if (configurator) {
  const h = handlerOf(configurator.template, 'ReserveInitialized');
  for (let r = 0; r < RESERVES; r++) {
    if (h)
      await fire(configurator.template, configurator.address, configurator.context, h, (name) => {
        const m: Record<string, number> = {
          asset: 0x2000 + r,
          aToken: 0x3000 + r,
          stableDebtToken: 0x4000 + r,
          variableDebtToken: 0x5000 + r,
          interestRateStrategyAddress: 0x6000,
        };
        return m[name] !== undefined ? { kind: 'address', value: addr(m[name]!) } : undefined;
      });
  }
}
const setupErrors = [...errors.entries()];
// 3. N user events across Pool and token templates
const pool = byTemplate('Pool')[0];
const streams: {
  ds: DataSourceTemplate;
  address: Hex;
  context: EntityData | null;
  h: EventHandler;
}[] = [];
if (pool)
  for (const e of [
    'Supply',
    'Borrow',
    'Repay',
    'Withdraw',
    'ReserveDataUpdated',
    'ReserveUsedAsCollateralEnabled',
  ]) {
    const h = handlerOf(pool.template, e);
    if (h) streams.push({ ds: pool.template, address: pool.address, context: pool.context, h });
  }
for (const c of created.filter((x) => /Token/.test(x.template.name))) {
  for (const e of ['Mint', 'Burn', 'BalanceTransfer']) {
    const h = handlerOf(c.template, e);
    if (h) streams.push({ ds: c.template, address: c.address, context: c.context, h });
  }
}
if (!streams.length) {
  console.log('no Pool/token data sources were created: check the setup errors', setupErrors);
  process.exit(1);
}
const users = Array.from({ length: 200 }, (_, i) => addr(0x10000 + i));
let eventsRun = 0;
const t0 = performance.now();
const c0 = process.cpuUsage();
for (let i = 0; i < N; i++) {
  if (i % 20 === 0) setBlock(100 + i / 20);
  const s = streams[i % streams.length]!;
  const reserve = addr(0x2000 + (i % RESERVES));
  const user = users[(i * 7) % users.length]!;
  await fire(s.ds, s.address, s.context, s.h, (name, type) => {
    if (type !== 'address') {
      if (/index/i.test(name)) return { kind: 'uint', value: RAY + BigInt(i) * 10n ** 18n };
      if (/rate/i.test(name) && type.startsWith('uint2'))
        return { kind: 'uint', value: 3n * 10n ** 25n };
      return undefined;
    }
    if (name === 'reserve' || name === 'asset') return { kind: 'address', value: reserve };
    return { kind: 'address', value: user };
  });
  eventsRun++;
}
const s = (performance.now() - t0) / 1000;
const cu = process.cpuUsage(c0);
const cpu = (cu.user + cu.system) / 1e6; // this process's CPU time: stable on a shared machine
const result = {
  events: eventsRun,
  seconds: +s.toFixed(3),
  eventsPerSecond: Math.round(eventsRun / s),
  cpuSeconds: +cpu.toFixed(3),
  eventsPerCpuSecond: Math.round(eventsRun / cpu),
  handlersOk: ok,
  dataSourcesCreated: created.length,
  entities: Object.fromEntries([...store.entities].map(([t, m]) => [t, m.size])),
  errors: Object.fromEntries(
    [...errors].map(([k, v]) => [k, `${v.count}× ${v.first.slice(0, 200)}`]),
  ),
  mode: fresh ? 'fresh instance per trigger' : 'instance reuse',
  storeHash: storeHash(),
};

function storeHash(): string {
  const h = createHash('sha256');
  for (const t of [...store.entities.keys()].sort()) {
    const m = store.entities.get(t)!;
    for (const id of [...m.keys()].sort()) {
      h.update(`${t}|${id}|`);
      for (const [k, v] of [...m.get(id)!].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
        h.update(
          `${k}=${JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x instanceof Uint8Array ? Buffer.from(x).toString('hex') : x))};`,
        );
    }
  }
  return h.digest('hex').slice(0, 16);
}
console.log(
  `real subgraph handlers, mapping-only: ${result.eventsPerSecond} events/s wall, ${result.eventsPerCpuSecond} events per CPU-second (${eventsRun} events, ${errors.size ? [...errors.values()].reduce((a, b) => a + b.count, 0) + ' failed deterministically' : 'none failed'})`,
);
console.log(JSON.stringify(result));
