import { insertMetrics, type Db } from "@minima/db";
import type { MetricPoint } from "@minima/metrics";
import type { EventBus } from "../daemon/event-bus.ts";

/** Tries a write until the database takes it (DatabaseOutage.retry); throws what no retry mends. */
export type Retry = <T>(write: () => Promise<T>) => Promise<T>;

/** A backlog from a database outage is written in statements of at most this many points. */
const LARGEST_INSERT = 10_000;

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
 *
 * While the database is away, writes are retried (`retry`) and points pile up in order behind
 * them; once it is back they are written in a few large statements. A write that fails for
 * another reason (a constraint) is not retried: the run's later points are refused and
 * `failureOf` says why, so the run fails with that cause.
 */
export class MetricWriter {
  private pending = new Map<string, MetricPoint[]>();
  private timer: NodeJS.Timeout | null = null;
  private dueAt = Infinity;
  private writing: Promise<void> = Promise.resolve();
  private failures = new Map<string, unknown>();

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly options: { watchedMs?: number; unwatchedMs?: number; maxBatch?: number; retry?: Retry } = {},
  ) {}

  add(runId: string, points: readonly MetricPoint[]): void {
    if (this.failures.has(runId)) return;
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

  /** Why a run's points could not be stored (not the database being away: that is waited out), if they could not. */
  failureOf(runId: string): unknown {
    return this.failures.get(runId);
  }

  /** Forgets a finished run's failure. */
  forget(runId: string): void {
    this.failures.delete(runId);
  }

  /**
   * Writes everything added so far; resolves when it is stored, or when a run's points met an
   * error no retry mends (then in `failureOf`). Never rejects, so a timer may call it.
   */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.dueAt = Infinity;
    // The batch is taken when the write before it is done: points that wait behind an outage join one batch.
    this.writing = this.writing.then(() => this.writePending());
    return this.writing;
  }

  private async writePending(): Promise<void> {
    const batches = [...this.pending];
    this.pending.clear();
    const retry = this.options.retry ?? ((write) => write());
    for (const [runId, points] of batches) {
      for (let from = 0; from < points.length && !this.failures.has(runId); from += LARGEST_INSERT) {
        const part = points.length > LARGEST_INSERT ? points.slice(from, from + LARGEST_INSERT) : points;
        try {
          this.bus.publishMetrics(runId, await retry(() => insertMetrics(this.db, runId, part)));
        } catch (error) {
          this.failures.set(runId, error);
          this.pending.delete(runId);
        }
      }
    }
  }
}
