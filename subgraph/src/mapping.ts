// The one mapping entry point of every data source and template. graph-cli compiles each distinct
// mapping file once per build, so a single entry makes `graph build` compile the handlers once
// instead of once per contract family (the per-network builds in CI are ~5x faster), and
// graph-node loads one module. Handlers stay in their per-contract files.
export * from './addresses-provider';
export * from './pool';
export * from './position-managers';
export * from './configurator';
export * from './configurator-parameters';
export * from './configurator-e-mode';
export * from './oracle';
export * from './tokens';
export * from './price-feed';
export * from './dex-pools';
export { handleDexFactoryStart } from './dex-seed';
