// The mapping tests import the subgraph's generated classes (`subgraph/generated/…`), which
// `graph codegen` writes and git does not keep. On a fresh clone the runner runs codegen first
// instead of failing on every import; when graph-cli is not installed it names the one command.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';

export type RunCommand = (
  cmd: string,
  args: string[],
  cwd: string,
) => { status: number | null; output: string };

const runCommand: RunCommand = (cmd, args, cwd) => {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  return {
    status: r.status,
    output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? r.error.message : ''}`,
  };
};

/**
 * Makes sure `<subgraphRoot>/generated` exists, running `graph codegen` (graph-cli from
 * `libsFolder/.bin`) when it does not. Returns true when the generated classes are there.
 */
export function ensureGenerated(
  subgraphRoot: string,
  libsFolder: string,
  out: (s: string) => void,
  run: RunCommand = runCommand,
): boolean {
  if (existsSync(join(subgraphRoot, 'generated'))) return true;
  const where = relative(process.cwd(), subgraphRoot) || '.';
  const graph = join(libsFolder, '.bin', 'graph');
  if (!existsSync(graph)) {
    out(
      `${where}/generated is missing and graph-cli is not installed (${graph}): run \`npm install\`, then \`npm run codegen -w subgraph\``,
    );
    return false;
  }
  out(`${where}/generated is missing: running graph codegen in ${where} first`);
  const r = run(graph, ['codegen'], subgraphRoot);
  if (r.status !== 0 || !existsSync(join(subgraphRoot, 'generated'))) {
    out(
      `graph codegen failed in ${where} (run \`npm run codegen -w subgraph\` to see why):\n${r.output.trim().split('\n').slice(-15).join('\n')}`,
    );
    return false;
  }
  return true;
}
