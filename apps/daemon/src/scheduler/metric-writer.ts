import { insertMetrics, type Db } from "@minima/db";
import type { MetricPoint } from "@minima/metrics";
import type { EventBus } from "../daemon/event-bus.ts";

/**
 * Batches the points workers report and writes each run's batch in one statement, so a run
 * logging many points per second costs the database a few inserts per second. Rows reach the
 * subscribers only once stored, with the ids they resume from.
 */
export class MetricWriter {
  private pending = new Map<string, MetricPoint[]>();
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    // Half a second of points per statement: 1,000 step points a second then cost the database
    // about 4% of a core (bench:daemon); live curves lag by at most that much.
    private readonly intervalMs = 500,
    private readonly maxBatch = 2000,
  ) {}

  add(runId: string, points: readonly MetricPoint[]): void {
    const queue = this.pending.get(runId) ?? [];
    queue.push(...points);
    this.pending.set(runId, queue);
    if (queue.length >= this.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
  }

  /** Forgets a run's points not yet written (the run was taken back by another daemon). */
  drop(runId: string): void {
    this.pending.delete(runId);
  }

  /** Writes everything added so far; resolves when it is stored. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
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
