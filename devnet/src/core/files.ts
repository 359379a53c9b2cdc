// Writes the deployment where the rest of the product reads it: devnet/deployments/devnet.json
// (everything) and the `devnet` entry of subgraph/networks.json (graph-cli's format): the
// PoolAddressesProvider and, once the DEX is deployed, the UniswapV3Factory.
import { existsSync, mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Deployment } from './deploy.ts';

export const repoRoot = new URL('../../../', import.meta.url).pathname;
export const deploymentPath = join(repoRoot, 'devnet/deployments/devnet.json');
export const networksPath = join(repoRoot, 'subgraph/networks.json');

function writeAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export function writeDeploymentFile(
  dep: Deployment,
  extra: Record<string, unknown>,
  path = deploymentPath,
): void {
  writeAtomic(path, JSON.stringify({ ...dep, ...extra }, null, 2) + '\n');
}

/** Read-modify-write of networks.json: only the `devnet` key changes. */
export function updateNetworksJson(dep: Deployment, path = networksPath): void {
  let current: Record<string, unknown> = {};
  if (existsSync(path)) {
    const text = readFileSync(path, 'utf8');
    try {
      current = text.trim() ? JSON.parse(text) : {};
    } catch (e) {
      throw new Error(`${path}: not valid JSON (${(e as Error).message}); fix or remove it`);
    }
    if (typeof current !== 'object' || current === null || Array.isArray(current)) {
      throw new Error(`${path}: expected a JSON object keyed by network name`);
    }
  }
  current.devnet = {
    PoolAddressesProvider: { address: dep.poolAddressesProvider, startBlock: dep.startBlock },
    ...(dep.dex && {
      UniswapV3Factory: { address: dep.dex.factory, startBlock: dep.dex.startBlock },
    }),
  };
  writeAtomic(path, JSON.stringify(current, null, 2) + '\n');
}

export function readDeploymentFile(path = deploymentPath): Deployment {
  if (!existsSync(path))
    throw new Error(`${path} not found: start the devnet first (npm run devnet)`);
  return JSON.parse(readFileSync(path, 'utf8')) as Deployment;
}
