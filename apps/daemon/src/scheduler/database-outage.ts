import type { Logger } from "../daemon/logger.ts";
import { databaseCause, isConnectionError } from "./connection-errors.ts";

const FIRST_WAIT_MS = 250;
const LONGEST_WAIT_MS = 5000;

/**
 * What this daemon knows of its database connection. A database that restarts or cannot be
 * reached for a while is routine: runs train on, every write that failed for it is tried again
 * (with backoff) until it is back, and the daemon says so once when it goes and once when it
 * returns, not once per failed write.
 */
export class DatabaseOutage {
  private since: number | null = null;
  private backAt = -Infinity;
  private giveUpAt = Infinity;

  constructor(
    private readonly logger: Logger,
    /** The runs this daemon trains now, for the message. */
    private readonly runningCount: () => number,
  ) {}

  get down(): boolean {
    return this.since !== null;
  }

  /** Milliseconds since the database came back from the last outage this daemon saw; Infinity if it saw none. */
  msSinceBack(): number {
    return performance.now() - this.backAt;
  }

  /** A query failed: whether for the database being away (said once an outage), not for the query itself. */
  noteFailure(error: unknown): boolean {
    if (!isConnectionError(error)) return false;
    if (this.since === null) {
      this.since = Date.now();
      const n = this.runningCount();
      const runs = n === 1 ? "1 run keeps training, its reports are" : `${n} runs keep training, their reports are`;
      this.logger.warn(`database unreachable since ${new Date(this.since).toISOString()} (${databaseCause(error)}); ${runs} kept until it is back`);
    }
    return true;
  }

  /** A query succeeded: the outage, if there was one, is over. */
  noteSuccess(): void {
    if (this.since === null) return;
    this.logger.info(`database back after ${Math.round((Date.now() - this.since) / 1000)} s`);
    this.since = null;
    this.backAt = performance.now();
  }

  /**
   * Runs `write` until it succeeds, waiting longer after each failure for the database being
   * away; any other failure is thrown at once. Callers keep their writes in order by awaiting
   * each before the next, so what piles up while the database is away is written in order.
   */
  async retry<T>(write: () => Promise<T>): Promise<T> {
    for (let wait = FIRST_WAIT_MS; ; wait = Math.min(2 * wait, LONGEST_WAIT_MS)) {
      try {
        const result = await write();
        this.noteSuccess();
        return result;
      } catch (error) {
        if (!this.noteFailure(error) || performance.now() + wait > this.giveUpAt) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /** At shutdown: writes still waiting for the database `ms` from now fail, so the daemon can exit. */
  giveUpAfter(ms: number): void {
    this.giveUpAt = performance.now() + ms;
  }
}
