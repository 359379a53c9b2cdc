export { JsonRpc, RpcResponseError, TransientRpcError, isRangeTooLarge, type RpcOptions } from './rpc.ts';
export { ChainSource, AdaptiveRange, BlockBeyondHead, isRevert, type LogQuery } from './source.ts';
export { CallCache } from './call-cache.ts';
export * from './convert.ts';
