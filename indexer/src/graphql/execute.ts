// One GraphQL request end to end: parse → one operation → validate → depth limit → execute
// with batched SQL resolvers → size limit. Validation is graph-node's default, with its
// GraphQL validations off (ENABLE_GRAPHQL_VALIDATIONS=false, graphql/src/execution/query.rs):
// an unknown argument, an undeclared or unused variable and an enum value written as a string
// are accepted; an unknown field is reported in graph-node's words; what else graph-node still
// checks on its own (fragments, value coercion) keeps graphql-js's rules. Errors come back as
// graph-node serializes them (message, and locations for syntax and validation errors; never a
// path).
import {
  parse,
  validate,
  execute,
  specifiedRules,
  visit,
  visitWithTypeInfo,
  getNamedType,
  isEnumType,
  GraphQLError,
  Kind,
  TypeInfo,
  KnownArgumentNamesRule,
  NoUndefinedVariablesRule,
  NoUnusedVariablesRule,
  LoneAnonymousOperationRule,
  UniqueOperationNamesRule,
  FieldsOnCorrectTypeRule,
  type ASTVisitor,
  type ValidationContext,
  type DocumentNode,
  type SelectionSetNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
} from 'graphql';
import type { Store } from '../store/index.ts';
import type { Api } from './api.ts';
import { Batcher } from './batcher.ts';
import type { RequestContext } from './context.ts';

export interface ExecLimits {
  maxDepth: number;
  maxResultBytes: number;
  timeoutMs: number;
}
export const DEFAULT_EXEC_LIMITS: ExecLimits = {
  maxDepth: 64,
  maxResultBytes: 100 * 1024 * 1024,
  timeoutMs: 30_000,
};

/** The deployment a query reads. */
export interface QueryTarget {
  store: Store;
  /** deployment id, shown in `_meta.deployment` and in block errors */
  deployment: string;
  /** first queryable block (graph-node: the start block's parent); default 0 */
  earliestBlock?: number;
  /** the head the query reads, when the caller has read it already (else read here) */
  latest?: { number: number; hash: string } | null;
  /** `store.reverts` before `latest` was read: a revert since then fails the query */
  reverts?: number;
}

export interface GraphQLRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}
export interface GraphQLError0 {
  message: string;
  locations?: { line: number; column: number }[];
}
export interface GraphQLResponse {
  data?: unknown;
  errors?: GraphQLError0[];
}

/** Rules graph-node does not enforce with its validations off; the rest of graphql-js's apply,
 * the field check in graph-node's words. */
const SKIPPED_RULES = new Set<unknown>([
  KnownArgumentNamesRule,
  NoUndefinedVariablesRule,
  NoUnusedVariablesRule,
  LoneAnonymousOperationRule,
  UniqueOperationNamesRule,
  FieldsOnCorrectTypeRule,
]);

const withLocations = (e: GraphQLError): GraphQLError0 => {
  const o: GraphQLError0 = { message: e.message };
  if (e.locations?.length)
    o.locations = e.locations.map((l) => ({ line: l.line, column: l.column }));
  return o;
};
/** Resolver errors: graph-node gives a position for null in a non-null field, and the one a
 * resolver names in `extensions.graphNodeLocation`; none for the rest. */
const executionError = (e: GraphQLError): GraphQLError0 => {
  if (
    /^(Cannot return null for non-nullable field|Null value resolved for non-null field)/.test(
      e.message,
    )
  )
    return withLocations(e);
  const at = e.extensions?.graphNodeLocation as { line: number; column: number } | undefined;
  return at ? { message: e.message, locations: [at] } : { message: e.message };
};

/**
 * graph-node's own field check (execution/query.rs, `validate_fields`), which runs with its
 * validations off: an unknown field is `UnknownField`, "Type `T` has no field `f`", at the field.
 */
const KnownFieldsRule = (context: ValidationContext): ASTVisitor => ({
  Field(node) {
    const parent = context.getParentType();
    if (parent && !context.getFieldDef()) {
      const message = `Type \`${parent.name}\` has no field \`${node.name.value}\``;
      context.reportError(new GraphQLError(message, { nodes: node }));
    }
  },
});
const RULES = [...specifiedRules.filter((r) => !SKIPPED_RULES.has(r)), KnownFieldsRule];

