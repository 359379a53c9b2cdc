export * from './types.ts';
export { loadManifest, resolveManifestPath } from './load.ts';
export { eventSignature, findEvent, topicOf, selectorOf, formatAbiType } from './abi.ts';
