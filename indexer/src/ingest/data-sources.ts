// The data sources indexing runs: the manifest's, then template instances in creation order
// (restored from the store on start, created by handlers while indexing). Instances created
// above a block are dropped when indexing goes back below it (reorg, retry, failed commit).
import type { EntityData, Hex } from '../internal/types.ts';
import type { Manifest } from '../manifest/types.ts';
import type { DataSourceInstance } from './triggers.ts';
import type { DataSourceRecord } from './types.ts';

/** A `dataSource.create` call from a handler, not yet an instance. */
export interface CreatedDataSource {
  template: string;
  params: string[];
  context: EntityData | null;
}

export class DataSources {
  list: DataSourceInstance[] = [];
  private seq = 0;
  constructor(private readonly manifest: Manifest) {}

  /** The manifest's data sources only (the stored instances are added by restore). */
  reset(): void {
    this.list = this.manifest.dataSources.map((d) => ({
      name: d.name,
      address: d.address,
      startBlock: d.startBlock,
      endBlock: d.endBlock,
      context: null,
      spec: d,
      seq: this.seq++,
    }));
  }

  /** Adds a stored (or just created) template instance. */
  restore(r: DataSourceRecord): DataSourceInstance {
    const spec = this.manifest.templates.find((t) => t.name === r.template);
    if (!spec)
      throw new Error(
        `stored data source refers to template ${r.template}, which the manifest does not have`,
      );
    const ds: DataSourceInstance = {
      name: r.name,
      template: r.template,
      address: r.address ? lower(r.address) : null,
      startBlock: r.block,
      endBlock: null,
      context: r.context ?? null,
      spec,
      seq: this.seq++,
    };
    this.list.push(ds);
    return ds;
  }

  /** A handler's `dataSource.create` in block n: the instance, and the record the store keeps. */
  instantiate(
    c: CreatedDataSource,
    n: number,
  ): { instance: DataSourceInstance; record: DataSourceRecord } {
    const address = c.params[0] ?? null;
    const record: DataSourceRecord = {
      name: c.template,
      template: c.template,
      address: address ? lower(address) : null,
      context: c.context,
      block: n,
      seq: this.seq,
    };
    return { instance: this.restore(record), record };
  }

  /** Template instances created above block n go away. */
  dropAbove(n: number): void {
    this.list = this.list.filter((d) => !d.template || d.startBlock <= n);
  }

  /** Those not ended before block n (their logs are asked for from n on). */
  notEndedAt(n: number): DataSourceInstance[] {
    return this.list.filter((d) => d.endBlock === null || d.endBlock >= n);
  }
}

const lower = (s: string) => s.toLowerCase() as Hex;
