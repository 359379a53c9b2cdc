// Loads a built subgraph directory (graph build output) into a typed Manifest.
// Every problem becomes a ManifestError naming the file (and the YAML path inside it).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse as parseGraphQL, GraphQLError } from 'graphql';
import { LineCounter, parseDocument } from 'yaml';
import type { Abi } from 'viem';
import type { Hex } from '../internal/types.ts';
import {
  coerceAbi,
  eventSignature,
  findEvent,
  findFunction,
  functionSignature,
  selectorOf,
  topicOf,
} from './abi.ts';
import {
  ManifestError,
  type BlockHandler,
  type CallHandler,
  type DataSource,
  type DataSourceTemplate,
  type EventHandler,
  type Manifest,
  type ManifestAbi,
  type Mapping,
} from './types.ts';

type Obj = Record<string, unknown>;

/** Accepts a build dir, a subgraph dir containing build/, or the subgraph.yaml itself. */
export function resolveManifestPath(path: string): string {
  const p = resolve(path);
  if (existsSync(p) && statSync(p).isFile()) return p;
  for (const c of [join(p, 'subgraph.yaml'), join(p, 'build', 'subgraph.yaml')])
    if (existsSync(c)) return c;
  throw new ManifestError(
    join(p, 'subgraph.yaml'),
    `no built subgraph here (looked for subgraph.yaml and build/subgraph.yaml); run \`npm run build -w subgraph\` first`,
  );
}

export function loadManifest(path: string): Manifest {
  const file = resolveManifestPath(path);
  const dir = dirname(file);
  const src = read(file);
  const lineCounter = new LineCounter();
  const doc = parseDocument(src, { prettyErrors: false, lineCounter });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const lp = lineCounter.linePos(e.pos[0]);
    const at = ` at line ${lp.line}, column ${lp.col}`;
    throw new ManifestError(file, `invalid YAML${at}: ${e.message.split('\n')[0]}`);
  }
  const root = doc.toJS() as unknown;
  const ctx = new Ctx(file, dir);
  if (!isObj(root)) throw ctx.err('', 'top level must be a mapping');

  const specVersion = ctx.str(root, 'specVersion', '');
  const schemaObj = ctx.obj(root, 'schema', '');
  const schemaFile = ctx.path(ctx.str(schemaObj, 'file', 'schema'), 'schema.file');
  const schemaSource = read(schemaFile);
  try {
    parseGraphQL(schemaSource);
  } catch (e) {
    const loc =
      e instanceof GraphQLError && e.locations?.[0]
        ? ` at line ${e.locations[0].line}, column ${e.locations[0].column}`
        : '';
    throw new ManifestError(schemaFile, `invalid GraphQL schema${loc}: ${(e as Error).message}`);
  }

  const abiCache = new Map<string, Abi>();
  const rawDs = root.dataSources;
  if (!Array.isArray(rawDs) || rawDs.length === 0)
    throw ctx.err('dataSources', 'must be a non-empty list');
  const dataSources: DataSource[] = rawDs.map((d, i) =>
    parseDataSource(ctx, d, `dataSources[${i}]`, abiCache),
  );
  const rawT = root.templates ?? [];
  if (!Array.isArray(rawT)) throw ctx.err('templates', 'must be a list');
  const templates: DataSourceTemplate[] = rawT.map((t, i) =>
    parseTemplate(ctx, t, `templates[${i}]`, abiCache),
  );

  const names = new Set<string>();
  for (const d of [...dataSources, ...templates]) {
    if (names.has(d.name))
      throw ctx.err('', `duplicate data source/template name ${JSON.stringify(d.name)}`);
    names.add(d.name);
  }
  const networks = new Set([...dataSources, ...templates].map((d) => d.network));
  if (networks.size > 1)
    throw ctx.err(
      '',
      `data sources use several networks (${[...networks].join(', ')}); one network per subgraph`,
    );

  const features = root.features === undefined ? [] : root.features;
  if (!Array.isArray(features) || !features.every((f) => typeof f === 'string'))
    throw ctx.err('features', 'must be a list of strings');
  let graft: Manifest['graft'];
  if (root.graft !== undefined) {
    const g = ctx.obj(root, 'graft', '');
    graft = { base: ctx.str(g, 'base', 'graft'), block: ctx.int(g, 'block', 'graft') };
  }
  return {
    dir,
    file,
    specVersion,
    schemaFile,
    schemaSource,
    description: typeof root.description === 'string' ? root.description : undefined,
    features: features as string[],
    dataSources,
    templates,
    network: [...networks][0],
    graft,
  };
}

