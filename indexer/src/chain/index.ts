export { JsonRpc, RpcResponseError, TransientRpcError, isRangeTooLarge, type RpcOptions } from './rpc.ts';
export { ChainSource, AdaptiveRange, BlockBeyondHead, LogsCheckError, isRevert, type LogsCrossCheck, type LogsCheckOptions } from './source.ts';
export { bloomMayMatch, parseBloom, makeBloom } from './bloom.ts';
export { CallCache } from './call-cache.ts';
export * from './convert.ts';
export type { LogQuery } from './log-query.ts';
