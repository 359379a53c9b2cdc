// graph-node's query schema generated from the subgraph schema (graph/src/schema/api.rs): per
// type `thing(id, block, subgraphError)` and `things(skip, first, orderBy, orderDirection,
// where, block, subgraphError)`, `Thing_filter` / `Thing_orderBy`, collection arguments on
// list and derived fields, `_meta`. Types only: the resolvers come in through `Resolvers`
// (resolvers.ts), so this file never touches the store.
import {
  GraphQLSchema,
  GraphQLObjectType,
  GraphQLInterfaceType,
  GraphQLInputObjectType,
  GraphQLEnumType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLString,
  GraphQLInt,
  GraphQLBoolean,
  GraphQLID,
  type GraphQLFieldConfigMap,
  type GraphQLInputFieldConfigMap,
  type GraphQLOutputType,
  type GraphQLInputType,
  type GraphQLFieldConfigArgumentMap,
  type GraphQLNamedType,
} from 'graphql';
import type { FieldDef, SchemaModel } from '../schema/index.ts';
import type { EntityObj, RequestContext } from './context.ts';
import type { Resolvers } from './resolvers.ts';
import { CUSTOM_SCALARS } from './scalars.ts';
import { singularField, pluralField } from './naming.ts';

const BLOCK_DESC =
  'The block at which the query should be executed. Can either be a `{ hash: Bytes }` value ' +
  'containing a block hash, a `{ number: Int }` containing the block number, or a ' +
  '`{ number_gte: Int }` containing the minimum block number. In the case of `number_gte`, ' +
  'the query will be executed on the latest block only if the subgraph has progressed to or ' +
  'past the minimum block number. Defaults to the latest block when omitted.';
const ERR_DESC =
  'Set to `allow` to receive data even if the subgraph has skipped over errors while syncing.';

/** Filter suffixes of a scalar field by type (graph/src/schema/api.rs, `field_filter_ops`). */
function scalarOps(t: string): string[] {
  const num = ['', 'not', 'gt', 'lt', 'gte', 'lte', 'in', 'not_in'];
  switch (t) {
    case 'Boolean':
      return ['', 'not', 'in', 'not_in'];
    case 'Bytes':
      return [...num, 'contains', 'not_contains'];
    case 'String':
      return [
        ...num,
        'contains',
        'contains_nocase',
        'not_contains',
        'not_contains_nocase',
        'starts_with',
        'starts_with_nocase',
        'not_starts_with',
        'not_starts_with_nocase',
        'ends_with',
        'ends_with_nocase',
        'not_ends_with',
        'not_ends_with_nocase',
      ];
    default:
      return num; // ID, Int, Int8, BigInt, BigDecimal, Timestamp
  }
}

const LIST_OPS = ['', 'not', 'contains', 'not_contains'];
const LIST_NOCASE_OPS = ['contains_nocase', 'not_contains_nocase'];

const isEntityish = (f: FieldDef) => f.kind === 'entity' || f.kind === 'interface';

/**
 * The query schema of `model`. `queryable`: types with a relation in the store (an interface
 * without implementers has none and gets no root fields).
 */
