// store.set validation as graph-node does it (graph/src/data/store/mod.rs Entity::validate and
// store_set in host_exports.rs): the entity type must exist, `id` must match the id passed to
// store.set, every non-derived required field must have a value, values must have the field's
// type, derived fields can't be set, and unknown fields are rejected. Errors are deterministic
// and name entity, id and field.
import { type EntityData, type StoreValue } from '../internal/types.ts';
import { DeterministicError } from '../internal/errors.ts';
import type { EntityDef, FieldDef, SchemaModel } from '../schema/index.ts';

const SCALAR_KIND: Record<string, StoreValue['kind'][]> = {
  ID: ['String'],
  String: ['String'],
  Int: ['Int'],
  Int8: ['Int8', 'Int'],
  BigInt: ['BigInt'],
  BigDecimal: ['BigDecimal'],
  Bytes: ['Bytes'],
  Boolean: ['Bool'],
  Timestamp: ['Timestamp', 'Int8'],
};

function describeValue(v: StoreValue): string {
  switch (v.kind) {
    case 'Null':
      return 'null';
    case 'Bytes':
      return '0x' + Buffer.from(v.value).toString('hex');
    case 'Array':
      return '[' + v.value.map(describeValue).join(', ') + ']';
    default:
      return String(v.value);
  }
}
const KIND_NAME: Record<StoreValue['kind'], string> = {
  String: 'String',
  Int: 'Int',
  Int8: 'Int8',
  Timestamp: 'Timestamp',
  BigDecimal: 'BigDecimal',
  Bool: 'Boolean',
  Array: 'List',
  Null: 'Null',
  Bytes: 'Bytes',
  BigInt: 'BigInt',
};

export function idString(v: StoreValue): string {
  if (v.kind === 'Bytes') return '0x' + Buffer.from(v.value).toString('hex');
  if (v.kind === 'Null' || v.kind === 'Array') return describeValue(v);
  return String(v.value);
}

function idTypeOf(schema: SchemaModel, typeName: string): string {
  const e = schema.entities.get(typeName);
  if (e) return e.idType;
  const i = schema.interfaces.get(typeName);
  if (i && i.implementedBy.length)
    return schema.entities.get(i.implementedBy[0]!)?.idType ?? 'String';
  return 'String';
}

function allowedKinds(schema: SchemaModel, f: FieldDef): StoreValue['kind'][] {
  if (f.kind === 'scalar') return SCALAR_KIND[f.type] ?? ['String'];
  if (f.kind === 'enum') return ['String'];
  return SCALAR_KIND[idTypeOf(schema, f.type)] ?? ['String'];
}

interface Compiled {
  def: EntityDef;
  allowed: Map<string, StoreValue['kind'][]>;
  /** fields whose value is checked by its kind alone (not a list, not an enum) */
  plain: Map<string, StoreValue['kind'][]>;
  required: string[];
}

export function makeValidator(schema: SchemaModel) {
  // per entity type: allowed value kinds per field and the required fields, computed once
  const compiled = new Map<string, Compiled>();
  const compile = (def: EntityDef): Compiled => {
    const c: Compiled = { def, allowed: new Map(), plain: new Map(), required: [] };
    for (const f of def.fields) {
      if (f.derivedFrom) continue;
      c.allowed.set(f.name, allowedKinds(schema, f));
      if (!f.list && f.kind !== 'enum') c.plain.set(f.name, allowedKinds(schema, f));
      if (f.required) c.required.push(f.name);
    }
    compiled.set(def.name, c);
    return c;
  };
  return function validate(type: string, id: string, data: EntityData): EntityData {
    const def: EntityDef | undefined = schema.entities.get(type);
    if (!def)
      throw new DeterministicError(
        `Entity type \`${type}\` is not defined in the subgraph schema (store.set of ${type}[${id}])`,
      );
    const where = `Entity ${type}[${id}]`;
    const idv = data.get('id');
    if (idv) {
      const same = idv.kind === 'Bytes' ? idString(idv) === id.toLowerCase() : idString(idv) === id;
      if (!same) {
        throw new DeterministicError(
          `Value of ${type} attribute 'id' conflicts with ID passed to \`store.set()\`: ${idString(idv)} != ${id}`,
        );
      }
    } else {
      // graph-node inserts the id passed to store.set
      let v: StoreValue;
      if (def.idType === 'Bytes') {
        const h = id.startsWith('0x') ? id.slice(2) : id;
        if (!/^([0-9a-fA-F]{2})*$/.test(h))
          throw new DeterministicError(
            `${where}: id \`${id}\` is not valid hex for an entity with Bytes ids`,
          );
        v = { kind: 'Bytes', value: Uint8Array.from(Buffer.from(h, 'hex')) };
      } else if (def.idType === 'Int8') {
        if (!/^-?[0-9]+$/.test(id))
          throw new DeterministicError(`${where}: id \`${id}\` is not an Int8`);
        v = { kind: 'Int8', value: BigInt(id) };
      } else v = { kind: 'String', value: id };
      data = new Map([['id', v], ...data]);
    }
    const c = compiled.get(type) ?? compile(def);
    for (const [name, v] of data) {
      // fast path: a scalar of an allowed kind
      const plain = c.plain.get(name);
      if (plain !== undefined && plain.includes(v.kind)) continue;
      const ok = c.allowed.get(name);
      const f = def.field(name);
      if (!f)
        throw new DeterministicError(
          `${where}: unknown field \`${name}\`, it is not part of the schema of ${type}`,
        );
      if (f.derivedFrom)
        throw new DeterministicError(`${where}: field \`${name}\` is derived and can not be set`);
      checkValue(schema, where, f, v, ok!);
    }
    for (const name of c.required) {
      const v = data.get(name);
      if (!v || v.kind === 'Null')
        throw new DeterministicError(`${where}: missing value for non-nullable field \`${name}\``);
    }
    return data;
  };
}

function checkValue(
  schema: SchemaModel,
  where: string,
  f: FieldDef,
  v: StoreValue,
  ok: StoreValue['kind'][],
): void {
  if (v.kind === 'Null') {
    if (f.required)
      throw new DeterministicError(`${where}: missing value for non-nullable field \`${f.name}\``);
    return;
  }
  const expectType = f.list ? `[${f.type}]` : f.type;
  const bad = () =>
    new DeterministicError(
      `${where}: the value \`${describeValue(v)}\` for field \`${f.name}\` must have type ${expectType}${f.required ? '!' : ''} but has type ${KIND_NAME[v.kind]}`,
    );
  if (f.list) {
    if (v.kind !== 'Array') throw bad();
    for (const item of v.value) {
      if (item.kind === 'Null') {
        if (f.itemRequired) throw bad();
        continue;
      }
      if (!ok.includes(item.kind)) throw bad();
      if (f.kind === 'enum' && item.kind === 'String') checkEnum(schema, where, f, item.value);
    }
    return;
  }
  if (!ok.includes(v.kind)) throw bad();
  if (f.kind === 'enum' && v.kind === 'String') checkEnum(schema, where, f, v.value);
}

function checkEnum(schema: SchemaModel, where: string, f: FieldDef, s: string): void {
  const values = schema.enums.get(f.type);
  if (values && !values.includes(s)) {
    throw new DeterministicError(
      `${where}: value \`${s}\` for field \`${f.name}\` is not a value of enum ${f.type} (${values.join(', ')})`,
    );
  }
}
