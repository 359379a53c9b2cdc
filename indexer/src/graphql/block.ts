// The `block` argument of root fields and `_meta`: which block a query reads at, checked as
// graph-node checks it (graphql/src/store/resolver.rs, `locate_blocks`, and
// graph/src/data/subgraph/mod.rs, `block_queryable`). The latest block is read once per
// request, so every root field of one request sees the same head. A block given by number
// has no known hash, as in graph-node (its `_meta` shows no hash or timestamp for it).
import { GraphQLError } from 'graphql';
import type { RequestContext } from './context.ts';

/** `Block_height`: hash, else number, else number_gte (graphql/src/query/ext.rs). */
export type BlockArg = { hash?: string | null; number?: number | null; number_gte?: number | null };

/** A located block: its number, and its hash when the query named or implied one. */
export interface BlockAt {
  number: number;
  hash: string | null;
}

/** The block number a root field reads at. */
export async function resolveBlock(ctx: RequestContext, arg: BlockArg | undefined | null) {
  return (await locateBlock(ctx, arg)).number;
}

export async function locateBlock(
  ctx: RequestContext,
  arg: BlockArg | undefined | null,
): Promise<BlockAt> {
  ctx.latest ??= ctx.store.getCursor();
  const latest = await ctx.latest;
  if (!latest) {
    throw new GraphQLError(
      'Subgraph has not started syncing yet. Wait for it to ingest a few blocks before querying it',
    );
  }
  if (arg === undefined || arg === null) return latest;
  // graph-node takes the first key present, and a present key must hold a value.
  const key = (['hash', 'number', 'number_gte'] as const).find((k) => arg[k] !== undefined);
  if (key === undefined || arg[key] === null) throw invalidBlock(arg);
  if (key === 'hash') {
    const b = await ctx.store.getBlock({ hash: arg.hash! });
    if (!b) throw decodeError('block.hash', 'no block with that hash found');
    queryable(ctx, latest.number, b.number);
    return { number: b.number, hash: b.hash };
  }
  if (key === 'number') {
    queryable(ctx, latest.number, arg.number!);
    return { number: arg.number!, hash: null };
  }
  if (arg.number_gte! > latest.number) {
    throw decodeError('block.number_gte', notYet(ctx, latest.number, arg.number_gte!));
  }
  return latest;
}

function queryable(ctx: RequestContext, latest: number, block: number) {
  if (block > latest) throw decodeError('block.number', notYet(ctx, latest, block));
  if (block < ctx.earliestBlock) {
    const has = `subgraph ${ctx.deployment} only has data starting at block number ${ctx.earliestBlock}`;
    const missing = `data for block number ${block} is therefore not available`;
    throw decodeError('block.number', `${has} and ${missing}`);
  }
}

const notYet = (ctx: RequestContext, latest: number, wanted: number) =>
  `subgraph ${ctx.deployment} has only indexed up to block number ${latest} and ` +
  `data for block number ${wanted} is therefore not yet available`;

const decodeError = (what: string, why: string) =>
  new GraphQLError(`Failed to decode \`${what}\` value: \`${why}\``);

/** graph-node's `InvalidArgumentError`, showing the value as its Rust `Debug` form; graph-node
 * gives it `q::Pos::default()` (execution/query.rs, `block_constraint`), so line 0, column 0. */
function invalidBlock(arg: BlockArg): GraphQLError {
  const entries = Object.entries(arg)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `"${k}": ${v === null ? 'Null' : JSON.stringify(v)}`);
  return new GraphQLError(
    `Invalid value provided for argument \`block\`: Object({${entries.join(', ')}})`,
    { extensions: { graphNodeLocation: { line: 0, column: 0 } } },
  );
}
