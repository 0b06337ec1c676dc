import { insertMetrics, type Db } from "@minima/db";
import type { MetricPoint } from "@minima/metrics";
import type { EventBus } from "../daemon/event-bus.ts";

/**
 * Batches the points workers report and writes each run's batch in one statement, so a run
 * logging many points per second costs the database a few inserts per second. Rows reach the
 * subscribers only once stored, with the ids they resume from.
 *
 * How long points wait depends on whether anyone watches: a run with live subscribers on this
 * daemon is written every `watchedMs`, so its curves lag by tens of milliseconds; one nobody
 * watches every `unwatchedMs`, so 1,000 step points a second cost the embedded database two
 * statements a second (bench:daemon, bench:api). Subscribers on other daemons see a run at the
 * pace of the daemon that executes it.
 */
export class MetricWriter {
  private pending = new Map<string, MetricPoint[]>();
  private timer: NodeJS.Timeout | null = null;
  private dueAt = Infinity;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly options: { watchedMs?: number; unwatchedMs?: number; maxBatch?: number } = {},
  ) {}

  add(runId: string, points: readonly MetricPoint[]): void {
    const { watchedMs = 50, unwatchedMs = 500, maxBatch = 2000 } = this.options;
    const queue = this.pending.get(runId) ?? [];
    queue.push(...points);
    this.pending.set(runId, queue);
    if (queue.length >= maxBatch) {
      void this.flush();
      return;
    }
    const dueAt = performance.now() + (this.bus.hasMetricSubscribers(runId) ? watchedMs : unwatchedMs);
    if (dueAt >= this.dueAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = dueAt;
    this.timer = setTimeout(() => void this.flush(), dueAt - performance.now());
  }

  /** Forgets a run's points not yet written (the run was taken back by another daemon). */
  drop(runId: string): void {
    this.pending.delete(runId);
  }

  /** Writes everything added so far; resolves when it is stored. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.dueAt = Infinity;
    const batches = [...this.pending];
    this.pending.clear();
    this.writing = this.writing.then(async () => {
      for (const [runId, points] of batches) {
        const rows = await insertMetrics(this.db, runId, points);
        this.bus.publishMetrics(runId, rows);
      }
    });
    return this.writing;
  }
}
