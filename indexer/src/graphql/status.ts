// graph-node's index-node status API (port 8030 in production): `indexingStatuses`,
// `indexingStatusForCurrentVersion`, `indexingStatusesForSubgraphName`, `blockHashFromNumber`. Chain head and
// `synced` come from the ingestion through an IndexingStatus object it keeps up to date;
// health, fatal error and latest block come from the store.
import {
  GraphQLSchema,
  GraphQLObjectType,
  GraphQLEnumType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLString,
  GraphQLBoolean,
  GraphQLInt,
} from 'graphql';
import type { Store } from '../store/index.ts';
import { BigIntScalar, BytesScalar } from './scalars.ts';

/** Updated by the ingestion side; read on every status query. */
export class IndexingStatus {
  /** graph-node network name of the chain, e.g. `mainnet`, `devnet` */
  network = 'devnet';
  /** latest block the chain reports (eth_blockNumber / newHeads) */
  chainHead: { number: number; hash?: string | null } | null = null;
  /** first block the subgraph indexes (manifest startBlock) */
  earliestBlock: { number: number; hash?: string | null } | null = null;
  /** true once the indexer has caught up with the chain head */
  synced = false;
  /** the network this chain is a local fork of (--fork-of), else null */
  forkOf: string | null = null;
  constructor(
    init?: Partial<
      Pick<IndexingStatus, 'network' | 'chainHead' | 'earliestBlock' | 'synced' | 'forkOf'>
    >,
  ) {
    Object.assign(this, init);
  }
}

export interface StatusContext {
  store: Store;
  subgraphName: string;
  deployment: string;
  status: IndexingStatus;
}

const blockOut = (b: { number: number; hash?: string | null } | null | undefined) =>
  b ? { number: String(b.number), hash: b.hash ?? '0x' } : null;

export function buildStatusSchema(): GraphQLSchema {
  const Health = new GraphQLEnumType({
    name: 'Health',
    values: {
      healthy: { description: 'Subgraph syncing normally' },
      unhealthy: { description: 'Subgraph syncing but with errors' },
      failed: { description: 'Subgraph halted due to errors' },
    },
  });
  const Block = new GraphQLObjectType({
    name: 'Block',
    fields: {
      hash: { type: new GraphQLNonNull(BytesScalar) },
      number: { type: new GraphQLNonNull(BigIntScalar) },
    },
  });
  const EarliestBlock = new GraphQLObjectType({
    name: 'EarliestBlock',
    fields: {
      hash: { type: new GraphQLNonNull(BytesScalar) },
      number: { type: new GraphQLNonNull(BigIntScalar) },
    },
  });
  const SubgraphError = new GraphQLObjectType({
    name: 'SubgraphError',
    fields: {
      message: { type: new GraphQLNonNull(GraphQLString) },
      block: { type: Block },
      handler: { type: GraphQLString },
      deterministic: { type: new GraphQLNonNull(GraphQLBoolean) },
    },
  });
  const Chain = new GraphQLObjectType({
    name: 'ChainIndexingStatus',
    fields: {
      network: { type: new GraphQLNonNull(GraphQLString) },
      chainHeadBlock: { type: Block },
      earliestBlock: { type: EarliestBlock },
      latestBlock: { type: Block },
      lastHealthyBlock: { type: Block },
      // not in graph-node's API (clients ask for it in a query of its own)
      forkOf: {
        type: GraphQLString,
        description: 'The network this chain is a local fork of (indexer --fork-of), else null',
      },
    },
  });
  const Status = new GraphQLObjectType({
    name: 'SubgraphIndexingStatus',
    fields: {
      subgraph: { type: new GraphQLNonNull(GraphQLString) },
      synced: { type: new GraphQLNonNull(GraphQLBoolean) },
      health: { type: new GraphQLNonNull(Health) },
      fatalError: { type: SubgraphError },
      nonFatalErrors: {
        type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(SubgraphError))),
      },
      chains: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(Chain))) },
      entityCount: { type: new GraphQLNonNull(BigIntScalar) },
      node: { type: GraphQLString },
      paused: { type: GraphQLBoolean },
      historyBlocks: { type: new GraphQLNonNull(GraphQLInt) },
    },
  });

  async function statusOf(ctx: StatusContext) {
    const [cursor, health] = await Promise.all([ctx.store.getCursor(), ctx.store.health()]);
    const fe = health.fatalError;
    return {
      subgraph: ctx.deployment,
      synced: ctx.status.synced,
      health: health.health,
      fatalError: fe
        ? {
            message: fe.message,
            handler: fe.handler,
            deterministic: fe.deterministic,
            block: blockOut(fe.block),
          }
        : null,
      nonFatalErrors: [],
      chains: [
        {
          network: ctx.status.network,
          forkOf: ctx.status.forkOf,
          chainHeadBlock: blockOut(ctx.status.chainHead),
          earliestBlock: blockOut(ctx.status.earliestBlock),
          latestBlock: blockOut(cursor),
          lastHealthyBlock: fe ? blockOut({ number: Math.max(0, fe.block.number - 1) }) : null,
        },
      ],
      entityCount: async () => String(await ctx.store.entityCount()),
      node: 'default',
      paused: false,
      historyBlocks: 2147483647,
    };
  }
  const matches = (ctx: StatusContext, s: string) => s === ctx.deployment || s === ctx.subgraphName;

  return new GraphQLSchema({
    query: new GraphQLObjectType<unknown, StatusContext>({
      name: 'Query',
      fields: {
        indexingStatuses: {
          type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(Status))),
          args: { subgraphs: { type: new GraphQLList(new GraphQLNonNull(GraphQLString)) } },
          resolve: async (_s, a: { subgraphs?: string[] | null }, ctx) =>
            !a.subgraphs || a.subgraphs.some((s) => matches(ctx, s)) ? [await statusOf(ctx)] : [],
        },
        indexingStatusForCurrentVersion: {
          type: Status,
          args: { subgraphName: { type: new GraphQLNonNull(GraphQLString) } },
          resolve: async (_s, a: { subgraphName: string }, ctx) =>
            a.subgraphName === ctx.subgraphName ? statusOf(ctx) : null,
        },
        indexingStatusForPendingVersion: {
          type: Status,
          args: { subgraphName: { type: new GraphQLNonNull(GraphQLString) } },
          resolve: () => null,
        },
        // the hash of an indexed block by number (graph-node: from the chain store), so a
        // client can pin queries to a past block that `_meta(block: { number })` gives no hash for
        blockHashFromNumber: {
          type: BytesScalar,
          args: {
            network: { type: new GraphQLNonNull(GraphQLString) },
            blockNumber: { type: new GraphQLNonNull(GraphQLInt) },
          },
          resolve: async (_s, a: { network: string; blockNumber: number }, ctx) =>
            a.network === ctx.status.network ? ctx.store.getBlockHash(a.blockNumber) : null,
        },
        indexingStatusesForSubgraphName: {
          type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(Status))),
          args: { subgraphName: { type: new GraphQLNonNull(GraphQLString) } },
          resolve: async (_s, a: { subgraphName: string }, ctx) =>
            a.subgraphName === ctx.subgraphName ? [await statusOf(ctx)] : [],
        },
      },
    }),
  });
}
