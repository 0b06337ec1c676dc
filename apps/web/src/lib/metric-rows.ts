import type { MetricRow } from "@minima/metrics";

/**
 * Collects a run's metric rows from the initial query and the live subscription, which can
 * overlap (the subscription may replay what the query already returned, and a reconnect may
 * resend): rows are kept once per `id`, in `id` order, so curves never draw a point twice.
 */
export class MetricRowSet {
  private readonly byId = new Map<number, MetricRow>();
  private sorted: MetricRow[] | null = [];

  /** Adds rows; returns how many were new. */
  add(rows: Iterable<MetricRow>): number {
    let added = 0;
    for (const row of rows) {
      if (this.byId.has(row.id)) continue;
      this.byId.set(row.id, row);
      added++;
    }
    if (added > 0) this.sorted = null;
    return added;
  }

  get size(): number {
    return this.byId.size;
  }

  rows(): readonly MetricRow[] {
    this.sorted ??= [...this.byId.values()].sort((a, b) => a.id - b.id);
    return this.sorted;
  }
}
