import { appendRunLog, type Db, type LogSource, type RunRow } from "@minima/db";
import type { Logger } from "../daemon/logger.ts";
import { databaseCause } from "./connection-errors.ts";
import type { Retry } from "./metric-writer.ts";

/** A run as its log lines name it: the daemon's log carries both ids as fields. */
export type RunRef = Pick<RunRow, "id" | "experimentId">;

/**
 * Each run's log: what the daemon did with it, on the daemon's own log too (at `level`, with the
 * run's and its experiment's ids as fields), and what its worker printed. Writes are chained so
 * the lines keep their order; while the database is away they wait (`retry`) and are stored in
 * order once it is back; a write that fails for another reason is reported on the daemon's log,
 * never thrown at the caller.
 */
export class RunLog {
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly retry: Retry = (write) => write(),
  ) {}

  /** What the daemon did with the run. */
  write(run: RunRef, text: string | readonly string[], level: "info" | "warn" | "error" = "info"): void {
    const lines = typeof text === "string" ? [text] : text;
    const logger = this.loggerOf(run);
    for (const line of lines) logger[level](line);
    this.store(run, lines, "daemon");
  }

  /** What the run's worker printed: stored with the run, not repeated on the daemon's log. */
  fromWorker(run: RunRef, text: string | readonly string[]): void {
    this.store(run, typeof text === "string" ? [text] : text, "worker");
  }

  /** Resolves once every line written so far is stored (or its failure reported). */
  flushed(): Promise<void> {
    return this.writes;
  }

  private store(run: RunRef, lines: readonly string[], source: LogSource): void {
    this.writes = this.writes
      .then(() => this.retry(() => appendRunLog(this.db, run.id, source, lines)))
      .catch((error: unknown) => this.loggerOf(run).error(`storing its log failed: ${databaseCause(error)}`));
  }

  private loggerOf(run: RunRef): Logger {
    return this.logger.child({ runId: run.id, experimentId: run.experimentId });
  }
}
