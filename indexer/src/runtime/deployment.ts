// The mappings of a whole deployment, compiled and checked before indexing starts: every data
// source's and template's WASM file must read, compile, have graph-cli's runtime exports, link
// against the host, start, and export every handler the manifest names. A bad file fails the
// start with an error naming the file and the data source(s) using it, instead of surfacing at
// the first trigger (or, for a template, days later) and being retried forever.
import { readFileSync } from 'node:fs';
import type { DataSourceTemplate, Manifest } from '../manifest/types.ts';
import type { MappingLoader, MappingModule as LoadedMapping } from '../ingest/types.ts';
import { DeterministicError } from '../internal/errors.ts';
import { MappingModule, type MappingModuleOptions } from './mapping-runtime.ts';
import { prepareModuleBytes } from '../host/abi/strip.ts';

/** A mapping file that cannot be used; `deterministic`: the same on every try (not an I/O hiccup). */
export class MappingLoadError extends Error {
  constructor(
    message: string,
    readonly deterministic: boolean,
  ) {
    super(message);
    this.name = 'MappingLoadError';
  }
}

const kindOf = (m: Manifest, spec: DataSourceTemplate) =>
  m.templates.includes(spec) ? 'template' : 'data source';

/** Reads, compiles and checks one mapping file for the data sources / templates using it. */
export async function loadCheckedMapping(
  file: string,
  users: { kind: string; spec: DataSourceTemplate }[],
  opts: MappingModuleOptions = {},
): Promise<MappingModule> {
  const who = users.map((u) => `${u.kind} ${u.spec.name}`).join(', ');
  const fail = (what: string, e: unknown, deterministic = true) =>
    new MappingLoadError(
      `${file} (mapping of ${who}): ${what}${e ? `: ${(e as Error)?.message ?? String(e)}` : ''}`,
      deterministic,
    );
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (e) {
    // A missing or unreadable file stays so; other I/O errors may pass.
    const code = (e as NodeJS.ErrnoException).code;
    throw fail(
      'cannot read the file',
      e,
      code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES' || code === 'ENOTDIR',
    );
  }
  let module: WebAssembly.Module;
  try {
    module = await WebAssembly.compile(prepareModuleBytes(bytes) as Uint8Array<ArrayBuffer>);
  } catch (e) {
    throw fail('not a valid WebAssembly module', e);
  }
  let mod: MappingModule;
  try {
    mod = new MappingModule(module, opts);
  } catch (e) {
    throw fail('unusable mapping module', e);
  }
  for (const { kind, spec } of users) {
    const m = spec.mapping;
    for (const h of [...m.eventHandlers, ...m.blockHandlers, ...m.callHandlers]) {
      if (!mod.handlers.has(h.handler))
        throw new MappingLoadError(
          `${file}: handler \`${h.handler}\` of ${kind} ${spec.name} is not exported by the mapping module`,
          true,
        );
    }
  }
  try {
    mod.checkStart();
  } catch (e) {
    throw fail('the module fails to start', e);
  }
  return mod;
}

/**
 * Compiles and checks every mapping file of the manifest (each once, data sources and
 * templates). Rejects with a MappingLoadError naming the file and its data sources.
 */
export async function loadDeploymentMappings(
  manifest: Manifest,
  opts: MappingModuleOptions = {},
): Promise<Map<string, MappingModule>> {
  const byFile = new Map<string, { kind: string; spec: DataSourceTemplate }[]>();
  for (const spec of [...manifest.dataSources, ...manifest.templates]) {
    const users = byFile.get(spec.mapping.file) ?? [];
    users.push({ kind: kindOf(manifest, spec), spec });
    byFile.set(spec.mapping.file, users);
  }
  const out = new Map<string, MappingModule>();
  for (const [file, users] of byFile)
    out.set(
      file,
      await loadCheckedMapping(file, users, {
        ...opts,
        apiVersion: users[0].spec.mapping.apiVersion,
      }),
    );
  return out;
}

/** A mapping that failed to load deterministically: every trigger fails the deployment with why. */
class UnusableMapping implements LoadedMapping {
  constructor(private readonly error: MappingLoadError) {}
  runEvent(handler: string): Promise<never> {
    return Promise.reject(new DeterministicError(this.error.message, handler));
  }
  runBlock(handler: string): Promise<never> {
    return Promise.reject(new DeterministicError(this.error.message, handler));
  }
}

/**
 * The indexer's MappingLoader over the preloaded modules. A file that was not preloaded is
 * loaded (and checked) on demand; if it is unusable for good, the loader still resolves — to a
 * mapping whose every run throws a DeterministicError — so the deployment fails at that block
 * with the reason, rather than the indexer retrying the load forever.
 */
export function deploymentLoader(
  manifest: Manifest,
  preloaded: Map<string, MappingModule>,
  opts: MappingModuleOptions = {},
): MappingLoader {
  return async (spec) => {
    const have = preloaded.get(spec.mapping.file);
    if (have) return have;
    try {
      const mod = await loadCheckedMapping(
        spec.mapping.file,
        [{ kind: kindOf(manifest, spec), spec }],
        { ...opts, apiVersion: spec.mapping.apiVersion },
      );
      preloaded.set(spec.mapping.file, mod);
      return mod;
    } catch (e) {
      if (e instanceof MappingLoadError && e.deterministic) return new UnusableMapping(e);
      throw e;
    }
  };
}