export function buildQuerySchema(
  model: SchemaModel,
  queryable: Set<string>,
  resolvers: Resolvers,
): GraphQLSchema {
  const types = new Map<string, GraphQLNamedType>();
  const OrderDirection = new GraphQLEnumType({
    name: 'OrderDirection',
    description: 'Defines the order direction, either ascending or descending',
    values: { asc: {}, desc: {} },
  });
  const ErrorPolicy = new GraphQLEnumType({
    name: '_SubgraphErrorPolicy_',
    values: {
      allow: { description: 'Data will be returned even if the subgraph has indexing errors' },
      deny: {
        description: 'If the subgraph has indexing errors, data will be omitted. The default.',
      },
    },
  });
  const BlockHeight = new GraphQLInputObjectType({
    name: 'Block_height',
    fields: {
      hash: { type: CUSTOM_SCALARS.Bytes },
      number: { type: GraphQLInt },
      number_gte: { type: GraphQLInt },
    },
  });
  const BlockChangedFilter = new GraphQLInputObjectType({
    name: 'BlockChangedFilter',
    fields: { number_gte: { type: new GraphQLNonNull(GraphQLInt) } },
  });
  for (const [name, values] of model.enums) {
    const config = Object.fromEntries(values.map((v) => [v, { value: v }]));
    types.set(name, new GraphQLEnumType({ name, values: config }));
  }

  const scalarType = (t: string): GraphQLInputType & GraphQLOutputType => {
    switch (t) {
      case 'ID':
        return GraphQLID;
      case 'String':
        return GraphQLString;
      case 'Int':
        return GraphQLInt;
      case 'Boolean':
        return GraphQLBoolean;
      default: {
        const custom = CUSTOM_SCALARS as Record<string, GraphQLInputType & GraphQLOutputType>;
        return custom[t] ?? (types.get(t) as GraphQLEnumType);
      }
    }
  };
  const fieldsOf = (name: string) =>
    model.entities.get(name)?.fields ?? model.interfaces.get(name)!.fields;
  // graph-node: references filter by String (Int for Int8 ids)
  // `_nocase` list filters only where case means something: lists of String, or of entities
  // with String ids (graph/src/schema/api.rs, `field_list_supports_nocase`).
  const stringIds = (typeName: string): boolean => {
    const e = model.entities.get(typeName);
    if (e) return e.idType === 'ID' || e.idType === 'String';
    const first = model.interfaces.get(typeName)?.implementedBy[0];
    return first === undefined || stringIds(first);
  };
  const listSupportsNocase = (f: FieldDef) =>
    isEntityish(f) ? stringIds(f.type) : f.kind === 'scalar' && f.type === 'String';
  const idFilterType = (typeName: string) => {
    const idf = fieldsOf(typeName).find((f) => f.name === 'id')!;
    return idf.type === 'Int8' ? GraphQLInt : GraphQLString;
  };

  // Filters and orderBy enums, for entities and interfaces.
  const filters = new Map<string, GraphQLInputObjectType>();
  const orderBys = new Map<string, GraphQLEnumType>();
  const typeNames = [...model.entities.keys(), ...model.interfaces.keys()];
  const filterFields = (name: string, self: GraphQLInputObjectType): GraphQLInputFieldConfigMap => {
    const out: GraphQLInputFieldConfigMap = {};
    const listOf = (t: GraphQLInputType) => new GraphQLList(new GraphQLNonNull(t));
    const add = (n: string, ops: string[], t: GraphQLInputType) => {
      for (const op of ops) {
        out[op ? `${n}_${op}` : n] = { type: op === 'in' || op === 'not_in' ? listOf(t) : t };
      }
    };
    for (const f of fieldsOf(name)) {
      if (f.list) {
        if (!isEntityish(f) || !f.derivedFrom) {
          const t = isEntityish(f) ? idFilterType(f.type) : scalarType(f.type);
          const ops = listSupportsNocase(f) ? [...LIST_OPS, ...LIST_NOCASE_OPS] : LIST_OPS;
          for (const op of ops) out[op ? `${f.name}_${op}` : f.name] = { type: listOf(t) };
        }
        if (isEntityish(f)) out[`${f.name}_`] = { type: filters.get(f.type)! };
        continue;
      }
      if (isEntityish(f)) {
        const idType = idFilterType(f.type);
        if (!f.derivedFrom)
          add(f.name, scalarOps(idType === GraphQLInt ? 'Int' : 'String'), idType);
        out[`${f.name}_`] = { type: filters.get(f.type)! };
      } else if (f.kind === 'enum') add(f.name, ['', 'not', 'in', 'not_in'], scalarType(f.type));
      else add(f.name, scalarOps(f.type), scalarType(f.type));
    }
    out._change_block = {
      type: BlockChangedFilter,
      description: 'Filter for the block changed event.',
    };
    out.and = { type: new GraphQLList(self) };
    out.or = { type: new GraphQLList(self) };
    return out;
  };
  for (const name of typeNames) {
    const filter: GraphQLInputObjectType = new GraphQLInputObjectType({
      name: `${name}_filter`,
      fields: () => filterFields(name, filter),
    });
    filters.set(name, filter);
    const values: Record<string, object> = {};
    for (const f of fieldsOf(name)) {
      values[f.name] = {};
      if (!f.list && isEntityish(f)) {
        for (const cf of fieldsOf(f.type)) {
          if (!cf.list && !isEntityish(cf)) values[`${f.name}__${cf.name}`] = {};
        }
      }
    }
    orderBys.set(name, new GraphQLEnumType({ name: `${name}_orderBy`, values }));
  }

  const collectionArgs = (target: string): GraphQLFieldConfigArgumentMap => ({
    skip: { type: GraphQLInt, defaultValue: 0 },
    first: { type: GraphQLInt, defaultValue: 100 },
    orderBy: { type: orderBys.get(target)! },
    orderDirection: { type: OrderDirection },
    where: { type: filters.get(target)! },
  });

  const outTypes = new Map<string, GraphQLObjectType | GraphQLInterfaceType>();
  const entityFields = (owner: string) => (): GraphQLFieldConfigMap<EntityObj, RequestContext> => {
    const out: GraphQLFieldConfigMap<EntityObj, RequestContext> = {};
    for (const f of fieldsOf(owner)) {
      let t: GraphQLOutputType = isEntityish(f) ? outTypes.get(f.type)! : scalarType(f.type);
      if (f.list) t = new GraphQLList(f.itemRequired ? new GraphQLNonNull(t) : t); // as declared
      if (f.required) t = new GraphQLNonNull(t);
      const listOfEntities = f.list && isEntityish(f);
      out[f.name] = {
        type: t,
        args: listOfEntities ? collectionArgs(f.type) : undefined,
        resolve: resolvers.field(owner, f),
      };
    }
    return out;
  };
  for (const name of model.interfaces.keys()) {
    outTypes.set(
      name,
      new GraphQLInterfaceType({
        name,
        fields: entityFields(name) as never,
        resolveType: (o: EntityObj) => o.__typename,
      }),
    );
  }
  for (const [name, e] of model.entities) {
    outTypes.set(
      name,
      new GraphQLObjectType({
        name,
        fields: entityFields(name) as never,
        interfaces: () => e.interfaces.map((n) => outTypes.get(n) as GraphQLInterfaceType),
      }),
    );
  }

  // -- root fields --
  const queryFields: GraphQLFieldConfigMap<unknown, RequestContext> = {};
  const block = { type: BlockHeight, description: BLOCK_DESC };
  const subgraphError = {
    type: new GraphQLNonNull(ErrorPolicy),
    defaultValue: 'deny',
    description: ERR_DESC,
  };
  for (const name of typeNames) {
    if (!queryable.has(name)) continue;
    const t = outTypes.get(name)!;
    queryFields[singularField(name)] = {
      type: t,
      args: { id: { type: new GraphQLNonNull(GraphQLID) }, block, subgraphError },
      resolve: resolvers.single(name),
    };
    queryFields[pluralField(name)] = {
      type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(t))),
      args: { ...collectionArgs(name), block, subgraphError },
      resolve: resolvers.collection(name),
    };
  }
  queryFields._meta = {
    type: metaType(),
    description: 'Access to subgraph metadata',
    args: { block: { type: BlockHeight } },
    resolve: resolvers.meta,
  };

  return new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: queryFields }),
    // graph-node's API schema declares every custom scalar, used or not (api.rs).
    types: [...outTypes.values(), ...Object.values(CUSTOM_SCALARS)],
  });
}

/** `_Meta_` and `_Block_`, as graph-node declares them (graph/src/schema/meta.graphql). */
function metaType(): GraphQLObjectType {
  const BlockType = new GraphQLObjectType({
    name: '_Block_',
    fields: {
      hash: { type: CUSTOM_SCALARS.Bytes, description: 'The hash of the block' },
      number: { type: new GraphQLNonNull(GraphQLInt), description: 'The block number' },
      timestamp: {
        type: GraphQLInt,
        description: 'Integer representation of the timestamp stored in blocks for the chain',
      },
      parentHash: { type: CUSTOM_SCALARS.Bytes, description: 'The hash of the parent block' },
    },
  });
  return new GraphQLObjectType({
    name: '_Meta_',
    description: 'The type for the top-level _meta field',
    fields: {
      block: { type: new GraphQLNonNull(BlockType) },
      deployment: { type: new GraphQLNonNull(GraphQLString), description: 'The deployment ID' },
      hasIndexingErrors: {
        type: new GraphQLNonNull(GraphQLBoolean),
        description: 'If `true`, the subgraph encountered indexing errors at some past block',
      },
    },
  });
}