function read(file: string): string {
  if (!existsSync(file)) throw new ManifestError(file, 'file not found');
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new ManifestError(file, `cannot read: ${(e as Error).message}`);
  }
}

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** Field readers that report `file: at <yaml path>: problem`. */
class Ctx {
  constructor(
    readonly file: string,
    readonly dir: string,
  ) {}
  err(at: string, problem: string): ManifestError {
    return new ManifestError(this.file, at ? `at ${at}: ${problem}` : problem);
  }
  obj(o: Obj, k: string, at: string): Obj {
    const v = o[k];
    if (!isObj(v)) throw this.err(join2(at, k), v === undefined ? 'missing' : 'must be a mapping');
    return v;
  }
  str(o: Obj, k: string, at: string): string {
    const v = o[k];
    if (typeof v !== 'string' || v === '')
      throw this.err(join2(at, k), v === undefined ? 'missing' : 'must be a non-empty string');
    return v;
  }
  int(o: Obj, k: string, at: string, dflt?: number): number {
    const v = o[k];
    if (v === undefined && dflt !== undefined) return dflt;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
      throw this.err(join2(at, k), v === undefined ? 'missing' : 'must be a non-negative integer');
    return v;
  }
  bool(o: Obj, k: string, at: string): boolean {
    const v = o[k];
    if (v === undefined) return false;
    if (typeof v !== 'boolean') throw this.err(join2(at, k), 'must be true or false');
    return v;
  }
  path(rel: string, at: string): string {
    const p = resolve(this.dir, rel);
    if (!existsSync(p))
      throw new ManifestError(p, `file not found (referenced from ${this.file} at ${at})`);
    return p;
  }
}
const join2 = (a: string, b: string) => (a ? `${a}.${b}` : b);

function parseTemplate(
  ctx: Ctx,
  d: unknown,
  at: string,
  abis: Map<string, Abi>,
): DataSourceTemplate {
  if (!isObj(d)) throw ctx.err(at, 'must be a mapping');
  const kind = ctx.str(d, 'kind', at);
  const name = ctx.str(d, 'name', at);
  if (kind !== 'ethereum/contract' && kind !== 'ethereum')
    throw ctx.err(
      join2(at, 'kind'),
      `unsupported kind ${JSON.stringify(kind)} (only ethereum/contract)`,
    );
  const network = ctx.str(d, 'network', at);
  const source = ctx.obj(d, 'source', at);
  const abiName = ctx.str(source, 'abi', join2(at, 'source'));
  const mapping = parseMapping(ctx, ctx.obj(d, 'mapping', at), join2(at, 'mapping'), abiName, abis);
  const context = isObj(d.context) ? (d.context as DataSourceTemplate['context']) : undefined;
  return { kind, name, network, abi: abiName, mapping, context };
}

function parseDataSource(ctx: Ctx, d: unknown, at: string, abis: Map<string, Abi>): DataSource {
  const t = parseTemplate(ctx, d, at, abis);
  const source = (d as Obj).source as Obj;
  let address: Hex | null = null;
  if (source.address !== undefined) {
    const a = source.address;
    if (typeof a !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(a))
      throw ctx.err(`${at}.source.address`, `not a 20-byte hex address: ${JSON.stringify(a)}`);
    address = a.toLowerCase() as Hex;
  }
  const startBlock = ctx.int(source, 'startBlock', `${at}.source`, 0);
  const endBlock =
    source.endBlock === undefined ? null : ctx.int(source, 'endBlock', `${at}.source`);
  if (endBlock !== null && endBlock < startBlock)
    throw ctx.err(`${at}.source.endBlock`, 'is before startBlock');
  return { ...t, address, startBlock, endBlock };
}

