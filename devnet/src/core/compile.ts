// Compiles the devnet's own small contracts (feeds, lens, faucet) with the `solc` npm package.
// The output is committed as contracts/compiled.json together with a hash of the sources, so a
// normal start never runs the compiler; editing a .sol file triggers a recompile on next use.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Hex } from 'viem';

const require = createRequire(import.meta.url);
export const contractsDir = new URL('../../contracts/', import.meta.url).pathname;
const compiledPath = join(contractsDir, 'compiled.json');

export interface CompiledContract {
  abi: readonly unknown[];
  bytecode: Hex;
}

interface CompiledFile {
  solc: string;
  sourceHash: string;
  contracts: Record<string, CompiledContract>;
}

function readSources(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(contractsDir)
    .filter((n) => n.endsWith('.sol'))
    .sort()) {
    out[name] = readFileSync(join(contractsDir, name), 'utf8');
  }
  return out;
}

function hashSources(sources: Record<string, string>): string {
  const h = createHash('sha256');
  for (const [name, text] of Object.entries(sources))
    h.update(name).update('\0').update(text).update('\0');
  return h.digest('hex');
}

export function compileSources(sources: Record<string, string>): CompiledFile {
  const solc = require('solc');
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(Object.entries(sources).map(([k, content]) => [k, { content }])),
    settings: {
      optimizer: { enabled: true, runs: 200 },
      viaIR: true, // DevnetLens has more locals than the legacy pipeline's stack allows
      evmVersion: 'cancun',
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (output.errors ?? []).filter((e: { severity: string }) => e.severity === 'error');
  if (errors.length) {
    throw new Error(
      `solc failed on devnet/contracts:\n${errors.map((e: { formattedMessage: string }) => e.formattedMessage).join('\n')}`,
    );
  }
  const contracts: Record<string, CompiledContract> = {};
  for (const [file, byName] of Object.entries(
    output.contracts as Record<string, Record<string, any>>,
  )) {
    for (const [name, c] of Object.entries(byName)) {
      if (!c.evm.bytecode.object) continue; // interfaces
      if (contracts[name]) throw new Error(`duplicate contract name ${name} in ${file}`);
      contracts[name] = { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` };
    }
  }
  return { solc: solc.version(), sourceHash: hashSources(sources), contracts };
}

let cached: CompiledFile | undefined;

/** The compiled devnet contracts, recompiling (and rewriting compiled.json) if sources changed. */
export function devnetContracts(): Record<string, CompiledContract> {
  if (cached) return cached.contracts;
  const sources = readSources();
  const hash = hashSources(sources);
  if (existsSync(compiledPath)) {
    const file = JSON.parse(readFileSync(compiledPath, 'utf8')) as CompiledFile;
    if (file.sourceHash === hash) return (cached = file).contracts;
  }
  cached = compileSources(sources);
  writeFileSync(compiledPath, JSON.stringify(cached, null, 1) + '\n');
  return cached.contracts;
}

// `tsx src/compile.ts` forces a rebuild.
if (
  process.argv[1] &&
  import.meta.url.endsWith(process.argv[1].split('/').pop()!) &&
  process.argv[1].endsWith('compile.ts')
) {
  const c = compileSources(readSources());
  writeFileSync(compiledPath, JSON.stringify(c, null, 1) + '\n');
  console.log(`compiled ${Object.keys(c.contracts).join(', ')} with solc ${c.solc}`);
}
