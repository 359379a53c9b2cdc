// The subgraph's ABIs (contracts-abi/abis), shared by ponder.config.ts and the handlers.
import { readFileSync } from 'node:fs';
const abi = (name: string) => JSON.parse(readFileSync(new URL(`../../../contracts-abi/abis/${name}.json`, import.meta.url), 'utf8'));
export const PoolAddressesProvider = abi('PoolAddressesProvider');
export const Pool = abi('Pool');
export const PoolConfigurator = abi('PoolConfigurator');
export const AaveOracle = abi('AaveOracle');
export const AToken = abi('AToken');
export const VariableDebtToken = abi('VariableDebtToken');
export const StableDebtToken = abi('StableDebtToken');
export const ChainlinkAggregator = abi('ChainlinkAggregator');
export const IERC20Detailed = abi('IERC20Detailed');
export const ERC20Bytes32 = abi('ERC20Bytes32');
export const PriceAdapter = abi('PriceAdapter');
