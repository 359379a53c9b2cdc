// The `block` argument of root fields and `_meta`: which block a query reads at, checked as
// graph-node checks it (graphql/src/store/resolver.rs, `locate_block`). The latest block is
// read once per request, so every root field of one request sees the same head.
import { GraphQLError } from 'graphql';
import type { RequestContext } from './context.ts';

/** `Block_height`: at most one of the three is used (hash, then number, then number_gte). */
export type BlockArg = { hash?: string | null; number?: number | null; number_gte?: number | null };

/** The block a root field reads at, validated as graph-node does. */
export async function resolveBlock(
  ctx: RequestContext,
  arg: BlockArg | undefined | null,
): Promise<number> {
  ctx.latest ??= ctx.store.getCursor();
  const latest = await ctx.latest;
  if (!latest) {
    throw new GraphQLError(
      'Subgraph has not started syncing yet. Wait for it to ingest a few blocks before querying it',
    );
  }
  if (!arg || (arg.hash == null && arg.number == null && arg.number_gte == null)) {
    return latest.number;
  }
  if (arg.hash != null) {
    const b = await ctx.store.getBlock({ hash: arg.hash });
    if (!b)
      throw new GraphQLError(
        'Failed to decode `block.hash` value: `no block with that hash found`',
      );
    if (b.number > latest.number) throw notYet(ctx, latest.number, b.number, 'block.hash');
    return b.number;
  }
  if (arg.number != null) {
    if (arg.number < 0) {
      throw new GraphQLError(
        `Failed to decode \`block.number\` value: \`invalid block number ${arg.number}\``,
      );
    }
    if (arg.number > latest.number) throw notYet(ctx, latest.number, arg.number, 'block.number');
    return arg.number;
  }
  if (arg.number_gte! > latest.number) {
    throw notYet(ctx, latest.number, arg.number_gte!, 'block.number');
  }
  return latest.number;
}

function notYet(ctx: RequestContext, latest: number, wanted: number, what: string): GraphQLError {
  const indexed = `subgraph ${ctx.deployment} has only indexed up to block number ${latest}`;
  const missing = `data for block number ${wanted} is therefore not yet available`;
  return new GraphQLError(`Failed to decode \`${what}\` value: \`${indexed} and ${missing}\``);
}
