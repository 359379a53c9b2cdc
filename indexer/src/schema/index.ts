// schema.graphql → SchemaModel, validated the way graph-node validates a subgraph schema
// (graph/src/schema/input/mod.rs): every @entity needs an `id` of ID/String/Bytes/Int8, field
// types must resolve, @derivedFrom must point at a field of the referenced type. Errors name the
// file and line so a subgraph developer can jump straight to the problem.
import {
  parse,
  GraphQLError,
  Kind,
  type DocumentNode,
  type FieldDefinitionNode,
  type TypeNode,
  type DirectiveNode,
  type ObjectTypeDefinitionNode,
  type InterfaceTypeDefinitionNode,
  type ASTNode,
} from 'graphql';

export type ScalarName =
  'ID' | 'String' | 'Int' | 'Int8' | 'BigInt' | 'BigDecimal' | 'Bytes' | 'Boolean' | 'Timestamp';
export const SCALARS: ReadonlySet<string> = new Set<ScalarName>([
  'ID',
  'String',
  'Int',
  'Int8',
  'BigInt',
  'BigDecimal',
  'Bytes',
  'Boolean',
  'Timestamp',
]);

export interface FieldDef {
  name: string;
  /** scalar name, or an entity / interface / enum name */
  type: string;
  list: boolean;
  required: boolean;
  itemRequired: boolean;
  derivedFrom: string | null;
  kind: 'scalar' | 'enum' | 'entity' | 'interface';
}

export interface EntityDef {
  name: string;
  immutable: boolean;
  timeseries: boolean;
  idType: 'ID' | 'String' | 'Bytes' | 'Int8';
  fields: FieldDef[];
  field(name: string): FieldDef | undefined;
  interfaces: string[];
}

export interface InterfaceDef {
  name: string;
  fields: FieldDef[];
  implementedBy: string[];
}

export interface SchemaModel {
  source: string;
  entities: Map<string, EntityDef>;
  interfaces: Map<string, InterfaceDef>;
  enums: Map<string, string[]>;
}

export class SchemaError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
  ) {
    super(line !== undefined ? `${file}:${line}: ${message}` : `${file}: ${message}`);
    this.name = 'SchemaError';
  }
}

const ID_TYPES = new Set(['ID', 'String', 'Bytes', 'Int8']);

function lineOf(node: ASTNode | undefined): number | undefined {
  return node?.loc ? node.loc.startToken.line : undefined;
}

interface RawType {
  name: string;
  list: boolean;
  required: boolean;
  itemRequired: boolean;
}

function unwrap(t: TypeNode): RawType | 'nested' {
  let required = false,
    list = false,
    itemRequired = false;
  if (t.kind === Kind.NON_NULL_TYPE) {
    required = true;
    t = t.type;
  }
  if (t.kind === Kind.LIST_TYPE) {
    list = true;
    t = t.type;
    if (t.kind === Kind.NON_NULL_TYPE) {
      itemRequired = true;
      t = t.type;
    }
    if (t.kind === Kind.LIST_TYPE) return 'nested';
  }
  return { name: (t as { name: { value: string } }).name.value, list, required, itemRequired };
}

function directive(
  node: { directives?: readonly DirectiveNode[] },
  name: string,
): DirectiveNode | undefined {
  return node.directives?.find((d) => d.name.value === name);
}

function boolArg(d: DirectiveNode | undefined, name: string): boolean {
  const a = d?.arguments?.find((x) => x.name.value === name);
  return a?.value.kind === Kind.BOOLEAN ? a.value.value : false;
}

