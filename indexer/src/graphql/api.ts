// The query API of one deployment: the graph-node query schema (query-schema.ts) wired to the
// resolvers that read the store (resolvers.ts), over the relations of the store's layout
// (sql.ts). Built once per server; requests run through execute.ts.
import type { GraphQLSchema } from 'graphql';
import type { SchemaModel } from '../schema/index.ts';
import type { Store } from '../store/index.ts';
import { buildRelations, type Relation } from './sql.ts';
import { createResolvers, type ApiLimits, type ApiOptions } from './resolvers.ts';
import { buildQuerySchema } from './query-schema.ts';

export type { ApiLimits, ApiOptions } from './resolvers.ts';
export const DEFAULT_LIMITS: ApiLimits = { maxFirst: 1000, maxSkip: 4294967295 };
export const DEFAULT_OPTIONS: ApiOptions = { metaBlockByNumber: 'graph-node' };

export interface Api {
  schema: GraphQLSchema;
  /** entity and interface name → what SQL reads it from */
  rels: Map<string, Relation>;
  limits: ApiLimits;
}

export function buildApi(
  model: SchemaModel,
  store: Store,
  limits: ApiLimits = DEFAULT_LIMITS,
  options: ApiOptions = DEFAULT_OPTIONS,
): Api {
  const rels = buildRelations(model, store.layout);
  const resolvers = createResolvers(rels, new Set(model.entities.keys()), store, limits, options);
  const schema = buildQuerySchema(model, new Set(rels.keys()), resolvers);
  return { schema, rels, limits };
}
