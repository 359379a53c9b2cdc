// One GraphQL request end to end: parse → validate (graphql-js rules, the same messages
// graph-node's validator produces) → depth limit → execute with batched SQL resolvers → size
// limit. Errors come back in graph-node's shape: { "errors": [{ "message", "locations"? }] }.
import { parse, validate, execute, GraphQLError, Kind, type DocumentNode, type SelectionSetNode, type FragmentDefinitionNode } from 'graphql';
import type { Store } from '../store/index.ts';
import type { Api } from './api.ts';
import { Batcher } from './batcher.ts';

export interface ExecLimits { maxDepth: number; maxResultBytes: number; timeoutMs: number }
export const DEFAULT_EXEC_LIMITS: ExecLimits = { maxDepth: 64, maxResultBytes: 100 * 1024 * 1024, timeoutMs: 30_000 };

export interface GraphQLRequest { query?: unknown; variables?: unknown; operationName?: unknown }
export interface GraphQLResponse { data?: unknown; errors?: { message: string; locations?: { line: number; column: number }[]; path?: (string | number)[] }[] }

const err = (e: GraphQLError) => {
  const o: NonNullable<GraphQLResponse['errors']>[number] = { message: e.message };
  if (e.locations?.length) o.locations = e.locations.map((l) => ({ line: l.line, column: l.column }));
  if (e.path?.length) o.path = [...e.path];
  return o;
};

function depthOf(doc: DocumentNode): number {
  const frags = new Map<string, FragmentDefinitionNode>();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) frags.set(d.name.value, d);
  const walk = (s: SelectionSetNode | undefined, seen: Set<string>): number => {
    if (!s) return 0;
    let max = 0;
    for (const sel of s.selections) {
      if (sel.kind === Kind.FIELD) max = Math.max(max, sel.selectionSet ? 1 + walk(sel.selectionSet, seen) : 1);
      else if (sel.kind === Kind.INLINE_FRAGMENT) max = Math.max(max, walk(sel.selectionSet, seen));
      else if (!seen.has(sel.name.value)) max = Math.max(max, walk(frags.get(sel.name.value)?.selectionSet, new Set([...seen, sel.name.value])));
    }
    return max;
  };
  let d = 0;
  for (const def of doc.definitions) if (def.kind === Kind.OPERATION_DEFINITION) d = Math.max(d, walk(def.selectionSet, new Set()));
  return d;
}

export async function runQuery(api: Api, store: Store, deployment: string, req: GraphQLRequest, limits: ExecLimits = DEFAULT_EXEC_LIMITS): Promise<GraphQLResponse> {
  if (typeof req.query !== 'string' || !req.query.trim()) return { errors: [{ message: 'The query is empty' }] };
  if (req.variables != null && (typeof req.variables !== 'object' || Array.isArray(req.variables))) return { errors: [{ message: 'Invalid query variables: expected a JSON object' }] };
  let doc: DocumentNode;
  try {
    doc = parse(req.query);
  } catch (e) {
    return { errors: [err(e as GraphQLError)] };
  }
  const verrs = validate(api.schema, doc);
  if (verrs.length) return { errors: verrs.map(err) };
  if (depthOf(doc) > limits.maxDepth) return { errors: [{ message: `query has a depth that exceeds the limit of \`${limits.maxDepth}\`` }] };
  const ctx = { store, deployment, batch: new Batcher() };
  const reverts = store.reverts;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((res) => { timer = setTimeout(() => res('timeout'), limits.timeoutMs); });
  try {
    const r = await Promise.race([
      Promise.resolve(execute({ schema: api.schema, document: doc, contextValue: ctx, variableValues: req.variables as Record<string, unknown> | undefined, operationName: typeof req.operationName === 'string' ? req.operationName : undefined })),
      timeout,
    ]);
    if (r === 'timeout') return { errors: [{ message: 'Query timed out' }] };
    // A revert while we were reading may have mixed pre- and post-reorg data (graph-node's error).
    if (store.reverts !== reverts) return { errors: [{ message: 'the chain was reorganized while executing the query' }] };
    if (r.errors?.length) {
      // graph-node fails the whole query on a resolver error (no partial data).
      return { errors: r.errors.map(err) };
    }
    const size = JSON.stringify(r.data).length;
    if (size > limits.maxResultBytes) return { errors: [{ message: `the result size of ${size} is larger than the allowed limit of ${limits.maxResultBytes}` }] };
    return { data: r.data };
  } finally {
    clearTimeout(timer);
  }
}
