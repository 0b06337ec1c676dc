import { appendRunLog, type Db, type LogSource } from "@minima/db";

/**
 * Each run's log: what the daemon did with it, printed to the daemon's own log too, and what its
 * worker printed. Writes are chained so the lines keep their order; a failed write is reported
 * on the daemon's log, never thrown at the caller.
 */
export class RunLog {
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly log: (message: string) => void,
  ) {}

  write(runId: string, text: string | readonly string[], source: LogSource = "daemon"): void {
    const lines = typeof text === "string" ? [text] : text;
    if (source === "daemon") for (const line of lines) this.log(`run ${runId}: ${line}`);
    this.writes = this.writes
      .then(() => appendRunLog(this.db, runId, source, lines))
      .catch((error: unknown) => this.log(`run ${runId}: storing its log failed: ${String(error)}`));
  }

  /** Resolves once every line written so far is stored (or its failure reported). */
  flushed(): Promise<void> {
    return this.writes;
  }
}