/**
 * String literals where an enum is expected become that enum's value when they name one,
 * as graph-node's coercion accepts them (graphql/src/values/coercion.rs).
 */
function enumsFromStrings(schema: GraphQLSchema, doc: DocumentNode): DocumentNode {
  const typeInfo = new TypeInfo(schema);
  return visit(
    doc,
    visitWithTypeInfo(typeInfo, {
      StringValue(node) {
        const t = getNamedType(typeInfo.getInputType());
        if (isEnumType(t) && t.getValue(node.value)) return { kind: Kind.ENUM, value: node.value };
        return undefined;
      },
    }),
  );
}

function depthOf(doc: DocumentNode): number {
  const frags = new Map<string, FragmentDefinitionNode>();
  for (const d of doc.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) frags.set(d.name.value, d);
  const walk = (s: SelectionSetNode | undefined, seen: Set<string>): number => {
    if (!s) return 0;
    let max = 0;
    for (const sel of s.selections) {
      if (sel.kind === Kind.FIELD) {
        max = Math.max(max, sel.selectionSet ? 1 + walk(sel.selectionSet, seen) : 1);
      } else if (sel.kind === Kind.INLINE_FRAGMENT)
        max = Math.max(max, walk(sel.selectionSet, seen));
      else if (!seen.has(sel.name.value)) {
        const frag = frags.get(sel.name.value)?.selectionSet;
        max = Math.max(max, walk(frag, new Set([...seen, sel.name.value])));
      }
    }
    return max;
  };
  let d = 0;
  for (const def of doc.definitions) {
    if (def.kind === Kind.OPERATION_DEFINITION) d = Math.max(d, walk(def.selectionSet, new Set()));
  }
  return d;
}

export async function runQuery(
  api: Api,
  target: QueryTarget,
  req: GraphQLRequest,
  limits: ExecLimits = DEFAULT_EXEC_LIMITS,
): Promise<GraphQLResponse> {
  const { store } = target;
  if (typeof req.query !== 'string' || !req.query.trim())
    return { errors: [{ message: 'The query is empty' }] };
  if (
    req.variables != null &&
    (typeof req.variables !== 'object' || Array.isArray(req.variables))
  ) {
    return { errors: [{ message: 'Invalid query variables: expected a JSON object' }] };
  }
  let doc: DocumentNode;
  try {
    doc = parse(req.query);
  } catch (e) {
    return { errors: [withLocations(e as GraphQLError)] };
  }
  // graph-node runs the document's only operation and ignores `operationName`
  // (graphql/src/execution/query.rs, `Query::new`: a second operation is an error).
  const operations = doc.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1) return { errors: [{ message: 'Operation name required' }] };
  doc = enumsFromStrings(api.schema, doc);
  const verrs = validate(api.schema, doc, RULES);
  if (verrs.length) return { errors: verrs.map(withLocations) };
  if (depthOf(doc) > limits.maxDepth) {
    return {
      errors: [{ message: `query has a depth that exceeds the limit of \`${limits.maxDepth}\`` }],
    };
  }
  const ctx: RequestContext = {
    store,
    deployment: target.deployment,
    earliestBlock: target.earliestBlock ?? 0,
    batch: new Batcher(),
    latest: target.latest === undefined ? undefined : Promise.resolve(target.latest),
  };
  const reverts = target.reverts ?? store.reverts;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((res) => {
    timer = setTimeout(() => res('timeout'), limits.timeoutMs);
  });
  try {
    const variableValues = req.variables as Record<string, unknown> | undefined;
    const run = execute({ schema: api.schema, document: doc, contextValue: ctx, variableValues });
    const r = await Promise.race([Promise.resolve(run), timeout]);
    if (r === 'timeout') return { errors: [{ message: 'Query timed out' }] };
    // A revert while we were reading may have mixed pre- and post-reorg data (graph-node's error).
    if (store.reverts !== reverts) {
      return { errors: [{ message: 'the chain was reorganized while executing the query' }] };
    }
    // graph-node fails the whole query on a resolver error (no partial data).
    if (r.errors?.length) return { errors: r.errors.map(executionError) };
    const size = JSON.stringify(r.data).length;
    if (size > limits.maxResultBytes) {
      const message = `the result size of ${size} is larger than the allowed limit of ${limits.maxResultBytes}`;
      return { errors: [{ message }] };
    }
    return { data: r.data };
  } finally {
    clearTimeout(timer);
  }
}
