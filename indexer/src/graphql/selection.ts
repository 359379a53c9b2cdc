// Which fields a query selects under a field, so a page of 1,000 rows reads only the columns
// asked for. Fragments count whatever their type condition. A column missed here is still
// served: resolvers load the full row when a field's column is absent (`EntityObj.full`).
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { Relation } from './sql.ts';

/** Field names selected under the field being resolved (fragments included). */
export function requested(info: GraphQLResolveInfo): Set<string> {
  const out = new Set<string>();
  const seen = new Set<string>();
  const visit = (ss: SelectionSetNode | undefined) => {
    if (!ss) return;
    for (const sel of ss.selections) {
      if (sel.kind === Kind.FIELD) out.add(sel.name.value);
      else if (sel.kind === Kind.INLINE_FRAGMENT) visit(sel.selectionSet);
      else if (!seen.has(sel.name.value)) {
        seen.add(sel.name.value);
        visit(info.fragments[sel.name.value]?.selectionSet);
      }
    }
  };
  for (const n of info.fieldNodes) visit(n.selectionSet);
  return out;
}

/** True when the selected fields cover every stored column of a concrete type. */
export const coversAll = (rel: Relation, fields: Set<string>) =>
  !rel.isInterface && [...rel.columns.keys()].every((k) => fields.has(k) || k === 'id');
