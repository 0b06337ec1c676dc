import { and, asc, eq, gt } from "drizzle-orm";
import type { Db } from "../client.ts";
import { runLogs, type LogSource } from "../schema/index.ts";

export type RunLogLine = typeof runLogs.$inferSelect;

/** The longest line kept; a longer one (a tensor dumped to stderr) is cut, saying so. */
export const MAX_LOG_LINE = 4000;

export async function appendRunLog(db: Db, runId: string, source: LogSource, lines: readonly string[]): Promise<void> {
  const rows = lines.map((text) => ({ runId, source, text: text.length > MAX_LOG_LINE ? `${text.slice(0, MAX_LOG_LINE)} … (${text.length - MAX_LOG_LINE} more characters)` : text }));
  if (rows.length > 0) await db.insert(runLogs).values(rows);
}

/** A run's log lines after `afterId`, oldest first. */
export async function runLogOf(db: Db, runId: string, afterId = 0, limit = 1000): Promise<RunLogLine[]> {
  return db
    .select()
    .from(runLogs)
    .where(and(eq(runLogs.runId, runId), gt(runLogs.id, afterId)))
    .orderBy(asc(runLogs.id))
    .limit(limit);
}
