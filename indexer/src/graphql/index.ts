// Public surface of the query side: see server.ts (HTTP), api.ts (schema + resolvers),
// status.ts (index-node status API and the IndexingStatus object the ingestion updates).
export { startGraphQLServer, type GraphQLServer, type GraphQLServerOptions } from './server.ts';
export { IndexingStatus } from './status.ts';
export { buildApi, DEFAULT_LIMITS, type Api } from './api.ts';
export { runQuery, DEFAULT_EXEC_LIMITS, type GraphQLResponse } from './execute.ts';
