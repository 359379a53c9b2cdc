export { Indexer, type IndexerOptions } from './indexer.ts';
export { EntityCache } from './entity-cache.ts';
export { Progress } from './progress.ts';
export { blockTriggers, logQueries, type DataSourceInstance, type Trigger } from './triggers.ts';
export * from './types.ts';
