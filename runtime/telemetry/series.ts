import type { Metric, Registry } from 'prom-client';

type Kind = 'counter' | 'gauge' | 'histogram';

/** One label set's numbers: a count or level, or a histogram's buckets (not cumulative), sum and count. */
export interface Cell {
  value: number;
  buckets?: Float64Array;
  sum?: number;
}

interface Sample {
  labels: Record<string, string>;
  value: number;
  metricName?: string;
}

/**
 * A metric whose label sets are fixed when a route or channel is mounted, so a request does no label lookup or
 * hashing: it adds to a plain cell. prom-client formats the cells at scrape time (the registry reads `get()`, as it
 * does for the aggregated metrics of a cluster), which keeps its text format, its process metrics and its cluster
 * aggregation while an observation costs a few additions instead of prom-client's per-call label hashing.
 */
export class Series {
  private readonly cells = new Map<string, { labels: Record<string, string>; cell: Cell }>();
  readonly aggregator = 'sum';

  constructor(
    registry: Registry,
    readonly name: string,
    readonly help: string,
    readonly type: Kind,
    private readonly labelNames: readonly string[],
    private readonly bounds: readonly number[] = [],
  ) {
    registry.registerMetric(this as unknown as Metric);
  }

  /** The cell of one label set, by the label values in `labelNames` order; the same cell for the same values. */
  cell(...values: string[]): Cell {
    const key = values.join('\u0000');
    let entry = this.cells.get(key);
    if (!entry) {
      const labels = Object.fromEntries(this.labelNames.map((name, i) => [name, values[i] ?? '']));
      const cell: Cell =
        this.type === 'histogram'
          ? { value: 0, sum: 0, buckets: new Float64Array(this.bounds.length + 1) }
          : { value: 0 };
      entry = { labels, cell };
      this.cells.set(key, entry);
    }
    return entry.cell;
  }

  /** Records one observation in a histogram cell. */
  observe(cell: Cell, value: number): void {
    const bounds = this.bounds;
    let bucket = 0;
    while (bucket < bounds.length && value > bounds[bucket]!) bucket++;
    cell.buckets![bucket]!++;
    cell.sum! += value;
    cell.value++;
  }

  /** What the registry formats: label sets with nothing recorded yet are left out, as prom-client does. */
  async get(): Promise<{ name: string; help: string; type: Kind; aggregator: string; values: Sample[] }> {
    const values: Sample[] = [];
    for (const { labels, cell } of this.cells.values()) {
      if (this.type !== 'histogram') {
        if (this.type === 'gauge' || cell.value > 0) values.push({ labels, value: cell.value });
        continue;
      }
      if (cell.value === 0) continue;
      let cumulative = 0;
      for (const [i, bound] of [...this.bounds, Number.POSITIVE_INFINITY].entries()) {
        cumulative += cell.buckets![i]!;
        const le = bound === Number.POSITIVE_INFINITY ? '+Inf' : String(bound);
        values.push({ labels: { ...labels, le }, value: cumulative, metricName: `${this.name}_bucket` });
      }
      values.push({ labels, value: cell.sum!, metricName: `${this.name}_sum` });
      values.push({ labels, value: cell.value, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }
}
