// Where to evaluate when the indexed head has moved more than one block since the last
// evaluation (the indexer catching up, a slow poll): sample every `stride` blocks between the
// last evaluated block and the head, then bisect each pair of neighbouring samples whose open
// conditions differ down to adjacent blocks. An alert then opens (resolves) at the first block
// where its condition holds (stops holding), not at whichever block a poll happened to see.
// A condition that starts and ends between two samples is not seen: the stride is the
// resolution, and it is returned with the probes. No I/O here: `probe` does it.

/** The (rule, subject) keys whose condition holds at one block. */
export interface Probe {
  number: number;
  keys: Set<string>;
}

export interface CatchUpPlan {
  /** probes strictly after `from`, ascending, ending with the head */
  probes: Probe[];
  /** blocks between samples: episodes shorter than this may be missed */
  stride: number;
}

const same = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((k) => b.has(k));

/**
 * @param from the last evaluated block (its keys as evaluated then)
 * @param head block number of the new head (> from.number)
 * @param maxSamples evenly spaced samples at most (the head included)
 * @param maxProbes probes at most in all (samples + bisection); past it a change is placed at
 *   the first probed block after it
 */
export async function planCatchUp(
  from: Probe,
  head: number,
  probe: (block: number) => Promise<Probe>,
  opts: { maxSamples?: number; maxProbes?: number } = {},
): Promise<CatchUpPlan> {
  const gap = head - from.number;
  const stride = Math.max(1, Math.ceil(gap / (opts.maxSamples ?? 32)));
  let budget = opts.maxProbes ?? 256;
  const done = new Map<number, Probe>();
  const at = async (n: number) => {
    let p = done.get(n);
    if (!p) {
      p = await probe(n);
      done.set(n, p);
      budget--;
    }
    return p;
  };
  const samples: Probe[] = [from];
  for (let n = from.number + stride; n < head; n += stride) samples.push(await at(n));
  samples.push(await at(head));
  const bisect = async (lo: Probe, hi: Probe): Promise<void> => {
    if (hi.number - lo.number <= 1 || same(lo.keys, hi.keys) || budget <= 0) return;
    const mid = await at(Math.floor((lo.number + hi.number) / 2));
    await bisect(lo, mid);
    await bisect(mid, hi);
  };
  for (let i = 1; i < samples.length; i++) await bisect(samples[i - 1], samples[i]);
  return { probes: [...done.values()].sort((a, b) => a.number - b.number), stride };
}
