// Collects the resolver calls of one nesting level that need the same kind of rows, so a level
// of 1,000 parents costs one SQL query per field instead of 1,000. Calls made in the same tick
// under the same key are run together on the next tick; each caller gets its own item's answer.
type Job = {
  items: unknown[];
  resolve: ((v: unknown) => void)[];
  reject: ((e: unknown) => void)[];
  run: (items: unknown[]) => Promise<unknown[]>;
};

export class Batcher {
  private jobs = new Map<string, Job>();
  private scheduled = false;
  /** SQL batches run so far (one per key per tick) */
  queries = 0;

  /** Queue `item` under `key`; `run` maps all items of the key, in order, to their answers. */
  load<T>(key: string, item: unknown, run: (items: unknown[]) => Promise<T[]>): Promise<T> {
    let j = this.jobs.get(key);
    if (!j)
      this.jobs.set(key, (j = { items: [], resolve: [], reject: [], run: run as Job['run'] }));
    j.items.push(item);
    const p = new Promise<T>((res, rej) => {
      j!.resolve.push(res as (v: unknown) => void);
      j!.reject.push(rej);
    });
    if (!this.scheduled) {
      this.scheduled = true;
      // nextTick runs after every sibling resolver of this level has been called.
      process.nextTick(() => this.flush());
    }
    return p;
  }

  private flush() {
    this.scheduled = false;
    const jobs = [...this.jobs.values()];
    this.jobs.clear();
    for (const j of jobs) {
      this.queries++;
      j.run(j.items).then(
        (out) => out.forEach((v, i) => j.resolve[i](v)),
        (e) => j.reject.forEach((r) => r(e)),
      );
    }
  }
}
