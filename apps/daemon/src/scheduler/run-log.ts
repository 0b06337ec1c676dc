import { appendRunLog, type Db, type LogSource } from "@minima/db";
import { databaseCause } from "./connection-errors.ts";
import type { Retry } from "./metric-writer.ts";

/**
 * Each run's log: what the daemon did with it, printed to the daemon's own log too, and what its
 * worker printed. Writes are chained so the lines keep their order; while the database is away
 * they wait (`retry`) and are stored in order once it is back; a write that fails for another
 * reason is reported on the daemon's log, never thrown at the caller.
 */
export class RunLog {
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly log: (message: string) => void,
    private readonly retry: Retry = (write) => write(),
  ) {}

  write(runId: string, text: string | readonly string[], source: LogSource = "daemon"): void {
    const lines = typeof text === "string" ? [text] : text;
    if (source === "daemon") for (const line of lines) this.log(`run ${runId}: ${line}`);
    this.writes = this.writes
      .then(() => this.retry(() => appendRunLog(this.db, runId, source, lines)))
      .catch((error: unknown) => this.log(`run ${runId}: storing its log failed: ${databaseCause(error)}`));
  }

  /** Resolves once every line written so far is stored (or its failure reported). */
  flushed(): Promise<void> {
    return this.writes;
  }
}