export function parseSchema(source: string, file: string): SchemaModel {
  let doc: DocumentNode;
  try {
    doc = parse(source, { noLocation: false });
  } catch (e) {
    if (e instanceof GraphQLError) {
      throw new SchemaError(
        `syntax error: ${e.message.replace(/^Syntax Error: /, '')}`,
        file,
        e.locations?.[0]?.line,
      );
    }
    throw e;
  }

  const objects: ObjectTypeDefinitionNode[] = [];
  const ifaces: InterfaceTypeDefinitionNode[] = [];
  const enums = new Map<string, string[]>();
  const seen = new Map<string, number | undefined>();
  for (const def of doc.definitions) {
    const fail = (m: string) => {
      throw new SchemaError(m, file, lineOf(def));
    };
    switch (def.kind) {
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_DEFINITION:
      case Kind.ENUM_TYPE_DEFINITION: {
        const n = def.name.value;
        if (seen.has(n)) fail(`type \`${n}\` is defined twice (first at line ${seen.get(n)})`);
        if (SCALARS.has(n)) fail(`type \`${n}\` redefines a built-in scalar`);
        seen.set(n, lineOf(def));
        if (def.kind === Kind.OBJECT_TYPE_DEFINITION) {
          if (n === '_Schema_') continue; // holds @fulltext definitions; not an entity
          if (directive(def, 'aggregation'))
            fail(`@aggregation types (\`${n}\`) are not supported by this indexer`);
          if (!directive(def, 'entity')) fail(`type \`${n}\` is missing the @entity directive`);
          objects.push(def);
        } else if (def.kind === Kind.INTERFACE_TYPE_DEFINITION) ifaces.push(def);
        else
          enums.set(
            n,
            (def.values ?? []).map((v) => v.name.value),
          );
        break;
      }
      case Kind.SCALAR_TYPE_DEFINITION:
        if (!SCALARS.has(def.name.value))
          fail(`custom scalar \`${def.name.value}\` is not supported`);
        break;
      case Kind.SCHEMA_DEFINITION:
      case Kind.DIRECTIVE_DEFINITION:
        break;
      default:
        fail(`unsupported definition (${def.kind}) in a subgraph schema`);
    }
  }

  const entityNames = new Set(objects.map((o) => o.name.value));
  const ifaceNames = new Set(ifaces.map((o) => o.name.value));

  const toField = (owner: string, f: FieldDefinitionNode): FieldDef => {
    const fail = (m: string): never => {
      throw new SchemaError(`${owner}.${f.name.value}: ${m}`, file, lineOf(f));
    };
    const raw = unwrap(f.type);
    if (raw === 'nested') return fail('nested lists are not supported');
    let kind: FieldDef['kind'];
    if (SCALARS.has(raw.name)) kind = 'scalar';
    else if (enums.has(raw.name)) kind = 'enum';
    else if (entityNames.has(raw.name)) kind = 'entity';
    else if (ifaceNames.has(raw.name)) kind = 'interface';
    else return fail(`unknown type \`${raw.name}\``);
    const d = directive(f, 'derivedFrom');
    let derivedFrom: string | null = null;
    if (d) {
      const a = d.arguments?.find((x) => x.name.value === 'field');
      if (!a || a.value.kind !== Kind.STRING)
        return fail('@derivedFrom needs a string argument `field`');
      derivedFrom = a.value.value;
      if (kind !== 'entity' && kind !== 'interface')
        fail(
          `@derivedFrom is only allowed on fields referencing an entity or interface, not \`${raw.name}\``,
        );
    }
    return {
      name: f.name.value,
      type: raw.name,
      list: raw.list,
      required: raw.required,
      itemRequired: raw.itemRequired,
      derivedFrom,
      kind,
    };
  };

  const model: SchemaModel = { source, entities: new Map(), interfaces: new Map(), enums };

  for (const i of ifaces) {
    model.interfaces.set(i.name.value, {
      name: i.name.value,
      fields: (i.fields ?? []).map((f) => toField(i.name.value, f)),
      implementedBy: [],
    });
  }

  const lines = new Map<string, ObjectTypeDefinitionNode>();
  for (const o of objects) {
    const name = o.name.value;
    lines.set(name, o);
    const fail = (m: string, node: ASTNode = o): never => {
      throw new SchemaError(`${name}: ${m}`, file, lineOf(node));
    };
    const ent = directive(o, 'entity');
    const immutable = boolArg(ent, 'immutable');
    const timeseries = boolArg(ent, 'timeseries');
    const fields = (o.fields ?? []).map((f) => toField(name, f));
    const names = new Set<string>();
    for (const [k, f] of fields.entries()) {
      if (names.has(f.name)) fail(`field \`${f.name}\` is defined twice`, o.fields![k]);
      if (f.name.startsWith('__'))
        fail(`field names may not start with \`__\` (\`${f.name}\`)`, o.fields![k]);
      names.add(f.name);
    }
    const id = fields.find((f) => f.name === 'id');
    if (!id)
      fail(
        'entity type is missing the `id` field (must be `id: ID!`, `String!`, `Bytes!` or `Int8!`)',
      );
    if (!ID_TYPES.has(id!.type) || id!.list || !id!.required) {
      fail(
        `field \`id\` must be of type ID!, String!, Bytes! or Int8!, not ${id!.type}${id!.required ? '!' : ''}`,
        o.fields!.find((f) => f.name.value === 'id'),
      );
    }
    if (timeseries) {
      if (id!.type !== 'Int8') fail('timeseries entities must have `id: Int8!`');
      const ts = fields.find((f) => f.name === 'timestamp');
      if (!ts || ts.type !== 'Timestamp')
        fail('timeseries entities must have a `timestamp: Timestamp!` field');
    }
    const interfaces = (o.interfaces ?? []).map((n) => n.name.value);
    for (const iname of interfaces) {
      const idef = model.interfaces.get(iname);
      if (!idef) fail(`implements unknown interface \`${iname}\``);
      for (const f of idef!.fields) {
        const mine = fields.find((x) => x.name === f.name);
        if (!mine || mine.type !== f.type || mine.list !== f.list)
          fail(`must define field \`${f.name}\` of interface \`${iname}\` with the same type`);
      }
      idef!.implementedBy.push(name);
    }
    const byName = new Map(fields.map((f) => [f.name, f]));
    model.entities.set(name, {
      name,
      immutable: immutable || timeseries,
      timeseries,
      idType: id!.type as EntityDef['idType'],
      fields,
      field: (n) => byName.get(n),
      interfaces,
    });
  }

  // @derivedFrom targets: the referenced type (or every implementer of an interface) must have
  // the named field, and it must be a reference (graph-node: "field must be a reference").
  const checkDerived = (
    owner: string,
    fields: FieldDef[],
    nodes: readonly FieldDefinitionNode[],
  ) => {
    fields.forEach((f, k) => {
      if (!f.derivedFrom) return;
      const targets =
        f.kind === 'interface'
          ? [f.type, ...model.interfaces.get(f.type)!.implementedBy]
          : [f.type];
      for (const t of targets) {
        const tf =
          model.entities.get(t)?.field(f.derivedFrom) ??
          model.interfaces.get(t)?.fields.find((x) => x.name === f.derivedFrom);
        if (!tf)
          throw new SchemaError(
            `${owner}.${f.name}: @derivedFrom field \`${f.derivedFrom}\` does not exist on type \`${t}\``,
            file,
            lineOf(nodes[k]),
          );
        if (
          tf.kind !== 'entity' &&
          tf.kind !== 'interface' &&
          !(tf.kind === 'scalar' && ID_TYPES.has(tf.type))
        ) {
          throw new SchemaError(
            `${owner}.${f.name}: @derivedFrom field \`${t}.${f.derivedFrom}\` must be a reference to an entity`,
            file,
            lineOf(nodes[k]),
          );
        }
        if (tf.derivedFrom)
          throw new SchemaError(
            `${owner}.${f.name}: @derivedFrom field \`${t}.${f.derivedFrom}\` is itself derived`,
            file,
            lineOf(nodes[k]),
          );
      }
    });
  };
  for (const o of objects)
    checkDerived(o.name.value, model.entities.get(o.name.value)!.fields, o.fields ?? []);
  for (const i of ifaces)
    checkDerived(i.name.value, model.interfaces.get(i.name.value)!.fields, i.fields ?? []);
  return model;
}

/** graph-node's Postgres naming: snake_case of the GraphQL name (ReserveData → reserve_data). */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}
