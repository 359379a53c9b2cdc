// Loads the compiled Aave V3 core artifacts shipped in @aave/core-v3 and links libraries.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Abi, Hex } from 'viem';

const require = createRequire(import.meta.url);
const aaveRoot = dirname(require.resolve('@aave/core-v3/package.json'));

export interface Artifact {
  contractName: string;
  abi: Abi;
  bytecode: Hex;
  linkReferences: Record<string, Record<string, { start: number; length: number }[]>>;
}

/** Where each artifact we use lives under artifacts/contracts. */
const paths: Record<string, string> = {
  PoolAddressesProvider: 'protocol/configuration/PoolAddressesProvider.sol',
  ACLManager: 'protocol/configuration/ACLManager.sol',
  Pool: 'protocol/pool/Pool.sol',
  PoolConfigurator: 'protocol/pool/PoolConfigurator.sol',
  DefaultReserveInterestRateStrategy: 'protocol/pool/DefaultReserveInterestRateStrategy.sol',
  AToken: 'protocol/tokenization/AToken.sol',
  VariableDebtToken: 'protocol/tokenization/VariableDebtToken.sol',
  StableDebtToken: 'protocol/tokenization/StableDebtToken.sol',
  AaveOracle: 'misc/AaveOracle.sol',
  AaveProtocolDataProvider: 'misc/AaveProtocolDataProvider.sol',
  MintableERC20: 'mocks/tokens/MintableERC20.sol',
  WETH9Mocked: 'mocks/tokens/WETH9Mocked.sol',
  MockFlashLoanSimpleReceiver: 'mocks/flashloan/MockSimpleFlashLoanReceiver.sol',
  SupplyLogic: 'protocol/libraries/logic/SupplyLogic.sol',
  BorrowLogic: 'protocol/libraries/logic/BorrowLogic.sol',
  LiquidationLogic: 'protocol/libraries/logic/LiquidationLogic.sol',
  EModeLogic: 'protocol/libraries/logic/EModeLogic.sol',
  BridgeLogic: 'protocol/libraries/logic/BridgeLogic.sol',
  FlashLoanLogic: 'protocol/libraries/logic/FlashLoanLogic.sol',
  PoolLogic: 'protocol/libraries/logic/PoolLogic.sol',
  ConfiguratorLogic: 'protocol/libraries/logic/ConfiguratorLogic.sol',
  IERC20Detailed: 'dependencies/openzeppelin/contracts/IERC20Detailed.sol',
};

export type AaveContractName = keyof typeof paths;

const cache = new Map<string, Artifact>();

export function aaveArtifact(name: AaveContractName): Artifact {
  let a = cache.get(name);
  if (!a) {
    const file = join(aaveRoot, 'artifacts/contracts', paths[name], `${name}.json`);
    a = JSON.parse(readFileSync(file, 'utf8')) as Artifact;
    cache.set(name, a);
  }
  return a;
}

export const aaveAbi = (name: AaveContractName): Abi => aaveArtifact(name).abi;

/** Bytecode with every library placeholder replaced by the deployed library's address. */
export function linkedBytecode(artifact: Artifact, libraries: Record<string, Hex>): Hex {
  let code = artifact.bytecode.slice(2);
  for (const [, libs] of Object.entries(artifact.linkReferences ?? {})) {
    for (const [lib, refs] of Object.entries(libs)) {
      const addr = libraries[lib];
      if (!addr)
        throw new Error(`${artifact.contractName}: library ${lib} is not deployed (link it first)`);
      for (const { start, length } of refs) {
        code =
          code.slice(0, start * 2) + addr.slice(2).toLowerCase() + code.slice((start + length) * 2);
      }
    }
  }
  if (code.includes('__$'))
    throw new Error(`${artifact.contractName}: unlinked library placeholder left`);
  return `0x${code}`;
}