function parseMapping(
  ctx: Ctx,
  m: Obj,
  at: string,
  sourceAbi: string,
  abiCache: Map<string, Abi>,
): Mapping {
  const kind = ctx.str(m, 'kind', at);
  const apiVersion = ctx.str(m, 'apiVersion', at);
  if (!/^\d+\.\d+\.\d+$/.test(apiVersion))
    throw ctx.err(`${at}.apiVersion`, `not a version: ${JSON.stringify(apiVersion)}`);
  const language = ctx.str(m, 'language', at);
  if (language !== 'wasm/assemblyscript')
    throw ctx.err(`${at}.language`, `unsupported language ${JSON.stringify(language)}`);
  const entities = Array.isArray(m.entities) ? m.entities.map(String) : [];
  const file = ctx.path(ctx.str(m, 'file', at), `${at}.file`);

  if (!Array.isArray(m.abis) || m.abis.length === 0)
    throw ctx.err(`${at}.abis`, 'must be a non-empty list');
  const abis: ManifestAbi[] = m.abis.map((a, i) => {
    const aat = `${at}.abis[${i}]`;
    if (!isObj(a)) throw ctx.err(aat, 'must be a mapping');
    const name = ctx.str(a, 'name', aat);
    const f = ctx.path(ctx.str(a, 'file', aat), `${aat}.file`);
    let abi = abiCache.get(f);
    if (!abi) {
      let json: unknown;
      try {
        json = JSON.parse(read(f));
      } catch (e) {
        if (e instanceof ManifestError) throw e;
        throw new ManifestError(f, `invalid ABI JSON: ${(e as Error).message}`);
      }
      const r = coerceAbi(json);
      if ('problem' in r) throw new ManifestError(f, r.problem);
      abi = r.abi;
      abiCache.set(f, abi);
    }
    return { name, file: f, abi };
  });
  const main = abis.find((a) => a.name === sourceAbi);
  if (!main)
    throw ctx.err(
      `${at}.abis`,
      `source ABI ${JSON.stringify(sourceAbi)} is not listed in mapping.abis (${abis.map((a) => a.name).join(', ')})`,
    );

  const list = (k: string): unknown[] => {
    const v = m[k];
    if (v === undefined) return [];
    if (!Array.isArray(v)) throw ctx.err(`${at}.${k}`, 'must be a list');
    return v;
  };
  const eventHandlers: EventHandler[] = list('eventHandlers').map((h, i) => {
    const hat = `${at}.eventHandlers[${i}]`;
    if (!isObj(h)) throw ctx.err(hat, 'must be a mapping');
    const event = ctx.str(h, 'event', hat);
    const handler = ctx.str(h, 'handler', hat);
    const abiEvent = findEvent(main.abi, event);
    if (!abiEvent)
      throw new ManifestError(
        main.file,
        `event ${JSON.stringify(event)} (${ctx.file} at ${hat}.event) is not in ABI ${sourceAbi}`,
      );
    const out: EventHandler = {
      event,
      handler,
      abiEvent,
      receipt: ctx.bool(h, 'receipt', hat),
      topic0: topicOf(eventSignature(abiEvent, false)),
    };
    for (const k of ['topic1', 'topic2', 'topic3'] as const) {
      if (h[k] === undefined) continue;
      const v = Array.isArray(h[k]) ? (h[k] as unknown[]) : [h[k]];
      out[k] = v.map((x) => {
        if (typeof x !== 'string' || !/^0x[0-9a-fA-F]*$/.test(x) || x.length > 66)
          throw ctx.err(`${hat}.${k}`, `not a hex topic: ${JSON.stringify(x)}`);
        return ('0x' + x.slice(2).toLowerCase().padStart(64, '0')) as Hex;
      });
    }
    if (isObj(h.calls))
      out.calls = Object.fromEntries(Object.entries(h.calls).map(([k, v]) => [k, String(v)]));
    return out;
  });
  const callHandlers: CallHandler[] = list('callHandlers').map((h, i) => {
    const hat = `${at}.callHandlers[${i}]`;
    if (!isObj(h)) throw ctx.err(hat, 'must be a mapping');
    const fn = ctx.str(h, 'function', hat);
    const handler = ctx.str(h, 'handler', hat);
    const abiFn = findFunction(main.abi, fn);
    if (!abiFn)
      throw new ManifestError(
        main.file,
        `function ${JSON.stringify(fn)} (${ctx.file} at ${hat}.function) is not in ABI ${sourceAbi}`,
      );
    return { function: fn, handler, selector: selectorOf(functionSignature(abiFn)) };
  });
  const blockHandlers: BlockHandler[] = list('blockHandlers').map((h, i) => {
    const hat = `${at}.blockHandlers[${i}]`;
    if (!isObj(h)) throw ctx.err(hat, 'must be a mapping');
    const handler = ctx.str(h, 'handler', hat);
    if (h.filter === undefined || h.filter === null) return { handler, filter: null };
    const f = ctx.obj(h, 'filter', hat);
    const k = ctx.str(f, 'kind', `${hat}.filter`);
    if (k === 'call') return { handler, filter: { kind: 'call' } };
    if (k === 'once') return { handler, filter: { kind: 'once' } };
    if (k === 'polling') {
      const every = ctx.int(f, 'every', `${hat}.filter`);
      if (every < 1) throw ctx.err(`${hat}.filter.every`, 'must be at least 1');
      return { handler, filter: { kind: 'polling', every } };
    }
    throw ctx.err(
      `${hat}.filter.kind`,
      `unknown block handler filter ${JSON.stringify(k)} (call, polling, once)`,
    );
  });
  // graph-node: at most one block handler per filter kind in a data source.
  const seen = new Set<string>();
  for (const b of blockHandlers) {
    const key = b.filter?.kind ?? 'none';
    if (seen.has(key))
      throw ctx.err(`${at}.blockHandlers`, `more than one block handler with filter ${key}`);
    seen.add(key);
  }
  if (!eventHandlers.length && !callHandlers.length && !blockHandlers.length)
    throw ctx.err(at, 'has no eventHandlers, callHandlers or blockHandlers');
  return {
    kind,
    apiVersion,
    language,
    entities,
    abis,
    eventHandlers,
    callHandlers,
    blockHandlers,
    file,
  };
}
